"""Per-document isolation of the NLP and extract stages, and the documents each stage refused.

`process_texts` is the NLP and extract stages over a chunk of documents: their candidate sentences are
parsed in batches (the fast way) and each document is extracted on its own, straight from its parse.
A document whose sentence split or parse raises is a failure of stage `nlp`, one whose extraction
raises a failure of stage `extract` (one quarantine row each); every other document goes on as usual.
When a batch's parse raises, the documents it had not yet given back are parsed one by one to find the
ones at fault. A document's rows come from one successful call, so nothing is ever published
half-extracted. The extractor itself is not changed. `pipelines.workers` runs chunks on every core.

Importing this module imports neither spaCy nor the extraction rules: a run with nothing to extract
never loads them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines.display import describe_exception
from pipelines.nlp import DocumentFailure, ParsedDocument
from pipelines.pubdate import GUESSED_DATE_SOURCES
from pipelines.schema import FACT_MODELS, frame_from_rows

if TYPE_CHECKING:
    from spacy.language import Language

    from pipelines.extract import ExtractedTables
    from pipelines.resolve import Actor

log = logging.getLogger(__name__)

# Called as documents get through a stage: ("parsed", n) and ("extracted", n); refused ones are not counted.
Progress = Callable[[str, int], None]
# Per-document counts of the NLP stage (`ParsedDocument.stats`), the columns of `parsed_documents`.
STATS_SCHEMA = {"document_id": pl.Utf8, "sentences": pl.Int64, "parsed_sentences": pl.Int64, "words": pl.Int64,
                "parsed_words": pl.Int64}


def no_progress(kind: str, n: int) -> None:
    """A `Progress` that shows nothing."""


@dataclass(frozen=True)
class PendingText:
    """One document as the NLP and extract stages need it; a publication date that is only a guess (the
    file's own date) dates relative expressions and nothing else (`extract_parsed`)."""

    document_id: str
    body: str
    published: dt.date | None
    date_is_a_guess: bool = False


def texts_of(docs: pl.DataFrame) -> list[PendingText]:
    """The texts of a frame of documents (ingest's columns), each with how far its date may be trusted."""
    return [PendingText(i, b, p, s in GUESSED_DATE_SOURCES)
            for i, b, p, s in zip(docs["document_id"], docs["body"], docs["published_date"], docs["date_source"],
                                  strict=True)]


@dataclass
class ExtractionOutcome:
    """The extracted tables of the documents that made it, and the documents the NLP or extract stage
    refused (they are not published; each is one quarantine row)."""

    tables: ExtractedTables
    failures: list[DocumentFailure] = field(default_factory=list)


@dataclass
class ChunkOutcome:
    """What the NLP and extract stages made of a chunk of documents: rows per fact table; actor rows by
    id in document order (a later document's row of an actor wins, as in one batch); the NLP counts of
    every parsed document; the documents each stage refused; and warnings for the run's log."""

    facts: dict[str, pl.DataFrame]
    parties: pl.DataFrame
    actors: dict[str, dict[str, Any]]
    stats: list[dict[str, Any]] = field(default_factory=list)
    parse_failures: list[DocumentFailure] = field(default_factory=list)
    extract_failures: list[DocumentFailure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def process_texts(texts: Sequence[PendingText], nlp: Language, batch_size: int = 64, select: bool = True,
                  progress: Progress = no_progress, frames_prefilter: bool = False) -> ChunkOutcome:
    """Parse and extract `texts`, each document isolated; memory is bounded by `batch_size` parses.
    `frames_prefilter`: which sentences are parsed (`nlp.is_candidate`)."""
    from pipelines.extract import document

    parse_failures: list[DocumentFailure] = []
    notes: list[str] = []
    extracted: list[tuple[str, dict[str, list[dict[str, Any]]], list[Actor]]] = []
    stats: list[dict[str, Any]] = []
    failed: dict[str, DocumentFailure] = {}
    for text, parsed in _parse_isolated(texts, nlp, batch_size, select, parse_failures, notes, progress,
                                        frames_prefilter):
        stats.append({"document_id": text.document_id, **parsed.stats(text.body)})
        try:
            # Looked up on the module at every call, so a test may replace it.
            facts, actors = document.extract_parsed(text.document_id, text.body, text.published, parsed, nlp,
                                                    date_is_a_guess=text.date_is_a_guess)
        except Exception as exc:  # noqa: BLE001 - one document's failure is that document's quarantine row
            failed[text.document_id] = DocumentFailure(text.document_id, "extract", "extraction_failed",
                                                       describe_exception(exc))
        else:
            extracted.append((text.document_id, facts, actors))
            progress("extracted", 1)
    try:
        outcome = _tables(extracted)
    except Exception as exc:  # noqa: BLE001 - some document's rows do not fit its table: find it below
        notes.append(f"building the tables failed ({describe_exception(exc)}); building each document's alone")
        good = []
        for one in extracted:
            try:
                _tables([one])
            except Exception as one_exc:  # noqa: BLE001 - that document's quarantine row
                failed[one[0]] = DocumentFailure(one[0], "extract", "extraction_failed", describe_exception(one_exc))
            else:
                good.append(one)
        outcome = _tables(good)
    order = {t.document_id: k for k, t in enumerate(texts)}
    outcome.stats = stats
    outcome.parse_failures = parse_failures
    outcome.extract_failures = sorted(failed.values(), key=lambda f: order[f.document_id])
    outcome.notes = notes
    return outcome


def _parse_isolated(texts: Sequence[PendingText], nlp: Language, batch_size: int, select: bool,
                    failures: list[DocumentFailure], notes: list[str], progress: Progress, frames_prefilter: bool
                    ) -> Iterator[tuple[PendingText, ParsedDocument]]:
    from pipelines import nlp as nlp_stage

    done = 0
    try:
        for parsed in nlp_stage.iter_parsed(((t.document_id, t.body) for t in texts), nlp, batch_size, select,
                                            frames_prefilter=frames_prefilter):
            text = texts[done]
            done += 1
            progress("parsed", 1)
            yield text, parsed
        return
    except Exception as exc:  # noqa: BLE001 - some document is at fault: find it below
        notes.append(f"parsing a batch failed ({describe_exception(exc)}); parsing each of its "
                     f"{len(texts) - done} remaining documents on its own")
    for text in texts[done:]:
        try:
            (parsed,) = nlp_stage.iter_parsed([(text.document_id, text.body)], nlp, batch_size, select,
                                              frames_prefilter=frames_prefilter)
        except Exception as exc:  # noqa: BLE001 - one document's failure is that document's quarantine row
            failures.append(DocumentFailure(text.document_id, "nlp", "parse_failed", describe_exception(exc)))
            continue
        progress("parsed", 1)
        yield text, parsed


def _tables(extracted: list[tuple[str, dict[str, list[dict[str, Any]]], list[Actor]]]) -> ChunkOutcome:
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in FACT_MODELS}
    parties: list[dict[str, Any]] = []
    actors: dict[str, dict[str, Any]] = {}
    for _, facts, doc_actors in extracted:
        for table, table_rows in facts.items():
            (parties if table == "bridge_event_party" else rows[table]).extend(table_rows)
        for actor in doc_actors:
            actors[actor.actor_id] = actor.as_row()
    return ChunkOutcome(facts={t: frame_from_rows(t, r) for t, r in rows.items()},
                        parties=frame_from_rows("bridge_event_party", parties), actors=actors)


def empty_chunk() -> ChunkOutcome:
    return _tables([])


def combine(chunks: list[ChunkOutcome]) -> tuple[ExtractionOutcome, pl.DataFrame]:
    """One run's outcome from its chunks in document order (the same tables one batch would give), and
    the NLP counts of every parsed document. Failures: the NLP stage's refusals, then the extract stage's."""
    from pipelines.extract import ExtractedTables

    actors: dict[str, dict[str, Any]] = {}
    for chunk in chunks:
        actors.update(chunk.actors)
    facts = {t: pl.concat([frame_from_rows(t, []), *(c.facts[t] for c in chunks)], how="vertical")
             for t in FACT_MODELS}
    tables = ExtractedTables(
        facts=facts,
        actors=frame_from_rows("dim_actor", sorted(actors.values(), key=lambda a: a["actor_id"])),
        parties=pl.concat([frame_from_rows("bridge_event_party", []), *(c.parties for c in chunks)],
                          how="vertical"),
    )
    failures = [f for c in chunks for f in c.parse_failures] + [f for c in chunks for f in c.extract_failures]
    stats = pl.DataFrame([row for c in chunks for row in c.stats], schema=STATS_SCHEMA, orient="row")
    return ExtractionOutcome(tables, failures), stats


def extract_isolated(documents: pl.DataFrame, parsed: list[ParsedDocument], model: str) -> ExtractionOutcome:
    """The extract stage alone over documents parsed before (`nlp.parse_documents_isolated`)."""
    from pipelines.extract import extract_documents

    try:
        return ExtractionOutcome(extract_documents(documents, parsed, model))
    except Exception as exc:  # noqa: BLE001 - some document is at fault: find it below
        log.warning("extracting the batch failed (%s); extracting each document on its own", describe_exception(exc))
    by_id = {p.document_id: p for p in parsed}
    parts: list[ExtractedTables] = []
    failures: list[DocumentFailure] = []
    for index in range(documents.height):
        one = documents.slice(index, 1)
        document_id = one["document_id"][0]
        mine = [by_id[document_id]] if document_id in by_id else []
        try:
            parts.append(extract_documents(one, mine, model))
        except Exception as exc:  # noqa: BLE001 - one document's failure is that document's quarantine row
            failures.append(DocumentFailure(document_id, "extract", "extraction_failed", describe_exception(exc)))
    return ExtractionOutcome(merge_tables(parts), failures)


def merge_tables(parts: list[ExtractedTables]) -> ExtractedTables:
    """One ExtractedTables from several (actors shared by documents appear once)."""
    from pipelines.extract import ExtractedTables

    if not parts:
        return ExtractedTables(facts={table: frame_from_rows(table, []) for table in FACT_MODELS})
    tables = sorted({table for part in parts for table in part.facts})
    facts = {t: pl.concat([p.facts[t] for p in parts if t in p.facts], how="vertical_relaxed") for t in tables}
    actors = (pl.concat([p.actors for p in parts], how="vertical_relaxed")
              .unique("actor_id", keep="first", maintain_order=True).sort("actor_id"))
    parties = pl.concat([p.parties for p in parts], how="vertical_relaxed")
    return ExtractedTables(facts=facts, actors=actors, parties=parties)


def failure_rows(failures: list[DocumentFailure], source_of: dict[str, str]) -> list[dict[str, Any]]:
    """Quarantine rows for refused documents."""
    return [{"source_name": source_of.get(f.document_id, ""), "stage": f.stage, "reason": f.reason,
             "detail": f.detail, "document_id": f.document_id} for f in failures]


def without_documents(tables: dict[str, pl.DataFrame], refused: set[str]) -> dict[str, pl.DataFrame]:
    """Every table's rows except those of refused documents (they must not be published in part)."""
    if not refused:
        return tables
    ids = sorted(refused)
    return {name: frame.filter(~pl.col("document_id").is_in(ids)) if "document_id" in frame.columns else frame
            for name, frame in tables.items()}
