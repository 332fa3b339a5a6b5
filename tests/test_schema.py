"""DDL is applied idempotently; numbered migrations run exactly once and never lose data."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import warehouse
from pipelines.sql import SQL_DIR


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


def test_document_source_is_backfilled_for_warehouses_that_predate_it(tmp_path: Path) -> None:
    old_sql = tmp_path / "old_sql"
    shutil.copytree(SQL_DIR, old_sql)
    (old_sql / "tables" / "04_document_source.sql").unlink()
    (old_sql / "migrations" / "002_document_source.sql").unlink()
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.apply_schema(con, old_sql)
        for doc, name, deleted in (("doc_1", "a.txt", None), ("doc_2", "gone.txt", "2024-01-02")):
            con.execute("""INSERT INTO dim_document (document_id, source_name, content_sha256, n_chars, body,
                           ingested_at, source_encoding, metadata_source, extractor_version, deleted_at)
                           VALUES (?, ?, 'x', 1, 'x', TIMESTAMPTZ '2024-01-01', 'utf-8', 'none', '0.3.0', ?)""",
                        [doc, name, deleted])
        assert warehouse.apply_schema(con) is True
        rows = con.execute("SELECT source_name, document_id, deleted_at IS NOT NULL FROM document_source ORDER BY 1"
                           ).fetchall()
        assert rows == [("a.txt", "doc_1", False), ("gone.txt", "doc_2", True)]
        assert warehouse.live_sources(con) == {"a.txt"}


def test_views_read_back_from_the_file_are_no_change_and_a_changed_view_is(tmp_path: Path) -> None:
    """DuckDB 1.4's storage format keeps a view as its parse tree and renders it anew on load, so the text
    differs from the script's; that is no schema change (a no-op run must write nothing). A real change is."""
    db = tmp_path / "w.duckdb"
    with warehouse.connect(db) as con:
        assert warehouse.apply_schema(con) is True
    with warehouse.connect(db) as con:
        assert warehouse.apply_schema(con) is False
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    view = sql_dir / "views" / "v_bilateral_event.sql"
    view.write_text(view.read_text(encoding="utf-8").replace("'unnamed speaker'", "'someone'"), encoding="utf-8")
    with warehouse.connect(db) as con:
        assert warehouse.apply_schema(con, sql_dir) is True
        assert warehouse.apply_schema(con, sql_dir) is False
