"""Integrity checks on the warehouse after a write, and Markdown renderings for Dagster metadata.

Plain functions over a DuckDB connection; the Dagster asset checks (`pipelines/defs/warehouse/checks.py`)
call them, so a check can be re-run from the UI.
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from pipelines import reference, sql
from pipelines.schema import ACTOR_REFERENCES, CODE_COLUMNS
from pipelines.warehouse import gather_referenced_actors, scalar


def foreign_key_violations(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Rows of a fact table whose document, actor or code does not resolve, per column."""
    con.execute(sql.statement("checks/stash_known_codes"), [sorted(reference.blocs())])
    counts = {"document_id": scalar(con, sql.statement("checks/unresolved_documents", table=table))}
    for column in ACTOR_REFERENCES[table]:
        counts[column] = scalar(con, sql.statement("checks/unresolved_actors", table=table, column=column))
    for column in CODE_COLUMNS[table]:
        counts[column] = scalar(con, sql.statement("checks/unresolved_codes", table=table, column=column))
    return {column: int(n) for column, n in counts.items()}


def orphan_actors(con: duckdb.DuckDBPyConnection) -> int:
    gather_referenced_actors(con)
    return int(scalar(con, sql.statement("checks/orphan_actors")))


def rows_for_documents(con: duckdb.DuckDBPyConnection, table: str, document_ids: list[str]) -> int:
    frame = pl.DataFrame({"document_id": document_ids}, schema={"document_id": pl.Utf8})
    con.register("check_documents", frame)
    try:
        return int(scalar(con, sql.statement("checks/rows_for_documents", table=table)))
    finally:
        con.unregister("check_documents")


def extracted_rows_for_documents(con: duckdb.DuckDBPyConnection, table: str, document_ids: list[str]) -> int:
    """Rows the extractor gave a fact table for the documents, whatever analysts' corrections did since: the
    rows they added are not counted, the rows they rejected are."""
    frame = pl.DataFrame({"document_id": document_ids}, schema={"document_id": pl.Utf8})
    con.register("check_documents", frame)
    try:
        return int(scalar(con, sql.statement("checks/extracted_rows_for_documents", table=table,
                                             column=f"{table}_id"), [table, table]))
    finally:
        con.unregister("check_documents")


def markdown_table(rows: list[dict[str, Any]], max_width: int = 60) -> str:
    """A small Markdown table for the Dagster UI; long values are cut, pipes escaped."""
    if not rows:
        return "_no rows_"
    columns = list(rows[0])

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        text = text.replace("|", "\\|").replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def preview(con: duckdb.DuckDBPyConnection, table: str, limit: int = 5) -> str:
    cursor = con.execute(sql.statement("checks/preview"), [sql.identifier(table), limit])
    columns = [d[0] for d in cursor.description or []]
    return markdown_table([dict(zip(columns, values, strict=True)) for values in cursor.fetchall()])


def column_comments(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str | None]]:
    """(column, type, comment) from the DDL, in table order."""
    return [(name, dtype, comment) for name, dtype, comment
            in con.execute(sql.statement("checks/column_comments"), [table]).fetchall()]
