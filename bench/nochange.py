"""A rerun with nothing changed: how long `python -m pipelines run` takes, interpreter start included.

    .venv/bin/python bench/nochange.py [--documents 2195] [--reruns 3] [--corpus DIR]

Loads `--documents` articles (the BBC corpus; more are made by `common.replicated`, in a temporary
directory) into a fresh warehouse, then runs the same command `--reruns` times with nothing changed and
times each from outside (wall seconds from exec to exit, CPU seconds), with the load average before.
Then one rerun after a single new article, to show the fast path is not taken when something changed.

Results: printed, and written to bench/results/nochange.md and .json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPUS,
    check,
    machine,
    machine_line,
    pipeline_command,
    publish,
    replicated,
    run_child,
)

NOTHING_CHANGED = "nothing changed since the last run"


def measure(corpus: Path, documents: int, reruns: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-nochange-") as tmp:
        work = Path(tmp)
        replicated(corpus, documents, work / "raw")
        command = pipeline_command(work / "raw", work / "w" / "bench.duckdb")
        print(f"loading {documents} articles ...", file=sys.stderr, flush=True)
        load = check(run_child(command, work, "load"), "first load")
        runs = []
        for k in range(reruns):
            child = check(run_child(command, work, f"rerun-{k}"), "rerun")
            if NOTHING_CHANGED not in child.stderr or child.stdout != load.stdout:
                sys.exit(f"error: rerun {k + 1} did not answer from the record:\n{child.stderr[-2000:]}")
            runs.append({"wall_seconds": child.wall_seconds, "cpu_seconds": child.cpu_seconds,
                         "load_before": child.load_before})
        (work / "raw" / "one-new-article.txt").write_text(
            "Talks\n\nFrance and Japan signed a trade agreement in Tokyo on Monday.\n", encoding="utf-8")
        one_new = check(run_child(command, work, "one-new"), "run with one new article")
        if NOTHING_CHANGED in one_new.stderr:
            sys.exit("error: a run after a new article took the no-change path")
    return {"documents": documents, "first_load_wall_seconds": load.wall_seconds,
            "first_load_cpu_seconds": load.cpu_seconds, "first_load_peak_tree_pss_mb": load.peak_tree_pss_mb,
            "first_load_load_before": load.load_before, "reruns": runs,
            "one_new_article_wall_seconds": one_new.wall_seconds, "machine": machine()}


def format_report(report: dict[str, Any]) -> str:
    walls = [r["wall_seconds"] for r in report["reruns"]]
    lines = ["# No-change rerun", "", f"Machine: {machine_line(report['machine'])}.", "",
             (f"First load of {report['documents']:,} articles: {report['first_load_wall_seconds']:.1f} s wall, "
             f"{report['first_load_cpu_seconds']:.1f} s CPU, peak tree PSS {report['first_load_peak_tree_pss_mb']:,.0f} MB "
             f"(load before {report['first_load_load_before'][0]:.2f})."), "",
             "| rerun | wall s (interpreter start included) | CPU s | load (1 min) before |", "|---|---|---|---|"]
    for k, r in enumerate(report["reruns"], start=1):
        lines.append(f"| {k} | {r['wall_seconds']:.2f} | {r['cpu_seconds']:.2f} | {r['load_before'][0]:.2f} |")
    lines += ["", (f"Slowest no-change rerun: {max(walls):.2f} s. A run after one new article (a real run, the "
                  f"fast path not taken): {report['one_new_article_wall_seconds']:.1f} s.")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--documents", type=int, default=2195)
    parser.add_argument("--reruns", type=int, default=3)
    parser.add_argument("--name", default="nochange", help="results file name under bench/results/")
    args = parser.parse_args(argv)
    report = measure(args.corpus, args.documents, args.reruns)
    return publish(args.name, report, format_report)


if __name__ == "__main__":
    sys.exit(main())
