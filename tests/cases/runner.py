"""Hard cases as data: load `tests/cases/*.yaml` and say where extracted rows break a case.

A file holds one theme; each case is a short text and what a careful analyst expects from it:

    - id: future-visit-is-planned            # unique within its file; the test id is "<file>:<id>"
      text: Japanese Prime Minister Taro Aso will visit China next week.
      published: 2024-06-05                  # optional: the article's date, for relative dates
      expect:                                # rows that must be there (each: at least one row matches)
        - {table: fact_meeting, pair: [JPN, CHN], status: planned}
      exactly: true                          # optional: the tables named in `expect` hold these rows only
      forbid:                                # optional: rows that must not be there
        - {table: fact_gift}                 #   a table alone: no row at all
        - {table: fact_meeting, status: held}
      note: why the case is hard             # optional, free text
      covers: [names_partner]                # optional: named predicates this case needs (it must fail
                                             #   without each: tests/test_predicates_pay.py)
      known_gap: one line: what the extractor lacks   # optional: expected to fail (strict xfail)

A row spec is `table` plus columns that must match. A value matches when it is equal (numbers within
rounding, dates as ISO dates); `null` matches NULL; a list matches any of its values; `{not: V}` matches
what V does not; `{contains: "text"}` matches a string that contains it (case-sensitive). For the
unordered tables (deals, meetings, trade) `pair: [A, B]` matches either order of the two sides and
`party: V` matches when either side matches V (so `party: {not: [A, B]}` is a row with a side outside
{A, B}). In `expect`, `count: N` (or a list of allowed counts) says how many rows match, instead of "at
least one". With `exactly: true` every row of a table named in `expect` matches its own expectation, one
row per expectation.

Every case also checks what the warehouse contract says of all rows: no row relates a party to itself.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipelines.schema import EVENT_TABLES

CASES_DIR = Path(__file__).resolve().parent
CASE_KEYS = {"id", "text", "published", "expect", "exactly", "forbid", "note", "known_gap", "covers"}
UNORDERED = tuple(name for name, t in EVENT_TABLES.items() if not t.ordered)
SIDES = {name: t.code_columns for name, t in EVENT_TABLES.items()}
# Columns shown when a case fails: enough to see what was extracted without the evidence noise.
SHOWN = {
    "fact_deal": ("party_a_code", "party_b_code", "deal_type", "sector", "status", "amount", "amount_unit",
                  "event_date", "trigger"),
    "fact_gift": ("giver_code", "receiver_code", "item", "item_category", "quantity", "quantity_unit",
                  "transfer_kind", "status", "trigger"),
    "fact_sanction": ("imposer_code", "target_code", "measure", "status", "event_date", "trigger"),
    "fact_meeting": ("party_a_code", "party_b_code", "meeting_kind", "status", "event_date", "trigger"),
    "fact_trade": ("party_a_code", "party_b_code", "metric", "value", "unit", "period"),
    "fact_statement": ("speaker_name", "speaker_code", "reported_via", "quote_text"),
    "bridge_event_party": ("fact_table", "fact_id", "party_code"),
}


class CaseError(ValueError):
    """A case file that does not say what the runner can check."""


@dataclass(frozen=True)
class Case:
    file: str
    id: str
    text: str
    published: dt.date | None = None
    expect: tuple[dict[str, Any], ...] = ()
    exactly: bool = False
    forbid: tuple[dict[str, Any], ...] = ()
    note: str | None = None
    known_gap: str | None = None
    covers: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        return f"{self.file}:{self.id}"


# -- loading and checking the files -----------------------------------------------------------------

def _schema() -> dict[str, set[str]]:
    from pipelines.schema import polars_schema

    return {table: set(polars_schema(table)) for table in [*SHOWN]}


def _enums() -> dict[str, set[str]]:
    from pipelines import schema as v

    return {
        "deal_type": set(v.DEAL_TYPES), "sector": set(v.SECTORS), "item_category": set(v.ITEM_CATEGORIES),
        "transfer_kind": set(v.TRANSFER_KINDS), "measure": set(v.MEASURES), "meeting_kind": set(v.MEETING_KINDS),
        "metric": set(v.TRADE_METRICS), "date_precision": set(v.DATE_PRECISIONS),
        "status": set(v.DEAL_STATUSES) | set(v.GIFT_STATUSES) | set(v.SANCTION_STATUSES) | set(v.MEETING_STATUSES),
    }


def _codes() -> set[str]:
    from pipelines.schema import ACTOR_CODES

    return set(ACTOR_CODES)


def _leaves(value: Any) -> list[Any]:
    """The plain values a spec value mentions, through lists, `not` and `contains`."""
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    if isinstance(value, dict):
        if set(value) == {"not"}:
            return _leaves(value["not"])
        if set(value) == {"contains"}:
            return []
        raise CaseError(f"unknown operator {sorted(value)} (use a value, a list, {{not: ...}} or {{contains: ...}})")
    return [value]


def check_spec(spec: Any, where: str, in_expect: bool) -> dict[str, Any]:
    """A row spec that names a known table, its columns and values of their enums and codes."""
    if not isinstance(spec, dict) or "table" not in spec:
        raise CaseError(f"{where}: a row spec is a mapping with a 'table'")
    table = spec["table"]
    schema = _schema()
    if table not in schema:
        raise CaseError(f"{where}: unknown table {table!r}")
    enums, codes = _enums(), _codes()
    for key, value in spec.items():
        if key == "table":
            continue
        if key == "count":
            if not in_expect:
                raise CaseError(f"{where}: 'count' belongs in expect, not forbid")
            counts = value if isinstance(value, list) else [value]
            if not counts or not all(isinstance(n, int) and n >= 0 for n in counts):
                raise CaseError(f"{where}: count is a number of rows or a list of them")
            continue
        if key in ("pair", "party"):
            if table not in UNORDERED:
                raise CaseError(f"{where}: {key!r} is for the unordered tables {UNORDERED}")
            inner = value["not"] if key == "pair" and isinstance(value, dict) and set(value) == {"not"} else value
            if key == "pair" and not (isinstance(inner, list) and len(inner) == 2):
                raise CaseError(f"{where}: pair is [A, B] or {{not: [A, B]}}")
            bad = [c for c in _leaves(value) if c is not None and c not in codes]
        elif key not in schema[table]:
            raise CaseError(f"{where}: {table} has no column {key!r}")
        elif key.endswith("_code"):
            bad = [c for c in _leaves(value) if c is not None and c not in codes]
        elif key in enums:
            bad = [c for c in _leaves(value) if c is not None and c not in enums[key]]
        else:
            _leaves(value)
            bad = []
        if bad:
            raise CaseError(f"{where}: {key} has values no row can hold: {bad}")
    return spec


def _case(file: str, data: Any, seen: set[str]) -> Case:
    if not isinstance(data, dict):
        raise CaseError(f"{file}: each case is a mapping")
    unknown = set(data) - CASE_KEYS
    where = f"{file}:{data.get('id', '?')}"
    if unknown:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}")
    if not data.get("id") or not isinstance(data.get("text"), str) or not data["text"].strip():
        raise CaseError(f"{where}: a case needs an id and a text")
    if data["id"] in seen:
        raise CaseError(f"{where}: duplicate id")
    seen.add(data["id"])
    expect = tuple(check_spec(s, f"{where}.expect", True) for s in data.get("expect") or [])
    forbid = tuple(check_spec(s, f"{where}.forbid", False) for s in data.get("forbid") or [])
    if not expect and not forbid:
        raise CaseError(f"{where}: a case expects or forbids something")
    exactly = bool(data.get("exactly", False))
    if exactly and any("count" in s for s in expect):
        raise CaseError(f"{where}: 'exactly' and 'count' do not mix")
    published = data.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    if published is not None and not isinstance(published, dt.date):
        raise CaseError(f"{where}: published is an ISO date")
    gap = data.get("known_gap")
    if gap is not None and (not isinstance(gap, str) or not gap.strip()):
        raise CaseError(f"{where}: known_gap says in one line what the extractor lacks")
    covers = tuple(_covers(data.get("covers") or [], where))
    # Texts are articles: one newline at the end, as a file's last line has.
    return Case(file=file, id=str(data["id"]), text=data["text"].rstrip("\n") + "\n", published=published,
                expect=expect, exactly=exactly, forbid=forbid, note=data.get("note"), known_gap=gap,
                covers=covers, raw=data)


def _covers(names: Any, where: str) -> list[str]:
    from pipelines.extract.predicates import PREDICATES

    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise CaseError(f"{where}: covers is a list of predicate names")
    unknown = sorted(set(names) - set(PREDICATES))
    if unknown:
        raise CaseError(f"{where}: covers names no predicate: {unknown}")
    return names


def load_file(path: Path) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise CaseError(f"{path.name}: a case file is a list of cases")
    seen: set[str] = set()
    return [_case(path.stem, one, seen) for one in data]


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every `*.yaml` file in `directory`, in file order."""
    return [case for path in sorted(directory.glob("*.yaml")) for case in load_file(path)]


