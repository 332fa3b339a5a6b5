"""Time per article and peak memory as the corpus grows: is memory flat and time linear?

    .venv/bin/python bench/scaling.py [--sizes 250,500,1000,2000,4000] [--corpus DIR] [--by-path]

For each size, `python -m pipelines run` into a fresh warehouse over that many articles of distinct
content (`common.replicated`: the BBC articles as they are, then copies with their paragraphs shuffled
and a line of their own, in a temporary directory, never in the project). The articles are taken from
the corpus's topics in turn, so every size has the same mix (`--by-path`: sorted by path, as before,
when the first 500 were all business news and size and content changed together). Reported per size: wall and
CPU seconds (children included), seconds per article, the peak PSS of the whole process tree (the
parent and its workers, sampled every 0.1 s) and the largest single process's RSS, and the load average
before the run. Memory is flat when the peak at the largest size is within 10% of the peak at 500.

Results: printed, and written to bench/results/scaling.md and .json.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPUS,
    check,
    count_words,
    machine,
    machine_line,
    pipeline_command,
    publish,
    replicated,
    run_child,
)


def run_sizes(corpus: Path, sizes: list[int], mixed: bool = True) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        work = Path(tmp)
        pool = replicated(corpus, max(sizes), work / "pool", mixed=mixed)
        for size in sizes:
            raw = work / f"raw-{size}"
            for path in pool[:size]:  # hard links: the same files, a directory of their own
                target = raw / path.relative_to(work / "pool")
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, target)
            print(f"pipeline on {size} articles ...", file=sys.stderr, flush=True)
            child = check(run_child(pipeline_command(raw, work / f"w-{size}" / "bench.duckdb"), work, f"size-{size}"),
                          f"size {size}")
            rows.append({"articles": size, "words": count_words(pool[:size]), "wall_seconds": child.wall_seconds,
                         "cpu_seconds": child.cpu_seconds, "seconds_per_article": child.wall_seconds / size,
                         "peak_tree_pss_mb": child.peak_tree_pss_mb, "max_rss_mb": child.max_rss_mb,
                         "load_before": child.load_before, "summary": child.stdout.splitlines()})
    by_size = {r["articles"]: r for r in rows}
    base = by_size.get(500)
    largest = rows[-1]
    growth = largest["peak_tree_pss_mb"] / base["peak_tree_pss_mb"] - 1 if base else None
    return {"corpus": str(corpus.resolve()), "mixed_topics": mixed, "sizes": rows, "peak_growth_largest_vs_500": growth,
            "machine": machine()}


def format_report(report: dict[str, Any]) -> str:
    lines = ["# Scaling: time per article and peak memory by corpus size", "",
             f"Machine: {machine_line(report['machine'])}.", "",
             ("| articles | words | wall s | CPU s (children incl.) | s / article | peak tree PSS MB | max RSS MB | "
             "load (1 min) before |"),
             "|---|---|---|---|---|---|---|---|"]
    for r in report["sizes"]:
        lines.append(f"| {r['articles']:,} | {r['words']:,} | {r['wall_seconds']:.1f} | {r['cpu_seconds']:.1f} | "
                     f"{r['seconds_per_article']:.3f} | {r['peak_tree_pss_mb']:,.0f} | {r['max_rss_mb']:,.0f} | "
                     f"{r['load_before'][0]:.2f} |")
    growth = report["peak_growth_largest_vs_500"]
    if growth is not None:
        verdict = "within" if abs(growth) <= 0.10 else "NOT within"
        lines += ["", (f"Peak tree PSS at {report['sizes'][-1]['articles']:,} articles vs 500: {growth:+.1%} "
                      f"({verdict} the 10% bound).")]
    order = ("taken from the corpus's topics in turn (the same mix at every size)" if report.get("mixed_topics")
             else "taken sorted by path (the first 500 BBC articles are all business news)")
    lines += ["", f"Articles {order}."]
    lines += ["", ("Articles beyond the corpus are copies with shuffled paragraphs and a line of their own "
                  "(distinct documents). Wall seconds include interpreter start and every stage.")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="250,500,1000,2000,4000", help="comma-separated article counts")
    parser.add_argument("--name", default="scaling", help="results file name under bench/results/")
    parser.add_argument("--by-path", action="store_true", help="articles sorted by path, not the topics in turn")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    report = run_sizes(args.corpus, sizes, mixed=not args.by_path)
    return publish(args.name, report, format_report)


if __name__ == "__main__":
    sys.exit(main())
