"""Find text copied from the shared corpora into the project.

The BBC, PLV and RAMS texts in ../shared may be read, never copied: hard cases, comments and notes use
invented sentences. This reports every line of the project's code, cases and docs that shares a run of
`--words` words (default 7) with any corpus text, so a quoted or lightly edited sentence is caught before
it is committed. Gold files (labels of those texts) and the reference tables (official names) are skipped; result
reports and benchmark notes are not (they describe misses in their own words).

    python eval/copied_text.py            # lines sharing 7 words with a corpus text; exit 1 if any
    python eval/copied_text.py --words 9  # only longer runs

A hit is not always a copy: a run of common words ("said it had held talks with the") can match by
chance. Read each hit; rewrite it as an invented sentence when it is a corpus sentence or most of one.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from corpora import CORPORA, PROJECT, plv_texts, rams_documents

SUFFIXES = {".py", ".yaml", ".yml", ".md", ".sql", ".txt", ".toml"}
SKIPPED = {".git", ".venv", ".venv-tools", "gold", "data", "__pycache__", "raw"}


def word_runs(text: str, size: int) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def corpus_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every corpus text: BBC articles, PLV sentences, RAMS windows."""
    for path in sorted((CORPORA / "bbc").glob("*/*.txt")):
        yield f"bbc/{path.parent.name}/{path.name}", path.read_text(encoding="latin-1")
    for half in ("tune", "measure"):
        yield from ((text.source_name, text.text) for text in plv_texts(half))
    for doc in rams_documents():
        yield doc["source_name"], doc["text"]


def corpus_index(size: int) -> dict[str, str]:
    index: dict[str, str] = {}
    for where, text in corpus_texts():
        for run in word_runs(text, size):
            index.setdefault(run, where)
    return index


def project_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        parts = set(path.relative_to(root).parts)
        if path.is_file() and path.suffix in SUFFIXES and not parts & SKIPPED:
            yield path


def copied_lines(files: Iterable[Path], index: dict[str, str], size: int, root: Path) -> Iterator[str]:
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            runs = sorted(word_runs(line, size) & index.keys())
            if runs:
                yield f"{path.relative_to(root)}:{number}: [{index[runs[0]]}] {line.strip()[:140]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=7, help="length of a shared run of words that counts")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    hits = list(copied_lines(project_files(PROJECT), corpus_index(args.words), args.words, PROJECT))
    print("\n".join(hits) if hits else "no line shares a run of words with a corpus text")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
