"""Analysts' corrections exported as gold annotations, in the format of `../shared/eval/score.py` (rules:
`../shared/eval/ANNOTATING.md`), so the extraction's measured quality includes what analysts fixed.

One JSON object per document that has corrections. A table of that document with a correction is scored:
each row a `set` corrected or an `add` gave is a gold item (its sides, and the status, item, subject or
quantity the correction says); a rejected row is in no item, so an extractor that gives it again is
charged with it; the document's other rows in that table, which no analyst vouched for, are optional
items (never missed, never wrong). The document's tables without a correction are `optional_tables`.

Corrections that no longer apply (orphaned) or were refused are left out and listed; redundant ones (the
extractor now says what they say) are listed too: the extractor got those right by itself.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipelines import schema, sql

# score.py's key of each fact table, and of its two sides.
GOLD_KEYS = {"fact_deal": ("deals", ("a", "b")), "fact_gift": ("gifts", ("giver", "receiver")),
             "fact_sanction": ("sanctions", ("imposer", "target")), "fact_meeting": ("meetings", ("a", "b")),
             "fact_trade": ("trades", ("a", "b")), "fact_statement": ("statements", ())}
# Text columns score.py matches by substring, and the gold key it reads them from.
TEXT_KEYS = {"subject": "subject_any", "item": "item_any", "speaker_name": "speaker_any",
             "reported_via": "reported_via_any"}


@dataclass
class GoldExport:
    documents: list[dict[str, Any]] = field(default_factory=list)
    redundant: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def jsonl(self) -> str:
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in self.documents)


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: list[Any] | None = None,
          **identifiers: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql.statement(name, **identifiers), params or [])
    columns = [d[0] for d in cursor.description or []]
    return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


def gold_item(table: str, values: dict[str, Any], vouched: set[str]) -> dict[str, Any]:
    """A score.py item for a row saying `values`; `vouched` are the columns an analyst gave (their text,
    quantity and status are required to match, the rest are not)."""
    side_keys = GOLD_KEYS[table][1]
    fact = schema.FACTS[table]
    item: dict[str, Any] = {}
    for side_key, column in zip(side_keys, fact.code_columns, strict=False):
        code = values.get(column)
        item[side_key] = [code if code is not None else "NULL"]
    for column, gold_key in TEXT_KEYS.items():
        if column in vouched and values.get(column):
            item[gold_key] = [str(values[column])]
    if "quantity" in vouched and values.get("quantity") is not None:
        item["quantity"] = values["quantity"]
    status = values.get("status")
    if fact.statuses and status is not None and ("status" in vouched or status not in fact.asserted):
        item["status"] = [status]
    return item


def export(con: duckdb.DuckDBPyConnection) -> GoldExport:
    """The gold of every document with a correction that applies (or is redundant), from the published
    warehouse."""
    result = GoldExport()
    by_document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in _rows(con, "corrections/for_gold"):
        label = f"{c['correction_id']} ({c['action']} {c['fact_table']}, {c['correction_file']})"
        if c["state"] in ("orphaned", "refused") or c["applied_document_id"] is None:
            result.left_out.append(f"{label}: {c['state']}: {c['state_detail']}")
            continue
        if c["state"] == "redundant":
            result.redundant.append(f"{label}: {c['state_detail']}")
        by_document[c["applied_document_id"]].append(c)
    for document_id in sorted(by_document):
        result.documents.append(_document_gold(con, document_id, by_document[document_id]))
    return result


def _document_gold(con: duckdb.DuckDBPyConnection, document_id: str, corrections: list[dict[str, Any]]
                   ) -> dict[str, Any]:
    source = _rows(con, "corrections/document_name", [document_id])
    gold: dict[str, Any] = {"source_name": source[0]["source_name"] if source else document_id}
    scored = sorted({c["fact_table"] for c in corrections})
    corrected_ids = {c["applied_fact_id"] for c in corrections if c["applied_fact_id"]}
    for table in scored:
        key = GOLD_KEYS[table][0]
        items = []
        for c in corrections:
            if c["fact_table"] != table or c["action"] == "reject":
                continue
            changes = json.loads(c["changes"] or "{}")
            values = {**json.loads(c["was"] or "{}"), **changes}
            # Its words too (subject, item, speaker): score.py gives each item the first row that fits, and
            # a bare pair of sides could take another row of the same pair.
            items.append(gold_item(table, values, set(changes) | set(TEXT_KEYS)))
        if items:
            gold[key] = items  # two rows saying the same are two items
        id_column = schema.FACTS[table].id_column
        others = [r for r in _rows(con, "corrections/rows_of_document", [document_id], table=table)
                  if r[id_column] not in corrected_ids]
        optional = _unique([gold_item(table, r, set(TEXT_KEYS)) for r in others])
        if optional:
            gold.setdefault("optional", {})[key] = [{k: v for k, v in i.items() if k != "status"} for i in optional]
        gold.setdefault(key, [])
    gold["optional_tables"] = [GOLD_KEYS[t][0] for t in schema.FACT_TABLES if t not in scored]
    gold["why"] = "analysts' corrections " + ", ".join(sorted(c["correction_id"] for c in corrections))
    return gold


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, kept = set(), []
    for item in items:
        key = json.dumps(item, sort_keys=True)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
