"""Errors say what is wrong and what to do, in one line, with the exit codes of the README
(`pipelines/console.py`): 0 done, 1 the run failed, 2 bad usage, 3 the warehouse cannot be used there.

In process where that shows the same (the CLI's `main`, standard error captured), through a child process
where only a real process can (a read-only mount namespace, the interpreter's own start)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, SEED, copy_scene

from pipelines.cli import main


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "BILATERAL_LOG_LEVEL")}
    return subprocess.run([sys.executable, "-m", "pipelines", *args], cwd=PROJECT, env=environment,
                          capture_output=True, text=True, check=False, timeout=600)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`python -m pipelines ARGS` in this process: the exit code and standard error."""
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    directory = tmp_path / "raw"
    directory.mkdir()
    shutil.copy(SEED, directory / SEED.name)
    return directory


@pytest.fixture(scope="module")
def seed_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ (the seed) and the warehouse a first CLI run over it published, built once for the module."""
    scene = tmp_path_factory.mktemp("seed_published")
    (scene / "raw").mkdir()
    shutil.copy(SEED, scene / "raw" / SEED.name)
    assert main(["run", "--raw-dir", str(scene / "raw"), "--warehouse", str(scene / "w.duckdb")]) == 0
    return scene


def test_a_missing_raw_directory(tmp_path: Path) -> None:
    """Through the real interpreter once: the exit code a shell sees."""
    done = cli("run", "--raw-dir", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert line.startswith("error: raw directory") and "does not exist" in line and "--raw-dir DIR" in line
    assert not (tmp_path / "w.duckdb").exists()


def test_a_raw_directory_that_is_a_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "articles.txt").write_text("Not a folder.\n", encoding="utf-8")
    code, err = run(capsys, "run", "--raw-dir", str(tmp_path / "articles.txt"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert code == 2
    line = one_line(err)
    assert "is a file, not a directory" in line and "does not exist" not in line


def test_an_empty_raw_directory_warns_and_leaves_the_published_warehouse_untouched(seed_published: Path,
                                                                                   tmp_path: Path, capsys) -> None:
    copy_scene(seed_published, tmp_path)  # the seed, published by a first run
    raw, db = tmp_path / "raw", tmp_path / "w.duckdb"
    before = hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns
    (raw / SEED.name).unlink()
    code, err = run(capsys, "run", "--raw-dir", str(raw), "--warehouse", str(db))
    assert code == 0
    line = one_line(err)
    assert line.startswith("warning: raw directory") and "holds no files" in line and "left as it was" in line
    assert (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns) == before


def test_an_empty_raw_directory_and_no_warehouse_creates_none(tmp_path: Path, capsys) -> None:
    (tmp_path / "raw").mkdir()
    code, err = run(capsys, "run", "--raw-dir", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "w" / "w.duckdb"))
    assert code == 0 and "holds no files" in one_line(err)
    assert not (tmp_path / "w").exists()


def test_a_warehouse_under_a_file(raw: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    code, err = run(capsys, "run", "--raw-dir", str(raw), "--warehouse", str(tmp_path / "blocker" / "w.duckdb"))
    assert code == 3
    line = one_line(err)
    assert "is a file, not a folder" in line and "--warehouse FILE" in line


def test_a_warehouse_in_a_read_only_place(raw: Path, tmp_path: Path) -> None:
    """A real read-only file system (a tmpfs mounted read-only in a private mount namespace)."""
    place = tmp_path / "readonly"
    place.mkdir()
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to mount a read-only file system: not available here")
    script = (f"mount -t tmpfs -o ro,size=1m tmpfs {place} || exit 97; "
              f"exec {sys.executable} -m pipelines run --raw-dir {raw} --warehouse {place}/w.duckdb")
    environment = {k: v for k, v in os.environ.items() if k not in ("DAGSTER_HOME", "BILATERAL_LOG_LEVEL")}
    done = subprocess.run([unshare, "--mount", "--propagation", "private", "sh", "-c", script], cwd=PROJECT,
                          env=environment, capture_output=True, text=True, check=False, timeout=300)
    if done.returncode == 97 or "unshare failed" in done.stderr or "Operation not permitted" in done.stderr:
        pytest.skip(f"cannot mount a read-only file system here: {done.stderr.strip()[:200]}")
    assert done.returncode == 3, done.stderr
    line = one_line(done.stderr)
    assert "Read-only file system" in line and "choose a writable place with --warehouse FILE" in line


def test_bad_usage(tmp_path: Path, capsys) -> None:
    code, err = run(capsys, "frobnicate")
    assert code == 2 and "invalid choice" in err
    code, err = run(capsys, "export", "--format", "xml", str(tmp_path))
    assert code == 2 and "invalid choice" in err


def test_a_failed_run_says_why_in_one_line_and_exits_1(seed_published: Path, tmp_path: Path, capsys) -> None:
    copy_scene(seed_published, tmp_path)  # the seed, published by a first run
    raw, db = tmp_path / "raw", tmp_path / "w.duckdb"
    db.write_bytes(db.read_bytes()[:4096])  # damaged: the run must refuse it, and say so
    code, err = run(capsys, "run", "--raw-dir", str(raw), "--warehouse", str(db))
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in err
    assert "Dependencies for step" not in err
    assert "WarehouseDamaged" in errors[0] and "cannot be read" in errors[0] and "restore" in errors[0]
