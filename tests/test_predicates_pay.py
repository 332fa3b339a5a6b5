"""Only what pays stays: every named predicate has a hard case that fails without it.

A case says which predicates it needs (`covers:` in `tests/cases/*.yaml`). For each predicate the frames
are rebuilt with it struck from every list that names it (`frames.without_predicate`, what
`eval/ablate.py` measures on the gold sets) and its cases are run again: at least one must then fail. A
predicate no case needs is one nothing shows to be worth its branches.
"""

from __future__ import annotations

import sys

import pytest
from cases.runner import Case, check_spec, facts, load_cases, problems
from conftest import PROJECT

from pipelines.extract import engine, frames
from pipelines.extract.predicates import PREDICATES

sys.path.insert(0, str(PROJECT / "eval"))
import corpora

CASES = [case for case in load_cases() if not case.known_gap]

# predicate -> (set, article, the row it keeps out)
ON_ARTICLES = {
    # a planemaker's expected sales, in an article whose other main state is Britain: no sale to Britain
    "market_transaction": ("bbc-unlabelled", "business/069.txt",
                           {"table": "fact_deal", "pair": ["USA", "GBR"], "status": "planned"}),
    # a spokesman of a coalition one state leads: no agreement between it and the article's other state
    "names_two_sides": ("rams-tune", "rams/0451640397bd.txt", {"table": "fact_deal", "pair": ["TUR", "USA"]}),
    # "the US is the largest donor when it comes to refugees": no gift to the article's other state
    "describes_the_giver": ("rams-tune", "rams/64944c66557b.txt",
                            {"table": "fact_gift", "giver_code": "USA", "receiver_code": "SYR"}),
    # partners "funded by the government", at home: no gift to the state the article is about
    "funds_abroad": ("rams-tune", "rams/3228200004e2.txt",
                     {"table": "fact_gift", "giver_code": "RUS", "receiver_code": "USA"}),
    # "Cuban-American voters" in a story of the embargo on Cuba: Cuba is no imposer
    "modifier_names_the_target": ("rams-tune", "rams/64eb2e9a3ca7.txt",
                                  {"table": "fact_sanction", "imposer_code": "CUB"}),
}


def _article_text(corpus: str, source_name: str) -> str:
    if corpus == "bbc-unlabelled":
        return (corpora.CORPORA / "bbc" / source_name).read_text(encoding="utf-8")
    return next(text.text for text in corpora.texts(corpus) if text.source_name == source_name)


def _article_case(name: str) -> Case:
    corpus, source_name, row = ON_ARTICLES[name]
    return Case(file=corpus, id=source_name, text=_article_text(corpus, source_name),
                forbid=(check_spec(row, f"{name} on {source_name}", in_expect=False),))


@pytest.mark.parametrize("name", sorted(PREDICATES))
def test_predicate_has_a_case_that_needs_it(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    covering = [case for case in CASES if name in case.covers]
    if name in ON_ARTICLES:
        covering.append(_article_case(name))
    assert covering, f"no case says `covers: [{name}]`"
    assert not any(problems(case, facts(case.text, case.published)) for case in covering)
    struck = frames.without_predicate(frames.all_frames(), name)
    monkeypatch.setattr(engine, "all_frames", lambda: struck)
    failing = [case.name for case in covering if problems(case, facts(case.text, case.published))]
    assert failing, f"{name}: every case that names it passes without it: {[c.name for c in covering]}"
