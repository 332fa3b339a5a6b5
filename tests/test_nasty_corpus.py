"""The nasty-input corpus (tests/nasty/make_corpus.py) through the real CLI, as CI runs it.

Exit 0; every good article published; every bad file quarantined with its reason; no raw control
character reaches the terminal; nothing outside the raw directory is read; a rerun writes nothing;
the sensor copes with the directory; and a scoped run naming every file plus hostile run-config paths
refuses the hostile ones and changes nothing else.
"""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path

import duckdb
import pytest
from conftest import clean_env, run_cli, run_job, sensor_tick
from nasty import make_corpus

from pipelines import sensor_cursor
from pipelines.cli import main

REFUSED = {make_corpus.LOADED, make_corpus.IGNORED}
pytestmark = pytest.mark.slow  # the corpus goes through the CLI in a child process


@pytest.fixture(autouse=True)
def no_garbage_left_by_earlier_tests() -> None:
    """The corpus's 200,000-deep sidecar drives the JSON parser to the recursion limit (ingest refuses it).
    Garbage other test files left in this worker, finalised by the collector at that depth, makes pytest's
    unraisable-exception hook fail on the recursion limit and fail the test; collected here, at the
    surface, it cannot."""
    gc.collect()


@pytest.fixture(autouse=True, scope="module")
def no_garbage_before_the_module_runs() -> None:
    """The same, before the module's own fixtures run the pipeline on the corpus."""
    gc.collect()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("nasty")
    raw, outside, db = root / "raw", root / "outside", root / "w.duckdb"
    expected = make_corpus.build(raw, outside)
    # every log line, to check that none carries a raw control character
    done = run_cli(raw, db, env=clean_env(BILATERAL_LOG_LEVEL="INFO"), timeout=900)
    return raw, outside, db, expected, done


def outcomes(db: Path) -> tuple[set[str], dict[str, set[str]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        live = {r[0] for r in con.execute("SELECT source_name FROM document_source WHERE deleted_at IS NULL").fetchall()}
        refused: dict[str, set[str]] = {}
        for name, reason in con.execute("SELECT source_name, reason FROM quarantine").fetchall():
            refused.setdefault(name, set()).add(reason)
    return live, refused


def test_the_corpus_has_enough_kinds() -> None:
    kinds = make_corpus.kinds()
    assert len(kinds) >= 80
    assert sum(1 for e in kinds.values() if e not in REFUSED) >= 60


def test_exit_0_and_every_file_as_expected(corpus) -> None:
    _, _, db, expected, done = corpus
    assert done.returncode == 0, done.stderr[-3000:]
    live, refused = outcomes(db)
    wrong = {}
    for name, want in expected.items():
        got = ("loaded" if name in live else "") + ",".join(sorted(refused.get(name, ()))) or "ignored"
        if got != want:
            wrong[name] = (want, got)
    assert wrong == {}
    assert set(refused) == {n for n, e in expected.items() if e not in REFUSED}  # nothing else refused
    assert all(len(reasons) == 1 for reasons in refused.values())


def test_every_good_article_is_published_with_its_facts(corpus) -> None:
    _, _, db, expected, _ = corpus
    good = sorted(n for n in expected if n.startswith("good/"))
    assert len(good) == 30
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""
            SELECT s.source_name, d.deleted_at IS NULL,
                   (SELECT count(*) FROM fact_deal f WHERE f.document_id = d.document_id)
                 + (SELECT count(*) FROM fact_meeting f WHERE f.document_id = d.document_id)
                 + (SELECT count(*) FROM fact_gift f WHERE f.document_id = d.document_id)
                 + (SELECT count(*) FROM fact_sanction f WHERE f.document_id = d.document_id)
                 + (SELECT count(*) FROM fact_trade f WHERE f.document_id = d.document_id)
            FROM document_source s JOIN dim_document d USING (document_id)
            WHERE s.deleted_at IS NULL AND s.source_name LIKE 'good/%'""").fetchall()
    assert sorted(r[0] for r in rows) == good
    assert all(r[1] for r in rows)
    assert sum(r[2] > 0 for r in rows) >= 25  # the articles are about relations, and the facts landed


def test_no_raw_control_character_reaches_the_terminal(corpus) -> None:
    _, _, _, _, done = corpus
    output = done.stdout + done.stderr
    assert "quarantined bad/\\x1b[2J\\x1b[31mclear.pdf" in output  # the hostile name, escaped
    assert "quarantined bad/forged\\nERROR - line.pdf" in output
    assert not any(c in output for c in "\x1b\x07\x00\u202e")
    assert not any(line.startswith("ERROR - line.pdf") for line in output.splitlines())


def test_nothing_outside_the_raw_directory_is_read(corpus) -> None:
    _, _, db, _, _ = corpus
    with duckdb.connect(str(db), read_only=True) as con:
        leaked = con.execute("""SELECT count(*) FROM dim_document
                                WHERE body ILIKE '%secret%' OR title ILIKE '%secret%'""").fetchall()
    assert leaked == [(0,)]


def test_a_rerun_writes_nothing(corpus) -> None:
    raw, _, db, _, _ = corpus
    work = db.parent / ".work" / db.name

    def state(path: Path) -> tuple:
        info = path.stat()
        return info.st_ino, info.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()

    before = state(db), state(work)
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert (state(db), state(work)) == before


def test_the_sensor_copes_with_the_corpus(corpus) -> None:
    raw = corpus[0]
    # The sensor saw the folder empty, and the corpus arrived since: every file is new, a scoped run.
    (request,) = sensor_tick(raw, sensor_cursor.summarise({}).encode()).run_requests
    sources = request.run_config["ops"]["raw_articles"]["config"]["sources"]
    assert "bad/fifo.txt" in sources and "odd/new\nline.txt" in sources
    assert not any("\\x" in s for s in sources)  # names that are not UTF-8 are left to full scans


def test_scoped_run_refuses_hostile_paths_and_changes_nothing_else(corpus) -> None:
    raw, outside, db, expected, _ = corpus
    live_before, refused_before = outcomes(db)
    names = sorted(n for n, e in expected.items() if e != make_corpus.IGNORED and "\\x" not in n)
    (raw / "sub").mkdir()
    (raw / "sub" / "escape").symlink_to(outside)
    hostile = {
        "../outside/secret.txt": "source_outside_raw_dir",
        str(outside / "secret.txt"): "source_outside_raw_dir",  # an absolute path used to crash the run
        "good/../../outside/secret.txt": "source_outside_raw_dir",
        "sub/escape/secret.txt": "symlink_outside_raw_dir",  # through a directory link
    }
    assert run_job(raw, db, {"sources": names + sorted(hostile), "deleted": []}).success
    live, refused = outcomes(db)
    assert live == live_before
    assert {n: r for n, r in refused.items() if n not in hostile} == refused_before
    assert {n: refused.get(n) for n in hostile} == {n: {r} for n, r in hostile.items()}
    # A full scan afterwards drops the refusals of names that are not files of the raw directory.
    (raw / "sub" / "escape").unlink()
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert outcomes(db)[1] == refused_before
