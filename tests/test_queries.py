"""The analyst SQL layer: v_bilateral_event, dim_date, ref_cameo and every query in sql/queries/.

A warehouse is built once per module from the seed article (plus one empty file, so quarantine has a
row, and one off-topic article, so a document without facts exists). Expected values were checked
against the seed article's text; they assert the substance (codes, items, quantities, statuses) and
not evidence wording or confidence, which the extractor may change.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import SEED

from pipelines import schema
from pipelines.cli import main
from pipelines.schema import FACT_TABLES
from pipelines.sql import SQL_DIR
from pipelines.warehouse import apply_schema

QUERIES = SQL_DIR / "queries"
VIEWS = ("v_bilateral_event", "dim_date")
OFF_TOPIC = "bakery.txt"
OFF_TOPIC_TITLE = "Local bakery wins regional bread award"
PAIR = {"country_a": "RUS", "country_b": "MMR"}
SEED_PUBLISHED = dt.datetime(2025, 3, 5, 12, tzinfo=dt.UTC).timestamp()


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("queries")
    raw = root / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    # The seed has no metadata and no dateline: its publication date is the file's (the meeting in Moscow
    # it reports "yesterday" was on 4 March 2025).
    os.utime(raw / SEED.name, (SEED_PUBLISHED, SEED_PUBLISHED))
    (raw / "empty.txt").write_bytes(b"")
    (raw / OFF_TOPIC).write_text(
        f"{OFF_TOPIC_TITLE}\n\nA small bakery in the town centre won first prize at the regional bread fair "
        "on Saturday. The owner has baked the same loaf for forty years.\n",
        encoding="utf-8",
    )
    db = root / "w.duckdb"
    assert main(["run", "--raw-dir", str(raw), "--warehouse", str(db)]) == 0
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | list[Any] | None = None
         ) -> list[dict[str, Any]]:
    cur = con.execute(sql, params if params is not None else [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchall()[0][0]


def run_query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
              ) -> list[dict[str, Any]]:
    return rows(con, (QUERIES / name).read_text(encoding="utf-8"), params or {})


# --- one check per query file -------------------------------------------------------------------


def check_gifts_between_pair(con, result):
    # "thanked Putin for delivering six fighter jets to the junta, which were matched by a gift of six
    # elephants from Myanmar". The third extracted row today ("vital military" aid, from "Russia has
    # provided vital military and diplomatic backing") is tolerated only in the RUS -> MMR direction.
    counted = {(r["giver_code"], r["receiver_code"], r["item"], r["item_category"], r["quantity"], r["status"])
               for r in result if r["quantity"] is not None}
    assert counted == {
        ("MMR", "RUS", "elephants", "animal", 6, "delivered"),
        ("RUS", "MMR", "fighter jets", "military_equipment", 6, "delivered"),
    }
    assert 2 <= len(result) <= 3
    assert all((r["giver_code"], r["receiver_code"]) == ("RUS", "MMR") for r in result if r["quantity"] is None)
    # Either order of the parameters gives the same rows; an unrelated pair gives none.
    swapped = run_query(con, "gifts_between_pair.sql", {"country_a": "MMR", "country_b": "RUS"})
    assert sorted(r["fact_gift_id"] for r in swapped) == sorted(r["fact_gift_id"] for r in result)
    assert run_query(con, "gifts_between_pair.sql", {"country_a": "RUS", "country_b": "USA"}) == []


def check_deals_by_sector_status(con, result):
    by_key = {(r["sector"], r["status"]): r for r in result}
    # "The two sides signed an agreement on construction of a small-scale nuclear plant in Myanmar"
    nuclear = by_key[("nuclear_energy", "signed")]
    assert nuclear["n_deals"] >= 1 and "RUS-MMR" in nuclear["pairs"] and "agreement" in nuclear["deal_types"]
    # "Russian companies also plan to invest in Myanmar's special economic zone in Dawei."
    planned = [r for r in result if r["status"] == "planned"]
    assert any("RUS-MMR" in r["pairs"] and "investment" in r["deal_types"] for r in planned)
    # Plus Mishustin's "agreement reportedly signed last month" (port, power plant, refinery).
    assert sum(r["n_deals"] for r in result if r["status"] == "signed") >= 2
    assert sum(r["n_deals"] for r in result) == count(con, "SELECT count(*) FROM fact_deal") >= 3


def check_sanctions_who_whom(con, result):
    keys = {(r["imposer_code"], r["target_code"], r["measure"]): r for r in result}
    # "its seizure of power in February 2021, which has resulted in far-reaching Western sanctions"
    west = keys[("WEST", "MMR", "sanctions")]
    assert west["status"] in ("in_force", "imposed") and west["n_facts"] == 1
    # "Despite the illegitimate sanctions against Russia and Myanmar" (imposer not named)
    assert any(r["target_code"] == "RUS" and r["measure"] == "sanctions" for r in result)
    assert not any(r["imposer_code"] in ("RUS", "MMR") for r in result)
    assert sum(r["n_facts"] for r in result) == count(con, "SELECT count(*) FROM fact_sanction") >= 2


def check_meetings_per_year_per_pair(con, result):
    assert {(r["state_1"], r["state_2"]) for r in result} == {("MMR", "RUS")}
    by_year = {r["year"]: r for r in result}
    # "the pair met on the sidelines of the Eastern Economic Forum in Vladivostok in September 2022"
    assert by_year[2022]["n_held"] >= 1
    # "as he met Russian President Vladimir Putin in Moscow yesterday": no published date, so no year.
    assert by_year[None]["n_held"] >= 1
    assert set(by_year) <= {2022, None}
    assert sum(r["n_meetings"] for r in result) == count(
        con, "SELECT count(*) FROM fact_meeting WHERE party_a_code IS NOT NULL AND party_b_code IS NOT NULL") >= 2


def check_evidence_for_fact(con, result):
    assert len(result) == 1
    row = result[0]
    assert row["event_kind"] == "gift" and "six elephants" in row["evidence_text"]
    assert row["evidence_matches_body"] is True and row["body_span"] == row["evidence_text"]
    assert row["source_name"] == SEED.name
    # Every fact id resolves to exactly one row whose offsets point at its evidence.
    for (fact_id,) in con.execute("SELECT fact_id FROM v_bilateral_event").fetchall():
        found = run_query(con, "evidence_for_fact.sql", {"fact_id": fact_id})
        assert len(found) == 1 and found[0]["evidence_matches_body"] is True, fact_id
    assert run_query(con, "evidence_for_fact.sql", {"fact_id": "no_such_fact"}) == []


def evidence_params(con) -> dict[str, Any]:
    return {"fact_id": con.execute("SELECT fact_gift_id FROM fact_gift WHERE item = 'elephants'").fetchall()[0][0]}


def check_most_active_pairs(con, result):
    top = result[0]
    assert (top["side_1"], top["side_2"]) == ("MMR", "RUS")
    # 3 deals, 2+ gifts, 2 meetings, 1 trade figure; no sanction between the two.
    assert top["n_deals"] >= 3 and top["n_gifts"] >= 2 and top["n_meetings"] >= 2
    assert top["n_trade_figures"] == 1 and top["n_sanctions"] == 0
    assert top["n_events"] >= 8 and top["avg_goldstein"] > 0
    west = next(r for r in result if (r["side_1"], r["side_2"]) == ("MMR", "WEST"))
    assert west["n_sanctions"] == 1 and west["avg_goldstein"] == -8.0
    assert len(run_query(con, "most_active_pairs.sql", {"top_n": 1})) == 1


def check_pair_warmth_by_year(con, result):
    by_year = {r["year"]: r for r in result}
    # 2022 (Vladivostok), 2024 ("last year", against the file's date of 5 March 2025), 2025 ("last month").
    assert set(by_year) == {2022, 2024, 2025, None}
    # Everything between Russia and Myanmar in the article is cooperative.
    assert all(r["n_hostile"] == 0 and r["avg_goldstein"] > 0 for r in result)
    # 2022: the Vladivostok meeting only, a consultation (CAMEO 040 or 042: Goldstein 1.0 / 1.9).
    assert by_year[2022]["n_events"] == 1 and by_year[2022]["avg_goldstein"] in (1.0, 1.9)
    expected = count(con, """
        SELECT round(avg(goldstein_score), 2) FROM v_bilateral_event
        WHERE event_date IS NULL AND least(actor_code, counterpart_code) = 'MMR'
          AND greatest(actor_code, counterpart_code) = 'RUS'""")
    assert by_year[None]["avg_goldstein"] == expected
    assert run_query(con, "pair_warmth_by_year.sql", {"country_a": "MMR", "country_b": "RUS"}) == result


def check_quotes_by_speaker(con, result):
    def quotes(speaker: str) -> list[dict[str, Any]]:
        return [r for r in result if r["speaker_name"] and speaker in r["speaker_name"]]

    # “I believe that victory must be yours ...,” he told Putin, according to the AFP news agency.
    general = quotes("Min Aung Hlaing")
    assert any(r["reported_via"] == "AFP" and r["quote_text"].startswith("I believe that victory must be yours")
               for r in general)
    assert all(r["speaker_code"] in (None, "MMR") for r in general)
    # “... You brought us six elephants last year ...,” Putin said, Reuters reported.
    putin = quotes("Putin")
    assert any(r["reported_via"] == "Reuters" and "six elephants" in r["quote_text"] for r in putin)
    assert all(r["speaker_code"] == "RUS" for r in putin)
    # “Despite the illegitimate sanctions ...,” Mishustin said ..., according to Russia's Interfax.
    mishustin = quotes("Mishustin")
    assert any(r["reported_via"] == "Interfax" and r["quote_text"].startswith("Despite the illegitimate sanctions")
               for r in mishustin)
    assert all(r["speaker_code"] == "RUS" and r["actor_role"] == "Prime Minister" for r in mishustin)
    assert quotes("National Unity Government")
    assert len(result) == count(con, "SELECT count(*) FROM fact_statement") >= 5
    # Grouped by speaker: the per-speaker count matches the rows and never increases down the list.
    for name, group in itertools.groupby(result, key=lambda r: r["speaker_name"]):
        group = list(group)
        assert all(r["n_quotes_by_speaker"] == len(group) for r in group), name
    assert [r["n_quotes_by_speaker"] for r in result] == sorted((r["n_quotes_by_speaker"] for r in result),
                                                                 reverse=True)


def check_quarantine_summary(con, result):
    ingest = [r for r in result if r["stage"] == "ingest"]
    assert [(r["reason"], r["n_rows"], r["n_sources"], r["sources"]) for r in ingest] == [
        ("empty_file", 1, 1, "empty.txt")]
    assert sum(r["n_rows"] for r in result) == count(con, "SELECT count(*) FROM quarantine")


def check_documents_without_facts(con, result):
    assert [(r["source_name"], r["title"]) for r in result] == [(OFF_TOPIC, OFF_TOPIC_TITLE)]


def check_gifts_by_item_category(con, result):
    by_cat = {r["item_category"]: r for r in result}
    assert by_cat["animal"]["n_gifts"] == 1 and by_cat["animal"]["total_count"] == 6
    assert by_cat["animal"]["items"] == "elephants"
    military = by_cat["military_equipment"]
    assert "fighter jets" in military["items"] and military["total_count"] == 6
    assert military["n_directed_pairs"] == 1  # RUS -> MMR only
    assert sum(r["n_gifts"] for r in result) == count(con, "SELECT count(*) FROM fact_gift")


def check_actors_with_fact_counts(con, result):
    by_name = {r["actor_name"]: r for r in result}
    myanmar = next(r for r in result if r["actor_type"] == "state" and r["country_code"] == "MMR")
    russia = next(r for r in result if r["actor_type"] == "state" and r["country_code"] == "RUS")
    assert myanmar["n_deals"] >= 2 and myanmar["n_gifts"] >= 1 and myanmar["n_sanctions"] >= 1
    assert russia["n_facts"] >= 3
    putin = next(r for name, r in by_name.items() if "Putin" in name)
    assert (putin["actor_type"], putin["country_code"], putin["role"]) == ("person", "RUS", "President")
    assert putin["n_statements"] >= 1
    mishustin = next(r for name, r in by_name.items() if "Mishustin" in name)
    assert (mishustin["country_code"], mishustin["role"]) == ("RUS", "Prime Minister")
    assert mishustin["n_statements"] >= 2
    west = next(r for r in result if r["country_code"] == "WEST")
    assert west["actor_type"] == "bloc" and west["n_sanctions"] >= 1
    # The pipeline deletes actors no fact points to, and the statement counts add up.
    assert all(r["n_facts"] >= 1 for r in result)
    assert sum(r["n_statements"] for r in result) == count(
        con, "SELECT count(*) FROM fact_statement WHERE speaker_actor_id IS NOT NULL")


def check_pair_timeline(con, result):
    assert len(result) == count(con, """
        SELECT count(*) FROM v_bilateral_event
        WHERE least(actor_code, counterpart_code) = 'MMR' AND greatest(actor_code, counterpart_code) = 'RUS'""")
    # The only dated event of the pair comes first.
    assert result[0]["event_kind"] == "meeting" and result[0]["event_date"].year == 2022
    coded = {(r["summary"], r["cameo_code"], r["plover_event_type"], r["goldstein_score"]) for r in result}
    assert {
        ("RUS-MMR agreement (nuclear_energy): signed", "057", "SUPPORT", 8.0),
        ("MMR->RUS gift: 6 elephants (animal): delivered", "070", "AID", 7.0),
        ("RUS->MMR delivery: 6 fighter jets (military_equipment): delivered", "072", "AID", 8.3),
        ("RUS-MMR investment (infrastructure): planned", "0311", "AGREE", 5.2),
        ("RUS-MMR trade_volume: 40 percent_change (last year)", "061", "COOPERATE", 6.4),
    } <= coded
    assert all(r["plover_event_type"] == "CONSULT" for r in result if r["event_kind"] == "meeting")


# file name -> (parameters, or a function of the connection returning them; check)
Check = Callable[[duckdb.DuckDBPyConnection, list[dict[str, Any]]], None]
EXPECTED: dict[str, tuple[dict[str, Any] | Callable[[duckdb.DuckDBPyConnection], dict[str, Any]], Check]] = {
    "gifts_between_pair.sql": (PAIR, check_gifts_between_pair),
    "deals_by_sector_status.sql": ({}, check_deals_by_sector_status),
    "sanctions_who_whom.sql": ({}, check_sanctions_who_whom),
    "meetings_per_year_per_pair.sql": ({}, check_meetings_per_year_per_pair),
    "evidence_for_fact.sql": (evidence_params, check_evidence_for_fact),
    "most_active_pairs.sql": ({"top_n": 20}, check_most_active_pairs),
    "pair_warmth_by_year.sql": (PAIR, check_pair_warmth_by_year),
    "quotes_by_speaker.sql": ({}, check_quotes_by_speaker),
    "quarantine_summary.sql": ({}, check_quarantine_summary),
    "documents_without_facts.sql": ({}, check_documents_without_facts),
    "gifts_by_item_category.sql": ({}, check_gifts_by_item_category),
    "actors_with_fact_counts.sql": ({}, check_actors_with_fact_counts),
    "pair_timeline.sql": ({"country_a": "MMR", "country_b": "RUS"}, check_pair_timeline),
}


def query_files() -> list[str]:
    return sorted(p.name for p in QUERIES.glob("*.sql"))


def test_every_query_file_has_a_check() -> None:
    assert set(query_files()) == set(EXPECTED)
    assert len(EXPECTED) >= 10


@pytest.mark.parametrize("name", query_files())
def test_query_header_documents_question_and_parameters(name: str) -> None:
    text = (QUERIES / name).read_text(encoding="utf-8")
    header = list(itertools.takewhile(lambda line: line.startswith("--"), text.splitlines()))
    assert header and header[0].startswith("-- Question:"), name
    assert any(line.startswith("-- Parameters:") for line in header), name
    body = "\n".join(text.splitlines()[len(header):])
    used = set(re.findall(r"\$([a-z_]+)", body))
    documented = {m for line in header for m in re.findall(r"\$([a-z_]+)", line)}
    assert used == documented, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_result(con, name: str) -> None:
    params, check = EXPECTED[name]
    if callable(params):
        params = params(con)
    result = run_query(con, name, params)
    assert result, f"{name} returned no rows"
    check(con, result)


# --- v_bilateral_event --------------------------------------------------------------------------


BETWEEN_STATES = ("SELECT count(*) FROM fact_statement WHERE speaker_code IS NOT NULL "
                  "AND counterpart_code IS NOT NULL AND speaker_code <> counterpart_code")


def test_view_has_one_row_per_relation(con) -> None:
    """Every fact of the relation tables, and the statements between states only."""
    per_kind = dict(con.execute("SELECT event_kind, count(*) FROM v_bilateral_event GROUP BY ALL").fetchall())
    relations = [t for t in FACT_TABLES if t != "fact_statement"]
    for table in relations:
        assert per_kind.get(table.removeprefix("fact_"), 0) == count(con, f"SELECT count(*) FROM {table}"), table
    assert per_kind.get("statement", 0) == count(con, BETWEEN_STATES)
    total = sum(count(con, f"SELECT count(*) FROM {t}") for t in relations) + count(con, BETWEEN_STATES)
    assert count(con, "SELECT count(*) FROM v_bilateral_event") == total
    assert count(con, "SELECT count(DISTINCT fact_id) FROM v_bilateral_event") == total
    # Seed: 3 deals, 2+ gifts, 2+ sanctions, 2 meetings, 1 trade figure, several statements, a few between states.
    assert per_kind["deal"] >= 3 and per_kind["gift"] >= 2 and per_kind["sanction"] >= 2
    assert per_kind["meeting"] >= 2 and per_kind["trade"] == 1
    assert count(con, "SELECT count(*) FROM fact_statement") >= 5
    assert count(con, "SELECT count(*) FROM fact_statement") > per_kind.get("statement", 0)


def test_statements_between_states_only(empty_warehouse) -> None:
    """A statement is a relation when a speaker of one state speaks about or to another; the rest stay in
    fact_statement."""
    for fact_id, speaker, counterpart in (("st_domestic", "GBR", None), ("st_unknown", None, "RUS"),
                                          ("st_between", "GBR", "RUS"), ("st_self", "GBR", "GBR")):
        insert_fact(empty_warehouse, "fact_statement", fact_id,
                    {"quote_text": "x", "speaker_code": speaker, "counterpart_code": counterpart})
    assert rows(empty_warehouse, "SELECT fact_id, actor_code, counterpart_code, summary FROM v_bilateral_event") == [
        {"fact_id": "st_between", "actor_code": "GBR", "counterpart_code": "RUS",
         "summary": 'GBR->RUS unnamed speaker: "x"'}]


def test_view_rows_are_fully_coded(con) -> None:
    bad = rows(con, """
        SELECT * FROM v_bilateral_event
        WHERE cameo_code IS NULL OR plover_event_type IS NULL OR cameo_name IS NULL
           OR goldstein_score IS NULL OR goldstein_score NOT BETWEEN -10 AND 10 OR summary IS NULL""")
    assert bad == []


def test_view_codes_on_the_seed(con) -> None:
    sanctions = rows(con, "SELECT * FROM v_bilateral_event WHERE event_kind = 'sanction'")
    assert all((r["cameo_code"], r["plover_event_type"], r["goldstein_score"]) == ("163", "SANCTION", -8.0)
               for r in sanctions if r["status"] in ("in_force", "imposed"))
    statements = rows(con, "SELECT * FROM v_bilateral_event WHERE event_kind = 'statement'")
    assert all((r["cameo_code"], r["goldstein_score"]) == ("010", 0.0) for r in statements)
    assert all(r["counterpart_code"] not in (None, r["actor_code"]) for r in statements)
    trade = rows(con, "SELECT * FROM v_bilateral_event WHERE event_kind = 'trade'")
    assert [(r["actor_code"], r["counterpart_code"], r["cameo_code"]) for r in trade] in (
        [("RUS", "MMR", "061")], [("MMR", "RUS", "061")])


def test_views_and_their_columns_are_commented(con) -> None:
    views = dict(con.execute(
        "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal AND view_name IN (?, ?)", list(VIEWS)
    ).fetchall())
    assert set(views) == set(VIEWS) and all(views.values())
    missing = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE table_name IN (?, ?) AND comment IS NULL",
        list(VIEWS)).fetchall()
    assert missing == []
    assert count(con, "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'v_bilateral_event'") == 19


# The mapping for every status, on synthetic rows (the seed only has a few statuses).
COMMON = {"document_id": "doc_x", "evidence_text": "x", "evidence_start": 0, "evidence_end": 1, "confidence": 1.0}
MAPPING_CASES: list[tuple[str, dict[str, Any], str, str, float]] = [
    ("fact_deal", {"deal_type": "agreement", "sector": "energy", "status": "signed"}, "057", "SUPPORT", 8.0),
    ("fact_deal", {"deal_type": "agreement", "sector": "energy", "status": "agreed"}, "057", "SUPPORT", 8.0),
    ("fact_deal", {"deal_type": "investment", "sector": "energy", "status": "planned"}, "0311", "AGREE", 5.2),
    ("fact_deal", {"deal_type": "contract", "sector": "defense", "status": "proposed"}, "0312", "AGREE", 5.2),
    ("fact_deal", {"deal_type": "treaty", "sector": "diplomatic", "status": "proposed"}, "032", "AGREE", 4.5),
    ("fact_deal", {"deal_type": "treaty", "sector": "trade", "status": "under_negotiation"}, "046", "CONSULT", 7.0),
    ("fact_deal", {"deal_type": "contract", "sector": "trade", "status": "rejected"}, "1211", "REJECT", -4.0),
    ("fact_deal", {"deal_type": "contract", "sector": "defense", "status": "rejected"}, "1212", "REJECT", -4.0),
    ("fact_deal", {"deal_type": "joint_project", "sector": "energy", "status": "suspended"}, "160", "SANCTION",
     -4.0),
    ("fact_deal", {"deal_type": "contract", "sector": "energy", "status": "cancelled"}, "160", "SANCTION", -4.0),
    ("fact_deal", {"deal_type": "joint_project", "sector": "energy", "status": "completed"}, "061", "COOPERATE",
     6.4),
    ("fact_gift", {"item_category": "money", "transfer_kind": "grant", "status": "delivered"}, "071", "AID", 7.4),
    ("fact_gift", {"item_category": "medical", "transfer_kind": "donation", "status": "delivered"}, "073", "AID",
     7.4),
    ("fact_gift", {"item_category": "military_equipment", "transfer_kind": "sale", "status": "delivered"}, "062",
     "COOPERATE", 7.4),
    ("fact_gift", {"item_category": "intelligence", "transfer_kind": "aid", "status": "delivered"}, "064",
     "COOPERATE", 7.0),
    ("fact_gift", {"item_category": "money", "transfer_kind": "aid", "status": "pledged"}, "0331", "AGREE", 5.2),
    ("fact_gift", {"item_category": "military_equipment", "transfer_kind": "aid", "status": "planned"}, "0332",
     "AGREE", 5.2),
    ("fact_gift", {"item_category": "food", "transfer_kind": "aid", "status": "refused"}, "1223", "REJECT", -4.0),
    ("fact_gift", {"item_category": "money", "transfer_kind": "aid", "status": "withheld"}, "1621", "SANCTION",
     -5.6),
    ("fact_sanction", {"measure": "embargo", "status": "imposed"}, "163", "SANCTION", -8.0),
    ("fact_sanction", {"measure": "sanctions", "status": "extended"}, "163", "SANCTION", -8.0),
    ("fact_sanction", {"measure": "diplomatic_expulsion", "status": "imposed"}, "161", "SANCTION", -4.0),
    ("fact_sanction", {"measure": "aid_suspension", "status": "in_force"}, "162", "SANCTION", -5.6),
    ("fact_sanction", {"measure": "sanctions", "status": "threatened"}, "1312", "THREATEN", -5.8),
    ("fact_sanction", {"measure": "aid_suspension", "status": "threatened"}, "1311", "THREATEN", -5.8),
    ("fact_sanction", {"measure": "diplomatic_expulsion", "status": "threatened"}, "1313", "THREATEN", -5.8),
    ("fact_sanction", {"measure": "sanctions", "status": "called_for"}, "113", "ACCUSE", -2.0),
    ("fact_sanction", {"measure": "sanctions", "status": "lifted"}, "085", "RETREAT", 7.0),
    ("fact_sanction", {"measure": "trade_restriction", "status": "eased"}, "085", "RETREAT", 7.0),
    ("fact_meeting", {"meeting_kind": "visit", "status": "held"}, "042", "CONSULT", 1.9),
    ("fact_meeting", {"meeting_kind": "call", "status": "held"}, "041", "CONSULT", 1.0),
    ("fact_meeting", {"meeting_kind": "summit", "status": "held"}, "040", "CONSULT", 1.0),
    ("fact_meeting", {"meeting_kind": "visit", "status": "planned"}, "036", "AGREE", 4.0),
    ("fact_meeting", {"meeting_kind": "talks", "status": "refused"}, "125", "REJECT", -5.0),
    ("fact_meeting", {"meeting_kind": "talks", "status": "cancelled"}, "164", "SANCTION", -7.0),
    ("fact_meeting", {"meeting_kind": "visit", "status": "cancelled"}, "161", "SANCTION", -4.0),
    ("fact_trade", {"metric": "exports"}, "061", "COOPERATE", 6.4),
    ("fact_statement", {"quote_text": "x", "speaker_code": "GBR", "counterpart_code": "RUS"}, "010", "COMMENT",
     0.0),
]

# Every value the schema allows for the columns the mapping reads.
DOMAINS: dict[str, dict[str, list[str]]] = {
    "fact_deal": {"deal_type": schema.DEAL_TYPES, "sector": schema.SECTORS, "status": schema.DEAL_STATUSES},
    "fact_gift": {"item_category": schema.ITEM_CATEGORIES, "transfer_kind": schema.TRANSFER_KINDS,
                  "status": schema.GIFT_STATUSES},
    "fact_sanction": {"measure": schema.MEASURES, "status": schema.SANCTION_STATUSES},
    "fact_meeting": {"meeting_kind": schema.MEETING_KINDS, "status": schema.MEETING_STATUSES},
    "fact_trade": {"metric": schema.TRADE_METRICS},
    "fact_statement": {"quote_text": ["x"], "speaker_code": ["GBR"], "counterpart_code": ["RUS"]},
}


def insert_fact(con: duckdb.DuckDBPyConnection, table: str, fact_id: str, values: dict[str, Any]) -> None:
    row = {f"{table}_id": fact_id, **COMMON, **values}
    con.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


@pytest.fixture()
def empty_warehouse():
    connection = duckdb.connect(":memory:")
    apply_schema(connection)
    yield connection
    connection.close()


def test_mapping_of_each_status(empty_warehouse) -> None:
    for i, (table, values, *_) in enumerate(MAPPING_CASES):
        insert_fact(empty_warehouse, table, f"case_{i:03d}", values)
    got = {r[0]: r[1:] for r in empty_warehouse.execute(
        "SELECT fact_id, cameo_code, plover_event_type, goldstein_score FROM v_bilateral_event").fetchall()}
    for i, (table, values, cameo, plover, goldstein) in enumerate(MAPPING_CASES):
        assert got[f"case_{i:03d}"] == (cameo, plover, goldstein), (table, values)


def test_every_contract_value_combination_is_coded(empty_warehouse) -> None:
    n = 0
    for table, domain in DOMAINS.items():
        for combo in itertools.product(*domain.values()):
            insert_fact(empty_warehouse, table, f"combo_{n:05d}", dict(zip(domain, combo)))
            n += 1
    assert count(empty_warehouse, "SELECT count(*) FROM v_bilateral_event") == n
    uncoded = empty_warehouse.execute("""
        SELECT event_kind, status, summary FROM v_bilateral_event
        WHERE cameo_code IS NULL OR goldstein_score IS NULL OR plover_event_type IS NULL""").fetchall()
    assert uncoded == []
    # Events that did not happen never get a done-act code.
    not_done = empty_warehouse.execute("""
        SELECT DISTINCT event_kind, status, cameo_code FROM v_bilateral_event
        WHERE status IN ('planned', 'proposed', 'pledged', 'threatened', 'called_for', 'refused', 'rejected')
          AND cameo_code IN ('057', '061', '062', '064', '070', '071', '072', '073', '040', '041', '042',
                             '046', '163')""").fetchall()
    assert not_done == []


def test_ref_cameo_is_consistent(empty_warehouse) -> None:
    ref = rows(empty_warehouse, "SELECT * FROM ref_cameo")
    plover = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "COMMENT"}
    assert ref and all(r["plover_event_type"] in plover for r in ref)
    assert all(re.fullmatch(r"\d{3,4}", r["cameo_code"]) for r in ref)
    # Re-applying the schema is idempotent.
    apply_schema(empty_warehouse)
    assert rows(empty_warehouse, "SELECT * FROM ref_cameo") == ref


# --- dim_date -----------------------------------------------------------------------------------


def test_dim_date_calendar(con) -> None:
    n, first, last, distinct = con.execute(
        "SELECT count(*), min(date_day), max(date_day), count(DISTINCT date_day) FROM dim_date").fetchall()[0]
    assert (str(first), str(last)) == ("1945-01-01", "2099-12-31")
    assert n == distinct == 56613  # 155 years, 38 of them leap years
    days = {str(r["date_day"]): r for r in rows(
        con, "SELECT * FROM dim_date WHERE date_day IN ('2021-01-01', '2024-01-07', '2024-12-30', '2022-09-01')")}
    assert {k: (v["year"], v["quarter"], v["month"], v["month_name"], v["iso_year"], v["iso_week"],
                v["day_of_week"], v["is_weekend"]) for k, v in days.items()} == {
        "2021-01-01": (2021, 1, 1, "January", 2020, 53, 5, False),
        "2024-01-07": (2024, 1, 1, "January", 2024, 1, 7, True),
        "2024-12-30": (2024, 4, 12, "December", 2025, 1, 1, False),
        "2022-09-01": (2022, 3, 9, "September", 2022, 35, 4, False),
    }
    # Joins to event dates: every dated event finds its day.
    assert count(con, """SELECT count(*) FROM v_bilateral_event e LEFT JOIN dim_date d ON d.date_day = e.event_date
                         WHERE e.event_date IS NOT NULL AND d.date_day IS NULL""") == 0


def test_query_files_are_single_selects() -> None:
    # Nothing in sql/queries writes: each file parses (DuckDB's parser) as exactly one SELECT.
    for name in query_files():
        statements = duckdb.extract_statements(Path(QUERIES / name).read_text(encoding="utf-8"))
        assert [s.type for s in statements] == [duckdb.StatementType.SELECT], name
