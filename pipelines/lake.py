"""The lake: what the fanned-out NLP and extract steps hand to the warehouse step, as Parquet files.

A local folder by default, any fsspec URL (`s3://bucket/lake`, `gs://...`, `memory://...`) by
configuration: every reader and writer goes through fsspec, so a Dask worker on another machine writes
where the warehouse step reads. Three kinds of object:

- `tables/<table>/<sha256>.parquet`: one file per batch and table, named by the SHA-256 of its bytes
  (content-addressed: a file is written once, never changed, and a reader can check what it got).
  `<table>` is a fact table, `bridge_event_party` or `dim_actor`, or `_documents` (a batch's input:
  its pending documents as dim_document rows, bodies included), `_stats` (the NLP stage's counts per
  document) and `_failures` (the documents the NLP or extract stage refused, one row each).
- `batches/<batch key>.json`: a batch's manifest, naming its files. The key is the SHA-256 of what
  decides the batch's output (the extractor version, the model and its settings, the documents' ids and
  content hashes, in order), so a batch already extracted is found and not extracted again.
- `runs/<UTC time>-<sha>.json`: one record per published run, naming its batches in order and what the
  ingest stage saw (names, quarantined files, deletions). Replaying the records in order rebuilds the
  warehouse (`pipelines.defs.scale.rebuild`).

Analysts can read the batches straight from DuckDB: `SELECT * FROM read_parquet('lake/tables/fact_deal/*.parquet')`
(every batch ever extracted; the warehouse holds the current state).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import posixpath
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import fsspec
import polars as pl

from pipelines.ingest import IngestResult, PendingDocuments, Quarantined
from pipelines.isolation import STATS_SCHEMA, ChunkOutcome, PendingText, texts_of
from pipelines.nlp import DocumentFailure
from pipelines.schema import FACT_MODELS, frame_from_rows, polars_schema

LAKE_ENV = "BILATERAL_LAKE"
DEFAULT_LAKE_DIR = "lake"  # next to the published warehouse file when no URL is given
DOCUMENTS = "_documents"
STATS = "_stats"
FAILURES = "_failures"
FAILURE_SCHEMA = {"document_id": pl.Utf8, "stage": pl.Utf8, "reason": pl.Utf8, "detail": pl.Utf8}
# The run's spool keeps each chunk's texts in a file of this table (`SpooledTexts`).
TEXTS = "document_body"
TEXTS_SCHEMA = {"document_id": pl.Utf8, "body": pl.Utf8}
# The tables of one batch's output, in the order a manifest lists them.
OUTPUT_TABLES = (*FACT_MODELS, "bridge_event_party", "dim_actor", STATS, FAILURES)


class LakeError(RuntimeError):
    """The lake is missing a file it names, or holds one whose bytes are not what its name says."""


def lake_url(configured: str, warehouse: Path | str) -> str:
    """The lake's URL: the configured one, else the folder `lake/` next to the published warehouse."""
    return configured or str(Path(warehouse).resolve().parent / DEFAULT_LAKE_DIR)


@dataclass(frozen=True)
class FileRef:
    path: str  # relative to the lake's root
    sha256: str
    rows: int


