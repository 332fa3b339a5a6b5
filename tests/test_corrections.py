"""Analysts' corrections (issue 15): written by `python -m pipelines correct`, kept in corrections/*.yaml
beside the raw directory, applied on every write of the warehouse, found again by content after a
refresh, an edited article, a new extractor version and a rebuild from scratch, checked by the contract,
reported when orphaned, and exported as gold that ../shared/eval/score.py scores.

Real text (the seed article), real runs of the job."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest
import yaml
from conftest import SEED, SHARED, run_job

from pipelines import corrections, extract, unchanged
from pipelines.cli import main
from pipelines.settings import Settings

SCORE = SHARED / "eval" / "score.py"


def query(db: Path, text: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(text, params or []).fetchall()


def correct(db: Path, raw: Path, *words: str) -> int:
    return main(["correct", *words, "--warehouse", str(db), "--raw-dir", str(raw)])


def check_results(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], bool]:
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    return {(e.asset_key.to_user_string(), e.check_name): e.passed for e in evaluations}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of the seed article, published by a real run, with no correction."""
    root = tmp_path_factory.mktemp("seeded")
    (root / "raw").mkdir()
    shutil.copy(SEED, root / "raw" / SEED.name)
    assert run_job(root / "raw", root / "w.duckdb").success
    return root


