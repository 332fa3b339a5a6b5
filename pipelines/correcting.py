"""Analysts' corrections applied to the warehouse on every write, inside the write's transaction.

The fact tables hold what analysts see: the extractor's rows with every correction applied. What the
extractor gave for a row a correction rejected or changed is kept in `correction_original`, so each write
first puts every such row back as the extractor gave it (a document extracted again this run already has
its new rows), then applies the corrections of the files as they are now:

1. Each correction finds its row by content: its document (by content id; when that is gone, the live
   document that holds its file name, or the one live document whose text holds its evidence), the
   evidence span (found again in the text when the offsets moved) and what the row said (`was`: its sides
   first). A new extractor version or an edited article gives rows new ids; a correction still finds them.
2. It is `applied`, `redundant` (the extractor now says what the correction says), `orphaned` (no row
   matches: reported by an asset check, never dropped) or `refused` (its file, code, status or value breaks
   the contract, or the corrected row fails its pandera model).
3. A rejected row leaves the fact table (and its bridge rows); a changed row carries `corrected` and the
   `correction_id`; an added row is checked by the same pandera model as extracted rows.

`correction` lists every correction with its state; `v_rejected_fact` and `v_correction_audit` read them.
The whole step is a no-op when nothing changed: the caller commits only when the state differs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import polars as pl

from pipelines import schema, sql, validate
from pipelines.corrections import (
    Correction,
    CorrectionError,
    CorrectionSet,
    Evidence,
    RefusedCorrection,
    check_changes,
    correction_id,
    settable_columns,
)
from pipelines.warehouse import quarantine_id

APPLIED, REDUNDANT, ORPHANED, REFUSED = "applied", "redundant", "orphaned", "refused"
STATES = (APPLIED, REDUNDANT, ORPHANED, REFUSED)
FLAG_COLUMNS: dict[str, Any] = {"corrected": pl.Boolean, "correction_id": pl.Utf8}
QUARANTINE_STAGE = "correct"


@dataclass
class Outcome:
    """What became of one correction on this write."""

    correction: Correction
    state: str
    detail: str | None = None
    fact_id: str | None = None
    document_id: str | None = None


@dataclass(frozen=True)
class Located:
    """A correction's evidence found in a live document."""

    document_id: str
    body: str
    start: int
    end: int
    published_date: dt.date | None


@dataclass
class RowEdit:
    """What the corrections do to one extracted row: reject it, or set columns (in correction order)."""

    table: str
    original: dict[str, Any]
    rejected_by: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    by: list[str] = field(default_factory=list)


# --- rows as dictionaries -------------------------------------------------------------------------

def warehouse_schema(table: str) -> dict[str, Any]:
    """The polars dtypes of every column of a fact table as the warehouse stores it."""
    return {**schema.polars_schema(table), **FLAG_COLUMNS}


def _rows(con: duckdb.DuckDBPyConnection, query: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(query, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _to_json(row: dict[str, Any]) -> str:
    return json.dumps(row, default=str, sort_keys=True)


def _from_json(table: str, text: str) -> dict[str, Any]:
    row: dict[str, Any] = json.loads(text)
    for name, dtype in warehouse_schema(table).items():
        if dtype == pl.Date and isinstance(row.get(name), str):
            row[name] = dt.date.fromisoformat(row[name])
    return row


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]],
                 columns: dict[str, Any] | None = None) -> None:
    if not rows:
        return
    dtypes = columns or warehouse_schema(table)
    frame = pl.DataFrame([{k: row.get(k) for k in dtypes} for row in rows], schema=dtypes, orient="row")
    con.register("incoming_rows", frame)
    try:
        con.execute(sql.statement("write/insert_rows", table=table))
    finally:
        con.unregister("incoming_rows")


# --- undo: every row back as the extractor gave it ------------------------------------------------

