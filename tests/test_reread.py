"""A run holds each document's metadata and hash, not its text: the text is read again from its file when
its chunk is parsed, by ingest's own reader, and checked against the hash. A file that changed or went in
between gives no rows for text that was never hashed; it is quarantined (`changed_during_run`)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import ingest, lake, unchanged
from pipelines.cli import main
from pipelines.extract import EXTRACTOR_VERSION

LIMIT = 5 * 1024 * 1024
MEETING = "Talks\n\nFrench President Emmanuel Macron met Indian Prime Minister Narendra Modi in Paris.\n"
SANCTION = "Sanctions\n\nThe European Union imposed sanctions on Belarus after the election.\n"
DEAL = "Deal\n\nJapan and India signed a trade agreement in Tokyo on Monday.\n"
EDITED = "Sanctions\n\nThe European Union lifted sanctions on Belarus.\n"


def pending_of(result: ingest.IngestResult) -> ingest.PendingDocuments:
    return ingest.split_pending(ingest.documents_frame(result.documents, EXTRACTOR_VERSION), {}, EXTRACTOR_VERSION,
                                result.bodies())


def test_the_run_holds_no_text_and_reads_it_again_as_ingest_read_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "fm.md").write_text("---\ntitle: Leaders meet\n---\n\n" + MEETING.replace("\n", "\r\n"), encoding="utf-8")
    (raw / "legacy.txt").write_bytes("Aid\n\nBritain gave £10m to Kenya; “it is right”, she said.\n".encode("cp1252"))
    (raw / "bom.txt").write_bytes(b"\xff\xfe" + SANCTION.encode("utf-16-le"))
    result = ingest.ingest_directory(raw, LIMIT)
    assert result.quarantined == [] and "body" not in ingest.documents_frame(result.documents, "x").columns
    assert not any(hasattr(doc, "body") for doc in result.documents)
    pending = pending_of(result)
    whole, refused = pending.with_bodies(0, pending.documents.height)
    assert refused == []
    bodies = dict(zip(whole["source_name"], whole["body"], strict=True))
    assert bodies == {"bom.txt": SANCTION, "fm.md": MEETING,
                      "legacy.txt": "Aid\n\nBritain gave £10m to Kenya; “it is right”, she said.\n"}
    assert whole.columns == [*ingest.PENDING_COLUMNS[:8], "body", *ingest.PENDING_COLUMNS[8:]]


def test_a_file_changed_or_gone_since_ingest_is_refused_and_a_copy_serves(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in (("a.txt", MEETING), ("b.txt", SANCTION), ("c.txt", DEAL), ("d1.txt", "Visit\n\nKenya.\n"),
                       ("d2.txt", "Visit\n\nKenya.\n")):
        (raw / name).write_text(text, encoding="utf-8")
    os.link(raw / "a.txt", raw / "a-link.txt")
    result = ingest.ingest_directory(raw, LIMIT)
    pending = pending_of(result)
    assert pending.documents["source_name"].to_list() == ["a-link.txt", "b.txt", "c.txt", "d1.txt"]
    (raw / "b.txt").write_text(EDITED, encoding="utf-8")  # edited
    (raw / "c.txt").unlink()  # gone
    (raw / "d1.txt").write_text("Visit\n\nKenya and Uganda.\n", encoding="utf-8")  # edited, but its copy is not
    (raw / "a-link.txt").unlink()  # one name of a linked file gone: the other still holds the text
    spool = lake.Spool(tmp_path / "spool")
    texts = lake.SpooledTexts(pending, spool)
    read = texts.texts_at(0, pending.documents.height)
    assert [(t.document_id, t.body) for t in read] == [
        (pending.documents["document_id"][0], MEETING), (pending.documents["document_id"][3], "Visit\n\nKenya.\n")]
    refused = {f.document_id: f for f in texts.refused}
    ids = dict(zip(pending.documents["source_name"], pending.documents["document_id"], strict=True))
    assert set(refused) == {ids["b.txt"], ids["c.txt"]}
    for name in ("b.txt", "c.txt"):
        failure = refused[ids[name]]
        assert (failure.stage, failure.reason) == ("ingest", "changed_during_run") and name in failure.detail
    assert "other text" in refused[ids["b.txt"]].detail and "unreadable_file" in refused[ids["c.txt"]].detail
    # The texts read are spooled for validation and the warehouse, each as it was hashed.
    extraction = texts.finish(lake.SpooledExtraction(str(spool.directory), [], [], {}))
    assert {f.document_id for f in extraction.failures} == set(refused)
    kept = pending.documents.filter(~pl.col("document_id").is_in(list(refused)))
    whole = extraction.with_texts(kept, 0, pending.documents.height)
    assert whole["body"].to_list() == [MEETING, "Visit\n\nKenya.\n"]
    assert whole["n_chars"].to_list() == [len(MEETING), len("Visit\n\nKenya.\n")]


def warehouse_rows(db: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute(query).fetchall())


def test_a_run_whose_file_changes_before_its_parse_publishes_no_row_of_it(tmp_path: Path, monkeypatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in (("a.txt", MEETING), ("b.txt", SANCTION), ("c.txt", DEAL)):
        (raw / name).write_text(text, encoding="utf-8")
    real = ingest.ingest_directory

    def then_edit(*args, **kwargs):  # the files change on disk once ingest has read them
        result = real(*args, **kwargs)
        (raw / "b.txt").write_text(EDITED, encoding="utf-8")
        (raw / "c.txt").unlink()
        return result

    monkeypatch.setattr(ingest, "ingest_directory", then_edit)
    db = tmp_path / "w.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert warehouse_rows(db, "SELECT source_name, body FROM dim_document") == [("a.txt", MEETING)]
    assert warehouse_rows(db, "SELECT source_name, stage, reason FROM quarantine") == [
        ("b.txt", "ingest", "changed_during_run"), ("c.txt", "ingest", "changed_during_run")]
    assert warehouse_rows(db, "SELECT count(*) FROM fact_sanction") == [(0,)]  # nothing of either text
    assert not unchanged.record_path(db).exists()  # the next run is a real one
    monkeypatch.setattr(ingest, "ingest_directory", real)
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0  # reads b.txt as it is now
    assert warehouse_rows(db, "SELECT source_name, body FROM dim_document") == [("a.txt", MEETING), ("b.txt", EDITED)]
    assert warehouse_rows(db, "SELECT count(*) FROM quarantine") == [(0,)]


@pytest.mark.parametrize("size", [1, 3])
def test_fan_out_batches_carry_the_texts_read_again(tmp_path: Path, size: int) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in (("a.txt", MEETING), ("b.txt", SANCTION), ("c.txt", DEAL)):
        (raw / name).write_text(text, encoding="utf-8")
    pending = pending_of(ingest.ingest_directory(raw, LIMIT))
    (raw / "b.txt").write_text(EDITED, encoding="utf-8")
    the_lake = lake.Lake(str(tmp_path / "lake"))
    specs, refused = lake.split_batches(the_lake, pending, size, {"v": 1})
    assert [(q.source_name, q.stage, q.reason) for q in refused] == [("b.txt", "ingest", "changed_during_run")]
    assert [s.index for s in specs] == list(range(len(specs)))
    texts = [t.body for spec in specs for t in lake.batch_texts(the_lake, spec)]
    assert texts == [MEETING, DEAL]


def test_a_relative_raw_directory_is_read_again_from_anywhere(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(MEETING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = ingest.ingest_directory(Path("raw"), LIMIT)
    monkeypatch.chdir("/")  # a step in another process, started elsewhere
    assert result.body(result.documents[0]) == MEETING
