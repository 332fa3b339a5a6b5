"""Extract stage: events and actors from parsed documents (rules land in the next change)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipelines.nlp import ParsedDocument
from pipelines.validate import FACT_MODELS, empty_frame, frame_from_rows

EXTRACTOR_VERSION = "0.1.0"


@dataclass
class ExtractedTables:
    facts: dict[str, pl.DataFrame] = field(default_factory=dict)
    actors: pl.DataFrame = field(default_factory=lambda: empty_frame("dim_actor"))


def extract_documents(documents: pl.DataFrame, parsed: list[ParsedDocument], model: str) -> ExtractedTables:
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in FACT_MODELS}
    return ExtractedTables(facts={t: frame_from_rows(t, r) for t, r in rows.items()})
