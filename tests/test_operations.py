"""Refreshes as operations sees them: sensor and schedule, deletions, readers during a refresh,
crashes at the worst moments, concurrent writers, and one event per real-world event."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import (
    PROJECT,
    SEED,
    clean_env,
    copy_scene,
    definitions_for,
    run_cli,
    run_job,
    sensor_tick,
    warehouse_content,
)

from pipelines.cli import main
from pipelines.events import Mention, assign_events

MEETING = "Talks\n\nFrench President Emmanuel Macron met Indian Prime Minister Narendra Modi in Paris.\n"
SANCTION = "Sanctions\n\nThe European Union imposed sanctions on Belarus after the election.\n"
content = warehouse_content


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    directory = tmp_path / "raw"
    directory.mkdir()
    shutil.copy(SEED, directory / SEED.name)
    return directory


# --- sensor and schedule --------------------------------------------------------------------------

_tick = sensor_tick


def _scope(result: dg.SensorResult) -> dict:
    (request,) = result.run_requests
    return request.run_config["ops"]["raw_articles"]["config"]


def test_sensor_requests_new_and_changed_files_and_a_full_scan_when_one_went(raw: Path) -> None:
    first = _tick(raw, None)
    assert _scope(first) == {"deleted": []}  # a first tick knows nothing: a full scan (no sources named)
    assert _tick(raw, first.cursor).skip_reason is not None  # nothing new: no run

    (raw / "b.txt").write_text(MEETING, encoding="utf-8")
    second = _tick(raw, first.cursor)
    assert _scope(second) == {"sources": ["b.txt"], "deleted": []}

    time.sleep(0.01)
    (raw / "b.txt").write_text(MEETING + "More text.\n", encoding="utf-8")
    third = _tick(raw, second.cursor)
    assert _scope(third) == {"sources": ["b.txt"], "deleted": []}
    assert third.run_requests[0].run_key != second.run_requests[0].run_key

    (raw / SEED.name).unlink()  # a file went: only a full scan can say which
    fourth = _tick(raw, third.cursor)
    assert _scope(fourth) == {"deleted": []}
    assert _tick(raw, fourth.cursor).skip_reason is not None


def test_sensor_and_schedule_are_on_by_default() -> None:
    defs = definitions_for(Path("raw"), Path("warehouse/x.duckdb"))
    sensor = defs.resolve_sensor_def("raw_files_sensor")
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.cron_schedule == "0 6 * * *"
    with dg.instance_for_test() as instance:
        (request,) = schedule.evaluate_tick(dg.build_schedule_context(instance=instance)).run_requests
    assert request.run_config == {}  # no scope: a full scan of the raw directory
    assert schedule.job_name == "refresh_warehouse"


@pytest.fixture(scope="module")
def seed_and_meeting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ (the seed and b.txt, a meeting) and the warehouse a first CLI run over it published, built once."""
    scene = tmp_path_factory.mktemp("seed_and_meeting")
    (scene / "raw").mkdir()
    shutil.copy(SEED, scene / "raw" / SEED.name)
    (scene / "raw" / "b.txt").write_text(MEETING, encoding="utf-8")
    assert main(["run", "--raw-dir", str(scene / "raw"), "--warehouse", str(scene / "w.duckdb")]) == 0
    return scene


@pytest.mark.slow  # several whole refreshes
def test_scoped_run_adds_one_file_and_retracts_a_deleted_one(seed_and_meeting: Path, tmp_path: Path) -> None:
    copy_scene(seed_and_meeting, tmp_path)  # the first run over the seed and b.txt
    raw, db = tmp_path / "raw", tmp_path / "w.duckdb"
    (raw / "c.txt").write_text(SANCTION, encoding="utf-8")
    (raw / "b.txt").unlink()
    assert run_job(raw, db, {"sources": ["c.txt", "b.txt"], "deleted": []}).success
    with duckdb.connect(str(db), read_only=True) as con:
        docs = dict(con.execute("SELECT source_name, deleted_at IS NOT NULL FROM dim_document").fetchall())
        assert docs == {SEED.name: False, "b.txt": True, "c.txt": False}
        orphans = con.execute("""SELECT count(*) FROM fact_meeting JOIN dim_document USING (document_id)
                                 WHERE deleted_at IS NOT NULL""").fetchall()[0][0]
        sanctions = con.execute("SELECT imposer_code, target_code FROM fact_sanction f JOIN dim_document d "
                                "USING (document_id) WHERE d.source_name = 'c.txt'").fetchall()
    assert orphans == 0
    assert sanctions == [("EU", "BLR")]


@pytest.mark.slow  # several whole refreshes
def test_full_scan_retracts_deleted_files_and_a_returning_file_comes_back(seed_and_meeting: Path,
                                                                          tmp_path: Path) -> None:
    copy_scene(seed_and_meeting, tmp_path)  # the first run over the seed and b.txt
    raw, db = tmp_path / "raw", tmp_path / "w.duckdb"
    before = content(db)
    kept = raw.parent / "b.txt.bak"
    (raw / "b.txt").rename(kept)
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document WHERE deleted_at IS NOT NULL").fetchall() == [(1,)]
        assert con.execute("SELECT count(*) FROM fact_meeting").fetchall() == [(len(before["fact_meeting"]) - 1,)]
    kept.rename(raw / "b.txt")
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert content(db) == before


# --- readers, writers and crashes -----------------------------------------------------------------