class Lake:
    """A lake at `url`; paths are relative to it, with `/` separators."""

    def __init__(self, url: str):
        self.url = url
        self.fs, self.root = fsspec.core.url_to_fs(url)

    def _full(self, rel: str) -> str:
        return posixpath.join(self.root, rel)

    def exists(self, rel: str) -> bool:
        return bool(self.fs.exists(self._full(rel)))

    def _put(self, rel: str, data: bytes) -> None:
        """Write a whole object; on a file system through a temporary name, so no reader ever sees half of it."""
        full = self._full(rel)
        self.fs.makedirs(posixpath.dirname(full), exist_ok=True)
        temporary = f"{full}.{uuid.uuid4().hex}.tmp"
        self.fs.pipe_file(temporary, data)
        self.fs.mv(temporary, full)

    def _get(self, rel: str) -> bytes:
        try:
            data: bytes = self.fs.cat_file(self._full(rel))
        except FileNotFoundError as exc:
            raise LakeError(f"the lake {self.url} has no {rel}") from exc
        return data

    def write_frame(self, table: str, frame: pl.DataFrame) -> FileRef:
        """The frame as a content-addressed Parquet file under tables/<table>/ (written once)."""
        buffer = io.BytesIO()
        frame.write_parquet(buffer, compression="zstd", statistics=True)
        data = buffer.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        rel = f"tables/{table}/{sha}.parquet"
        if not self.exists(rel):
            self._put(rel, data)
        return FileRef(rel, sha, frame.height)

    def read_frame(self, ref: FileRef) -> pl.DataFrame:
        data = self._get(ref.path)
        if hashlib.sha256(data).hexdigest() != ref.sha256:
            raise LakeError(f"{ref.path} in the lake {self.url} is damaged: its SHA-256 is not the one in its name")
        return pl.read_parquet(io.BytesIO(data))

    def write_json(self, rel: str, value: Any) -> None:
        self._put(rel, (json.dumps(value, indent=1, sort_keys=True, default=str) + "\n").encode("utf-8"))

    def read_json(self, rel: str) -> Any:
        try:
            return json.loads(self._get(rel))
        except ValueError as exc:
            raise LakeError(f"{rel} in the lake {self.url} is not valid JSON: {exc}") from exc

    def list(self, folder: str) -> list[str]:
        """Names (not paths) of the objects under `folder`, sorted; none when it does not exist."""
        full = self._full(folder)
        if not self.fs.exists(full):
            return []
        return sorted(posixpath.basename(p.rstrip("/")) for p in self.fs.ls(full, detail=False))


# --- batches -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchSpec:
    """One batch of pending documents: its key (what decides its output), its place in the run and its
    input file in the lake."""

    key: str
    index: int
    documents: FileRef

    @property
    def manifest(self) -> str:
        return f"batches/{self.key}.json"


def batch_key(documents: pl.DataFrame, identity: dict[str, Any]) -> str:
    """SHA-256 of the extractor's identity (version, model, settings) and the documents, in order."""
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8"))
    for document_id, content in zip(documents["document_id"], documents["content_sha256"], strict=True):
        digest.update(f"\n{document_id}\t{content}".encode())
    return digest.hexdigest()


def split_batches(lake: Lake, pending: PendingDocuments, batch_size: int, identity: dict[str, Any]
                  ) -> tuple[list[BatchSpec], list[Quarantined]]:
    """The pending documents as batches of at most `batch_size`, in order, each one's input in the lake with
    the texts read again from their files (`PendingDocuments.with_bodies`, a batch at a time); the documents
    whose files changed or went since they were read are refused instead."""
    specs: list[BatchSpec] = []
    refused: list[Quarantined] = []
    size = max(batch_size, 1)
    for start in range(0, pending.documents.height, size):
        part, gone = pending.with_bodies(start, start + size)
        refused += gone
        if part.height:
            specs.append(BatchSpec(batch_key(part, identity), len(specs), lake.write_frame(DOCUMENTS, part)))
    return specs, refused


def batch_texts(lake: Lake, spec: BatchSpec) -> list[PendingText]:
    return texts_of(lake.read_frame(spec.documents))


def write_outcome(lake: Lake, spec: BatchSpec, outcome: ChunkOutcome) -> str:
    """A batch's output as one Parquet file per table and its manifest; returns the manifest's path."""
    frames = {**outcome.facts, "bridge_event_party": outcome.parties,
              "dim_actor": frame_from_rows("dim_actor", list(outcome.actors.values())),
              STATS: pl.DataFrame(outcome.stats, schema=STATS_SCHEMA, orient="row"),
              FAILURES: pl.DataFrame([asdict(f) for f in outcome.parse_failures + outcome.extract_failures],
                                     schema=FAILURE_SCHEMA, orient="row")}
    files = {table: asdict(lake.write_frame(table, frames[table])) for table in OUTPUT_TABLES}
    lake.write_json(spec.manifest, {"batch": spec.key, "documents": asdict(spec.documents), "files": files,
                                    "notes": outcome.notes})
    return spec.manifest


