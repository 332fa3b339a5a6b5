"""Warehouse stage: DDL from sql/, and transactional, by-column-name batch writes into DuckDB."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines import events, reference
from pipelines.faults import fault_point
from pipelines.settings import SQL_DIR
from pipelines.validate import FACT_SIDES

FACT_TABLES = ("fact_deal", "fact_gift", "fact_sanction", "fact_meeting", "fact_trade", "fact_statement")
CONTRACT_TABLES = ("dim_document", "dim_country", "dim_actor", *FACT_TABLES, "quarantine")
# Per-document tables beyond the contract's facts, replaced together with them.
DOCUMENT_TABLES = (*FACT_TABLES, "bridge_event_party")
WAREHOUSE_TABLES = (*CONTRACT_TABLES, "bridge_event_party", "event", "event_mention")
# Columns of each fact table that point at dim_actor.
ACTOR_REFERENCES = {table: tuple(f"{side}_actor_id" for side in sides) for table, sides in FACT_SIDES.items()}
# Every actor id some fact points to; an actor outside it is an orphan.
REFERENCED_ACTORS_SQL = " UNION ".join(
    f"SELECT {col} FROM {table} WHERE {col} IS NOT NULL" for table, cols in ACTOR_REFERENCES.items() for col in cols
)
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


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: list[Any] | None = None) -> Any:
    """First value of a one-row query, with the result fully consumed (duckdb 2 refuses new work otherwise)."""
    rows = con.execute(query, params or []).fetchall()
    return rows[0][0] if rows else None


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def apply_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> None:
    """Create tables, apply pending numbered migrations, (re)create views. Safe to run every time."""
    con.execute("BEGIN")
    try:
        for script in sorted((sql_dir / "tables").glob("*.sql")):
            con.execute(script.read_text(encoding="utf-8"))
        applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
        for script in sorted((sql_dir / "migrations").glob("*.sql")):
            match = _MIGRATION_NAME.match(script.name)
            if match is None or int(match.group(1)) in applied:
                continue
            con.execute(script.read_text(encoding="utf-8"))
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [int(match.group(1)), script.name],
            )
        for script in sorted((sql_dir / "views").glob("*.sql")):
            con.execute(script.read_text(encoding="utf-8"))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


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
    current = scalar(con, "SELECT count(*) FROM dim_country")
    if current == frame.height and _countries_match(con, frame):
        return current
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM dim_country")
        _insert(con, "dim_country", frame)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return frame.height


def _countries_match(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> bool:
    con.register("incoming_countries", frame)
    try:
        differing = scalar(
            con,
            "SELECT count(*) FROM (SELECT * FROM incoming_countries EXCEPT "
            "SELECT country_code, country_name, region, subregion, alpha2, official_name FROM dim_country)",
        )
    finally:
        con.unregister("incoming_countries")
    return differing == 0


def current_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """document_id -> extractor_version of everything in the warehouse."""
    return dict(con.execute(
        "SELECT document_id, extractor_version FROM dim_document WHERE deleted_at IS NULL").fetchall())


@dataclass
class Batch:
    """Everything one run learnt about a set of raw files.

    `documents` are new or changed article versions with their facts and actors; `seen_sources` are
    all files the run looked at (including unchanged and quarantined ones), so their stale rows can be
    replaced; `quarantine` holds the refusals.
    """

    documents: pl.DataFrame
    facts: dict[str, pl.DataFrame]
    actors: pl.DataFrame
    quarantine: list[dict[str, Any]]
    seen_sources: list[str]
    unchanged_document_ids: list[str] = field(default_factory=list)
    deleted_sources: list[str] = field(default_factory=list)


def write_batch(
    con: duckdb.DuckDBPyConnection, batch: Batch, now: dt.datetime | None = None
) -> dict[str, int]:
    """Replace the batch's documents and their rows in one transaction; roll back on any failure."""
    now = now or dt.datetime.now(dt.UTC)
    con.execute("BEGIN")
    try:
        sources = pl.DataFrame({"source_name": batch.seen_sources}, schema={"source_name": pl.Utf8})
        keep = pl.DataFrame({"document_id": batch.unchanged_document_ids}, schema={"document_id": pl.Utf8})
        con.register("batch_sources", sources)
        con.register("batch_keep", keep)
        # Older versions of the batch's files go, except the versions the run found unchanged.
        con.execute("""
            CREATE OR REPLACE TEMP TABLE replaced_documents AS
            SELECT document_id, ingested_at FROM dim_document
            WHERE source_name IN (SELECT source_name FROM batch_sources)
              AND document_id NOT IN (SELECT document_id FROM batch_keep)
        """)
        for table in DOCUMENT_TABLES:
            con.execute(
                f"DELETE FROM {table} WHERE document_id IN (SELECT document_id FROM replaced_documents)"
            )
        con.execute(
            "DELETE FROM dim_document WHERE document_id IN (SELECT document_id FROM replaced_documents)"
        )

        # A document seen before keeps its first ingested_at, so reruns change nothing.
        documents = batch.documents.with_columns(pl.lit(now).alias("ingested_at"))
        con.register("incoming_documents", documents)
        con.execute("""
            INSERT INTO dim_document BY NAME
            SELECT i.* EXCLUDE (ingested_at), coalesce(r.ingested_at, i.ingested_at) AS ingested_at
            FROM incoming_documents i LEFT JOIN replaced_documents r USING (document_id)
        """)
        counts = {"dim_document": documents.height}
        for table in DOCUMENT_TABLES:
            frame = batch.facts.get(table)
            if frame is not None and frame.height:
                _insert(con, table, frame)
            counts[table] = 0 if frame is None else frame.height

        if batch.actors.height:
            con.register("incoming_actors", batch.actors)
            con.execute("INSERT INTO dim_actor BY NAME SELECT * FROM incoming_actors ON CONFLICT DO NOTHING")
        counts["retracted_documents"] = _retract(con, batch.deleted_sources, now)
        counts["dim_actor_removed"] = _delete_orphan_actors(con)
        fault_point("warehouse_write")
        counts["event"] = events.rebuild(con)
        counts["quarantine"] = _replace_quarantine(con, batch.quarantine, now)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for view in (
            "batch_sources",
            "batch_keep",
            "incoming_documents",
            "incoming_actors",
            "incoming_quarantine",
        ):
            try:
                con.unregister(view)
            except duckdb.Error:
                pass
    return counts


