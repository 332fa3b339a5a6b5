"""The whole asset graph, in process, on a copy of raw/ plus bad files; and the CLI around it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import PROJECT, SEED, bad_inputs, run_job

from pipelines.cli import main
from pipelines.definitions import build_definitions
from pipelines.schema import WAREHOUSE_TABLES

CONTRACT = PROJECT.parent / "shared" / "spec" / "warehouse-contract.md"
CONTRACT_COLUMNS = {
    "dim_document": ["document_id", "source_name", "title", "published_date", "publisher", "url",
                     "content_sha256", "n_chars", "body", "ingested_at"],
    "dim_country": ["country_code", "country_name", "region"],
    "dim_actor": ["actor_id", "actor_name", "actor_type", "country_code", "role"],
    "fact_deal": ["party_a_code", "party_b_code", "deal_type", "sector", "subject", "status", "amount",
                  "amount_unit", "location"],
    "fact_gift": ["giver_code", "receiver_code", "item", "item_category", "quantity", "quantity_unit",
                  "transfer_kind", "status", "occasion", "recipient_institution"],
    "fact_sanction": ["imposer_code", "target_code", "measure", "reason", "status"],
    "fact_meeting": ["party_a_code", "party_b_code", "participants", "location", "meeting_kind", "status"],
    "fact_trade": ["party_a_code", "party_b_code", "metric", "value", "unit", "period"],
    "fact_statement": ["speaker_name", "speaker_actor_id", "speaker_code", "quote_text", "reported_via"],
    "quarantine": ["source_name", "stage", "reason", "detail", "quarantined_at"],
}
COMMON_FACT_COLUMNS = ["document_id", "event_date", "date_precision", "evidence_text", "evidence_start",
                       "evidence_end", "confidence"]


def snapshot(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in WAREHOUSE_TABLES}


@pytest.fixture(scope="module")
def seeded_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], dg.ExecuteInProcessResult]:
    """The refresh job (as the UI and the CLI run it) over the seed and one file of each bad kind."""
    root = tmp_path_factory.mktemp("e2e")
    raw = root / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    outside = root / "outside"
    outside.mkdir()
    expected = bad_inputs(raw, outside)
    db = root / "w.duckdb"
    result = run_job(raw, db)
    assert result.success
    return raw, db, expected, result


@pytest.fixture(scope="module")
def seeded(seeded_run) -> tuple[Path, Path, dict[str, str]]:
    return seeded_run[:3]


def test_every_asset_check_ran_and_passed(seeded_run) -> None:
    evaluations = seeded_run[3].get_asset_check_evaluations()
    checks = build_definitions().resolve_asset_graph().asset_check_keys
    # Every warehouse table has a row count and a key check; the rest are the validation and reference checks.
    assert sum(k.name in ("row_count", "primary_key_unique") for k in checks) == 2 * 16
    assert len(evaluations) == len(checks) == 59
    assert [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed] == []


def test_contract_tables_and_columns_exist(seeded) -> None:
    _, db, _ = seeded
    with duckdb.connect(str(db), read_only=True) as con:
        for table, columns in CONTRACT_COLUMNS.items():
            have = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
            needed = columns + (COMMON_FACT_COLUMNS + [f"{table}_id"] if table.startswith("fact_") else [])
            assert set(needed) <= set(have), (table, set(needed) - set(have))
        undocumented = con.execute("""
            SELECT table_name, column_name FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main' AND comment IS NULL
              AND table_name IN (SELECT table_name FROM duckdb_tables())
        """).fetchall()
        assert undocumented == []


def test_contract_mentions_every_table_we_check() -> None:
    if not CONTRACT.exists():
        pytest.skip("shared spec not available")
    text = CONTRACT.read_text(encoding="utf-8")
    assert all(f"`{table}`" in text for table in CONTRACT_COLUMNS)


def test_seed_document_and_countries_loaded(seeded) -> None:
    _, db, _ = seeded
    with duckdb.connect(str(db), read_only=True) as con:
        docs = con.execute("SELECT source_name, n_chars, length(body) FROM dim_document").fetchall()
        assert docs == [(SEED.name, docs[0][2], docs[0][2])]
        n_countries, n_with_region = con.execute(
            "SELECT count(*), count(region) FROM dim_country").fetchall()[0]
        assert n_countries == 249 and n_with_region >= 248
        assert con.execute("SELECT country_name FROM dim_country WHERE country_code = 'MMR'").fetchall()[0] == (
            "Myanmar",)


def test_each_bad_file_has_one_quarantine_row(seeded) -> None:
    _, db, expected = seeded
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT source_name, stage, reason, detail FROM quarantine WHERE stage = 'ingest'"
                           ).fetchall()
    assert {r[0]: r[2] for r in rows} == expected
    assert len(rows) == len(expected)
    assert all(r[3] for r in rows)


def test_second_run_leaves_every_table_identical(seeded) -> None:
    raw, db, _ = seeded
    before = snapshot(db)
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert snapshot(db) == before


@pytest.mark.slow  # two more whole refreshes
def test_changed_file_replaces_its_rows(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    article = raw / "a.txt"
    article.write_text("Talks\n\nFrance and Germany held talks in Paris on Monday.\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    article.write_text("Talks\n\nFrance and Spain held talks in Madrid on Monday.\n", encoding="utf-8")
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        bodies = con.execute("SELECT body FROM dim_document WHERE source_name = 'a.txt'").fetchall()
        orphans = con.execute("""SELECT count(*) FROM fact_meeting
                                 WHERE document_id NOT IN (SELECT document_id FROM dim_document)""").fetchall()[0]
    assert len(bodies) == 1 and "Spain" in bodies[0][0]
    assert orphans == (0,)


@pytest.mark.slow  # child processes
def test_cli_exit_codes_and_summary(tmp_path: Path, raw_copy: Path) -> None:
    db = tmp_path / "cli.duckdb"
    ok = subprocess.run([sys.executable, "-m", "pipelines", "run", "--raw-dir", str(raw_copy),
                         "--warehouse", str(db)], cwd=PROJECT, capture_output=True, text=True, check=False, timeout=300)
    assert ok.returncode == 0, ok.stderr[-2000:]
    assert re.search(r"dim_document\s+1 rows", ok.stdout)
    assert re.search(r"dim_country\s+249 rows", ok.stdout)
    missing = subprocess.run([sys.executable, "-m", "pipelines", "run", "--raw-dir", str(tmp_path / "nope"),
                              "--warehouse", str(db)], cwd=PROJECT, capture_output=True, text=True, check=False, timeout=300)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    usage = subprocess.run([sys.executable, "-m", "pipelines", "frobnicate"], cwd=PROJECT, capture_output=True,
                           text=True, check=False, timeout=300)
    assert usage.returncode == 2


@pytest.mark.slow  # a child process
def test_environment_variables_set_the_defaults(tmp_path: Path, raw_copy: Path) -> None:
    db = tmp_path / "env.duckdb"
    env = {"BILATERAL_RAW_DIR": str(raw_copy), "BILATERAL_WAREHOUSE": str(db), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "pipelines", "run"], cwd=PROJECT, env=env, capture_output=True,
                          text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert db.exists()
