"""What analysts' corrections cost a refresh: the corrections step of a write (put every corrected row back as
the extractor gave it, find each correction's row again, apply, compare), timed on one warehouse with no
correction and with K, alternating, in one run.

    .venv/bin/python bench/corrections.py                       # 60 BBC articles, 40 corrections
    .venv/bin/python bench/corrections.py --limit 200 --corrections 100 --repeat 3 --json

The articles (`../shared/corpora/bbc`, read there, copied to a temporary directory) are run through the
pipeline once; K corrections are then drafted on its rows with the command's own functions (every third
a reject, the others a set of status or side), and the step is timed inside a transaction that is rolled
back, so each timing starts from the same warehouse. Reported: seconds per step with 0 and with K
corrections (each repeated, alternating), their ratio, the seconds of the whole run for scale, and the
load average (the machine is shared: compare ratios, not seconds).
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
sys.path.insert(0, str(PROJECT))

from pipelines import correcting, corrections, schema, warehouse


def build(raw: Path, db: Path) -> float:
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"} | {"BILATERAL_PROGRESS": "off"}
    subprocess.run([sys.executable, "-m", "pipelines", "run", "--raw-dir", str(raw), "--warehouse", str(db),
                    "--corrections-dir", str(raw.parent / "no-corrections")], cwd=PROJECT, env=env, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def draft(db: Path, count: int) -> list[corrections.Correction]:
    drafted: list[corrections.Correction] = []
    with warehouse.connect(db, read_only=True) as con:
        ids = [(t, r[0]) for t in ("fact_deal", "fact_gift", "fact_sanction", "fact_meeting")
               for r in con.execute(f"SELECT {t}_id FROM {t} ORDER BY 1").fetchall()]
        for index, (table, fact_id) in enumerate(ids[:count]):
            status = next(iter(schema.FACTS[table].statuses))
            change = {} if index % 3 == 0 else {"status": status}
            try:
                drafted.append(correcting.draft_on_fact(con, fact_id, "reject" if not change else "set", change,
                                                        "bench", "benchmark"))
            except corrections.CorrectionError:
                continue
    return drafted


def step_seconds(db: Path, loaded: corrections.CorrectionSet) -> float:
    con = warehouse.connect(db)
    try:
        con.begin()
        started = time.perf_counter()
        correcting.apply_corrections(con, loaded, ())
        took = time.perf_counter() - started
        con.rollback()
    finally:
        con.close()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(PROJECT.parent / "shared" / "corpora" / "bbc"))
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--corrections", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        raw = root / "raw"
        raw.mkdir()
        for path in sorted(Path(args.corpus).rglob("*.txt"))[: args.limit]:
            shutil.copy(path, raw / path.name)
        db = root / "w.duckdb"
        run_seconds = build(raw, db)
        drafted = draft(db, args.corrections)
        directory = root / "corrections"
        corrections.append(directory / "bench.yaml", drafted)
        loaded, empty = corrections.load_directory(directory), corrections.load_directory(root / "none")
        timings: dict[str, list[float]] = {"none": [], "with": []}
        for _ in range(args.repeat):  # alternating, so load on the shared box falls on both sides
            timings["none"].append(step_seconds(db, empty))
            timings["with"].append(step_seconds(db, loaded))
        best = {k: min(v) for k, v in timings.items()}
        result = {"articles": args.limit, "corrections": len(drafted), "run_seconds": round(run_seconds, 2),
                  "step_seconds_none": [round(t, 4) for t in timings["none"]],
                  "step_seconds_with": [round(t, 4) for t in timings["with"]],
                  "ratio_with_to_none": round(best["with"] / best["none"], 2) if best["none"] else None,
                  "step_share_of_run": round(best["with"] / run_seconds, 4),
                  "load_average": [round(x, 2) for x in os.getloadavg()]}
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:<22} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