def restore_extracted(con: duckdb.DuckDBPyConnection, reextracted: set[str]) -> None:
    """Remove added rows and corrected values, and put rejected rows back, for every live document this
    run did not extract again (those already hold the extractor's new rows)."""
    live = {r[0] for r in con.execute(sql.statement("corrections/live_documents")).fetchall()}
    for table in schema.FACT_TABLES:
        con.execute(sql.statement("corrections/delete_corrected_rows", table=table))
    for original in _rows(con, sql.statement("corrections/originals")):
        if original["document_id"] not in live or original["document_id"] in reextracted:
            continue
        table = original["fact_table"]
        _insert_rows(con, table, [_from_json(table, original["original_row"])])
        if original["bridge_rows"]:
            _insert_rows(con, "bridge_event_party", json.loads(original["bridge_rows"]),
                         schema.polars_schema("bridge_event_party"))
    con.execute(sql.statement("corrections/clear_originals"))


# --- finding a correction's row -------------------------------------------------------------------

def locate(con: duckdb.DuckDBPyConnection, correction: Correction) -> Located | str:
    """The live document and span a correction's evidence is in now, or why there is none."""
    evidence = correction.evidence
    documents: list[dict[str, Any]] = []
    if correction.document_id:
        documents = _rows(con, sql.statement("corrections/live_document"), [correction.document_id])
    if not documents and correction.source_name:
        documents = _rows(con, sql.statement("corrections/live_document_named"), [correction.source_name])
    if not documents:
        holding = _rows(con, sql.statement("corrections/live_documents_holding"), [evidence.text])
        if len(holding) > 1:
            return (f"its document {correction.document_id or correction.source_name} is no longer in the warehouse "
                    f"and {len(holding)} live documents hold its evidence text: name one with document:")
        documents = holding
    if not documents:
        return (f"its document ({correction.document_id or ''} {correction.source_name or ''}".rstrip()
                + ") is no longer in the warehouse and no live document holds its evidence text")
    document = documents[0]
    body: str = document["body"]
    start = _find(body, evidence.text, evidence.start)
    if start is None:
        return f"the evidence text is no longer in {document['source_name']} ({document['document_id']})"
    return Located(document["document_id"], body, start, start + len(evidence.text), document["published_date"])


def _find(body: str, text: str, near: int | None) -> int | None:
    """Where `text` is in `body`: at `near` when it still is, else its occurrence closest to `near`."""
    if near is not None and body[near:near + len(text)] == text:
        return near
    found, position = [], body.find(text)
    while position >= 0:
        found.append(position)
        position = body.find(text, position + 1)
    if not found:
        return None
    return min(found, key=lambda p: abs(p - (near or 0)))


def rows_at(con: duckdb.DuckDBPyConnection, table: str, where: Located) -> list[dict[str, Any]]:
    """Rows of `table` in the located document whose evidence overlaps the span."""
    return _rows(con, sql.statement("corrections/rows_overlapping", table=table),
                 [where.document_id, where.end, where.start])


def sides_agree(table: str, expected: dict[str, Any], row: dict[str, Any]) -> bool:
    """The row's sides are the expected ones (in either order for a table whose sides are interchangeable);
    sides the expectation does not name are not compared."""
    columns = schema.FACTS[table].code_columns
    if not any(c in expected for c in columns):
        return True
    want = [expected.get(c, row.get(c)) for c in columns]
    have = [row.get(c) for c in columns]
    return want == have or (not schema.FACTS[table].ordered and sorted(map(str, want)) == sorted(map(str, have)))


def best_match(table: str, correction: Correction, candidates: list[dict[str, Any]],
               where: Located) -> dict[str, Any] | None:
    """The candidate that is the correction's row: its sides agree with `was`, and of those the one that
    agrees with most of the rest of `was`, then the exact span, then the id the correction was made on."""
    scored = []
    for row in candidates:
        if not sides_agree(table, correction.was, row):
            continue
        agreeing = sum(_same(row.get(k), v) for k, v in correction.was.items())
        exact = row["evidence_start"] == where.start and row["evidence_end"] == where.end
        scored.append(((agreeing, exact, row[schema.FACTS[table].id_column] == correction.fact_id), row))
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1]


def _same(value: Any, expected: Any) -> bool:
    if isinstance(value, float) or isinstance(expected, float):
        try:
            return abs(float(value) - float(expected)) < 1e-9
        except (TypeError, ValueError):
            return False
    return str(value) == str(expected) if value is not None and expected is not None else value is expected


