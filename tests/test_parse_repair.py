"""The parse repair every stage reads through (`pipelines.nlp.repair_parse`), on parses written out by hand so
the parser's mood of the day does not decide whether the test runs."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipelines.nlp import repair_parse

# "On a visit to Zimbabwe, President Ramaphosa voiced support." as the parser sometimes reads it: the
# subject a conjunct of "Zimbabwe", the verb without subject.
WORDS = ["On", "a", "visit", "to", "Zimbabwe", ",", "President", "Ramaphosa", "voiced", "support", "."]
POS = ["ADP", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "VERB", "NOUN", "PUNCT"]


def _doc(heads: list[int], deps: list[str], words: list[str] = WORDS, pos: list[str] = POS) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos)


def test_a_subject_swallowed_by_a_fronted_adjunct_becomes_the_verbs_subject() -> None:
    doc = _doc([8, 2, 0, 2, 3, 4, 7, 4, 8, 8, 8],
               ["prep", "det", "pobj", "prep", "pobj", "punct", "compound", "conj", "ROOT", "dobj", "punct"])
    repair_parse(doc)
    assert (doc[7].dep_, doc[7].head.i) == ("nsubj", 8)
    assert [s.start for s in doc.sents] == [0]


def test_a_verb_with_its_own_subject_keeps_the_conjunct() -> None:
    # "On a visit to Zimbabwe, Zambia he voiced support.": the verb has a subject; nothing to mend
    words = [*WORDS[:6], "Zambia", "he", *WORDS[8:]]
    pos = [*POS[:6], "PROPN", "PRON", *POS[8:]]
    doc = _doc([8, 2, 0, 2, 3, 4, 4, 8, 8, 8, 8],
               ["prep", "det", "pobj", "prep", "pobj", "punct", "conj", "nsubj", "ROOT", "dobj", "punct"], words, pos)
    repair_parse(doc)
    assert (doc[6].dep_, doc[6].head.i) == ("conj", 4)


def test_a_swallowed_coordinated_subject_moves_whole() -> None:
    # "On a visit to Zimbabwe, Zambia and Malawi voiced support.": with the verb left without subject, the
    # names after the comma are its subject, and stay one list
    words = ["On", "a", "visit", "to", "Zimbabwe", ",", "Zambia", "and", "Malawi", "voiced", "support", "."]
    pos = ["ADP", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "CCONJ", "PROPN", "VERB", "NOUN", "PUNCT"]
    doc = _doc([9, 2, 0, 2, 3, 4, 4, 6, 6, 9, 9, 9],
               ["prep", "det", "pobj", "prep", "pobj", "punct", "conj", "cc", "conj", "ROOT", "dobj", "punct"], words,
               pos)
    repair_parse(doc)
    assert (doc[6].dep_, doc[6].head.i) == ("nsubj", 9)
    assert (doc[8].dep_, doc[8].head.i) == ("conj", 6)
