"""The corpora in ../shared are read, never copied: no line of the project's code, cases, docs or result reports
shares a run of seven words with a BBC article, a PLV sentence or a RAMS window (eval/copied_text.py)."""

from __future__ import annotations

import sys

import pytest
from conftest import BBC, PROJECT

sys.path.insert(0, str(PROJECT / "eval"))
import copied_text

pytestmark = pytest.mark.skipif(not BBC.exists(), reason="../shared not available")


@pytest.fixture(scope="module")
def index() -> dict[str, str]:
    return copied_text.corpus_index(7)


def test_no_project_line_copies_a_corpus_text(index: dict[str, str]) -> None:
    hits = list(copied_text.copied_lines(copied_text.project_files(PROJECT), index, 7, PROJECT))
    assert hits == [], "\n".join(hits[:20])


def test_the_check_sees_result_reports() -> None:
    """Reports under eval/results are scanned: misses are told in the reports' own words."""
    files = {p.relative_to(PROJECT).as_posix() for p in copied_text.project_files(PROJECT)}
    assert any(f.startswith("eval/results/") and f.endswith(".md") for f in files)


def test_a_copied_sentence_is_found(index: dict[str, str], tmp_path) -> None:
    """The check is no stub: a line holding seven words of a corpus text in a row is reported."""
    where, text = next(copied_text.corpus_texts())
    words = text.split()
    copy = tmp_path / "note.md"
    copy.write_text("As the article put it: " + " ".join(words[10:20]) + "\n", encoding="utf-8")
    hits = list(copied_text.copied_lines([copy], index, 7, tmp_path))
    assert hits and where in hits[0]
