"""Dates in words resolve against the article's published date (`resolve_date`, no text -> rows)."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.extract import resolve_date


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("September 2022", None, (dt.date(2022, 9, 1), "month")),
    ("yesterday", None, (None, None)),
    ("yesterday", dt.date(2024, 6, 5), (dt.date(2024, 6, 4), "day")),
    ("last month", dt.date(2024, 6, 5), (dt.date(2024, 5, 1), "month")),
    ("5 March 2023", None, (dt.date(2023, 3, 5), "day")),
])
def test_dates_resolve_against_publication(text, published, expected) -> None:
    assert resolve_date(text, published) == expected