def says(row: dict[str, Any], values: dict[str, Any]) -> bool:
    """The row already holds every value of `values`."""
    return all(_same(row.get(k), v) for k, v in values.items())


# --- applying ---------------------------------------------------------------------------------------

class _Plan:
    """The edits of one write: per extracted row, and the rows to add."""

    def __init__(self) -> None:
        self.edits: dict[tuple[str, str], RowEdit] = {}
        self.added: dict[str, list[tuple[Outcome, dict[str, Any], Located]]] = {}

    def edit(self, table: str, row: dict[str, Any]) -> RowEdit:
        key = (table, row[schema.FACTS[table].id_column])
        if key not in self.edits:
            self.edits[key] = RowEdit(table, row)
        return self.edits[key]


def plan_one(con: duckdb.DuckDBPyConnection, correction: Correction, plan: _Plan) -> Outcome:
    """Find the correction's row and record what it does to it (nothing is written yet)."""
    table = correction.table
    where = locate(con, correction)
    if isinstance(where, str):
        return Outcome(correction, ORPHANED, where)
    candidates = rows_at(con, table, where)
    if correction.action == "add":
        return _plan_add(correction, candidates, where, plan)
    row = best_match(table, correction, candidates, where)
    id_column = schema.FACTS[table].id_column
    if row is None:
        return _unmatched(correction, candidates, where)
    outcome = Outcome(correction, APPLIED, None, row[id_column], where.document_id)
    edit = plan.edit(table, row)
    if correction.action == "reject":
        edit.rejected_by = edit.rejected_by or correction.correction_id
    elif says({**row, **edit.values}, correction.changes):
        outcome.state, outcome.detail = REDUNDANT, f"{row[id_column]} already says {_show(correction.changes)}"
    else:
        edit.values.update(correction.changes)
        edit.by.append(correction.correction_id)
    return outcome


def _unmatched(correction: Correction, candidates: list[dict[str, Any]], where: Located) -> Outcome:
    table = correction.table
    id_column = schema.FACTS[table].id_column
    if correction.action == "set":
        target = {**correction.was, **correction.changes}
        now_right = [r for r in candidates if says(r, correction.changes) and sides_agree(table, target, r)]
        if now_right:
            return Outcome(correction, REDUNDANT, f"the extractor now gives {now_right[0][id_column]}, which says "
                                                  f"{_show(correction.changes)}", None, where.document_id)
    elif not candidates:
        return Outcome(correction, REDUNDANT, f"the extractor no longer gives a {table} row at this evidence",
                       None, where.document_id)
    return Outcome(correction, ORPHANED,
                   f"no {table} row at this evidence says {_show(correction.was) or 'what it said'} any more; "
                   f"{len(candidates)} other row(s) there: check them and make the correction again", None,
                   where.document_id)


def _plan_add(correction: Correction, candidates: list[dict[str, Any]], where: Located, plan: _Plan) -> Outcome:
    table = correction.table
    id_column = schema.FACTS[table].id_column
    already = [r for r in candidates if says(r, correction.changes)]
    if already:
        return Outcome(correction, REDUNDANT, f"the extractor now gives {already[0][id_column]}, the row this adds",
                       None, where.document_id)
    digest = hashlib.sha256(f"{correction.correction_id}|{where.document_id}".encode()).hexdigest()[:16]
    fact_id = table.removeprefix("fact_")[:4] + "_" + digest
    row: dict[str, Any] = {column: None for column in warehouse_schema(table)}
    row.update(correction.changes)
    row.update({id_column: fact_id, "document_id": where.document_id, "evidence_start": where.start,
                "evidence_end": where.end, "evidence_text": where.body[where.start:where.end], "confidence": 1.0,
                "corrected": True, "correction_id": correction.correction_id})
    outcome = Outcome(correction, APPLIED, None, fact_id, where.document_id)
    plan.added.setdefault(table, []).append((outcome, row, where))
    return outcome


