"""The case runner itself: a case can fail, and a malformed case file is refused before it runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cases.runner import CaseError, facts, load_cases, load_file, problems

ROWS = {
    "fact_meeting": [{"party_a_code": "JPN", "party_b_code": "CHN", "status": "planned", "meeting_kind": "visit",
                      "event_date": dt.date(2024, 6, 3)}],
    "fact_gift": [{"giver_code": "USA", "receiver_code": "KEN", "quantity": 2.0, "item": "helicopters"}],
}


def case(tmp_path: Path, body: str):
    (tmp_path / "t.yaml").write_text(body, encoding="utf-8")
    (one,) = load_file(tmp_path / "t.yaml")
    return one


def test_a_matching_case_holds(tmp_path: Path) -> None:
    one = case(tmp_path, """
- id: ok
  text: x
  expect:
    - {table: fact_meeting, pair: [CHN, JPN], status: [planned, held], event_date: 2024-06-03}
    - {table: fact_gift, giver_code: USA, quantity: 2, item: {contains: heli}}
  exactly: true
  forbid:
    - {table: fact_sanction}
    - {table: fact_meeting, status: held}
""")
    assert problems(one, ROWS) == []


@pytest.mark.parametrize(("spec", "fragment"), [
    ("{table: fact_meeting, pair: [JPN, KOR]}", "missing"),
    ("{table: fact_meeting, party_a_code: CHN, party_b_code: JPN}", "missing"),  # ordered columns keep order
    ("{table: fact_meeting, status: held}", "missing"),
    ("{table: fact_gift, quantity: 3}", "missing"),
    ("{table: fact_gift, receiver_code: null}", "missing"),
    ("{table: fact_deal}", "missing"),
    ("{table: fact_meeting, count: 2}", "expected [2] rows"),
])
def test_a_wrong_expectation_fails(tmp_path: Path, spec: str, fragment: str) -> None:
    one = case(tmp_path, f"- id: wrong\n  text: x\n  expect:\n    - {spec}\n")
    found = problems(one, ROWS)
    assert found and fragment in found[0]


@pytest.mark.parametrize("spec", [
    "{table: fact_gift}",
    "{table: fact_meeting, status: {not: held}}",
    "{table: fact_meeting, pair: [CHN, JPN]}",
    "{table: fact_meeting, party: {not: [JPN, KOR]}}",
])
def test_a_forbidden_row_fails(tmp_path: Path, spec: str) -> None:
    one = case(tmp_path, f"- id: forbidden\n  text: x\n  forbid:\n    - {spec}\n")
    found = problems(one, ROWS)
    assert found and found[0].startswith("forbidden")


def test_exactly_fails_on_an_extra_row(tmp_path: Path) -> None:
    one = case(tmp_path, "- id: extra\n  text: x\n  expect:\n    - {table: fact_meeting, pair: [JPN, CHN]}\n"
                         "  exactly: true\n")
    rows = {"fact_meeting": [*ROWS["fact_meeting"], {"party_a_code": "JPN", "party_b_code": "KOR"}]}
    assert problems(one, rows) and "not exactly" in problems(one, rows)[0]
    assert problems(one, ROWS) == []


def test_a_row_relating_a_state_to_itself_fails(tmp_path: Path) -> None:
    one = case(tmp_path, "- id: self\n  text: x\n  forbid:\n    - {table: fact_gift}\n")
    assert "itself" in problems(one, {"fact_deal": [{"party_a_code": "FRA", "party_b_code": "FRA"}]})[0]


def test_a_real_text_fails_a_wrong_case_and_passes_the_right_one(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text("""
- id: right
  text: Kenya received two helicopters from the United States last week.
  expect:
    - {table: fact_gift, giver_code: USA, receiver_code: KEN}
- id: wrong-direction
  text: Kenya received two helicopters from the United States last week.
  expect:
    - {table: fact_gift, giver_code: KEN, receiver_code: USA}
- id: forbidden-gift
  text: Kenya received two helicopters from the United States last week.
  forbid:
    - {table: fact_gift, giver_code: USA}
""", encoding="utf-8")
    right, wrong, forbidden = load_file(tmp_path / "t.yaml")
    rows = facts(right.text)
    assert problems(right, rows) == []
    assert problems(wrong, rows) and problems(forbidden, rows)


@pytest.mark.parametrize(("body", "message"), [
    ("- id: a\n  text: x\n  expect:\n    - {table: fact_meetings}\n", "unknown table"),
    ("- id: a\n  text: x\n  expect:\n    - {table: fact_meeting, stauts: held}\n", "no column"),
    ("- id: a\n  text: x\n  expect:\n    - {table: fact_meeting, status: hold}\n", "no row can hold"),
    ("- id: a\n  text: x\n  expect:\n    - {table: fact_meeting, party_a_code: UK}\n", "no row can hold"),
    ("- id: a\n  text: x\n  expect:\n    - {table: fact_gift, pair: [USA, KEN]}\n", "unordered"),
    ("- id: a\n  text: x\n  forbid:\n    - {table: fact_gift, count: 1}\n", "count"),
    ("- id: a\n  text: x\n", "expects or forbids"),
    ("- id: a\n  text: x\n  expected:\n    - {table: fact_gift}\n", "unknown keys"),
    ("- id: a\n  text: x\n  forbid: [{table: fact_gift}]\n- id: a\n  text: y\n  forbid: [{table: fact_gift}]\n",
     "duplicate"),
])
def test_a_malformed_case_is_refused(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "t.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(CaseError, match=message):
        load_file(tmp_path / "t.yaml")


def test_every_case_file_loads() -> None:
    cases = load_cases()
    assert len({c.name for c in cases}) == len(cases) > 0
