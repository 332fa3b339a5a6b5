"""A worker's CPU by stage on a fixed sample, this checkout against another one, in alternation.

    .venv/bin/python bench/stages.py                                  # this checkout, 2 runs
    .venv/bin/python bench/stages.py --compare-with /tmp/main --runs 3  # and another checkout, alternating

Each run is a child process that imports `pipelines` from one checkout, warms up as a worker does
(`workers._warm_up`), then runs `isolation.process_texts` (what a worker does with a chunk) over the
sample: every `--every`-th article of the corpus sorted by path, the first `--limit` of them (all five
BBC folders). Every stage's own CPU time (`time.process_time`) is added up by wrapping its function: the
sentence split, the pre-filter, the second tokenisation, each spaCy component (its input documents made
before its clock starts), the actor component, the engine, quotations. The figures that do not depend
on the machine's load are given first: the words and sentences the model parses, and whether every row
(every fact table, parties and actors) is the same on both sides. CPU milliseconds per article are
given per run with the 1-minute load before it: on a shared machine compare the two sides' runs
alternately taken, never runs of different hours.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DEFAULT_CORPUS, PROJECT_ROOT, articles, machine, machine_line, publish, read_text

TIMES: dict[str, float] = {}


def _add(name: str, since: float) -> None:
    TIMES[name] = TIMES.get(name, 0.0) + time.process_time() - since


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        since = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            _add(name, since)
    return wrapper


def timed_iterator(name: str, function: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        items = function(*args, **kwargs)
        while True:
            since = time.process_time()
            try:
                item = next(items)
            except StopIteration:
                _add(name, since)
                return
            _add(name, since)
            yield item
    return wrapper


class TimedComponent:
    """A spaCy component whose own time is counted: its input documents are made before its clock starts."""

    def __init__(self, name: str, component: Any):
        self._name, self._component = f"model: {name}", component

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._component, attr)

    def __call__(self, doc: Any) -> Any:
        return timed(self._name, self._component)(doc)

    def pipe(self, docs: Any, **kwargs: Any) -> Iterator[Any]:
        docs = list(docs)
        if hasattr(self._component, "pipe"):
            return timed_iterator(self._name, self._component.pipe)(docs, **kwargs)
        return iter([self(doc) for doc in docs])


def instrument(nlp: Any) -> None:
    from pipelines import isolation, resolve
    from pipelines import nlp as nlp_stage
    from pipelines.extract import document, quotes
    from pipelines.extract import engine as engine_module

    for module, name, label in [(nlp_stage, "split_sentences", "sentence split"), (nlp_stage, "is_candidate", "pre-filter"),
                                (nlp_stage, "_joined_sentences", "join and tokenise candidates"),
                                (nlp_stage, "plan_document", "plan: split, pre-filter and join, in all"),
                                (nlp_stage, "_joined_from_split", "join with the split's tokens"),
                                (nlp_stage, "repair_parse", "repair_parse"), (document, "event_candidates", "extract: candidates"),
                                (document, "_finalise", "extract: finalise"), (document, "extract_parsed", "extract: total"),
                                (isolation, "_tables", "rows to frames"), (resolve.ActorResolver, "resolve", "extract: actors"),
                                (engine_module.Engine, "read", "extract: engine read"),
                                (quotes.QuoteReader, "quotes", "extract: quotations")]:
        if hasattr(module, name):  # a stage the other checkout may not have
            setattr(module, name, timed(label, getattr(module, name)))
    engine_module.Engine.matches = timed_iterator("extract: engine matches", engine_module.Engine.matches)
    nlp._components = [(name, TimedComponent(name, component)) for name, component in nlp._components]


def child(root: Path, corpus: Path, every: int, limit: int) -> dict[str, Any]:
    """One side's run, inside the child: figures and a digest of every row."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    from pipelines import isolation
    from pipelines import nlp as nlp_stage
    from pipelines.workers import StreamSettings, _warm_up

    texts = [isolation.PendingText(p.name, read_text(p), None) for p in articles(corpus)[::every][:limit]]
    nlp = nlp_stage.load_model()
    _warm_up(nlp, StreamSettings())
    instrument(nlp)
    since = time.process_time()
    outcome = isolation.process_texts(texts, nlp, StreamSettings().batch_size)
    cpu = time.process_time() - since
    stats = outcome.stats
    rows = {table: frame.sort(frame.columns).write_csv() if len(frame) else "" for table, frame in outcome.facts.items()}
    rows["parties"] = outcome.parties.sort(outcome.parties.columns).write_csv() if len(outcome.parties) else ""
    rows["actors"] = json.dumps(outcome.actors, sort_keys=True, default=str)
    return {"articles": len(texts), "cpu_ms_per_article": 1000 * cpu / len(texts),
            "words": sum(s["words"] for s in stats), "parsed_words": sum(s["parsed_words"] for s in stats),
            "sentences": sum(s["sentences"] for s in stats),
            "parsed_sentences": sum(s["parsed_sentences"] for s in stats),
            "rows": {table: frame.height for table, frame in outcome.facts.items()},
            "rows_digest": hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest(),
            "stages_ms_per_article": {name: 1000 * seconds / len(texts) for name, seconds in sorted(TIMES.items())}}


