"""More hand-written hard cases, written from the warehouse contract and ANNOTATING.md (not from the code).

Each test states what a competent analyst expects for a short invented news text: negation, modality
and tense, reversals, reported speech, pronouns and definite descriptions, multi-party deals, IGOs and
blocs, numbers, dates, people/companies/capitals standing for states, quotes, and distractors that
must give no row.
"""

from __future__ import annotations

import datetime as dt

from test_hard_cases import facts, only

# Statuses that assert the thing happened (ANNOTATING.md, "Status").
ASSERTED = {
    "fact_deal": {"signed", "agreed", "completed"},
    "fact_gift": {"delivered", "pledged"},
    "fact_sanction": {"imposed", "in_force", "extended"},
    "fact_meeting": {"held"},
}
FACT_TABLES = ("fact_deal", "fact_gift", "fact_sanction", "fact_meeting", "fact_trade")


def asserted(rows: dict[str, list[dict]], table: str) -> list[dict]:
    """Rows of `table` whose status claims the thing happened (or that carry no status)."""
    return [r for r in rows.get(table, []) if r.get("status") is None or r["status"] in ASSERTED[table]]


def pair(row: dict) -> frozenset:
    return frozenset((row["party_a_code"], row["party_b_code"]))


# --- negation -------------------------------------------------------------------------------------

def test_did_not_sign_is_not_a_signed_deal() -> None:
    rows = facts("Serbia did not sign the energy agreement with Hungary on Tuesday, officials said.\n")
    assert asserted(rows, "fact_deal") == []
    for row in rows.get("fact_deal", []):
        assert pair(row) == {"SRB", "HUN"}


def test_failed_to_reach_agreement_is_not_an_agreed_deal() -> None:
    rows = facts("Talks between Ethiopia and Egypt on the Nile dam failed to reach agreement on Wednesday.\n")
    assert asserted(rows, "fact_deal") == []


def test_refused_to_meet_is_refused_or_nothing() -> None:
    rows = facts("Turkish President Recep Tayyip Erdogan refused to meet the Swedish prime minister in Ankara.\n")
    meetings = rows.get("fact_meeting", [])
    assert [r["status"] for r in meetings] in ([], ["refused"])
    for row in meetings:
        assert pair(row) == {"TUR", "SWE"}


def test_no_aid_was_delivered_is_not_a_delivered_gift() -> None:
    rows = facts("Despite earlier promises, no Japanese aid was delivered to Myanmar in March.\n")
    assert asserted(rows, "fact_gift") == []


# --- modality and tense ---------------------------------------------------------------------------

def test_will_visit_is_planned_visit_with_visitor_first() -> None:
    row = only(facts("German Chancellor Olaf Scholz will visit India in February.\n"), "fact_meeting")
    assert (row["party_a_code"], row["party_b_code"]) == ("DEU", "IND")
    assert row["status"] == "planned"
    assert row["meeting_kind"] == "visit"


def test_plans_to_invest_is_planned_investment_with_amount() -> None:
    rows = facts("Saudi Arabia plans to invest $10bn in an oil refinery in Pakistan.\n")
    row = only(rows, "fact_deal")
    assert (row["party_a_code"], row["party_b_code"]) == ("SAU", "PAK")
    assert row["status"] == "planned"
    assert row["deal_type"] == "investment"
    assert (row["amount"], row["amount_unit"]) == (10_000_000_000, "USD")


def test_is_expected_to_sign_is_not_signed() -> None:
    row = only(facts("Egypt is expected to sign a contract with Russia for four nuclear reactors.\n"), "fact_deal")
    assert pair(row) == {"EGY", "RUS"}
    assert row["status"] in {"planned", "proposed", "under_negotiation"}
    assert row["sector"] == "nuclear_energy"


