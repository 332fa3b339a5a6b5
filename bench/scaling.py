"""Time per article and peak memory as the corpus grows: is memory flat and time linear?

    .venv/bin/python bench/scaling.py [--sizes 250,500,1000,2000,4000] [--corpus DIR] [--by-path]
                                      [--compare-with DIR] [--rounds N] [--env NAME=VALUE ...]

For each size, `python -m pipelines run` into a fresh warehouse over that many articles of distinct
content (`common.replicated`: the BBC articles as they are, then copies with their paragraphs shuffled
and a line of their own, in a temporary directory, never in the project). The articles are taken from
the corpus's topics in turn, so every size has the same mix (`--by-path`: sorted by path, as before,
when the first 500 were all business news and size and content changed together). Reported per size: wall and
CPU seconds (children included), seconds per article, the peak PSS of the whole process tree (the
parent and its workers, sampled every 0.1 s) and, at that peak, each process's share by its depth in the
tree (the parent; its children: the workers, or the zygote; their children: the zygote's workers), the
largest single process's RSS, and the load average before the run. Memory is flat when the peak at the
largest size is within 10% of the peak at 500.

`--compare-with DIR`: the same runs of another checkout of the project (e.g. `git archive <commit>` unpacked
in /tmp), run by the same interpreter from that directory, alternating with this one (the order flips
from one run to the next), `--rounds` times per size: a side-by-side of memory and speed under the same load.
`--env NAME=VALUE`: set for this checkout's runs only (e.g. MALLOC_ARENA_MAX=2).

Results: printed, and written to bench/results/<name>.md and .json.
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
    PROJECT_ROOT,
    SAMPLE_SECONDS,
    ChildRun,
    _descendants,
    _pss_kb,
    _TreeSampler,
    check,
    child_env,
    count_words,
    machine,
    machine_line,
    pipeline_command,
    publish,
    replicated,
    run_child,
)


class _DepthSampler(_TreeSampler):
    """The tree's peak PSS, and at that peak each process's PSS by its depth below the root."""

    def __init__(self, pid: int):
        super().__init__(pid)
        self.at_peak: list[list[int]] = []

    def run(self) -> None:
        while not self.stopped.is_set():
            by_depth = _pss_by_depth(self.pid)
            total = sum(sum(level) for level in by_depth)
            if total > self.peak_kb:
                self.peak_kb, self.at_peak = total, by_depth
            self.stopped.wait(SAMPLE_SECONDS)


def _pss_by_depth(root: int) -> list[list[int]]:
    levels: list[list[int]] = []
    frontier = [root]
    while frontier:
        levels.append([_pss_kb(pid) for pid in frontier])
        below = []
        for pid in frontier:
            below += [p for p in _descendants(pid) if p != pid and _parent_of(p) == pid]
        frontier = below
    return levels


def _parent_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def run_measured(cmd: list[str], cwd: Path, work_dir: Path, label: str, env: dict[str, str]
                 ) -> tuple[ChildRun, list[list[float]]]:
    """`common.run_child` from `cwd`, with the tree's PSS at its peak by depth (MB)."""
    child = run_child(cmd, work_dir, label, env, cwd=cwd, sampler_type=_DepthSampler)
    assert isinstance(child.sampler, _DepthSampler)
    return child, [[kb / 1024 for kb in level] for level in child.sampler.at_peak]


def _link_articles(pool: list[Path], pool_dir: Path, raw: Path, size: int) -> None:
    for path in pool[:size]:  # hard links: the same files, a directory of their own
        target = raw / path.relative_to(pool_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)


