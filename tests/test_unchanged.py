"""The no-change fast path (`pipelines.unchanged`, `python -m pipelines run`): a run after which nothing
changed prints the last summary again without importing Dagster, spaCy or DuckDB; any change to the
files, the warehouse, the extractor version or the code, a failed run, and a run that left something to
retry each make the next run a real one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import BBC, PROJECT, SEED, clean_env, run_cli

from pipelines import unchanged
from pipelines.cli import main

VERSION = "9.9.9"
SUMMARY = "warehouse w from raw:\n  dim_document  3 rows"
HEAVY = ("dagster", "spacy", "duckdb", "polars", "pandera", "numpy", "thinc")


def files(raw: Path, n: int = 3) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        (raw / f"article-{k}.txt").write_text(f"Title {k}\n\nFrance and Japan signed a deal number {k}.\n",
                                              encoding="utf-8")


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, Path]:
    """A raw directory and a (stand-in) published warehouse, with the record a successful run leaves."""
    raw, published = tmp_path / "raw", tmp_path / "warehouse" / "w.duckdb"
    files(raw)
    (raw / "sub").mkdir()
    (raw / "sub" / "nested.md").write_text("Nested\n\nA nested article.\n", encoding="utf-8")
    unchanged.working_dir(published).mkdir(parents=True)
    published.write_bytes(b"a warehouse")
    started = unchanged.start_state(raw, published, 1000, VERSION)
    assert unchanged.remember(raw, published, started, SUMMARY, ["empty_file"])
    assert unchanged.check(raw, published, 1000, VERSION) == SUMMARY
    return raw, published


def _same_size_edit(path: Path) -> None:
    """Rewrite a file with other bytes of the same size and put its modification time back."""
    before = path.stat()
    data = path.read_bytes()
    path.write_bytes(data[::-1])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


CHANGES = {
    "new file": lambda raw, db: (raw / "new.txt").write_text("New\n\nA new article.\n", encoding="utf-8"),
    "changed file": lambda raw, db: (raw / "article-1.txt").write_text("Changed\n\nOther text.\n", encoding="utf-8"),
    "same size, same mtime": lambda raw, db: _same_size_edit(raw / "article-1.txt"),
    "renamed file": lambda raw, db: (raw / "article-1.txt").rename(raw / "renamed.txt"),
    "moved file": lambda raw, db: (raw / "article-1.txt").rename(raw / "sub" / "article-1.txt"),
    "deleted file": lambda raw, db: (raw / "article-2.txt").unlink(),
    "changed nested file": lambda raw, db: (raw / "sub" / "nested.md").write_text("Other\n", encoding="utf-8"),
    "touched warehouse": lambda raw, db: os.utime(db),
    "replaced warehouse": lambda raw, db: db.write_bytes(b"another warehouse"),
    "deleted warehouse": lambda raw, db: db.unlink(),
    "working copy appeared": lambda raw, db: (unchanged.working_dir(db) / db.name).write_bytes(b"copy"),
    "new nested folder": lambda raw, db: (raw / "sub" / "deeper").mkdir(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_makes_a_real_run(recorded: tuple[Path, Path], change: str) -> None:
    raw, published = recorded
    CHANGES[change](raw, published)
    assert unchanged.check(raw, published, 1000, VERSION) is None


def test_a_dot_file_and_a_read_change_nothing(recorded: tuple[Path, Path]) -> None:
    raw, published = recorded
    (raw / ".DS_Store").write_bytes(b"editor litter")  # ingest never reads dot-files either
    (raw / "article-0.txt").read_bytes()
    assert unchanged.check(raw, published, 1000, VERSION) == SUMMARY


@pytest.mark.parametrize("what", ["extractor version", "size limit", "raw directory", "code"])
def test_a_new_version_limit_directory_or_code_makes_a_real_run(recorded: tuple[Path, Path], what: str,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    raw, published = recorded
    version, limit = VERSION, 1000
    if what == "extractor version":
        version = "10.0.0"
    elif what == "size limit":
        limit = 2000
    elif what == "raw directory":
        other = tmp_path / "other"
        shutil.copytree(raw, other)
        raw = other
    else:
        code = tmp_path / "code"
        shutil.copytree(unchanged.PACKAGE, code, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(unchanged, "PACKAGE", code)
        record = json.loads(unchanged.record_path(published).read_text(encoding="utf-8"))
        record["started_from"]["code"] = unchanged.start_state(raw, published, limit, version)["code"]  # type: ignore[index]
        unchanged.record_path(published).write_text(json.dumps(record), encoding="utf-8")
        assert unchanged.check(raw, published, limit, version) == SUMMARY  # the copy as it was: no change
        (code / "nlp.py").write_text((code / "nlp.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert unchanged.check(raw, published, limit, version) is None


@pytest.mark.parametrize("reason", sorted(unchanged.RETRIED_REASONS))
def test_a_run_that_left_something_to_retry_leaves_no_record(tmp_path: Path, reason: str) -> None:
    raw, published = tmp_path / "raw", tmp_path / "w.duckdb"
    files(raw)
    unchanged.working_dir(published).mkdir(parents=True)
    published.write_bytes(b"a warehouse")
    started = unchanged.start_state(raw, published, 1000, VERSION)
    assert not unchanged.remember(raw, published, started, SUMMARY, ["empty_file", reason])
    assert unchanged.check(raw, published, 1000, VERSION) is None


def test_files_changed_while_the_run_read_them_leave_no_record(tmp_path: Path) -> None:
    raw, published = tmp_path / "raw", tmp_path / "w.duckdb"
    files(raw)
    unchanged.working_dir(published).mkdir(parents=True)
    published.write_bytes(b"a warehouse")
    started = unchanged.start_state(raw, published, 1000, VERSION)
    (raw / "late.txt").write_text("Late\n\nArrived during the run.\n", encoding="utf-8")
    assert not unchanged.remember(raw, published, started, SUMMARY, [])
    assert not unchanged.record_path(published).exists()


def test_a_damaged_record_makes_a_real_run(recorded: tuple[Path, Path]) -> None:
    raw, published = recorded
    unchanged.record_path(published).write_text("{not json", encoding="utf-8")
    assert unchanged.check(raw, published, 1000, VERSION) is None
    unchanged.record_path(published).write_text("[]", encoding="utf-8")
    assert unchanged.check(raw, published, 1000, VERSION) is None


# --- the command itself, in child processes --------------------------------------------------------

# Runs `python -m pipelines run` in this process as __main__ does, then says which heavy modules it imported.
MAIN_THEN_MODULES = textwrap.dedent("""
    import json, sys
    from pipelines.cli import main
    code = main(sys.argv[1:])
    heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY_NAMES)))
    print("HEAVY " + json.dumps(heavy))
    sys.exit(code)