def test_threatened_sanctions_over_a_purchase() -> None:
    row = only(facts("The United States threatened sanctions against Turkey over its air defence plans.\n"),
               "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["status"]) == ("USA", "TUR", "threatened")


def test_called_for_sanctions_is_called_for() -> None:
    row = only(facts("Lithuania called for new European Union sanctions against Belarus.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("EU", "BLR")
    assert row["status"] == "called_for"


def test_could_face_sanctions_is_a_threat() -> None:
    row = only(facts("Venezuela could face sanctions from the United States if the election is delayed.\n"),
               "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["status"]) == ("USA", "VEN", "threatened")


# --- reversal -------------------------------------------------------------------------------------

def test_lifted_sanctions_with_month_date() -> None:
    row = only(facts("The European Union lifted sanctions on Uzbekistan in October 2009.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["status"]) == ("EU", "UZB", "lifted")
    assert (row["event_date"], row["date_precision"]) == (dt.date(2009, 10, 1), "month")


def test_eased_restrictions_are_eased() -> None:
    row = only(facts("Washington eased restrictions on exports of farm equipment to Cuba.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["status"]) == ("USA", "CUB", "eased")
    assert row["measure"] in {"export_control", "trade_restriction", "embargo"}


def test_halted_aid_is_aid_suspension_not_gift() -> None:
    rows = facts("Britain halted aid to Rwanda over its support for rebels in Congo.\n")
    row = only(rows, "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("GBR", "RWA")
    assert row["measure"] == "aid_suspension"
    assert row["status"] in {"imposed", "in_force"}
    assert asserted(rows, "fact_gift") == []


# --- reported speech ------------------------------------------------------------------------------

def test_reportedly_signed_is_still_signed() -> None:
    row = only(facts("Russia and Mali reportedly signed an agreement to build a gold refinery near Bamako.\n"),
               "fact_deal")
    assert pair(row) == {"RUS", "MLI"}
    assert row["status"] == "signed"


# --- pronouns and definite descriptions -----------------------------------------------------------

def test_pronoun_refers_to_named_foreign_minister() -> None:
    text = ("Chinese Foreign Minister Wang Yi arrived in Canberra on Tuesday.\n"
            "He later met Australian Prime Minister Anthony Albanese at Parliament House.\n")
    meetings = facts(text).get("fact_meeting", [])
    assert meetings, "expected a CHN-AUS meeting"
    assert all(pair(r) == {"CHN", "AUS"} for r in meetings)
    assert any(r["status"] == "held" for r in meetings)


def test_the_two_countries_resolve_to_the_pair() -> None:
    text = ("Vietnamese and Japanese officials met in Hanoi on Friday.\n"
            "The two countries agreed to expand cooperation on semiconductors.\n")
    row = only(facts(text), "fact_deal")
    assert pair(row) == {"VNM", "JPN"}
    assert row["status"] == "agreed"


def test_the_two_sides_signed_a_memorandum() -> None:
    text = ("Kenyan President William Ruto hosted his Ugandan counterpart Yoweri Museveni in Nairobi.\n"
            "The two sides signed a memorandum of understanding on an oil pipeline.\n")
    row = only(facts(text), "fact_deal")
    assert pair(row) == {"KEN", "UGA"}
    assert row["status"] == "signed"
    assert row["deal_type"] == "memorandum"
    assert row["sector"] == "oil_gas"


# --- multi-party deals ----------------------------------------------------------------------------

def test_three_states_sign_with_a_fourth() -> None:
    rows = facts("France, Germany and Italy signed a gas supply agreement with Algeria on Monday.\n")
    deals = rows.get("fact_deal", [])
    pairs = {pair(r) for r in deals}
    assert {frozenset({"FRA", "DZA"}), frozenset({"DEU", "DZA"}), frozenset({"ITA", "DZA"})} <= pairs
    assert all(r["status"] == "signed" for r in deals)


def test_three_states_sign_among_themselves() -> None:
    deals = facts("France, Germany and Italy signed an agreement to build a new fighter jet.\n").get("fact_deal", [])
    assert deals
    assert all(r["party_a_code"] != r["party_b_code"] for r in deals)
    assert set().union(*(pair(r) for r in deals)) == {"FRA", "DEU", "ITA"}
    assert all(r["status"] == "signed" for r in deals)


# --- IGOs and blocs -------------------------------------------------------------------------------

def test_un_arms_embargo_with_year() -> None:
    row = only(facts("The UN Security Council imposed an arms embargo on South Sudan in 2018.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["status"]) == ("UN", "SSD", "imposed")
    assert row["measure"] == "embargo"
    assert (row["event_date"], row["date_precision"]) == (dt.date(2018, 1, 1), "year")


def test_the_west_as_imposer() -> None:
    row = only(facts("The West imposed sweeping sanctions on Russia after the invasion.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("WEST", "RUS")
    assert row["status"] in {"imposed", "in_force"}


def test_nato_meeting_with_a_state() -> None:
    row = only(facts("NATO foreign ministers held talks with Ukraine's foreign minister in Brussels on Thursday.\n"),
               "fact_meeting")
    assert pair(row) == {"NATO", "UKR"}
    assert row["status"] == "held"


def test_imf_suspends_lending() -> None:
    rows = facts("The IMF suspended its lending programme to Mozambique after hidden debts came to light.\n")
    row = only(rows, "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("IMF", "MOZ")
    assert row["measure"] == "aid_suspension"
    assert asserted(rows, "fact_gift") == []


# --- numbers in words and digits ------------------------------------------------------------------

def test_three_helicopters_delivered() -> None:
    row = only(facts("Russia delivered three helicopters to Mali on Sunday.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("RUS", "MLI")
    assert row["quantity"] == 3.0
    assert row["item_category"] in {"military_equipment", "vehicle"}
    assert row["status"] == "delivered"


def test_thousand_tonnes_of_rice() -> None:
    row = only(facts("Thailand donated 1,000 tonnes of rice to Myanmar after the cyclone.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("THA", "MMR")
    assert row["quantity"] == 1000.0
    assert row["quantity_unit"] in {"tonnes", "tonne", "t"}
    assert row["item_category"] == "food"
    assert row["transfer_kind"] == "donation"


def test_fifty_million_dollars_in_aid() -> None:
    row = only(facts("The United States pledged $50m in aid to Haiti on Thursday.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("USA", "HTI")
    assert row["quantity"] == 50_000_000
    assert row["quantity_unit"] == "USD"
    assert row["item_category"] in {"money", "humanitarian_aid"}
    assert row["status"] == "pledged"


def test_twelve_ambulances_in_words() -> None:
    row = only(facts("South Korea donated twelve ambulances to Mongolia.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("KOR", "MNG")
    assert row["quantity"] == 12.0
    assert row["item_category"] in {"vehicle", "medical"}


def test_megawatts_as_deal_amount() -> None:
    text = ("China's state-owned PowerChina agreed with Zambia's government to build a solar plant of "
            "100 megawatts near Lusaka.\n")
    row = only(facts(text), "fact_deal")
    assert (row["party_a_code"], row["party_b_code"]) == ("CHN", "ZMB")
    assert (row["amount"], row["amount_unit"]) == (100, "MW")
    assert row["sector"] == "energy"
    assert row["status"] == "agreed"


def test_trade_volume_figure() -> None:
    row = only(facts("Bilateral trade between India and the United Arab Emirates reached $85bn in 2023.\n"),
               "fact_trade")
    assert pair(row) == {"IND", "ARE"}
    assert row["metric"] == "trade_volume"
    assert (row["value"], row["unit"]) == (85_000_000_000, "USD")


# --- dates ----------------------------------------------------------------------------------------

def test_in_month_year_date() -> None:
    row = only(facts("Kazakhstan and China signed a pipeline agreement in September 2022.\n"), "fact_deal")
    assert pair(row) == {"KAZ", "CHN"}
    assert (row["event_date"], row["date_precision"]) == (dt.date(2022, 9, 1), "month")


def test_last_month_with_published_date() -> None:
    row = only(facts("Argentina and Brazil signed a currency swap agreement last month.\n", dt.date(2023, 7, 14)),
               "fact_deal")
    assert pair(row) == {"ARG", "BRA"}
    assert (row["event_date"], row["date_precision"]) == (dt.date(2023, 6, 1), "month")


def test_last_month_without_published_date_is_unknown() -> None:
    row = only(facts("Argentina and Brazil signed a currency swap agreement last month.\n"), "fact_deal")
    assert (row["event_date"], row["date_precision"]) == (None, None)


def test_weekday_resolves_against_published_date() -> None:
    # 5 June 2024 was a Wednesday; "on Monday" in a past-tense report is 3 June 2024.
    row = only(facts("Indonesia and Australia signed a defence pact on Monday.\n", dt.date(2024, 6, 5)),
               "fact_deal")
    assert (row["event_date"], row["date_precision"]) == (dt.date(2024, 6, 3), "day")
    assert row["sector"] == "defense"


# --- people and organisations standing for states -------------------------------------------------

def test_us_planemaker_contract_is_a_deal_not_a_gift() -> None:
    rows = facts("US planemaker Boeing signed a contract to sell 20 jets to Vietnam Airlines.\n")
    row = only(rows, "fact_deal")
    assert (row["party_a_code"], row["party_b_code"]) == ("USA", "VNM")
    assert row["deal_type"] == "contract"
    assert row["status"] == "signed"
    assert rows.get("fact_gift", []) == []


def test_named_foreign_minister_stands_for_state() -> None:
    row = only(facts("Russian Foreign Minister Sergei Lavrov held talks with his Indian counterpart in New Delhi.\n"),
               "fact_meeting")
    assert (row["party_a_code"], row["party_b_code"]) == ("RUS", "IND")
    assert row["meeting_kind"] == "talks"
    assert row["status"] == "held"


def test_state_oil_company_stands_for_state() -> None:
    text = "China's state oil company CNPC signed a deal with Iraq's oil ministry to develop the Halfaya field.\n"
    row = only(facts(text), "fact_deal")
    assert pair(row) == {"CHN", "IRQ"}
    assert row["sector"] == "oil_gas"
    assert row["status"] == "signed"


# --- capitals and seats of government -------------------------------------------------------------

def test_capitals_stand_for_states() -> None:
    row = only(facts("Beijing and Moscow signed a long-term gas supply contract on Tuesday.\n"), "fact_deal")
    assert pair(row) == {"CHN", "RUS"}
    assert row["status"] == "signed"


def test_kremlin_expels_diplomats() -> None:
    row = only(facts("The Kremlin expelled ten Estonian diplomats in a tit-for-tat move.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("RUS", "EST")
    assert row["measure"] == "diplomatic_expulsion"
    assert row["status"] == "imposed"


def test_downing_street_imposes_sanctions() -> None:
    row = only(facts("Downing Street imposed new sanctions on Iranian officials on Monday.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["status"]) == ("GBR", "IRN", "imposed")


# --- demonyms -------------------------------------------------------------------------------------

def test_demonyms_name_the_parties() -> None:
    row = only(facts("Norwegian and Kenyan ministers signed a fisheries agreement in Mombasa.\n"), "fact_deal")
    assert pair(row) == {"NOR", "KEN"}
    assert row["status"] == "signed"


# --- quotes with speakers and agencies ------------------------------------------------------------

def test_quote_told_reuters() -> None:
    text = "\u201cWe will not accept these terms,\u201d Hungarian Prime Minister Viktor Orban told Reuters.\n"
    row = only(facts(text), "fact_statement")
    assert "Orban" in row["speaker_name"]
    assert row["speaker_code"] == "HUN"
    assert row["reported_via"] == "Reuters"
    assert "We will not accept these terms" in row["quote_text"]


def test_quote_according_to_afp() -> None:
    text = ("\u201cThis decision is illegal,\u201d Iranian Foreign Ministry spokesman Nasser Kanaani said, "
            "according to the AFP news agency.\n")
    row = only(facts(text), "fact_statement")
    assert "Kanaani" in row["speaker_name"]
    assert row["speaker_code"] == "IRN"
    assert row["reported_via"] == "AFP"


def test_pronoun_speaker_after_named_minister() -> None:
    text = ("Indian Foreign Minister Subrahmanyam Jaishankar arrived in Tokyo on Sunday.\n"
            "\u201cJapan is a natural partner,\u201d he told the Kyodo news agency.\n")
    row = only(facts(text), "fact_statement")
    assert "Jaishankar" in row["speaker_name"]
    assert row["speaker_code"] == "IND"
    assert row["reported_via"] == "Kyodo"


# --- distractors: no row --------------------------------------------------------------------------

def test_domestic_company_deal_is_not_a_row() -> None:
    rows = facts("Two Japanese carmakers signed a deal to share battery technology.\n")
    assert rows.get("fact_deal", []) == []


def test_company_deal_with_its_own_union_is_not_a_row() -> None:
    rows = facts("Volkswagen reached a wage agreement with the German union IG Metall on Friday.\n")
    assert rows.get("fact_deal", []) == []


def test_trade_unions_are_not_trade() -> None:
    rows = facts("Trade unions in France called a national strike over pension reform.\n")
    assert all(rows.get(t, []) == [] for t in FACT_TABLES)


def test_aid_workers_are_not_a_gift() -> None:
    rows = facts("Aid workers in Sudan said food supplies were running low in Darfur.\n")
    assert rows.get("fact_gift", []) == []


def test_legal_aid_is_not_a_gift() -> None:
    rows = facts("The British government expanded legal aid for asylum seekers.\n")
    assert rows.get("fact_gift", []) == []


def test_domestic_aid_to_farmers_is_not_a_gift() -> None:
    rows = facts("India's government announced $2bn in aid for its farmers hit by the drought.\n")
    assert rows.get("fact_gift", []) == []


def test_free_trade_area_talk_without_parties_is_not_a_row() -> None:
    rows = facts("Ministers at the conference discussed the idea of a free trade area.\n")
    assert rows.get("fact_deal", []) == []
    assert rows.get("fact_trade", []) == []


def test_sports_visit_is_not_a_meeting() -> None:
    rows = facts("Brazil's national football team will visit Argentina for a World Cup qualifier in March.\n")
    assert rows.get("fact_meeting", []) == []


def test_multiparty_deal_has_bridge_rows() -> None:
    rows = facts("France, Germany and Italy signed an agreement to build a new fighter jet.\n")
    bridge = rows["bridge_event_party"]
    deal_ids = {r["fact_deal_id"] for r in rows["fact_deal"]}
    assert {r["fact_id"] for r in bridge} == deal_ids and len(deal_ids) == 3
    assert {r["party_code"] for r in bridge} == {"FRA", "DEU", "ITA"}
    assert len({r["event_group_id"] for r in bridge}) == 1
    assert facts("France and Germany signed an agreement.\n").get("bridge_event_party", []) == []
