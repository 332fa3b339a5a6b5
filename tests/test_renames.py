"""A document is its content; its file names are a separate fact (`document_source`).

Renames, moves, swaps, copies and deletions of one copy lose nothing, and the next run never fails on a
duplicate key, whether the change is seen by a full scan (CLI, schedule) or by the sensor's scoped run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from conftest import copy_scene, run_job, sensor_tick

from pipelines.cli import main
from pipelines.schema import FACT_TABLES

MEETING = "Talks\n\nFrench President Emmanuel Macron met Indian Prime Minister Narendra Modi in Paris.\n"
SANCTION = "Sanctions\n\nThe European Union imposed sanctions on Belarus after the election.\n"
EDITED = "Sanctions\n\nThe European Union imposed new sanctions on Belarus after the election in August.\n"


class Refresher:
    """Runs refreshes the way production does: a full scan (CLI), or the sensor's scoped run."""

    def __init__(self, raw: Path, db: Path, mode: str):
        self.raw, self.db, self.mode = raw, db, mode
        self.cursor: str | None = None

    def tick(self) -> dict | None:
        result = sensor_tick(self.raw, self.cursor)
        if not result.run_requests:
            return None
        self.cursor = result.cursor
        return result.run_requests[0].run_config["ops"]["raw_articles"]["config"]

    def refresh(self) -> None:
        if self.mode == "full":
            assert main(["run", "--raw-dir", str(self.raw), "--warehouse", str(self.db)]) == 0
            self.tick()
            return
        scope = self.tick()
        if scope is None:
            return
        assert run_job(self.raw, self.db, scope).success


def facts(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in FACT_TABLES}


