"""Hard cases in the register of present-day diplomatic news, which the 2004-5 BBC development set
under-represents: state visits, aid pledges, bans and recalls, agreements to meet again, people who are
not their state, and firms whose rival is not themselves."""

from __future__ import annotations

import pytest
from test_hard_cases import facts, only
from test_hard_cases_extra import pair


def test_arrival_for_a_state_visit_is_a_held_visit() -> None:
    row = only(facts("Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit.\n"),
               "fact_meeting")
    assert (row["party_a_code"], row["party_b_code"]) == ("CHN", "RUS")
    assert row["status"] == "held"


def test_aid_pledged_in_a_future_sentence_is_pledged_to_the_named_receiver() -> None:
    row = only(facts("Japan will provide $500 million in emergency aid to Ukraine, Prime Minister Fumio Kishida "
                     "announced.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("JPN", "UKR")
    assert row["status"] == "pledged"
    assert row["item_category"] == "money"


def test_air_defence_systems_delivered_are_military_equipment() -> None:
    row = only(facts("Germany delivered two Patriot air defence systems to Ukraine last month.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("DEU", "UKR")
    assert row["item_category"] == "military_equipment"
    assert row["quantity"] == 2


def test_ban_on_imports_from_a_named_country_is_a_trade_restriction() -> None:
    row = only(facts("Beijing has banned imports of Japanese seafood over the release of treated water.\n"),
               "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("CHN", "JPN")
    assert row["measure"] == "trade_restriction"


def test_recalling_an_ambassador_is_a_diplomatic_measure_against_the_host() -> None:
    row = only(facts("France recalled its ambassador to Australia in protest at the cancelled submarine deal.\n"),
               "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("FRA", "AUS")


def test_a_ban_on_a_takeover_is_not_a_sanction() -> None:
    assert not facts("The German regulator blocked the takeover of a Munich bank.\n").get("fact_sanction")


def test_agreeing_to_resume_summits_is_a_planned_meeting_not_a_held_one() -> None:
    rows = facts("South Korea and Japan agreed to resume regular summit meetings.\n")
    meeting = only(rows, "fact_meeting")
    assert pair(meeting) == {"KOR", "JPN"}
    assert meeting["status"] == "planned"


def test_a_promise_at_home_gets_no_foreign_counterpart() -> None:
    rows = facts("Washington lifted sanctions on Venezuela's state oil company after the government agreed to "
                 "hold elections.\n")
    assert only(rows, "fact_sanction")["status"] == "lifted"
    assert not rows.get("fact_deal")


def test_scrapped_contract_with_a_foreign_firm_is_cancelled() -> None:
    row = only(facts("Australia scrapped a $66 billion contract with France's Naval Group for 12 submarines.\n"),
               "fact_deal")
    assert pair(row) == {"AUS", "FRA"}
    assert row["status"] == "cancelled"


def test_signed_joint_declaration_is_an_agreement() -> None:
    row = only(facts("Vietnam and the Philippines signed a joint declaration on maritime co-operation.\n"),
               "fact_deal")
    assert pair(row) == {"VNM", "PHL"}
    assert row["status"] == "signed"


def test_visiting_a_diaspora_community_is_not_a_visit_to_its_homeland() -> None:
    rows = facts("Foreign Secretary Jack Straw is due to visit the Pakistani community in Manchester on Tuesday.\n")
    assert not rows.get("fact_meeting")


def test_a_visit_to_a_continent_takes_no_stand_in_host() -> None:
    text = ("Chancellor Gordon Brown met G8 finance ministers in London. "
            "He will next week visit Africa on the same mission.\n")
    assert all("G8" not in (r["party_a_code"], r["party_b_code"]) or r["trigger"] != "visit"
               for r in facts(text).get("fact_meeting", []))


def test_relative_clause_visitor_is_the_antecedent() -> None:
    row = only(facts("Russian President Vladimir Putin, who visited India last week, praised the deal.\n"),
               "fact_meeting")
    assert (row["party_a_code"], row["party_b_code"]) == ("RUS", "IND")


def test_due_to_meet_takes_the_subject_of_the_copula() -> None:
    text = ("President George W Bush said the US backed Russian entry. "
            "His comments come three days before he is due to meet President Vladimir Putin.\n")
    row = only(facts(text), "fact_meeting")
    assert pair(row) == {"USA", "RUS"}
    assert row["status"] == "planned"


def test_firm_based_in_a_country_stands_for_it() -> None:
    row = only(facts("UK-based Aggregate Industries said it had agreed a £1.8bn takeover by Holcim, the Swiss "
                     "cement firm.\n"), "fact_deal")
    assert pair(row) == {"GBR", "CHE"}
    assert row["status"] == "agreed"


def test_a_rival_is_not_the_firm_it_rivals() -> None:
    rows = facts("Boeing's great European competitor is to sell 10 aircraft to Spanish carrier Air Europe.\n")
    assert not any("USA" in (r["party_a_code"], r["party_b_code"]) for r in rows.get("fact_deal", []))


def test_acronym_in_brackets_names_the_firm_later() -> None:
    text = ("Euronext has met the London Stock Exchange (LSE). "
            "The German exchange said it had held talks with the LSE.\n")
    codes = {frozenset((r["party_a_code"], r["party_b_code"])) for r in facts(text).get("fact_meeting", [])}
    assert frozenset({"DEU", "GBR"}) in codes


@pytest.mark.parametrize(("text", "status"), [
    ("Canada has begun its own debt moratorium for the tsunami-hit countries.\n", "delivered"),
    ("The Paris Club of creditors offered a debt freeze to Indonesia.\n", "pledged"),
])
def test_nominal_debt_relief_is_a_gift_from_the_creditor(text: str, status: str) -> None:
    row = only(facts(text), "fact_gift")
    assert row["giver_code"] in ("CAN", "PARISCLUB")
    assert row["status"] == status


def test_achieving_debt_relief_is_not_giving_it() -> None:
    text = ("\"This is the first mention of gold in a G7 communique for achieving debt relief,\" said UK "
            "Chancellor Gordon Brown.\n")
    assert not facts(text).get("fact_gift")


def test_scrapped_domestic_tax_relief_is_not_a_gift() -> None:
    assert not facts("He also scrapped stamp duty relief for commercial property in poor areas.\n").get("fact_gift")


def test_money_spent_to_buy_a_foreign_firm_is_an_investment() -> None:
    row = only(facts("BP spent $7.5bn to create Russian-registered oil company TNK-BP.\n"), "fact_deal")
    assert (row["party_a_code"], row["party_b_code"]) == ("GBR", "RUS")
    assert row["deal_type"] == "investment"


def test_alliance_of_named_states_is_one_agreement_per_pair_with_the_leader() -> None:
    rows = facts("President Bush has announced that an alliance of the US, India, Australia and Japan will "
                 "co-ordinate the relief effort.\n")["fact_deal"]
    assert {frozenset((r["party_a_code"], r["party_b_code"])) for r in rows} >= {
        frozenset({"USA", "IND"}), frozenset({"USA", "AUS"}), frozenset({"USA", "JPN"})}


def test_a_loan_received_is_a_loan_from_the_lender() -> None:
    row = only(facts("Kenya received a $1.5bn loan from the International Monetary Fund.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("IMF", "KEN")
    assert row["transfer_kind"] == "loan"


def test_buying_from_a_named_seller_is_a_deal_with_the_seller() -> None:
    row = only(facts("Indonesia will buy 42 Rafale fighter jets from France in a deal worth $8.1 billion.\n"),
               "fact_deal")
    assert pair(row) == {"IDN", "FRA"}
    assert row["status"] == "agreed"


@pytest.mark.parametrize(("text", "codes"), [
    ("Egypt and Turkey restored full diplomatic relations on Tuesday.\n", {"EGY", "TUR"}),
    ("Morocco established diplomatic relations with Israel.\n", {"MAR", "ISR"}),
])
def test_establishing_relations_is_a_diplomatic_agreement(text: str, codes: set) -> None:
    row = only(facts(text), "fact_deal")
    assert pair(row) == codes
    assert row["sector"] == "diplomatic"


def test_cutting_diplomatic_ties_is_a_measure_against_the_other_state() -> None:
    row = only(facts("Canada cut diplomatic ties with Iran in 2012.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("CAN", "IRN")


def test_industrial_relations_are_not_diplomacy() -> None:
    rows = facts("The union resumed relations with management after the strike.\n")
    assert not rows.get("fact_deal") and not rows.get("fact_sanction")


def test_who_thanks_for_a_donation_received_it() -> None:
    row = only(facts("Ukraine's President Volodymyr Zelensky thanked Denmark for its decision to donate 19 F-16 "
                     "fighter jets.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("DNK", "UKR")
    assert row["status"] == "pledged"
    assert row["quantity"] == 19


def test_hand_over_with_a_number_after_it_is_still_a_hand_over() -> None:
    row = only(facts("The Netherlands will hand over 18 tanks to Ukraine next year.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"], row["status"]) == ("NLD", "UKR", "pledged")
    assert row["item"] == "tanks"


def test_frozen_assets_of_foreign_nationals_are_an_asset_freeze() -> None:
    row = only(facts("Britain has frozen the assets of three Russian oligarchs.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["measure"]) == ("GBR", "RUS", "asset_freeze")


def test_promise_to_lift_curbs_leaves_them_in_force() -> None:
    row = only(facts("Tokyo said it would lift the export curbs on South Korea imposed in 2019.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"]) == ("JPN", "KOR")
    assert row["status"] == "in_force"


def test_speaking_by_phone_is_a_call() -> None:
    row = only(facts("India's Modi spoke by phone with Saudi Crown Prince Mohammed bin Salman.\n"), "fact_meeting")
    assert pair(row) == {"IND", "SAU"}
    assert row["meeting_kind"] == "call"


def test_a_cancelled_trip_is_cancelled() -> None:
    row = only(facts("Italy's prime minister Giorgia Meloni cancelled her trip to Algeria.\n"), "fact_meeting")
    assert (row["party_a_code"], row["party_b_code"], row["status"]) == ("ITA", "DZA", "cancelled")


def test_percent_change_takes_the_number_next_to_the_sign() -> None:
    rows = facts("India and Vietnam agreed to boost trade. Trade between the two countries rose 8% to $48bn "
                 "last year.\n")
    assert [(r["value"], r["unit"]) for r in rows["fact_trade"]] == [(8.0, "percent_change")]


def test_loans_for_a_project_in_a_foreign_city_go_to_its_state() -> None:
    row = only(facts("Japan pledged 50 billion yen ($340m) in low-interest loans for a new metro line in Ho Chi "
                     "Minh City.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"], row["status"]) == ("JPN", "VNM", "pledged")
    assert row["item"] == "low-interest loans"


def test_counted_goods_donated_are_a_gift_whatever_their_kind() -> None:
    row = only(facts("Japan also agreed to donate two patrol vessels to Vietnam's coast guard.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"], row["quantity"]) == ("JPN", "VNM", 2)


def test_supplied_a_state_with_goods_is_a_delivery_to_that_state() -> None:
    row = only(facts("Russia, a close ally of Caracas, has supplied Venezuela with military equipment.\n"),
               "fact_gift")
    assert (row["giver_code"], row["receiver_code"]) == ("RUS", "VEN")
    assert row["item_category"] == "military_equipment"


def test_lifting_a_ban_on_trading_bonds_is_a_lifted_trade_restriction() -> None:
    row = only(facts("Washington lifted a ban on trading of Venezuelan bonds.\n"), "fact_sanction")
    assert (row["imposer_code"], row["target_code"], row["status"]) == ("USA", "VEN", "lifted")


def test_a_blocs_own_sanctions_aim_where_the_story_aims() -> None:
    text = ("The United States has eased sanctions on Venezuela. The European Union said its own sanctions "
            "would remain in place.\n")
    rows = facts(text)["fact_sanction"]
    assert ("EU", "VEN", "in_force") in {(r["imposer_code"], r["target_code"], r["status"]) for r in rows}


def test_visited_and_signed_signs_with_the_host() -> None:
    row = only(facts("Russian Deputy Prime Minister Yuri Borisov visited Caracas last month and signed several "
                     "energy agreements.\n"), "fact_deal")
    assert pair(row) == {"RUS", "VEN"}
    assert row["status"] == "signed"


def test_the_two_leaders_are_the_pair_just_written_about() -> None:
    text = ("Colombian President Gustavo Petro is due to meet Venezuelan President Nicolas Maduro next week. "
            "The United States has eased sanctions on Venezuela. "
            "The two leaders last met in Caracas in November 2022.\n")
    held = [r for r in facts(text)["fact_meeting"] if r["status"] == "held"]
    assert [pair(r) for r in held] == [{"COL", "VEN"}]


@pytest.mark.parametrize("text", [
    "Rosneft, meanwhile, has agreed to merge with Gazprom, bringing Russia's oil business under state control.\n",
    "Security would be the key theme when the UK took over the chairmanship of the EU in July.\n",
    "Much of the US deficit is covered by selling bonds to Asian states such as Japan and China.\n",
    "Total sales increased 4%, thanks to strong sales of Carlsberg lager in Russia and Poland.\n",
    "But meeting the Lisbon targets requires a commitment that no EU member state has volunteered.\n",
    "British Airways is to halt its flights from London Heathrow to Jeddah in Saudi Arabia.\n",
    "Church leaders appealed for the weapons inspectors to be given more time in Iraq.\n",
    "The Food and Agriculture Organisation recommends that the food assistance is bought locally.\n",
    "But meeting the Lisbon targets requires a political commitment that no EU member state has volunteered.\n",
    "At a conference on enterprise hosted by UK finance minister Gordon Brown, India's minister praised growth.\n",
    "The pound edged higher against the euro, with one pound buying $1.9094.\n",
    "The courts sent in bailiffs to freeze Yukos accounts.\n",
    "We need to break the link between arriving in Britain and claiming asylum, said Australia's John Howard.\n",
])
def test_business_and_domestic_news_gives_no_relation(text: str) -> None:
    rows = facts(text)
    assert not any(rows.get(t) for t in ("fact_deal", "fact_gift", "fact_sanction", "fact_meeting")), rows


def test_an_ended_alliance_is_cancelled() -> None:
    rows = facts("Fiat recently negotiated an end to its alliance with General Motors of the US.\n")
    assert all(r["status"] == "cancelled" for r in rows.get("fact_deal", []))


def test_an_announced_planned_sale_is_not_yet_agreed() -> None:
    rows = facts("Britain's Wembley announced the planned sale of its US gaming division to America's BLB.\n")
    assert [r["status"] for r in rows["fact_deal"]] in (["proposed"], ["planned"])


@pytest.mark.parametrize("text", [
    "Mr Brown said he had met his financial golden rule with a £6bn surplus.\n",
    "The US Disney Corporation and Saudi Arabian prince Al-Walid bin Talal will buy the new stock.\n",
])
def test_meeting_a_target_and_buying_together_are_no_relations(text: str) -> None:
    rows = facts(text)
    assert not rows.get("fact_meeting") and not rows.get("fact_deal"), rows


def test_a_named_counterpart_of_unknown_state_takes_no_stand_in() -> None:
    text = ("Germany's Deutsche Boerse wants the London Stock Exchange, and France's Euronext is a rival bidder. "
            "Deutsche Boerse chief Werner Seifert is meeting Ms Clara Furse on Thursday.\n")
    assert not any({"DEU", "FRA"} == pair(r) for r in facts(text).get("fact_meeting", []))


def test_a_summit_next_year_is_planned() -> None:
    rows = facts("Tony Blair has said he will put Africa at the top of the agenda when Britain hosts a summit with "
                 "France next year.\n")
    assert all(r["status"] == "planned" for r in rows.get("fact_meeting", []))


def test_a_titled_person_of_unstated_state_still_meets_the_other_side() -> None:
    text = ("Tony Blair is pressing the US to sign the Kyoto Protocol. "
            "Officials confirmed climate change was discussed when senator John McCain recently visited Mr Blair.\n")
    assert {"USA", "GBR"} in [pair(r) for r in facts(text)["fact_meeting"] if r["status"] == "held"]


def test_talks_someone_wants_to_press_ahead_with_are_not_held() -> None:
    rows = facts("Europe has signalled it wants to press ahead with talks with the US about climate change.\n")
    assert all(r["status"] != "held" for r in rows.get("fact_meeting", []))


def test_rejected_aid_is_refused_by_the_receiver() -> None:
    row = only(facts("North Korea rejected food aid from South Korea.\n"), "fact_gift")
    assert (row["giver_code"], row["receiver_code"], row["status"]) == ("KOR", "PRK", "refused")
    assert not facts("India has also rejected international aid, saying it can cope on its own.\n").get("fact_gift")
