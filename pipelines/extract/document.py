"""The extract stage over documents: parsed sentences in, fact rows and actors out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from pipelines.extract.rows import Candidate, ExtractedTables, _finalise
from pipelines.extract.rules import SentenceRules
from pipelines.nlp import ParsedDocument, load_model
from pipelines.resolve import Actor, DocumentContext, SentenceActors, lexicon
from pipelines.validate import FACT_MODELS, frame_from_rows


def extract_documents(documents: pl.DataFrame, parsed: list[ParsedDocument], model: str) -> ExtractedTables:
    nlp = load_model(model)
    lex = lexicon(nlp)
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in FACT_MODELS}
    actors: dict[str, dict[str, Any]] = {}
    parties: list[dict[str, Any]] = []
    by_id = {p.document_id: p for p in parsed}
    for doc_row in documents.iter_rows(named=True):
        parsed_doc = by_id.get(doc_row["document_id"])
        if parsed_doc is None:
            continue
        sentences = parsed_doc.parsed_sentences(nlp)
        facts, doc_actors = extract_document(doc_row["document_id"], doc_row["body"], doc_row["published_date"],
                                             sentences, lex)
        for table, table_rows in facts.items():
            if table == "bridge_event_party":
                parties.extend(table_rows)
            else:
                rows[table].extend(table_rows)
        for actor in doc_actors:
            actors[actor.actor_id] = actor.as_row()
    return ExtractedTables(
        facts={t: frame_from_rows(t, r) for t, r in rows.items()},
        actors=frame_from_rows("dim_actor", sorted(actors.values(), key=lambda a: a["actor_id"])),
        parties=frame_from_rows("bridge_event_party", parties),
    )


def extract_document(document_id: str, body: str, published: dt.date | None, sentences: list, lex
                     ) -> tuple[dict[str, list[dict[str, Any]]], list[Actor]]:
    context = DocumentContext()
    candidates: list[Candidate] = []
    for sentence, doc in sentences:
        actors = SentenceActors(doc, lex, context)
        rules = SentenceRules(doc, actors, context, sentence.start, published, lex)
        candidates.extend(rules.run())
    return _finalise(document_id, body, candidates)