""")


def run_and_list_modules(raw: Path, db: Path, *flags: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    script = MAIN_THEN_MODULES.replace("HEAVY_NAMES", repr(json.dumps(HEAVY)))
    done = subprocess.run([sys.executable, "-c", script, "run", "--raw-dir", str(raw), "--warehouse", str(db), *flags],
                          cwd=PROJECT, env=clean_env(BILATERAL_PROGRESS="off"), capture_output=True, text=True,
                          check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    *summary, last = done.stdout.rstrip("\n").splitlines()
    assert last.startswith("HEAVY ")
    done.stdout = "\n".join(summary) + "\n"
    return done, json.loads(last.removeprefix("HEAVY "))


@pytest.mark.slow  # child processes running the pipeline
def test_a_second_run_prints_the_summary_without_importing_anything_heavy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    raw, db = tmp_path / "raw", tmp_path / "warehouse" / "bilateral.duckdb"
    raw.mkdir()
    shutil.copyfile(SEED, raw / SEED.name)
    for k, path in enumerate(sorted(BBC.rglob("*.txt"))[:3]):
        shutil.copyfile(path, raw / f"bbc-{k}.txt")
    # The first run only has to publish and leave its record: the command in this process, in the children's
    # environment. Whether a run imported the heavy modules is asked of the children below.
    monkeypatch.setenv("BILATERAL_PROGRESS", "off")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    capsys.readouterr()
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    first_stdout = capsys.readouterr().out
    second, heavy = run_and_list_modules(raw, db)
    assert second.stdout == first_stdout
    assert heavy == []
    assert "nothing changed since the last run" in second.stderr
    published_bytes = db.read_bytes()

    # A new file: a real run, which loads one document more and leaves a new record.
    (raw / "new.txt").write_text("Talks\n\nFrance and Japan signed a trade agreement on Monday.\n", encoding="utf-8")
    third, heavy = run_and_list_modules(raw, db)
    assert "dagster" in heavy and "spacy" in heavy and "nothing changed" not in third.stderr
    assert third.stdout != first_stdout
    fourth, heavy = run_and_list_modules(raw, db)
    assert fourth.stdout == third.stdout and heavy == []
    assert db.read_bytes() != published_bytes

    # --force runs every stage even so (and, nothing having changed, writes nothing).
    forced, heavy = run_and_list_modules(raw, db, "--force")
    assert "dagster" in heavy and forced.stdout == third.stdout

    # `python -m pipelines run` itself, the way analysts call it, answers from the record too.
    plain = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipelines", "run", "--raw-dir", str(raw),
                            "--warehouse", str(db)], cwd=PROJECT, env=clean_env(BILATERAL_PROGRESS="off"),
                           capture_output=True, text=True, check=False, timeout=600)
    assert plain.returncode == 0 and plain.stdout == third.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in plain.stderr.splitlines()
                if line.startswith("import time:")}
    assert not imported & set(HEAVY), sorted(imported & set(HEAVY))


@pytest.mark.slow  # child processes running the pipeline
def test_a_failed_run_leaves_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw, db = tmp_path / "raw", tmp_path / "warehouse" / "bilateral.duckdb"
    raw.mkdir()
    shutil.copyfile(SEED, raw / SEED.name)
    # The first, successful run only has to leave a record: the command in this process, as in a child.
    monkeypatch.setenv("BILATERAL_PROGRESS", "off")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert unchanged.record_path(db).exists()
    # Killed after extraction, with the files and the warehouse as the last run left them: the record goes
    # when the run starts, so the next run is a real one and does the work again.
    killed = run_cli(raw, db, kill_at="extract", env=clean_env(BILATERAL_PROGRESS="off"))
    assert killed.returncode != 0
    assert not unchanged.record_path(db).exists()
    again, heavy = run_and_list_modules(raw, db)
    assert "dagster" in heavy and "nothing changed" not in again.stderr
    assert unchanged.record_path(db).exists()
