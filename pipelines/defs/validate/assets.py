"""Validate stage asset: every extracted table checked by its pandera model."""

import dagster as dg

from pipelines import ingest, isolation, validate


@dg.asset(group_name="validate", kinds={"pandera", "polars"},
          description="Every extracted table checked by its pandera model; failing rows split off for quarantine.")
def validated_events(context: dg.AssetExecutionContext, pending_documents: ingest.PendingDocuments,
                     extracted_events: isolation.ExtractionOutcome) -> validate.ValidationOutcome:
    outcome = validate.validate_run(pending_documents, extracted_events)
    refused = pending_documents.documents.height - outcome.valid["dim_document"].height
    context.add_output_metadata({"quarantined_rows": len(outcome.quarantine),
                                 "tables_failing_schema": len(outcome.schema_errors),
                                 "refused_documents": refused})
    return outcome
