"""The extract stage over documents: a parsed document in, fact rows and actors out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from spacy.language import Language
from spacy.tokens import Token

from pipelines.extract.engine import Engine, Match
from pipelines.extract.fields import FIELD_BUILDERS, pair_key
from pipelines.extract.quotes import QuoteReader
from pipelines.extract.rows import Candidate, ExtractedTables, _finalise
from pipelines.extract.values import _status_class, resolve_date
from pipelines.nlp import ParsedDocument, Sentence, load_model
from pipelines.pubdate import GUESSED_DATE_SOURCES, dateline_prefix
from pipelines.resolve import (
    ALL_MECHANISMS,
    Actor,
    ActorResolver,
    Mechanisms,
    lexicon,
    parties_named,
    state_actor,
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
    trusted = None if date_is_a_guess else published
    doc._.published = trusted
    doc._.skipped_parties = skipped_parties(parsed, body, nlp) if mechanisms.on("unparsed_parties") else {}
    resolver = nlp.get_pipe("bilateral_actors") if "bilateral_actors" in nlp.pipe_names else None
    if not isinstance(resolver, ActorResolver):
        resolver = ActorResolver(nlp)
    actors = resolver.resolve(doc, mechanisms)._.actors
    engine = Engine(actors, trusted)
    events = DocumentEvents(anaphora=mechanisms.on("event_anaphora"))
    reader = QuoteReader(actors, lexicon(nlp))
    candidates: list[Candidate] = []
    for sentence, start, end in parsed.sentence_tokens(len(doc)):
        span = doc[start:end]
        for match in engine.matches(span):
            if engine.read(match) is None:
                continue
            for cand in event_candidates(engine, match, sentence, published, events):
                engine.discourse.after(cand.table, cand.side_a.code if cand.side_a else None,
                                       cand.side_b.code if cand.side_b else None, match.sent.start)
                events.told(cand)
                candidates.append(cand)
        for quote in reader.quotes(span):
            fields = {"speaker_name": quote.speaker.name if quote.speaker else None,
                      "quote_text": quote.text, "reported_via": quote.reported_via,
                      "event_date": None, "date_precision": None}
            candidates.append(Candidate("fact_statement", quote.speaker, quote.counterpart, fields, sentence.start,
                                        sentence.end, 0.8 if quote.speaker else 0.4, "quote",
                                        ("statement", quote.text)))
    return _finalise(document_id, body, without_retold(candidates))


def skipped_parties(parsed: ParsedDocument, body: str, nlp: Language) -> dict[int, list[str]]:
    """The states and blocs named in the sentences left unparsed, by the parsed sentence they come before
    (its first token), so that the document's context knows every party the article names. A parsed
    sentence that follows unparsed ones has an entry even when they name no party: something was said
    between it and the sentence before."""
    starts = iter(parsed.token_starts)
    found: dict[int, list[str]] = {}
    pending: list[str] | None = None
    for sentence in parsed.sentences:
        if not sentence.parsed:
            pending = (pending or []) + parties_named(body[sentence.start:sentence.end], nlp)
            continue
        start = next(starts, None)
        if start is None:
            break
        if pending is not None:
            found[start] = pending
            pending = None
    return found


def event_candidates(engine: Engine, match: Match, sentence: Sentence, published: dt.date | None,
                     events: DocumentEvents | None = None) -> list[Candidate]:
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
    pairs = engine.pairs(match)
    if not pairs:
        pairs = anaphoric_pair(engine, events, match)
        fields[RETOLD] = bool(pairs)
    for a, b, conf in pairs:
        pair = pair_key(match.table, a.code if a else None, b.code if b else None, match.tables.symmetric)
        result.append(Candidate(match.table, a, b, dict(fields), sentence.start, sentence.end, conf - penalty,
                                match.trigger.text, (match.table, pair, *key),
                                (sentence.start, match.trigger.i)))
    return result


# Determiners that point back to an event told before: "the deal", "this agreement", "that embargo".
ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
ANAPHOR_CONFIDENCE = 0.5
RETOLD = "_retold"  # a candidate's field: its sides come from an earlier event (never a column)


@dataclass(frozen=True)
class ToldEvent:
    a: str
    b: str
    trigger_index: int  # its trigger's token in the document
    status_class: str


@dataclass
class DocumentEvents:
    """The events a document has told so far, one per table (the latest), for the event nouns that point
    back to them ("The deal collapsed"). Only `extract_parsed` adds to it, after each mention."""

    latest: dict[str, ToldEvent] = field(default_factory=dict)
    anaphora: bool = True  # event nouns may point back (off only to measure what that is worth)

    def told(self, cand: Candidate) -> None:
        a, b = (cand.side_a.code if cand.side_a else None), (cand.side_b.code if cand.side_b else None)
        if a and b and a != b and cand.mention:
            self.latest[cand.table] = ToldEvent(a, b, cand.mention[1], _status_class(cand.fields.get("status")))


def anaphoric_pair(engine: Engine, events: DocumentEvents | None, match: Match
                   ) -> list[tuple[Actor | None, Actor | None, float]]:
    """"Germany and Norway will sign a gas deal next month ... The agreement was signed on Friday": an event
    noun with a pointing determiner and no party of its own is the latest event of its table the document
    told, between the same sides, when no other party came up since. Told again with the same standing
    (both asserted, both planned) it is the same row; only a change of standing makes one."""
    trigger = match.trigger
    if events is None or not events.anaphora or match.frame.pos != "noun":
        return []
    if not any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETERMINERS for c in trigger.children):
        return []
    if any(c.dep_ in ("poss", "compound", "nmod", "amod") and (c.pos_ in ("PROPN", "PRON") or c.ent_type_)
           for c in trigger.children):
        return []  # "the Boeing deal", "their talks": owned by someone we could not place
    told = events.latest.get(match.table)
    if told is None or told.status_class == _status_class(match.status):
        return []
    if any(a.code not in (told.a, told.b) for side in match.roles.values() for a in side if a.code):
        return []  # a party of its own ("the talks were held in Hanoi" may name one of the two)
    if _named_since(engine, trigger.doc[told.trigger_index].sent.start, trigger) - {told.a, told.b}:
        return []  # another party came up since: "the deal" may be theirs
    return [(state_actor(told.a), state_actor(told.b), ANAPHOR_CONFIDENCE)]


def without_retold(candidates: list[Candidate]) -> list[Candidate]:
    """An event told again through a pointing noun ("the contract, signed in 2000") is a row only where the
    document has no other row of its table, pair and standing: otherwise it is that row told twice."""
    told = {(c.table, frozenset((c.side_a.code if c.side_a else None, c.side_b.code if c.side_b else None)),
             _status_class(c.fields.get("status"))) for c in candidates if not c.fields.get(RETOLD)}
    return [c for c in candidates if not c.fields.get(RETOLD) or (
        c.table, frozenset((c.side_a.code if c.side_a else None, c.side_b.code if c.side_b else None)),
        _status_class(c.fields.get("status"))) not in told]


def _named_since(engine: Engine, start: int, trigger: Token) -> set[str]:
    """Codes of the states and blocs named from token `start` up to the trigger, unparsed sentences included."""
    doc = trigger.doc
    codes = {m.actor.code for m in engine.actors.mentions_in(doc[start:trigger.i])
             if m.actor.code and m.kind != "pair" and m.actor.actor_type != "person"}
    skipped = doc._.skipped_parties or {}
    codes |= {c for at, named in skipped.items() if start < at <= trigger.i for c in named}
    return codes


# Statuses of rows about something still to come: their relative dates point forward ("will visit on Friday").
FUTURE_STATUSES = frozenset({"planned", "proposed"})
# Links climbed from a trigger to the verb whose clause dates it: "met with visiting X ... on Wednesday".
_PHRASE_LINKS = frozenset({"pcomp", "pobj", "prep", "dobj", "acl", "xcomp"})


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
        if tok.ent_type_ == "DATE" and tok.idx >= dateline_end:
            ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None:
                return resolve_date(ent.text, published, future=future)
    return None, None


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
