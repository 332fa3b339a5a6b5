"""What the UI says of each warehouse table: its description (the table's own comment in sql/tables/), and
the checks every table gets after a write, whatever else it has: a row count that must agree with what
the table is for, and a key check (its primary key unique and never NULL; the keys it points with resolve).

Plain functions over a DuckDB connection; the Dagster layer turns them into asset specs and check results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from pipelines import reference
from pipelines.settings import SQL_DIR
from pipelines.warehouse import FACT_TABLES, WAREHOUSE_TABLES, scalar

_COMMENT = re.compile(r"COMMENT ON TABLE (\w+) IS '((?:[^']|'')*)';", re.IGNORECASE)
# Fact tables whose rows are mentions of events (statements are not events).
EVENT_FACT_TABLES = tuple(t for t in FACT_TABLES if t != "fact_statement")
# Built from the facts after every write, not written by the batch (lineage in the UI).
DERIVED_FROM_FACTS = ("event", "event_mention")

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


def table_descriptions(sql_dir: Path = SQL_DIR) -> dict[str, str]:
    """table -> its COMMENT ON TABLE text and the file that defines it."""
    result = {}
    for script in sorted((sql_dir / "tables").glob("*.sql")):
        for table, text in _COMMENT.findall(script.read_text(encoding="utf-8")):
            unquoted = text.replace("''", "'")
            result[table] = f"{unquoted}\n\nDefined in `sql/tables/{script.name}`."
    return result


def check_specs() -> list[tuple[str, str, str]]:
    """(table, check name, description) of the checks every table gets."""
    specs = []
    for table in WAREHOUSE_TABLES:
        specs.append((table, ROW_COUNT, "Row count" + (f": {ROW_COUNT_RULES[table]}." if table in ROW_COUNT_RULES
                                                      else ", recorded on every write.")))
        specs.append((table, KEY, "The primary key is unique and never NULL."))
        if table in REFERENCE_RULES:
            specs.append((table, REFERENCES, REFERENCE_RULES[table] + "."))
    return specs


def primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute("""SELECT constraint_column_names FROM duckdb_constraints()
                          WHERE database_name = current_database() AND table_name = ?
                            AND constraint_type = 'PRIMARY KEY'""", [table]).fetchall()
    return list(rows[0][0]) if rows else []


def evaluate(con: duckdb.DuckDBPyConnection) -> list[CheckOutcome]:
    """Every check of `check_specs`, on the written working copy."""
    outcomes = []
    for table in WAREHOUSE_TABLES:
        outcomes.append(_row_count(con, table))
        outcomes.append(_key(con, table))
        if table in REFERENCE_RULES:
            outcomes.append(_references(con, table))
    return outcomes


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(scalar(con, sql) or 0)


def _row_count(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    rows = _count(con, f"SELECT count(*) FROM {table}")
    metadata: dict[str, Any] = {"rows": rows}
    passed = True
    if table == "dim_country":
        metadata["states"] = len(reference.countries())
        passed = rows == metadata["states"]
    elif table == "document_source":
        metadata["live_documents_without_a_name"] = _count(con, """
            SELECT count(*) FROM dim_document d WHERE deleted_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM document_source s WHERE s.document_id = d.document_id AND s.deleted_at IS NULL)""")
        metadata["live_names_of_no_live_document"] = _count(con, """
            SELECT count(*) FROM document_source s WHERE deleted_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM dim_document d WHERE d.document_id = s.document_id AND d.deleted_at IS NULL)""")
        passed = metadata["live_documents_without_a_name"] == 0 and metadata["live_names_of_no_live_document"] == 0
    elif table == "event_mention":
        live = " UNION ALL ".join(
            f"SELECT {t}_id FROM {t} WHERE document_id IN (SELECT document_id FROM dim_document "
            "WHERE deleted_at IS NULL)" for t in EVENT_FACT_TABLES)
        metadata["live_event_facts"] = _count(con, f"SELECT count(*) FROM ({live})")
        passed = rows == metadata["live_event_facts"]
    elif table == "event":
        metadata["events_mentioned"] = _count(con, "SELECT count(DISTINCT event_id) FROM event_mention")
        metadata["mentions_counted"] = _count(con, "SELECT coalesce(sum(num_mentions), 0) FROM event")
        metadata["mentions"] = _count(con, "SELECT count(*) FROM event_mention")
        passed = rows == metadata["events_mentioned"] and metadata["mentions_counted"] == metadata["mentions"]
    elif table == "bridge_event_party":
        metadata["facts_with_fewer_than_3_parties"] = _count(con, """
            SELECT count(*) FROM (SELECT fact_id FROM bridge_event_party GROUP BY fact_id HAVING count(*) < 3)""")
        passed = metadata["facts_with_fewer_than_3_parties"] == 0
    return CheckOutcome(table, ROW_COUNT, passed, metadata)


def _key(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    key = primary_key(con, table)
    if not key:
        return CheckOutcome(table, KEY, False, {"error": "the table has no primary key"})
    columns = ", ".join(key)
    duplicates = _count(con, f"SELECT count(*) FROM (SELECT {columns} FROM {table} GROUP BY ALL HAVING count(*) > 1)")
    nulls = _count(con, f"SELECT count(*) FROM {table} WHERE " + " OR ".join(f"{c} IS NULL" for c in key))
    return CheckOutcome(table, KEY, duplicates == 0 and nulls == 0,
                        {"key": columns, "duplicate_keys": duplicates, "null_keys": nulls})


def _references(con: duckdb.DuckDBPyConnection, table: str) -> CheckOutcome:
    unresolved: dict[str, int] = {
        "unresolved_document_id": _count(con, f"SELECT count(*) FROM {table} "
                                              "WHERE document_id NOT IN (SELECT document_id FROM dim_document)")}
    if table in ("event_mention", "bridge_event_party"):
        facts = " UNION ALL ".join(f"SELECT '{t}' AS fact_table, {t}_id AS fact_id FROM {t}" for t in FACT_TABLES)
        unresolved["unresolved_fact_id"] = _count(con, f"""
            SELECT count(*) FROM {table} x WHERE NOT EXISTS (
                SELECT 1 FROM ({facts}) f WHERE f.fact_table = x.fact_table AND f.fact_id = x.fact_id)""")
    if table == "event_mention":
        unresolved["unresolved_event_id"] = _count(
            con, "SELECT count(*) FROM event_mention WHERE event_id NOT IN (SELECT event_id FROM event)")
    return CheckOutcome(table, REFERENCES, not any(unresolved.values()), unresolved)
