"""The publication date of an article and its source: metadata, else a dateline, else a date the text marks
as its own, else the file's modification date; relative dates in the text resolve against it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pytest

from pipelines import pubdate
from pipelines.cli import main
from pipelines.ingest import ingest_directory

TODAY = dt.date(2024, 6, 30)
MTIME = dt.datetime(2024, 3, 20, 9, tzinfo=dt.UTC).timestamp()


@pytest.mark.parametrize(("body", "expected"), [
    ("Talks in Hanoi\n\nHANOI, 14 March 2024 (Reuters) - Leaders met.\n", (dt.date(2024, 3, 14), "dateline")),
    ("Talks\n\nWASHINGTON, March 14, 2024 /AP/ - Leaders met.\n", (dt.date(2024, 3, 14), "dateline")),
    ("Thursday, 14th of March 2024\n\nLeaders met.\n", (dt.date(2024, 3, 14), "dateline")),
    ("Talks\n\nLeaders met on Wednesday.\n\nPublished: 2024/03/14 10:45:12 GMT\n", (dt.date(2024, 3, 14), "text")),
    ("Talks\n\nLeaders met.\nLast updated on Thursday, 14 March 2024.\n", (dt.date(2024, 3, 14), "text")),
    ("Talks\n\nLeaders met.\n", (dt.date(2024, 3, 20), "file_modified")),
    # A date deep in the text that nothing marks as the publication date says when something else happened.
    ("Talks\n\n" + "Leaders met. " * 40 + "The treaty of 7 March 1985 still holds.\n", (dt.date(2024, 3, 20),
                                                                                        "file_modified")),
    # A date in the opening sentences is when something happened; a dateline without a year dates nothing.
    ("Ban extended\n\nOn 5 August 2016, Russia extended its ban on food imports.\n", (dt.date(2024, 3, 20),
                                                                                       "file_modified")),
    ("OSLO, June 1 (UPI) -- Norway will keep its import ban in place until 2019.\n",
     (dt.date(2024, 3, 20), "file_modified")),
    ("Talks\n\n14 March 2024 10:45 GMT\n\nLeaders met.\n", (dt.date(2024, 3, 14), "dateline")),
    # Impossible and future dates are never taken.
    ("Talks\n\nHANOI, 30 February 2024 - Leaders met.\n", (dt.date(2024, 3, 20), "file_modified")),
    ("Talks\n\nHANOI, 14 March 2031 - Leaders will meet.\n", (dt.date(2024, 3, 20), "file_modified")),
])
def test_publication_date_from_the_text_else_the_file(body: str, expected: tuple[dt.date, str]) -> None:
    assert pubdate.publication_date(None, body, MTIME, TODAY) == expected


def test_metadata_wins_and_an_implausible_file_date_is_none() -> None:
    assert pubdate.publication_date(dt.date(2024, 1, 2), "HANOI, 14 March 2024 - x\n", MTIME, TODAY) == (
        dt.date(2024, 1, 2), "metadata")
    future = dt.datetime(2031, 1, 1, tzinfo=dt.UTC).timestamp()
    assert pubdate.publication_date(None, "x\n", future, TODAY) == (None, None)
    assert pubdate.publication_date(None, "x\n", None, TODAY) == (None, None)


def test_ingest_records_the_source_and_keeps_the_id_of_a_touched_file(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "meta.md").write_text("---\npublished_date: 2024-03-14\n---\nLeaders met in Hanoi.\n", encoding="utf-8")
    (raw / "dateline.txt").write_text("HANOI, 14 March 2024 - Leaders met.\n", encoding="utf-8")
    (raw / "plain.txt").write_text("Leaders met in Hanoi.\n", encoding="utf-8")
    os.utime(raw / "plain.txt", (MTIME, MTIME))
    docs = {d.source_name: d for d in ingest_directory(raw, 1_000_000, today=TODAY).documents}
    assert {n: (d.published_date, d.date_source) for n, d in docs.items()} == {
        "meta.md": (dt.date(2024, 3, 14), "metadata"),
        "dateline.txt": (dt.date(2024, 3, 14), "dateline"),
        "plain.txt": (dt.date(2024, 3, 20), "file_modified"),
    }
    # The file's date is not part of the document's identity: touching the file changes nothing.
    os.utime(raw / "plain.txt", (MTIME + 86400 * 3, MTIME + 86400 * 3))
    again = {d.source_name: d for d in ingest_directory(raw, 1_000_000, today=TODAY).documents}
    assert again["plain.txt"].document_id == docs["plain.txt"].document_id


def test_relative_dates_resolve_against_the_derived_date_in_the_warehouse(tmp_path: Path) -> None:
    """No metadata: the dateline dates the article, and 'on Wednesday' resolves against it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "hanoi.txt").write_text(
        "Leaders meet in Hanoi\n\nHANOI, 14 March 2024 (Reuters) - Vietnam's President Vo Van Thuong met Chinese "
        "President Xi Jinping in Hanoi on Wednesday.\n", encoding="utf-8")
    (raw / "undated.txt").write_text(
        "Argentina and Brazil sign currency swap\n\nArgentina and Brazil signed a currency swap agreement last month.\n", encoding="utf-8")
    os.utime(raw / "undated.txt", (MTIME, MTIME))
    db = tmp_path / "w.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        documents = dict(con.execute("SELECT source_name, date_source FROM dim_document").fetchall())
        assert documents == {"hanoi.txt": "dateline", "undated.txt": "file_modified"}
        meeting = con.execute("SELECT party_a_code, party_b_code, event_date, location, participants "
                              "FROM fact_meeting").fetchall()
        assert meeting == [("VNM", "CHN", dt.date(2024, 3, 13), "Hanoi", "Vo Van Thuong; Xi Jinping")]
        assert con.execute("SELECT event_date, date_precision FROM fact_deal").fetchall() == [
            (dt.date(2024, 2, 1), "month")]
