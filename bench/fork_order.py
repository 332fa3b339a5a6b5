"""When the zygote should be forked: before or after the imports this process and the zygote both need.

    .venv/bin/python bench/fork_order.py [--rounds 3] [--name zygote-fork-order]

Each side is a child process that starts a zygote (`workers.Zygote`) and imports what `python -m pipelines
run` imports before Dagster (ingest, the tables, polars, pandera: `pipelines.console`, `pipelines.isolation`),
the two in one order or the other, then waits for the zygote to be ready (model, actor lexicon, warm-up):

- after: those imports first, then the fork (the zygote inherits them; what the CLI does);
- before: the fork first, then those imports (the zygote imports them again for its warm-up).

Sides alternate, `--rounds` times each. Reported per run: when the fork happened, when this process had done
its imports, when the zygote was ready (seconds from the child's start), the zygote's CPU seconds until
ready and this process's; with the 1-minute load average before each. Wall seconds are the load's on a
shared machine; the zygote's CPU seconds are the steadier reading.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from typing import Any

from common import PROJECT_ROOT, child_env, machine, machine_line, publish

CHILD = r"""
import json, os, sys, time
t0 = time.perf_counter()
fork_first = sys.argv[1] == "before"
if not fork_first:
    import pipelines.console, pipelines.isolation
from pipelines import workers
zygote = workers.Zygote.start(workers._context(), workers.StreamSettings())
forked = time.perf_counter() - t0
if fork_first:
    import pipelines.console, pipelines.isolation
imported = time.perf_counter() - t0
worker = zygote.fork(workers.StreamSettings())
ready = time.perf_counter() - t0
with open(f"/proc/{zygote.process.pid}/stat") as f:
    fields = f.read().rsplit(")", 1)[1].split()
zygote_cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
print(json.dumps({"forked": forked, "imported": imported, "ready": ready, "zygote_cpu": zygote_cpu,
                  "parent_cpu": time.process_time()}))
worker.conn.send(None)
zygote.close()
"""
SIDES = ("after", "before")


def run(side: str) -> dict[str, Any]:
    load = os.getloadavg()[0]
    done = subprocess.run([sys.executable, "-c", CHILD, side], cwd=PROJECT_ROOT, env=child_env(), capture_output=True,
                          text=True, check=False)
    if done.returncode:
        sys.exit(f"error: the {side} side exited {done.returncode}:\n{done.stderr[-2000:]}")
    return {"side": side, "load_before": load, **json.loads(done.stdout.strip().splitlines()[-1])}


def format_report(report: dict[str, Any]) -> str:
    lines = ["# Fork the zygote before or after the imports both processes need", "",
             f"Machine: {machine_line(report['machine'])}.", "",
             "| side | fork at s | imports done s | zygote ready s | zygote CPU s | this process CPU s | load before |",
             "|---|---|---|---|---|---|---|"]
    for r in report["runs"]:
        lines.append(f"| {r['side']} | {r['forked']:.2f} | {r['imported']:.2f} | {r['ready']:.2f} | "
                     f"{r['zygote_cpu']:.2f} | {r['parent_cpu']:.2f} | {r['load_before']:.1f} |")
    means = report["means"]
    lines += ["", "Means: " + "; ".join(f"{side}: zygote ready at {m['ready']:.2f} s, zygote CPU {m['zygote_cpu']:.2f} s"
                                        for side, m in means.items()) + "."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--name", default="zygote-fork-order", help="results file name under bench/results/")
    args = parser.parse_args(argv)
    runs = [run(side) for k in range(args.rounds) for side in (SIDES if k % 2 == 0 else SIDES[::-1])]
    means = {side: {key: statistics.mean(r[key] for r in runs if r["side"] == side) for key in ("ready", "zygote_cpu")}
             for side in SIDES}
    return publish(args.name, {"runs": runs, "means": means, "machine": machine()}, format_report)


if __name__ == "__main__":
    sys.exit(main())
