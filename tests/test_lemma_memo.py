"""The memoised lemmatizer (`pipelines.nlp.MemoLemmatizer`) gives exactly the lemmas spaCy's rule lemmatizer
gives, lemmas the attribute ruler set before it included."""

from __future__ import annotations

import spacy
from spacy.attrs import LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from pipelines.nlp import DEFAULT_MODEL, MemoLemmatizer, load_model

TEXTS = [
    "The ministers were meeting; they met, signed deals and gave loans. Talks are continuing.",
    ("France  and Germany signed a trade deal in Paris on Monday.\n\n\u201cIt is a good day,\u201d he said. "
     "We're gon na sign it, y'all said: the best, better, worst."),
    "THE U.S. SANCTIONS BITE. Sanctions bit; sanctioned firms, 12 of them, were biting back...",
]


def _lemmas(doc: Doc) -> tuple[list[list[int]], list[str]]:
    return doc.to_array([TAG, POS, MORPH, LEMMA]).tolist(), [t.lemma_ for t in doc]


def test_the_model_runs_the_memo_in_the_lemmatizers_place() -> None:
    nlp = load_model()
    assert isinstance(nlp.get_pipe("lemmatizer"), MemoLemmatizer)
    assert nlp.pipe_names == spacy.load(DEFAULT_MODEL).pipe_names


def test_the_memo_gives_what_the_lemmatizer_gives() -> None:
    reference = spacy.load(DEFAULT_MODEL)
    nlp = load_model()
    # Twice: the second time every token is remembered from the first.
    for _ in range(2):
        for text, mine in zip(TEXTS, nlp.pipe(TEXTS), strict=True):
            assert _lemmas(mine) == _lemmas(reference(text))


def test_a_lemma_set_before_the_memo_is_kept() -> None:
    nlp = load_model()
    doc = nlp.make_doc("They signed deals.")
    for name in ("tok2vec", "tagger", "parser", "attribute_ruler"):
        doc = nlp.get_pipe(name)(doc)
    doc[2].lemma_ = "agreement"
    doc = nlp.get_pipe("lemmatizer")(doc)
    assert [t.lemma_ for t in doc] == ["they", "sign", "agreement", "."]


def test_the_lemmatizers_word_lists_answer_from_a_set_and_keep_their_words() -> None:
    nlp = load_model()
    mine = nlp.get_pipe("lemmatizer").lemmatizer.lookups.get_table("lemma_index")
    theirs = spacy.load(DEFAULT_MODEL).get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert sorted(mine.keys()) == sorted(theirs.keys())
    for pos, words in theirs.items():
        assert type(mine[pos]).__contains__ is not list.__contains__
        assert list(mine[pos]) == words
        assert words[-1] in mine[pos] and "notawordatall" not in mine[pos]
