"""Given names that transliteration spells otherwise are one name; other given names are not
(`pipelines.resolve.same_name_spelled_otherwise`; the cases in tests/cases/actors.yaml show it in use)."""

from __future__ import annotations

import pytest

from pipelines.resolve import same_name_spelled_otherwise


@pytest.mark.parametrize(("written", "known"), [("Yassir", "Yasser"), ("Yasir", "Yasser"), ("Mohamed", "Muhammad"),
                                                ("Sergey", "Sergei"), ("Hosny", "Hosni"), ("Dmitri", "Dmitry")])
def test_one_name_spelled_two_ways(written: str, known: str) -> None:
    assert same_name_spelled_otherwise(written, known)


@pytest.mark.parametrize(("written", "known"), [("Laura", "George"), ("Rajiv", "Rahul"), ("Mark", "Margaret"),
                                                ("Ali", "Aly"), ("Yasser", "Yasser"), ("Jean-Marc", "Jean")])
def test_other_names_and_the_same_spelling(written: str, known: str) -> None:
    assert not same_name_spelled_otherwise(written, known)