def read_outcome(lake: Lake, manifest: str) -> ChunkOutcome:
    """A batch's output as the chunk the NLP and extract stages made of it."""
    record = lake.read_json(manifest)
    files = record.get("files", {})
    missing = [t for t in OUTPUT_TABLES if t not in files]
    if missing:
        raise LakeError(f"{manifest} in the lake {lake.url} names no file for {', '.join(missing)}")
    frames = {table: lake.read_frame(FileRef(**files[table])) for table in OUTPUT_TABLES}
    failures = [DocumentFailure(**row) for row in frames[FAILURES].to_dicts()]
    return ChunkOutcome(
        facts={t: frames[t] for t in FACT_MODELS},  # combining checks each against its table's schema
        parties=frames["bridge_event_party"],
        actors={row["actor_id"]: row for row in frames["dim_actor"].to_dicts()},
        stats=frames[STATS].to_dicts(),
        parse_failures=[f for f in failures if f.stage == "nlp"],
        extract_failures=[f for f in failures if f.stage != "nlp"],
        notes=list(record.get("notes", [])),
    )


# --- runs ----------------------------------------------------------------------------------------

@dataclass
class RunRecord:
    """What a published run read and extracted: enough to write its batch into a warehouse again."""

    batches: list[BatchSpec]
    unchanged_document_ids: list[str]
    ingest: dict[str, Any] = field(default_factory=dict)  # IngestResult without its documents
    extractor_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"batches": [{"key": b.key, "index": b.index, "documents": asdict(b.documents)} for b in self.batches],
                "unchanged_document_ids": self.unchanged_document_ids, "ingest": self.ingest,
                "extractor_version": self.extractor_version}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> RunRecord:
        batches = [BatchSpec(b["key"], b["index"], FileRef(**b["documents"])) for b in value["batches"]]
        return cls(batches, list(value["unchanged_document_ids"]), dict(value["ingest"]),
                   str(value.get("extractor_version", "")))


def ingest_summary(ingested: IngestResult) -> dict[str, Any]:
    """What the warehouse step needs of an ingest result (its documents travel in the batches)."""
    return {"quarantined": [asdict(q) for q in ingested.quarantined], "full_scan": ingested.full_scan,
            "deleted": list(ingested.deleted), "sources": dict(ingested.sources), "unlisted": list(ingested.unlisted)}


def ingest_from_summary(summary: dict[str, Any]) -> IngestResult:
    return IngestResult(documents=[], quarantined=[Quarantined(**q) for q in summary.get("quarantined", [])],
                        full_scan=bool(summary.get("full_scan", True)), deleted=list(summary.get("deleted", [])),
                        sources=dict(summary.get("sources", {})), unlisted=list(summary.get("unlisted", [])))


def write_run(lake: Lake, record: RunRecord) -> str:
    """The run's record under runs/, named so that records sort in the order they were written."""
    body = json.dumps(record.to_json(), sort_keys=True).encode("utf-8")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    rel = f"runs/{stamp}-{hashlib.sha256(body).hexdigest()[:12]}.json"
    lake.write_json(rel, record.to_json())
    return rel


def run_records(lake: Lake) -> list[str]:
    return [f"runs/{name}" for name in lake.list("runs") if name.endswith(".json")]


def read_run(lake: Lake, rel: str) -> RunRecord:
    try:
        return RunRecord.from_json(lake.read_json(rel))
    except (KeyError, TypeError) as exc:
        raise LakeError(f"{rel} in the lake {lake.url} is not a run record: {exc!r}") from exc


# --- the run's spool ------------------------------------------------------------------------------

