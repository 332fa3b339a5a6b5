"""Fit the confidence calibration on the development sets; measure it on the measured-only sets.

    .venv/bin/python eval/calibrate.py fit       # writes pipelines/extract/calibration.json
    .venv/bin/python eval/calibrate.py report    # precision per confidence band on the measured-only sets,
                                                 # eval/results/reliability.png and eval/results/reliability.md

A row is judged as ../shared/eval/score.py judges it: a row a gold item takes is right, an asserted row
nothing takes is wrong, and rows only optional items absorb (or non-asserted rows nobody asked for) are
left out. `fit` reads the development sets only; `report` reads the measured-only sets only.
`fit` then scales every fitted value by `unseen_discount`: the development rows were tuned until right, and the
blind figures (development sets scored before any rule saw them) say how much less often rows are right on new
text.

The development gold has almost no wrong rows (rules were tuned on it until it had none), so a fit on it
alone says every row is right. Both commands therefore also take the precision audits' hand judgements
(`eval/audit.py`: unjudged BBC and RAMS news, each row read and judged right or wrong): `fit` those of the
tune halves, `report` those of the BBC audit's measure half.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import audit
import corpora
import duckdb
from score_sets import _scorer

from pipelines.cli import main as pipeline
from pipelines.extract import calibration

TABLES = {"deals": "fact_deal", "gifts": "fact_gift", "sanctions": "fact_sanction", "meetings": "fact_meeting",
          "trades": "fact_trade"}
BANDS = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]
RESULTS = corpora.PROJECT / "eval" / "results"


def build(names: list[str], work: Path) -> Path:
    raw = work / "raw"
    for name in names:
        corpora.materialize(name, raw)
    warehouse = work / "w.duckdb"
    assert pipeline(["run", "--raw-dir", str(raw), "--warehouse", str(warehouse)]) == 0
    return warehouse


def judged_rows(warehouse: Path, names: list[str]) -> list[tuple[str, float, bool]]:
    """(table, confidence, right) for every row the scorer judges, over the given sets."""
    scorer = _scorer()
    con = duckdb.connect(str(warehouse), read_only=True)
    states = scorer.iso3_codes(con)
    judged = []
    for name in names:
        lines = corpora.SETS[name][0].read_text(encoding="utf-8").splitlines()
        gold = [json.loads(line) for line in lines if line.strip()]
        for kind, table in TABLES.items():
            by_doc, err = scorer.load_rows(con, kind)
            assert err is None, err
            for g in gold:
                if kind in g.get("optional_tables", []):
                    continue
                rows = by_doc.get(g["source_name"], [])
                used = [None] * len(rows)
                for item in g.get(kind, []):
                    hit = next((i for i, r in enumerate(rows) if used[i] is None and scorer.status_ok(kind, item, r)
                                and scorer.item_matches(kind, item, r, states)), None)
                    if hit is not None:
                        used[hit] = True
                for item in g.get("optional", {}).get(kind, []):
                    for i, r in enumerate(rows):
                        if used[i] is None and scorer.item_matches(kind, item, r, states):
                            used[i] = False  # absorbed: neither right nor wrong
                for i, r in enumerate(rows):
                    if used[i] is True:
                        judged.append((table, r["confidence"], True))
                    elif used[i] is None and r.get("status") in scorer.ASSERTED[kind]:
                        judged.append((table, r["confidence"], False))
    con.close()
    return judged


def audited_rows(half: str) -> list[tuple[str, float, bool]]:
    """(table, confidence, right) for every asserted row of the audit samples' given half that was judged
    right or wrong by reading (rows judged unsure, or not judged at this extractor's wording, are left out)."""
    verdicts = audit.judgements()
    judged = []
    for sample in audit.SAMPLES:
        for row in audit.collect(sample):
            verdict = verdicts.get(row["key"], ("unjudged", ""))[0]
            if row["half"] == half and row["asserted"] and verdict in ("right", "wrong"):
                judged.append((row["table"], row["confidence"], verdict == "right"))
    print(f"{len(judged)} audited rows judged right or wrong in the {half} halves of {', '.join(audit.SAMPLES)}")
    return judged


def isotonic(points: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    """Pool-adjacent-violators over distinct raw scores: precision that never falls as the score rises,
    each block smoothed towards 0.5 by one pseudo-row of each kind."""
    by_raw: dict[float, list[int]] = defaultdict(lambda: [0, 0])
    for raw, right in points:
        by_raw[raw][0] += int(right)
        by_raw[raw][1] += 1
    blocks = [[raw, raw, hits, n] for raw, (hits, n) in sorted(by_raw.items())]
    merged: list[list[float]] = []
    for block in blocks:
        merged.append(block)
        while len(merged) > 1 and _rate(merged[-2]) > _rate(merged[-1]):
            last = merged.pop()
            merged[-1] = [merged[-1][0], last[1], merged[-1][2] + last[2], merged[-1][3] + last[3]]
    return [(raw, round(_rate(block), 3)) for block in merged for raw in sorted(by_raw) if block[0] <= raw <= block[1]]


def _rate(block: list[float]) -> float:
    return (block[2] + 1) / (block[3] + 2)


def blind_precision() -> tuple[int, int]:
    """Headline rows right and wrong over every development set's blind figure (`eval/results/*-blind.json`:
    each set scored before any rule was changed for it, so the only rows the project may fit on that no rule
    was written for)."""
    right = wrong = 0
    for path in sorted(RESULTS.glob("*-blind.json")):
        for figures in json.loads(path.read_text(encoding="utf-8")).values():
            right += figures["headline"]["tp"]
            wrong += figures["headline"]["fp"]
    return right, wrong


def unseen_discount(judged: list[tuple[str, float, bool]]) -> float:
    """How much less often a row is right on text no rule was written for than on the text the fit reads.
    The development rows are right because rules were tuned on them until they were (0.18.0 to 0.21.0: 0.97 of
    the fit's rows right, 0.84 of the measured-only sets' top band), so the fitted values alone over-state
    precision on new text; the blind figures are the project's one unbiased sample of it. Both rates are
    smoothed by one pseudo-row of each kind, as the isotonic blocks are."""
    right, wrong = blind_precision()
    blind = (right + 1) / (right + wrong + 2)
    fit_right = sum(r for *_, r in judged)
    seen = (fit_right + 1) / (len(judged) + 2)
    discount = min(1.0, blind / seen)
    print(f"blind figures: {right} rows right, {wrong} wrong (smoothed precision {blind:.3f}); "
          f"fit rows {fit_right} of {len(judged)} right ({seen:.3f}): discount {discount:.3f}")
    return discount


def fit(work: Path) -> None:
    names = [n for n, (gold, _, role) in corpora.SETS.items() if role == "development" and gold.exists()]
    with calibration.raw_scores():
        judged = judged_rows(build(names, work), names) + audited_rows("tune")
    discount = unseen_discount(judged)
    fitted = {}
    for table in TABLES.values():
        points = [(conf, right) for t, conf, right in judged if t == table]
        if points:
            fitted[table] = [(raw, round(conf * discount, 3)) for raw, conf in isotonic(points)]
    calibration.CALIBRATION_FILE.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(f"fitted on {len(judged)} judged rows of {', '.join(names)}: {calibration.CALIBRATION_FILE}")
    for table, points in fitted.items():
        print(f"  {table}: " + ", ".join(f"{raw:.2f}->{conf:.2f}" for raw, conf in points))


def report(work: Path) -> None:
    names = [n for n, (gold, _, role) in corpora.SETS.items() if role == "measured" and gold.exists()]
    audited = audited_rows("measure")
    judged = judged_rows(build(names, work), names) + audited
    heading = (f"Measured-only sets ({', '.join(names)}) and the BBC precision audit's measure half: "
               f"{len(judged)} judged rows ({len(audited)} of them audited).")
    lines = [heading, "",
             "| confidence band | rows | right | precision | mean confidence |", "|---|---|---|---|---|"]
    xs, ys, sizes = [], [], []
    for low, high in BANDS:
        band = [(conf, right) for _, conf, right in judged if low <= conf < high]
        if not band:
            continue
        precision = sum(r for _, r in band) / len(band)
        mean = sum(c for c, _ in band) / len(band)
        lines.append(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(band)} | {sum(r for _, r in band)} | "
                     f"{precision:.3f} | {mean:.3f} |")
        xs.append(mean)
        ys.append(precision)
        sizes.append(len(band))
    # Expected calibration error: the rows' mean gap between a band's confidence and its precision.
    ece = sum(n * abs(y - x) for x, y, n in zip(xs, ys, sizes)) / max(sum(sizes), 1)
    lines += ["", f"Expected calibration error (rows' mean gap between band confidence and precision): {ece:.3f}."]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reliability.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    plot(xs, ys, sizes, RESULTS / "reliability.png")


def plot(xs: list[float], ys: list[float], sizes: list[int], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    ax.scatter(xs, ys, s=[20 + 3 * n for n in sizes], color="tab:blue", label="confidence band (size = rows)")
    ax.plot(xs, ys, color="tab:blue")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("mean confidence of the band")
    ax.set_ylabel("precision on measured-only gold")
    ax.set_title("Reliability of row confidence")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("fit", "report"))
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="calibrate-"))
    try:
        fit(work) if args.command == "fit" else report(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
