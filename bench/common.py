"""What the benchmark scripts share: the corpus, child processes measured from outside, the machine and its load.

A child process is measured by its parent: wall seconds from start to exit (interpreter start included),
CPU seconds (user + system) of the child and of every process it started and waited for (`os.wait4`
counts reaped descendants), and the peak memory of the whole process tree, sampled every 0.1 s: the sum
of the proportional set size (PSS: a page shared by forked workers counted once, split between them) of
the child and all its descendants, from /proc. `ru_maxrss` (the largest single process) is given too.
"""

from __future__ import annotations

import os
import platform
import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpora" / "bbc"
RESULTS = PROJECT_ROOT / "bench" / "results"
SAMPLE_SECONDS = 0.1


@dataclass
class ChildRun:
    exit_code: int
    wall_seconds: float
    cpu_seconds: float  # user + system, children included
    peak_tree_pss_mb: float  # sampled; 0 where /proc has no smaps_rollup
    max_rss_mb: float  # ru_maxrss: the largest single process of the tree
    load_before: tuple[float, float, float]
    stdout: str
    stderr: str
    sampler: _TreeSampler | None = field(default=None, repr=False, compare=False)  # what sampled the tree


def read_text(path: str | Path) -> str:
    """UTF-8, falling back to Windows-1252 (the one legacy encoding in the corpus)."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def articles(corpus: Path, limit: int | None = None) -> list[Path]:
    """The corpus articles (`*.txt`, no dot-files), sorted by path, the first `limit` of them."""
    found = sorted(p for p in corpus.rglob("*.txt")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(corpus).parts))
    return found if limit is None else found[:limit]


def copy_articles(corpus: Path, paths: list[Path], raw_dir: Path) -> list[Path]:
    copies = []
    for path in paths:
        target = raw_dir / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copies.append(target)
    return copies


def replicated(corpus: Path, n: int, raw_dir: Path, seed: int = 13, mixed: bool = False) -> list[Path]:
    """`n` articles of distinct content made from the corpus: the first pass copies each article as it
    is; every later pass shuffles each article's body paragraphs (the title stays first) and appends a
    line naming the copy, so no two files are the same document and the text stays news prose. `mixed`:
    the corpus's top-level folders taken in turn (one article of each, then the next of each), so the
    first `k` articles have the corpus's mix of topics whatever `k` (sorted by path, the first 500 BBC
    articles are all business news, shorter than politics or tech)."""
    sources = interleaved(corpus, articles(corpus)) if mixed else articles(corpus)
    rng = random.Random(seed)
    raw_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(n):
        copy, source = divmod(k, len(sources))
        text = read_text(sources[source])
        if copy:
            title, *paragraphs = [p for p in text.split("\n\n") if p.strip()] or [text]
            rng.shuffle(paragraphs)
            text = "\n\n".join([title, *paragraphs, f"(Copy {copy} of this article, number {k}.)"]) + "\n"
        target = raw_dir / f"{copy:02d}" / f"{source:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def interleaved(corpus: Path, paths: list[Path]) -> list[Path]:
    """`paths` taken from each top-level folder of `corpus` in turn, each folder's in its order."""
    folders: dict[str, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.relative_to(corpus).parts[0], []).append(path)
    queues = list(folders.values())
    return [queue[k] for k in range(max(map(len, queues), default=0)) for queue in queues if k < len(queue)]


def count_words(paths: list[Path]) -> int:
    return sum(len(read_text(p).split()) for p in paths)


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc/*/task/*/children."""
    tree, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children", encoding="ascii") as handle:
                    children = [int(c) for c in handle.read().split()]
            except OSError:
                continue
            tree += children
            frontier += children
    return tree


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _descendants(self.pid)))
            self.stopped.wait(SAMPLE_SECONDS)


def run_child(cmd: list[str], work_dir: Path, label: str, env: dict[str, str] | None = None,
              cwd: Path = PROJECT_ROOT, sampler_type: type[_TreeSampler] | None = None) -> ChildRun:
    """Run `cmd` from `cwd` to completion, measured from outside; output goes to files. `sampler_type`:
    a `_TreeSampler` subclass to sample the tree's memory with (the run's sampler is `ChildRun.sampler`)."""
    out_path, err_path = work_dir / f"{label}.stdout", work_dir / f"{label}.stderr"
    load = os.getloadavg()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env if env is not None else child_env())
        sampler = (sampler_type or _TreeSampler)(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stopped.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4; tell Popen so it does not wait
    return ChildRun(exit_code=proc.returncode, wall_seconds=wall, cpu_seconds=usage.ru_utime + usage.ru_stime,
                    peak_tree_pss_mb=sampler.peak_kb / 1024, max_rss_mb=usage.ru_maxrss / 1024,
                    load_before=(load[0], load[1], load[2]),
                    stdout=out_path.read_text(encoding="utf-8", errors="replace"),
                    stderr=err_path.read_text(encoding="utf-8", errors="replace"), sampler=sampler)


def child_env(**extra: str) -> dict[str, str]:
    """No DAGSTER_HOME (an ephemeral instance: no run history), no progress lines, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    env["BILATERAL_PROGRESS"] = "off"
    env.update(extra)
    return env


def check(child: ChildRun, label: str) -> ChildRun:
    if child.exit_code != 0:
        tail = "\n".join(child.stderr.splitlines()[-30:])
        sys.exit(f"error: the {label} run exited {child.exit_code}; last lines of its stderr:\n{tail}")
    return child


def pipeline_command(raw_dir: Path, warehouse: Path) -> list[str]:
    return [sys.executable, "-m", "pipelines", "run", "--raw-dir", str(raw_dir), "--warehouse", str(warehouse)]


def machine() -> dict[str, Any]:
    """The machine the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "cores_usable": len(os.sched_getaffinity(0)), "cpu_model": model,
            "ram_gib": round(ram_gib, 1), "python": platform.python_version(), "platform": platform.platform()}


def machine_line(info: dict[str, Any]) -> str:
    return (f"{info['cores_usable']} cores usable ({info['cores']} online), {info['cpu_model']}, "
            f"{info['ram_gib']} GiB RAM, Python {info['python']}, {info['platform']}")


def write_result(name: str, markdown: str, data: dict[str, Any]) -> Path:
    """bench/results/<name>.md and .json."""
    import json

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    path = RESULTS / f"{name}.md"
    path.write_text(markdown + "\n", encoding="utf-8")
    return path


def publish(name: str, data: dict[str, Any], format_report: Callable[[dict[str, Any]], str]) -> int:
    """Print a benchmark's report, write it (Markdown and JSON) under bench/results/, and say where: the
    last step of every benchmark script. Returns the script's exit code."""
    text = format_report(data)
    print(text)
    print(f"written to {write_result(name, text, data)}", file=sys.stderr)
    return 0
