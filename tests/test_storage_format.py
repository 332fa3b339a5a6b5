"""Any DuckDB client opens the published warehouse: the file is written in DuckDB 1.4's storage format,
which DuckDB 1.4 (the long-term release), 1.5 (the current stable) and 2.x all read. Proven with a real
other client: the DuckDB 1.5 command-line shell from the `duckdb-cli` package, a locked dependency
installed into .venv/bin beside Python, run as the README tells analysts to run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import SEED

from pipelines import warehouse
from pipelines.cli import main

CLIENT = Path(sys.executable).parent / "duckdb"


def client(db: Path, sql: str) -> subprocess.CompletedProcess[str]:
    """The README's analyst command, with a query on standard input."""
    return subprocess.run([str(CLIENT), "-readonly", "-csv", str(db)], input=sql, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("storage")
    raw = root / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    db = root / "warehouse" / "bilateral.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    return db


def test_the_client_is_installed_and_is_duckdb_1() -> None:
    assert CLIENT.exists(), "the duckdb-cli package is a locked dependency: run `make install`"
    version = subprocess.run([str(CLIENT), "-version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1."), version


def test_published_file_is_in_the_pinned_storage_format(published: Path) -> None:
    assert warehouse.storage_version(published) == f"{warehouse.STORAGE_VERSION}+"
    assert warehouse.storage_version(warehouse.working_path(published)) == f"{warehouse.STORAGE_VERSION}+"


def test_duckdb_1_client_reads_every_table_and_view(published: Path) -> None:
    with duckdb.connect(str(published), read_only=True) as con:
        expected = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                    for t in (*warehouse.WAREHOUSE_TABLES, "v_bilateral_event")}
    sql = "".join(f"SELECT '{t}', count(*) FROM {t};\n" for t in expected)
    result = client(published, sql)
    assert result.returncode == 0, result.stderr
    seen = {}
    for line in result.stdout.splitlines():
        name, _, count = line.partition(",")
        if name in expected:
            seen[name] = int(count)
    assert seen == expected
    assert expected["dim_document"] == 1 and expected["fact_deal"] >= 1


def test_duckdb_1_client_sees_comments(published: Path) -> None:
    result = client(published, "SELECT comment FROM duckdb_tables() WHERE table_name = 'fact_deal';\n")
    assert result.returncode == 0, result.stderr
    assert "agreements" in result.stdout.lower() or "deal" in result.stdout.lower()


def test_a_warehouse_in_duckdb_2_format_is_converted_on_the_next_run(published: Path, tmp_path: Path) -> None:
    """A warehouse published before the format was pinned (DuckDB 2's own format, which the 1.x client
    refuses) is rewritten in the pinned format by the next run, every row kept."""
    old = tmp_path / "warehouse" / "bilateral.duckdb"
    old.parent.mkdir()
    with duckdb.connect() as con:
        con.execute("ATTACH ? AS src (READ_ONLY)", [str(published)])
        con.execute("ATTACH ? AS dst (STORAGE_VERSION 'latest')", [str(old)])
        con.execute("COPY FROM DATABASE src TO dst")
    assert warehouse.storage_version(old) != f"{warehouse.STORAGE_VERSION}+"
    refused = client(old, "SELECT 1;\n")
    assert refused.returncode != 0 and "version" in refused.stderr.lower()

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(old)]) == 0
    assert warehouse.storage_version(old) == f"{warehouse.STORAGE_VERSION}+"
    result = client(old, "SELECT count(*) FROM fact_deal;\n")
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(published), read_only=True) as con:
        assert result.stdout.splitlines()[-1] == str(con.execute("SELECT count(*) FROM fact_deal").fetchall()[0][0])


def test_new_files_are_created_in_the_pinned_format(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with warehouse.connect(db) as con:
        warehouse.apply_schema(con)
    assert warehouse.storage_version(db) == f"{warehouse.STORAGE_VERSION}+"
    assert not warehouse.convert_storage(db)
