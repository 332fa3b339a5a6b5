"""Validate stage: every extracted table checked by its pandera model (`pipelines.schema`), and the
valid/quarantine split. A failing row goes to quarantine with the check, column and value; a document
refused by an earlier stage, or by its own model, is published with none of its rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaError, SchemaErrors

from pipelines import isolation, lake
from pipelines.ingest import PendingDocuments
from pipelines.schema import (
    DOCUMENT_CONTEXT,
    FACT_MODELS,
    FACT_SIDES,
    TABLE_MODELS,
    empty_frame,
    polars_schema,
)


@dataclass
class ValidationOutcome:
    """Valid rows per table, the refused ones as quarantine rows, and per-table failure summaries."""

    valid: dict[str, pl.DataFrame] = field(default_factory=dict)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, pl.DataFrame] = field(default_factory=dict)
    schema_errors: dict[str, str] = field(default_factory=dict)


def validate_tables(tables: dict[str, pl.DataFrame], documents: pl.DataFrame) -> ValidationOutcome:
    """Validate every table eagerly; failing rows are split off, the rest go on."""
    outcome = ValidationOutcome()
    source_of = dict(zip(documents["document_id"], documents["source_name"]))
    actor_sources = _actor_sources(tables, source_of)
    # Actors first: a fact pointing at a refused actor is refused with it.
    refused_actors = _check_table(outcome, "dim_actor", tables["dim_actor"], documents, source_of, actor_sources,
                                  set()) if "dim_actor" in tables else set()
    _check_document_tables(outcome, {t: f for t, f in tables.items() if t != "dim_actor"}, documents, source_of,
                           actor_sources, refused_actors)
    return outcome


def _check_document_tables(outcome: ValidationOutcome, tables: dict[str, pl.DataFrame], documents: pl.DataFrame,
                           source_of: dict[str, str], actor_sources: dict[str, str], refused_actors: set[str]) -> None:
    """Every table but dim_actor checked into `outcome`, the bridge last (its rows only for pairwise facts
    that made it through)."""
    for table in sorted(tables, key=lambda t: t == "bridge_event_party"):
        _check_table(outcome, table, tables[table], documents, source_of, actor_sources, refused_actors)
    if "bridge_event_party" in outcome.valid:
        kept = [fid for t in ("fact_deal", "fact_meeting") if t in outcome.valid
                for fid in outcome.valid[t][f"{t}_id"].to_list()]
        bridge = outcome.valid["bridge_event_party"]
        outcome.valid["bridge_event_party"] = bridge.filter(pl.col("fact_id").is_in(kept))


def _check_table(outcome: ValidationOutcome, table: str, frame: pl.DataFrame, documents: pl.DataFrame,
                 source_of: dict[str, str], actor_sources: dict[str, str], refused_actors: set[str]) -> set[str]:
    """One table checked by its model into `outcome` (a fact is checked against its document's body and
    date; a fact citing a refused actor is refused with it); returns the refused actors' ids (dim_actor)."""
    if table in FACT_MODELS:
        context = documents.select(
            "document_id",
            pl.col("body").alias("doc_body"),
            pl.col("n_chars").cast(pl.Int64).alias("doc_n_chars"),
            pl.col("published_date").alias("doc_published_date"),
        )
        checked = frame.join(context, on="document_id", how="left")
        if "status" not in checked.columns:
            checked = checked.with_columns(pl.lit(None, dtype=pl.Utf8).alias("status"))
    else:
        checked = frame
    valid, refused, failures, error = split_valid(TABLE_MODELS[table], checked)
    refused_ids: set[str] = set()
    if table == "dim_actor":
        refused_ids = set(refused["actor_id"].to_list()) if "actor_id" in refused.columns else set()
    elif table in FACT_MODELS and refused_actors:
        valid, cascaded = _drop_rows_citing(table, valid, refused_actors)
        outcome.quarantine.extend(_cascade_rows(table, cascaded, source_of))
    keep = list(polars_schema(table))
    outcome.valid[table] = empty_frame(table) if error else valid.select(keep)
    outcome.failures[table] = failures
    if error:
        outcome.schema_errors[table] = error
    outcome.quarantine.extend(_quarantine_rows(table, refused, failures, source_of, actor_sources))
    return refused_ids


def validate_run(pending: PendingDocuments, extracted: isolation.ExtractionOutcome) -> ValidationOutcome:
    """The validate stage of a run: the documents no earlier stage refused, with their extracted tables.

    A document refused by its own model takes its rows with it (nothing is published half-extracted);
    the documents the NLP or extract stage refused come first in the quarantine rows.
    """
    refused = {f.document_id for f in extracted.failures}
    documents = pending.documents.filter(~pl.col("document_id").is_in(sorted(refused)))
    tables = {"dim_document": documents, **extracted.tables.facts,
              "dim_actor": extracted.tables.actors, "bridge_event_party": extracted.tables.parties}
    outcome = validate_tables(tables, documents)
    refused |= set(documents["document_id"].to_list()) - set(outcome.valid["dim_document"]["document_id"].to_list())
    outcome.valid = isolation.without_documents(outcome.valid, refused)
    outcome.quarantine[:0] = isolation.failure_rows(extracted.failures, pending.source_names())
    return outcome


