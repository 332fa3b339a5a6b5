"""Dagster definitions: a thin layer of assets over the plain stage functions.

ingest -> nlp -> extract -> validate -> warehouse, one asset group per stage; a sensor and a schedule
keep the warehouse fresh as articles land in the raw directory.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from pydantic import Field

from pipelines import (
    checks,
    faults,
    ingest,
    isolation,
    nlp,
    sensor_cursor,
    table_checks,
    validate,
    warehouse,
)
from pipelines.display import printable
from pipelines.extract import EXTRACTOR_VERSION
from pipelines.publish_assets import PUBLISH_ASSETS, Publishing
from pipelines.settings import DEFAULT_MAX_FILE_BYTES, Settings

# Warehouse readers and writers share one pool (limit 1 in dagster.yaml): a second run waits, never fails.
WAREHOUSE_POOL = "duckdb_warehouse"
REFRESH_CRON_ENV = "BILATERAL_REFRESH_CRON"


class RawArticles(dg.ConfigurableResource):
    """Where analysts drop articles, and the size above which a file is refused."""

    raw_dir: str
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


class Warehouse(dg.ConfigurableResource):
    """The DuckDB file analysts read (published atomically) and the pipeline's working copy beside it."""

    path: str
    lock_timeout_seconds: float = 3600.0

    @property
    def published(self) -> Path:
        return Path(self.path)

    @contextmanager
    def working_connection(self, warn: warehouse.Warn | None = None) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """The verified working copy, read-only, under the writer lock (None before anything was published)."""
        with warehouse.writer_lock(self.published, self.lock_timeout_seconds):
            warehouse.prepare_working_copy(self.published, warn)
            work = warehouse.working_path(self.published)
            con = duckdb.connect(str(work), read_only=True) if work.exists() else None
            try:
                yield con
            finally:
                if con is not None:
                    con.close()

    @contextmanager
    def write_and_publish(self, warn: warehouse.Warn | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """Exclusive access to the verified working copy; on success it is checkpointed and, when anything
        changed, published."""
        with warehouse.writer_lock(self.published, self.lock_timeout_seconds):
            warehouse.prepare_working_copy(self.published, warn)
            con = warehouse.connect_working(self.published)
            try:
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()
            warehouse.publish_if_changed(self.published)


class IngestScope(dg.Config):
    """Which files a run reads: all of them (the default, as the schedule and the CLI do), or just the
    ones a sensor saw change, with the ones it saw disappear."""

    sources: list[str] | None = None
    deleted: list[str] = Field(default_factory=list)


class SpacyModel(dg.ConfigurableResource):
    """The English spaCy pipeline; loaded once per process and shared by every asset in it."""

    model: str = nlp.DEFAULT_MODEL
    batch_size: int = 64
    select_sentences: bool = True


@dataclass
class PendingDocuments:
    """Documents whose facts must be (re)extracted, and the ids already current in the warehouse."""

    documents: pl.DataFrame
    unchanged_document_ids: list[str]


def _documents_frame(documents: list[ingest.Document]) -> pl.DataFrame:
    return validate.frame_from_rows(
        "dim_document", [{**doc.__dict__, "extractor_version": EXTRACTOR_VERSION} for doc in documents])


@dg.asset(group_name="ingest", kinds={"python"},
          description="Every article file under the raw directory, decoded and normalised; bad files quarantined.")
def raw_articles(context: dg.AssetExecutionContext, config: IngestScope, raw: RawArticles) -> ingest.IngestResult:
    result = ingest.ingest_directory(Path(raw.raw_dir), raw.max_file_bytes, config.sources, config.deleted)
    if result.full_scan and not result.sources and not result.quarantined:
        # An empty folder (an unmounted share, a mistake) must not retract every document: nothing changes.
        context.log.warning(f"raw directory {printable(raw.raw_dir)} holds no files: nothing to do, the "
                            "published warehouse is left as it was")
        result.full_scan = False
    for q in result.quarantined:
        context.log.warning(f"quarantined {printable(q.source_name, 300)}: {q.reason}: {printable(q.detail)}")
    context.add_output_metadata({
        "documents": len(result.documents),
        "names": len(result.sources),
        "quarantined": len(result.quarantined),
        "raw_dir": str(Path(raw.raw_dir).resolve()),
        "scope": "all files" if result.full_scan else f"{len(config.sources or [])} changed files",
        "deleted": len(result.deleted),
    })
    return result


@dg.asset(group_name="ingest", kinds={"duckdb", "polars"}, pool=WAREHOUSE_POOL,
          description="The articles that are new or changed since the warehouse last saw them.")
def pending_documents(context: dg.AssetExecutionContext, raw_articles: ingest.IngestResult,
                      warehouse_db: Warehouse) -> PendingDocuments:
    frame = _documents_frame(raw_articles.documents)
    with warehouse_db.working_connection(context.log.warning) as con:
        current = warehouse.current_documents(con) if con is not None else {}
    is_current = pl.col("document_id").is_in(
        [doc_id for doc_id, version in current.items() if version == EXTRACTOR_VERSION])
    pending = frame.filter(~is_current)
    unchanged = frame.filter(is_current)["document_id"].to_list()
    context.add_output_metadata({"pending": pending.height, "unchanged": len(unchanged)})
    return PendingDocuments(pending, unchanged)


@dg.asset(group_name="nlp", kinds={"spacy"},
          description="Sentences of each pending article; candidate sentences parsed by spaCy; "
                      "a document whose parse fails is refused alone.")
def parsed_documents(context: dg.AssetExecutionContext, pending_documents: PendingDocuments,
                     spacy: SpacyModel) -> nlp.ParseOutcome:
    docs = pending_documents.documents
    outcome = nlp.parse_documents_isolated(list(zip(docs["document_id"], docs["body"])), spacy.model,
                                           spacy.batch_size, spacy.select_sentences)
    _log_failures(context, outcome.failures, pending_documents)
    n_sentences = sum(len(p.sentences) for p in outcome.parsed)
    n_parsed = sum(s.parsed for p in outcome.parsed for s in p.sentences)
    context.add_output_metadata({"documents": len(outcome.parsed), "sentences": n_sentences,
                                 "parsed_sentences": n_parsed, "refused": len(outcome.failures)})
    return outcome


@dg.asset(group_name="extract", kinds={"polars"},
          description="Deals, gifts, sanctions, meetings, trade figures, statements and actors per article; "
                      "a document whose extraction fails is refused alone.")
def extracted_events(context: dg.AssetExecutionContext, pending_documents: PendingDocuments,
                     parsed_documents: nlp.ParseOutcome, spacy: SpacyModel) -> isolation.ExtractionOutcome:
    parsed_ok = {p.document_id for p in parsed_documents.parsed}
    documents = pending_documents.documents.filter(pl.col("document_id").is_in(sorted(parsed_ok)))
    outcome = isolation.extract_isolated(documents, parsed_documents.parsed, spacy.model)
    _log_failures(context, outcome.failures, pending_documents)
    outcome.failures = parsed_documents.failures + outcome.failures
    faults.fault_point("extract")
    tables = outcome.tables
    context.add_output_metadata({table: frame.height for table, frame in tables.facts.items()}
                                | {"dim_actor": tables.actors.height, "refused": len(outcome.failures)})
    return outcome


def _log_failures(context: dg.AssetExecutionContext, failures: list[nlp.DocumentFailure],
                  pending: PendingDocuments) -> None:
    source_of = dict(zip(pending.documents["document_id"], pending.documents["source_name"]))
    for f in failures:
        context.log.warning(f"quarantined {printable(source_of.get(f.document_id, f.document_id), 300)}: "
                            f"{f.stage} {f.reason}: {printable(f.detail)}")


@dg.asset(group_name="validate", kinds={"pandera", "polars"},
          description="Every extracted table checked by its pandera model; failing rows split off for quarantine.")
def validated_events(context: dg.AssetExecutionContext, pending_documents: PendingDocuments,
                     extracted_events: isolation.ExtractionOutcome) -> validate.ValidationOutcome:
    refused = {f.document_id for f in extracted_events.failures}
    documents = pending_documents.documents.filter(~pl.col("document_id").is_in(sorted(refused)))
    extracted = extracted_events.tables
    tables = {"dim_document": documents, **extracted.facts,
              "dim_actor": extracted.actors, "bridge_event_party": extracted.parties}
    outcome = validate.validate_tables(tables, documents)
    # A document refused by its own model takes its rows with it: nothing is published half-extracted.
    refused |= set(documents["document_id"].to_list()) - set(outcome.valid["dim_document"]["document_id"].to_list())
    outcome.valid = isolation.without_documents(outcome.valid, refused)
    source_of = dict(zip(pending_documents.documents["document_id"], pending_documents.documents["source_name"]))
    outcome.quarantine[:0] = isolation.failure_rows(extracted_events.failures, source_of)
    context.add_output_metadata({"quarantined_rows": len(outcome.quarantine),
                                 "tables_failing_schema": len(outcome.schema_errors),
                                 "refused_documents": len(refused)})
    return outcome


VALIDATED_TABLES = ("dim_document", "dim_actor", *warehouse.FACT_TABLES)


def _warehouse_check_specs() -> list[dg.AssetCheckSpec]:
    specs = [dg.AssetCheckSpec("passes_pandera_model", asset=table,
                               description="Every extracted row passed its pandera model; refused rows are in quarantine.")
             for table in VALIDATED_TABLES]
    specs += [dg.AssetCheckSpec("row_count_matches_validated", asset=table,
                                description="The run's documents have exactly the rows that passed validation.")
              for table in VALIDATED_TABLES if table != "dim_actor"]
    specs += [dg.AssetCheckSpec("foreign_keys_resolve", asset=table,
                                description="document_id, *_actor_id and *_code columns all resolve.")
              for table in warehouse.FACT_TABLES]
    specs.append(dg.AssetCheckSpec("no_orphan_actors", asset="dim_actor",
                                   description="Every actor is pointed to by at least one fact."))
    specs += [dg.AssetCheckSpec(name, asset=table, description=description)
              for table, name, description in table_checks.check_specs()]
    return specs


TABLE_DESCRIPTIONS = table_checks.table_descriptions()


def _table_check_result(outcome: table_checks.CheckOutcome) -> dg.AssetCheckResult:
    error = outcome.name != table_checks.ROW_COUNT or outcome.table in table_checks.ROW_COUNT_RULES
    return dg.AssetCheckResult(asset_key=outcome.table, check_name=outcome.name, passed=outcome.passed,
                               severity=dg.AssetCheckSeverity.ERROR if error else dg.AssetCheckSeverity.WARN,
                               metadata=outcome.metadata)


def _column_schema(con, table: str) -> dg.TableSchema:
    if table in validate.TABLE_MODELS:
        described = validate.column_descriptions(table)
        types = validate.polars_schema(table)
        return dg.TableSchema(columns=[dg.TableColumn(name, str(types[name]), description=described[name])
                                       for name in types])
    return dg.TableSchema(columns=[dg.TableColumn(name, dtype, description=comment or "")
                                   for name, dtype, comment in checks.column_comments(con, table)])


def _validation_check(table: str, outcome: validate.ValidationOutcome) -> dg.AssetCheckResult:
    failures = outcome.failures.get(table)
    refused = [q for q in outcome.quarantine if q.get("table_name") == table]
    schema_error = outcome.schema_errors.get(table)
    sample = failures.head(10).select("check", "column", "failure_case", "index").to_dicts() \
        if failures is not None and failures.height else []
    return dg.AssetCheckResult(
        asset_key=table, check_name="passes_pandera_model", passed=not refused and not schema_error,
        severity=dg.AssetCheckSeverity.ERROR if schema_error else dg.AssetCheckSeverity.WARN,
        metadata={"quarantined_rows": len(refused), "schema_error": schema_error or "",
                  "failure_cases": dg.MetadataValue.md(checks.markdown_table(sample))},
    )


@dg.multi_asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    specs=[
        dg.AssetSpec(table, kinds={"duckdb", "polars"} if table in VALIDATED_TABLES else {"duckdb"},
                     description=TABLE_DESCRIPTIONS.get(table),
                     # event and event_mention are rebuilt from the facts after every write
                     deps=(list(table_checks.EVENT_FACT_TABLES) if table in table_checks.DERIVED_FROM_FACTS
                           else ["raw_articles", "pending_documents", "validated_events"]))
        for table in warehouse.WAREHOUSE_TABLES
    ],
    check_specs=_warehouse_check_specs(),
)
def warehouse_tables(context: dg.AssetExecutionContext, raw_articles: ingest.IngestResult,
                     pending_documents: PendingDocuments, validated_events: validate.ValidationOutcome,
                     warehouse_db: Warehouse):
    """Write the run's batch into the working copy in one transaction, check it, then publish it."""
    quarantine = [q.__dict__ for q in raw_articles.quarantined] + validated_events.quarantine
    valid = validated_events.valid
    batch_documents = valid["dim_document"]["document_id"].to_list()
    batch = warehouse.Batch(
        documents=valid["dim_document"],
        facts={t: valid[t] for t in warehouse.DOCUMENT_TABLES},
        actors=valid["dim_actor"],
        quarantine=quarantine,
        seen_sources=raw_articles.seen_sources,
        unchanged_document_ids=pending_documents.unchanged_document_ids,
        deleted_sources=raw_articles.deleted,
        names=raw_articles.sources,
        refused_document_ids=sorted(set(pending_documents.documents["document_id"].to_list()) - set(batch_documents)),
        unread_sources=raw_articles.unread_sources,
        unlisted=raw_articles.unlisted,
        full_scan=raw_articles.full_scan,
    )
    with warehouse_db.write_and_publish(context.log.warning) as con:
        warehouse.apply_schema(con)
        warehouse.refresh_countries(con)
        written = warehouse.write_batch(con, batch)
        context.log.info(f"changes written: {written.get('changes', 0)} ({written})")
        counts = warehouse.table_counts(con)
        for table in warehouse.WAREHOUSE_TABLES:
            yield dg.MaterializeResult(asset_key=table, metadata={
                "dagster/row_count": counts[table],
                "dagster/column_schema": _column_schema(con, table),
                "preview": dg.MetadataValue.md(checks.preview(con, table)),
                "rows_written_this_run": valid[table].height if table in valid else None,
            })
        for table in VALIDATED_TABLES:
            yield _validation_check(table, validated_events)
            if table == "dim_actor":
                continue
            landed = (checks.rows_for_documents(con, table, batch_documents) if table != "dim_document"
                      else len(set(batch_documents) & set(warehouse.current_documents(con))))
            yield dg.AssetCheckResult(asset_key=table, check_name="row_count_matches_validated",
                                      passed=landed == valid[table].height,
                                      metadata={"validated": valid[table].height, "in_warehouse": landed})
        for table in warehouse.FACT_TABLES:
            violations = checks.foreign_key_violations(con, table)
            yield dg.AssetCheckResult(asset_key=table, check_name="foreign_keys_resolve",
                                      passed=not any(violations.values()),
                                      severity=dg.AssetCheckSeverity.ERROR,
                                      metadata={f"unresolved_{col}": n for col, n in violations.items()})
        orphans = checks.orphan_actors(con)
        yield dg.AssetCheckResult(asset_key="dim_actor", check_name="no_orphan_actors", passed=orphans == 0,
                                  severity=dg.AssetCheckSeverity.ERROR, metadata={"orphans": orphans})
        for outcome in table_checks.evaluate(con):
            yield _table_check_result(outcome)


