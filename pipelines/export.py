"""Exports of the published warehouse for tools that do not speak DuckDB: Parquet or CSV, every public table.

Facts (the `fact_*` tables and `v_bilateral_event`) are written as Hive-style partitions by the year of
their event date (`fact_deal/event_year=2024/data_0.parquet`; undated rows in
`event_year=__HIVE_DEFAULT_PARTITION__`), which Spark, pandas/pyarrow, polars, R arrow and DuckDB read
as one table with an `event_year` column. Every other table is one file (`dim_document.parquet`).

An export reads the published file only (read-only, from a fresh in-memory connection, so it always
sees the file as it is now) and never disturbs a refresh. It is written into a staging folder inside the
target and each table is then moved into place, so a reader sees a table's old export or its new one;
`manifest.json` lists what was written, with row counts and the warehouse's checksum.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import schema, sql, warehouse
from pipelines.settings import EXPORT_FORMATS

FORMATS = EXPORT_FORMATS
PARTITION_COLUMN = "event_year"
# Tables partitioned by the year of their event date.
PARTITIONED = (*schema.FACT_TABLES, "v_bilateral_event")
# Every table and view an analyst may read: the warehouse's tables, the CAMEO lookup and the main view.
# (schema_migrations is bookkeeping; dim_date is a calendar any tool can generate.)
PUBLIC_TABLES = (*schema.WAREHOUSE_TABLES, "ref_cameo", "v_bilateral_event")
MANIFEST = "manifest.json"
# The COPY statement of each format, whole or by event year.
COPY_STATEMENTS = {("parquet", False): "export/parquet", ("parquet", True): "export/parquet_by_year",
                   ("csv", False): "export/csv", ("csv", True): "export/csv_by_year"}


class ExportError(RuntimeError):
    """The export cannot be written; the message says what to do."""


@dataclass(frozen=True)
class ExportedTable:
    table: str
    path: str  # relative to the export directory
    rows: int
    partitioned: bool


def export_warehouse(published: Path, target: Path, fmt: str = "parquet") -> list[ExportedTable]:
    """Write every public table of the published warehouse into `target` as Parquet or CSV."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not published.is_file():
        raise ExportError(f"no published warehouse at {published}: run `python -m pipelines run` first, "
                          "or pass --warehouse FILE")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the export directory {target} ({exc.strerror}): "
                          "choose a writable directory") from exc
    staging = target / f".staging-{uuid.uuid4().hex[:8]}"
    try:
        staging.mkdir()
        exported = _write_tables(published, staging, fmt)
        for item in exported:
            _move_into_place(staging / item.path, target / item.path)
        manifest = {"format": fmt, "warehouse": str(published), "warehouse_sha256": warehouse.file_sha256(published),
                    "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "partition_column": PARTITION_COLUMN,
                    "tables": [item.__dict__ for item in exported]}
        temporary = target / (MANIFEST + ".tmp")
        temporary.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, target / MANIFEST)
    except OSError as exc:
        raise ExportError(f"cannot write the export into {target} ({exc.strerror or exc}): "
                          "free some space or choose another directory") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return exported


def _write_tables(published: Path, staging: Path, fmt: str) -> list[ExportedTable]:
    exported = []
    with duckdb.connect() as con:
        con.execute(sql.statement("storage/attach_source"), [str(published)])
        con.execute(sql.statement("storage/use_source"))
        present = {row[0] for row in con.execute(sql.statement("export/relations")).fetchall()}
        for table in PUBLIC_TABLES:
            if table not in present:
                continue
            rows = int(warehouse.scalar(con, sql.statement("read/count_rows"), [table]))
            partitioned = table in PARTITIONED
            path = table if partitioned else f"{table}.{fmt}"
            con.execute(sql.statement(COPY_STATEMENTS[fmt, partitioned], table=table), [str(staging / path)])
            if partitioned and rows == 0:  # DuckDB writes no folder for an empty table: an empty one says so
                (staging / path).mkdir(exist_ok=True)
            exported.append(ExportedTable(table, path, rows, partitioned))
    return exported


def _move_into_place(source: Path, destination: Path) -> None:
    """Replace `destination` (a file or a partition folder) with `source`."""
    if destination.is_dir() and not destination.is_symlink():
        old = destination.with_name(f".{destination.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(destination, old)
        os.replace(source, destination)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(source, destination)


def summary(target: Path, exported: list[ExportedTable]) -> str:
    lines = [f"exported {len(exported)} tables to {target}:"]
    lines += [f"  {item.path + ('/' if item.partitioned else ''):<28} {item.rows:>8} rows" for item in exported]
    return "\n".join(lines)
