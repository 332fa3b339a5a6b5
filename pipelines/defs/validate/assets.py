"""Validate stage asset: every extracted table checked by its pandera model, chunk by chunk from the run's
spool; the valid rows go back to the spool for the warehouse step."""

import dagster as dg

from pipelines import ingest, lake, validate


@dg.asset(group_name="validate", kinds={"pandera", "polars"},
          description="Every extracted table checked by its pandera model; failing rows split off for quarantine.")
def validated_events(context: dg.AssetExecutionContext, pending_documents: ingest.PendingDocuments,
                     extracted_events: lake.SpooledExtraction) -> validate.SpooledValidation:
    outcome = validate.validate_spooled(pending_documents, extracted_events)
    refused = pending_documents.documents.height - len(outcome.document_ids)
    context.add_output_metadata({"quarantined_rows": len(outcome.quarantine),
                                 "tables_failing_schema": len(outcome.schema_errors),
                                 "refused_documents": refused})
    return outcome
