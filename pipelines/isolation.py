"""Per-document isolation around the extract stage, and the documents each stage refused.

`extract_isolated` calls the extractor on the whole batch (the fast way); only when that raises does it
call it once per document, so that the documents at fault become failures (one quarantine row each,
stage `extract`) and every other document is extracted as usual. A document's rows come from one
successful call, so nothing is ever published half-extracted. The extractor itself is not changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipelines.display import describe_exception
from pipelines.extract import ExtractedTables, extract_documents
from pipelines.ingest import PendingDocuments
from pipelines.nlp import DocumentFailure, ParsedDocument, ParseOutcome
from pipelines.schema import FACT_MODELS, frame_from_rows

log = logging.getLogger(__name__)


@dataclass
class ExtractionOutcome:
    """The extracted tables of the documents that made it, and the documents the NLP or extract stage
    refused (they are not published; each is one quarantine row)."""

    tables: ExtractedTables
    failures: list[DocumentFailure] = field(default_factory=list)


def extract_pending(pending: PendingDocuments, parsed: ParseOutcome, model: str) -> ExtractionOutcome:
    """The extract stage of a run: every pending document the NLP stage parsed, each isolated; the
    outcome's failures are the NLP stage's refusals followed by the extract stage's."""
    parsed_ok = {p.document_id for p in parsed.parsed}
    documents = pending.documents.filter(pl.col("document_id").is_in(sorted(parsed_ok)))
    outcome = extract_isolated(documents, parsed.parsed, model)
    outcome.failures = parsed.failures + outcome.failures
    return outcome


def extract_isolated(documents: pl.DataFrame, parsed: list[ParsedDocument], model: str) -> ExtractionOutcome:
    try:
        return ExtractionOutcome(extract_documents(documents, parsed, model))
    except Exception as exc:  # noqa: BLE001 - some document is at fault: find it below
        log.warning("extracting the batch failed (%s); extracting each document on its own", describe_exception(exc))
    by_id = {p.document_id: p for p in parsed}
    parts: list[ExtractedTables] = []
    failures: list[DocumentFailure] = []
    for index in range(documents.height):
        one = documents.slice(index, 1)
        document_id = one["document_id"][0]
        mine = [by_id[document_id]] if document_id in by_id else []
        try:
            parts.append(extract_documents(one, mine, model))
        except Exception as exc:  # noqa: BLE001 - one document's failure is that document's quarantine row
            failures.append(DocumentFailure(document_id, "extract", "extraction_failed", describe_exception(exc)))
    return ExtractionOutcome(merge_tables(parts), failures)


def merge_tables(parts: list[ExtractedTables]) -> ExtractedTables:
    """One ExtractedTables from several (actors shared by documents appear once)."""
    if not parts:
        return ExtractedTables(facts={table: frame_from_rows(table, []) for table in FACT_MODELS})
    tables = sorted({table for part in parts for table in part.facts})
    facts = {t: pl.concat([p.facts[t] for p in parts if t in p.facts], how="vertical_relaxed") for t in tables}
    actors = (pl.concat([p.actors for p in parts], how="vertical_relaxed")
              .unique("actor_id", keep="first", maintain_order=True).sort("actor_id"))
    parties = pl.concat([p.parties for p in parts], how="vertical_relaxed")
    return ExtractedTables(facts=facts, actors=actors, parties=parties)


def failure_rows(failures: list[DocumentFailure], source_of: dict[str, str]) -> list[dict[str, Any]]:
    """Quarantine rows for refused documents."""
    return [{"source_name": source_of.get(f.document_id, ""), "stage": f.stage, "reason": f.reason,
             "detail": f.detail, "document_id": f.document_id} for f in failures]


def without_documents(tables: dict[str, pl.DataFrame], refused: set[str]) -> dict[str, pl.DataFrame]:
    """Every table's rows except those of refused documents (they must not be published in part)."""
    if not refused:
        return tables
    ids = sorted(refused)
    return {name: frame.filter(~pl.col("document_id").is_in(ids)) if "document_id" in frame.columns else frame
            for name, frame in tables.items()}

