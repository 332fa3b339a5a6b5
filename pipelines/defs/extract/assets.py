"""NLP and extract stages in one step: every pending article split, its candidate sentences parsed by
spaCy and its facts extracted, in chunks on a pool of worker processes (`pipelines.workers`). The parses
never leave the process that made them; each chunk's texts are read from their files when it is sent
(checked against the hashes ingest took, and spooled for validation and the warehouse: `lake.SpooledTexts`)
and its rows go to the run's spool (Parquet, `lake.Spool`) as they arrive, so the step's assets hold
counts and paths, neither the texts nor the rows."""

from collections.abc import Iterator

import dagster as dg

from pipelines import ingest, lake, nlp, schema, workers
from pipelines.defs.resources import Checkpoints, RunProgress, SpacyModel, Warehouse
from pipelines.display import printable
from pipelines.progress import Progress


def log_failures(context: dg.AssetExecutionContext, failures: list[nlp.DocumentFailure],
                 pending: ingest.PendingDocuments) -> None:
    """One warning per refused document, under the name it was read as."""
    source_of = pending.source_names()
    for f in failures:
        context.log.warning(f"quarantined {printable(source_of.get(f.document_id, f.document_id), 300)}: "
                            f"{f.stage} {f.reason}: {printable(f.detail)}")


@dg.multi_asset(
    outs={
        "parsed_documents": dg.AssetOut(
            group_name="nlp", kinds={"spacy", "polars"},
            description="One row per pending article the NLP stage read: its sentences and words, and how many "
                        "of them spaCy parsed (only candidate sentences are). Made in the same step as "
                        "extracted_events: each parse is read where it was made, and only rows travel on; a "
                        "document whose split or parse fails is refused alone."),
        "extracted_events": dg.AssetOut(
            group_name="extract", kinds={"polars"},
            description="Deals, gifts, sanctions, meetings, trade figures, statements and actors per article, "
                        "extracted from its parse, in the run's spool (Parquet per chunk); a document whose "
                        "extraction fails is refused alone."),
    },
    internal_asset_deps={"parsed_documents": {dg.AssetKey("pending_documents")},
                         "extracted_events": {dg.AssetKey("pending_documents"), dg.AssetKey("parsed_documents")}},
)
def parse_and_extract(context: dg.AssetExecutionContext, pending_documents: ingest.PendingDocuments,
                      spacy: SpacyModel, early_zygote: dg.ResourceParam[workers.EarlyZygote], progress: RunProgress,
                      checkpoints: Checkpoints, warehouse_db: Warehouse) -> Iterator[dg.Output]:  # type: ignore[type-arg]
    documents = pending_documents.documents
    count = documents.height
    shown = Progress(count, ("parsed", "extracted"), interval=progress.interval_seconds, enabled=progress.enabled)
    spool = lake.Spool.for_run(warehouse_db.published, context.run.run_id)
    spooler, texts = lake.ExtractionSpooler(spool), lake.SpooledTexts(pending_documents, spool)
    run = workers.stream_pending(count, texts.texts_at, documents["n_chars"].to_list(), spacy.stream_settings(),
                                 spooler, shown, early_zygote)
    extraction, stats = spooler.finish()
    outcome = texts.finish(extraction)
    took = shown.done()
    for note in outcome.notes:
        context.log.warning(printable(note))
    log_failures(context, outcome.failures, pending_documents)
    checkpoints.reached("extract")
    parse_failures = sum(f.stage == "nlp" for f in outcome.failures)
    changed = len(texts.refused)
    words, parsed_words = int(stats["words"].sum()), int(stats["parsed_words"].sum())
    yield dg.Output(stats, "parsed_documents", metadata={
        "documents": stats.height,
        "sentences": int(stats["sentences"].sum()),
        "parsed_sentences": int(stats["parsed_sentences"].sum()),
        "words": words,
        "parsed_words": parsed_words,
        "parsed_word_share": round(parsed_words / words, 3) if words else 0.0,
        "refused": parse_failures,
        "worker_processes": run.processes,
    })
    seconds = shown.elapsed
    yield dg.Output(outcome, "extracted_events", metadata={
        **{table: outcome.rows[table] for table in schema.FACT_MODELS},
        "dim_actor": outcome.actors().height,
        "documents_extracted": shown.counts["extracted"],
        "refused": len(outcome.failures) - parse_failures - changed,
        "changed_during_run": changed,
        "seconds": round(seconds, 2),
        "documents_per_second": round(count / seconds, 2) if seconds > 0 and count else 0.0,
        "progress": took,
    })

