"""The extract stage over documents: a parsed document in, fact rows and actors out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from spacy.language import Language
from spacy.tokens import Token

from pipelines.extract.engine import Engine, Match
from pipelines.extract.fields import FIELD_BUILDERS, pair_key
from pipelines.extract.quotes import QuoteReader
from pipelines.extract.rows import Candidate, ExtractedTables, _finalise
from pipelines.extract.values import resolve_date
from pipelines.nlp import ParsedDocument, Sentence, load_model
from pipelines.pubdate import GUESSED_DATE_SOURCES, dateline_prefix
from pipelines.resolve import (
    ALL_MECHANISMS,
    ARTICLE_TEXT_KEY,
    Actor,
    ActorResolver,
    Mechanisms,
    lexicon,
)
from pipelines.schema import FACT_MODELS, frame_from_rows

# Lower confidence where the text says less: a noun ("the talks") rather than a verb, hearsay.
NOUN_PENALTY = 0.05
HEARSAY_PENALTY = 0.15


def extract_documents(documents: pl.DataFrame, parsed: list[ParsedDocument], model: str,
                      mechanisms: Mechanisms = ALL_MECHANISMS) -> ExtractedTables:
    nlp = load_model(model)
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in FACT_MODELS}
    actors: dict[str, dict[str, Any]] = {}
    parties: list[dict[str, Any]] = []
    by_id = {p.document_id: p for p in parsed}
    for doc_row in documents.iter_rows(named=True):
        parsed_doc = by_id.get(doc_row["document_id"])
        if parsed_doc is None:
            continue
        facts, doc_actors = extract_parsed(doc_row["document_id"], doc_row["body"], doc_row["published_date"],
                                           parsed_doc, nlp,
                                           date_is_a_guess=doc_row.get("date_source") in GUESSED_DATE_SOURCES,
                                           mechanisms=mechanisms)
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


def extract_parsed(document_id: str, body: str, published: dt.date | None, parsed: ParsedDocument,
                   nlp: Language, date_is_a_guess: bool = False, mechanisms: Mechanisms = ALL_MECHANISMS,
                   ) -> tuple[dict[str, list[dict[str, Any]]], list[Actor]]:
    """Rows and actors of one parsed document. A publication date that is only a guess (the file's own
    date) dates relative expressions ("on Wednesday") and nothing else: who held an office and whether an
    event lies ahead are read as for an undated article, since a wrong year is worse there than none.
    `mechanisms` says which document-level mechanisms the reading uses (all, except when measuring one)."""
    doc = parsed.doc(nlp)
    doc.user_data[ARTICLE_TEXT_KEY] = body  # the pre-filter parses some sentences; senses of the article read all
    trusted = None if date_is_a_guess else published
    doc._.published = trusted
    resolver = nlp.get_pipe("bilateral_actors") if "bilateral_actors" in nlp.pipe_names else None
    if not isinstance(resolver, ActorResolver):
        resolver = ActorResolver(nlp)
    actors = resolver.resolve(doc, mechanisms)._.actors
    engine = Engine(actors, trusted, mechanisms)
    reader = QuoteReader(actors, lexicon(nlp))
    candidates: list[Candidate] = []
    for sentence, start, end in parsed.sentence_tokens(len(doc)):
        span = doc[start:end]
        for match in engine.matches(span):
            if engine.read(match) is None:
                continue
            for cand in event_candidates(engine, match, sentence, published):
                engine.discourse.after(cand.table, cand.side_a.code if cand.side_a else None,
                                       cand.side_b.code if cand.side_b else None, match.sent.start,
                                       match.status)
                candidates.append(cand)
        for quote in reader.quotes(span):
            fields = {"speaker_name": quote.speaker.name if quote.speaker else None,
                      "quote_text": quote.text, "reported_via": quote.reported_via,
                      "event_date": None, "date_precision": None}
            candidates.append(Candidate("fact_statement", quote.speaker, quote.counterpart, fields, sentence.start,
                                        sentence.end, 0.8 if quote.speaker else 0.4, "quote",
                                        ("statement", quote.text)))
    return _finalise(document_id, body, candidates)


def event_candidates(engine: Engine, match: Match, sentence: Sentence, published: dt.date | None
                     ) -> list[Candidate]:
    """One candidate row per pair of sides of a read match."""
    date, precision = event_date(match, published)
    built = FIELD_BUILDERS[match.table](match, date)
    if built is None:
        return []
    fields, key = built
    fields.update({"event_date": date, "date_precision": precision if date else None})
    penalty = (NOUN_PENALTY if match.frame.pos == "noun" else 0.0) + (
        HEARSAY_PENALTY if match.reading and match.reading.hearsay else 0.0)
    result = []
    for a, b, conf in engine.pairs(match):
        pair = pair_key(match.table, a.code if a else None, b.code if b else None, match.tables.symmetric)
        result.append(Candidate(match.table, a, b, dict(fields), sentence.start, sentence.end, conf - penalty,
                                match.trigger.text, (match.table, pair, *key),
                                (sentence.start, match.trigger.i)))
    return result


# Statuses of rows about something still to come: their relative dates point forward ("will visit on Friday").
FUTURE_STATUSES = frozenset({"planned", "proposed"})
# Links climbed from a trigger to the verb whose clause dates it: "met with visiting X ... on Wednesday".
_PHRASE_LINKS = frozenset({"pcomp", "pobj", "prep", "dobj", "acl", "xcomp"})
# Words that place the event before or after something else: a date of that other thing bounds the event
# but is not its date ("the third meeting since the bid in December", "ahead of the May summit").
_BOUNDARY_WORDS = frozenset({"after", "before", "since", "until", "till", "following", "ahead", "prior",
                             "pending"})


def event_date(match: Match, published: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The first date in the trigger's phrase, or in its clause, or in the clause of the verb the trigger's
    phrase hangs from, resolved against the publication date (forward for planned rows)."""
    trigger = match.trigger
    doc = trigger.doc
    near = list(trigger.subtree) + (list(trigger.head.children) if trigger.dep_ != "ROOT" else [])
    if match.clause is not trigger:
        near += [t for c in match.clause.children if c.dep_ in ("prep", "npadvmod", "advmod") for t in c.subtree]
    near += [t for verb in _governing_verbs(trigger)
             for c in verb.children if c.dep_ in ("prep", "npadvmod", "advmod") for t in c.subtree]
    future = match.status in FUTURE_STATUSES
    sent = match.sent
    dateline_end = sent.start_char + dateline_prefix(sent.text)  # "HANOI, 14 March 2024 (Reuters) -"
    for tok in near:
        if tok.ent_type_ == "DATE" and tok.idx >= dateline_end and not _dates_another_event(tok, trigger):
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return resolve_date(ent.text, published, future=future)
    return None, None


def _dates_another_event(date: Token, trigger: Token) -> bool:
    """Whether the date hangs from a noun inside a before/after/since phrase, so it dates that noun's event
    ("since the bid in December"); a boundary word's own date ("since 1996", the start of sanctions) still
    dates the row."""
    below_noun = False
    for token in date.ancestors:
        if token is trigger:
            return False
        if token.lower_ in _BOUNDARY_WORDS:
            return below_noun
        below_noun = below_noun or (token.pos_ in ("NOUN", "PROPN") and token.ent_type_ != "DATE")
    return False


def _governing_verbs(trigger: Token) -> list[Token]:
    """Verbs up the chain of phrase links from the trigger, nearest first; never across a reported clause
    (a ccomp), whose dates belong to the reporting."""
    verbs: list[Token] = []
    token = trigger
    while token.dep_ in _PHRASE_LINKS and token.head is not token and len(verbs) < 3:
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            verbs.append(token)
    return verbs
