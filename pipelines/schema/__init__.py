"""The schema of the warehouse, at the bottom of the import graph: every stage may import it, it
imports no stage (only `pipelines.reference` for the actor codes and `pipelines.sql` for the DDL).

- `enums`: closed value lists and the class of every status.
- `models`: one pandera model per table the extract stage writes.
- `tables`: per fact table its sides, order, statuses, model and event kind; every list of tables.
- `frames`: polars frames shaped by the models.
- `describe`, `column_descriptions`: the words of the DDL comments, the one place tables and columns
  are described (the Dagster UI shows the same words).
"""

from __future__ import annotations

from pipelines import sql
from pipelines.schema.enums import (
    ACTOR_TYPES,
    ASSERTED_STATUSES,
    DATE_PRECISIONS,
    DEAL_STATUSES,
    DEAL_TYPES,
    GIFT_STATUSES,
    INTENDED_STATUSES,
    ITEM_CATEGORIES,
    MEASURES,
    MEETING_KINDS,
    MEETING_STATUSES,
    SANCTION_STATUSES,
    SECTORS,
    TRADE_METRICS,
    TRANSFER_KINDS,
)
from pipelines.schema.frames import VALIDATION_ONLY, empty_frame, frame_from_rows, polars_schema
from pipelines.schema.models import ACTOR_CODES, DOCUMENT_CONTEXT, FactBase
from pipelines.schema.tables import (
    ACTOR_REFERENCES,
    CODE_COLUMNS,
    CONTRACT_TABLES,
    DOCUMENT_TABLES,
    EVENT_TABLES,
    FACT_MODELS,
    FACT_SIDES,
    FACT_TABLES,
    FACTS,
    TABLE_MODELS,
    VALIDATED_TABLES,
    WAREHOUSE_TABLES,
    FactTable,
)


def describe(table: str) -> str:
    """The table's comment in its DDL file."""
    return sql.relations()[table].comment


def column_descriptions(table: str) -> dict[str, str]:
    """Column -> its comment in the table's DDL file, in DDL order."""
    return dict(sql.relations()[table].column_comments)


__all__ = [
    "ACTOR_CODES", "ACTOR_REFERENCES", "ACTOR_TYPES", "ASSERTED_STATUSES", "CODE_COLUMNS", "CONTRACT_TABLES",
    "DATE_PRECISIONS", "DEAL_STATUSES", "DEAL_TYPES", "DOCUMENT_CONTEXT", "DOCUMENT_TABLES", "EVENT_TABLES",
    "FACTS", "FACT_MODELS", "FACT_SIDES", "FACT_TABLES", "GIFT_STATUSES", "INTENDED_STATUSES", "ITEM_CATEGORIES",
    "MEASURES", "MEETING_KINDS", "MEETING_STATUSES", "SANCTION_STATUSES", "SECTORS", "TABLE_MODELS",
    "TRADE_METRICS", "TRANSFER_KINDS", "VALIDATED_TABLES", "VALIDATION_ONLY", "WAREHOUSE_TABLES", "FactBase",
    "FactTable", "column_descriptions", "describe", "empty_frame", "frame_from_rows", "polars_schema",
]
