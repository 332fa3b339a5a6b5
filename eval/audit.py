"""Precision on unseen BBC news: every fact row of a fixed audit sample, judged by row key.

    .venv/bin/python eval/audit.py sample                      # how many articles each part and half holds
    .venv/bin/python eval/audit.py rows OUT.json               # every fact row of the sample, with its frame
    .venv/bin/python eval/audit.py show OUT.json tune          # the rows of a half not judged yet, to judge
    .venv/bin/python eval/audit.py score OUT.json              # precision per part and half from the judgements
    .venv/bin/python eval/audit.py diff BEFORE.json AFTER.json # rows added and removed, with their judgement
    .venv/bin/python eval/audit.py --sample rams10i rows OUT.json   # the same for another fixed sample

Samples (`--sample`): `bbc10q` (default, below) and `rams10i`, the RAMS tune-half windows that no gold file
judges (eval/README.md, "Precision audit of unjudged RAMS windows, issue-10i"; all of it a tune half).

The sample and its split are fixed in eval/README.md ("Precision audit of unseen news, issue-10q"):
BBC politics/business articles in no gold set and in neither earlier sample ("news"), and half of the
sport/tech/entertainment articles ("offtopic"); the first hex digit of sha256("audit10q:" + name) below 8
is the tune half, the rest the measure half (judged for the figure only). Judgements live in
eval/audit/judgements-<half>.tsv: `key<TAB>right|wrong|unsure<TAB>cause` (the cause names the mechanism
that made a wrong row). The texts are read from ../shared into a scratch directory, never into the project.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import corpora
import unlabelled

from pipelines import ingest, nlp
from pipelines.extract import document as extract_document

JUDGEMENTS = Path(__file__).resolve().parent / "audit"
NEWS_FOLDERS = ("politics", "business")
OFFTOPIC_FOLDERS = ("sport", "tech", "entertainment")
# Statuses the scorer counts as a prediction (../shared/eval/score.py ASSERTED).
ASSERTED = {"fact_deal": {"signed", "agreed", "completed", None}, "fact_gift": {"delivered", "pledged", None},
            "fact_sanction": {"imposed", "in_force", "extended", None}, "fact_meeting": {"held", None},
            "fact_trade": {None}}


def _hash(name: str) -> str:
    return hashlib.sha256(f"audit10q:{name}".encode()).hexdigest()


def half_of(name: str) -> str:
    return "tune" if int(_hash(name)[0], 16) < 8 else "measure"


def _holdout3_names() -> set[str]:
    path = corpora.GOLD_DIR / "bbc-holdout3.gold.jsonl"
    return {json.loads(line)["source_name"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def sample() -> dict[str, list[str]]:
    """Article names (folder/name) of each part, in sorted order."""
    gold = unlabelled._gold_names()
    earlier = {f"{p.parent.name}/{p.name}" for p in unlabelled.sample()}
    gold_at_first_audit = gold - _holdout3_names()
    parts: dict[str, list[str]] = {"news": [], "offtopic": []}
    for folder in NEWS_FOLDERS:
        names = sorted(f"{folder}/{p.name}" for p in (corpora.CORPORA / "bbc" / folder).glob("*.txt"))
        first_audit = [n for n in names if n not in gold_at_first_audit]
        audited = {n for i, n in enumerate(first_audit) if i % 6 in (0, 3)}
        parts["news"] += [n for n in names if n not in gold and n not in earlier and n not in audited]
    for folder in OFFTOPIC_FOLDERS:
        names = sorted(f"{folder}/{p.name}" for p in (corpora.CORPORA / "bbc" / folder).glob("*.txt"))
        parts["offtopic"] += [n for n in names if n not in gold and int(_hash(n)[1], 16) < 8]
    return parts


SAMPLES = ("bbc10q", "rams10i")


def rams10i_sample() -> dict[str, str]:
    """The unjudged RAMS tune-half documents: source name -> text (the measured half is never read)."""
    # rams-tune2 and rams-tune3 annotate these same documents later; the sample stays the one fixed here
    return {d["source_name"]: d["text"] + "\n" for d in corpora.rams_unjudged_documents()}


def _write_bbc(raw: Path, name: str) -> None:
    target = raw / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((corpora.CORPORA / "bbc" / name).read_bytes())


def _sample_files(which: str) -> tuple[dict[str, tuple[str, str]], Any]:
    """Per source name its (part, half), and a function writing a name's text under a raw directory."""
    if which == "rams10i":
        texts = rams10i_sample()

        def write_rams(raw: Path, name: str) -> None:
            target = raw / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(texts[name], encoding="utf-8")
        return {n: ("rams-unjudged", "tune") for n in texts}, write_rams
    return {n: (part, half_of(n)) for part, names in sample().items() for n in names}, _write_bbc


def _extract_noting_frames(documents: Any, parsed: Any) -> tuple[Any, dict[tuple[str, int, str, str], set[str]]]:
    """Extract as a run does, with the candidate builder wrapped to note which frame made each mention."""
    seen: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    current = [""]
    build, per_document = extract_document.event_candidates, extract_document.extract_parsed

    def noting(engine: Any, match: Any, sentence: Any, published: Any) -> Any:
        result = build(engine, match, sentence, published)
        for cand in result:
            seen[(current[0], cand.sentence_start, cand.trigger, cand.table)].add(match.frame.name)
        return result

    def document(document_id: str, *args: Any, **kwargs: Any) -> Any:
        current[0] = document_id
        return per_document(document_id, *args, **kwargs)

    extract_document.event_candidates, extract_document.extract_parsed = noting, document
    try:
        tables = extract_document.extract_documents(documents, parsed, nlp.DEFAULT_MODEL)
    finally:
        extract_document.event_candidates, extract_document.extract_parsed = build, per_document
    return tables, seen


