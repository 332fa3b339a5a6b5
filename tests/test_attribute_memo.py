"""The memoised attribute ruler (`pipelines.nlp.MemoAttributeRuler`) gives exactly what spaCy's own attribute
ruler gives: part of speech, tag, label, lemma and morphology of every token, the multi-token patterns
("there is", "gon na", "let's") and whitespace tokens included."""

from __future__ import annotations

import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from pipelines.nlp import DEFAULT_MODEL, MemoAttributeRuler, load_model

TEXTS = [
    "There is a deal, and there were two more. Let's see: we're gon na sign it, y'all said.",
    ("France  and Germany signed a trade deal in Paris on Monday.\n\n\u201cIt is a good day,\u201d he said. "
     "He gets what he got; it ain't over, c'mon."),
    "The U.S. President met Mr Putin at 10:30 in Moscow, and both were gonna talk about $7.5bn of gas.",
    "THERE IS NO DEAL. There's no deal! Is there? What is it? It's the sanctions on 12 firms...",
]


def _annotations(doc: Doc) -> tuple[list[list[int]], list[tuple[str, str, str]]]:
    return (doc.to_array([TAG, DEP, POS, LEMMA, MORPH, HEAD]).tolist(),
            [(t.lemma_, str(t.morph), t.pos_) for t in doc])


def test_the_model_runs_the_memo_in_the_rulers_place() -> None:
    nlp = load_model()
    assert isinstance(nlp.get_pipe("attribute_ruler"), MemoAttributeRuler)
    assert nlp.pipe_names == spacy.load(DEFAULT_MODEL).pipe_names


def test_the_memo_gives_what_the_ruler_gives() -> None:
    reference = spacy.load(DEFAULT_MODEL)
    nlp = load_model()
    # Twice: the second time every token is remembered from the first.
    for _ in range(2):
        for text, mine in zip(TEXTS, nlp.pipe(TEXTS), strict=True):
            assert _annotations(mine) == _annotations(reference(text))


def test_the_multi_token_patterns_apply_in_the_rulers_order() -> None:
    nlp = load_model()
    doc = nlp("There is hope. We are gon na win. Let's go.")
    by_text = {t.text: t for t in doc}
    assert by_text["is"].pos_ == "VERB"  # "there is": the expletive's verb
    assert (by_text["gon"].lemma_, by_text["na"].lemma_) == ("go", "to")
    assert by_text["'s"].lemma_ == "us"


def test_a_document_with_annotations_already_set_goes_to_the_ruler_itself() -> None:
    nlp = load_model()
    memo = nlp.get_pipe("attribute_ruler")
    reference = spacy.load(DEFAULT_MODEL)
    text = "There is a deal."
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    doc[3].lemma_ = "agreement"  # set before the ruler: the memo cannot know what the ruler does with it
    expected = reference.make_doc(text)
    for name in ("tok2vec", "tagger", "parser"):
        expected = reference.get_pipe(name)(expected)
    expected[3].lemma_ = "agreement"
    assert _annotations(memo(doc)) == _annotations(reference.get_pipe("attribute_ruler")(expected))
