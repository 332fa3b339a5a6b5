"""Regression tests for issue 9: no input stops a refresh or loses a row; recovery tells the truth.

One test (or more) per defect the issue names: per-document isolation at ingest, NLP and extract;
hostile input (YAML alias bombs, sidecars and run-config paths outside the raw directory); honest
recovery (working copy verified, damaged published file reported, restored backups kept, full disks
reported as such, failed publishes cleaned up, no-op runs writing nothing); and decoding.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import shutil
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import PROJECT, SEED, copy_scene, definitions_for, hang_watchdog, run_job
from nasty.make_corpus import _alias_bomb, good_article

from pipelines import extract, ingest, nlp, warehouse
from pipelines.cli import main
from pipelines.definitions import PIPELINE_ASSET_KEYS
from pipelines.display import printable
from pipelines.ingest import ingest_directory

LIMIT = 5 * 1024 * 1024
MEETING = "Talks\n\nFrench President Emmanuel Macron met Indian Prime Minister Narendra Modi in Paris.\n"
SANCTION = "Sanctions\n\nThe European Union imposed sanctions on Belarus after the election.\n"


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Turns a hang into a failure (a FIFO used to block the run forever)."""
    with hang_watchdog(120):
        yield


def reasons(raw: Path, **kwargs) -> dict[str, str]:
    result = ingest_directory(raw, LIMIT, **kwargs)
    return {q.source_name: q.reason for q in result.quarantined} | {n: "loaded" for n in result.sources}


def run(raw: Path, db: Path) -> int:
    return main(["run", "--raw-dir", str(raw), "--warehouse", str(db)])


def two_articles(directory: Path) -> Path:
    directory.mkdir()
    (directory / "a.txt").write_text(MEETING, encoding="utf-8")
    (directory / "b.txt").write_text(SANCTION, encoding="utf-8")
    return directory


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return two_articles(tmp_path / "raw")


