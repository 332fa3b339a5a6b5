"""The engine's word lists are data (`pipelines/frames/lexicon.yaml`), loaded once: the lists are the file's,
and the engine's slots change with the file, not with a copy kept in code."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from pipelines.extract import engine, extract_text, vocabulary
from pipelines.frames import load_yaml


def gift_receivers(text: str) -> list[str | None]:
    rows = extract_text(text, None, "doc_lexicon")
    return [r["receiver_code"] for r in rows.get("fact_gift", [])]


def test_the_lists_are_the_files() -> None:
    data = load_yaml("lexicon.yaml")
    lexicon = vocabulary.engine_lexicon()
    assert lexicon.permitting_verbs == frozenset(data["permitting_verbs"])
    assert lexicon.people_nouns == frozenset(data["people_nouns"])
    assert lexicon.landmark_preps == frozenset(data["landmark_preps"])
    assert lexicon.time_preps == frozenset(data["time_preps"])
    assert lexicon.attempt_goals == frozenset(data["attempt_goals"])
    assert lexicon.purchase_offer_words == frozenset(data["purchase_offer_words"])
    assert vocabulary.engine_lexicon() is lexicon  # loaded once


def test_the_engine_keeps_no_copy_of_the_lists() -> None:
    source = ast.parse(Path(engine.__file__).read_text(encoding="utf-8"))
    names = {t.id for node in ast.walk(source) if isinstance(node, ast.Assign) for t in node.targets
             if isinstance(t, ast.Name)}
    assert not names & {"LANDMARK_PREPS", "PEOPLE_NOUNS", "PERMITTING_VERBS"}


def test_the_permitter_slot_reads_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Sudan said it would allow the WFP to deliver food to a million people."
    assert gift_receivers(text) == ["SDN"]
    lexicon = vocabulary.engine_lexicon()
    without_allow = dataclasses.replace(lexicon, permitting_verbs=lexicon.permitting_verbs - {"allow"})
    monkeypatch.setattr(engine, "engine_lexicon", lambda: without_allow)
    assert "SDN" not in gift_receivers(text)


def _refuses(monkeypatch: pytest.MonkeyPatch, loader: Any, data: dict[str, Any], error: str) -> None:
    """A cached lexicon loader given `data` as lexicon.yaml raises LexiconError naming `error` (its cache
    cleared before and after, so no other test sees the bad lexicon)."""
    monkeypatch.setattr(vocabulary, "load_yaml", lambda name: data)
    loader.cache_clear()
    try:
        with pytest.raises(vocabulary.LexiconError, match=error):
            loader()
    finally:
        loader.cache_clear()


def test_treaty_name_words_have_one_loader() -> None:
    """The actor component reads the treaty words (it sits below the engine, which asks it); the engine's
    lexicon neither holds nor refuses them."""
    from pipelines.resolve import treaty_name_words

    assert treaty_name_words() == frozenset(w.lower() for w in load_yaml("lexicon.yaml")["treaty_name_words"])
    assert "treaty_name_words" not in vocabulary.EngineLexicon.__dataclass_fields__
    assert "treaty_name_words" in vocabulary.OTHER_READERS


def test_a_lexicon_without_a_list_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _refuses(monkeypatch, vocabulary.engine_lexicon, {"people_nouns": ["refugee"]}, "permitting_verbs")


def test_sport_and_office_words_are_the_files() -> None:
    data = load_yaml("lexicon.yaml")
    lexicon = vocabulary.engine_lexicon()
    assert lexicon.sport_words == frozenset(data["sport_words"])
    assert lexicon.office_words == frozenset(data["office_words"])


def test_a_sport_article_is_read_on_its_whole_text() -> None:
    """The pre-filter parses only sentences with a trigger word; the article's sense reads every sentence."""
    from pipelines.extract.predicates import sport_article
    from pipelines.nlp import load_model, parse_documents
    from pipelines.resolve import ARTICLE_TEXT_KEY

    text = ("Chile met Peru on Sunday. The squad trained in the stadium. The referee praised the match.\n")
    doc = parse_documents([("doc_sport", text)])[0].doc(load_model())
    doc.user_data[ARTICLE_TEXT_KEY] = text
    assert sport_article(doc)
    other = parse_documents([("doc_news", "Chile met Peru on Sunday. The stadium was new.\n")])[0].doc(load_model())
    other.user_data[ARTICLE_TEXT_KEY] = "Chile met Peru on Sunday. The stadium was new.\n"
    assert not sport_article(other)


def test_a_table_rejects_only_known_predicates() -> None:
    from pipelines.extract.frames import FrameError, parse_table
    from pipelines.extract.predicates import PREDICATES

    data = {**load_yaml("meetings.yaml"), "rejects": ["no_such_predicate"]}
    with pytest.raises(FrameError, match="no_such_predicate"):
        parse_table(data, set(PREDICATES), "meetings.yaml")
    assert parse_table(load_yaml("meetings.yaml"), set(PREDICATES), "meetings.yaml").rejects == (
        "teams_in_a_sport_article", "a_sporting_fixture")


def test_the_item_categories_are_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kinds of things given are data (issue-10y): the file's patterns in its order, and a change to the
    file changes what an item is."""
    entries = load_yaml("lexicon.yaml")["item_categories"]
    assert vocabulary.item_categories() == tuple((e["category"], e["pattern"]) for e in entries)
    rows = extract_text("China gave two pandas to Australia.", None, "doc_lexicon")["fact_gift"]
    assert [r["item_category"] for r in rows] == ["animal"]
    without_animals = tuple(c for c in vocabulary.item_categories() if c[0] != "animal")
    monkeypatch.setattr(vocabulary, "item_categories", lambda: without_animals)
    from pipelines.extract import fields

    monkeypatch.setattr(fields, "item_categories", lambda: without_animals)
    rows = extract_text("China gave two pandas to Australia.", None, "doc_lexicon")["fact_gift"]
    assert all(r["item_category"] != "animal" for r in rows)


def test_an_unknown_item_category_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    _refuses(monkeypatch, vocabulary.item_categories,
             {"item_categories": [{"category": "spaceship", "pattern": "rocket"}]}, "spaceship")
