"""`python -m pipelines correct reject|set|add|gold`: an analyst's correction written into the corrections
directory from a fact id or a query on the published warehouse, checked against the contract before it is
written; or every correction exported as gold for `score.py`.

    python -m pipelines correct reject sanc_651264eb6b3a28d6 --why "the sanctions are on Russia, not by the West"
    python -m pipelines correct set deal_7a8346fab8ca4528 party_a_code=CAN party_b_code=TUR --why "..."
    python -m pipelines correct set --query "SELECT fact_id FROM v_bilateral_event WHERE ..." status=pledged --why "..."
    python -m pipelines correct add fact_meeting party_a_code=CHN party_b_code=MMR meeting_kind=talks status=held \\
        --document 000_6e90dc04cbb7a4a9.txt --evidence "..." --why "..."
    python -m pipelines correct gold --out corrections.gold.jsonl

A correction is refused with one line saying why (exit 2): an unknown fact id, a code that is not a state
or bloc, a status or kind outside the table's vocabulary, a corrected row its pandera model refuses.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from pathlib import Path
from typing import Any

from pipelines import console, correcting, corrections, gold, warehouse
from pipelines.display import printable
from pipelines.settings import Settings


def main(args: argparse.Namespace, settings: Settings) -> int:
    console.check_published(settings.warehouse)
    with warehouse.connect(settings.warehouse, read_only=True) as con:
        if args.action == "gold":
            return _gold(con, args.out)
        try:
            drafts = _drafts(con, args)
        except corrections.CorrectionError as exc:
            raise console.CommandError(str(exc), console.USAGE) from None
    path = settings.corrections_dir / (args.file or f"{_file_name(drafts[0].author)}.yaml")
    try:
        corrections.append(path, drafts)
    except (corrections.CorrectionError, OSError) as exc:
        raise console.CommandError(f"cannot write {path}: {printable(exc)}", console.UNUSABLE) from None
    for draft in drafts:
        print(f"{draft.correction_id}: {draft.action} {draft.table} {draft.fact_id or ''}".rstrip()
              + f" -> {printable(path)}")
    print("applied on the next run: python -m pipelines run", file=sys.stderr)
    return console.OK


def _drafts(con: Any, args: argparse.Namespace) -> list[corrections.Correction]:
    author = args.author or getpass.getuser()
    if args.action == "add":
        return [correcting.draft_add(con, args.table, args.document, args.evidence, args.start,
                                     _assignments(args.values), author, args.why)]
    words = list(getattr(args, "fact_ids", None) or getattr(args, "words", None) or [])
    changes = _assignments([w for w in words if "=" in w])
    fact_ids = [w for w in words if "=" not in w]
    if args.query:
        fact_ids += correcting.fact_ids_of_query(con, args.query)
    if not fact_ids:
        raise corrections.CorrectionError("name the rows: FACT_ID ... or --query SQL returning fact ids")
    if args.action == "reject" and changes:
        raise corrections.CorrectionError("reject takes no COLUMN=VALUE: use set to change a row")
    return [correcting.draft_on_fact(con, fact_id, args.action, changes, author, args.why)
            for fact_id in dict.fromkeys(fact_ids)]


def _assignments(words: list[str]) -> dict[str, Any]:
    """COLUMN=VALUE words as a mapping; an empty value (COLUMN=) clears the column."""
    changes: dict[str, Any] = {}
    for word in words:
        column, sep, value = word.partition("=")
        if not sep or not column:
            raise corrections.CorrectionError(f"{word!r} is not COLUMN=VALUE")
        changes[column.strip()] = value.strip() or None
    return changes


def _file_name(author: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", author).strip("._") or "corrections"


def _gold(con: Any, out: str | None) -> int:
    exported = gold.export(con)
    text = exported.jsonl()
    if out:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise console.CommandError(f"cannot write {out}: {printable(exc)}", console.UNUSABLE) from None
    else:
        sys.stdout.write(text)
    for line in exported.redundant:
        print(f"redundant (the extractor now gets it right): {printable(line)}", file=sys.stderr)
    for line in exported.left_out:
        print(f"left out: {printable(line)}", file=sys.stderr)
    print(f"{len(exported.documents)} documents of gold from corrections"
          + (f" in {printable(out)}" if out else ""), file=sys.stderr)
    return console.OK
