"""Warehouse stage: DDL from sql/, and transactional, by-column-name batch writes into DuckDB.

A document is its content and its file names are a separate fact (`document_source`): a batch says
which names hold which documents, and `plan_sources` works out which names open and close and which
documents lose their last name. Every write is one transaction that commits only when something
changed, so a run with nothing to do writes nothing; an error while rolling back never hides the error
that caused the rollback. The pipeline works on a private copy of the published file, which is verified
against the published file before every run and rebuilt from it when they differ.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines import events, reference, sql
from pipelines.display import printable
from pipelines.ingest import IngestResult, PendingDocuments
from pipelines.schema import ACTOR_REFERENCES, DOCUMENT_TABLES, WAREHOUSE_TABLES
from pipelines.sql import SQL_DIR
from pipelines.validate import SpooledValidation, ValidationOutcome

QUARANTINE_COLUMNS = (
    "source_name",
    "stage",
    "reason",
    "detail",
    "document_id",
    "table_name",
    "check_name",
    "column_name",
    "failure_value",
)
_MIGRATION_NAME = re.compile(r"^(\d+)_.+\.sql$")
# The storage format of every file the pipeline writes: DuckDB 1.4 (the long-term release) and every
# later release read it, so the DuckDB CLI, DBeaver, R and any other client built on DuckDB 1.4 or
# newer open the published warehouse. DuckDB 2's own format ('latest') is readable by DuckDB 2 only.
STORAGE_VERSION = "v1.4.0"

log = logging.getLogger(__name__)
Warn = Callable[[str], None]
# Called with the name of each point a run passes where a crash would hurt most ("warehouse_write":
# inside the write transaction; "publish": between staging and replacing the published file). The
# pipeline passes nothing (`no_checkpoint`); the crash-safety tests pass a resource that kills the
# process there (tests/crash_run.py).
Checkpoint = Callable[[str], None]
# Called inside the write's transaction, after the batch's rows are in, with the documents extracted this
# run; returns how many changes it made (the analysts' corrections: `pipelines.correcting`).
AfterWrite = Callable[[duckdb.DuckDBPyConnection, set[str]], int]


def no_checkpoint(point: str) -> None:
    """The production checkpoint: nothing happens."""


class WarehouseDamaged(RuntimeError):
    """The published warehouse cannot be used as it is; nothing was changed. The message says what to do."""


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: list[Any] | None = None) -> Any:
    """First value of a one-row query, with the result fully consumed (duckdb 2 refuses new work otherwise)."""
    rows = con.execute(query, params or []).fetchall()
    return rows[0][0] if rows else None


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to a warehouse file; a file it creates is in the published `STORAGE_VERSION`."""
    path = Path(path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})


def storage_version(path: Path) -> str | None:
    """The oldest DuckDB release that reads the file, as DuckDB tags it ('v1.4.0+'); None when the
    file cannot be opened."""
    try:
        with duckdb.connect() as con:
            con.execute(sql.statement("storage/attach_source"), [str(path)])
            version = scalar(con, sql.statement("storage/source_version"))
    except duckdb.Error:
        return None
    return str(version) if version is not None else None


def convert_storage(path: Path) -> bool:
    """Rewrite a warehouse file in `STORAGE_VERSION` when it is in another one (a warehouse published
    before the format was pinned is in DuckDB 2's own format, which DuckDB 1.x clients cannot open).
    Every table, view, constraint and comment is copied; the file is replaced atomically. True when it
    was rewritten."""
    current = storage_version(path)
    if current is None or current == f"{STORAGE_VERSION}+":
        return False
    converting = path.with_name(path.name + ".converting")
    _remove_quietly(converting)
    try:
        with duckdb.connect() as con:
            con.execute(sql.statement("storage/attach_source"), [str(path)])
            con.execute(sql.statement("storage/attach_converted"), [str(converting)])
            con.execute(sql.statement("storage/copy_source_to_converted"))
            con.execute(sql.statement("storage/detach_converted"))
        _remove_quietly(wal_path(path))
        os.replace(converting, path)
    except BaseException:
        _remove_quietly(converting)
        _remove_quietly(wal_path(converting))
        raise
    log.info("converted %s from storage %s to %s", printable(path), current, STORAGE_VERSION)
    return True


