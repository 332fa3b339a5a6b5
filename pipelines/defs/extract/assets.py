"""Extract stage asset: facts and actors of every parsed article, each document isolated."""

import dagster as dg

from pipelines import ingest, isolation, nlp
from pipelines.defs.nlp.assets import log_failures
from pipelines.defs.resources import Checkpoints, SpacyModel


@dg.asset(group_name="extract", kinds={"polars"},
          description="Deals, gifts, sanctions, meetings, trade figures, statements and actors per article; "
                      "a document whose extraction fails is refused alone.")
def extracted_events(context: dg.AssetExecutionContext, pending_documents: ingest.PendingDocuments,
                     parsed_documents: nlp.ParseOutcome, spacy: SpacyModel,
                     checkpoints: Checkpoints) -> isolation.ExtractionOutcome:
    outcome = isolation.extract_pending(pending_documents, parsed_documents, spacy.model)
    log_failures(context, outcome.failures[len(parsed_documents.failures):], pending_documents)
    checkpoints.reached("extract")
    tables = outcome.tables
    context.add_output_metadata({table: frame.height for table, frame in tables.facts.items()}
                                | {"dim_actor": tables.actors.height, "refused": len(outcome.failures)})
    return outcome
