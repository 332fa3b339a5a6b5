"""Polars frames shaped by the models: the warehouse columns of each table, empty or from rows."""

from __future__ import annotations

from typing import Any

import polars as pl

from pipelines.schema.models import DOCUMENT_CONTEXT
from pipelines.schema.tables import FACTS, TABLE_MODELS

# Columns that exist only for validation and never reach the warehouse (a table without statuses is
# given a NULL status column so the shared date check can read one).
VALIDATION_ONLY = {name: set(DOCUMENT_CONTEXT) | (set() if t.statuses else {"status"}) for name, t in FACTS.items()}


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """Warehouse columns of `table` with their polars dtypes, in model order."""
    columns = TABLE_MODELS[table].to_schema().columns
    skip = VALIDATION_ONLY.get(table, set())
    return {name: col.dtype.type for name, col in columns.items() if name not in skip}


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(table))


def frame_from_rows(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = polars_schema(table)
    return pl.DataFrame([{k: row.get(k) for k in schema} for row in rows], schema=schema, orient="row")