ALL_ASSETS = [raw_articles, pending_documents, parsed_documents, extracted_events, validated_events,
              warehouse_tables]
# The pipeline from raw files to the published warehouse, without the report and the export after it.
PIPELINE_ASSET_KEYS = [key for assets_def in ALL_ASSETS for key in assets_def.keys]

refresh_warehouse = dg.define_asset_job("refresh_warehouse", selection=dg.AssetSelection.all(),
                                        description="Read raw/, extract, validate and load the warehouse.")


def build_resources(settings: Settings) -> dict[str, object]:
    return {
        "raw": RawArticles(raw_dir=str(settings.raw_dir), max_file_bytes=settings.max_file_bytes),
        "spacy": SpacyModel(),
        "warehouse_db": Warehouse(path=str(settings.warehouse)),
        "publishing": Publishing(),
    }


@dg.sensor(job=refresh_warehouse, default_status=dg.DefaultSensorStatus.RUNNING, minimum_interval_seconds=30,
           description="Starts a run for every batch of new or changed files in the raw directory, scoped to "
                       "them; when a file went (deleted, renamed or moved away), a full scan. Its cursor is a "
                       "high-water mark and digests, a few hundred bytes however many files there are.")
def raw_files_sensor(context: dg.SensorEvaluationContext, raw: RawArticles) -> dg.SensorResult:
    files = sensor_cursor.listing(Path(raw.raw_dir)) if Path(raw.raw_dir).is_dir() else {}
    plan = sensor_cursor.plan(files, sensor_cursor.Cursor.decode(context.cursor))
    if plan.skip:
        return dg.SensorResult(skip_reason=dg.SkipReason("no new, changed or deleted files"),
                               cursor=plan.cursor.encode())
    request = dg.RunRequest(
        run_key=plan.run_key,
        run_config=dg.RunConfig(ops={"raw_articles": IngestScope(sources=plan.sources, deleted=[])}),
        tags={"bilateral/scope": "full scan" if plan.full_scan else f"{len(plan.sources or [])} files"},
    )
    return dg.SensorResult(run_requests=[request], cursor=plan.cursor.encode())


daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh", job=refresh_warehouse, default_status=dg.DefaultScheduleStatus.RUNNING,
    cron_schedule=os.environ.get(REFRESH_CRON_ENV, "0 6 * * *"),
    description="A full scan of the raw directory, catching anything the sensor missed (and deletions).",
)


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    return dg.Definitions(assets=[*ALL_ASSETS, *PUBLISH_ASSETS], jobs=[refresh_warehouse], sensors=[raw_files_sensor],
                          schedules=[daily_refresh], resources=build_resources(settings or Settings.from_env()))


defs = build_definitions()