class Transaction:
    """An open transaction; set `commit = False` to end it with ROLLBACK (a run that changed nothing)."""

    def __init__(self) -> None:
        self.commit = True


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[Transaction]:
    """BEGIN ... COMMIT, or ROLLBACK and re-raise on any error.

    The error raised is always the one that caused the rollback: DuckDB often ends the transaction itself
    (a COMMIT that fails on a full disk), so the ROLLBACK can fail too ("no transaction is active"); that
    second error is attached to the first as a note and logged, never raised in its place.
    """
    tx = Transaction()
    con.begin()
    try:
        yield tx
        if tx.commit:
            con.commit()
        else:
            con.rollback()
    except BaseException as exc:
        rollback_quietly(con, exc)
        raise


def rollback_quietly(con: duckdb.DuckDBPyConnection, cause: BaseException) -> None:
    try:
        con.rollback()
    except Exception as rollback_error:  # noqa: BLE001 - reported on the cause, which is what is raised
        note = f"(rolling back after this error failed too: {rollback_error})"
        cause.add_note(note)
        log.warning("%s %s", printable(cause), note)


def apply_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> bool:
    """Create tables, apply pending numbered migrations, (re)create views. Safe to run every time; commits
    only when the schema, a migration or reference data changed (True), so a no-op run writes nothing."""
    with transaction(con) as tx:
        before = _schema_state(con)
        for script in sql.scripts("tables", sql_dir):
            con.execute(script.read_text(encoding="utf-8"))
        applied = {row[0] for row in con.execute(sql.statement("schema/applied_migrations")).fetchall()}
        for script in sql.scripts("migrations", sql_dir):
            match = _MIGRATION_NAME.match(script.name)
            if match is None or int(match.group(1)) in applied:
                continue
            con.execute(script.read_text(encoding="utf-8"))
            con.execute(sql.statement("schema/record_migration"), [int(match.group(1)), script.name])
        for script in sql.scripts("views", sql_dir):
            con.execute(script.read_text(encoding="utf-8"))
        tx.commit = _schema_state(con) != before
    return tx.commit


def _schema_state(con: duckdb.DuckDBPyConnection) -> str:
    """A digest of everything the sql/ scripts can change: tables, columns, comments, constraints, views,
    applied migrations and the rows of reference tables (ref_*, which the table scripts upsert)."""
    catalog = [con.execute(sql.statement(f"schema/state_{part}")).fetchall()
               for part in ("tables", "columns", "views", "constraints")]
    catalog[2] = [(name, _canonical_view_sql(con, text), *rest) for name, text, *rest in catalog[2]]
    tables = [row[0] for row in catalog[0]]
    for table in tables:
        if table == "schema_migrations":
            catalog.append(con.execute(sql.statement("schema/state_migrations")).fetchall())
        elif table.startswith("ref_"):
            catalog.append(con.execute(sql.statement("schema/state_rows"), [table]).fetchall())
    return hashlib.sha256(repr(catalog).encode("utf-8")).hexdigest()


_CREATE_VIEW = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+\S+\s+AS\s+", re.IGNORECASE)


def _canonical_view_sql(con: duckdb.DuckDBPyConnection, text: str) -> str:
    """A view's query as DuckDB renders it from its parse tree. A view read back from a file in an older
    storage format holds that rendering, not the text it was created with (parentheses, `1e15` as a
    cast), so the text alone would make every run look like a schema change."""
    query = _CREATE_VIEW.sub("", text).strip().rstrip(";")
    try:
        return str(scalar(con, sql.statement("schema/canonical_view"), [query]))
    except duckdb.Error:
        return text


def country_frame() -> pl.DataFrame:
    rows = [
        {
            "country_code": c.code,
            "country_name": c.name,
            "region": c.region,
            "subregion": c.subregion,
            "alpha2": c.alpha2,
            "official_name": c.official_name,
        }
        for c in sorted(reference.countries().values(), key=lambda c: c.code)
    ]
    return pl.DataFrame(rows)


def refresh_countries(con: duckdb.DuckDBPyConnection) -> int:
    """Replace dim_country with pycountry's list when it differs (a pycountry upgrade), in one transaction."""
    frame = country_frame()
    current = scalar(con, sql.statement("write/count_countries"))
    if current == frame.height and _countries_match(con, frame):
        return int(current)
    with transaction(con):
        con.execute(sql.statement("write/clear_countries"))
        _insert(con, "dim_country", frame)
    return frame.height


