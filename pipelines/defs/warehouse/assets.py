"""Warehouse stage asset: one Dagster asset per warehouse table, written in one transaction and published."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import checks, correcting, ingest, lake, schema, validate, warehouse
from pipelines.defs.ingest.assets import WAREHOUSE_POOL
from pipelines.defs.resources import AnalystCorrections, Checkpoints, RawArticles, Warehouse
from pipelines.display import printable

# Tables built from the fact tables (cross-article identity), not written from the run's batch.
DERIVED_FROM_FACTS = ("event", "event_mention")


def column_schema(con: duckdb.DuckDBPyConnection, table: str) -> dg.TableSchema:
    """The table's columns with their DuckDB types and the DDL's comments."""
    return dg.TableSchema(columns=[dg.TableColumn(name, dtype, description=comment or "")
                                   for name, dtype, comment in checks.column_comments(con, table)])


@dg.multi_asset(
    group_name="warehouse",
    pool=WAREHOUSE_POOL,
    specs=[
        dg.AssetSpec(table, kinds={"duckdb", "polars"} if table in schema.VALIDATED_TABLES else {"duckdb"},
                     description=schema.describe(table),
                     # event and event_mention are rebuilt from the facts after every write
                     deps=(list(schema.EVENT_TABLES) if table in DERIVED_FROM_FACTS
                           else ["raw_articles", "pending_documents", "validated_events"]))
        for table in schema.WAREHOUSE_TABLES
    ],
)
def warehouse_tables(context: dg.AssetExecutionContext, raw_articles: ingest.IngestResult,
                     pending_documents: ingest.PendingDocuments, validated_events: validate.SpooledValidation,
                     warehouse_db: Warehouse, checkpoints: Checkpoints, raw: RawArticles,
                     corrections: AnalystCorrections) -> Iterator[dg.MaterializeResult]:  # type: ignore[type-arg]
    """Write the run's batch into the working copy in one transaction (its rows read from the run's spool
    inside it), the analysts' corrections applied after validation in the same transaction, then publish
    it; the spool goes once the batch is written or the write failed."""
    try:
        yield from _write(context, raw_articles, pending_documents, validated_events, warehouse_db, checkpoints,
                          raw, corrections)
    finally:
        lake.Spool(Path(validated_events.directory)).remove()


def _write(context: dg.AssetExecutionContext, raw_articles: ingest.IngestResult,
           pending_documents: ingest.PendingDocuments, validated_events: validate.SpooledValidation,
           warehouse_db: Warehouse, checkpoints: Checkpoints, raw: RawArticles, corrections: AnalystCorrections
           ) -> Iterator[dg.MaterializeResult]:  # type: ignore[type-arg]
    batch = warehouse.batch_from_spool(raw_articles, pending_documents, validated_events)
    rows = validated_events.rows
    analysts = corrections.load(raw.raw_dir)
    with warehouse_db.write_and_publish(context.log.warning, checkpoints.reached) as con:
        warehouse.apply_schema(con)
        warehouse.refresh_countries(con)
        written = warehouse.write_batch(con, batch, checkpoint=checkpoints.reached,
                                        after_write=lambda c, extracted: correcting.apply_corrections(
                                            c, analysts, extracted))
        context.log.info(f"changes written: {written.get('changes', 0)} ({written})")
        counts = warehouse.table_counts(con)
        states = correcting.counts(con)
        for line in correcting.orphan_lines(con):
            context.log.warning(printable(line))
        for table in schema.WAREHOUSE_TABLES:
            yield dg.MaterializeResult(asset_key=table, metadata={
                "dagster/row_count": counts[table],
                "dagster/column_schema": column_schema(con, table),
                "preview": dg.MetadataValue.md(checks.preview(con, table)),
                "rows_written_this_run": rows.get(table, 0) if table in schema.VALIDATED_TABLES else None,
                **({f"corrections_{state}": n for state, n in states.items()} if table == "correction" else {}),
            })