@pytest.fixture(scope="module")
def first_run_scene(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ (a.txt, b.txt) and what a first `pipelines run` over it published, built once per module."""
    scene = tmp_path_factory.mktemp("first_run")
    assert run(two_articles(scene / "raw"), scene / "w.duckdb") == 0
    return scene


@pytest.fixture
def published(first_run_scene: Path, raw: Path) -> Path:
    """The warehouse a first run over `raw` published, beside it (`tmp_path / "w.duckdb"`, its working copy in
    `tmp_path / ".work"`): a copy of the module's (conftest.copy_scene), the same files a run here would leave."""
    copy_scene(first_run_scene, raw.parent)
    return raw.parent / "w.duckdb"


def live_names(db: Path) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {r[0] for r in con.execute("SELECT source_name FROM document_source WHERE deleted_at IS NULL").fetchall()}


def quarantine(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute("SELECT source_name, stage, reason FROM quarantine").fetchall())


# --- one poisoned file no longer stops every refresh ---------------------------------------------------

def test_impossible_front_matter_date_is_one_row_and_the_rest_loads(raw: Path) -> None:
    (raw / "c.md").write_text("---\ndate: 2020-02-30\n---\nBody.\n", encoding="utf-8")
    assert reasons(raw) == {"a.txt": "loaded", "b.txt": "loaded", "c.md": "malformed_metadata"}


def test_symlink_loop_and_odd_sidecars_are_rows(raw: Path) -> None:
    (raw / "loop.txt").symlink_to("loop.txt")
    (raw / "d.txt").write_text("Body d.\n", encoding="utf-8")
    (raw / "d.meta.json").mkdir()
    (raw / "e.txt").write_text("Body e.\n", encoding="utf-8")
    (raw / "e.meta.json").write_bytes(b"[" * 200_000 + b"]" * 200_000)
    (raw / "f.txt").write_text("Body f.\n", encoding="utf-8")
    (raw / "f.meta.json").write_bytes(b'{"title": ' + b"[" * 30_000 + b"]" * 30_000 + b"}")
    assert reasons(raw) == {"a.txt": "loaded", "b.txt": "loaded", "loop.txt": "symlink_loop",
                            "d.txt": "malformed_sidecar", "e.txt": "malformed_sidecar", "f.txt": "malformed_sidecar"}


def test_a_fifo_is_refused_without_being_opened(raw: Path, watchdog) -> None:
    os.mkfifo(raw / "x.txt")
    (raw / "y.txt").write_text("Body y.\n", encoding="utf-8")
    os.mkfifo(raw / "y.meta.json")
    assert reasons(raw) == {"a.txt": "loaded", "b.txt": "loaded", "x.txt": "not_regular_file",
                            "y.txt": "malformed_sidecar"}


def test_any_unexpected_error_reading_one_file_is_that_files_row(raw: Path, monkeypatch) -> None:
    real = ingest.decode

    def decode(data: bytes, rel: str):
        if rel == "a.txt":
            raise MemoryError("\x1b[2Jsimulated")
        return real(data, rel)

    monkeypatch.setattr(ingest, "decode", decode)
    result = ingest_directory(raw, LIMIT)
    assert [d.source_name for d in result.documents] == ["b.txt"]
    (row,) = result.quarantined
    assert (row.source_name, row.reason, row.detail) == ("a.txt", "unexpected_error", "MemoryError: \\x1b[2Jsimulated")
    assert result.unread_sources == ["a.txt"]  # what the file held before stays published


def test_a_2_mb_paragraph_is_split_below_spacys_limit() -> None:
    text = "Long\n\n" + " ".join(["lorem", "ipsum", "dolor"] * 120_000) + "\n\nFrance met Germany in Paris.\n"
    spans = nlp.split_sentences(text)  # raised spaCy's E088 before
    assert max(end - start for start, end in spans) <= nlp.MAX_SPLIT_CHARS
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    outcome = nlp.parse_documents_isolated([("doc_long", text)])
    assert outcome.failures == []
    (parsed,) = outcome.parsed
    assert [text[s.start:s.end] for s in parsed.sentences if s.parsed] == ["France met Germany in Paris."]


def test_nlp_failure_of_one_document_is_one_row(raw: Path, tmp_path: Path, monkeypatch) -> None:
    (raw / "poison.txt").write_text("Poison\n\nPOISON: Russia and China held talks in Moscow.\n", encoding="utf-8")
    real = nlp.split_sentences

    def split(text: str, *model):
        if "POISON" in text:
            raise RecursionError("simulated parser failure")
        return real(text, *model)

    monkeypatch.setattr(nlp, "split_sentences", split)
    db = tmp_path / "w.duckdb"
    assert run(raw, db) == 0
    assert live_names(db) == {"a.txt", "b.txt"}
    assert quarantine(db) == [("poison.txt", "nlp", "parse_failed")]


@pytest.mark.slow  # several whole refreshes
def test_extract_failure_of_one_document_is_one_row_and_it_is_retried(raw: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    import pipelines.extract.document as extract_document

    (raw / "poison.txt").write_text("Poison\n\nPOISON: Russia and China held talks in Moscow.\n", encoding="utf-8")
    real = extract_document.extract_parsed

    def extract(document_id, body, *args, **kwargs):
        if "POISON" in body:
            raise KeyError("simulated extractor bug")
        return real(document_id, body, *args, **kwargs)

    monkeypatch.setattr(extract_document, "extract_parsed", extract)
    db = tmp_path / "w.duckdb"
    assert run(raw, db) == 0
    assert live_names(db) == {"a.txt", "b.txt"}  # not published, not even in part
    assert quarantine(db) == [("poison.txt", "extract", "extraction_failed")]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM fact_meeting").fetchall() == [(1,)]
    monkeypatch.setattr(extract_document, "extract_parsed", real)  # the bug is fixed: the next run takes it
    assert run(raw, db) == 0
    assert live_names(db) == {"a.txt", "b.txt", "poison.txt"}
    assert quarantine(db) == []


@pytest.mark.slow  # several whole refreshes
def test_a_failed_re_extraction_keeps_the_published_version(raw: Path, published: Path, monkeypatch) -> None:
    import pipelines.extract.document as extract_document

    db = published
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("SELECT * FROM fact_meeting").fetchall()

    def broken(*args, **kwargs):
        raise ValueError("new rules, new bug")

    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "9.9.9")  # every document is due for re-extraction
    monkeypatch.setattr(extract_document, "extract_parsed", broken)
    assert run(raw, db) == 0
    assert live_names(db) == {"a.txt", "b.txt"}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT * FROM fact_meeting").fetchall() == before
    assert quarantine(db) == [("a.txt", "extract", "extraction_failed"), ("b.txt", "extract", "extraction_failed")]


# --- hostile input -------------------------------------------------------------------------------------

def test_yaml_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    (tmp_path / "bomb.md").write_text(_alias_bomb(), encoding="utf-8")
    assert len(_alias_bomb()) < 1000
    tracemalloc.start()
    try:
        result = ingest_directory(tmp_path, LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(q.reason, "aliases" in q.detail) for q in result.quarantined] == [("malformed_front_matter", True)]
    assert peak < 20 * 1024 * 1024  # it became 2.1 GB before


def test_metadata_values_are_bounded_in_type_and_length(tmp_path: Path) -> None:
    cases = {
        "list.md": ("title: [a, b]", "malformed_metadata"),
        "long.md": ("title: " + "t" * 1001, "metadata_too_long"),
        "escape.md": ('title: "a \\e[2J b"', "malformed_metadata"),
        "date.md": ("date: {y: 2020}", "malformed_metadata"),
        "ok.md": ("title: " + "t" * 1000 + "\npublisher: 1984\nurl: https://example.org/x", "loaded"),
    }
    for name, (fields, _) in cases.items():
        (tmp_path / name).write_text(f"---\n{fields}\n---\nBody of {name}.\n", encoding="utf-8")
    assert reasons(tmp_path) == {name: reason for name, (_, reason) in cases.items()}
    (doc,) = ingest_directory(tmp_path, LIMIT).documents
    assert (len(doc.title), doc.publisher) == (1000, "1984")


def test_a_sidecar_linking_outside_the_raw_directory_is_not_read(tmp_path: Path) -> None:
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    (outside / "x.meta.json").write_text('{"title": "SECRET"}', encoding="utf-8")
    (raw / "x.txt").write_text("Body.\n", encoding="utf-8")
    (raw / "x.meta.json").symlink_to(outside / "x.meta.json")
    result = ingest_directory(raw, LIMIT)
    assert result.documents == []
    assert [(q.source_name, q.reason) for q in result.quarantined] == [("x.txt", "sidecar_outside_raw_dir")]
    assert "SECRET" not in repr(result)


@pytest.mark.slow  # several whole refreshes
def test_run_config_paths_must_stay_inside_the_raw_directory(raw: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("Secret outside.\n", encoding="utf-8")
    (raw / "linked").symlink_to(outside)
    sources = ["../outside/x.txt", str(outside / "x.txt"), "linked/x.txt", "a.txt", "./b.txt", ".hidden.txt", ""]
    assert reasons(raw, only=sources) == {
        "../outside/x.txt": "source_outside_raw_dir", str(outside / "x.txt"): "source_outside_raw_dir",
        "linked/x.txt": "symlink_outside_raw_dir", "": "invalid_file_name", "a.txt": "loaded", "b.txt": "loaded"}
    db = tmp_path / "w.duckdb"  # through the job: the absolute path used to crash the run
    assert run_job(raw, db, {"sources": [str(outside / "x.txt"), "a.txt"]}).success
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document WHERE body LIKE '%Secret%'").fetchall() == [(0,)]
    assert live_names(db) == {"a.txt"}


def test_a_deleted_name_that_still_exists_is_read_not_retracted(raw: Path) -> None:
    result = ingest_directory(raw, LIMIT, only=["b.txt"], deleted=["a.txt", "gone.txt", "../x.txt"])
    assert sorted(result.sources) == ["a.txt", "b.txt"]
    assert result.deleted == ["gone.txt"]


def test_log_lines_escape_terminal_control_characters() -> None:
    assert printable("x\x1b[31m\ny\t\u202ez\x9b") == "x\\x1b[31m\\ny\\t\\u202ez\\x9b"
    assert printable("a" * 5000, 100) == "a" * 99 + "…"


# --- honest recovery ------------------------------------------------------------------------------------

def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_captured(raw: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The command in this process (what it reads of the last run is all on disk), its exit code and what it
    printed on both streams."""
    capsys.readouterr()
    code = run(raw, db)
    printed = capsys.readouterr()
    return code, printed.out + printed.err


@pytest.mark.slow  # several whole refreshes
def test_a_truncated_published_file_is_reported_never_replaced(raw: Path, published: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = published
    good = db.read_bytes()
    db.write_bytes(good[: len(good) // 2])
    damaged = sha(db)
    for _ in range(2):  # it was silently replaced by the working copy before
        code, printed = run_captured(raw, db, capsys)
        assert code == 1
        assert "cannot be read" in printed and "copy it over" in printed, printed[-3000:]
        assert sha(db) == damaged
    db.write_bytes(good)  # restored: the next run works
    assert run(raw, db) == 0


@pytest.mark.slow  # several whole refreshes
def test_without_a_working_copy_a_restored_file_ends_the_failures(raw: Path, published: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = published
    good = db.read_bytes()
    shutil.rmtree(tmp_path / ".work")
    db.write_bytes(good[:4096])
    assert run_captured(raw, db, capsys)[0] == 1
    assert run_captured(raw, db, capsys)[0] == 1
    db.write_bytes(good)  # it used to keep failing here: the bad working copy stayed
    assert run(raw, db) == 0
    assert live_names(db) == {"a.txt", "b.txt"}


@pytest.mark.slow  # several whole refreshes
def test_a_restored_backup_is_kept_not_undone(raw: Path, published: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = published
    backup = tmp_path / "backup.duckdb"
    shutil.copy(db, backup)
    with duckdb.connect(str(backup)) as con:  # something only the backup has
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'restored-from-backup')")
    (raw / "c.txt").write_text(MEETING.replace("Paris", "Lyon"), encoding="utf-8")
    assert run(raw, db) == 0
    shutil.copy(backup, db)
    code, printed = run_captured(raw, db, capsys)
    assert code == 0, printed[-2000:]
    assert "changed since this pipeline last published it" in printed
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT name FROM schema_migrations WHERE version = 999").fetchall() == [
            ("restored-from-backup",)]
    assert live_names(db) == {"a.txt", "b.txt", "c.txt"}


@pytest.mark.slow  # several whole refreshes
def test_a_working_copy_that_differs_is_rebuilt_from_the_published_file(raw: Path, published: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = published
    with duckdb.connect(str(tmp_path / ".work" / "w.duckdb")) as con:
        con.execute("INSERT INTO dim_actor VALUES ('act_tampered', 'Tampered', 'state', 'FRA', NULL)")
    (raw / "c.txt").write_text(MEETING.replace("Paris", "Lyon"), encoding="utf-8")
    code, printed = run_captured(raw, db, capsys)
    assert code == 0
    assert "differs from the published warehouse" in printed
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_actor WHERE actor_id = 'act_tampered'").fetchall() == [(0,)]


@pytest.mark.slow  # several whole refreshes
def test_a_missing_published_file_is_published_again_from_the_verified_working_copy(raw: Path,
                                                                                     published: Path) -> None:
    db = published
    good = sha(db)
    db.unlink()
    assert run(raw, db) == 0
    assert sha(db) == good


@pytest.mark.slow  # several whole refreshes
def test_a_no_op_run_writes_nothing(raw: Path, published: Path, tmp_path: Path) -> None:
    db = published
    work = tmp_path / ".work" / "w.duckdb"

    def state(path: Path) -> tuple:
        info = path.stat()
        return info.st_ino, info.st_mtime_ns, sha(path)

    before = state(db), state(work)
    assert run(raw, db) == 0
    assert (state(db), state(work)) == before


@pytest.mark.slow  # several whole refreshes
def test_a_failed_publish_removes_its_partial_file_and_reports_the_real_error(raw: Path, published: Path, tmp_path: Path,
                                                                             monkeypatch) -> None:
    db = published
    before = sha(db)
    real = warehouse._copy_file

    def full_disk(source: Path, target: Path) -> str:
        if target.name.endswith(".publishing"):
            target.write_bytes(source.read_bytes()[:1000])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(warehouse, "_copy_file", full_disk)
    (raw / "c.txt").write_text(MEETING.replace("Paris", "Lyon"), encoding="utf-8")
    with pytest.raises(OSError, match="No space left on device"):
        warehouse_tables_run(raw, db)
    assert sha(db) == before
    assert not warehouse.staging_path(db).exists()
    monkeypatch.setattr(warehouse, "_copy_file", real)
    assert run(raw, db) == 0
    assert live_names(db) == {"a.txt", "b.txt", "c.txt"}


def warehouse_tables_run(raw: Path, db: Path) -> None:
    job = definitions_for(raw, db).resolve_job_def("refresh_warehouse")
    with dg.instance_for_test() as instance:
        job.execute_in_process(instance=instance, raise_on_error=True, asset_selection=PIPELINE_ASSET_KEYS)


class FailingCommit:
    """A connection whose COMMIT fails the way DuckDB's does on a full disk: the transaction is gone."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def begin(self) -> None:
        self.con.begin()

    def commit(self) -> None:
        self.con.rollback()
        raise duckdb.IOException('IO Error: Could not write file "w.duckdb": No space left on device')

    def rollback(self) -> None:
        self.con.rollback()


def test_a_failed_rollback_never_hides_the_error(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        with (pytest.raises(duckdb.IOException, match="No space left on device") as raised,
              warehouse.transaction(FailingCommit(con))):
            con.execute("CREATE TABLE t (x INTEGER)")
        assert "no transaction is active" in " ".join(raised.value.__notes__)


FULL_DISK = """
import os, resource, signal, sys
import duckdb, polars as pl
from pipelines import warehouse
from pipelines.schema import empty_frame
path = sys.argv[1]
# No progress bar: DuckDB prints one on stdout, before the headline, for a query over 2 s (a loaded machine).
con = duckdb.connect(path)
con.execute("SET enable_progress_bar = false")
warehouse.apply_schema(con)
con.checkpoint()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG, as on a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(path) + 64 * 1024, resource.RLIM_INFINITY))
rows = [{"source_name": f"f{i}.txt", "stage": "ingest", "reason": "empty_file", "detail": "x" * 200}
        for i in range(100_000)]
batch = warehouse.Batch(documents=empty_frame("dim_document"), facts={}, actors=empty_frame("dim_actor"),
                        quarantine=rows, seen_sources=[r["source_name"] for r in rows])
try:
    warehouse.write_batch(con, batch)
except Exception as exc:
    print(type(exc).__name__, exc)
"""


@pytest.mark.slow  # a child process
def test_on_a_full_disk_the_headline_is_the_write_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(tmp_path / "w.duckdb")], cwd=PROJECT,
                          capture_output=True, text=True, check=False, timeout=300)
    headline = done.stdout.strip().splitlines()[0]
    assert "File too large" in headline or "No space left" in headline, done.stdout + done.stderr
    assert "cannot rollback" not in headline


def test_apply_schema_commits_nothing_on_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.connect(path) as con:
        assert warehouse.apply_schema(con) is True
        con.checkpoint()
    before = sha(path)
    with warehouse.connect(path) as con:
        assert warehouse.apply_schema(con) is False
        con.checkpoint()
    assert sha(path) == before


# --- decoding -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("bom", "encoding", "recorded"), [
    (b"\xff\xfe", "utf-16-le", "utf-16-le"), (b"\xfe\xff", "utf-16-be", "utf-16-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be")])