# -- matching rows ------------------------------------------------------------------------------------

def value_matches(want: Any, got: Any) -> bool:
    if isinstance(want, list):
        return any(value_matches(w, got) for w in want)
    if isinstance(want, dict):
        if set(want) == {"not"}:
            return not value_matches(want["not"], got)
        return isinstance(got, str) and str(want["contains"]) in got
    if want is None or got is None:
        return want is None and got is None
    if isinstance(want, bool) or isinstance(got, bool):
        return want == got
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(float(want), float(got), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(got, dt.date) or isinstance(want, dt.date):
        return str(want) == str(got)
    return want == got


def row_matches(spec: dict[str, Any], row: dict[str, Any]) -> bool:
    for key, want in spec.items():
        if key in ("table", "count"):
            continue
        if key == "pair":
            sides = [row.get(c) for c in SIDES[spec["table"]]]
            if isinstance(want, dict):
                if _same_pair(want["not"], sides):
                    return False
            elif not _same_pair(want, sides):
                return False
        elif key == "party":
            if not any(value_matches(want, row.get(c)) for c in SIDES[spec["table"]]):
                return False
        elif not value_matches(want, row.get(key)):
            return False
    return True


def _same_pair(want: list[Any], sides: list[Any]) -> bool:
    return (value_matches(want[0], sides[0]) and value_matches(want[1], sides[1])) or (
        value_matches(want[0], sides[1]) and value_matches(want[1], sides[0]))


def _one_to_one(specs: list[dict[str, Any]], rows: list[dict[str, Any]]) -> bool:
    """Whether each row can be given its own spec (a perfect matching; cases are small)."""
    if len(specs) != len(rows):
        return False

    def assign(i: int, used: frozenset[int]) -> bool:
        if i == len(specs):
            return True
        return any(assign(i + 1, used | {j}) for j, row in enumerate(rows)
                   if j not in used and row_matches(specs[i], row))

    return assign(0, frozenset())


def show_spec(spec: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in spec.items()) + "}"


def show_row(table: str, row: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {row.get(k)}" for k in SHOWN.get(table, ()) if row.get(k) is not None) + "}"


def problems(case: Case, rows: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every way `rows` (extracted from the case's text) break the case; empty when the case holds."""
    found = []
    for spec in case.expect:
        table_rows = rows.get(spec["table"], [])
        n = sum(row_matches(spec, r) for r in table_rows)
        if "count" in spec:
            allowed = spec["count"] if isinstance(spec["count"], list) else [spec["count"]]
            if n not in allowed:
                found.append(f"expected {allowed} rows like {show_spec(spec)}, found {n}")
        elif n == 0:
            found.append(f"missing: {show_spec(spec)}")
    if case.exactly:
        for table in dict.fromkeys(s["table"] for s in case.expect):
            specs = [s for s in case.expect if s["table"] == table]
            if not _one_to_one(specs, rows.get(table, [])):
                found.append(f"not exactly: {table} should hold {len(specs)} row(s), one per expectation; "
                             f"holds {len(rows.get(table, []))}")
    for spec in case.forbid:
        for row in rows.get(spec["table"], []):
            if row_matches(spec, row):
                found.append(f"forbidden: {show_spec(spec)} matched {show_row(spec['table'], row)}")
    for table, (a, b) in SIDES.items():
        for row in rows.get(table, []):
            if row.get(a) is not None and row.get(a) == row.get(b):
                found.append(f"a {table} row relates {row.get(a)} to itself: {show_row(table, row)}")
    return found


def report(case: Case, rows: dict[str, list[dict[str, Any]]], found: list[str]) -> str:
    """A failure message: what broke, then every row of the tables the case is about."""
    tables = dict.fromkeys([*(s["table"] for s in case.expect), *(s["table"] for s in case.forbid)])
    lines = [f"{case.name}: {case.text.strip()}", *(f"  - {p}" for p in found), "  extracted:"]
    for table in tables:
        lines += [f"    {table}: {show_row(table, r)}" for r in rows.get(table, [])] or [f"    {table}: (none)"]
    return "\n".join(lines)


def facts(text: str, published: dt.date | None = None, switched_off: frozenset[str] = frozenset()
          ) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table for one text, as a run extracts them (with the document-level mechanisms named
    in `switched_off` turned off, to measure them)."""
    from pipelines.extract import extract_text

    return extract_text(text, published, "doc_test", switched_off)
