"""Ingest stage assets: the raw directory read into documents, and which of them need extracting."""

from collections.abc import Callable
from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines import extract, ingest, warehouse
from pipelines.defs.resources import RawArticles, Warehouse
from pipelines.display import printable

# Warehouse readers and writers share one pool (limit 1 in dagster.yaml): a second run waits, never fails.
WAREHOUSE_POOL = "duckdb_warehouse"


class IngestScope(dg.Config):
    """Which files a run reads: all of them (the default, as the schedule and the CLI do, and the sensor
    when a file went), or just the ones a sensor saw arrive or change; `deleted` names files known to be
    gone (for a launchpad run)."""

    sources: list[str] | None = None
    deleted: list[str] = Field(default_factory=list)


def read_raw_directory(raw: RawArticles, config: IngestScope, warn: Callable[[str], None]) -> ingest.IngestResult:
    """The run's files read, each bad one warned of; an empty folder (an unmounted share, a mistake) is no
    full scan, so it retracts nothing: the published warehouse is left as it was. Shared by the asset job
    and the fan-out job."""
    result = ingest.ingest_directory(Path(raw.raw_dir), raw.max_file_bytes, config.sources, config.deleted)
    if result.full_scan and not result.sources and not result.quarantined:
        warn(f"raw directory {printable(raw.raw_dir)} holds no files: nothing to do, the "
             "published warehouse is left as it was")
        result.full_scan = False
    for q in result.quarantined:
        warn(f"quarantined {printable(q.source_name, 300)}: {q.reason}: {printable(q.detail)}")
    return result


def find_pending(result: ingest.IngestResult, warehouse_db: Warehouse, version: str,
                 warn: Callable[[str], None]) -> ingest.PendingDocuments:
    """The documents new or changed (or extracted by another `version`) since the warehouse last saw them."""
    frame = ingest.documents_frame(result.documents, version)
    with warehouse_db.working_connection(warn) as con:
        current = warehouse.current_documents(con) if con is not None else {}
    return ingest.split_pending(frame, current, version, result.bodies())


@dg.asset(group_name="ingest", kinds={"python"},
          description="Every article file under the raw directory, decoded and normalised: each document's metadata "
                      "and content hash (its text is read again when a chunk of documents is parsed); bad files "
                      "quarantined.")
def raw_articles(context: dg.AssetExecutionContext, config: IngestScope, raw: RawArticles) -> ingest.IngestResult:
    result = read_raw_directory(raw, config, context.log.warning)
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
                      warehouse_db: Warehouse) -> ingest.PendingDocuments:
    pending = find_pending(raw_articles, warehouse_db, extract.EXTRACTOR_VERSION, context.log.warning)
    context.add_output_metadata({"pending": pending.documents.height,
                                 "unchanged": len(pending.unchanged_document_ids)})
    return pending
