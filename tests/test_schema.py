"""DDL is applied idempotently; numbered migrations run exactly once and never lose data."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse
from pipelines.settings import SQL_DIR


def test_schema_applies_twice_without_change(tmp_path: Path) -> None:
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.apply_schema(con)
        first = con.execute("SELECT table_name, column_name, data_type FROM duckdb_columns() ORDER BY ALL").fetchall()
        warehouse.apply_schema(con)
        assert con.execute("SELECT table_name, column_name, data_type FROM duckdb_columns() ORDER BY ALL"
                           ).fetchall() == first


def test_migration_runs_once_and_keeps_rows(tmp_path: Path) -> None:
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.apply_schema(con, sql_dir)
        con.execute("INSERT INTO dim_actor (actor_id, actor_name, actor_type, country_code) "
                    "VALUES ('act_1', 'France', 'state', 'FRA')")
        (sql_dir / "migrations" / "901_actor_wikidata.sql").write_text(
            "ALTER TABLE dim_actor ADD COLUMN IF NOT EXISTS wikidata_id VARCHAR;\n"
            "UPDATE dim_actor SET wikidata_id = 'Q142' WHERE actor_id = 'act_1';\n", encoding="utf-8")
        warehouse.apply_schema(con, sql_dir)
        con.execute("UPDATE dim_actor SET wikidata_id = 'changed'")
        warehouse.apply_schema(con, sql_dir)  # already applied: must not run again
        assert con.execute("SELECT actor_name, wikidata_id FROM dim_actor").fetchall() == [("France", "changed")]
        assert con.execute("SELECT version, name FROM schema_migrations WHERE version > 900").fetchall() == [
            (901, "901_actor_wikidata.sql")]


def test_a_broken_migration_changes_nothing(tmp_path: Path) -> None:
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.apply_schema(con, sql_dir)
        applied = con.execute("SELECT count(*) FROM schema_migrations").fetchall()
        (sql_dir / "migrations" / "902_broken.sql").write_text(
            "ALTER TABLE dim_actor ADD COLUMN note VARCHAR;\nSELECT * FROM no_such_table;\n", encoding="utf-8")
        with pytest.raises(duckdb.CatalogException):
            warehouse.apply_schema(con, sql_dir)
        columns = [r[0] for r in con.execute("DESCRIBE dim_actor").fetchall()]
        assert "note" not in columns
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchall() == applied
