"""What each named predicate is worth: turn it off, score every development set, run every case.

    .venv/bin/python eval/ablate.py                 # every predicate; writes eval/results/ablation.md
    .venv/bin/python eval/ablate.py names_partner   # some predicates
    .venv/bin/python eval/ablate.py --mechanisms    # every document-level mechanism (resolve.DOCUMENT_MECHANISMS)
    .venv/bin/python eval/ablate.py --unlabelled    # also rows added/removed on eval/unlabelled.py's sample

A predicate that moves no development row and fails no case may still keep wrong rows out of news nobody
annotated: `--unlabelled` counts, per predicate, the headline rows struck it adds to and removes from the
297 unlabelled BBC articles, and writes them to eval/results/ablation-unlabelled.txt by article, table, sides
and status (no corpus text is copied into the project: read a row's sentence with `eval/explain.py --file`).

Turning a predicate off means a frame that requires it no longer needs it, and a frame that rejects on it
no longer rejects. The development sets are parsed once; each variant re-runs only extraction and the
scorer. Only development sets are read: the measured-only halves play no part in deciding what stays.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import corpora
import duckdb
import polars as pl
import unlabelled
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

    changed = frames_module.without_predicate(_ORIGINAL_ALL_FRAMES(), name)
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


class UnlabelledBench:
    """eval/unlabelled.py's sample, parsed once: which headline rows a variant adds and removes."""

    def __init__(self, work: Path):
        self.documents, self.parsed = unlabelled.parsed_sample(work)
        self.base = self._keys()

    def _keys(self) -> Counter[str]:
        return Counter(json.dumps(r, sort_keys=True, ensure_ascii=False)
                       for r in unlabelled.headline_rows(self.documents, self.parsed))

    def changes(self) -> tuple[list[str], list[str]]:
        now = self._keys()
        return sorted((now - self.base).elements()), sorted((self.base - now).elements())


class CaseBench:
    """Every hard case that is not a known gap, parsed once: which fail under a variant."""

    def __init__(self) -> None:
        sys.path.insert(0, str(corpora.PROJECT / "tests"))
        from cases.runner import load_cases, problems

        self.problems = problems
        self.cases = [case for case in load_cases() if not case.known_gap]
        self.model = nlp.load_model()
        self.parsed = nlp.parse_documents([(case.name, case.text) for case in self.cases])

    def failing(self, switched_off: frozenset[str] = frozenset()) -> set[str]:
        from pipelines.extract.document import extract_parsed

        failed = set()
        for case, parsed in zip(self.cases, self.parsed):
            rows, _ = extract_parsed("doc_test", case.text, case.published, parsed, self.model,
                                     mechanisms=Mechanisms(switched_off))
            if self.problems(case, rows):
                failed.add(case.name)
        return failed


def _row_line(key: str) -> str:
    """A row by where it is and what it says, without its evidence: the corpus text stays in ../shared."""
    r = json.loads(key)
    return f"{r['source']} {r['table']} {r['a']} -> {r['b']} {r['status']}"


def f1(c: dict[str, int]) -> float:
    return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0


def ablate_mechanisms(bench: Bench, case_bench: CaseBench, base: dict[str, int], base_cases: set[str],
                      names: list[str], lines: list[str]) -> None:
    """Each document-level mechanism switched off in turn (printed, not written: the table of record is
    the predicates')."""
    lines += ["| mechanism | Δ tp | Δ fp | Δ F1 (dev sets) | cases that fail without it |", "|---|---|---|---|---|"]
    for name in names:
        got = bench.score(Mechanisms.without(name))
        cases = case_bench.failing(frozenset({name})) - base_cases
        lines.append(f"| `{name}` | {got['tp'] - base['tp']:+d} | {got['fp'] - base['fp']:+d} | "
                     f"{f1(got) - f1(base):+.3f} | {len(cases)}: {', '.join(sorted(cases))} |")
        print(lines[-1], flush=True)
    print("\n".join(lines[:2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predicates", nargs="*")
    parser.add_argument("--mechanisms", action="store_true",
                        help="measure the document-level mechanisms instead of the predicates")
    parser.add_argument("--unlabelled", action="store_true",
                        help="also count the rows each predicate's absence adds and removes on unlabelled news")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ablate-"))
    try:
        bench = Bench(work)
        base = bench.score()
        case_bench = CaseBench()
        base_cases = case_bench.failing()
        lines = [(f"Development sets {', '.join(bench.names)}: headline tp {base['tp']}, fp {base['fp']}, "
                 f"fn {base['fn']}, F1 {f1(base):.3f}; {len(base_cases)} cases failing."), "",
                 "| predicate | frames using it | Δ tp | Δ fp | Δ F1 (dev sets) | cases that fail without it |"
                 + (" unlabelled rows +added/-removed |" if args.unlabelled else ""),
                 "|---|---|---|---|---|---|" + ("---|" if args.unlabelled else "")]
        if args.mechanisms:
            ablate_mechanisms(bench, case_bench, base, base_cases, args.predicates or list(DOCUMENT_MECHANISMS), lines[:2])
            return 0
        news = UnlabelledBench(work / "unlabelled") if args.unlabelled else None
        changed_rows: list[str] = []
        for name in args.predicates or sorted(PREDICATES):
            users = sum(1 for t in _frames().values() for group in (t.verbs, t.nouns) for fs in group.values()
                        for f in fs if name in f.requires or name in f.rejects)
            with without(name):
                got = bench.score()
                cases = case_bench.failing() - base_cases
                added, removed = news.changes() if news else ([], [])
            lines.append(f"| `{name}` | {users} | {got['tp'] - base['tp']:+d} | {got['fp'] - base['fp']:+d} | "
                         f"{f1(got) - f1(base):+.3f} | {len(cases)} |"
                         + (f" +{len(added)}/-{len(removed)} |" if news else ""))
            changed_rows += [f"{name} {sign} {_row_line(key)}" for sign, keys in (("+", added), ("-", removed))
                             for key in keys]
            print(lines[-1], flush=True)
        if not args.predicates:
            RESULTS.mkdir(parents=True, exist_ok=True)
            (RESULTS / "ablation.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
            if news:
                (RESULTS / "ablation-unlabelled.txt").write_text("\n".join(changed_rows) + "\n", encoding="utf-8")
        print("\n".join(lines[:2]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
