"""When an article was published, when its metadata does not say: a dateline, a date the text marks as
its publication date, or else the file's own modification date; always with where it came from.

Relative dates in the text ("on Wednesday", "last month") resolve against this date, so a document
without one has none of them. The sources, strongest first (`dim_document.date_source`):

- `metadata`: front matter or sidecar `published_date` (ingest reads it; refused when implausible);
- `text`: a date the text marks as its own ("Published: 2005/03/14", "Last updated on 14 March 2024");
- `dateline`: a full date (day, month and year) opening one of the first lines, as wire copy prints it
  ("HANOI, 14 March 2024 (Reuters) -"), or a line of its own ("Thursday, 14 March 2024"); a date inside
  the story's sentences is when something happened, and is not taken;
- `file_modified`: the file's modification date (UTC), the weakest: a copy or a fresh checkout changes
  it. Filter it out (`WHERE date_source <> 'file_modified'`) where a wrong date is worse than none.

A date before 1900 or more than a day after the run date is never taken from the text or the file.
"""

from __future__ import annotations

import datetime as dt
import re

EARLIEST_DATE = dt.date(1900, 1, 1)
DATE_SLACK = dt.timedelta(days=1)
# How many of the body's first lines may hold a dateline (a headline, a blank line, a byline, the dateline).
DATELINE_LINES = 5
# Sources of a publication date that are a guess: good for dating relative expressions ("on Wednesday") only.
GUESSED_DATE_SOURCES = frozenset({"file_modified"})

_MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FULL_DATES = [
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 14 March 2024
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # March 14, 2024
    re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.](?P<nmonth>[01]?\d)[-/.](?P<day>[0-3]?\d)\b"),  # 2024-03-14
]
_MARKER = re.compile(
    r"\b(?:published|updated|posted|first published|last updated|page last updated|date)\b"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*(?:[A-Za-z]+day,?\s+)?", re.IGNORECASE)


_UNNAMED_DAY, _UNNAMED_MONTH, _UNNAMED_YEAR = (re.sub(r"\?P<\w+>", "?:", p) for p in (_DAY, _MONTH, _YEAR))
# A wire-copy dateline opening a sentence: "HANOI, 14 March 2024 (Reuters) - ", "WASHINGTON, March 14 /AP/ -".
_DATELINE_PREFIX = re.compile(
    r"\A\s*(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s+)?(?:[A-Za-z]+day,?\s+)?"
    rf"(?:{_UNNAMED_DAY}\s+(?:of\s+)?{_UNNAMED_MONTH}|{_UNNAMED_MONTH}\s+{_UNNAMED_DAY})(?:,?\s+{_UNNAMED_YEAR})?"
    r"(?:\s*[(/][^)/\n]{1,40}[)/])?\s*[-–—:]\s*", re.IGNORECASE)


# A line that is only a date, perhaps with its weekday and a time: "Thursday, 14 March 2024 10:45 GMT".
_DATE_LINE = re.compile(
    r"(?:(?:published|updated|posted)[:\s]+)?(?:[A-Za-z]+day,?\s+)?"
    rf"(?:{_UNNAMED_DAY}\s+(?:of\s+)?{_UNNAMED_MONTH},?\s+{_UNNAMED_YEAR}|{_UNNAMED_MONTH}\s+{_UNNAMED_DAY},?\s+"
    rf"{_UNNAMED_YEAR}|(?:19|20)\d\d[-/.][01]?\d[-/.][0-3]?\d)"
    r"(?:,?\s+(?:at\s+)?[0-2]?\d[:.][0-5]\d(?:[:.][0-5]\d)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,5})?)?\.?",
    re.IGNORECASE)


def dateline_prefix(sentence: str) -> int:
    """How many characters of a sentence are a dateline (0 when it opens with none): its date is when the
    story was filed, never when what the sentence tells happened."""
    match = _DATELINE_PREFIX.match(sentence)
    return match.end() if match else 0


def full_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every real calendar date written out in full (day, month and year) in the text: (start, end, date),
    in order of position."""
    found: dict[int, tuple[int, int, dt.date]] = {}
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = int(groups["nmonth"]) if groups.get("nmonth") else _MONTHS[groups["month"].lower()]
            try:
                day = dt.date(int(groups["year"]), month, int(groups["day"]))
            except ValueError:
                continue
            found.setdefault(match.start(), (match.start(), match.end(), day))
    return [found[start] for start in sorted(found)]


def plausible(day: dt.date, today: dt.date) -> bool:
    return EARLIEST_DATE <= day <= today + DATE_SLACK


def dateline_date(body: str, today: dt.date) -> dt.date | None:
    """A full date opening one of the first lines, as a dateline ("HANOI, 14 March 2024 (Reuters) - ...")
    or as a line of its own ("Thursday, 14 March 2024", "14 March 2024 10:45 GMT"). A date inside the
    story's sentences says when something happened, not when the story was written, and is not taken."""
    lines = [line.strip() for line in body.split("\n")[:DATELINE_LINES]]
    for line in lines:
        if not line:
            continue
        prefix = dateline_prefix(line)
        own_line = _DATE_LINE.fullmatch(line) is not None
        if not prefix and not own_line:
            continue
        found = full_dates(line[:prefix] if prefix else line)
        if found and plausible(found[0][2], today):
            return found[0][2]
    return None


def marked_date(body: str, today: dt.date) -> dt.date | None:
    """A date the text marks as its publication or update date ("Published: 2005/03/14 10:45")."""
    dates = {start: day for start, _, day in full_dates(body)}
    for marker in _MARKER.finditer(body):
        day = dates.get(marker.end())
        if day is not None and plausible(day, today):
            return day
    return None


def file_date(mtime_seconds: float, today: dt.date) -> dt.date | None:
    day = dt.datetime.fromtimestamp(mtime_seconds, dt.UTC).date()
    return day if plausible(day, today) else None


def publication_date(metadata_date: dt.date | None, body: str, mtime_seconds: float | None,
                     today: dt.date) -> tuple[dt.date | None, str | None]:
    """The publication date and its source (`pipelines.schema.enums.DATE_SOURCES`: metadata, text,
    dateline, file_modified), strongest source first."""
    if metadata_date is not None:
        return metadata_date, "metadata"
    day = marked_date(body, today)
    if day is not None:
        return day, "text"
    day = dateline_date(body, today)
    if day is not None:
        return day, "dateline"
    if mtime_seconds is not None:
        day = file_date(mtime_seconds, today)
        if day is not None:
            return day, "file_modified"
    return None, None
