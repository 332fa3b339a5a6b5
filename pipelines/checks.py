"""Integrity checks on the warehouse after a write, and Markdown renderings for Dagster metadata."""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from pipelines import reference
from pipelines.validate import FACT_SIDES
from pipelines.warehouse import ACTOR_REFERENCES, REFERENCED_ACTORS_SQL

# The code columns of each fact table, which must hold a state of dim_country or a known bloc/IGO code.
CODE_COLUMNS = {table: tuple(f"{side}_code" for side in sides) for table, sides in FACT_SIDES.items()}


def foreign_key_violations(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """Rows of a fact table whose document, actor or code does not resolve, per column."""
    blocs = sorted(reference.blocs())
    con.execute("CREATE OR REPLACE TEMP TABLE known_codes AS SELECT country_code AS code FROM dim_country "
                "UNION ALL SELECT unnest(?::VARCHAR[])", [blocs])
    checks = {"document_id": f"SELECT count(*) FROM {table} WHERE document_id NOT IN "
                             "(SELECT document_id FROM dim_document)"}
    for col in ACTOR_REFERENCES[table]:
        checks[col] = (f"SELECT count(*) FROM {table} WHERE {col} IS NOT NULL AND {col} NOT IN "
                       "(SELECT actor_id FROM dim_actor)")
    for col in CODE_COLUMNS[table]:
        checks[col] = (f"SELECT count(*) FROM {table} WHERE {col} IS NOT NULL AND {col} NOT IN "
                       "(SELECT code FROM known_codes)")
    return {col: con.execute(sql).fetchall()[0][0] for col, sql in checks.items()}


def orphan_actors(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(f"SELECT count(*) FROM dim_actor WHERE actor_id NOT IN ({REFERENCED_ACTORS_SQL})"
                       ).fetchall()[0][0]


def rows_for_documents(con: duckdb.DuckDBPyConnection, table: str, document_ids: list[str]) -> int:
    frame = pl.DataFrame({"document_id": document_ids}, schema={"document_id": pl.Utf8})
    con.register("check_documents", frame)
    try:
        return con.execute(f"SELECT count(*) FROM {table} WHERE document_id IN "
                           "(SELECT document_id FROM check_documents)").fetchall()[0][0]
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
    columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "body"]
    cursor = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL LIMIT {limit}")
    return markdown_table([dict(zip(columns, values)) for values in cursor.fetchall()])


def column_comments(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, str | None]]:
    """(column, type, comment) from the DDL, in table order."""
    return [tuple(r) for r in con.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index", [table]).fetchall()]
