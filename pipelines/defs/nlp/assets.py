"""NLP stage asset: sentences of each pending article, candidate sentences parsed by spaCy."""

import dagster as dg

from pipelines import ingest, nlp
from pipelines.defs.resources import SpacyModel
from pipelines.display import printable


def log_failures(context: dg.AssetExecutionContext, failures: list[nlp.DocumentFailure],
                 pending: ingest.PendingDocuments) -> None:
    """One warning per refused document, under the name it was read as."""
    source_of = pending.source_names()
    for f in failures:
        context.log.warning(f"quarantined {printable(source_of.get(f.document_id, f.document_id), 300)}: "
                            f"{f.stage} {f.reason}: {printable(f.detail)}")


@dg.asset(group_name="nlp", kinds={"spacy"},
          description="Sentences of each pending article; candidate sentences parsed by spaCy; "
                      "a document whose parse fails is refused alone.")
def parsed_documents(context: dg.AssetExecutionContext, pending_documents: ingest.PendingDocuments,
                     spacy: SpacyModel) -> nlp.ParseOutcome:
    docs = pending_documents.documents
    outcome = nlp.parse_documents_isolated(list(zip(docs["document_id"], docs["body"], strict=True)), spacy.model,
                                           spacy.batch_size, spacy.select_sentences)
    log_failures(context, outcome.failures, pending_documents)
    n_sentences = sum(len(p.sentences) for p in outcome.parsed)
    n_parsed = sum(s.parsed for p in outcome.parsed for s in p.sentences)
    context.add_output_metadata({"documents": len(outcome.parsed), "sentences": n_sentences,
                                 "parsed_sentences": n_parsed, "refused": len(outcome.failures)})
    return outcome