def _retract(con: duckdb.DuckDBPyConnection, sources: list[str], now: dt.datetime) -> int:
    """Files gone from the raw directory: their rows go, their dim_document row stays as a tombstone."""
    if not sources:
        return 0
    con.register("deleted_sources", pl.DataFrame({"source_name": sources}, schema={"source_name": pl.Utf8}))
    try:
        gone = "SELECT document_id FROM dim_document WHERE source_name IN (SELECT source_name FROM deleted_sources)"
        for table in DOCUMENT_TABLES:
            con.execute(f"DELETE FROM {table} WHERE document_id IN ({gone})")
        con.execute("DELETE FROM quarantine WHERE source_name IN (SELECT source_name FROM deleted_sources)")
        return con.execute(f"""UPDATE dim_document SET deleted_at = ?
                               WHERE deleted_at IS NULL AND document_id IN ({gone})""", [now]).fetchall()[0][0]
    finally:
        con.unregister("deleted_sources")


def live_sources(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT source_name FROM dim_document WHERE deleted_at IS NULL").fetchall()}


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    view = f"incoming_{table}"
    con.register(view, frame)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)


def _delete_orphan_actors(con: duckdb.DuckDBPyConnection) -> int:
    before = scalar(con, "SELECT count(*) FROM dim_actor")
    con.execute(f"DELETE FROM dim_actor WHERE actor_id NOT IN ({REFERENCED_ACTORS_SQL})")
    return before - scalar(con, "SELECT count(*) FROM dim_actor")


def quarantine_id(row: dict[str, Any]) -> str:
    key = "\x1f".join(str(row.get(c) or "") for c in QUARANTINE_COLUMNS)
    return "q_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _replace_quarantine(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], now: dt.datetime) -> int:
    """The batch's sources get exactly this run's refusals; a refusal seen before keeps its first timestamp."""
    frame = pl.DataFrame(
        [
            {
                **{c: row.get(c) for c in QUARANTINE_COLUMNS},
                "quarantine_id": quarantine_id(row),
                "quarantined_at": now,
            }
            for row in rows
        ],
        schema={
            **{c: pl.Utf8 for c in QUARANTINE_COLUMNS},
            "quarantine_id": pl.Utf8,
            "quarantined_at": pl.Datetime("us", "UTC"),
        },
    ).unique("quarantine_id", keep="first", maintain_order=True)
    con.register("incoming_quarantine", frame)
    con.execute("""
        DELETE FROM quarantine
        WHERE source_name IN (SELECT source_name FROM batch_sources)
          AND quarantine_id NOT IN (SELECT quarantine_id FROM incoming_quarantine)
    """)
    con.execute("INSERT INTO quarantine BY NAME SELECT * FROM incoming_quarantine ON CONFLICT DO NOTHING")
    return frame.height


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: scalar(con, f"SELECT count(*) FROM {t}") for t in WAREHOUSE_TABLES}


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
    return duckdb.connect(str(work))


def publish(published: Path) -> None:
    """Atomically replace the analyst-facing file with the (checkpointed, closed) working copy.

    Readers that hold the old file open keep reading the old version; new readers see the new one;
    nobody ever sees a half-written file, and a crash at any point leaves one of the two intact.
    """
    work = working_path(published)
    staging = published.with_name(f".{published.name}.publishing")
    shutil.copyfile(work, staging)
    with staging.open("rb") as handle:
        os.fsync(handle.fileno())
    fault_point("publish")
    os.replace(staging, published)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