def run_sizes(corpus: Path, sizes: list[int], mixed: bool = True, other: Path | None = None, rounds: int = 1,
              extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    sides = [("this", PROJECT_ROOT, child_env(**(extra_env or {})))]
    if other is not None:
        sides.append(("other", other, child_env()))
    rows = []
    flip = 0
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        work = Path(tmp)
        pool = replicated(corpus, max(sizes), work / "pool", mixed=mixed)
        for size in sizes:
            raw = work / f"raw-{size}"
            _link_articles(pool, work / "pool", raw, size)
            words = count_words(pool[:size])
            for round_ in range(rounds):
                for side, cwd, env in sides[::-1] if flip % 2 else sides:
                    label = f"size-{size}-{side}-{round_}"
                    print(f"pipeline on {size} articles ({side}, round {round_ + 1}) ...", file=sys.stderr, flush=True)
                    child, at_peak = run_measured(pipeline_command(raw, work / label / "bench.duckdb"), cwd, work,
                                                  label, env)
                    check(child, label)
                    rows.append({"articles": size, "side": side, "round": round_ + 1, "words": words,
                                 "wall_seconds": child.wall_seconds, "cpu_seconds": child.cpu_seconds,
                                 "seconds_per_article": child.wall_seconds / size,
                                 "peak_tree_pss_mb": child.peak_tree_pss_mb, "pss_at_peak_by_depth_mb": at_peak,
                                 "max_rss_mb": child.max_rss_mb, "load_before": child.load_before,
                                 "summary": child.stdout.splitlines()})
                flip += 1
    return {"corpus": str(corpus.resolve()), "mixed_topics": mixed, "sizes": rows, "machine": machine(),
            "this": str(PROJECT_ROOT), "other": str(other) if other else None, "env": extra_env or {},
            "growth_largest_vs_500": _growth(rows)}


def _growth(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Per side: the lowest peak at the largest size over the lowest at 500, minus one."""
    growth = {}
    for side in sorted({r["side"] for r in rows}):
        mine = [r for r in rows if r["side"] == side]
        largest = max(r["articles"] for r in mine)
        base = [r["peak_tree_pss_mb"] for r in mine if r["articles"] == 500]
        top = [r["peak_tree_pss_mb"] for r in mine if r["articles"] == largest]
        if base and largest != 500:
            growth[side] = min(top) / min(base) - 1
    return growth


def _depths(levels: list[list[float]]) -> str:
    return " / ".join("+".join(f"{mb:.0f}" for mb in level) for level in levels)


def format_report(report: dict[str, Any]) -> str:
    lines = ["# Scaling: time per article and peak memory by corpus size", "",
             f"Machine: {machine_line(report['machine'])}.", "",
             f"Sides: this = {report['this']}" + (f" (env {report['env']})" if report["env"] else "")
             + (f"; other = {report['other']}" if report["other"] else "") + ".", "",
             ("| articles | side | round | words | wall s | CPU s (children incl.) | s / article | peak tree PSS MB | "
              "at the peak, MB by depth (parent / children / grandchildren) | max RSS MB | load (1 min) before |"),
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["sizes"]:
        lines.append(f"| {r['articles']:,} | {r['side']} | {r['round']} | {r['words']:,} | {r['wall_seconds']:.1f} | "
                     f"{r['cpu_seconds']:.1f} | {r['seconds_per_article']:.3f} | {r['peak_tree_pss_mb']:,.0f} | "
                     f"{_depths(r['pss_at_peak_by_depth_mb'])} | {r['max_rss_mb']:,.0f} | {r['load_before'][0]:.2f} |")
    for side, growth in report["growth_largest_vs_500"].items():
        verdict = "within" if abs(growth) <= 0.10 else "NOT within"
        lines += ["", f"Peak tree PSS ({side}) at the largest size vs 500: {growth:+.1%} ({verdict} the 10% bound)."]
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
    parser.add_argument("--compare-with", type=Path, help="another checkout of the project, run alternately")
    parser.add_argument("--rounds", type=int, default=1, help="runs per size and side")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment of this checkout's runs")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    extra_env = dict(item.split("=", 1) for item in args.env)
    report = run_sizes(args.corpus, sizes, mixed=not args.by_path, other=args.compare_with, rounds=args.rounds,
                       extra_env=extra_env)
    return publish(args.name, report, format_report)


if __name__ == "__main__":
    sys.exit(main())