def _countries_match(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> bool:
    con.register("incoming_countries", frame)
    try:
        differing = scalar(con, sql.statement("write/countries_differing"))
    finally:
        con.unregister("incoming_countries")
    return bool(differing == 0)


def current_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """document_id -> extractor_version of every live document in the warehouse."""
    columns = {r[0] for r in con.execute(sql.statement("read/dim_document_columns")).fetchall()}
    if not columns:  # nothing published yet
        return {}
    # Read before the schema is applied: a warehouse older than migration 001 has no deleted_at yet.
    query = "read/live_document_versions" if "deleted_at" in columns else "read/document_versions"
    return dict(con.execute(sql.statement(query)).fetchall())


@dataclass
class Batch:
    """Everything one run learnt about a set of raw files.

    `documents` are the new, changed, revived or re-extracted documents with their facts and actors;
    `names` maps every file the run read that holds a document to it (copies share one); `seen_sources`
    are all files the run looked at (quarantined ones too); `refused_document_ids` are documents of this
    run that a later stage refused (not published; a live older version of the same document stays);
    `unread_sources` could not be read this time and are left as they were; `deleted_sources` are files
    known to be gone. A full scan saw the whole raw directory, so every live name it did not see is gone,
    except under `unlisted` directories.
    """

    documents: pl.DataFrame
    facts: dict[str, pl.DataFrame]
    actors: pl.DataFrame
    quarantine: list[dict[str, Any]]
    seen_sources: list[str]
    unchanged_document_ids: list[str] = field(default_factory=list)
    deleted_sources: list[str] = field(default_factory=list)
    names: dict[str, str] | None = None
    refused_document_ids: list[str] = field(default_factory=list)
    unread_sources: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    full_scan: bool = False
    # Tables whose rows are in Parquet files (the run's spool), not in `documents`/`facts`: the files in
    # document order and their rows. A spooled `documents` holds only ids and names.
    spooled: dict[str, list[str]] = field(default_factory=dict)
    spooled_rows: dict[str, int] = field(default_factory=dict)

    def source_names(self) -> dict[str, str]:
        """source_name -> document_id of every file read that holds a document (by default, the documents'
        own names)."""
        if self.names is not None:
            return self.names
        return dict(zip(self.documents["source_name"].to_list(), self.documents["document_id"].to_list()))


def batch_from_run(ingested: IngestResult, pending: PendingDocuments, validated: ValidationOutcome) -> Batch:
    """What one run wrote: the documents and rows that passed validation, every refusal (ingest's first),
    the names the run read and the ones it saw deleted. A pending document that is not among the valid
    ones was refused by a later stage: it is not published, and a live older version of it stays."""
    valid = validated.valid
    return _run_batch(ingested, pending, set(valid["dim_document"]["document_id"].to_list()),
                      validated.quarantine, documents=valid["dim_document"],
                      facts={t: valid[t] for t in DOCUMENT_TABLES}, actors=valid["dim_actor"])


def batch_from_spool(ingested: IngestResult, pending: PendingDocuments, validated: SpooledValidation) -> Batch:
    """`batch_from_run` of a run validated chunk by chunk: the valid rows stay in the spool's Parquet files
    until the write reads them (`write_batch`)."""
    published = set(validated.document_ids)
    names = pending.documents.select("document_id", "source_name").filter(pl.col("document_id").is_in(sorted(published)))
    spooled_tables = ("dim_document", *DOCUMENT_TABLES)
    return _run_batch(ingested, pending, published, validated.quarantine, documents=names, facts={},
                      actors=validated.actors, spooled={t: validated.files(t) for t in spooled_tables},
                      spooled_rows={t: validated.rows.get(t, 0) for t in spooled_tables})


def _run_batch(ingested: IngestResult, pending: PendingDocuments, published: set[str],
               quarantine: list[dict[str, Any]], *, documents: pl.DataFrame, facts: dict[str, pl.DataFrame],
               actors: pl.DataFrame, spooled: dict[str, list[str]] | None = None,
               spooled_rows: dict[str, int] | None = None) -> Batch:
    """The part of a run's batch both ways of validating share: refusals, names read, deletions, and the
    pending documents not published (refused by a later stage)."""
    return Batch(
        documents=documents,
        facts=facts,
        actors=actors,
        quarantine=[q.__dict__ for q in ingested.quarantined] + quarantine,
        seen_sources=ingested.seen_sources,
        unchanged_document_ids=pending.unchanged_document_ids,
        deleted_sources=ingested.deleted,
        names=ingested.sources,
        refused_document_ids=sorted(set(pending.documents["document_id"].to_list()) - published),
        unread_sources=ingested.unread_sources,
        unlisted=ingested.unlisted,
        full_scan=ingested.full_scan,
        spooled=spooled or {},
        spooled_rows=spooled_rows or {},
    )


@dataclass
class SourcePlan:
    """What a batch changes in `document_source` and which documents lose their last name."""

    close: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (document, 'deleted' | 'replaced')
    open: dict[str, str] = field(default_factory=dict)  # name -> document it now holds
    held: dict[str, str] = field(default_factory=dict)  # every live name after the batch -> its document
    tombstone: set[str] = field(default_factory=set)  # documents whose files are gone: facts retracted, row kept
    remove: set[str] = field(default_factory=set)  # documents whose files now hold something else: removed
    gone: set[str] = field(default_factory=set)  # names that went this run
    by_document: dict[str, list[str]] = field(default_factory=dict)  # document -> its live names, sorted

    def names_of(self, document_id: str) -> list[str]:
        return self.by_document.get(document_id, [])


def plan_sources(batch: Batch, live_names: dict[str, str], live_documents: set[str]) -> SourcePlan:
    """Which names open and close, and which documents go, given the live names and documents.

    A file read this run holds its document when that document is published or about to be (a new one,
    or a live one even if this run's re-extraction of it was refused: the older version stays); a file
    quarantined (or holding a refused new document) holds nothing; a file that could not be read keeps
    what it held. A document left with no live name goes: as a tombstone when one of its files was
    deleted, removed outright when its files now hold other content (an edit replaces the old version).
    """
    names = batch.source_names()
    incoming = set(batch.documents["document_id"].to_list())
    unread = set(batch.unread_sources)
    seen = set(batch.seen_sources) | set(names)
    plan = SourcePlan(gone=set(batch.deleted_sources))
    if batch.full_scan:
        plan.gone |= {n for n in live_names if n not in seen and not _under_any(n, batch.unlisted)}
    plan.gone -= seen
    for name in sorted(seen | plan.gone):
        current = live_names.get(name)
        if name in plan.gone:
            new, why = None, "deleted"
        elif name in unread:
            continue
        else:
            document_id = names.get(name)
            publishable = document_id is not None and (document_id in incoming or document_id in live_documents)
            new, why = (document_id if publishable else None), "replaced"
        if new == current:
            continue
        if current is not None:
            plan.close[name] = (current, why)
        if new is not None:
            plan.open[name] = new
    plan.held = {n: d for n, d in live_names.items() if n not in plan.close} | plan.open
    for name in sorted(plan.held):
        plan.by_document.setdefault(plan.held[name], []).append(name)
    holders = set(plan.by_document)
    losing = {document_id for document_id, _ in plan.close.values()}
    if batch.full_scan:  # a live document with no name at all (an old inconsistency) is gone too
        losing |= live_documents
    for document_id in losing - holders:
        if document_id not in live_documents:
            continue
        whys = {why for d, why in plan.close.values() if d == document_id}
        (plan.remove if whys == {"replaced"} else plan.tombstone).add(document_id)
    return plan


def _under_any(name: str, directories: list[str]) -> bool:
    return any(d == "" or name.startswith(d.rstrip("/") + "/") for d in directories)


def write_batch(
    con: duckdb.DuckDBPyConnection, batch: Batch, now: dt.datetime | None = None,
    checkpoint: Checkpoint = no_checkpoint, after_write: AfterWrite | None = None,
) -> dict[str, int]:
    """Apply the batch in one transaction; roll back on any failure, and when it changes nothing.
    `after_write` changes the written rows further in the same transaction (the analysts' corrections)."""
    now = now or dt.datetime.now(dt.UTC)
    counts: dict[str, int] = {}
    registered: list[str] = []

    def register(name: str, frame: pl.DataFrame) -> str:
        con.register(name, frame)
        registered.append(name)
        return name

    try:
        with transaction(con) as tx:
            live = con.execute(sql.statement("write/live_sources")).fetchall()
            live_names = {name: document_id for name, document_id, _ in live}
            first_seen = {name: seen_at for name, _, seen_at in live}
            primary = dict(con.execute(sql.statement("write/live_primary_names")).fetchall())
            plan = plan_sources(batch, live_names, set(primary))
            documents = batch.documents
            incoming = documents["document_id"].to_list()

            # 1. Names that went, or now hold something else.
            closing = pl.DataFrame([(n, d) for n, (d, _) in sorted(plan.close.items())],
                                   schema={"source_name": pl.Utf8, "document_id": pl.Utf8}, orient="row")
            register("closing_sources", closing)
            counts["names_closed"] = _affected(con, sql.statement("write/close_sources"), [now])

            # 2. Documents with no name left: facts retracted; a tombstone, or removed when replaced.
            counts["retracted_documents"] = len(plan.tombstone)
            counts["removed_documents"] = len(plan.remove)
            changed_documents = bool(plan.tombstone or plan.remove)
            if changed_documents:
                register("leaving_documents", _ids(plan.tombstone | plan.remove))
                register("removed_documents", _ids(plan.remove))
                for table in DOCUMENT_TABLES:
                    con.execute(sql.statement("write/delete_leaving_rows", table=table))
                con.execute(sql.statement("write/delete_removed_documents"))
                con.execute(sql.statement("write/delete_removed_sources"))
                con.execute(sql.statement("write/tombstone_documents"), [now])

            # 3. Incoming documents replace any earlier row of the same id (a tombstone coming back, or an
            # older extraction); a document seen before keeps its first ingested_at, so reruns change nothing.
            names_of = {d: name for d in incoming
                        if (name := _primary_name(plan.names_of(d), primary.get(d), first_seen)) is not None}
            if incoming:
                changed_documents = True
                _stage_documents(con, batch, names_of, now, register)
                con.execute(sql.statement("write/stash_replaced_documents"))
                for table in DOCUMENT_TABLES:
                    con.execute(sql.statement("write/delete_replaced_rows", table=table))
                con.execute(sql.statement("write/delete_replaced_documents"))
                con.execute(sql.statement("write/insert_documents"))
                if "dim_document" in batch.spooled:
                    con.execute(sql.statement("write/drop_incoming_documents"))
            counts["dim_document"] = documents.height
            for table in DOCUMENT_TABLES:
                counts[table] = _insert_rows(con, table, batch)

            # 4. Names that now hold a document: a new row, or a closed one reopened.
            opening = pl.DataFrame(sorted(plan.open.items()), schema={"source_name": pl.Utf8, "document_id": pl.Utf8},
                                   orient="row")
            register("opening_sources", opening)
            counts["names_opened"] = (_affected(con, sql.statement("write/reopen_sources"), [now])
                                      + _affected(con, sql.statement("write/open_sources"), [now, now]))

            # 5. A live document whose name went is known by the earliest of its other names.
            arriving = set(incoming)
            moved = {d: _primary_name(plan.names_of(d), name, first_seen) for d, name in primary.items()
                     if d not in arriving and d in plan.by_document and name not in plan.names_of(d)}
            register("renamed_documents", pl.DataFrame(sorted(moved.items()),
                                                       schema={"document_id": pl.Utf8, "source_name": pl.Utf8},
                                                       orient="row"))
            counts["renamed_documents"] = _affected(con, sql.statement("write/rename_documents"))

            counts["dim_actor_added"] = 0
            if batch.actors.height:
                register("incoming_actors", batch.actors)
                counts["dim_actor_added"] = _affected(con, sql.statement("write/insert_actors"))
            counts["corrections"] = after_write(con, set(incoming)) if after_write is not None else 0
            changed_documents = changed_documents or counts["corrections"] > 0
            counts["dim_actor_removed"] = _delete_orphan_actors(con) if changed_documents else 0
            checkpoint("warehouse_write")
            quarantine_changes = _replace_quarantine(con, batch, plan, register, now)
            counts["quarantine"] = len(batch.quarantine)
            changes = (changed_documents + counts["names_closed"] + counts["names_opened"]
                       + counts["renamed_documents"] + counts["dim_actor_added"] + counts["dim_actor_removed"]
                       + quarantine_changes)
            if changed_documents:
                counts["event"] = events.rebuild(con)
            if changes:  # the names this run saw were seen now
                register("held_sources", pl.DataFrame({"source_name": sorted(set(plan.held) & set(batch.source_names()))},
                                                      schema={"source_name": pl.Utf8}))
                con.execute(sql.statement("write/touch_sources"), [now])
            counts["changes"] = changes
            tx.commit = changes > 0
    finally:
        for view in registered:
            try:
                con.unregister(view)
            except duckdb.Error:
                pass
    return counts


def _primary_name(names: list[str], current: str | None, first_seen: dict[str, Any]) -> str | None:
    """The name a document is known by: its current one while that lasts, else the earliest-seen live one."""
    if current in names or not names:
        return current
    return min(names, key=lambda n: (first_seen.get(n) is None, first_seen.get(n) or 0, n))


def _ids(document_ids: set[str]) -> pl.DataFrame:
    return pl.DataFrame({"document_id": sorted(document_ids)}, schema={"document_id": pl.Utf8})


def _affected(con: duckdb.DuckDBPyConnection, query: str, params: list[Any] | None = None) -> int:
    """Rows changed by an INSERT, UPDATE or DELETE."""
    rows = con.execute(query, params or []).fetchall()
    return int(rows[0][0]) if rows and rows[0] and rows[0][0] is not None else 0


def live_sources(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every name that holds a live document."""
    return {r[0] for r in con.execute(sql.statement("read/live_names")).fetchall()}


def _stage_documents(con: duckdb.DuckDBPyConnection, batch: Batch, names_of: dict[str, str], now: dt.datetime,
                     register: Callable[[str, pl.DataFrame], str]) -> None:
    """The incoming documents as `incoming_documents`, each under the name it is known by, stamped `now`:
    from the batch's frame, or read from the spool inside the write's transaction."""
    files = batch.spooled.get("dim_document")
    if files is None:
        register("incoming_documents", batch.documents.with_columns(
            pl.col("document_id").replace_strict(names_of, default=pl.col("source_name"),
                                                 return_dtype=pl.Utf8).alias("source_name"),
            pl.lit(now).alias("ingested_at")))
        return
    register("incoming_names", pl.DataFrame({"document_id": list(names_of), "source_name": list(names_of.values())},
                                            schema={"document_id": pl.Utf8, "source_name": pl.Utf8}))
    con.execute(sql.statement("write/stage_spooled_documents"), [now, files])


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, batch: Batch) -> int:
    """The batch's rows of a document table inserted (from the spool's files when spooled); their number."""
    if table in batch.spooled:
        files = batch.spooled[table]
        if files:
            con.execute(sql.statement("write/insert_spooled_rows", table=table), [files])
        return batch.spooled_rows.get(table, 0)
    frame = batch.facts.get(table)
    if frame is not None and frame.height:
        _insert(con, table, frame)
    return 0 if frame is None else frame.height


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.register("incoming_rows", frame)
    try:
        con.execute(sql.statement("write/insert_rows", table=table))
    finally:
        con.unregister("incoming_rows")


def gather_referenced_actors(con: duckdb.DuckDBPyConnection) -> None:
    """The temporary table `referenced_actors`: every actor id some fact points to (any column of
    `pipelines.schema.ACTOR_REFERENCES`); an actor outside it is an orphan."""
    con.execute(sql.statement("write/create_referenced_actors"))
    for table, columns in ACTOR_REFERENCES.items():
        for column in columns:
            con.execute(sql.statement("write/gather_referenced_actors", table=table, column=column))
    # The actors of rows analysts rejected or changed stay, for when the correction is undone.
    con.execute(sql.statement("write/gather_corrected_actors"))


def _delete_orphan_actors(con: duckdb.DuckDBPyConnection) -> int:
    before = scalar(con, sql.statement("write/count_actors"))
    gather_referenced_actors(con)
    con.execute(sql.statement("write/delete_orphan_actors"))
    return int(before - scalar(con, sql.statement("write/count_actors")))


def quarantine_id(row: dict[str, Any]) -> str:
    key = "\x1f".join(str(row.get(c) or "") for c in QUARANTINE_COLUMNS)
    return "q_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _replace_quarantine(con: duckdb.DuckDBPyConnection, batch: Batch, plan: SourcePlan,
                        register: Callable[[str, pl.DataFrame], str], now: dt.datetime) -> int:
    """Refusals are replaced by owner. An ingest row belongs to a file: replaced for every file the run
    looked at, dropped when the file is gone. A later stage's row belongs to a document: replaced for
    every document the run processed, dropped with a document that goes. A refusal seen before keeps its
    first timestamp. Returns the number of rows deleted and inserted."""
    frame = pl.DataFrame(
        [
            {
                **{c: row.get(c) for c in QUARANTINE_COLUMNS},
                "quarantine_id": quarantine_id(row),
                "quarantined_at": now,
            }
            for row in batch.quarantine
        ],
        schema={
            **{c: pl.Utf8 for c in QUARANTINE_COLUMNS},
            "quarantine_id": pl.Utf8,
            "quarantined_at": pl.Datetime("us", "UTC"),
        },
    ).unique("quarantine_id", keep="first", maintain_order=True)
    register("incoming_quarantine", frame)
    seen = set(batch.seen_sources) | set(batch.source_names())
    files = set(seen) | plan.gone
    if batch.full_scan:  # rows of files no longer there
        recorded = {r[0] for r in con.execute(sql.statement("write/ingest_quarantine_sources")).fetchall()}
        files |= {n for n in recorded - seen if not _under_any(n, batch.unlisted)}
    processed = (set(batch.documents["document_id"].to_list()) | set(batch.refused_document_ids)
                 | plan.tombstone | plan.remove)
    register("quarantine_files", pl.DataFrame({"source_name": sorted(files)}, schema={"source_name": pl.Utf8}))
    register("quarantine_seen", pl.DataFrame({"source_name": sorted(seen)}, schema={"source_name": pl.Utf8}))
    register("quarantine_documents", _ids(processed))
    deleted = _affected(con, sql.statement("write/delete_stale_quarantine"))
    inserted = _affected(con, sql.statement("write/insert_quarantine"))
    return deleted + inserted


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: scalar(con, sql.statement("read/count_rows"), [t]) for t in WAREHOUSE_TABLES}


# --- the analyst-facing file ---------------------------------------------------------------------

def working_path(published: Path) -> Path:
    """The pipeline's own copy of the warehouse; analysts never open it, so it is never locked by them."""
    return published.parent / ".work" / published.name


@contextmanager
def writer_lock(published: Path, timeout_seconds: float = 3600.0) -> Iterator[None]:
    """One writer at a time across processes: a second run waits here instead of failing on DuckDB's lock."""
    lock_file = working_path(published).with_suffix(".lock")
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another run has held the warehouse lock {lock_file} for "
                                       f"{timeout_seconds:.0f} s") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def connect_working(published: Path) -> duckdb.DuckDBPyConnection:
    """Open the working copy, seeding it from the published file when it is missing (a fresh checkout
    of an existing warehouse, or a working copy someone deleted): nothing published is ever lost."""
    work = working_path(published)
    work.parent.mkdir(parents=True, exist_ok=True)
    if not work.exists() and published.exists():
        shutil.copyfile(published, work)
    if work.exists():
        convert_storage(work)
    return connect(work)


