"""The sensor's cursor stays a few hundred bytes however many files there are, and still tells new, changed
and vanished files apart: 100,000 file names, as listings (no need to write them all to disk), and a real
folder for the clock-tick cases."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pipelines.sensor_cursor import Cursor, Entry, listing, plan

N = 100_000
T0 = 1_700_000_000_000_000_000


def corpus() -> dict[str, Entry]:
    return {f"bbc/{i // 1000:03d}/{i:06d}.txt": Entry(f"{1000 + i % 977}:{T0 + i}:{10_000 + i}", T0 + i)
            for i in range(N)}


def test_a_hundred_thousand_files_keep_the_cursor_small_and_the_plan_exact() -> None:
    files = corpus()
    started = time.perf_counter()
    first = plan(files, None)
    elapsed = time.perf_counter() - started
    assert first.full_scan  # the first tick knows nothing
    encoded = first.cursor.encode()
    assert len(encoded) < 400, len(encoded)
    assert elapsed < 5.0, elapsed
    cursor = Cursor.decode(encoded)

    assert plan(files, cursor).skip  # nothing changed: no run

    # 3 new files: a run for those 3 only; the cursor is as small as before.
    grown = dict(files)
    for i in range(3):
        grown[f"new/{i}.txt"] = Entry(f"50:{T0 + N + i}:{900 + i}", T0 + N + 10 + i)
    added = plan(grown, cursor)
    assert added.sources == ["new/0.txt", "new/1.txt", "new/2.txt"]
    assert len(added.cursor.encode()) == len(encoded)

    # One file edited (new size, time and ctime): a run for it alone.
    edited = dict(files)
    name = "bbc/042/042000.txt"
    edited[name] = Entry(f"7:{T0 + N + 5}:{10_000 + 42_000}", T0 + N + 5)
    assert plan(edited, cursor).sources == [name]

    # One file deleted, or renamed away: only a full scan can say which, so a full scan.
    deleted = dict(files)
    del deleted["bbc/050/050000.txt"]
    assert plan(deleted, cursor).full_scan
    renamed = dict(deleted)
    renamed["bbc/050/renamed.txt"] = Entry(files["bbc/050/050000.txt"].stamp, T0 + N + 7)
    assert plan(renamed, cursor).full_scan

    # New and edited files together cannot be told apart by digests alone: a full scan, never a miss.
    both = dict(grown)
    both[name] = edited[name]
    assert plan(both, cursor).full_scan

    # A change in the same clock tick as the newest one seen is not missed.
    newest = max(files, key=lambda n: files[n].ctime_ns)
    same_tick = dict(files)
    same_tick[newest] = Entry("1:2:3", files[newest].ctime_ns)
    assert plan(same_tick, cursor).sources == [newest]


def test_an_older_cursor_or_garbage_means_a_full_scan() -> None:
    files = corpus()
    old_style = '{"a.txt": "10:1:2", "b.txt": "11:1:3"}'  # the per-file cursor of before
    assert plan(files, Cursor.decode(old_style)).full_scan
    assert plan(files, Cursor.decode("not json")).full_scan
    assert Cursor.decode(None) is None


def test_real_files_new_edited_renamed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(20):
        (raw / f"{i:02d}.txt").write_text(f"article {i}\n", encoding="utf-8")
    cursor = plan(listing(raw), None).cursor
    assert plan(listing(raw), cursor).skip
    time.sleep(0.02)
    (raw / "20.txt").write_text("article 20\n", encoding="utf-8")
    step = plan(listing(raw), cursor)
    assert step.sources == ["20.txt"]
    time.sleep(0.02)
    os.chmod(raw / "04.txt", 0o600)  # a change of mode alone is no change of content: no run for it
    step = plan(listing(raw), step.cursor)
    assert step.skip  # (and the sensor keeps the new cursor, as it does on every tick)
    time.sleep(0.02)
    (raw / "03.txt").write_text("article 3, corrected\n", encoding="utf-8")
    step = plan(listing(raw), step.cursor)
    assert step.sources == ["03.txt"]
    time.sleep(0.02)
    (raw / "05.txt").rename(raw / "05-renamed.txt")
    assert plan(listing(raw), step.cursor).full_scan
