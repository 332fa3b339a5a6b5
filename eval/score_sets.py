"""Build a fresh warehouse for each gold set and score it: per table precision, recall and F1.

    .venv/bin/python eval/score_sets.py                       # every set that has gold
    .venv/bin/python eval/score_sets.py bbc-dev plv-tune      # some sets
    .venv/bin/python eval/score_sets.py --development         # only the sets rules may be tuned on
    .venv/bin/python eval/score_sets.py --json out.json       # also write the figures as JSON
    .venv/bin/python eval/score_sets.py --misses bbc-dev      # print misses and extras (development sets only)
    .venv/bin/python eval/score_sets.py --floors tests/gold/floors.json   # write the regression floors
                                                                          # (from one warehouse of every set)

Each set is materialised into a scratch directory (`--work`, default a temporary one) and run through
`python -m pipelines run`, exactly as analysts run it. Misses and extras of measured-only sets are never
printed: those sets are for honest figures, not for tuning.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

TABLES = ("deals", "gifts", "sanctions", "meetings", "trades", "statements")
HEADLINE = ("deals", "gifts", "sanctions", "meetings")


def _scorer():
    spec = importlib.util.spec_from_file_location("score", corpora.SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(name: str, work: Path) -> Path:
    """A fresh warehouse for one set, built by the pipeline's CLI in a child process."""
    return run_pipeline([name], work / name)


def build_combined(names: list[str], work: Path) -> Path:
    """One warehouse holding the texts of every given set."""
    return run_pipeline(names, work / "combined")


def run_pipeline(names: list[str], root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    raw = root / "raw"
    raw.mkdir(parents=True)
    for name in names:
        corpora.materialize(name, raw)
    warehouse = root / "w.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    result = subprocess.run([sys.executable, "-m", "pipelines", "run", "--raw-dir", str(raw),
                             "--warehouse", str(warehouse)], cwd=corpora.PROJECT, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{', '.join(names)}: pipeline failed\n{result.stderr[-3000:]}")
    return warehouse


def score(name: str, warehouse: Path) -> tuple[dict, list[str]]:
    scorer = _scorer()
    counts, notes, errors, missing = scorer.score(str(warehouse), str(corpora.SETS[name][0]))
    if errors or missing:
        raise RuntimeError(f"{name}: scoring errors {errors} missing documents {missing[:5]}")
    figures = {}
    for kind in TABLES:
        p, r, f = scorer.prf(counts[kind])
        figures[kind] = {**counts[kind], "precision": p, "recall": r, "f1": f}
    micro = {k: sum(counts[t][k] for t in HEADLINE) for k in ("tp", "fp", "fn")}
    p, r, f = scorer.prf(micro)
    figures["headline"] = {**micro, "precision": p, "recall": r, "f1": f}
    return figures, notes


# A regression is a drop of more than this below the figure reached; set by --floors.
FLOOR_MARGIN = 0.03


def floors(results: dict[str, dict]) -> dict[str, dict[str, float]]:
    """Per set and table (and headline), the F1 the extractor must keep: what it reached, less a margin;
    tables with nothing to find in a set have no floor."""
    result = {}
    for name, figures in results.items():
        result[name] = {t: round(max(0.0, c["f1"] - FLOOR_MARGIN), 3) for t, c in figures.items()
                        if t != "statements" and c["tp"] + c["fn"] > 0}
    return result


def table(results: dict[str, dict]) -> str:
    head = "| set | " + " | ".join(f"{t} F1" for t in TABLES[:5]) + " | headline P / R / F1 | tp fp fn |"
    lines = [head, "|" + "---|" * (len(TABLES[:5]) + 3)]
    for name, figures in results.items():
        cells = []
        for t in TABLES[:5]:
            c = figures[t]
            cells.append("–" if c["tp"] + c["fp"] + c["fn"] == 0 else f"{c['f1']:.3f}")
        h = figures["headline"]
        lines.append(f"| {name} | " + " | ".join(cells) +
                     f" | {h['precision']:.3f} / {h['recall']:.3f} / {h['f1']:.3f} | {h['tp']} {h['fp']} {h['fn']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="gold sets (default: every set with a gold file)")
    parser.add_argument("--development", action="store_true", help="only the sets rules may be tuned on")
    parser.add_argument("--measured", action="store_true", help="only the measured-only sets")
    parser.add_argument("--work", type=Path, help="scratch directory (kept); default a temporary one")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--misses", action="store_true", help="print misses and extras of development sets")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--combined", action="store_true",
                        help="one warehouse for every set (as the quality test builds it) instead of one per set")
    parser.add_argument("--floors", type=Path,
                        help="write per set and table F1 floors (figure minus FLOOR_MARGIN) for the quality test")
    args = parser.parse_args(argv)
    names = args.sets or [n for n, (gold, _, _) in corpora.SETS.items() if gold.exists()]
    if args.development:
        names = [n for n in names if corpora.SETS[n][2] == "development"]
    if args.measured:
        names = [n for n in names if corpora.SETS[n][2] == "measured"]
    work = args.work or Path(tempfile.mkdtemp(prefix="score-sets-"))
    if args.combined or args.floors:
        # One warehouse for every set, as tests/test_extraction_quality.py builds it: the scorer matches
        # gold items to rows greedily in the warehouse's row order, so floors come from the same layout.
        combined = build_combined(names, work)
        warehouses = {name: combined for name in names}
    else:
        with ThreadPoolExecutor(args.jobs) as pool:
            warehouses = dict(zip(names, pool.map(lambda n: build(n, work), names)))
    results = {}
    for name in names:
        figures, notes = score(name, warehouses[name])
        results[name] = figures
        if args.misses and corpora.SETS[name][2] == "development":
            print(f"## {name}")
            print("\n".join(sorted(notes)))
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.floors:
        args.floors.write_text(json.dumps(floors(results), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