SPOOL_SUFFIX = ".spool"
# A spool whose process is gone is abandoned once untouched this long. Not at once: under Dagster's
# multiprocess executor the process that made a spool (the extract step's) ends before the run's later
# steps read it.
ABANDONED_SPOOL_SECONDS = 3600.0


@dataclass(frozen=True)
class SpooledChunk:
    """One chunk's rows in the spool: the pending documents [start, end) it was given and one Parquet file
    per table that has rows."""

    key: tuple[int, int]
    start: int
    end: int
    files: dict[str, str] = field(default_factory=dict)

    def frame(self, table: str) -> pl.DataFrame:
        path = self.files.get(table)
        return pl.read_parquet(path) if path is not None else frame_from_rows(table, [])


class Spool:
    """A run's scratch folder next to the warehouse (`.<file>.spool/<pid>-<run>/`): rows on their way to
    the warehouse, written as each chunk arrives, so the run holds one chunk's rows at a time. Removed
    when the run has written the warehouse; a folder left by a process that is gone (a crash) is removed
    by a later run once it has been untouched for an hour."""

    def __init__(self, directory: Path):
        self.directory = directory

    @classmethod
    def for_run(cls, published: Path, run_id: str) -> Spool:
        root = published.parent / f".{published.name}{SPOOL_SUFFIX}"
        _sweep_abandoned(root)
        return cls(root / f"{os.getpid()}-{run_id}")

    def write(self, name: str, frame: pl.DataFrame) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{name}.parquet"
        frame.write_parquet(path, compression="lz4", statistics=False)
        return str(path)

    def put_frames(self, name: str, key: tuple[int, int], start: int, end: int,
                   frames: dict[str, pl.DataFrame]) -> SpooledChunk:
        """The frames with rows written as `<name>-<chunk>-<part>-<table>.parquet`."""
        stem = f"{name}-{key[0]:06d}-{key[1]:06d}"
        return SpooledChunk(key, start, end, {table: self.write(f"{stem}-{table}", frame)
                                              for table, frame in frames.items() if frame.height})

    def remove(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.directory.parent.rmdir()  # only when no other run's spool is there


def _sweep_abandoned(root: Path) -> None:
    """Remove the spools of processes that are gone, untouched for ABANDONED_SPOOL_SECONDS (a run that
    crashed before its warehouse step)."""
    try:
        folders = list(root.iterdir())
    except OSError:
        return
    for folder in folders:
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and _untouched_for(folder) > ABANDONED_SPOOL_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)


def _untouched_for(folder: Path) -> float:
    """Seconds since anything in `folder` last changed."""
    try:
        newest = max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())])
    except OSError:
        return 0.0
    return time.time() - newest


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class SpooledExtraction:
    """What the NLP and extract stages made of a run, in the spool: each chunk's rows (in document order),
    the documents they refused (the NLP stage's first, as `isolation.combine` orders them), the rows per
    table and the warnings for the run's log."""

    directory: str  # the spool
    chunks: list[SpooledChunk]
    failures: list[DocumentFailure]
    rows: dict[str, int]
    notes: list[str] = field(default_factory=list)
    texts: list[SpooledChunk] = field(default_factory=list)  # the pending documents' texts (`SpooledTexts`)

    def with_texts(self, documents: pl.DataFrame, start: int, end: int) -> pl.DataFrame:
        """Pending documents of [start, end) as whole dim_document rows: their texts as the extract step
        read them (`SpooledTexts`), a few chunks' at a time. A frame that carries its texts is whole."""
        if "body" in documents.columns:
            return documents
        files = [chunk.files[TEXTS] for chunk in self.texts
                 if chunk.start < end and start < chunk.end and TEXTS in chunk.files]
        texts = (pl.read_parquet(files).unique("document_id", keep="first") if files
                 else pl.DataFrame(schema=TEXTS_SCHEMA))
        return documents.join(texts, on="document_id", how="left", maintain_order="left").select(
            list(polars_schema("dim_document")))

    def actors(self) -> pl.DataFrame:
        """dim_actor of the whole run: a later chunk's row of an actor wins, as in one batch."""
        actors: dict[str, dict[str, Any]] = {}
        for chunk in self.chunks:
            actors.update((row["actor_id"], row) for row in chunk.frame("dim_actor").to_dicts())
        return frame_from_rows("dim_actor", sorted(actors.values(), key=lambda a: a["actor_id"]))


