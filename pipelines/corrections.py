"""Analysts' corrections as data: YAML files kept outside the warehouse, read, checked against the contract
and written back.

A correction names a fact row by what it says, not only by its id: the document (its content id, and the
file name it was read from), the table, the evidence span (offsets and text) and what the extractor's row
said (`was`: its sides, kind and status), so that it still finds its row after a refresh, an edited file
or a new extractor version that gives the row another id. Each one says who made it, when and why, and
what it changes:

- `reject`: the row is wrong; it leaves the public tables (it stays in `v_rejected_fact`).
- `set`: some columns are wrong (a side's code, the status, the kind, item, amount or date): `set` gives
  their values.
- `add`: a row the extractor missed, given whole (`row`) with its evidence span.

A file is a YAML list of corrections (`corrections/*.yaml`, any number of files, read in name order).
`pipelines.correcting` applies them to the warehouse on every write; `python -m pipelines correct` writes
them. Every value is checked here against the pandera model of its table (codes that exist, statuses and
kinds of the table's vocabulary, positive amounts, ISO dates); a correction that fails is refused with a
message saying why, never dropped in silence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipelines import schema
from pipelines.display import printable

ACTIONS = ("reject", "set", "add")
FILE_SUFFIXES = (".yaml", ".yml")
# Columns a correction never sets: the row's identity, its evidence (an `add` gives it apart) and what only
# the extractor knows (its confidence, its trigger, the actor rows as the text names them).
_FIXED = {"document_id", "evidence_text", "evidence_start", "evidence_end", "confidence", "trigger"}


class CorrectionError(ValueError):
    """A correction, or a change asked of one, breaks the contract; the message says what and how to fix it."""


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Correction:
    """One analyst's correction, as its file gives it (values already checked against the contract)."""

    correction_id: str
    action: str
    table: str
    document_id: str | None
    source_name: str | None
    evidence: Evidence
    author: str
    made_at: dt.datetime
    why: str
    fact_id: str | None = None
    was: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)  # `set` for a set, `row` for an add
    file: str = ""

    def as_yaml_item(self) -> dict[str, Any]:
        """The correction as its file holds it."""
        item: dict[str, Any] = {"id": self.correction_id, "action": self.action, "table": self.table,
                                "document": self.document_id, "source_name": self.source_name}
        if self.fact_id:
            item["fact_id"] = self.fact_id
        item["evidence"] = {"start": self.evidence.start, "end": self.evidence.end, "text": self.evidence.text}
        if self.was:
            item["was"] = dict(self.was)
        if self.action == "set":
            item["set"] = dict(self.changes)
        elif self.action == "add":
            item["row"] = dict(self.changes)
        item.update({"author": self.author, "at": self.made_at.isoformat(), "why": self.why})
        return item


@dataclass(frozen=True)
class RefusedCorrection:
    """A correction (or a whole file) that could not be read or breaks the contract."""

    file: str
    position: int | None  # index in its file's list; None when the whole file is unreadable
    correction_id: str
    detail: str
    item: dict[str, Any] = field(default_factory=dict)


@dataclass
class CorrectionSet:
    """Every correction of a directory: the valid ones in order, the refused ones with why."""

    directory: Path | None
    corrections: list[Correction] = field(default_factory=list)
    refused: list[RefusedCorrection] = field(default_factory=list)


# --- the contract, read from the pandera models -----------------------------------------------------

def settable_columns(table: str) -> dict[str, Any]:
    """Column -> its pandera column, for every column of `table` a correction may set."""
    fact = schema.FACTS[table]
    columns = fact.model.to_schema().columns
    fixed = _FIXED | {fact.id_column, *fact.actor_columns, *schema.DOCUMENT_CONTEXT}
    if not fact.statuses:
        fixed.add("status")
    return {name: column for name, column in columns.items() if name not in fixed}


def required_columns(table: str) -> list[str]:
    """Columns an added row must give (those the model does not allow to be NULL)."""
    return [name for name, column in settable_columns(table).items() if not column.nullable]


