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
    # 14 March 2024 was a Thursday
    ("Wednesday", dt.date(2024, 3, 14), (dt.date(2024, 3, 13), "day")),
    ("Thursday", dt.date(2024, 3, 14), (dt.date(2024, 3, 14), "day")),
    ("last Thursday", dt.date(2024, 3, 14), (dt.date(2024, 3, 7), "day")),
    ("next Thursday", dt.date(2024, 3, 14), (dt.date(2024, 3, 21), "day")),
    ("tomorrow", dt.date(2024, 3, 14), (dt.date(2024, 3, 15), "day")),
    ("last month", dt.date(2024, 1, 10), (dt.date(2023, 12, 1), "month")),
    ("next month", dt.date(2024, 12, 10), (dt.date(2025, 1, 1), "month")),
    ("earlier this month", dt.date(2024, 3, 14), (dt.date(2024, 3, 1), "month")),
    ("last year", dt.date(2024, 3, 14), (dt.date(2023, 1, 1), "year")),
    ("next year", dt.date(2024, 3, 14), (dt.date(2025, 1, 1), "year")),
    ("two days ago", dt.date(2024, 3, 1), (dt.date(2024, 2, 28), "day")),
    ("a week ago", dt.date(2024, 3, 14), (dt.date(2024, 3, 7), "day")),
    ("18 months ago", dt.date(2024, 3, 14), (dt.date(2022, 9, 1), "month")),
    ("March 3", dt.date(2024, 3, 14), (dt.date(2024, 3, 3), "day")),
    ("20 December", dt.date(2024, 3, 14), (dt.date(2023, 12, 20), "day")),
    ("February 30", dt.date(2024, 3, 14), (dt.date(2024, 2, 1), "month")),
    ("June", dt.date(2024, 3, 14), (dt.date(2023, 6, 1), "month")),
    ("last week", dt.date(2024, 3, 14), (None, None)),
    ("Wednesday", None, (None, None)),
])
def test_dates_resolve_against_publication(text, published, expected) -> None:
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Friday", (dt.date(2024, 3, 15), "day")),
    ("Thursday", (dt.date(2024, 3, 14), "day")),
    ("June", (dt.date(2024, 6, 1), "month")),
    ("January", (dt.date(2025, 1, 1), "month")),
    ("last Friday", (dt.date(2024, 3, 8), "day")),
])
def test_planned_events_resolve_forward(text, expected) -> None:
    """A planned event's weekday or month is the next one on or after publication (14 March 2024)."""
    assert resolve_date(text, dt.date(2024, 3, 14), future=True) == expected
