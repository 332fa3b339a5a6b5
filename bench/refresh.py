"""How long does a one-new-article refresh take against a full warehouse, compared with an empty one?

    .venv/bin/python bench/refresh.py [--corpus ../shared/corpora/bbc] [--limit N] [--json]

In one run, on the same machine:
1. loads the corpus into a warehouse (not timed against anything; reported for scale);
2. adds one new article and refreshes it the two ways the product does: a full scan (the CLI and the
   daily schedule) and a scoped run for just that file (what the sensor requests);
3. does the same two refreshes for the same article against an empty warehouse.

Compare the ratios; absolute seconds on a shared two-core machine are noise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = PROJECT / "raw" / "000_6e90dc04cbb7a4a9.txt"

SCOPED_RUN = """
import sys
import dagster as dg
from pipelines.definitions import build_definitions
from pipelines.defs.resources import build_resources
from pipelines.settings import Settings
raw, db, name = sys.argv[1:4]
job = build_definitions(build_resources(Settings.from_env(raw, db))).resolve_job_def("refresh_warehouse")
with dg.instance_for_test() as instance:
    ok = job.execute_in_process(instance=instance, run_config={
        "ops": {"raw_articles": {"config": {"sources": [name], "deleted": []}}}}).success
sys.exit(0 if ok else 1)
"""


def timed(cmd: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd[:4])} failed:\n{done.stderr[-3000:]}")
    return elapsed


def full_scan(raw: Path, db: Path) -> float:
    return timed([sys.executable, "-m", "pipelines", "run", "--raw-dir", str(raw), "--warehouse", str(db)])


def scoped(raw: Path, db: Path, name: str) -> float:
    return timed([sys.executable, "-c", SCOPED_RUN, str(raw), str(db), name])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT.parent / "shared" / "corpora" / "bbc")
    parser.add_argument("--limit", type=int, default=None, help="first N corpus files only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = sorted(args.corpus.rglob("*.txt"))[: args.limit]
        full_raw = work / "full" / "raw"
        for path in files:
            target = full_raw / path.relative_to(args.corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        full_db = work / "full" / "w.duckdb"
        load_seconds = full_scan(full_raw, full_db)
        warehouse_mb = full_db.stat().st_size / 1e6

        empty_raw = work / "empty" / "raw"
        empty_raw.mkdir(parents=True)
        results = {"corpus_files": len(files), "initial_load_seconds": round(load_seconds, 2),
                   "warehouse_mb": round(warehouse_mb, 1)}
        for label, raw, db in (("full", full_raw, full_db), ("empty", empty_raw, work / "empty" / "w.duckdb")):
            shutil.copyfile(NEW_ARTICLE, raw / "new-1.txt")
            results[f"{label}_full_scan_seconds"] = round(full_scan(raw, db), 2)
            # A second, different new article for the scoped run, so it has real work to do.
            (raw / "new-2.txt").write_text(NEW_ARTICLE.read_text(encoding="utf-8") + "\nUpdated.\n",
                                           encoding="utf-8")
            results[f"{label}_scoped_seconds"] = round(scoped(raw, db, "new-2.txt"), 2)
        results["full_scan_ratio"] = round(results["full_full_scan_seconds"] / results["empty_full_scan_seconds"], 2)
        results["scoped_ratio"] = round(results["full_scoped_seconds"] / results["empty_scoped_seconds"], 2)

    if args.json:
        print(json.dumps(results))
        return
    print(f"initial load of {results['corpus_files']} articles: {results['initial_load_seconds']} s "
          f"({results['warehouse_mb']} MB warehouse)")
    print(f"{'one new article':<28}{'full warehouse':>16}{'empty warehouse':>17}{'ratio':>8}")
    for kind in ("full_scan", "scoped"):
        print(f"{kind.replace('_', ' ') + ' refresh':<28}{results[f'full_{kind}_seconds']:>15.2f}s"
              f"{results[f'empty_{kind}_seconds']:>16.2f}s{results[f'{kind}_ratio']:>8.2f}")


if __name__ == "__main__":
    main()
