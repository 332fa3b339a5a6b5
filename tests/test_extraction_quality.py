"""Extraction measured against gold: the seed must be exact, and no set or table may fall below its floor.

Every gold set (eval/README.md: BBC development and held-out sets, the tuning and measured-only halves
of PLV and RAMS-dev, the six worked BBC examples) is written into one raw directory and run through the
pipeline once; each set is then scored with ../shared/eval/score.py. The floors are data
(tests/gold/floors.json, written by `eval/score_sets.py --floors`): per set and table, the F1 reached
less 0.03. Raise them when the extractor improves; never lower them to make a change pass.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import BBC, PROJECT, SEED, SHARED

from pipelines.cli import main
from pipelines.schema import ACTOR_REFERENCES

sys.path.insert(0, str(PROJECT / "eval"))
import corpora

SCORE = SHARED / "eval" / "score.py"
FLOORS = json.loads((PROJECT / "tests" / "gold" / "floors.json").read_text(encoding="utf-8"))
HEADLINE = ("deals", "gifts", "sanctions", "meetings")

pytestmark = [pytest.mark.skipif(not SCORE.exists() or not BBC.exists(), reason="../shared not available"),
              pytest.mark.slow]


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counts(warehouse: Path, gold: Path) -> dict[str, dict[str, int]]:
    """tp, fp and fn per table, as ../shared/eval/score.py counts them; every gold line must be scored."""
    counts, _, errors, missing = _scorer().score(str(warehouse), str(gold))
    assert errors == [] and missing == []
    return counts


def _score(warehouse: Path, gold: Path) -> dict[str, dict[str, float]]:
    scorer = _scorer()
    counts = _counts(warehouse, gold)
    result = {kind: dict(zip(("precision", "recall", "f1"), scorer.prf(c))) for kind, c in counts.items()}
    micro = {k: sum(counts[t][k] for t in HEADLINE) for k in ("tp", "fp", "fn")}
    result["headline"] = dict(zip(("precision", "recall", "f1"), scorer.prf(micro)))
    return result


@pytest.fixture(scope="module")
def every_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One warehouse holding the texts of every gold set."""
    root = tmp_path_factory.mktemp("gold")
    raw = root / "raw"
    for name in corpora.SETS:
        corpora.materialize(name, raw)
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(root / "w.duckdb")]) == 0
    return root / "w.duckdb"


def test_seed_is_extracted_completely_and_precisely(every_set: Path) -> None:
    scores = _score(every_set, SHARED / "eval" / "seed.gold.jsonl")
    for table in ("deals", "gifts", "sanctions", "meetings", "trades"):
        assert scores[table]["precision"] == 1.0 and scores[table]["recall"] == 1.0, (table, scores[table])
    assert scores["statements"]["recall"] >= 0.75


def test_every_fact_has_matching_evidence_and_known_actors(every_set: Path) -> None:
    with duckdb.connect(str(every_set), read_only=True) as con:
        for table, actor_cols in ACTOR_REFERENCES.items():
            bad = con.execute(f"""
                SELECT count(*) FROM {table} f JOIN dim_document d USING (document_id)
                WHERE substring(d.body, f.evidence_start + 1, f.evidence_end - f.evidence_start) <> f.evidence_text
                   OR f.confidence NOT BETWEEN 0 AND 1""").fetchall()[0][0]
            assert bad == 0, table
            for col in actor_cols:
                dangling = con.execute(f"""SELECT count(*) FROM {table} WHERE {col} IS NOT NULL
                                           AND {col} NOT IN (SELECT actor_id FROM dim_actor)""").fetchall()[0][0]
                assert dangling == 0, (table, col)


def test_seed_rows_carry_what_the_text_says(every_set: Path) -> None:
    with duckdb.connect(str(every_set), read_only=True) as con:
        seed = [SEED.name]
        gifts = con.execute("SELECT giver_code, receiver_code, item, quantity, item_category FROM fact_gift "
                            "JOIN dim_document USING (document_id) WHERE source_name = ? ORDER BY item", seed).fetchall()
        trade = con.execute("SELECT value, unit, period FROM fact_trade JOIN dim_document USING (document_id) "
                            "WHERE source_name = ?", seed).fetchall()
        deal_statuses = sorted(r[0] for r in con.execute(
            "SELECT status FROM fact_deal JOIN dim_document USING (document_id) WHERE source_name = ?",
            seed).fetchall())
    assert ("MMR", "RUS", "elephants", 6.0, "animal") in gifts
    assert ("RUS", "MMR", "fighter jets", 6.0, "military_equipment") in gifts
    assert trade == [(40.0, "percent_change", "last year")]
    assert deal_statuses == ["planned", "signed", "signed"]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_no_set_or_table_falls_below_its_floor(every_set: Path, name: str) -> None:
    scores = _score(every_set, corpora.SETS[name][0])
    below = {table: (round(scores[table]["f1"], 3), floor) for table, floor in FLOORS[name].items()
             if scores[table]["f1"] < floor}
    assert not below, f"{name}: F1 below the floor (reached, floor): {below}"


DEVELOPMENT = sorted(name for name, (_, _, role) in corpora.SETS.items() if role == "development")


@pytest.mark.parametrize("name", DEVELOPMENT)
def test_no_development_set_has_a_wrong_headline_row(every_set: Path, name: str) -> None:
    """Rules were tuned on these sets until they made no wrong row; one that appears is a regression an F1 floor
    can miss (bbc-dev2 is 19 negatives and one item, so its F1 says nothing about precision)."""
    counts = _counts(every_set, corpora.SETS[name][0])
    wrong = {table: counts[table]["fp"] for table in HEADLINE if counts[table]["fp"]}
    assert not wrong, f"{name}: asserted rows no gold item takes: {wrong}"


def test_the_extractor_writes_no_row_its_own_schema_refuses(every_set: Path) -> None:
    with duckdb.connect(str(every_set), read_only=True) as con:
        refused = con.execute("SELECT table_name, check_name, count(*) FROM quarantine "
                              "WHERE table_name IS NOT NULL GROUP BY ALL").fetchall()
    assert refused == []
