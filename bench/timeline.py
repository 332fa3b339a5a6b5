"""A timeline of one pipeline run: which process uses the CPU when, and where each phase starts and ends.

    .venv/bin/python bench/timeline.py [--corpus DIR] [--limit 549] [--interval 0.2] [--name timeline]

Runs `python -m pipelines run` on a copy of the first `--limit` articles into a fresh warehouse, in a child
process, exactly as `bench/throughput.py` does, except that the child starts through a small wrapper
(`TRACED_CHILD` below) that marks phases: it wraps a few plain functions of the pipeline (model load,
worker start, each chunk sent and back, validation, the DuckDB write, publish) when their modules are
first imported, so nothing is imported earlier than in a real run and the product's code is not changed.
Each process (parent and forked workers) appends `seconds pid phase` lines to one file.

Meanwhile this process samples /proc every `--interval` seconds: each process of the tree, its CPU
seconds (user + system). The report gives the phases in order, each process's CPU by phase, a strip of
how many cores were busy per second, and where the tree left a core idle. Written to
bench/results/<name>.md and .json.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import (
    DEFAULT_CORPUS,
    PROJECT_ROOT,
    _descendants,
    articles,
    child_env,
    copy_articles,
    count_words,
    machine,
    machine_line,
    publish,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# The child: marks its own interpreter start (from /proc), then wraps functions as their modules load.
TRACED_CHILD = r'''
import importlib.abc, importlib.machinery, os, sys, time, functools
MARKS = os.environ["TIMELINE_MARKS"]

def mark(phase):
    with open(MARKS, "a", encoding="utf-8") as out:
        out.write(f"{time.time():.4f} {os.getpid()} {phase}\n")

with open("/proc/self/stat") as f:
    start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
with open("/proc/stat") as f:
    boot = next(int(l.split()[1]) for l in f if l.startswith("btime"))
with open(MARKS, "a", encoding="utf-8") as out:
    out.write(f"{boot + start_ticks / os.sysconf('SC_CLK_TCK'):.4f} {os.getpid()} interpreter_start\n")
mark("wrapper_start")

def wrap(module, name, label, each=False):
    original = getattr(module, name)
    seen = []
    @functools.wraps(original)
    def traced(*args, **kwargs):
        first = not seen
        seen.append(1)
        if each or first:
            mark(f"{label}:start")
        try:
            return original(*args, **kwargs)
        finally:
            if each or first:
                mark(f"{label}:end")
    setattr(module, name, traced)

def wrap_method(cls, name, label, when=None):
    original = getattr(cls, name)
    @functools.wraps(original)
    def traced(self, *args, **kwargs):
        if when is None or when(*args):
            mark(label)
        return original(self, *args, **kwargs)
    setattr(cls, name, traced)

# What each watched module's import marks: functions (name, label, mark every call or only the first),
# methods of a class (class, name, label, which calls), or the import itself (None).
def _message(kind):
    return lambda worker, message: message[0] == kind

TRACED = {
    "pipelines.definitions": None,
    "pipelines.workers": (
        [("stream_pending", "stream_pending", False), ("load_model", "load_model", True),
         ("process_texts", "chunk", True), ("serve", "worker_life", True), ("_warm_up", "warm_up", False)],
        [("_Pool", "_start", "worker_forked", None), ("_Pool", "_retire", "worker_retired", None),
         ("_Pool", "_assign", "chunk_sent", None), ("_Pool", "_handle", "chunk_back", _message("done")),
         ("_Pool", "_handle", "worker_ready", _message("ready"))]),
    "pipelines.resolve": ([("lexicon", "actor_lexicon", False)], []),
    "pipelines.ingest": ([("ingest_directory", "ingest", False), ("split_pending", "split_pending", False)], []),
    "pipelines.validate": ([("validate_spooled", "validate", False)], []),
    "pipelines.warehouse": ([("write_batch", "warehouse_write", False), ("publish_if_changed", "publish", False),
                             ("prepare_working_copy", "prepare_working_copy", True)], []),
    "pipelines.cli": ([("run", "cli_run", False), ("_summary", "summary", False)], []),
    "pipelines.defs.resources": ([("build_resources", "build_resources", False)], []),
}
WATCHED = set(TRACED)

def patch(module):
    traced = TRACED[module.__name__]
    if traced is None:
        mark("definitions_imported")
        return
    functions, methods = traced
    for name, label, each in functions:
        wrap(module, name, label, each=each)
    for cls, name, label, when in methods:
        wrap_method(getattr(module, cls), name, label, when=when)

class Loader(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner
    def create_module(self, spec):
        return self.inner.create_module(spec)
    def exec_module(self, module):
        self.inner.exec_module(module)
        patch(module)
    def __getattr__(self, name):  # resource readers and the rest: the real loader's
        return getattr(self.inner, name)

class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname not in WATCHED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = Loader(spec.loader)
        return spec

sys.meta_path.insert(0, Finder())
import atexit
atexit.register(mark, "atexit")
sys.argv = ["pipelines", *sys.argv[1:]]
from pipelines.__main__ import main  # noqa: E402
code = main()
mark("main_returned")
sys.exit(code)
'''


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


class Sampler(threading.Thread):
    """(time, {pid: CPU seconds so far}) every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, dict[int, float]]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            now = time.time()
            self.samples.append((now, {pid: cpu for pid in _descendants(self.pid)
                                       if (cpu := _cpu_seconds(pid)) is not None}))
            self.stopped.wait(max(0.0, self.interval - (time.time() - now)))