@pytest.fixture
def workspace(seeded: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded raw directory and published warehouse (the working copy is rebuilt)."""
    shutil.copytree(seeded / "raw", tmp_path / "raw")
    shutil.copy(seeded / "w.duckdb", tmp_path / "w.duckdb")
    return tmp_path


def west_on_russia(db: Path) -> list[tuple[Any, ...]]:
    return query(db, "SELECT fact_sanction_id FROM fact_sanction WHERE imposer_code = 'WEST' AND target_code = 'RUS'")


def oil_deal(db: Path) -> list[tuple[Any, ...]]:
    """The port, power plant and refinery deal, by its words (its id changes with the document)."""
    return query(db, "SELECT fact_deal_id, party_a_code, party_b_code, corrected, correction_id FROM fact_deal "
                     "WHERE evidence_text LIKE '%coal-fired thermal power plant%'")


# --- the files ------------------------------------------------------------------------------------

def test_a_correction_names_its_row_by_content_and_says_who_when_why() -> None:
    item = {"action": "set", "table": "fact_gift", "document": "doc_1", "source_name": "a.txt",
            "evidence": {"start": 3, "end": 8, "text": "gives"}, "was": {"giver_code": "MMR"},
            "set": {"status": "pledged", "quantity": "6", "event_date": "2024-05-01"},
            "author": "alice", "at": "2025-01-31T09:30:00+00:00", "why": "it was only urged"}
    parsed = corrections.parse_item(item)
    assert parsed.changes == {"status": "pledged", "quantity": 6.0, "event_date": dt.date(2024, 5, 1),
                              "date_precision": "day"}
    assert parsed.author == "alice" and parsed.why == "it was only urged" and parsed.correction_id.startswith("cor_")
    assert corrections.parse_item(item).correction_id == parsed.correction_id  # stable


@pytest.mark.parametrize(("change", "message"), [
    ({"set": {"giver_code": "XYZ"}}, "fact_gift.giver_code: 'XYZ' is not a state or bloc code"),
    ({"set": {"status": "urged"}}, "fact_gift.status: 'urged' is not a status of fact_gift; use one of delivered"),
    ({"set": {"transfer_kind": "bribe"}}, "fact_gift.transfer_kind: 'bribe' is not a value of fact_gift"),
    ({"set": {"quantity": "-3"}}, "fact_gift.quantity must be greater than 0"),
    ({"set": {"fact_gift_id": "x"}}, "fact_gift.fact_gift_id cannot be corrected"),
    ({"why": None}, "every correction says why"),
    ({"table": "fact_party"}, "table must be one of fact_deal"),
    ({"action": "add", "row": {"giver_code": "RUS"}}, "an added fact_gift row needs item_category, transfer_kind, status"),
])
def test_a_correction_that_breaks_the_contract_is_refused_saying_why(change: dict[str, Any], message: str) -> None:
    item = {"action": "set", "table": "fact_gift", "document": "doc_1", "set": {"status": "pledged"},
            "evidence": {"text": "gives"}, "author": "alice", "at": "2025-01-31", "why": "x", **change}
    with pytest.raises(corrections.CorrectionError, match="^" + re.escape(message)):
        corrections.parse_item(item)


def test_a_bad_file_is_refused_whole_and_the_others_are_kept(tmp_path: Path) -> None:
    good = {"action": "reject", "table": "fact_deal", "document": "doc_1", "evidence": {"text": "x"},
            "author": "a", "at": "2025-01-01", "why": "w"}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump([good, {**good, "set": None, "action": "set"}]), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("- action: [unclosed\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("just a string\n", encoding="utf-8")
    loaded = corrections.load_directory(tmp_path)
    assert [c.action for c in loaded.corrections] == ["reject"]
    assert [(r.file, r.detail.split(":")[0]) for r in loaded.refused] == [
        ("a.yaml", "item 2"), ("b.yaml", "not valid YAML"), ("c.yaml", "a corrections file holds a YAML list of corrections")]


# --- the command ----------------------------------------------------------------------------------

def test_the_command_refuses_a_bad_code_or_status_with_one_clear_line(
        workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, raw = workspace / "w.duckdb", workspace / "raw"
    (deal_id, *_), *_ = oil_deal(db)
    assert correct(db, raw, "set", deal_id, "party_b_code=ZZZ", "--why", "x") == 2
    assert correct(db, raw, "set", deal_id, "status=pledged", "--why", "x") == 2
    assert correct(db, raw, "set", deal_id, "party_a_code=RUS", "--why", "x") == 2  # both sides RUS
    assert correct(db, raw, "reject", "deal_0000000000000000", "--why", "x") == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert errors == [
        ("error: fact_deal.party_b_code: 'ZZZ' is not a state or bloc code; use an ISO 3166-1 alpha-3 code (RUS, MMR, "
         "USA) or a bloc code of the reference table (EU, UN, NATO, WEST ...)"),
        ("error: fact_deal.status: 'pledged' is not a status of fact_deal; use one of signed, agreed, planned, "
         "proposed, under_negotiation, rejected, suspended, cancelled, completed"),
        f"error: {deal_id}: the corrected row fails parties_differ",
        ("error: no fact row deal_0000000000000000 in the published warehouse: take the id from a fact table's "
         "<table>_id or from v_bilateral_event.fact_id")]
    assert not (workspace / "corrections").exists()  # nothing written


# --- the round trip -------------------------------------------------------------------------------

def make_corrections(db: Path, raw: Path) -> None:
    """An analyst's three corrections of the seed, made with the command as the README shows."""
    assert correct(db, raw, "reject", "--query", "SELECT fact_id FROM v_bilateral_event WHERE event_kind = 'sanction' "
                   "AND actor_code = 'WEST' AND counterpart_code = 'RUS'", "--why", "the sanctions are on both",
                   "--author", "alice") == 0
    (deal_id, *_), *_ = oil_deal(db)
    assert correct(db, raw, "set", deal_id, "party_a_code=CAN", "party_b_code=TUR", "--why",
                   "the deal is between Canada and Turkey", "--author", "alice") == 0
    assert correct(db, raw, "add", "fact_meeting", "party_a_code=CHN", "party_b_code=MMR", "meeting_kind=talks",
                   "status=planned", "--document", SEED.name, "--evidence", "met Russian President Vladimir Putin",
                   "--why", "missed", "--author", "bob") == 0


def assert_corrected(db: Path) -> None:
    assert west_on_russia(db) == []
    assert [r[0] for r in query(db, "SELECT fact_table FROM v_rejected_fact")] == ["fact_sanction"]
    [(deal_id, a, b, flag, correction_id)] = oil_deal(db)
    assert (a, b, flag) == ("CAN", "TUR", True) and correction_id.startswith("cor_")
    assert query(db, "SELECT actor_code, counterpart_code, corrected FROM v_bilateral_event WHERE fact_id = ?",
                 [deal_id]) == [("CAN", "TUR", True)]
    assert query(db, "SELECT party_a_code, party_b_code, status, evidence_text, corrected FROM fact_meeting "
                     "WHERE correction_id IS NOT NULL") == [("CHN", "MMR", "planned", "met Russian President Vladimir Putin",
                                                            True)]
    assert query(db, "SELECT state, count(*) FROM correction GROUP BY ALL") == [("applied", 3)]


@pytest.mark.slow
def test_corrections_survive_a_refresh_an_edited_file_a_new_extractor_and_a_rebuild(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, raw = workspace / "w.duckdb", workspace / "raw"
    before = query(db, "SELECT count(*) FROM fact_sanction")[0][0]
    make_corrections(db, raw)
    assert len(west_on_russia(db)) == 1  # a correction is only a file until the next run

    result = run_job(raw, db)
    assert result.success and all(check_results(result).values())
    assert_corrected(db)
    assert query(db, "SELECT count(*) FROM fact_sanction")[0][0] == before - 1
    published = (db.read_bytes(), query(db, "SELECT count(*) FROM event_mention"))

    assert run_job(raw, db).success  # a refresh: nothing changes, the file is not even rewritten
    assert db.read_bytes() == published[0]

    article = raw / SEED.name  # an edited file: a new document, every offset moved
    article.write_text("Updated on Friday with a correction to the headline.\n" + article.read_text(encoding="utf-8"),
                       encoding="utf-8")
    result = run_job(raw, db)
    assert result.success and all(check_results(result).values())
    assert_corrected(db)
    assert query(db, "SELECT count(*) FROM correction WHERE applied_document_id <> document_id") == [(3,)]
    assert query(db, "SELECT DISTINCT evidence_start > 0 FROM fact_meeting WHERE corrected") == [(True,)]

    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "99.0.0")  # a new extractor version re-extracts all
    assert run_job(raw, db).success
    assert query(db, "SELECT DISTINCT extractor_version FROM dim_document") == [("99.0.0",)]
    assert_corrected(db)

    shutil.rmtree(workspace / ".work", ignore_errors=True)  # a rebuild from scratch
    shutil.rmtree(db.parent / ".work", ignore_errors=True)
    db.unlink()
    assert run_job(raw, db).success
    assert_corrected(db)


@pytest.mark.slow
def test_an_undone_correction_gives_back_the_extractors_row_and_an_orphan_is_reported(workspace: Path) -> None:
    db, raw = workspace / "w.duckdb", workspace / "raw"
    extracted = query(db, "SELECT * FROM fact_sanction ORDER BY ALL")
    make_corrections(db, raw)
    assert run_job(raw, db).success

    (workspace / "corrections" / "alice.yaml").unlink()  # alice's two corrections are withdrawn
    assert run_job(raw, db).success
    assert query(db, "SELECT * FROM fact_sanction ORDER BY ALL") == extracted
    assert oil_deal(db)[0][1:4] == ("MMR", "RUS", False)
    assert query(db, "SELECT count(*) FROM v_rejected_fact") == [(0,)]

    # bob's meeting cites a sentence the article no longer has: the correction is orphaned, and said so
    article = raw / SEED.name
    article.write_text(article.read_text(encoding="utf-8").replace("met Russian President Vladimir Putin", "met Putin"),
                       encoding="utf-8")
    result = run_job(raw, db)
    assert result.success
    assert check_results(result)[("correction", "no_orphaned_corrections")] is False
    assert query(db, "SELECT action, state, state_detail LIKE 'the evidence text is no longer in%' FROM correction") == [
        ("add", "orphaned", True)]
    assert query(db, "SELECT count(*) FROM fact_meeting WHERE corrected") == [(0,)]


@pytest.mark.slow
def test_a_refused_correction_is_quarantined_and_fails_its_check(workspace: Path) -> None:
    db, raw = workspace / "w.duckdb", workspace / "raw"
    (workspace / "corrections").mkdir()
    (workspace / "corrections" / "hand.yaml").write_text(yaml.safe_dump([{
        "action": "set", "table": "fact_deal", "source_name": SEED.name, "evidence": {"text": "coal-fired"},
        "set": {"status": "done"}, "author": "eve", "at": "2025-02-01", "why": "typed by hand"}, {
        "action": "add", "table": "fact_meeting", "source_name": SEED.name, "evidence": {"text": "in Moscow yesterday"},
        "row": {"party_a_code": "CHN", "party_b_code": "CHN", "meeting_kind": "talks", "status": "held"},
        "author": "eve", "at": "2025-02-01", "why": "a meeting of China with itself"}]), encoding="utf-8")
    result = run_job(raw, db)
    assert result.success
    assert check_results(result)[("correction", "no_refused_corrections")] is False
    quarantined = query(db, "SELECT stage, reason, detail FROM quarantine ORDER BY detail")
    assert [(stage, reason) for stage, reason, _ in quarantined] == [("correct", "bad_correction")] * 2
    assert any("fact_deal.status: 'done' is not a status of fact_deal" in detail for *_, detail in quarantined)
    # the added row goes through the same pandera model as extracted rows, and is refused by it
    assert query(db, "SELECT action, state_detail FROM correction WHERE action = 'add'") == [
        ("add", "the added row fails parties_differ")]
    assert query(db, "SELECT count(*) FROM fact_meeting WHERE party_a_code = 'CHN'") == [(0,)]


@pytest.mark.slow
def test_a_run_after_only_the_corrections_changed_is_a_real_run(workspace: Path) -> None:
    db, raw = workspace / "w.duckdb", workspace / "raw"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    settings = Settings.from_env(str(raw), str(db))
    assert unchanged.check(raw, db, settings.max_file_bytes, extract.EXTRACTOR_VERSION, settings.corrections_dir)
    make_corrections(db, raw)
    assert unchanged.check(raw, db, settings.max_file_bytes, extract.EXTRACTOR_VERSION,
                           settings.corrections_dir) is None
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    assert_corrected(db)


# --- corrections as gold --------------------------------------------------------------------------

def _score(db: Path, gold: Path) -> dict[str, dict[str, int]]:
    spec = importlib.util.spec_from_file_location("score", SCORE)
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    counts, _, errors, missing = scorer.score(str(db), str(gold))
    assert errors == [] and missing == []
    return {kind: c for kind, c in counts.items() if kind in ("deals", "sanctions", "meetings")}


@pytest.mark.slow
@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval/score.py not available")
def test_corrections_exported_as_gold_score_the_extractor(workspace: Path, seeded: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    db, raw = workspace / "w.duckdb", workspace / "raw"
    make_corrections(db, raw)
    assert run_job(raw, db).success
    [(oil_deal_subject,)] = query(db, "SELECT subject FROM fact_deal WHERE corrected")
    gold = workspace / "corrections.gold.jsonl"
    assert correct(db, raw, "gold", "--out", str(gold)) == 0
    [document] = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    assert document["source_name"] == SEED.name
    assert document["deals"] == [{"a": ["CAN"], "b": ["TUR"], "subject_any": [oil_deal_subject]}]
    assert document["meetings"] == [{"a": ["CHN"], "b": ["MMR"], "status": ["planned"]}]
    assert document["sanctions"] == [] and "trades" in document["optional_tables"]
    # The corrected warehouse says what the analysts say; the extractor alone is charged with what they fixed.
    assert _score(db, gold) == {k: {"tp": tp, "fp": 0, "fn": 0} for k, tp in (("deals", 1), ("sanctions", 0),
                                                                               ("meetings", 1))}
    assert _score(seeded / "w.duckdb", gold) == {"deals": {"tp": 0, "fp": 1, "fn": 1},
                                                 "sanctions": {"tp": 0, "fp": 1, "fn": 0},
                                                 "meetings": {"tp": 0, "fp": 0, "fn": 1}}
    # A correction the extractor gets right by itself is reported as redundant.
    [(nuclear_id,)] = query(db, "SELECT fact_deal_id FROM fact_deal WHERE sector = 'nuclear_energy'")
    assert correct(db, raw, "set", nuclear_id, "status=signed", "--why", "it was signed", "--author", "carol") == 0
    assert run_job(raw, db).success
    assert query(db, "SELECT state, state_detail FROM correction WHERE author = 'carol'") == [
        ("redundant", f"{nuclear_id} already says status=signed")]
    capsys.readouterr()
    assert correct(db, raw, "gold", "--out", str(gold)) == 0
    assert "redundant (the extractor now gets it right): " in capsys.readouterr().err


def test_the_audit_views_and_their_columns_are_described(seeded: Path) -> None:
    views = ("v_rejected_fact", "v_correction_audit")
    with duckdb.connect(str(seeded / "w.duckdb"), read_only=True) as con:
        described = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE view_name IN (?, ?)",
                                     list(views)).fetchall())
        assert set(described) == set(views) and all(described.values())
        assert con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN (?, ?) "
                           "AND comment IS NULL", list(views)).fetchall() == []
        assert con.execute("SELECT count(*) FROM v_correction_audit").fetchall() == [(0,)]


@pytest.mark.slow
def test_the_fanout_job_applies_the_same_corrections(workspace: Path) -> None:
    """The fan-out job (issue 14) writes through the same warehouse stage, corrections included: a new
    warehouse built by it from the same files shows every correction as the asset job does."""
    from test_scale_out import fanout_in_process

    db, raw = workspace / "w.duckdb", workspace / "raw"
    make_corrections(db, raw)
    fanned = workspace / "fanned.duckdb"
    assert fanout_in_process(raw, fanned).success
    assert_corrected(fanned)
