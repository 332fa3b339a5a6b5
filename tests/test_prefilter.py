"""The sentence pre-filter (`nlp.is_candidate`): a form no frame fires on makes a sentence worth parsing only
when the sentence may name someone a later sentence refers back to (issue 10u)."""

from __future__ import annotations

import pytest

from pipelines import nlp


@pytest.mark.parametrize(("sentence", "names"), [
    ("It took a long time to get there.", False),  # a sentence-initial function word names nobody
    ("The band played on.", False),
    ("John Smith took the stage.", True),
    ("US sales took a knock.", True),  # "us" is a function word, "US" a state
    ("Sales at eBay took off.", True),  # a capital anywhere in a word
    ("Later, Élysée officials took notes.", True),  # not only ASCII letters
    ("Smith took it.", True),  # a name opening the sentence
])
def test_a_sentence_may_name_someone_by_its_capitals(sentence: str, names: bool) -> None:
    assert nlp.may_name_someone(sentence) is names


def test_a_form_no_frame_fires_on_is_parsed_only_beside_a_name() -> None:
    assert not nlp.is_candidate("It was band practice then.")  # "band" is a form of "ban", no frame fires on it
    assert nlp.is_candidate("It was band practice for Smith then.")
    assert nlp.is_candidate("It was banned then.")  # a frame fires on "banned": parsed, names or not
    assert nlp.is_candidate('"It was band practice," he said.')  # a quotation beside a form stays a statement
    assert not nlp.is_candidate("It was band practice then.", frames_prefilter=True)


TRICKY_TEXT = ("Talks in Paris\n\nFrance and Germany signed a deal on Monday, the minister said. “And it isn't over,” "
               "he added.  Two spaces before this sentence: Mr Smith's aides didn't say.\tA tab, then “Élysée” sources "
               "wouldn't comment.\n\nA paragraph of its own ends here!\"Then a quote starts without a space.\n"
               "Ministers met (again).[1] The e.g. and U.S.-led talks resumed.")


@pytest.mark.parametrize("select", [True, False])
def test_the_candidates_tokens_taken_from_the_split_are_those_of_tokenising_them_again(select: bool) -> None:
    """`nlp._joined_from_split` gives the `Doc` `_joined_sentences` gives (same words, spaces, norms, sentence
    starts), or None where a sentence does not start and end at whitespace; never another one."""
    from spacy.attrs import IDX, NORM, ORTH, SENT_START, SPACY

    model = nlp.load_model()
    paragraphs = list(nlp.split_paragraphs(TRICKY_TEXT, model))
    chosen = [nlp.Sentence(s, e, True) for _, _, spans in paragraphs for s, e in spans
              if not select or nlp.is_candidate(TRICKY_TEXT[s:e])]
    again, starts = nlp._joined_sentences([TRICKY_TEXT[s.start:s.end] for s in chosen], model)
    reused = nlp._joined_from_split(TRICKY_TEXT, paragraphs, chosen, model)
    attrs = [ORTH, NORM, SPACY, IDX, SENT_START]
    if reused is not None:
        assert reused[1] == starts and reused[0].text == again.text
        assert (reused[0].to_array(attrs) == again.to_array(attrs)).all()
    else:
        assert any(not nlp._at_whitespace(TRICKY_TEXT, s.start, s.end, p, p + len(d.text))
                   for p, d, _ in paragraphs for s in chosen if p <= s.start < p + len(d.text))


def test_the_split_reuses_tokens_where_every_sentence_starts_at_whitespace() -> None:
    model = nlp.load_model()
    text = "France and Germany signed a deal. It isn't over, Mr Smith's aides said.  They met again."
    paragraphs = list(nlp.split_paragraphs(text, model))
    chosen = [nlp.Sentence(s, e, True) for _, _, spans in paragraphs for s, e in spans]
    assert len(chosen) == 3 and nlp._joined_from_split(text, paragraphs, chosen, model) is not None
    glued = "It ended.\u201cThe next began,\u201d he said."  # the second sentence starts inside "ended.“The"
    paragraphs = list(nlp.split_paragraphs(glued, model))
    chosen = [nlp.Sentence(s, e, True) for _, _, spans in paragraphs for s, e in spans]
    assert len(chosen) == 2 and nlp._joined_from_split(glued, paragraphs, chosen, model) is None
    assert nlp.plan_document(glued, model, select=False)[2] == [0, 3]  # tokenised again: "It ended ." first


def test_a_trigger_that_needs_a_word_beside_it_is_parsed_only_beside_it() -> None:
    """`parse_beside` in a frame (gifts.yaml "pour", "borrow"; issue-10ag): the sentence goes to the parser only
    with one of those words in it, and the trigger alone is no form that makes a sentence with a name worth
    parsing; so is a noun with `modified_by` ("gap" only beside "trade")."""
    assert nlp.is_candidate("Qatar poured $5bn into the Egyptian economy.")
    assert nlp.is_candidate("Pakistan borrowed $2 billion from China.")
    assert nlp.is_candidate("The trade gap with China widened.")
    assert not nlp.is_candidate("Smith poured cold water on the plan.")
    assert not nlp.is_candidate("Jones borrowed an idea from his rival.")
    assert not nlp.is_candidate("Smith minded the gap.")


def test_a_numbers_unit_with_its_stop_ends_the_sentence() -> None:
    """The tokenizer keeps "m." after "$5" as one token (an abbreviation), so the sentencizer saw no stop in
    "cost $5m. Then" (issue-10ay): before a capital or an opening quotation mark it ends the sentence; not a
    clock time, not before a lower-case word; and the parse still reuses the split's tokens."""
    model = nlp.load_model()
    text = 'Ruritania was lent £40m. Then it paid. It cost $5m. "We paid," he said. At 5 p.m. Talks began. About 5m. in all.'
    spans = [text[s:e] for s, e in nlp.split_sentences(text, model)]
    assert spans == ["Ruritania was lent £40m.", "Then it paid.", "It cost $5m.", '"We paid," he said.',
                     "At 5 p.m. Talks began.", "About 5m. in all."]
    paragraphs = list(nlp.split_paragraphs(text, model))
    chosen = [nlp.Sentence(s, e, True) for _, _, found in paragraphs for s, e in found]
    assert nlp._joined_from_split(text, paragraphs, chosen, model) is not None