def run_side(root: Path, args: argparse.Namespace) -> dict[str, Any]:
    load = os.getloadavg()
    done = subprocess.run([sys.executable, __file__, "--child", str(root), "--corpus", str(args.corpus),
                           "--every", str(args.every), "--limit", str(args.limit)],
                          capture_output=True, text=True, check=True)
    return {**json.loads(done.stdout.splitlines()[-1]), "load_before": load, "root": str(root)}


def report(data: dict[str, Any]) -> str:
    lines = ["# A worker's CPU by stage", "",
             (f"{data['articles']} articles (every {data['every']}th of the corpus by path), {data['runs_per_side']} runs "
              "per side, alternating. Per-stage CPU is each process's own `time.process_time`; the load inflates it."),
             machine_line(data["machine"]), ""]
    sides = data["sides"]
    lines += ["| side | words parsed | sentences parsed | rows (digest) |", "|---|---|---|---|"]
    for side, runs in sides.items():
        one = runs[0]
        lines.append(f"| {side} | {one['parsed_words']:,} of {one['words']:,} ({100 * one['parsed_words'] / one['words']:.2f}%) "
                     f"| {one['parsed_sentences']:,} of {one['sentences']:,} "
                     f"({100 * one['parsed_sentences'] / one['sentences']:.2f}%) | {one['rows_digest'][:12]} |")
    digests = {run["rows_digest"] for runs in sides.values() for run in runs}
    lines += ["", f"**Rows: {'identical on every run of every side' if len(digests) == 1 else 'DIFFERENT'}.**", ""]
    stages = sorted({stage for runs in sides.values() for run in runs for stage in run["stages_ms_per_article"]})
    header = [f"{side} {k + 1} (load {run['load_before'][0]:.1f})" for side, runs in sides.items()
              for k, run in enumerate(runs)]
    lines += ["| CPU ms / article | " + " | ".join(header) + " |", "|---" * (len(header) + 1) + "|"]
    lines.append("| **whole chunk** | " + " | ".join(f"**{run['cpu_ms_per_article']:.2f}**" for runs in sides.values()
                                                   for run in runs) + " |")
    for stage in stages:
        lines.append(f"| {stage} | " + " | ".join(f"{run['stages_ms_per_article'].get(stage, 0.0):.2f}"
                                                for runs in sides.values() for run in runs) + " |")
    means = {side: sum(r["cpu_ms_per_article"] for r in runs) / len(runs) for side, runs in sides.items()}
    lines += ["", "Mean CPU ms per article: " + ", ".join(f"{side} {mean:.2f}" for side, mean in means.items()) + "."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--every", type=int, default=7, help="every Nth article of the corpus sorted by path")
    parser.add_argument("--limit", type=int, default=300, help="at most this many articles")
    parser.add_argument("--runs", type=int, default=2, help="runs per side, alternating")
    parser.add_argument("--compare-with", type=Path, help="another checkout of the project, run as a second side")
    parser.add_argument("--name", default="stages", help="results file name under bench/results/")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.corpus, args.every, args.limit)))
        return 0
    roots = {"this": PROJECT_ROOT, **({"other": args.compare_with.resolve()} if args.compare_with else {})}
    sides: dict[str, list[dict[str, Any]]] = {side: [] for side in roots}
    for k in range(args.runs):
        order = list(roots) if k % 2 == 0 else list(reversed(roots))
        for side in order:
            sides[side].append(run_side(roots[side], args))
            print(f"{side} {k + 1}: {sides[side][-1]['cpu_ms_per_article']:.2f} ms/article", flush=True)
    first = next(iter(sides.values()))[0]
    data = {"articles": first["articles"], "every": args.every, "runs_per_side": args.runs, "machine": machine(),
            "sides": sides}
    return publish(args.name, data, report)


if __name__ == "__main__":
    raise SystemExit(main())