def check_value(table: str, column: str, value: Any) -> Any:
    """`value` as the warehouse stores it in `table.column`; `CorrectionError` when the contract refuses it."""
    if table not in schema.FACTS:
        raise CorrectionError(f"{table!r} is not a fact table: use one of {', '.join(schema.FACT_TABLES)}")
    columns = settable_columns(table)
    if column not in columns:
        raise CorrectionError(f"{table}.{column} cannot be corrected: settable columns are {', '.join(columns)}")
    spec = columns[column]
    if value is None or value == "":
        if not spec.nullable:
            raise CorrectionError(f"{table}.{column} cannot be empty")
        return None
    coerced = _coerce(table, column, str(spec.dtype), value)
    for check in spec.checks:
        _check(table, column, check.statistics, coerced)
    return coerced


def _coerce(table: str, column: str, dtype: str, value: Any) -> Any:
    try:
        if dtype == "Float64":
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if dtype == "Int64":
            return int(value)
        if dtype == "Date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        kind = {"Float64": "a number", "Int64": "a whole number", "Date": "a date (YYYY-MM-DD)"}[dtype]
        raise CorrectionError(f"{table}.{column} must be {kind}, not {printable(value)!r}") from None
    return str(value)


def _check(table: str, column: str, statistics: Mapping[str, Any], value: Any) -> None:
    allowed = statistics.get("allowed_values")
    if allowed is not None and value not in allowed:
        if column.endswith("_code"):
            raise CorrectionError(
                f"{table}.{column}: {printable(value)!r} is not a state or bloc code; use an ISO 3166-1 alpha-3 "
                "code (RUS, MMR, USA) or a bloc code of the reference table (EU, UN, NATO, WEST ...)")
        what = "status" if column == "status" else "value"
        raise CorrectionError(f"{table}.{column}: {printable(value)!r} is not a {what} of {table}; use one of "
                              f"{', '.join(map(str, allowed))}")
    minimum = statistics.get("min_value")
    if minimum is not None and "allowed_values" not in statistics and isinstance(value, int | float) \
            and value <= minimum:
        raise CorrectionError(f"{table}.{column} must be greater than {minimum}, not {value}")


def check_changes(table: str, changes: Mapping[str, Any], whole_row: bool) -> dict[str, Any]:
    """Every value of `changes` checked; a whole row (an `add`) must also give every required column."""
    if not changes:
        raise CorrectionError("nothing to change: give at least one column=value")
    checked = {column: check_value(table, column, value) for column, value in changes.items()}
    if whole_row:
        missing = [c for c in required_columns(table) if checked.get(c) is None]
        if missing:
            raise CorrectionError(f"an added {table} row needs {', '.join(missing)}")
    if "event_date" in checked and "date_precision" not in checked:  # a date alone is a day
        checked["date_precision"] = None if checked["event_date"] is None else "day"
    return checked


# --- identity ---------------------------------------------------------------------------------------

def correction_id(item: Mapping[str, Any]) -> str:
    """A stable id from what the correction says (its target, its change, who and when)."""
    key = {k: item.get(k) for k in ("action", "table", "document", "source_name", "evidence", "was", "set", "row",
                                    "author", "at")}
    return "cor_" + hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


# --- reading ------------------------------------------------------------------------------------------

def load_directory(directory: Path | None) -> CorrectionSet:
    """Every correction under `directory` (none when it is missing); bad files and bad corrections are
    refused with why, the rest kept."""
    loaded = CorrectionSet(directory)
    if directory is None or not directory.exists():
        return loaded
    if not directory.is_dir():
        loaded.refused.append(RefusedCorrection(str(directory), None, _file_id(str(directory)),
                                                "the corrections directory is a file, not a directory"))
        return loaded
    seen: set[str] = set()
    for path in sorted(p for p in directory.rglob("*") if p.suffix in FILE_SUFFIXES and p.is_file()):
        name = path.relative_to(directory).as_posix()
        items, error = _read_items(path)
        if error is not None:
            loaded.refused.append(RefusedCorrection(name, None, _file_id(name), error))
            continue
        for position, item in enumerate(items):
            try:
                correction = parse_item(item, name)
            except CorrectionError as exc:
                ident = str(item.get("id") or correction_id(item)) if isinstance(item, dict) else _file_id(
                    f"{name}#{position}")
                loaded.refused.append(RefusedCorrection(name, position, ident, f"item {position + 1}: {exc}",
                                                        item if isinstance(item, dict) else {}))
                continue
            if correction.correction_id in seen:
                loaded.refused.append(RefusedCorrection(name, position, _file_id(f"{name}#{position}"),
                                                        f"item {position + 1}: id {correction.correction_id} is "
                                                        "used twice; give each correction its own id", item))
                continue
            seen.add(correction.correction_id)
            loaded.corrections.append(correction)
    return loaded


