"""Every row of every development text outside the measured sets, and which rows a change adds or removes.

    .venv/bin/python eval/devrows.py rows OUT.json                # ~2,900 texts, about 5 minutes on 2 cores
    .venv/bin/python eval/devrows.py diff BEFORE.json AFTER.json  # rows added and removed, with their sentence

A rule is judged on all development text at once, not only on the texts that have gold: every BBC article of every
folder, the tuning halves of PLV and RAMS, and RAMS tuning 2 and 3; left out are the measured sets' texts and the
measure halves of `eval/audit.py`'s samples, which nobody tunes on (`measured_names`). A change that moves no row
here pays nothing outside the measured sets. Articles are read undated. OUT holds corpus sentences, so it must lie
outside the project (a scratch directory).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import audit
import corpora
import unlabelled

from pipelines.extract import extract_text
from pipelines.schema import FACT_SIDES

TUNING_SETS = ("plv-tune", "rams-tune", "rams-tune2", "rams-tune3")


def measured_names() -> set[str]:
    """Source names nobody may tune on: the measured-only gold sets and the BBC audit's measure half."""
    names = set()
    for gold, _, role in corpora.SETS.values():
        if role == "measured":
            names |= {json.loads(line)["source_name"]
                      for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    # the BBC audit's two parts; its RAMS sample (rams10i) is all of the tune half
    names |= {name for part in audit.sample().values() for name in part if audit.half_of(name) == "measure"}
    return names


def texts() -> Iterator[corpora.Text]:
    """The development texts outside the measured sets, BBC folder by folder, then the tuning sets."""
    measured = measured_names()
    for path in sorted((corpora.CORPORA / "bbc").glob("*/*.txt")):
        name = f"{path.parent.name}/{path.name}"
        if name not in measured:
            yield corpora.Text(name, path.read_text(encoding="latin-1"))
    for name in TUNING_SETS:
        yield from (text for text in corpora.texts(name) if text.source_name not in measured)


def rows(out: Path) -> None:
    if out.resolve().is_relative_to(corpora.PROJECT):
        raise SystemExit(f"{out} is inside the project; its rows quote corpus sentences: write it to a scratch directory")
    found: list[dict[str, Any]] = []
    count = 0
    for text in texts():
        count += 1
        extracted = extract_text(text.text, None, "devrows", frozenset())
        for table in unlabelled.HEADLINE_TABLES:  # rows as `unlabelled.diff` compares them
            a, b = FACT_SIDES[table]
            found += [{"source": text.source_name, "table": table, "a": r[f"{a}_code"], "b": r[f"{b}_code"],
                       "status": r.get("status"), "evidence": r["evidence_text"]} for r in extracted.get(table, [])]
    out.write_text(json.dumps(found, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(found)} rows of {count} texts: {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("rows", "diff"))
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "rows":
        rows(args.paths[0])
    else:
        unlabelled.diff(args.paths[0], args.paths[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
