"""Fixtures, paths and helpers shared by every test module."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import PIPELINE_ASSET_KEYS, build_definitions
from pipelines.defs.automation import raw_files_sensor
from pipelines.defs.resources import RawArticles, build_resources
from pipelines.schema import WAREHOUSE_TABLES
from pipelines.settings import Settings

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SEED = PROJECT / "raw" / "000_6e90dc04cbb7a4a9.txt"
BBC = SHARED / "corpora" / "bbc"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped raw/ directory."""
    target = tmp_path / "raw"
    shutil.copytree(PROJECT / "raw", target)
    return target


def bad_inputs(raw: Path, outside: Path) -> dict[str, str]:
    """Write one file of each kind of bad input; returns source_name -> expected quarantine reason."""
    (raw / "empty.txt").write_bytes(b"")
    (raw / "blank.md").write_text("\n \n\t\n", encoding="utf-8")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "garbled.txt").write_bytes(bytes(range(128, 256)) * 20)
    (raw / "huge.txt").write_bytes(b"Talks were held. " * 400_000)
    (raw / "bad-front-matter.md").write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    (raw / "unclosed-front-matter.md").write_text("---\ntitle: x\nBody without a closing fence.\n",
                                                  encoding="utf-8")
    secret = outside / "secret.txt"
    secret.write_text("Outside the raw directory.\n", encoding="utf-8")
    (raw / "escape.txt").symlink_to(secret)
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    return {
        "empty.txt": "empty_file",
        "blank.md": "empty_file",
        "binary.txt": "binary_file",
        "garbled.txt": "undecodable",
        "huge.txt": "file_too_large",
        "bad-front-matter.md": "malformed_front_matter",
        "unclosed-front-matter.md": "malformed_front_matter",
        "escape.txt": "symlink_outside_raw_dir",
        "notes.pdf": "unsupported_file_type",
    }


# --- helpers shared by the test modules -----------------------------------------------------------

# Timestamps record when something happened and differ between otherwise identical runs.
TIMESTAMP_COLUMNS = {"ingested_at", "quarantined_at", "applied_at", "deleted_at", "first_seen_at", "last_seen_at"}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child pipeline: no DAGSTER_HOME (runs stay ephemeral), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env.update(extra)
    return env


def run_cli(raw: Path, db: Path, kill_at: str | None = None, env: dict[str, str] | None = None,
            timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """`python -m pipelines run` in a child process; with `kill_at`, tests/crash_run.py instead, which runs
    the same job with checkpoints that SIGKILL the process at that point."""
    command = ([sys.executable, str(PROJECT / "tests" / "crash_run.py"), kill_at] if kill_at
               else [sys.executable, "-m", "pipelines", "run"])
    return subprocess.run([*command, "--raw-dir", str(raw), "--warehouse", str(db)], cwd=PROJECT,
                          env=env or clean_env(), capture_output=True, text=True, check=False, timeout=timeout)


def warehouse_content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without timestamp columns, in a stable order."""
    with duckdb.connect(str(db), read_only=True) as con:
        result = {}
        for table in WAREHOUSE_TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in TIMESTAMP_COLUMNS]
            result[table] = sorted(con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
        return result


def copy_scene(scene: Path, target: Path) -> None:
    """A private copy of a warehouse a module built once (its raw/ folder, the published file, the working
    copy in .work/, the lake): a copy takes milliseconds, a refresh seconds. A run reads only content and
    keeps no absolute path, so the copy is the same warehouse to it. Only the stat-based shortcuts see new
    files (inodes and ctimes change): the sensor's cursor (tick again on the copy) and the unchanged-run
    record, so the first `pipelines run` on a copy is always a real run, never the no-change shortcut."""
    shutil.copytree(scene, target, symlinks=True, dirs_exist_ok=True)


def sensor_tick(raw: Path, cursor: str | None) -> dg.SensorResult:
    """One evaluation of the raw-directory sensor."""
    context = dg.build_sensor_context(cursor=cursor, resources={"raw": RawArticles(raw_dir=str(raw))})
    return raw_files_sensor(context)


def definitions_for(raw: Path, db: Path) -> dg.Definitions:
    """The code location with its resources pointed at `raw` and `db`."""
    return build_definitions(build_resources(Settings.from_env(str(raw), str(db))))


def run_job(raw: Path, db: Path, scope: dict[str, Any] | None = None) -> dg.ExecuteInProcessResult:
    """The refresh job in this process, like the sensor's runs (`scope`: the raw_articles config), up to
    the published warehouse and its checks: the report and the export after it have tests of their own."""
    job = definitions_for(raw, db).resolve_job_def("refresh_warehouse")
    run_config = {"ops": {"raw_articles": {"config": scope}}} if scope is not None else {}
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), run_config=run_config,
                                  raise_on_error=False, asset_selection=PIPELINE_ASSET_KEYS)


@contextlib.contextmanager
def hang_watchdog(seconds: int) -> Iterator[None]:
    """Turns a hang into a failure after `seconds`; generous, never a timing test."""
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"hung for {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

