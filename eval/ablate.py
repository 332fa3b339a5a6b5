"""What each named predicate is worth: turn it off, score every development set, run every case.

    .venv/bin/python eval/ablate.py                 # every predicate; writes eval/results/ablation.md
    .venv/bin/python eval/ablate.py names_partner   # some predicates
    .venv/bin/python eval/ablate.py --mechanisms    # every document-level mechanism (resolve.DOCUMENT_MECHANISMS)

Turning a predicate off means a frame that requires it no longer needs it, and a frame that rejects on it
no longer rejects. The development sets are parsed once; each variant re-runs only extraction and the
scorer. Only development sets are read: the measured-only halves play no part in deciding what stays.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import corpora
import duckdb
import polars as pl
from score_sets import HEADLINE, _scorer

from pipelines import ingest, nlp, warehouse
from pipelines.extract import extract_documents
from pipelines.extract.frames import all_frames as _ORIGINAL_ALL_FRAMES
from pipelines.extract.predicates import PREDICATES
from pipelines.resolve import ALL_MECHANISMS, DOCUMENT_MECHANISMS, Mechanisms

RESULTS = corpora.PROJECT / "eval" / "results"


@contextmanager
def without(name: str) -> Iterator[None]:
    """The frames as if `name` were struck from every list that names it (requires, rejects, the
    conditions of NULL sides and of stand-ins)."""
    import pipelines.extract.engine as engine_module
    import pipelines.extract.frames as frames_module

    original = frames_module.all_frames()

    def strike(frame):
        return replace(frame, requires=tuple(n for n in frame.requires if n != name),
                       rejects=tuple(n for n in frame.rejects if n != name))

    changed = {table: replace(
        tables,
        verbs={lemma: tuple(strike(f) for f in fs) for lemma, fs in tables.verbs.items()},
        nouns={lemma: tuple(strike(f) for f in fs) for lemma, fs in tables.nouns.items()},
        null_sides={role: tuple(n for n in names if n != name) for role, names in tables.null_sides.items()},
        stand_in_unless=tuple(n for n in tables.stand_in_unless if n != name))
        for table, tables in original.items()}
    engine_module.all_frames = frames_module.all_frames = lambda: changed
    try:
        yield
    finally:
        engine_module.all_frames = frames_module.all_frames = _ORIGINAL_ALL_FRAMES


def _frames():
    return _ORIGINAL_ALL_FRAMES()


class Bench:
    """The development sets, ingested and parsed once."""

    def __init__(self, work: Path):
        self.names = [n for n, (gold, _, role) in corpora.SETS.items() if role == "development" and gold.exists()]
        raw = work / "raw"
        for name in self.names:
            corpora.materialize(name, raw)
        result = ingest.ingest_directory(raw, 5 * 1024 * 1024)
        self.documents = ingest.documents_with_bodies(result, "ablation")
        self.sources = pl.DataFrame({"document_id": [d.document_id for d in result.documents],
                                     "source_name": [d.source_name for d in result.documents]})
        self.parsed = nlp.parse_documents(list(zip(self.documents["document_id"], self.documents["body"])))
        self.db = work / "ablation.duckdb"
        self.scorer = _scorer()

    def score(self, mechanisms: Mechanisms = ALL_MECHANISMS) -> dict[str, int]:
        """tp, fp, fn over the headline tables of every development set."""
        tables = extract_documents(self.documents, self.parsed, nlp.DEFAULT_MODEL, mechanisms)
        self.db.unlink(missing_ok=True)
        with duckdb.connect(str(self.db)) as con:
            con.register("sources", self.sources)
            con.execute("CREATE TABLE dim_document AS SELECT * FROM sources")
            con.register("countries", warehouse.country_frame())
            con.execute("CREATE TABLE dim_country AS SELECT * FROM countries")
            for table, frame in tables.facts.items():
                con.register("incoming", frame)
                con.execute(f"CREATE TABLE {table} AS SELECT * FROM incoming")
                con.unregister("incoming")
        total = {"tp": 0, "fp": 0, "fn": 0}
        for name in self.names:
            counts, _, _, _ = self.scorer.score(str(self.db), str(corpora.SETS[name][0]))
            for kind in HEADLINE:
                for k in total:
                    total[k] += counts[kind][k]
        return total


def failing_cases(switched_off: frozenset[str] = frozenset()) -> set[str]:
    sys.path.insert(0, str(corpora.PROJECT / "tests"))
    from cases.runner import facts, load_cases, problems

    return {case.name for case in load_cases() if not case.known_gap
            and problems(case, facts(case.text, case.published, switched_off))}


def f1(c: dict[str, int]) -> float:
    return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0


def ablate_mechanisms(bench: Bench, base: dict[str, int], base_cases: set[str], names: list[str],
                      lines: list[str]) -> None:
    """Each document-level mechanism switched off in turn (printed, not written: the table of record is
    the predicates')."""
    lines += ["| mechanism | Δ tp | Δ fp | Δ F1 (dev sets) | cases that fail without it |", "|---|---|---|---|---|"]
    for name in names:
        got = bench.score(Mechanisms.without(name))
        cases = failing_cases(frozenset({name})) - base_cases
        lines.append(f"| `{name}` | {got['tp'] - base['tp']:+d} | {got['fp'] - base['fp']:+d} | "
                     f"{f1(got) - f1(base):+.3f} | {len(cases)}: {', '.join(sorted(cases))} |")
        print(lines[-1], flush=True)
    print("\n".join(lines[:2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predicates", nargs="*")
    parser.add_argument("--mechanisms", action="store_true",
                        help="measure the document-level mechanisms instead of the predicates")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ablate-"))
    try:
        bench = Bench(work)
        base = bench.score()
        base_cases = failing_cases()
        lines = [(f"Development sets {', '.join(bench.names)}: headline tp {base['tp']}, fp {base['fp']}, "
                 f"fn {base['fn']}, F1 {f1(base):.3f}; {len(base_cases)} cases failing."), "",
                 "| predicate | frames using it | Δ tp | Δ fp | Δ F1 (dev sets) | cases that fail without it |",
                 "|---|---|---|---|---|---|"]
        if args.mechanisms:
            ablate_mechanisms(bench, base, base_cases, args.predicates or list(DOCUMENT_MECHANISMS), lines[:2])
            return 0
        for name in args.predicates or sorted(PREDICATES):
            users = sum(1 for t in _frames().values() for group in (t.verbs, t.nouns) for fs in group.values()
                        for f in fs if name in f.requires or name in f.rejects)
            with without(name):
                got = bench.score()
                cases = failing_cases() - base_cases
            lines.append(f"| `{name}` | {users} | {got['tp'] - base['tp']:+d} | {got['fp'] - base['fp']:+d} | "
                         f"{f1(got) - f1(base):+.3f} | {len(cases)} |")
            print(lines[-1], flush=True)
        if not args.predicates:
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / "ablation.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("\n".join(lines[:2]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
