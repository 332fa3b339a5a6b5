"""The curated people tables (leaders, ministers, leaders before 1990, officials of international bodies) hold only rows the resolver can use:
a known state or bloc code, a term whose years are in order, no row twice."""

from __future__ import annotations

from collections import Counter

import pytest

from pipelines import reference

TABLES = {"leaders": reference.leaders, "ministers": reference.ministers, "officials": reference.officials}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_people_rows_are_usable(table: str) -> None:
    rows = TABLES[table]()
    codes = reference.all_actor_codes()
    assert rows
    for row in rows:
        assert row.country_code in codes, row
        assert row.start_year is not None and 1900 <= row.start_year <= 2026, row
        assert row.end_year is None or row.start_year <= row.end_year <= 2026, row
    twice = [key for key, n in Counter((r.name, r.country_code, r.role, r.start_year) for r in rows).items() if n > 1]
    assert not twice


def test_every_curated_row_says_where_it_comes_from() -> None:
    for name in ("ministers.csv", "leaders_before_1990.csv", "officials.csv"):
        rows = reference._rows(name)
        assert rows and all(r["source"] for r in rows), name


def test_officials_of_international_bodies_stand_for_a_body() -> None:
    """An official of an international body stands for the body, never for a state (their home state's
    offices, if any, are rows of the leaders and ministers tables)."""
    rows = reference.officials()
    assert rows and not [r for r in rows if reference.is_state(r.country_code)]
