"""Extraction measured against gold: the seed must be perfect, the development gold must not regress."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import BBC, PROJECT, SEED, SHARED

from pipelines.cli import main

SCORE = SHARED / "eval" / "score.py"
DEV_GOLD = PROJECT / "tests" / "gold" / "bbc-dev.gold.jsonl"
# Headline F1 (deals+gifts+sanctions+meetings) reached on the development gold; a drop of more than
# 0.03 below it fails the suite so that regressions show. Raise it as the rules improve.
DEV_HEADLINE_F1 = 0.824
# The held-out gold (24 articles annotated separately and never used to tune rules) is measured, not
# tuned against: its floor guards against regressions that the development set would not show.
HOLDOUT_GOLD = PROJECT / "tests" / "gold" / "bbc-holdout.gold.jsonl"
HOLDOUT_HEADLINE_F1 = 0.565

pytestmark = pytest.mark.skipif(not SCORE.exists(), reason="shared/eval not available")


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(warehouse: Path, gold: Path) -> dict[str, dict[str, float]]:
    scorer = _scorer()
    counts, _, errors, missing = scorer.score(str(warehouse), str(gold))
    assert errors == [] and missing == []
    result = {kind: dict(zip(("precision", "recall", "f1"), scorer.prf(c))) for kind, c in counts.items()}
    micro = {k: sum(counts[t][k] for t in scorer.HEADLINE) for k in ("tp", "fp", "fn")}
    result["headline"] = dict(zip(("precision", "recall", "f1"), scorer.prf(micro)))
    return result


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    (root / "raw").mkdir()
    shutil.copy(SEED, root / "raw" / SEED.name)
    assert main(["run", "--raw-dir", str(root / "raw"), "--warehouse", str(root / "w.duckdb")]) == 0
    return root / "w.duckdb"


def test_seed_is_extracted_completely_and_precisely(seed_warehouse: Path) -> None:
    scores = _score(seed_warehouse, SHARED / "eval" / "seed.gold.jsonl")
    for table in ("deals", "gifts", "sanctions", "meetings", "trades"):
        assert scores[table]["precision"] == 1.0 and scores[table]["recall"] == 1.0, (table, scores[table])
    assert scores["statements"]["recall"] >= 0.75


def test_every_fact_has_matching_evidence_and_known_actors(seed_warehouse: Path) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        for table, actor_cols in (("fact_deal", ("party_a_actor_id", "party_b_actor_id")),
                                  ("fact_gift", ("giver_actor_id", "receiver_actor_id")),
                                  ("fact_sanction", ("imposer_actor_id", "target_actor_id")),
                                  ("fact_meeting", ("party_a_actor_id", "party_b_actor_id")),
                                  ("fact_trade", ("party_a_actor_id", "party_b_actor_id")),
                                  ("fact_statement", ("speaker_actor_id",))):
            bad = con.execute(f"""
                SELECT count(*) FROM {table} f JOIN dim_document d USING (document_id)
                WHERE substring(d.body, f.evidence_start + 1, f.evidence_end - f.evidence_start) <> f.evidence_text
                   OR f.confidence NOT BETWEEN 0 AND 1""").fetchall()[0][0]
            assert bad == 0, table
            for col in actor_cols:
                dangling = con.execute(f"""SELECT count(*) FROM {table} WHERE {col} IS NOT NULL
                                           AND {col} NOT IN (SELECT actor_id FROM dim_actor)""").fetchall()[0][0]
                assert dangling == 0, (table, col)


def test_seed_rows_carry_what_the_text_says(seed_warehouse: Path) -> None:
    with duckdb.connect(str(seed_warehouse), read_only=True) as con:
        gifts = con.execute("SELECT giver_code, receiver_code, item, quantity, item_category FROM fact_gift "
                            "ORDER BY item").fetchall()
        trade = con.execute("SELECT value, unit, period FROM fact_trade").fetchall()
        deal_statuses = sorted(r[0] for r in con.execute("SELECT status FROM fact_deal").fetchall())
    assert ("MMR", "RUS", "elephants", 6.0, "animal") in gifts
    assert ("RUS", "MMR", "fighter jets", 6.0, "military_equipment") in gifts
    assert trade == [(40.0, "percent_change", "last year")]
    assert deal_statuses == ["planned", "signed", "signed"]


@pytest.mark.skipif(not BBC.exists(), reason="BBC corpus not available")
@pytest.mark.parametrize(("gold", "floor"), [(DEV_GOLD, DEV_HEADLINE_F1), (HOLDOUT_GOLD, HOLDOUT_HEADLINE_F1)],
                         ids=["development", "held-out"])
def test_gold_headline_does_not_regress(gold: Path, floor: float, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for line in gold.read_text(encoding="utf-8").splitlines():
        source = json.loads(line)["source_name"]
        (raw / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BBC / source, raw / source)
    db = tmp_path / "gold.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    scores = _score(db, gold)
    assert scores["headline"]["f1"] >= floor - 0.03, scores["headline"]
