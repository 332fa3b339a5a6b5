"""Cross-article event identity: fact rows that report the same real-world event become one event.

`fact_*` rows stay one per document (the contract); `event` holds one row per real-world event and
`event_mention` links each fact row to it, in the manner of GDELT's events and mentions tables.

The rule for sameness, applied to deals, gifts, sanctions, meetings and trade figures:

1. Same kind of fact, and the same two parties: in either order for deals, meetings and trade figures,
   in the same direction for gifts and sanctions.
2. The same sub-type: a deal's sector, a gift's item (its last word, lower-cased, so "attack helicopters"
   and "helicopters" agree), a sanction's measure, a trade figure's metric, value and unit. Meetings have no
   sub-type: a visit, the talks held during it and the summit it was for are one meeting.
3. The same status class: what happened (signed, delivered, imposed, held ...) is never merged with
   what was only planned, threatened, refused or lifted.
4. Compatible dates: dated facts are the same event only within the same calendar month. An undated
   fact joins the dated event of its group when there is exactly one; otherwise the undated facts of
   a group form one event of their own.

Statements are quotations, not events, and take no part. The rebuild is deterministic: event ids are
hashes of the grouping key, so reruns give identical tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines import sql
from pipelines.schema import ASSERTED_STATUSES, EVENT_TABLES, FactTable

# Statuses merged into one class (and a fact without status, a trade figure).
ASSERTED: frozenset[str | None] = frozenset({*ASSERTED_STATUSES, None})
# kind -> its fact table (sides, and whether their order matters), from the schema.
KINDS: dict[str, FactTable] = {t.kind: t for t in EVENT_TABLES.values()}

GroupKey = tuple[str, tuple[str | None, ...], str, str | None]


@dataclass(frozen=True)
class Mention:
    kind: str
    fact_id: str
    document_id: str
    side_a: str | None
    side_b: str | None
    subtype: str
    status: str | None
    event_date: dt.date | None
    confidence: float


def load_mentions(con: duckdb.DuckDBPyConnection) -> list[Mention]:
    """Every live fact row of the event tables (`sql/statements/events/mentions.sql`)."""
    return [Mention(*row) for row in con.execute(sql.statement("events/mentions")).fetchall()]


def group_key(m: Mention) -> GroupKey:
    ordered = KINDS[m.kind].ordered
    sides = (m.side_a, m.side_b) if ordered else tuple(sorted((m.side_a or "", m.side_b or "")))
    return (m.kind, sides, m.subtype, "asserted" if m.status in ASSERTED else m.status)


def assign_events(mentions: list[Mention]) -> dict[str, str]:
    """fact_id -> event_id, by the rule in the module docstring."""
    groups: dict[GroupKey, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[group_key(m)].append(m)
    assignment: dict[str, str] = {}
    for key, members in groups.items():
        months = sorted({(m.event_date.year, m.event_date.month) for m in members if m.event_date})
        for m in members:
            month: tuple[int, int] | None
            if m.event_date:
                month = (m.event_date.year, m.event_date.month)
            else:
                month = months[0] if len(months) == 1 else None
            assignment[m.fact_id] = "evt_" + hashlib.sha256(repr((key, month)).encode()).hexdigest()[:16]
    return assignment


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute event and event_mention from the live facts (inside the caller's transaction)."""
    mentions = load_mentions(con)
    assignment = assign_events(mentions)
    rows = [{"event_id": assignment[m.fact_id], "fact_table": KINDS[m.kind].name, "fact_id": m.fact_id,
             "document_id": m.document_id, "event_kind": m.kind, "side_a": m.side_a, "side_b": m.side_b,
             "subtype": m.subtype, "status": m.status, "event_date": m.event_date, "confidence": m.confidence}
            for m in mentions]
    frame = pl.DataFrame(rows, schema={"event_id": pl.Utf8, "fact_table": pl.Utf8, "fact_id": pl.Utf8,
                                       "document_id": pl.Utf8, "event_kind": pl.Utf8, "side_a": pl.Utf8,
                                       "side_b": pl.Utf8, "subtype": pl.Utf8, "status": pl.Utf8,
                                       "event_date": pl.Date, "confidence": pl.Float64})
    con.register("incoming_mentions", frame)
    try:
        con.execute(sql.statement("events/clear_mentions"))
        con.execute(sql.statement("events/clear_events"))
        con.execute(sql.statement("events/insert_mentions"))
        con.execute(sql.statement("events/insert_events"))
    finally:
        con.unregister("incoming_mentions")
    return frame["event_id"].n_unique()