class SpooledTexts:
    """The texts of a run's pending documents, for `workers.stream_pending`: read from their files when a
    chunk is sent (`texts_at`: `PendingDocuments.with_bodies`, each checked against the hash ingest took)
    and written to the spool at once, where validation and the warehouse read them
    (`SpooledExtraction.with_texts`); so this process holds the texts of the chunks in flight, never the
    corpus. A document whose file changed or went since ingest read it is left out of its chunk and
    refused (`refused`: stage ingest, `changed_during_run`): no row comes from text that was never hashed."""

    def __init__(self, pending: PendingDocuments, spool: Spool):
        self.pending = pending
        self.spool = spool
        self.chunks: list[SpooledChunk] = []
        self._refused: dict[str, DocumentFailure] = {}

    def texts_at(self, start: int, end: int) -> list[PendingText]:
        whole, gone = self.pending.with_bodies(start, end)
        for q in gone:
            document_id = q.document_id or q.source_name
            self._refused.setdefault(document_id, DocumentFailure(document_id, q.stage, q.reason, q.detail))
        texts = whole.select("document_id", "body")
        # A chunk run again one document at a time (its worker died) is read again: the key keeps each read.
        self.chunks.append(self.spool.put_frames("texts", (len(self.chunks), 0), start, end, {TEXTS: texts}))
        return texts_of(whole)

    @property
    def refused(self) -> list[DocumentFailure]:
        return list(self._refused.values())

    def finish(self, extraction: SpooledExtraction) -> SpooledExtraction:
        """The run's extraction with the texts and the documents refused for a changed file."""
        extraction.texts = self.chunks
        extraction.failures = [*self.refused, *extraction.failures]
        return extraction


class ExtractionSpooler:
    """The sink of `workers.stream_pending`: each chunk's rows go to the spool as the chunk arrives; only
    the NLP counts, the refusals and the warnings stay in memory."""

    def __init__(self, spool: Spool):
        self.spool = spool
        self.chunks: dict[tuple[int, int], SpooledChunk] = {}
        self.stats: dict[tuple[int, int], list[dict[str, Any]]] = {}
        self.refused: dict[tuple[int, int], tuple[list[DocumentFailure], list[DocumentFailure]]] = {}
        self.notes: dict[tuple[int, int], list[str]] = {}
        self.rows: dict[str, int] = {table: 0 for table in (*FACT_MODELS, "bridge_event_party")}

    def __call__(self, key: tuple[int, int], start: int, end: int, outcome: ChunkOutcome) -> None:
        frames = {**outcome.facts, "bridge_event_party": outcome.parties,
                  "dim_actor": frame_from_rows("dim_actor", list(outcome.actors.values()))}
        self.chunks[key] = self.spool.put_frames("extracted", key, start, end, frames)
        for table in self.rows:
            self.rows[table] += frames[table].height
        self.stats[key] = outcome.stats
        self.refused[key] = (outcome.parse_failures, outcome.extract_failures)
        self.notes[key] = outcome.notes

    def finish(self) -> tuple[SpooledExtraction, pl.DataFrame]:
        """The run's extraction and the NLP counts of every parsed document, in document order."""
        keys = sorted(self.chunks)
        failures = [f for k in keys for f in self.refused[k][0]] + [f for k in keys for f in self.refused[k][1]]
        stats = pl.DataFrame([row for k in keys for row in self.stats[k]], schema=STATS_SCHEMA, orient="row")
        extraction = SpooledExtraction(str(self.spool.directory), [self.chunks[k] for k in keys], failures,
                                       dict(self.rows),
                                       [note for k in keys for note in self.notes[k]])
        return extraction, stats