@pytest.mark.slow  # several whole refreshes
def test_a_reader_never_blocks_a_refresh_and_keeps_its_view(raw: Path, tmp_path: Path, crash_scene) -> None:
    copy_scene(crash_scene[0], tmp_path)  # what the first CLI run over the seed alone (`raw`) published
    db = tmp_path / "w.duckdb"
    reader = duckdb.connect(str(db), read_only=True)
    try:
        before = reader.execute("SELECT count(*) FROM dim_document").fetchall()
        (raw / "b.txt").write_text(MEETING, encoding="utf-8")
        assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
        assert reader.execute("SELECT count(*) FROM dim_document").fetchall() == before
    finally:
        reader.close()
    with duckdb.connect(str(db), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM dim_document").fetchall() == [(before[0][0] + 1,)]


@pytest.mark.slow
def test_two_writers_at_once_both_succeed(raw: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    (raw / "b.txt").write_text(MEETING, encoding="utf-8")
    cmd = [sys.executable, "-m", "pipelines", "run", "--raw-dir", str(raw), "--warehouse", str(db)]
    runs = [subprocess.Popen(cmd, cwd=PROJECT, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-1500:] for _, err in outputs]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dim_document").fetchall() == [(2,)]


@pytest.fixture(scope="module")
def crash_scene(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple]]]:
    """A warehouse published by the CLI from the seed alone (its directory: the published file and the
    working copy), and what a clean CLI run over the seed plus two more articles gives. Both are runs of the
    command in this process: only the run that is killed needs a process of its own."""
    root = tmp_path_factory.mktemp("crash")
    raw, clean_raw = root / "raw", root / "clean_raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    shutil.copytree(raw, clean_raw)
    (clean_raw / "b.txt").write_text(MEETING, encoding="utf-8")
    (clean_raw / "c.txt").write_text(SANCTION, encoding="utf-8")
    assert main(["run", "--raw-dir", str(clean_raw), "--warehouse", str(root / "clean" / "w.duckdb")]) == 0
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(root / "published" / "w.duckdb")]) == 0
    return root / "published", content(root / "clean" / "w.duckdb")


@pytest.mark.slow
@pytest.mark.parametrize("point", ["extract", "warehouse_write", "publish"])
def test_sigkill_leaves_the_published_warehouse_and_the_rerun_completes(point: str, raw: Path, tmp_path: Path,
                                                                        crash_scene) -> None:
    published_dir, expected = crash_scene
    shutil.copytree(published_dir, tmp_path / "warehouse")  # the published file and the working copy
    db = tmp_path / "warehouse" / "w.duckdb"
    published = content(db)
    (raw / "b.txt").write_text(MEETING, encoding="utf-8")
    (raw / "c.txt").write_text(SANCTION, encoding="utf-8")
    killed = run_cli(raw, db, kill_at=point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert content(db) == published  # the analysts' file is untouched
    # The rerun reads only what the killed process left on disk, so it may run in this process.
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert content(db) == expected


# --- one event, many articles ---------------------------------------------------------------------

@pytest.mark.slow  # several whole refreshes
def test_the_same_meeting_in_two_articles_is_one_event(raw: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    (raw / "b.txt").write_text(MEETING, encoding="utf-8")
    (raw / "c.txt").write_text("Paris\n\nIndia's prime minister held talks with the French president in Paris, officials said.\n", encoding="utf-8")
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        events = con.execute("""SELECT num_mentions, num_articles FROM event
                                WHERE event_kind = 'meeting' AND 'FRA' IN (actor_code, counterpart_code)""").fetchall()
        unlinked = con.execute("""SELECT count(*) FROM fact_meeting
                                  WHERE fact_meeting_id NOT IN (SELECT fact_id FROM event_mention)""").fetchall()
    assert events == [(2, 2)]
    assert unlinked == [(0,)]


def test_sameness_rule_separates_months_directions_and_statuses() -> None:
    import datetime as dt

    def m(fact_id, kind="meeting", a="FRA", b="IND", subtype="", status="held", date=None):
        return Mention(kind, fact_id, "doc", a, b, subtype, status, date, 0.9)

    events = assign_events([
        m("1", date=dt.date(2024, 6, 3)), m("2", a="IND", b="FRA", date=dt.date(2024, 6, 20)), m("3"),
        m("4", date=dt.date(2024, 9, 1)), m("5", status="planned"),
        m("6", kind="sanction", a="EU", b="BLR", subtype="sanctions", status="imposed"),
        m("7", kind="sanction", a="BLR", b="EU", subtype="sanctions", status="imposed"),
    ])
    assert events["1"] == events["2"]  # same month, either order
    assert events["4"] != events["1"]  # another month
    assert events["3"] not in (events["1"], events["4"])  # undated, and two dated candidates: its own event
    assert events["5"] != events["1"]  # planned is not held
    assert events["6"] != events["7"]  # sanctions have a direction
    only_one = assign_events([m("a", date=dt.date(2024, 6, 3)), m("b")])
    assert only_one["a"] == only_one["b"]  # an undated report joins the only dated event
    assert json.dumps(events, sort_keys=True) == json.dumps(assign_events([
        m("7", kind="sanction", a="BLR", b="EU", subtype="sanctions", status="imposed"),
        m("1", date=dt.date(2024, 6, 3)), m("2", a="IND", b="FRA", date=dt.date(2024, 6, 20)), m("3"),
        m("4", date=dt.date(2024, 9, 1)), m("5", status="planned"),
        m("6", kind="sanction", a="EU", b="BLR", subtype="sanctions", status="imposed"),
    ]), sort_keys=True)