def staging_path(published: Path) -> Path:
    return published.with_name(f".{published.name}.publishing")


def record_path(published: Path) -> Path:
    """What the pipeline last published (its SHA-256), kept beside the working copy."""
    return working_path(published).with_name(published.name + ".published.json")


def wal_path(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def prepare_working_copy(published: Path, warn: Warn | None = None) -> None:
    """Make sure the working copy is byte-for-byte the published file before a run uses it.

    - The published file is what this pipeline last published: the working copy is used when its
      checksum matches; otherwise (a run was interrupted, someone touched it) it is rebuilt from the
      published file.
    - The published file is not what this pipeline last published (a backup was restored, or there is no
      record of it): it is opened and checked; when it reads as a warehouse, it becomes the base of this
      run and of the working copy (a restored backup is kept, not undone). When it cannot be read, the
      run fails with `WarehouseDamaged`, and nothing is replaced.
    - The published file is missing: when the working copy is exactly the last publish, it is published
      again; when there never was a publish here, the warehouse starts empty.

    Also removes a staging file left by a publish that was interrupted.
    """
    warn = warn or log.warning
    work = working_path(published)
    work.parent.mkdir(parents=True, exist_ok=True)
    _remove_quietly(staging_path(published))
    record = _read_record(published)
    accepted = {record.get("sha256"), record.get("publishing")} - {None}
    if published.exists():
        published_sha = file_sha256(published)
        if published_sha in accepted:
            if record.get("sha256") != published_sha:  # a publish that stopped after its rename
                _write_record(published, published_sha)
            if _working_copy_is(work, published_sha):
                return
            if work.exists() or wal_path(work).exists():
                warn(printable(f"the working copy {work} differs from the published warehouse (an interrupted or "
                               "failed run); rebuilt from the published file"))
            _rebuild_working_copy(published, published_sha, verify=False)
            return
        _rebuild_working_copy(published, published_sha, verify=True, last=record.get("sha256"))
        if record.get("sha256") is not None:
            warn(printable(f"the published warehouse {published} changed since this pipeline last published it "
                           "(a restored backup?); it is kept, and this run builds on it"))
        return
    last = record.get("sha256")
    if last is not None:
        if _working_copy_is(work, last):
            warn(printable(f"the published warehouse {published} is missing; publishing again the working copy, "
                           "which is exactly what was last published"))
            publish(published)
            return
        raise WarehouseDamaged(
            f"the published warehouse {published} is missing and the working copy {work} is not what was last "
            f"published (sha256 {last}): restore the published file from a backup, or delete {work.parent} "
            "to rebuild the warehouse from the raw directory")
    # Nothing was ever published here: leftovers of an interrupted first run go, the warehouse starts empty.
    for leftover in (work, wal_path(work)):
        _remove_quietly(leftover)


def _working_copy_is(work: Path, sha256: str) -> bool:
    return work.exists() and not wal_path(work).exists() and file_sha256(work) == sha256


def _rebuild_working_copy(published: Path, published_sha: str, verify: bool, last: str | None = None) -> None:
    work = working_path(published)
    rebuilding = work.with_name(work.name + ".rebuilding")
    try:
        copied = _copy_file(published, rebuilding)
        if copied != published_sha:
            raise WarehouseDamaged(f"the published warehouse {published} changed while it was being copied; "
                                   "is another process writing it?")
        if verify:
            check_database(rebuilding, published, work if last and _working_copy_is(work, last) else None)
        _remove_quietly(wal_path(work))
        os.replace(rebuilding, work)
    except BaseException:
        _remove_quietly(rebuilding)
        _remove_quietly(wal_path(rebuilding))
        raise
    _write_record(published, published_sha)


def check_database(copy: Path, published: Path, last_good: Path | None = None) -> None:
    """Open a copy of the published file and read all of every table; `WarehouseDamaged` when that fails."""
    hint = (f"the working copy {last_good} is exactly what this pipeline last published: copy it over "
            f"{published} to restore that" if last_good is not None else
            f"restore it from a backup, or delete it and {working_path(published).parent} to rebuild the "
            "warehouse from the raw directory")
    try:
        with duckdb.connect(str(copy), read_only=True) as con:
            tables = [r[0] for r in con.execute(sql.statement("read/catalog_tables")).fetchall()]
            if "dim_document" not in tables:
                raise WarehouseDamaged(f"the published warehouse {published} is a DuckDB file but not this "
                                       f"warehouse (it has no dim_document table); {hint}")
            for table in tables:  # every column of every row: each block is read, and its checksum checked
                con.execute(sql.statement("read/read_every_block"), [table]).fetchall()
    except duckdb.Error as exc:
        raise WarehouseDamaged(f"the published warehouse {published} cannot be read ({printable(exc, 300)}); "
                               f"nothing was changed; {hint}") from exc


def _read_record(published: Path) -> dict[str, str | None]:
    try:
        loaded = json.loads(record_path(published).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: v for k, v in loaded.items() if k in ("sha256", "publishing") and isinstance(v, str)}


def _write_record(published: Path, sha256: str | None, publishing: str | None = None) -> None:
    path = record_path(published)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump({"sha256": sha256, "publishing": publishing}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _copy_file(source: Path, target: Path) -> str:
    """Copy, fsync and return the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    with source.open("rb") as reader, target.open("wb") as writer:
        while chunk := reader.read(1 << 20):
            digest.update(chunk)
            writer.write(chunk)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove %s: %s", printable(path), printable(exc))


def _fsync_directory(directory: Path) -> None:
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def publish(published: Path, checkpoint: Checkpoint = no_checkpoint) -> str:
    """Atomically replace the analyst-facing file with the (checkpointed, closed) working copy.

    Readers that hold the old file open keep reading the old version; new readers see the new one;
    nobody ever sees a half-written file, and a crash at any point leaves one of the two intact. A
    publish that fails (a full disk) removes its partial staging file and raises the real error.
    """
    work = working_path(published)
    staging = staging_path(published)
    last = _read_record(published).get("sha256")
    try:
        sha256 = _copy_file(work, staging)
        _write_record(published, last, publishing=sha256)
        checkpoint("publish")
        os.replace(staging, published)
        _fsync_directory(published.parent)
    except BaseException:
        _remove_quietly(staging)
        raise
    _write_record(published, sha256)
    return sha256


def publish_if_changed(published: Path, checkpoint: Checkpoint = no_checkpoint) -> bool:
    """Publish the working copy when it differs from the published file (or that is missing): a run that
    changed nothing leaves the published file exactly as it was."""
    work = working_path(published)
    if published.exists() and _working_copy_is(work, _read_record(published).get("sha256") or ""):
        return False
    publish(published, checkpoint)
    return True
