"""Scale-out benchmark: the fan-out job with one worker process against two, on the same BBC articles, in one run.

    .venv/bin/python bench/scale_out.py [--corpus DIR] [--limit N] [--runs K] [--batch B] [--dask]

The articles (every `*.txt` under the corpus, sorted, the first N) are copied to a temporary raw directory,
never into the project. Each measurement is one child process `python -m pipelines.defs.scale run` with
the multiprocess executor, a fresh warehouse, a fresh lake and its own Dagster instance (SQLite in a temp
DAGSTER_HOME, read afterwards for each step's start and end). Both sides run the same job (two extraction
steps, batches of B documents); only the number of steps allowed at once differs: 1 or 2 workers. Sides
alternate (1, 2, 2, 1, 1, 2, ...), K runs each, and the load average is recorded before and after each.
`--dask` adds one run on a Dask LocalCluster of two workers, for the record (not in the ratio).

The serial part is measured apart: the last lake is replayed into a new warehouse (`rebuild`: read the
batches back, validate, write in one transaction, publish), timed by phase, per 10,000 rows written.

Results: printed, and written to bench/results/scale_out-<date>-<N>docs.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / ".." / "shared" / "corpora" / "bbc"
RESULTS = PROJECT_ROOT / "bench" / "results"
SHARDS = 2


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def copy_corpus(corpus: Path, limit: int, target: Path) -> tuple[int, int]:
    """The first `limit` articles into `target`; returns (files, whitespace words)."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.name != "README.txt")[:limit]
    words = 0
    for k, path in enumerate(files):
        data = path.read_bytes()
        (target / f"{k:05d}_{path.parent.name}_{path.name}").write_bytes(data)
        words += len(data.decode("utf-8", errors="replace").split())
    return len(files), words