def documents(db: Path) -> dict[str, tuple[str, bool]]:
    """document_id -> (source_name, live)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {d: (s, live) for d, s, live in con.execute(
            "SELECT document_id, source_name, deleted_at IS NULL FROM dim_document").fetchall()}


def names(db: Path) -> dict[str, str]:
    """Live source_name -> document_id."""
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT source_name, document_id FROM document_source WHERE deleted_at IS NULL"
                                ).fetchall())


def gone_names(db: Path) -> set[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(con.execute("SELECT source_name, document_id FROM document_source WHERE deleted_at IS NOT NULL"
                               ).fetchall())


@pytest.fixture(scope="module", params=["full", "scoped"])
def first_refresh(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """a.txt and b.txt after a first refresh in each mode, built once per module: every test below starts
    from "some warehouse after a first refresh" and changes only its own copy of it."""
    scene = tmp_path_factory.mktemp(f"first_refresh_{request.param}")
    raw = scene / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(MEETING, encoding="utf-8")
    (raw / "b.txt").write_text(SANCTION, encoding="utf-8")
    Refresher(raw, scene / "w.duckdb", request.param).refresh()
    return scene, request.param


@pytest.fixture
def refresher(first_refresh: tuple[Path, str], tmp_path: Path) -> Refresher:
    scene, mode = first_refresh
    copy_scene(scene, tmp_path)
    r = Refresher(tmp_path / "raw", tmp_path / "w.duckdb", mode)
    r.tick()  # the sensor has seen these files (a cursor is stat-based, so it is taken on the copy)
    return r


def _check_nothing_lost(r: Refresher, change: Callable[[Path], None], expected_names: dict[str, str]) -> None:
    before_facts, before_names = facts(r.db), names(r.db)
    ids = {name: doc for name, doc in before_names.items()}
    change(r.raw)
    r.refresh()
    assert facts(r.db) == before_facts  # not a row lost, not a row re-extracted differently
    want = {new: ids[old] for new, old in expected_names.items()}
    assert names(r.db) == want
    docs = documents(r.db)
    assert all(live for _, live in docs.values())
    for document_id in set(want.values()):  # each document is known by one of its live names
        assert docs[document_id][0] in {n for n, d in want.items() if d == document_id}
    if r.mode == "scoped":  # and a full scan after the sensor's run neither fails nor changes anything
        assert main(["run", "--raw-dir", str(r.raw), "--warehouse", str(r.db)]) == 0
    r.refresh()
    assert facts(r.db) == before_facts and names(r.db) == want


@pytest.mark.slow  # several whole refreshes
def test_rename_keeps_the_document_and_its_rows(refresher: Refresher) -> None:
    _check_nothing_lost(refresher, lambda raw: (raw / "a.txt").rename(raw / "001_renamed.txt"),
                        {"001_renamed.txt": "a.txt", "b.txt": "b.txt"})
    assert ("a.txt", names_before_id(refresher, "001_renamed.txt")) in gone_names(refresher.db)


def names_before_id(r: Refresher, name: str) -> str:
    return names(r.db)[name]


@pytest.mark.slow  # several whole refreshes
def test_move_into_a_subfolder_keeps_the_document(refresher: Refresher) -> None:
    def move(raw: Path) -> None:
        (raw / "2024" / "june").mkdir(parents=True)
        (raw / "a.txt").rename(raw / "2024" / "june" / "a.txt")

    _check_nothing_lost(refresher, move, {"2024/june/a.txt": "a.txt", "b.txt": "b.txt"})
    assert documents(refresher.db)[names(refresher.db)["2024/june/a.txt"]][0] == "2024/june/a.txt"


@pytest.mark.slow  # several whole refreshes
def test_swap_of_two_names_keeps_both_documents(refresher: Refresher) -> None:
    def swap(raw: Path) -> None:
        (raw / "a.txt").rename(raw / "tmp.txt")
        (raw / "b.txt").rename(raw / "a.txt")
        (raw / "tmp.txt").rename(raw / "b.txt")

    _check_nothing_lost(refresher, swap, {"a.txt": "b.txt", "b.txt": "a.txt"})


@pytest.mark.slow  # several whole refreshes
def test_copies_are_one_document_and_deleting_one_copy_retracts_nothing(refresher: Refresher) -> None:
    r = refresher
    shutil.copy(r.raw / "a.txt", r.raw / "a_copy.txt")
    r.refresh()
    with duckdb.connect(str(r.db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM quarantine").fetchall() == [(0,)]  # a copy is no failure
    assert len(documents(r.db)) == 2
    _check_nothing_lost(r, lambda raw: (raw / "a.txt").unlink(), {"a_copy.txt": "a_copy.txt", "b.txt": "b.txt"})
    (r.raw / "a_copy.txt").unlink()  # the last copy goes: now the document is retracted, and kept as a tombstone
    r.refresh()
    docs = documents(r.db)
    assert sorted(live for _, live in docs.values()) == [False, True]
    with duckdb.connect(str(r.db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM fact_meeting").fetchall() == [(0,)]


@pytest.mark.slow  # several whole refreshes
def test_rename_plus_edit_replaces_the_old_version_and_later_runs_work(refresher: Refresher) -> None:
    r = refresher
    old_id = names(r.db)["b.txt"]
    (r.raw / "b.txt").unlink()
    (r.raw / "b_v2.txt").write_text(EDITED, encoding="utf-8")
    r.refresh()
    docs = documents(r.db)
    new_id = names(r.db)["b_v2.txt"]
    assert new_id != old_id
    assert docs[old_id] == ("b.txt", False)  # the old version is a tombstone, its facts retracted
    assert docs[new_id] == ("b_v2.txt", True)
    with duckdb.connect(str(r.db), read_only=True) as con:
        per_doc = dict(con.execute("SELECT document_id, count(*) FROM fact_sanction GROUP BY ALL").fetchall())
    assert old_id not in per_doc and per_doc[new_id] >= 1
    (r.raw / "b_v2.txt").rename(r.raw / "b.txt")  # and back under the old name: still no duplicate key
    r.refresh()
    assert names(r.db)["b.txt"] == new_id
    assert main(["run", "--raw-dir", str(r.raw), "--warehouse", str(r.db)]) == 0


@pytest.mark.slow  # several whole refreshes
def test_a_deleted_document_returning_under_a_new_name_comes_back(refresher: Refresher) -> None:
    r = refresher
    before = facts(r.db)
    kept = r.raw.parent / "a.keep"
    (r.raw / "a.txt").rename(kept)
    r.refresh()
    assert facts(r.db) != before
    kept.rename(r.raw / "a_returns.txt")  # this used to fail every run after on 'Duplicate key "document_id"'
    r.refresh()
    assert facts(r.db) == before
    assert main(["run", "--raw-dir", str(r.raw), "--warehouse", str(r.db)]) == 0


@pytest.mark.slow  # several whole refreshes
def test_an_old_warehouse_stuck_on_a_duplicate_key_heals(tmp_path: Path) -> None:
    """The state the old code left after a rename: the document a tombstone under its old name."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(MEETING, encoding="utf-8")
    db = tmp_path / "w.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    before = facts(db)
    work = tmp_path / ".work" / "w.duckdb"
    with duckdb.connect(str(work)) as con:
        con.execute("DELETE FROM document_source")
        con.execute("UPDATE dim_document SET deleted_at = now()")
        con.execute("DELETE FROM fact_meeting")
    shutil.copy(work, db)
    (tmp_path / ".work" / "w.duckdb.published.json").unlink()
    (raw / "a.txt").rename(raw / "001_renamed.txt")
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert facts(db) == before
    assert names(db) == {"001_renamed.txt": next(iter(documents(db)))}


def test_the_sensor_sees_a_swap_of_two_files_alike_in_size_and_time(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(SANCTION, encoding="utf-8")
    (raw / "b.txt").write_text(SANCTION.replace("Belarus", "Ukraine"), encoding="utf-8")  # same size
    for name in ("a.txt", "b.txt"):
        os.utime(raw / name, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    r = Refresher(raw, tmp_path / "w.duckdb", "scoped")
    assert r.tick() is not None
    (raw / "a.txt").rename(raw / "tmp")
    (raw / "b.txt").rename(raw / "a.txt")
    (raw / "tmp").rename(raw / "b.txt")
    assert r.tick() == {"sources": ["a.txt", "b.txt"], "deleted": []}