def row_key(row: dict[str, Any]) -> str:
    digest = hashlib.sha256(row["evidence"].encode("utf-8")).hexdigest()[:10]
    return "|".join(str(x) for x in (row["source"], row["table"].removeprefix("fact_"), row["a"], row["b"],
                                      row["status"], row["trigger"], digest))


def collect(which: str = "bbc10q") -> list[dict[str, Any]]:
    """Every fact row of a sample, keyed for judging, with the frames that made it and its confidence."""
    part_of, write = _sample_files(which)
    found: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="audit10q-") as tmp:
        raw = Path(tmp) / "raw"
        for name in part_of:
            write(raw, name)
        result = ingest.ingest_directory(raw, 5 * 1024 * 1024)
        documents = ingest.documents_with_bodies(result, "audit10q")
        parsed = nlp.parse_documents(list(zip(documents["document_id"], documents["body"])))
        tables, frames = _extract_noting_frames(documents, parsed)
    names = dict(zip(documents["document_id"], documents["source_name"]))
    for table in unlabelled.HEADLINE_TABLES:
        for row in tables.facts[table].iter_rows(named=True):
            source = names[row["document_id"]]
            item = {"part": part_of[source][0], "half": part_of[source][1], "source": source, "table": table,
                    "a": next((row[c] for c in unlabelled.SIDE_A if c in row), None),
                    "b": next((row[c] for c in unlabelled.SIDE_B if c in row), None),
                    "status": row.get("status"), "trigger": row["trigger"],
                    "frames": sorted(frames.get((row["document_id"], row["evidence_start"], row["trigger"], table), set())),
                    "asserted": row.get("status") in ASSERTED[table], "evidence": row["evidence_text"],
                    "confidence": row["confidence"]}
            item["key"] = row_key(item)
            found.append(item)
    return sorted(found, key=lambda r: r["key"])


def rows(out: Path, which: str = "bbc10q") -> None:
    found = collect(which)
    names = {r["source"] for r in found}
    out.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    counts = Counter((r["part"], r["half"]) for r in found)
    print(f"{len(found)} rows from {len(names)} articles with rows -> {out}: {dict(sorted(counts.items()))}")


def judgements() -> dict[str, tuple[str, str]]:
    judged: dict[str, tuple[str, str]] = {}
    for path in sorted(JUDGEMENTS.glob("judgements-*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, verdict, *cause = line.split("\t")
                if verdict not in ("right", "wrong", "unsure"):
                    raise SystemExit(f"{path.name}: unknown judgement {verdict!r} for {key}")
                judged[key] = (verdict, cause[0] if cause else "")
    return judged


def _load(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def show(path: Path, half: str) -> None:
    judged = judgements()
    for r in _load(path):
        if r["half"] == half and r["key"] not in judged:
            print(f"{r['key']}\n   {r['table']} {r['a']} -> {r['b']} {r['status']} via {r['frames']} "
                  f"'{r['trigger']}'\n   {r['evidence'][:400]}\n")


def _precision(right: int, wrong: int) -> str:
    return f"{right / (right + wrong):.3f}" if right + wrong else "-"


def score(path: Path) -> None:
    judged = judgements()
    tally: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    causes: Counter[str] = Counter()
    for r in _load(path):
        verdict = judged.get(r["key"], ("unjudged", ""))
        for scope in ("asserted", "all") if r["asserted"] else ("all",):
            tally[(r["part"], r["half"], scope)][verdict[0]] += 1
            tally[("both", r["half"], scope)][verdict[0]] += 1
        if verdict[0] == "wrong" and r["half"] == "tune":
            causes[verdict[1]] += 1
    print(f"{'part':<9} {'half':<8} {'rows':<9} right wrong unsure unjudged  precision")
    for (part, half, scope), c in sorted(tally.items()):
        print(f"{part:<9} {half:<8} {scope:<9} {c['right']:5d} {c['wrong']:5d} {c['unsure']:6d} {c['unjudged']:8d}"
              f"  {_precision(c['right'], c['wrong'])}")
    if causes:
        print("wrong rows of the tune half by cause:")
        for cause, n in causes.most_common():
            print(f"  {n:3d}  {cause}")


def diff(before: Path, after: Path) -> None:
    judged = judgements()
    old = {r["key"]: r for r in _load(before)}
    new = {r["key"]: r for r in _load(after)}
    for sign, keys, rows_ in (("+", new.keys() - old.keys(), new), ("-", old.keys() - new.keys(), old)):
        for key in sorted(keys):
            r = rows_[key]
            verdict = judged.get(key, ("unjudged", ""))[0]
            print(f"{sign} [{r['half']} {verdict}] {key}\n     {r['evidence'][:300]}")
    print(f"added {len(new.keys() - old.keys())}, removed {len(old.keys() - new.keys())}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("sample", "rows", "show", "score", "diff"))
    parser.add_argument("args", nargs="*")
    parser.add_argument("--sample", choices=SAMPLES, default="bbc10q")
    args = parser.parse_args(argv)
    if args.command == "sample":
        part_of, _ = _sample_files(args.sample)
        print(Counter(part_of.values()))
    elif args.command == "rows":
        rows(Path(args.args[0]), args.sample)
    elif args.command == "show":
        show(Path(args.args[0]), args.args[1])
    elif args.command == "score":
        score(Path(args.args[0]))
    else:
        diff(Path(args.args[0]), Path(args.args[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