def _file_id(name: str) -> str:
    return "cor_file_" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def _read_items(path: Path) -> tuple[list[Any], str | None]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return [], f"cannot read the file: {printable(exc)}"
    except yaml.YAMLError as exc:
        return [], f"not valid YAML: {printable(str(exc).replace(chr(10), ' '), 300)}"
    if data is None:
        return [], None
    if isinstance(data, dict):
        return [data], None
    if not isinstance(data, list):
        return [], "a corrections file holds a YAML list of corrections"
    return data, None


def parse_item(item: Any, file: str = "") -> Correction:
    """One list item of a corrections file as a `Correction`; `CorrectionError` says what is wrong."""
    if not isinstance(item, dict):
        raise CorrectionError("a correction is a mapping (action:, table:, evidence:, author:, at:, why: ...)")
    action = item.get("action")
    if action not in ACTIONS:
        raise CorrectionError(f"action must be one of {', '.join(ACTIONS)}, not {printable(action)!r}")
    table = item.get("table")
    if table not in schema.FACTS:
        raise CorrectionError(f"table must be one of {', '.join(schema.FACT_TABLES)}, not {printable(table)!r}")
    document_id, source_name = _text(item, "document"), _text(item, "source_name")
    if document_id is None and source_name is None:
        raise CorrectionError("name the row's document: document (its doc_... id) or source_name (its file)")
    changes: dict[str, Any] = {}
    if action == "set":
        changes = check_changes(table, _mapping(item, "set"), whole_row=False)
    elif action == "add":
        changes = check_changes(table, _mapping(item, "row"), whole_row=True)
    return Correction(
        correction_id=str(item.get("id") or correction_id(item)), action=action, table=table,
        document_id=document_id, source_name=source_name, evidence=_evidence(item),
        author=_required_text(item, "author"), made_at=_timestamp(item.get("at")), why=_required_text(item, "why"),
        fact_id=_text(item, "fact_id"), was=dict(_mapping(item, "was", required=False)), changes=changes, file=file)


def _text(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    return None if value is None or str(value).strip() == "" else str(value)


def _required_text(item: Mapping[str, Any], key: str) -> str:
    value = _text(item, key)
    if value is None:
        raise CorrectionError(f"every correction says {'who made it' if key == 'author' else 'why'}: "
                              f"{key}: is missing")
    return value


def _mapping(item: Mapping[str, Any], key: str, required: bool = True) -> Mapping[str, Any]:
    value = item.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise CorrectionError(f"{key}: must map columns to values (e.g. {key}: {{status: pledged}})")
    return value


def _evidence(item: Mapping[str, Any]) -> Evidence:
    value = item.get("evidence")
    if not isinstance(value, dict) or not isinstance(value.get("text"), str) or not value["text"]:
        raise CorrectionError("evidence: must give the text of the span (evidence: {start: ..., end: ..., text: ...})")
    bounds = [value.get("start"), value.get("end")]
    if any(b is not None and (not isinstance(b, int) or isinstance(b, bool) or b < 0) for b in bounds):
        raise CorrectionError("evidence start and end are character offsets (whole numbers, 0 or more)")
    start, end = bounds
    if start is not None and end is not None and end - start != len(value["text"]):
        raise CorrectionError(f"evidence end - start is {end - start} but its text has {len(value['text'])} "
                              "characters")
    return Evidence(value["text"], start, end)


def _timestamp(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            stamp = dt.datetime.fromisoformat(str(value))
        except ValueError:
            raise CorrectionError(f"at: must say when the correction was made (ISO 8601, e.g. "
                                  f"2025-01-31T09:30:00+00:00), not {printable(value)!r}") from None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.UTC)


# --- writing ------------------------------------------------------------------------------------------

def append(path: Path, corrections: list[Correction]) -> None:
    """Add corrections at the end of a file (created when missing), leaving what it holds as it is, so an
    analyst's comments and order survive. The file is read back first: a file that would not load is not
    written to."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if existing.strip():
        _, error = _read_items(path)
        if error is not None:
            raise CorrectionError(f"{path} cannot be extended: {error}; fix it first")
    text = yaml.safe_dump([c.as_yaml_item() for c in corrections], sort_keys=False, allow_unicode=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    separator = "" if not existing or existing.endswith("\n") else "\n"
    path.write_text(existing + separator + text, encoding="utf-8")