def read_marks(path: Path) -> list[tuple[float, int, str]]:
    marks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        t, pid, phase = line.split(" ", 2)
        marks.append((float(t), int(pid), phase))
    return sorted(marks)


def busy_per_bin(samples: list[tuple[float, dict[int, float]]], parent: int, t0: float, width: float
                 ) -> list[dict[str, float]]:
    """Cores busy per bin of `width` seconds: the parent's and all workers'."""
    bins: dict[int, dict[str, float]] = defaultdict(lambda: {"parent": 0.0, "workers": 0.0})
    last: dict[int, float] = {}
    for t, cpus in samples:
        for pid, cpu in cpus.items():
            gained = cpu - last.get(pid, cpu if pid in last else 0.0)
            last[pid] = cpu
            if gained > 0:
                bins[int((t - t0) // width)]["parent" if pid == parent else "workers"] += gained / width
    return [bins[k] for k in range(max(bins) + 1)] if bins else []


def analyse(marks: list[tuple[float, int, str]], samples: list[tuple[float, dict[int, float]]], parent: int,
            wall: float, cpu_total: float) -> dict[str, Any]:
    t0 = next(t for t, pid, phase in marks if phase == "interpreter_start" and pid == parent)
    phases = [{"t": round(t - t0, 3), "pid": pid, "who": "parent" if pid == parent else "worker", "phase": phase}
              for t, pid, phase in marks]
    last_cpu: dict[int, float] = {}
    for _, cpus in samples:
        last_cpu.update(cpus)
    workers = sorted(pid for pid in last_cpu if pid != parent)
    bins = busy_per_bin(samples, parent, t0, 1.0)
    sent = [t for t, pid, phase in marks if phase == "chunk_sent"]
    back = [t for t, pid, phase in marks if phase == "chunk_back"]
    first, last = (min(sent), max(back)) if sent and back else (t0, t0)
    parent_at = [(t, cpus.get(parent, 0.0)) for t, cpus in samples]

    def parent_cpu_until(moment: float) -> float:
        return max((cpu for t, cpu in parent_at if t <= moment), default=0.0)

    parent_phases = {"before_first_chunk": parent_cpu_until(first),
                     "while_parsing": parent_cpu_until(last) - parent_cpu_until(first),
                     "after_last_chunk": last_cpu.get(parent, 0.0) - parent_cpu_until(last),
                     "first_chunk_at": first - t0, "last_chunk_back_at": last - t0}
    idle_core_seconds = sum(max(0.0, 2.0 - b["parent"] - b["workers"]) for b in bins)
    return {"wall_seconds": wall, "cpu_seconds_tree": cpu_total, "cores_busy_mean": cpu_total / wall,
            "parent_cpu_seconds_sampled": last_cpu.get(parent, 0.0),
            "worker_cpu_seconds_sampled": {pid: last_cpu[pid] for pid in workers},
            "workers_started": len(workers), "phases": phases, "parent_cpu_by_part": parent_phases, "busy_per_second": bins,
            "idle_core_seconds": idle_core_seconds}


def run_timeline(corpus: Path, limit: int, interval: float) -> dict[str, Any]:
    chosen = articles(corpus, limit)
    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as tmp:
        work = Path(tmp)
        paths = copy_articles(corpus, chosen, work / "raw")
        marks_path = work / "marks.txt"
        env = child_env(TIMELINE_MARKS=str(marks_path))
        cmd = [sys.executable, "-c", TRACED_CHILD, "run", "--raw-dir", str(work / "raw"), "--warehouse",
               str(work / "w" / "bench.duckdb")]
        load = os.getloadavg()
        start = time.perf_counter()
        with (work / "out").open("wb") as out, (work / "err").open("wb") as err:
            proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
            sampler = Sampler(proc.pid, interval)
            sampler.start()
            _, status, usage = os.wait4(proc.pid, 0)
            sampler.stopped.set()
            sampler.join()
            samples = sampler.samples
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            sys.exit(f"error: the run exited {proc.returncode}:\n{(work / 'err').read_text()[-3000:]}")
        result = analyse(read_marks(marks_path), samples, proc.pid, wall, usage.ru_utime + usage.ru_stime)
        result.update({"documents": len(paths), "words": count_words(paths), "load_before": load,
                       "load_after": os.getloadavg(), "interval": interval, "machine": machine(),
                       "summary": (work / "out").read_text(encoding="utf-8").splitlines()})
    return result


def _phase_table(result: dict[str, Any]) -> list[str]:
    lines = ["| t (s) | process | phase |", "|---|---|---|"]
    worker_names: dict[int, str] = {}
    for p in result["phases"]:
        who = "parent" if p["who"] == "parent" else worker_names.setdefault(p["pid"], f"worker {len(worker_names) + 1}")
        if p["phase"] in ("chunk:start", "chunk:end", "chunk_sent", "chunk_back"):
            continue  # summarised below
        lines.append(f"| {p['t']:.2f} | {who} | {p['phase']} |")
    return lines


def _chunk_lines(result: dict[str, Any]) -> list[str]:
    sent = [p["t"] for p in result["phases"] if p["phase"] == "chunk_sent"]
    back = [p["t"] for p in result["phases"] if p["phase"] == "chunk_back"]
    starts = [p for p in result["phases"] if p["phase"] == "chunk:start" and p["who"] == "worker"]
    ends = [p for p in result["phases"] if p["phase"] == "chunk:end" and p["who"] == "worker"]
    loads = defaultdict(list)
    for p in result["phases"]:
        if p["phase"].startswith("load_model") and p["who"] == "worker":
            loads[p["pid"]].append(p["t"])
    lexicons = defaultdict(list)
    for p in result["phases"]:
        if p["phase"].startswith("actor_lexicon") and p["who"] == "worker":
            lexicons[p["pid"]].append(p["t"])
    in_chunks = sum(e["t"] - s["t"] for s, e in zip(starts, ends, strict=False))
    lines = [(f"Chunks: {len(sent)} sent, first at {min(sent, default=0):.2f} s, last back at {max(back, default=0):.2f} s; "
             f"workers spent {in_chunks:.1f} s (wall, summed over workers) inside chunks.")]
    if loads:
        per = [ts[-1] - ts[0] for ts in loads.values() if len(ts) >= 2]
        lines.append(f"Model load in each worker (wall): {', '.join(f'{x:.2f}' for x in per)} s.")
    if lexicons:
        per = [ts[-1] - ts[0] for ts in lexicons.values() if len(ts) >= 2]
        lines.append(f"Actor lexicon in each worker (wall): {', '.join(f'{x:.2f}' for x in per)} s.")
    return lines


def _per_article_line(result: dict[str, Any]) -> str:
    """CPU milliseconds per article: the whole tree, the workers together, and the parent (steadier under load
    than wall seconds, and what a change to the workers' code moves)."""
    n = max(result["documents"], 1)
    workers = sum(result["worker_cpu_seconds_sampled"].values())
    return (f"CPU per article: {1000 * result['cpu_seconds_tree'] / n:.1f} ms (whole tree), "
            f"{1000 * workers / n:.1f} ms in the workers, {1000 * result['parent_cpu_seconds_sampled'] / n:.1f} ms "
            f"in the parent; {1000 * workers / max(result['words'], 1):.3f} worker CPU ms per word.")


def format_report(result: dict[str, Any]) -> str:
    strip = []
    for k, b in enumerate(result["busy_per_second"]):
        strip.append(f"| {k} | {b['parent']:.2f} | {b['workers']:.2f} | {b['parent'] + b['workers']:.2f} |")
    workers = result["worker_cpu_seconds_sampled"]
    lines = [
        "# Timeline of one pipeline run",
        "",
        f"{result['documents']} articles ({result['words']:,} words), `python -m pipelines run` into a fresh warehouse.",
        (f"Machine: {machine_line(result['machine'])}. Load (1, 5, 15 min) before: "
        f"{', '.join(f'{x:.2f}' for x in result['load_before'])}; after: "
        f"{', '.join(f'{x:.2f}' for x in result['load_after'])}."),
        "",
        (f"Wall {result['wall_seconds']:.1f} s, CPU {result['cpu_seconds_tree']:.1f} s (whole tree, from wait4): "
        f"**{result['cores_busy_mean']:.2f} cores busy on average**. Parent {result['parent_cpu_seconds_sampled']:.1f} "
        f"CPU s; {result['workers_started']} worker processes, "
        f"{', '.join(f'{v:.1f}' for v in workers.values())} CPU s (sampled every {result['interval']} s, so a "
        f"worker's last fraction of a second may be missing). Core-seconds left idle (2 cores): "
        f"{result['idle_core_seconds']:.1f}."),
        "",
        _per_article_line(result),
        "",
        *_chunk_lines(result),
        (f"Parent CPU s: {result['parent_cpu_by_part']['before_first_chunk']:.1f} before the first chunk was sent "
         f"(at {result['parent_cpu_by_part']['first_chunk_at']:.1f} s), {result['parent_cpu_by_part']['while_parsing']:.1f}"
         f" while workers parsed, {result['parent_cpu_by_part']['after_last_chunk']:.1f} after the last chunk came back "
         f"(at {result['parent_cpu_by_part']['last_chunk_back_at']:.1f} s)."),
        "",
        "## Phases",
        "",
        *_phase_table(result),
        "",
        "## Cores busy, per second of the run",
        "",
        "| second | parent | workers | total |",
        "|---|---|---|---|",
        *strip,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=549, metavar="N", help="the first N articles in path order")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between CPU samples")
    parser.add_argument("--name", default="timeline", help="results file name under bench/results/")
    args = parser.parse_args(argv)
    result = run_timeline(args.corpus, args.limit, args.interval)
    return publish(args.name, result, format_report)


if __name__ == "__main__":
    sys.exit(main())
