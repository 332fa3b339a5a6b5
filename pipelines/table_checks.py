"""The checks every warehouse table gets, whatever else it has: a row count that must agree with what the
table is for, and a key check (its primary key unique and never NULL; the keys it points with resolve).

Plain functions over a DuckDB connection (the published file); `pipelines/defs/warehouse/checks.py` turns
them into Dagster asset checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from pipelines import reference, schema, sql
from pipelines.warehouse import scalar

ROW_COUNT = "row_count"
KEY = "primary_key_unique"
REFERENCES = "keys_resolve"

# What each table's row count must agree with; tables not named here record their count.
ROW_COUNT_RULES = {
    "dim_country": "one row per ISO 3166-1 state of pycountry",
    "document_source": "every live document has a live name, and every live name holds a live document",
    "event_mention": "one row per live fact of the event tables (deal, gift, sanction, meeting, trade)",
    "event": "one row per event some mention points to; its num_mentions add up to event_mention",
    "bridge_event_party": "three parties or more per bridged fact (a bridge is only for multi-party events)",
}
# Keys pointing at other tables, checked for tables no other check covers.
REFERENCE_RULES = {
    "document_source": "document_id is a dim_document row",
    "event_mention": "fact_id is a row of its fact_table, event_id an event, document_id a dim_document row",
    "bridge_event_party": "fact_id is a row of its fact_table, document_id a dim_document row",
}


@dataclass(frozen=True)
class CheckOutcome:
    table: str
    name: str
    passed: bool
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking_severity(self) -> bool:
        """A failure is an error, except a row count no rule constrains (it only records the count)."""
        return self.name != ROW_COUNT or self.table in ROW_COUNT_RULES


def check_specs() -> list[tuple[str, str, str]]:
    """(table, check name, description) of the checks every table gets."""
    specs = []
    for table in schema.WAREHOUSE_TABLES:
        rule = ROW_COUNT_RULES.get(table)
        specs.append((table, ROW_COUNT, f"Row count: {rule}." if rule else "Row count, recorded on every write."))
        specs.append((table, KEY, "The primary key is unique and never NULL."))
        if table in REFERENCE_RULES:
            specs.append((table, REFERENCES, REFERENCE_RULES[table] + "."))
    return specs


def evaluate(con: duckdb.DuckDBPyConnection) -> list[CheckOutcome]:
    """Every check of `check_specs`, on the published warehouse."""
    outcomes = []
    for table in schema.WAREHOUSE_TABLES:
        outcomes.append(row_count(con, table))
        outcomes.append(key(con, table))
        if table in REFERENCE_RULES:
            outcomes.append(references(con, table))
    return outcomes


def _count(con: duckdb.DuckDBPyConnection, statement: str, params: list[Any] | None = None) -> int:
    return int(scalar(con, statement, params) or 0)


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    metadata: dict[str, Any] = {"rows": _count(con, sql.statement("read/count_rows"), [table])}
    if table == "dim_country":
        metadata["states"] = len(reference.countries())
        passed = metadata["rows"] == metadata["states"]
    elif table == "document_source":
        metadata["live_documents_without_a_name"] = _count(con, sql.statement("checks/documents_without_a_name"))
        metadata["live_names_of_no_live_document"] = _count(con, sql.statement("checks/names_of_no_document"))
        passed = not metadata["live_documents_without_a_name"] and not metadata["live_names_of_no_live_document"]
    elif table == "event_mention":
        metadata["live_event_facts"] = sum(_count(con, sql.statement("checks/live_fact_rows", table=fact))
                                           for fact in schema.EVENT_TABLES)
        passed = metadata["rows"] == metadata["live_event_facts"]
    elif table == "event":
        metadata["events_mentioned"] = _count(con, sql.statement("checks/events_mentioned"))
        metadata["mentions_counted"] = _count(con, sql.statement("checks/mentions_counted"))
        metadata["mentions"] = _count(con, sql.statement("read/count_rows"), ["event_mention"])
        passed = (metadata["rows"] == metadata["events_mentioned"]
                  and metadata["mentions_counted"] == metadata["mentions"])
    elif table == "bridge_event_party":
        metadata["facts_with_fewer_than_3_parties"] = _count(con, sql.statement("checks/bridged_facts_with_few_parties"))
        passed = metadata["facts_with_fewer_than_3_parties"] == 0
    else:
        passed = True
    return CheckOutcome(table, ROW_COUNT, passed, metadata)


def primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(sql.statement("checks/primary_key"), [table]).fetchall()
    return [str(column) for column in rows[0][0]] if rows else []


def key(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    columns = primary_key(con, table)
    if not columns:
        return CheckOutcome(table, KEY, False, {"error": "the table has no primary key"})
    duplicates = _count(con, sql.statement("checks/duplicate_keys"), [columns, table])
    nulls = _count(con, sql.statement("checks/null_keys"), [table, table, columns])
    return CheckOutcome(table, KEY, duplicates == 0 and nulls == 0,
                        {"key": ", ".join(columns), "duplicate_keys": duplicates, "null_keys": nulls})


def references(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    unresolved = {"unresolved_document_id": _count(con, sql.statement("checks/unresolved_documents", table=table))}
    if table in ("event_mention", "bridge_event_party"):
        unresolved["unresolved_fact_id"] = sum(
            _count(con, sql.statement("checks/unresolved_fact_ids", table=table), [fact, f"{fact}_id", fact])
            for fact in schema.FACT_TABLES)
    if table == "event_mention":
        unresolved["unresolved_event_id"] = _count(con, sql.statement("checks/unresolved_event_ids"))
    return CheckOutcome(table, REFERENCES, not any(unresolved.values()), unresolved)