def _actor_columns(table: str) -> list[str]:
    return [f"{side}_actor_id" for side in FACT_SIDES[table]]


def _actor_sources(tables: dict[str, pl.DataFrame], source_of: dict[str, str]) -> dict[str, str]:
    """actor_id -> the first source file whose facts cite it, so a refused actor can be traced."""
    sources: dict[str, str] = {}
    for table in FACT_MODELS:
        frame = tables.get(table)
        if frame is None:
            continue
        for col in _actor_columns(table):
            for actor_id, document_id in zip(frame[col], frame["document_id"]):
                if actor_id is not None:
                    sources.setdefault(actor_id, source_of.get(document_id, ""))
    return sources


def _drop_rows_citing(table: str, frame: pl.DataFrame, actor_ids: set[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    cites = pl.any_horizontal([pl.col(c).is_in(sorted(actor_ids)).fill_null(False) for c in _actor_columns(table)])
    return frame.filter(~cites), frame.filter(cites)


def _cascade_rows(table: str, rows: pl.DataFrame, source_of: dict[str, str]) -> list[dict[str, Any]]:
    return [{
        "source_name": source_of.get(r["document_id"], ""), "stage": "validate", "reason": "refers_to_refused_actor",
        "detail": f"{table} row {r[f'{table}_id']} points to an actor that failed validation",
        "document_id": r["document_id"], "table_name": table, "check_name": "actor_resolves",
        "column_name": None, "failure_value": None,
    } for r in rows.to_dicts()]


def split_valid(model: type[pa.DataFrameModel], frame: pl.DataFrame
                ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, str | None]:
    """(valid rows, refused rows, failure cases, whole-table error or None)."""
    indexed = frame.with_row_index("_row")
    try:
        model.validate(frame, lazy=True)
        return frame, frame.clear(), _no_failures(), None
    except SchemaErrors as exc:
        failures = exc.failure_cases
    except SchemaError as exc:  # a non-lazy error: the table as a whole is unusable
        return frame.clear(), frame, _no_failures(), str(exc)
    except pl.exceptions.PolarsError as exc:  # a check could not even run (a column is missing)
        return frame.clear(), frame, _no_failures(), f"{type(exc).__name__}: {exc}"
    row_failures = failures.filter(pl.col("index").is_not_null())
    if row_failures.height < failures.height:
        # Schema-level failures (missing column, wrong dtype) have no row index: the table fails whole.
        return frame.clear(), frame, failures, "; ".join(
            f"{r['check']} on {r['column']}" for r in failures.filter(pl.col("index").is_null()).to_dicts()
        )
    bad = set(row_failures["index"].to_list())
    bad_mask = pl.col("_row").is_in(sorted(bad))
    return (
        indexed.filter(~bad_mask).drop("_row"),
        indexed.filter(bad_mask),
        row_failures,
        None,
    )


def _no_failures() -> pl.DataFrame:
    return pl.DataFrame(schema={"failure_case": pl.Utf8, "schema_context": pl.Utf8, "column": pl.Utf8,
                                "check": pl.Utf8, "check_number": pl.Int32, "index": pl.Int32})


def _quarantine_rows(table: str, refused: pl.DataFrame, failures: pl.DataFrame, source_of: dict[Any, str],
                     actor_sources: dict[Any, str]) -> list[dict[str, Any]]:
    if refused.is_empty():
        return []
    by_row: dict[Any, list[dict[str, Any]]] = {}
    for failure in failures.to_dicts():
        by_row.setdefault(failure["index"], []).append(failure)
    rows = []
    id_column = f"{table}_id" if table.startswith("fact_") else None
    for record in refused.to_dicts():
        problems = by_row.get(record.get("_row"), [{"check": "table_schema", "column": None, "failure_case": None}])
        first = problems[0]
        payload = {k: v for k, v in record.items() if k not in DOCUMENT_CONTEXT and k != "_row"}
        rows.append({
            "source_name": source_of.get(record.get("document_id"), "")
            or actor_sources.get(record.get("actor_id"), ""),
            "stage": "validate",
            "reason": "schema_check_failed",
            "detail": f"{table} row {record.get(id_column) if id_column else record.get('document_id')} failed "
                      + ", ".join(sorted({f"{p['check']}({p['column']})" for p in problems}))
                      + ": " + json.dumps(payload, default=str)[:2000],
            "document_id": record.get("document_id"),
            "table_name": table,
            "check_name": str(first["check"]),
            "column_name": first["column"],
            "failure_value": None if first["failure_case"] is None else str(first["failure_case"])[:500],
        })
    return rows


# The first failure cases kept per table for the run's asset checks (all of them are in quarantine).
FAILURE_SAMPLE = 10
# Documents whose rows are checked together (`validation_batches`).
VALIDATION_BATCH_DOCUMENTS = 512


@dataclass
class SpooledValidation:
    """The validate stage of a run checked chunk by chunk: each chunk's valid rows in the spool (tables
    `dim_document` and the document tables), the run's valid actors, every refusal as a quarantine row,
    valid rows per table, the ids of the valid documents, the first failure cases and the whole-table
    errors per table."""

    directory: str  # the spool
    chunks: list[lake.SpooledChunk]
    actors: pl.DataFrame
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    document_ids: list[str] = field(default_factory=list)
    failures: dict[str, pl.DataFrame] = field(default_factory=dict)
    schema_errors: dict[str, str] = field(default_factory=dict)

    def files(self, table: str) -> list[str]:
        """The Parquet files of `table`'s valid rows, in document order."""
        return [chunk.files[table] for chunk in self.chunks if table in chunk.files]


def validate_spooled(pending: PendingDocuments, extraction: lake.SpooledExtraction) -> SpooledValidation:
    """`validate_run` a few chunks at a time (`validation_batches`), their valid rows written to `spool`:
    the same rows and refusals, with a few hundred documents' rows in memory at a time. Actors are checked
    for the whole run first (a fact citing a refused actor is refused with it, whatever its chunk); every
    other table is checked per batch of chunks (a
    document's rows are all in its chunk)."""
    spool = lake.Spool(Path(extraction.directory))
    refused = sorted({f.document_id for f in extraction.failures})
    source_of = pending.source_names()
    actor_sources = _spooled_actor_sources(extraction, source_of)
    run = ValidationOutcome()
    refused_actors = _check_table(run, "dim_actor", extraction.actors(), pending.documents, source_of,
                                  actor_sources, set())
    result = SpooledValidation(extraction.directory, [], run.valid["dim_actor"],
                               isolation.failure_rows(extraction.failures, source_of) + run.quarantine,
                               {"dim_actor": run.valid["dim_actor"].height}, [],
                               {"dim_actor": run.failures["dim_actor"].head(FAILURE_SAMPLE)}, dict(run.schema_errors))
    for batch in validation_batches(extraction.chunks, VALIDATION_BATCH_DOCUMENTS):
        start, end = batch[0].start, batch[-1].end
        documents = extraction.with_texts(
            pending.documents.slice(start, end - start).filter(~pl.col("document_id").is_in(refused)), start, end)
        tables = {"dim_document": documents,
                  **{t: pl.concat([chunk.frame(t) for chunk in batch]) for t in (*FACT_MODELS, "bridge_event_party")}}
        outcome = ValidationOutcome()
        _check_document_tables(outcome, tables, documents, source_of, actor_sources, refused_actors)
        valid_ids = outcome.valid["dim_document"]["document_id"].to_list()
        valid = isolation.without_documents(outcome.valid, set(documents["document_id"].to_list()) - set(valid_ids))
        result.chunks.append(spool.put_frames("valid", batch[0].key, start, end, valid))
        _add_chunk(result, outcome, valid, valid_ids)
    return result


def validation_batches(chunks: list[lake.SpooledChunk], max_documents: int) -> list[list[lake.SpooledChunk]]:
    """Consecutive chunks, each run of them covering one range of documents of at most `max_documents`
    (a longer chunk alone): checking a table costs pandera about 35 ms whatever its rows, so checking
    each chunk of 64 documents alone cost more than the checks themselves (4.8 of a 23 s run on 549
    articles), while the rows of a few hundred documents are a few megabytes."""
    batches: list[list[lake.SpooledChunk]] = []
    for chunk in chunks:
        last = batches[-1] if batches else None
        if last and last[-1].end == chunk.start and chunk.end - last[0].start <= max_documents:
            last.append(chunk)
        else:
            batches.append([chunk])
    return batches


def _add_chunk(result: SpooledValidation, outcome: ValidationOutcome, valid: dict[str, pl.DataFrame],
               valid_ids: list[str]) -> None:
    result.quarantine.extend(outcome.quarantine)
    result.document_ids.extend(valid_ids)
    for table, frame in valid.items():
        result.rows[table] = result.rows.get(table, 0) + frame.height
    for table, failures in outcome.failures.items():
        if table not in result.failures or result.failures[table].height < FAILURE_SAMPLE:
            earlier = result.failures.get(table, failures.clear())
            result.failures[table] = pl.concat([earlier, failures.head(FAILURE_SAMPLE)],
                                               how="diagonal_relaxed").head(FAILURE_SAMPLE)
    for table, error in outcome.schema_errors.items():
        result.schema_errors.setdefault(table, error)


def _spooled_actor_sources(extraction: lake.SpooledExtraction, source_of: dict[str, str]) -> dict[str, str]:
    """`_actor_sources` over the spooled chunks, in its order: table by table, side by side, then the rows
    in document order. Each chunk's file of a table is read once, for all its actor columns (a table's
    actor columns over the run are ids, small beside its rows)."""
    sources: dict[str, str] = {}
    for table in FACT_MODELS:
        columns = _actor_columns(table)
        frames = [pl.read_parquet(chunk.files[table], columns=["document_id", *columns])
                  for chunk in extraction.chunks if columns and table in chunk.files]
        for col in columns:
            for frame in frames:
                for actor_id, document_id in zip(frame[col], frame["document_id"]):
                    if actor_id is not None:
                        sources.setdefault(actor_id, source_of.get(document_id, ""))
    return sources
