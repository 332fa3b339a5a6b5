"""Extract stage: bilateral events and attributed quotes from a parsed document.

Event frames (`frames/*.yaml`: trigger words, the slots that fill each side, support verbs) are data;
one engine (`engine.py`) applies them to every table, one status mechanism (`status.py`) reads
negation, modality and governing words for all of them, and named predicates (`predicates.py`) hold
the conditions frames require or reject. `fields.py` reads each table's columns, `quotes.py` the
attributed quotations, `rows.py` merges mentions into rows, `document.py` runs it over a document.
Actors come from the `bilateral_actors` spaCy component (`pipelines/resolve.py`).
"""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any

EXTRACTOR_VERSION = "0.22.0"

if TYPE_CHECKING:
    from pipelines.extract.document import extract_documents, extract_parsed
    from pipelines.extract.rows import Candidate, ExtractedTables
    from pipelines.extract.values import resolve_date

# The engine, its rules and spaCy are imported when first used, not by `import pipelines.extract`: a run
# with nothing to extract (and `EXTRACTOR_VERSION`'s readers) never pays for them.
_LAZY = {"extract_documents": "document", "extract_parsed": "document", "Candidate": "rows",
         "ExtractedTables": "rows", "resolve_date": "values"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract_text(body: str, published: dt.date | None = None, document_id: str = "doc_text",
                 switched_off: frozenset[str] = frozenset()) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table for one text: parse it and extract, as a run would (for tests and notebooks),
    with the document-level mechanisms named in `switched_off` turned off (to measure them)."""
    from pipelines.extract.document import extract_parsed
    from pipelines.nlp import load_model, parse_documents
    from pipelines.resolve import Mechanisms

    parsed = parse_documents([(document_id, body)])[0]
    rows, _ = extract_parsed(document_id, body, published, parsed, load_model(),
                             mechanisms=Mechanisms(switched_off))
    return rows


__all__ = ["EXTRACTOR_VERSION", "Candidate", "ExtractedTables", "extract_documents", "extract_parsed",
           "extract_text", "resolve_date"]
