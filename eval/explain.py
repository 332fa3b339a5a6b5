"""Show how the extractor reads a text: the parse, the actors, every frame match and what became of it.

    .venv/bin/python eval/explain.py "Kenya received two helicopters from the United States."
    .venv/bin/python eval/explain.py --file raw/article.txt [--published 2024-03-14] [--parse]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipelines.extract.document import event_candidates
from pipelines.extract.engine import Engine, failed_conditions
from pipelines.nlp import load_model, parse_documents
from pipelines.resolve import ARTICLE_TEXT_KEY, ActorResolver


def explain(text: str, published: dt.date | None, show_parse: bool) -> None:
    nlp = load_model()
    parsed = parse_documents([("doc", text)])[0]
    doc = parsed.doc(nlp)
    doc._.published = published
    doc.user_data[ARTICLE_TEXT_KEY] = text
    actors = ActorResolver(nlp)(doc)._.actors
    engine = Engine(actors, published)
    for sentence, start, end in parsed.sentence_tokens(len(doc)):
        span = doc[start:end]
        print(f"\n== {span.text}")
        if show_parse:
            for t in span:
                print(f"  {t.i:>3} {t.text:<14} {t.lemma_:<12} {t.pos_:<6} {t.dep_:<10} -> {t.head.i:<3} {t.ent_type_}")
        for m in actors.mentions_in(span):
            names = ", ".join(f"{a.name} [{a.actor_type} {a.code}]" for a in m.actors)
            print(f"  actor {doc[m.start:m.end].text!r} ({m.kind}): {names}")
        for match in engine.matches(span):
            label = f"  {match.frame.name} @{match.trigger.i} {match.trigger.text!r}"
            if match.support:
                label += f" support={match.support.lemma}"
            failed = []
            if engine.talks_of_topic(match) is None:  # a topic of talks takes the talks' sides in `read`
                engine._fill(match)
                failed = list(failed_conditions(match))
            roles = {r: [a.code for a in v] for r, v in match.roles.items()}
            if failed:
                print(f"{label} roles={roles} -> dropped: {', '.join(failed)}")
                continue
            match.roles.clear()
            match.joint_roles.clear()
            if engine.read(match) is None:
                print(f"{label} roles={roles} -> dropped: no status")
                continue
            rows = event_candidates(engine, match, sentence, published)
            for row in rows:  # as extract_parsed does: later mentions see earlier rows
                engine.discourse.after(row.table, row.side_a and row.side_a.code, row.side_b and row.side_b.code,
                                       match.sent.start, match.status)
            print(f"{label} roles={roles} status={match.status} reading={_reading(match.reading)}")
            for row in rows:
                a, b = row.side_a, row.side_b
                print(f"      row {a and a.code} -> {b and b.code} conf={row.confidence:.2f} "
                      f"{ {k: v for k, v in row.fields.items() if v is not None and k != 'status'} }")


def _reading(reading) -> str:
    return ",".join(k for k, v in reading.__dict__.items() if v) or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("text", nargs="?")
    parser.add_argument("--file", type=Path)
    parser.add_argument("--published", type=dt.date.fromisoformat)
    parser.add_argument("--parse", action="store_true", help="print every token's parse")
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8", errors="replace") if args.file else args.text
    explain(text.strip() + "\n", args.published, args.parse)
    return 0


if __name__ == "__main__":
    sys.exit(main())
