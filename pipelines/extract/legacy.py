"""The rule-per-sentence extractor (0.3.0), kept only to compare the frames engine against it while the
engine replaces it; `BILATERAL_EXTRACTOR=rules` selects it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipelines.extract.rows import Candidate, _finalise
from pipelines.extract.rules import SentenceRules
from pipelines.resolve import Actor, DocumentContext, SentenceActors


def extract_document(document_id: str, body: str, published: dt.date | None, sentences: list, lex
                     ) -> tuple[dict[str, list[dict[str, Any]]], list[Actor]]:
    context = DocumentContext()
    candidates: list[Candidate] = []
    for sentence, doc in sentences:
        actors = SentenceActors(doc, lex, context)
        rules = SentenceRules(doc, actors, context, sentence.start, published, lex)
        candidates.extend(rules.run())
    return _finalise(document_id, body, candidates)
