"""From event mentions to rows: one row per asserted thing, multi-party events bridged."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from pipelines.extract.calibration import calibrated
from pipelines.resolve import Actor
from pipelines.schema import FACT_SIDES, frame_from_rows


@dataclass
class ExtractedTables:
    facts: dict[str, pl.DataFrame] = field(default_factory=dict)
    actors: pl.DataFrame = field(default_factory=lambda: frame_from_rows("dim_actor", []))
    parties: pl.DataFrame = field(default_factory=lambda: frame_from_rows("bridge_event_party", []))


@dataclass
class Candidate:
    """One event mention before de-duplication."""

    table: str
    side_a: Actor | None
    side_b: Actor | None
    fields: dict[str, Any]
    sentence_start: int
    sentence_end: int
    confidence: float
    trigger: str
    key: tuple[Any, ...]
    mention: tuple[Any, ...] = ()  # (sentence start, trigger index): rows from one mention of a multi-party event


def _finalise(document_id: str, body: str, candidates: list[Candidate]
              ) -> tuple[dict[str, list[dict[str, Any]]], list[Actor]]:
    """One row per asserted thing: mentions with the same key merge, the most confident is kept."""
    best: dict[tuple[Any, ...], Candidate] = {}
    for cand in candidates:
        current = best.get(cand.key)
        if current is None or cand.confidence > current.confidence:
            best[cand.key] = cand
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    actors: list[Actor] = []
    fact_of_candidate: dict[int, str] = {}
    for cand in sorted(best.values(), key=lambda c: (c.table, c.sentence_start, c.trigger, repr(c.key))):
        evidence = body[cand.sentence_start:cand.sentence_end]
        row: dict[str, Any] = {k: v for k, v in cand.fields.items() if not k.startswith("_")}
        row.update({"document_id": document_id, "evidence_text": evidence, "evidence_start": cand.sentence_start,
                    "evidence_end": cand.sentence_end, "confidence": round(calibrated(cand.table, min(max(cand.confidence, 0.05), 1.0)), 3),
                    "trigger": cand.trigger})
        # Statements too: the speaker, and the state the quote is about or addressed to.
        a_col, b_col = FACT_SIDES[cand.table]
        for col, actor in ((a_col, cand.side_a), (b_col, cand.side_b)):
            row[f"{col}_code"] = actor.code if actor else None
            row[f"{col}_actor_id"] = actor.actor_id if actor else None
            if actor:
                actors.append(actor)
        identity = "|".join(str(x) for x in (document_id, cand.table, repr(cand.key), cand.sentence_start))
        row[f"{cand.table}_id"] = cand.table.removeprefix("fact_")[:4] + "_" + hashlib.sha256(
            identity.encode("utf-8")).hexdigest()[:16]
        rows[cand.table].append(row)
        fact_of_candidate[id(cand)] = row[f"{cand.table}_id"]
    rows["bridge_event_party"] = _multiparty_rows(document_id, candidates, best, fact_of_candidate)
    return rows, actors


def _multiparty_rows(document_id: str, candidates: list[Candidate], best: dict[tuple[Any, ...], Candidate],
                     fact_of: dict[int, str]) -> list[dict[str, Any]]:
    """A deal or meeting with more than two parties: every party, linked to each pairwise row it produced."""
    by_mention: dict[tuple[Any, ...], list[Candidate]] = defaultdict(list)
    for cand in candidates:
        if cand.table in ("fact_deal", "fact_meeting") and cand.mention:
            by_mention[(cand.table, cand.mention)].append(cand)
    rows = []
    bridged: set[str] = set()  # a fact two mentions of one multi-party event led to is bridged once
    for (table, mention), group in sorted(by_mention.items()):
        parties = {a.code: a for c in group for a in (c.side_a, c.side_b) if a is not None and a.code}
        kept = sorted({fact_of[id(best[c.key])] for c in group if id(best[c.key]) in fact_of} - bridged)
        if len(parties) <= 2 or not kept:
            continue
        bridged.update(kept)
        group_id = "grp_" + hashlib.sha256(f"{document_id}|{table}|{mention}".encode()).hexdigest()[:16]
        for fact_id in kept:
            for code, actor in sorted(parties.items()):
                rows.append({"event_group_id": group_id, "fact_table": table, "fact_id": fact_id,
                             "document_id": document_id, "party_code": code, "party_actor_id": actor.actor_id})
    return rows