def test_bom_detected_utf16_and_utf32_load(tmp_path: Path, bom: bytes, encoding: str, recorded: str) -> None:
    text = good_article(3)
    (tmp_path / "x.txt").write_bytes(bom + text.encode(encoding))
    result = ingest_directory(tmp_path, LIMIT)
    (doc,) = result.documents
    assert (result.body(doc), doc.source_encoding) == (text, recorded)


def test_a_nul_anywhere_is_binary(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"Talks were held. " * 1000 + b"\x00" + b" more\n")
    assert reasons(tmp_path) == {"x.txt": "binary_file"}


def test_english_with_hundreds_of_bad_bytes_is_not_loaded_as_mojibake(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    data = bytearray((good_article(5) * 8).encode())
    for position in rng.sample(range(len(data)), 300):
        data[position] = rng.randrange(0xC0, 0x100)  # the Cyrillic letters of Windows-1251
    (tmp_path / "x.txt").write_bytes(bytes(data))
    assert reasons(tmp_path)["x.txt"] in ("uncertain_encoding", "undecodable")


def test_a_confident_legacy_encoding_loads_and_is_recorded(tmp_path: Path) -> None:
    russian = ("Президент России встретился с премьер-министром Индии в Москве. Стороны обсудили "
               "торговлю и энергетику и подписали соглашение о сотрудничестве.\n") * 3
    (tmp_path / "ru.txt").write_bytes(russian.encode("cp1251"))
    (tmp_path / "uk.txt").write_bytes("Britain gave £10m to Kenya; “it is right”, she said.\n".encode("cp1252"))
    result = ingest_directory(tmp_path, LIMIT)
    docs = {d.source_name: d for d in result.documents}
    assert (docs["ru.txt"].source_encoding, result.body(docs["ru.txt"])) == ("cp1251", russian)
    assert docs["uk.txt"].source_encoding == "cp1252" and "£10m" in result.body(docs["uk.txt"])


@pytest.mark.parametrize(("value", "reason"), [
    ("0001-01-01", "implausible_date"), ("2999-12-31", "implausible_date"), ("1899-12-31", "implausible_date"),
    ("2024-07-02", "implausible_date"), ("yesterday", "malformed_metadata"), ("1900-01-01", "loaded"),
    ("2024-07-01", "loaded"), ("5 March 2023", "loaded"), ("20230305", "loaded")])
def test_dates_outside_a_plausible_range_are_refused(tmp_path: Path, value: str, reason: str) -> None:
    (tmp_path / "x.md").write_text(f"---\ndate: {value}\n---\nBody.\n", encoding="utf-8")
    # The run date is 2024-06-30; one day of slack covers time zones.
    assert reasons(tmp_path, today=dt.date(2024, 6, 30)) == {"x.md": reason}


def test_the_seed_still_loads_unchanged(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / SEED.name)
    (doc,) = ingest_directory(tmp_path, LIMIT).documents
    assert doc.document_id == "doc_6cbf5541379e45bc"  # ids of existing documents do not move


def test_the_readme_lists_every_reason_code() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for reason in sorted(ingest.REASONS | {"parse_failed", "extraction_failed", "schema_check_failed",
                                           "refers_to_refused_actor"}):
        assert f"`{reason}`" in readme, reason


def _refusal_at_depth(levels: int) -> str:
    if levels:
        return _refusal_at_depth(levels - 1)
    with pytest.raises(ingest.IngestError) as raised:
        ingest.split_metadata("---\ntitle: " + "[" * 5000 + "\n---\nBody.\n", "x.md")
    return raised.value.detail


def test_refusal_details_are_the_same_on_every_run() -> None:
    """A detail is part of the quarantine row's id: one that varied would rewrite the row every refresh
    (a RecursionError's wording depends on how deep the stack was when it struck)."""
    from pipelines.display import describe_exception

    assert _refusal_at_depth(0) == _refusal_at_depth(150)
    assert describe_exception(ValueError("bad <object at 0x7f3a2b1c9d50>")) == "ValueError: bad <object at 0x…>"
