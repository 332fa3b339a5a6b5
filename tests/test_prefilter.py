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