def _show(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _corrected_row(edit: RowEdit) -> dict[str, Any]:
    row = {**edit.original, **edit.values, "corrected": True, "correction_id": edit.by[-1]}
    fact = schema.FACTS[edit.table]
    for side in fact.sides:  # the extractor's actor names the side it read; a corrected side has none
        if f"{side}_code" in edit.values and edit.values[f"{side}_code"] != edit.original.get(f"{side}_code"):
            row[f"{side}_actor_id"] = None
    return row


def model_failures(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> list[str | None]:
    """Per row, why its table's pandera model refuses it (None when it passes), the document's text and date
    joined as for extracted rows."""
    if not rows:
        return []
    frame = pl.DataFrame([{k: r.get(k) for k in schema.polars_schema(table)} for r in rows],
                         schema=schema.polars_schema(table), orient="row")
    documents = sorted({r["document_id"] for r in rows})
    context = pl.DataFrame(_rows(con, sql.statement("corrections/document_context"), [documents]),
                           schema={"document_id": pl.Utf8, "doc_body": pl.Utf8, "doc_n_chars": pl.Int64,
                                   "doc_published_date": pl.Date}, orient="row")
    checked = frame.join(context, on="document_id", how="left")
    if "status" not in checked.columns:
        checked = checked.with_columns(pl.lit(None, dtype=pl.Utf8).alias("status"))
    _, _, failures, error = validate.split_valid(schema.FACT_MODELS[table], checked)
    if error:
        return [f"the row fails its model: {error}"] * len(rows)
    bad: dict[int, set[str]] = {}
    for failure in failures.to_dicts():
        column = failure["column"]
        whole_row = column is None or column == schema.FACT_MODELS[table].__name__
        bad.setdefault(int(failure["index"]), set()).add(str(failure["check"]) if whole_row
                                                          else f"{failure['check']}({column})")
    return [f"the corrected row fails {', '.join(sorted(bad[i]))}" if i in bad else None for i in range(len(rows))]


def write_plan(con: duckdb.DuckDBPyConnection, plan: _Plan, outcomes: list[Outcome]) -> None:
    """Apply the planned edits; a row its model refuses is left as the extractor gave it, and the
    corrections that made it are refused."""
    by_id = {o.correction.correction_id: o for o in outcomes}
    changed: dict[str, list[RowEdit]] = {}
    for edit in plan.edits.values():
        if edit.rejected_by is None and edit.by:
            changed.setdefault(edit.table, []).append(edit)
    for table, edits in changed.items():
        for edit, failure in zip(edits, model_failures(con, table, [_corrected_row(e) for e in edits]), strict=True):
            if failure is not None:
                for correction_id in edit.by:
                    by_id[correction_id].state, by_id[correction_id].detail = REFUSED, failure
                edit.by = []
    for table, added in plan.added.items():
        for (outcome, row, _), failure in zip(added, model_failures(con, table, [r for _, r, _ in added]), strict=True):
            if failure is not None:
                outcome.state, outcome.detail, outcome.fact_id = REFUSED, failure.replace("corrected", "added"), None
            else:
                _insert_rows(con, table, [row])
    for edit in plan.edits.values():
        _write_edit(con, edit, by_id)


def _write_edit(con: duckdb.DuckDBPyConnection, edit: RowEdit, by_id: dict[str, Outcome]) -> None:
    fact = schema.FACTS[edit.table]
    fact_id = edit.original[fact.id_column]
    if edit.rejected_by is None and not edit.by:
        return
    bridge = _rows(con, sql.statement("corrections/bridge_rows"), [fact_id]) if edit.rejected_by else []
    original = {"fact_table": edit.table, "fact_id": fact_id, "document_id": edit.original["document_id"],
                "correction_id": edit.rejected_by or edit.by[-1], "action": "reject" if edit.rejected_by else "set",
                "original_row": _to_json(edit.original), "bridge_rows": _to_json_list(bridge),
                "actor_ids": [edit.original[c] for c in fact.actor_columns if edit.original.get(c)]}
    con.execute(sql.statement("corrections/insert_original"), list(original.values()))
    con.execute(sql.statement("corrections/delete_row", table=edit.table, column=fact.id_column), [fact_id])
    if edit.rejected_by:
        con.execute(sql.statement("corrections/delete_bridge_rows"), [fact_id])
        for correction_id in edit.by:
            outcome = by_id[correction_id]
            outcome.state, outcome.detail = REDUNDANT, f"the row is rejected by {edit.rejected_by}"
    else:
        _insert_rows(con, edit.table, [_corrected_row(edit)])


def _to_json_list(rows: list[dict[str, Any]]) -> str | None:
    return json.dumps(rows, default=str, sort_keys=True) if rows else None


# --- the correction table and the quarantine --------------------------------------------------------

CORRECTION_COLUMNS: dict[str, Any] = {
    "correction_id": pl.Utf8, "correction_file": pl.Utf8, "action": pl.Utf8, "fact_table": pl.Utf8,
    "document_id": pl.Utf8, "source_name": pl.Utf8, "fact_id": pl.Utf8, "evidence_text": pl.Utf8,
    "evidence_start": pl.Int32, "evidence_end": pl.Int32, "was": pl.Utf8, "changes": pl.Utf8, "author": pl.Utf8,
    "made_at": pl.Datetime("us", "UTC"), "why": pl.Utf8, "state": pl.Utf8, "state_detail": pl.Utf8,
    "applied_fact_id": pl.Utf8, "applied_document_id": pl.Utf8,
}


def _outcome_row(outcome: Outcome) -> dict[str, Any]:
    c = outcome.correction
    return {"correction_id": c.correction_id, "correction_file": c.file, "action": c.action, "fact_table": c.table,
            "document_id": c.document_id, "source_name": c.source_name, "fact_id": c.fact_id,
            "evidence_text": c.evidence.text, "evidence_start": c.evidence.start, "evidence_end": c.evidence.end,
            "was": _to_json(c.was) if c.was else None,
            "changes": _to_json(c.changes) if c.changes else None, "author": c.author,
            "made_at": c.made_at.astimezone(dt.UTC), "why": c.why, "state": outcome.state,
            "state_detail": outcome.detail,
            "applied_fact_id": outcome.fact_id if outcome.state == APPLIED else None,
            "applied_document_id": outcome.document_id if outcome.state in (APPLIED, REDUNDANT) else None}


def _refused_row(refused: RefusedCorrection) -> dict[str, Any]:
    item = refused.item
    evidence: dict[str, Any] = item["evidence"] if isinstance(item.get("evidence"), dict) else {}
    return {"correction_id": refused.correction_id, "correction_file": refused.file,
            "action": _plain(item.get("action")), "fact_table": _plain(item.get("table")),
            "document_id": _plain(item.get("document")), "source_name": _plain(item.get("source_name")),
            "fact_id": _plain(item.get("fact_id")), "evidence_text": _plain(evidence.get("text")),
            "author": _plain(item.get("author")), "why": _plain(item.get("why")),
            "state": REFUSED, "state_detail": refused.detail}


def _plain(value: Any) -> str | None:
    return None if value is None else str(value)


def write_correction_table(con: duckdb.DuckDBPyConnection, outcomes: list[Outcome],
                           refused: list[RefusedCorrection], directory_name: str) -> None:
    rows = [_outcome_row(o) for o in outcomes] + [_refused_row(r) for r in refused]
    frame = pl.DataFrame([{k: r.get(k) for k in CORRECTION_COLUMNS} for r in rows], schema=CORRECTION_COLUMNS,
                         orient="row").unique("correction_id", keep="first", maintain_order=True)
    con.execute(sql.statement("corrections/clear_corrections"))
    _insert_rows(con, "correction", frame.to_dicts(), CORRECTION_COLUMNS)
    _write_quarantine(con, [r for r in rows if r["state"] == REFUSED], directory_name)


def _write_quarantine(con: duckdb.DuckDBPyConnection, refused: list[dict[str, Any]], directory_name: str) -> None:
    """A quarantine row per refused correction (stage `correct`), like any other refused input."""
    rows = [{"source_name": f"{directory_name}/{r['correction_file']}", "stage": QUARANTINE_STAGE,
             "reason": "bad_correction_file" if r["action"] is None and r["fact_table"] is None else "bad_correction",
             "detail": f"correction {r['correction_id']}: {r['state_detail']}", "document_id": None,
             "table_name": r["fact_table"], "check_name": None, "column_name": None, "failure_value": None}
            for r in refused]
    columns: dict[str, Any] = {"quarantine_id": pl.Utf8, "source_name": pl.Utf8, "stage": pl.Utf8, "reason": pl.Utf8,
               "detail": pl.Utf8, "document_id": pl.Utf8, "table_name": pl.Utf8, "check_name": pl.Utf8,
               "column_name": pl.Utf8, "failure_value": pl.Utf8, "quarantined_at": pl.Datetime("us", "UTC")}
    now = dt.datetime.now(dt.UTC)
    frame = pl.DataFrame([{**r, "quarantine_id": quarantine_id(r), "quarantined_at": now} for r in rows],
                         schema=columns, orient="row").unique("quarantine_id", keep="first", maintain_order=True)
    con.register("incoming_quarantine", frame)
    try:
        con.execute(sql.statement("corrections/delete_stale_quarantine"), [QUARANTINE_STAGE])
        con.execute(sql.statement("write/insert_quarantine"))
    finally:
        con.unregister("incoming_quarantine")


# --- the step -----------------------------------------------------------------------------------------

def state_digest(con: duckdb.DuckDBPyConnection) -> str:
    """Everything the corrections can change: the correction tables, the corrected rows, their quarantine
    rows (without their timestamps)."""
    parts: list[Any] = [con.execute(sql.statement(f"corrections/state_{name}")).fetchall()
                        for name in ("corrections", "originals", "quarantine")]
    parts += [con.execute(sql.statement("corrections/state_rows", table=t)).fetchall() for t in schema.FACT_TABLES]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def apply_corrections(con: duckdb.DuckDBPyConnection, corrections: CorrectionSet,
                      reextracted: Iterable[str] = ()) -> int:
    """Put every row back as the extractor gave it, then apply the corrections, inside the caller's
    transaction. Returns 1 when the warehouse differs from what it was before the step, else 0."""
    before = state_digest(con)
    restore_extracted(con, set(reextracted))
    plan = _Plan()
    outcomes = [plan_one(con, c, plan) for c in corrections.corrections]
    write_plan(con, plan, outcomes)
    name = corrections.directory.name if corrections.directory is not None else "corrections"
    write_correction_table(con, outcomes, corrections.refused, name)
    return int(state_digest(con) != before)


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Corrections per state in the warehouse."""
    found = dict(con.execute(sql.statement("corrections/count_by_state")).fetchall())
    return {state: int(found.get(state, 0)) for state in STATES}


def orphan_lines(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per correction that applies to no row (orphaned) or was refused, for the run's warnings."""
    return [f"correction {correction_id} ({file}) {state}: {detail}"
            for correction_id, file, state, detail in con.execute(sql.statement("corrections/not_applying")).fetchall()]


def in_state(con: duckdb.DuckDBPyConnection, state: str) -> list[dict[str, Any]]:
    """The corrections in one state: id, file, action, table, source file and why."""
    return _rows(con, sql.statement("corrections/in_state"), [state])


# --- drafting corrections from the published warehouse (`python -m pipelines correct`) --------------

def find_fact(con: duckdb.DuckDBPyConnection, fact_id: str) -> tuple[str, dict[str, Any]]:
    """(table, row) of a published fact row; for a row a correction changed, the extractor's own values
    (a correction is always made on what the extractor said, so that it finds the row again)."""
    for table, fact in schema.FACTS.items():
        rows = _rows(con, sql.statement("corrections/fact_row", table=table, column=fact.id_column), [fact_id])
        if not rows:
            continue
        row = rows[0]
        if not row.get("corrected"):
            return table, row
        original = _rows(con, sql.statement("corrections/original_of"), [table, fact_id])
        if not original:
            raise CorrectionError(f"{fact_id} is a row correction {row['correction_id']} added: change or remove "
                                  "that correction in its file instead (v_correction_audit says which)")
        return table, _from_json(table, original[0]["original_row"])
    rejected = _rows(con, sql.statement("corrections/rejected_by"), [fact_id])
    if rejected:
        raise CorrectionError(f"{fact_id} is already rejected by correction {rejected[0]['correction_id']}")
    raise CorrectionError(f"no fact row {fact_id} in the published warehouse: take the id from a fact table's "
                          "<table>_id or from v_bilateral_event.fact_id")


def _was(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """What the extractor's row says, as a correction records it to find the row again."""
    return {c: _plain_value(row[c]) for c in settable_columns(table) if row.get(c) is not None}


def _plain_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _finish(draft: Correction) -> Correction:
    """The draft with its stable id, computed from what it says."""
    item = draft.as_yaml_item()
    item.pop("id")
    return dataclasses.replace(draft, correction_id=correction_id(item))


def draft_on_fact(con: duckdb.DuckDBPyConnection, fact_id: str, action: str, changes: dict[str, Any],
                  author: str, why: str, now: dt.datetime | None = None) -> Correction:
    """A `reject` or `set` correction of a published row, checked against the contract: every value, and
    for a set the corrected row against its pandera model."""
    table, row = find_fact(con, fact_id)
    checked = check_changes(table, changes, whole_row=False) if action == "set" else {}
    if action == "set":
        corrected = _corrected_row(RowEdit(table, row, values=checked, by=["draft"]))
        failure = model_failures(con, table, [corrected])[0]
        if failure is not None:
            raise CorrectionError(f"{fact_id}: {failure}")
    source = _rows(con, sql.statement("corrections/document_name"), [row["document_id"]])
    return _finish(Correction(
        correction_id="", action=action, table=table, document_id=row["document_id"],
        source_name=source[0]["source_name"] if source else None,
        evidence=Evidence(row["evidence_text"], row["evidence_start"], row["evidence_end"]),
        author=author, made_at=now or dt.datetime.now(dt.UTC).replace(microsecond=0), why=why,
        fact_id=fact_id, was=_was(table, row), changes=checked))


def draft_add(con: duckdb.DuckDBPyConnection, table: str, document: str, evidence_text: str, near: int | None,
              values: dict[str, Any], author: str, why: str, now: dt.datetime | None = None) -> Correction:
    """An `add` correction: a row the extractor missed, in a published document (by id or file name), with
    its evidence found in the document's text; the row is checked against its pandera model."""
    if table not in schema.FACTS:
        raise CorrectionError(f"{table!r} is not a fact table: use one of {', '.join(schema.FACT_TABLES)}")
    checked = check_changes(table, values, whole_row=True)
    draft = Correction(correction_id="", action="add", table=table,
                       document_id=document if document.startswith("doc_") else None,
                       source_name=None if document.startswith("doc_") else document,
                       evidence=Evidence(evidence_text, near, None), author=author,
                       made_at=now or dt.datetime.now(dt.UTC).replace(microsecond=0), why=why, changes=checked)
    where = locate(con, draft)
    if isinstance(where, str):
        raise CorrectionError(f"cannot add the row: {where.replace('its document', 'the document')}")
    plan = _Plan()
    _plan_add(draft, rows_at(con, table, where), where, plan)
    if not plan.added:
        raise CorrectionError(f"the warehouse already has this {table} row at that evidence: nothing to add")
    failure = model_failures(con, table, [plan.added[table][0][1]])[0]
    if failure is not None:
        raise CorrectionError(failure.replace("corrected", "added"))
    source = _rows(con, sql.statement("corrections/document_name"), [where.document_id])
    return _finish(dataclasses.replace(
        draft, document_id=where.document_id, source_name=source[0]["source_name"] if source else None,
        evidence=Evidence(evidence_text, where.start, where.end)))


def fact_ids_of_query(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    """The fact ids a read-only query returns: its `fact_id` column, else a `<table>_id` column, else its
    first column."""
    try:
        cursor = con.execute(query)
    except duckdb.Error as exc:
        raise CorrectionError(f"the query failed: {str(exc).splitlines()[0]}") from None
    names = [d[0] for d in cursor.description or []]
    wanted = next((n for n in names if n == "fact_id"), None) or next(
        (n for n in names if n in {t.id_column for t in schema.FACTS.values()}), names[0] if names else None)
    if wanted is None:
        raise CorrectionError("the query returns no column")
    index = names.index(wanted)
    return list(dict.fromkeys(str(row[index]) for row in cursor.fetchall() if row[index] is not None))