def step_seconds(home: Path) -> tuple[dict[str, float], float]:
    """Each step's seconds in the one run recorded in the Dagster instance at `home`, and the extraction
    phase's wall seconds (first extraction step's start to the last one's end)."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        starts: dict[str, float] = {}
        seconds: dict[str, float] = {}
        ends: dict[str, float] = {}
        for entry in instance.all_logs(run.run_id):
            event = entry.dagster_event
            if event is None or entry.step_key is None:
                continue
            if event.event_type_value == "STEP_START":
                starts[entry.step_key] = entry.timestamp
            elif event.event_type_value == "STEP_SUCCESS":
                seconds[entry.step_key] = round(entry.timestamp - starts[entry.step_key], 2)
                ends[entry.step_key] = entry.timestamp
        shards = [k for k in seconds if k.startswith("extract_shard_")]
        return seconds, round(max(ends[k] for k in shards) - min(starts[k] for k in shards), 2)


def one_run(raw: Path, work: Path, executor: str, workers: int, batch: int) -> dict[str, Any]:
    """One child process running the fan-out job; seconds are its wall clock from start to exit."""
    shutil.rmtree(work, ignore_errors=True)
    home = work / "dagster_home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(home), "BILATERAL_PROGRESS": "off"}
    command = [sys.executable, "-m", "pipelines.defs.scale", "run", "--raw-dir", str(raw),
               "--warehouse", str(work / "w.duckdb"), "--executor", executor, "--workers", str(workers),
               "--shards", str(SHARDS), "--batch", str(batch)]
    before = load()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the run failed ({executor}, {workers} workers):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    steps, extract_wall = step_seconds(home)
    return {"executor": executor, "workers": workers, "seconds": round(seconds, 2), "load_before": before,
            "load_after": load(), "steps": steps, "extract_phase_seconds": extract_wall}


def serial_part(lake_dir: Path, work: Path) -> dict[str, Any]:
    """The warehouse step alone, by phase: the last run's lake replayed into a new warehouse."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from pipelines import lake, validate, warehouse
    from pipelines.defs.resources import Warehouse
    from pipelines.defs.scale import ops

    the_lake = lake.Lake(str(lake_dir))
    (record_name,) = lake.run_records(the_lake)
    record = lake.read_run(the_lake, record_name)
    target = Warehouse(path=str(work / "rebuilt.duckdb"))
    t0 = time.perf_counter()
    loaded = ops.read_record(the_lake, record)
    t1 = time.perf_counter()
    validated = validate.validate_run(loaded.pending, loaded.extraction)
    batch = warehouse.batch_from_run(lake.ingest_from_summary(record.ingest), loaded.pending, validated)
    t2 = time.perf_counter()
    with target.write_and_publish() as con:
        warehouse.apply_schema(con)
        warehouse.refresh_countries(con)
        written = warehouse.write_batch(con, batch)
        t3 = time.perf_counter()
    t4 = time.perf_counter()
    rows = sum(frame.height for frame in validated.valid.values()) + len(validated.quarantine)
    phases = {"read_lake": t1 - t0, "validate": t2 - t1, "write_transaction": t3 - t2, "checkpoint_and_publish": t4 - t3}
    total = sum(phases.values())
    return {"rows_loaded": rows, "changes": written.get("changes", 0),
            "seconds": {k: round(v, 2) for k, v in phases.items()}, "seconds_total": round(total, 2),
            "seconds_per_10000_rows": round(total / rows * 10_000, 2) if rows else None,
            "per_10000_rows_by_phase": {k: round(v / rows * 10_000, 2) for k, v in phases.items()} if rows else {}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--runs", type=int, default=2, help="runs per side (at least 2)")
    parser.add_argument("--batch", type=int, default=50, help="documents per batch")
    parser.add_argument("--dask", action="store_true", help="one more run on a Dask LocalCluster of two workers")
    args = parser.parse_args()
    runs = max(args.runs, 2)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        tmp = Path(folder)
        raw = tmp / "raw"
        raw.mkdir()
        documents, words = copy_corpus(args.corpus.resolve(), args.limit, raw)
        order = [w for k in range(runs) for w in ((1, 2) if k % 2 == 0 else (2, 1))]
        measured = []
        for k, workers in enumerate(order):
            result = one_run(raw, tmp / f"run{k}", "multiprocess", workers, args.batch)
            measured.append(result)
            print(f"run {k + 1}/{len(order)}: {workers} worker(s) {result['seconds']:.1f} s, load {result['load_before']}"
                  f" -> {result['load_after']}, steps {result['steps']}", flush=True)
        dask_run = one_run(raw, tmp / "dask", "dask", 2, args.batch) if args.dask else None
        serial = serial_part(tmp / f"run{len(order) - 1}" / "lake", tmp)
    by_side = {w: [r for r in measured if r["workers"] == w] for w in (1, 2)}
    median = {w: statistics.median(r["seconds"] for r in rs) for w, rs in by_side.items()}
    extract_wall = {w: statistics.median(r["extract_phase_seconds"] for r in rs) for w, rs in by_side.items()}
    summary = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": platform.platform(),
        "cores": os.cpu_count(), "documents": documents, "words": words, "batch": args.batch, "shards": SHARDS,
        "runs": measured, "dask_local_2_workers": dask_run, "serial_part": serial,
        "median_seconds": median, "speedup_2_over_1": round(median[1] / median[2], 3),
        "median_extract_phase_seconds": extract_wall,
        "extract_speedup_2_over_1": round(extract_wall[1] / extract_wall[2], 3),
        "documents_per_second_one_worker": round(documents / extract_wall[1], 2),
        "words_per_second_one_worker": round(words / extract_wall[1], 1),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"scale_out-{dt.date.today().isoformat()}-{documents}docs.json"
    out.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k not in ("runs", "dask_local_2_workers")}, indent=1))
    if dask_run:
        print(f"dask (LocalCluster, 2 workers): {dask_run['seconds']:.1f} s, steps {dask_run['steps']}")
    print(f"written to {out.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
