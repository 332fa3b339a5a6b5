"""What the model's batch size costs a worker: CPU seconds and peak memory by documents in the model at once.

    .venv/bin/python bench/model_batch.py [--articles 320] [--batch-sizes 16,64] [--rounds 2]

Each side is a child process that does what one worker does (the model and the actor lexicon loaded,
then `isolation.process_texts` over the articles in the chunks `workers.chunk_spans` makes, glibc's
mmap threshold held), with the model's batch size the only difference. Sides run in alternating order,
`--rounds` times each, the load average recorded before each. Reported per run: the child's CPU seconds
after the model is loaded (the parses and extraction only), its resident memory after loading, its peak
resident memory (`VmHWM`) and its resident memory after the last chunk, and whether its rows equal the
first run's. The articles are the BBC corpus's topics in turn (`common.replicated`, in a temporary
directory).

Results: printed, and written to bench/results/model_batch.md and .json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import DEFAULT_CORPUS, PROJECT_ROOT, machine, machine_line, publish, read_text, replicated


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(pool: Path, batch_size: int) -> dict[str, Any]:
    """One side: a worker's work over the articles under `pool`, measured from inside."""
    import hashlib

    from pipelines.isolation import PendingText, process_texts
    from pipelines.nlp import load_model
    from pipelines.resolve import lexicon
    from pipelines.workers import (
        DEFAULT_CHUNK_CHARS,
        DEFAULT_CHUNK_SIZE,
        _return_large_blocks_to_the_system,
        chunk_spans,
    )

    _return_large_blocks_to_the_system()
    texts = [PendingText(str(p.relative_to(pool)), read_text(p), None) for p in sorted(pool.rglob("*.txt"))]
    nlp = load_model()
    lexicon(nlp)
    loaded_mb = _status_mb("VmRSS")
    spans = chunk_spans(len(texts), 1, DEFAULT_CHUNK_SIZE, [len(t.body) for t in texts], DEFAULT_CHUNK_CHARS)
    digest = hashlib.sha256()
    start = time.process_time()
    for a, b in spans:
        outcome = process_texts(texts[a:b], nlp, batch_size, True)
        for name, frame in sorted({**outcome.facts, "bridge_event_party": outcome.parties}.items()):
            digest.update(name.encode() + frame.write_csv().encode())
        digest.update(json.dumps([outcome.actors, outcome.stats], sort_keys=True, default=str).encode())
    return {"cpu_seconds": time.process_time() - start, "loaded_rss_mb": loaded_mb,
            "peak_rss_mb": _status_mb("VmHWM"), "final_rss_mb": _status_mb("VmRSS"), "rows_sha256": digest.hexdigest()}


def run_side(pool: Path, batch_size: int) -> dict[str, Any]:
    load = os.getloadavg()
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(pool), str(batch_size)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"error: the batch-size {batch_size} child exited {result.returncode}:\n{result.stderr[-3000:]}")
    return {"batch_size": batch_size, "load_before": load, **json.loads(result.stdout.splitlines()[-1])}


def format_report(report: dict[str, Any]) -> str:
    lines = ["# A worker's CPU and peak memory by the model's batch size", "",
             f"Machine: {machine_line(report['machine'])}. {report['articles']} articles, topics in turn.", "",
             ("| round | batch size | CPU s | RSS loaded MB | peak RSS MB | peak over loaded MB | RSS after MB | "
             "rows as the first run | load (1 min) before |"),
             "|---|---|---|---|---|---|---|---|---|"]
    first = report["runs"][0]["rows_sha256"]
    for r in report["runs"]:
        lines.append(f"| {r['round']} | {r['batch_size']} | {r['cpu_seconds']:.1f} | {r['loaded_rss_mb']:.0f} | "
                     f"{r['peak_rss_mb']:.0f} | {r['peak_rss_mb'] - r['loaded_rss_mb']:.0f} | {r['final_rss_mb']:.0f} | "
                     f"{'same' if r['rows_sha256'] == first else 'DIFFERENT'} | {r['load_before'][0]:.2f} |")
    sizes = sorted({r["batch_size"] for r in report["runs"]})
    cpu = {s: sum(r["cpu_seconds"] for r in report["runs"] if r["batch_size"] == s) for s in sizes}
    lines += ["", "CPU seconds summed over the rounds: " + ", ".join(f"batch {s}: {cpu[s]:.1f}" for s in sizes)
              + (f" (ratio {cpu[sizes[0]] / cpu[sizes[-1]]:.3f})" if len(sizes) > 1 else "") + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--batch-sizes", default="16,64")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--name", default="model_batch", help="results file name under bench/results/")
    parser.add_argument("--child", nargs=2, metavar=("POOL", "BATCH_SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]))))
        return 0
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        pool = Path(tmp) / "pool"
        replicated(args.corpus, args.articles, pool, mixed=True)
        for k in range(args.rounds):
            for size in sizes if k % 2 == 0 else reversed(sizes):
                print(f"round {k + 1}, batch size {size} ...", file=sys.stderr, flush=True)
                runs.append({"round": k + 1, **run_side(pool, size)})
    report = {"articles": args.articles, "runs": runs, "machine": machine()}
    return publish(args.name, report, format_report)


if __name__ == "__main__":
    sys.exit(main())
