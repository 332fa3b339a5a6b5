"""NLP and extract stages in one step: every pending article split, its candidate sentences parsed by
spaCy and its facts extracted, in chunks on a pool of worker processes (`pipelines.workers`). The parses
never leave the process that made them; the step's two assets hold what the stages made of them."""

from collections.abc import Iterator

import dagster as dg

from pipelines import ingest, isolation, nlp, workers
from pipelines.defs.resources import Checkpoints, RunProgress, SpacyModel
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
                        "extracted from its parse; a document whose extraction fails is refused alone."),
    },
    internal_asset_deps={"parsed_documents": {dg.AssetKey("pending_documents")},
                         "extracted_events": {dg.AssetKey("pending_documents"), dg.AssetKey("parsed_documents")}},
)
def parse_and_extract(context: dg.AssetExecutionContext, pending_documents: ingest.PendingDocuments,
                      spacy: SpacyModel, progress: RunProgress, checkpoints: Checkpoints
                      ) -> Iterator[dg.Output]:  # type: ignore[type-arg]
    texts = isolation.pending_texts(pending_documents)
    shown = Progress(len(texts), ("parsed", "extracted"), interval=progress.interval_seconds,
                     enabled=progress.enabled)
    result = workers.process_pending(texts, spacy.stream_settings(), shown)
    took = shown.done()
    for note in result.notes:
        context.log.warning(printable(note))
    outcome = result.extraction
    log_failures(context, outcome.failures, pending_documents)
    checkpoints.reached("extract")
    stats = result.stats
    parse_failures = sum(f.stage == "nlp" for f in outcome.failures)
    words, parsed_words = int(stats["words"].sum()), int(stats["parsed_words"].sum())
    yield dg.Output(stats, "parsed_documents", metadata={
        "documents": stats.height,
        "sentences": int(stats["sentences"].sum()),
        "parsed_sentences": int(stats["parsed_sentences"].sum()),
        "words": words,
        "parsed_words": parsed_words,
        "parsed_word_share": round(parsed_words / words, 3) if words else 0.0,
        "refused": parse_failures,
        "worker_processes": result.processes,
    })
    tables = outcome.tables
    seconds = shown.elapsed
    yield dg.Output(outcome, "extracted_events", metadata={
        **{table: frame.height for table, frame in tables.facts.items()},
        "dim_actor": tables.actors.height,
        "documents_extracted": shown.counts["extracted"],
        "refused": len(outcome.failures) - parse_failures,
        "seconds": round(seconds, 2),
        "documents_per_second": round(len(texts) / seconds, 2) if seconds > 0 and texts else 0.0,
        "progress": took,
    })

