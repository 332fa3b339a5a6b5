"""Extract stage: bilateral events and attributed quotes from parsed sentences.

Rules work on the dependency parse: a trigger (verb or noun), its arguments (subject, object,
prepositional phrases, possessives and modifiers), and the words that govern it (negation, modals,
"plan to", "refused to", "lifted"). Each event needs two different states or blocs, taken from its
own arguments; where a sentence names only one side and refers to the other as "the two sides",
"bilateral" or not at all, the article's other main party stands in, with lower confidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from spacy.tokens import Doc, Token

from pipelines import reference
from pipelines.nlp import ParsedDocument, load_model
from pipelines.resolve import Actor, DocumentContext, SentenceActors, lexicon, refers_to_pair, state_actor
from pipelines.validate import FACT_MODELS, FACT_SIDES, frame_from_rows

EXTRACTOR_VERSION = "0.3.0"

# --- trigger lexicons (lemmas) ----------------------------------------------------------------------
DEAL_NOUNS = {
    "agreement": "agreement", "deal": "agreement", "accord": "agreement", "treaty": "treaty", "pact": "treaty",
    "memorandum": "memorandum", "mou": "memorandum", "contract": "contract", "investment": "investment",
    "takeover": "investment", "acquisition": "investment", "merger": "joint_project", "partnership": "joint_project",
    "venture": "joint_project", "order": "contract", "sale": "investment",
    "purchase": "investment", "alliance": "agreement", "coalition": "agreement", "declaration": "agreement",
    "protocol": "agreement", "communique": "agreement", "charter": "agreement", "convention": "treaty",
    "roadmap": "agreement",
}
# Verbs that make a named deal a done thing: "announced a deal to buy", "formed an alliance".
ANNOUNCE_VERBS = {"announce", "unveil", "confirm", "form", "forge", "create", "launch", "complete", "finalise",
                  "finalize", "clinch", "secure", "win"}
# "spent $7.5bn to create TNK-BP": money spent on one of these is an investment.
SPENDING_PURPOSES = {"buy", "acquire", "create", "build", "develop", "purchase", "expand", "modernise", "modernize"}
# What parties agree to do next that is not itself an agreement on substance.
PROCEDURAL_STEPS = {"draw", "discuss", "meet", "consider", "study", "look", "talk", "review", "continue",
                    "examine", "explore", "keep"}
# Nouns that name a completed or agreed transaction when their parties are given.
TRANSACTION_NOUNS = {"sale", "purchase", "takeover", "acquisition", "merger"}
# Objects of buying, selling and taking over that make no deal between states.
NOT_FOR_SALE = {"chairmanship", "presidency", "leadership", "role", "control", "helm", "responsibility", "bond",
                "treasury", "security", "currency", "dollar", "euro", "debt", "power", "office", "post", "job"}
DEAL_VERBS = {"sign": "signed", "ink": "signed", "conclude": "signed", "seal": "signed", "strike": "agreed",
              "reach": "agreed", "agree": "agreed", "approve": "agreed", "finalise": "signed", "finalize": "signed",
              "complete": "completed", "negotiate": "under_negotiation", "discuss": "under_negotiation",
              "propose": "proposed", "offer": "proposed", "reject": "rejected", "suspend": "suspended",
              "cancel": "cancelled", "scrap": "cancelled", "announce": "agreed", "win": "signed", "award": "signed",
              "terminate": "cancelled", "abandon": "cancelled", "annul": "cancelled", "place": "agreed"}
# "Egypt and Turkey restored full diplomatic relations": an agreement; "Canada cut ties with Iran": a measure.
RELATIONS_VERBS = {"restore": "agreed", "establish": "agreed", "normalise": "agreed", "normalize": "agreed",
                   "resume": "agreed", "upgrade": "agreed", "sever": "imposed", "cut": "imposed", "break": "imposed",
                   "downgrade": "imposed", "suspend": "imposed"}
# "TAV was chosen to build and run Tehran's airport": picked for a job is a contract won.
SELECTION_VERBS = {"choose", "select", "pick", "hire", "contract", "commission", "appoint"}
CONTRACTED_WORK = {"build", "construct", "run", "operate", "supply", "develop", "manage", "design", "upgrade",
                   "modernise", "modernize", "expand", "repair", "maintain"}
ACQUIRE_VERBS = {"buy": "completed", "acquire": "completed", "purchase": "completed", "invest": "completed",
                 "build": "agreed", "construct": "agreed", "take": "completed", "sell": "completed",
                 "merge": "agreed", "bid": "proposed"}
GIFT_VERBS = {"give": "gift", "gift": "gift", "donate": "donation", "present": "gift", "deliver": "delivery",
              "hand": "delivery", "supply": "delivery", "provide": "aid", "send": "delivery", "grant": "grant",
              "pledge": "aid", "bring": "gift", "lend": "loan", "contribute": "donation", "offer": "aid"}
AID_CATEGORIES = ("money", "humanitarian_aid", "medical", "food")
# Relief on what a country owes is aid from its creditors: "write off the debts of", "defer repayments".
DEBT_RELIEF_VERBS = {"write", "cancel", "forgive", "defer", "suspend", "freeze", "reschedule", "waive"}
DEBT_WORDS = {"debt", "debts", "repayment", "repayments", "interest", "loan", "loans"}
DEBT_RELIEF_NOUNS = {"moratorium", "relief", "freeze", "write-off", "cancellation", "rescheduling"}
# Verbs whose subject gives the relief named as their object ("offered a debt freeze"), unlike "achieving debt relief".
RELIEF_GRANTING_VERBS = {"offer", "grant", "give", "provide", "announce", "agree", "approve", "begin", "start",
                         "introduce", "implement", "extend", "propose", "promise", "pledge", "back", "support",
                         "unveil", "confirm", "deliver", "apply"}
# Governing verbs that put a relief measure into effect, not merely announce it.
PUT_INTO_EFFECT = {"begin", "start", "introduce", "implement", "grant", "give", "provide", "approve", "apply"}
INTERNATIONAL_AID = re.compile(
    r"overseas|foreign|international|abroad|developing|poor(?:est)? countries|disaster|tsunami|earthquake|"
    r"famine|refugee|humanitarian|relief (?:effort|operation|work)|donor|victims|Africa|Asia", re.IGNORECASE)
DOMESTIC_AID = re.compile(r"legal aid|state aid|farm aid|student aid|aid to (?:farmers|pensioners|industry)|"
                          r"(?:tax|duty|rate|rates|mortgage|council tax) relief",
                          re.IGNORECASE)
# "aid agency", "Humanitarian Aid Commissioner": the aid noun names who handles aid, not a transfer.
AID_HANDLERS = {"agency", "group", "worker", "organisation", "organization", "charity", "commissioner", "minister",
                "official", "budget", "effort", "community", "chief", "director", "sector", "industry", "campaigner",
                "expert", "department", "ministry", "office", "policy", "spending"}
# "the US had increased support for Africa to $4.6bn a year": more aid given is aid given.
INCREASE_VERBS = {"increase", "boost", "double", "triple", "raise", "step"}
AID_FLOWS = {"aid", "assistance", "support", "funding", "contribution", "relief"}
GIFT_DEFAULT_STATUS = {"pledge": "pledged", "promise": "pledged", "offer": "pledged"}
# Nouns that measure an item rather than name it: "1,000 tonnes of rice" gives rice.
MEASURE_NOUNS = {"tonne", "ton", "tons", "tonnes", "barrel", "kg", "kilogram", "litre", "liter", "dose", "unit",
                 "batch", "shipment", "consignment", "package", "cargo", "load", "worth", "$", "£", "€",
                 "euro", "euros", "dollar", "dollars", "pound", "pounds", "yen", "yuan"}
# Loans handed over are gift rows with transfer_kind loan (ANNOTATING.md); a loan agreement is a deal.
GIFT_NOUNS = {"gift": "gift", "donation": "donation", "aid": "aid", "grant": "grant", "delivery": "delivery",
              "assistance": "aid", "relief": "aid", "package": "aid", "loan": "loan", "credit": "loan"}
SANCTION_NOUNS = {"sanction": "sanctions", "embargo": "embargo", "ban": "trade_restriction",
                  "freeze": "asset_freeze", "boycott": "trade_restriction", "blockade": "trade_restriction",
                  "tariff": "trade_restriction", "expulsion": "diplomatic_expulsion",
                  "restriction": "trade_restriction", "closure": "transport_suspension", "penalty": "other",
                  "curb": "trade_restriction"}
# Stopping something the target received is a sanction: "halted aid to Rwanda", "suspended flights".
SUSPEND_VERBS = {"halt", "suspend", "freeze", "cut", "withhold", "stop", "withdraw", "cancel"}
SUSPENDED_THINGS = {"aid": "aid_suspension", "assistance": "aid_suspension", "lending": "aid_suspension",
                    "loan": "aid_suspension", "funding": "aid_suspension", "programme": "aid_suspension",
                    "program": "aid_suspension", "support": "aid_suspension", "flight": "transport_suspension",
                    "flights": "transport_suspension", "visa": "travel_ban", "visas": "travel_ban",
                    "asset": "asset_freeze", "assets": "asset_freeze", "account": "asset_freeze",
                    "accounts": "asset_freeze"}
SANCTION_VERBS = {"impose": "imposed", "slap": "imposed", "introduce": "imposed", "extend": "extended",
                  "renew": "extended", "tighten": "extended", "lift": "lifted", "end": "lifted", "remove": "lifted",
                  "scrap": "lifted", "ease": "eased", "relax": "eased", "threaten": "threatened", "warn": "threatened",
                  "face": "threatened", "urge": "called_for", "demand": "called_for", "call": "called_for",
                  "seek": "called_for", "maintain": "in_force", "keep": "in_force", "expel": "imposed",
                  "ban": "imposed", "bar": "imposed", "block": "imposed", "recall": "imposed"}
# What a banning verb must stop to be a punitive measure between states ("banned imports of Japanese seafood").
BANNED_FLOWS = {"import": "trade_restriction", "export": "trade_restriction", "flight": "transport_suspension",
                "ship": "transport_suspension", "vessel": "transport_suspension", "investment": "trade_restriction",
                "sale": "trade_restriction", "entry": "travel_ban", "official": "travel_ban",
                "ambassador": "other", "envoy": "other"}
MEETING_VERBS = {"meet": "other", "visit": "visit", "host": "visit", "receive": "visit", "welcome": "visit",
                 "talk": "talks", "phone": "call", "telephone": "call", "call": "call", "tour": "visit",
                 "speak": "call",
                 "arrive": "visit", "travel": "visit", "fly": "visit", "head": "visit"}
NON_STATE_TRAVELLERS = {"team", "squad", "side", "club", "player", "fan", "supporter", "orchestra", "band",
                        "choir", "troupe", "tourist", "athlete", "student", "pilgrim"}
# Verbs of travel only make a visit when their destination is a state ("arrived in Kenya").
ACCESSION_NOUNS = {"membership", "accession", "entry", "admission"}
TRAVEL_VERBS = {"arrive", "travel", "fly", "head"}
MEETING_NOUNS = {"meeting": "other", "visit": "visit", "talk": "talks", "talks": "talks", "summit": "summit",
                 "trip": "visit", "call": "call", "negotiation": "talks", "conversation": "call", "tour": "visit"}
TRADE_NOUNS = {"trade": "trade_volume", "export": "exports", "import": "imports", "investment": "investment",
               "deficit": "trade_volume", "surplus": "trade_volume"}
# "the deficit with China": the other side is the state the article reports on.
BALANCE_NOUNS = {"deficit", "surplus"}
CHANGE_VERBS = {"rise", "fall", "grow", "increase", "decline", "drop", "jump", "climb", "double", "slump", "surge",
                "reach", "total", "soar", "shrink", "plunge", "expand"}
SPEECH_VERBS = {"say", "tell", "add", "state", "declare", "hail", "describe", "note", "warn", "insist", "claim",
                "write", "comment", "explain", "argue", "announce", "stress", "urge", "call"}

PLANNING_HEADS = {"plan": "planned", "intend": "planned", "hope": "planned", "expect": "planned", "want": "planned",
                  "aim": "planned", "seek": "planned", "prepare": "planned", "schedule": "planned",
                  "due": "planned", "set": "planned", "propose": "proposed", "offer": "proposed",
                  "threaten": "threatened", "refuse": "refused", "decline": "refused", "reject": "refused",
                  "fail": "refused", "cancel": "cancelled", "postpone": "cancelled", "urge": "called_for",
                  "call": "called_for", "demand": "called_for", "ask": "called_for", "move": "planned",
                  "try": "planned", "agree": "agreed", "promise": "pledged", "pledge": "pledged", "vow": "pledged",
                  "announce": "pledged", "decide": "agreed", "consider": "proposed", "would": "planned",
                  "bid": "proposed", "look": "proposed", "likely": "planned", "oblige": "planned",
                  "require": "planned", "proposal": "proposed", "decision": "agreed"}
# Verbs whose object, not subject, does what the complement says: "urged the G7 to provide aid".
OBJECT_CONTROL = {"urge", "ask", "tell", "persuade", "force", "call", "press", "encourage", "invite", "allow"}
# Nouns that can meet, visit or talk: people and the bodies they make up.
AGENT_NOUNS = {"leader", "minister", "president", "premier", "official", "delegation", "envoy", "diplomat",
               "ambassador", "counterpart", "negotiator", "government", "chancellor", "secretary", "king",
               "queen", "prince", "head", "chief", "side", "country", "nation", "state", "representative",
               "commissioner", "general", "team", "mission", "administration", "spokesman", "pair"}
FUTURE_TIME = re.compile(r"\b(?:next (?:week|month|year|spring|summer|autumn|winter|monday|tuesday|wednesday|"
                         r"thursday|friday|saturday|sunday)|tomorrow|later this (?:week|month|year)|"
                         r"in the coming (?:days|weeks|months))\b", re.IGNORECASE)
FUTURE_MODALS = {"will", "would", "shall", "could", "may", "might", "should", "'ll", "can"}

ITEM_CATEGORIES = [
    # Whole words: "million" is not a lion, "bearing" not a bear.
    ("animal", (r"\b(?:elephant|panda|horse|camel|tiger|lion|bear|bird|koala|dog|cattle|sheep|goat|animal|"
                r"dolphin)s?\b")),
    ("military_equipment", (r"jet|fighter|tank|missile|weapon|arm\b|arms|helicopter|warship|frigate|submarine|"
                            r"ammunition|rifle|drone|bomber|artillery|radar|military|air[- ]defen[cs]e|"
                            r"howitzer|shell|rocket|armou?red|munition|patrol boat|gunboat")),
    ("medical", r"vaccine|medicine|drug|treatment|anti-?retroviral|medical|hospital|doctor"),
    ("food", r"food|rice|wheat|grain|flour|maize|corn"),
    ("vehicle", r"\bcar\b|cars|bus|buses|truck|lorry|lorries|train|vehicle|ambulance|\bship|vessel|boat"),
    ("cultural", r"artefact|artifact|painting|statue|relic|manuscript|sculpture"),
    ("intelligence", r"intelligence|information"),
    ("humanitarian_aid", r"aid|relief|tent|blanket|shelter|humanitarian|assistance"),
    ("money", r"\$|£|€|euro|dollar|pound|yen|yuan|rouble|ruble|rupee|fund|cash|money|grant|loan|debt|million|bn|billion"),
]
SECTORS = [
    ("nuclear_energy", r"nuclear"),
    ("oil_gas", r"\boil\b|\bgas\b|pipeline|refiner|petrol|lng"),
    ("defense", r"arms|weapon|military|defen[cs]e|fighter|missile|jet|warship"),
    ("energy", r"energy|power|electric|coal|thermal|hydro|solar|wind farm"),
    ("transport", r"rail|railway|airline|aircraft|plane|airbus|boeing|shipping|port\b|airport|road"),
    ("infrastructure", r"infrastructure|construction|bridge|economic zone|dam\b|building"),
    ("finance", r"bank|stake|shares|financ|loan|debt|insur|invest|fund"),
    ("agriculture", r"agricultur|farm|crop|food|fish"),
    ("health", r"health|hospital|medic|vaccine|aids|hiv"),
    ("trade", r"trade|tariff|export|import|free-trade"),
    ("diplomatic", r"diplomat|peace|border|relations|cooperation|co-operation"),
]
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "a dozen": 12}
SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
CURRENCY = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "euro": "EUR", "euros": "EUR", "dollar": "USD",
            "dollars": "USD", "pound": "GBP", "pounds": "GBP", "yen": "JPY", "yuan": "CNY", "rouble": "RUB",
            "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rupee": "INR", "rupees": "INR"}
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("«", "»")]
MIN_QUOTE_WORDS = 4  # shorter quoted phrases are scare quotes (“king”), not statements


@dataclass
class ExtractedTables:
    facts: dict[str, pl.DataFrame] = field(default_factory=dict)
    actors: pl.DataFrame = field(default_factory=lambda: frame_from_rows("dim_actor", []))
    parties: pl.DataFrame = field(default_factory=lambda: frame_from_rows("bridge_event_party", []))


@dataclass
class Candidate:
    """One event mention before de-duplication."""

    table: str
    side_a: Actor | None
    side_b: Actor | None
    fields: dict[str, Any]
    sentence_start: int
    sentence_end: int
    confidence: float
    trigger: str
    key: tuple
    mention: tuple = ()  # (sentence start, trigger index): rows from one mention of a multi-party event


def extract_documents(documents: pl.DataFrame, parsed: list[ParsedDocument], model: str) -> ExtractedTables:
    nlp = load_model(model)
    lex = lexicon(nlp)
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in FACT_MODELS}
    actors: dict[str, dict[str, Any]] = {}
    parties: list[dict[str, Any]] = []
    by_id = {p.document_id: p for p in parsed}
    for doc_row in documents.iter_rows(named=True):
        parsed_doc = by_id.get(doc_row["document_id"])
        if parsed_doc is None:
            continue
        sentences = parsed_doc.parsed_sentences(nlp)
        facts, doc_actors = extract_document(doc_row["document_id"], doc_row["body"], doc_row["published_date"],
                                             sentences, lex)
        for table, table_rows in facts.items():
            if table == "bridge_event_party":
                parties.extend(table_rows)
            else:
                rows[table].extend(table_rows)
        for actor in doc_actors:
            actors[actor.actor_id] = actor.as_row()
    return ExtractedTables(
        facts={t: frame_from_rows(t, r) for t, r in rows.items()},
        actors=frame_from_rows("dim_actor", sorted(actors.values(), key=lambda a: a["actor_id"])),
        parties=frame_from_rows("bridge_event_party", parties),
    )


def extract_document(document_id: str, body: str, published: dt.date | None, sentences: list, lex
                     ) -> tuple[dict[str, list[dict[str, Any]]], list[Actor]]:
    context = DocumentContext()
    candidates: list[Candidate] = []
    for sentence, doc in sentences:
        actors = SentenceActors(doc, lex, context)
        rules = SentenceRules(doc, actors, context, sentence.start, published, lex)
        candidates.extend(rules.run())
    return _finalise(document_id, body, candidates)


# --- one sentence -----------------------------------------------------------------------------------

class SentenceRules:
    def __init__(self, doc: Doc, actors: SentenceActors, context: DocumentContext, offset: int,
                 published: dt.date | None, lex):
        self.doc = doc
        self.actors = actors
        self.context = context
        self.offset = offset
        self.published = published
        self.lex = lex
        self.used_nouns: set[int] = set()

    def run(self) -> list[Candidate]:
        found: list[Candidate] = []
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("VERB", "AUX"):
                if lemma in SANCTION_VERBS or lemma in SUSPEND_VERBS:
                    found.extend(self._sanction_from_verb(tok))
                if lemma in DEAL_VERBS or lemma in ACQUIRE_VERBS:
                    found.extend(self._deal_from_verb(tok))
                if lemma == "spend":
                    found.extend(self._spending(tok))
                if lemma == "pay":
                    found.extend(self._payment(tok))
                if lemma in SELECTION_VERBS:
                    found.extend(self._contractor_selected(tok))
                if lemma in RELATIONS_VERBS:
                    found.extend(self._relations(tok))
                if lemma in GIFT_VERBS:
                    found.extend(self._gift_from_verb(tok))
                if lemma in ("receive", "get", "accept"):
                    found.extend(self._gift_received(tok))
                if lemma in INCREASE_VERBS:
                    found.extend(self._aid_increase(tok))
                if lemma in DEBT_RELIEF_VERBS:
                    found.extend(self._debt_relief(tok))
                if lemma in MEETING_VERBS:
                    found.extend(self._meeting_from_verb(tok))
            elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.used_nouns:
                if lemma in DEBT_RELIEF_NOUNS and self._is_debt_relief(tok):
                    found.extend(self._debt_relief_from_noun(tok))
                elif lemma in SANCTION_NOUNS or tok.lower_ in ("sanctions",):
                    found.extend(self._sanction_from_noun(tok))
                elif lemma in TRADE_NOUNS and self._trade_figure(tok):
                    found.extend(self._trade(tok))
                elif lemma in DEAL_NOUNS and tok.lower_ != "sales":  # "sales rose 4%": revenue, not a sale
                    found.extend(self._deal_from_noun(tok))
                elif lemma in GIFT_NOUNS:
                    found.extend(self._gift_from_noun(tok))
                elif (lemma in MEETING_NOUNS or tok.lower_ in MEETING_NOUNS) and not any(
                        c.dep_ == "dobj" for c in tok.children):  # "meeting the Lisbon targets" is a verb
                    found.extend(self._meeting_from_noun(tok))
        found.extend(self._statements())
        for cand in found:
            # meetings and deals are what "the two leaders", "both sides" go back to, not a sanction or a figure
            if cand.table in ("fact_meeting", "fact_deal") and cand.side_a and cand.side_b and cand.side_a.code \
                    and cand.side_b.code and cand.side_a.code != cand.side_b.code:
                self.context.last_pair = (cand.side_a.code, cand.side_b.code)
            if cand.table == "fact_sanction" and cand.side_b and cand.side_b.code:
                self.context.last_sanction_target = cand.side_b.code
        return found

    # -- shared helpers --

    def _args(self, verb: Token, deps: tuple[str, ...]) -> list[Actor]:
        result: list[Actor] = []
        for child in verb.children:
            if child.dep_ in deps:
                result.extend(self.actors.actors_of(child))
        return result

    def _prep_args(self, head: Token, preps: tuple[str, ...]) -> list[Actor]:
        result: list[Actor] = []
        for child in head.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        result.extend(self.actors.actors_of(pobj))
            elif child.dep_ == "dative" and child.lower_ not in ("to", "for"):
                result.extend(self.actors.actors_of(child))
        return result

    def _subject(self, verb: Token, depth: int = 0) -> list[Actor]:
        subj = self._args(verb, ("nsubj",))
        if not subj and verb.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that") for c in verb.children):
            subj = self.actors.actors_of(verb.head)  # "Putin, who visited India": the relative's antecedent
        if not subj and verb.dep_ == "conj" and verb.head is not verb and depth < 3:
            return self._subject(verb.head, depth + 1)  # "urged them to write off debt and provide aid"
        if not subj and verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and depth < 3:
            return self._subject(verb.head.head, depth + 1)  # "he is due to meet", "is ready to sign"
        if not subj and verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "ccomp"):
            head = verb.head
            # "praised Japan for sending": the object of the governing verb acted.
            if verb.dep_ == "pcomp":
                head = verb.head.head
                subj = self._args(head, ("dobj",)) or self._args(head, ("nsubj",))
            elif verb.dep_ == "acl":
                # "G7 ministers backed plans to write off debt": the infinitive's agent is the backer.
                infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                noun = verb.head
                owners = [a for c in noun.children if c.dep_ == "poss" for a in self.actors.actors_of(c)]
                if infinitive and owners:
                    subj = owners  # "GM's decision to buy 20% of Fiat", "Russia's offer to build"
                elif infinitive and noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and depth < 3:
                    subj = self._subject(noun.head, depth + 1)
                else:
                    subj = []
            elif verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL and any(
                    c.dep_ == "dobj" for c in head.children):
                subj = self._args(head, ("dobj",))  # "urged the finance chiefs to write off": never the urger
            else:
                subj = self._args(head, ("nsubj",)) or self._args(head, ("nsubjpass",))
                if not subj and depth < 3 and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                    # "prepared to head to Brussels to meet Bush": the subject sits further up the chain
                    subj = self._subject(head, depth + 1)
        if not subj:
            subj = self._prep_args(verb, ("by",))
        return subj

    def _span_text(self, token: Token, limit: int = 120) -> str:
        left = token.left_edge.i
        words = [t for t in self.doc[left: token.right_edge.i + 1]]
        while words and words[0].dep_ in ("det", "poss", "case") or (words and words[0].is_punct):
            words = words[1:]
        text = "".join(t.text_with_ws for t in words).strip()
        return text[:limit].rstrip()

    def status(self, trigger: Token, default: str, table: str) -> str | None:
        """Status from negation, modality and the verbs that govern the trigger; None drops the mention."""
        negated = any(c.dep_ == "neg" for c in trigger.children)
        head = trigger
        governing: str | None = None
        for _ in range(3):
            if head.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                break  # "Germany proposed a freeze and Canada has begun its own": a clause of its own
            if head.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "nsubjpass", "advcl", "acomp", "pcomp", "prep",
                             "attr", "conj", "acl") and head.head is not head:  # acl: "its plan to buy the LSE"
                head = head.head
                lemma = head.lemma_.lower()
                if lemma in PLANNING_HEADS and head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                    governing = PLANNING_HEADS[lemma]
                    negated = negated or any(c.dep_ == "neg" for c in head.children)
                    break
            else:
                break
        modal = any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in trigger.children)
        if head is not trigger:
            modal = modal or any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in head.children)
        to_be_future = any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and any(
            c.lemma_ == "be" for c in trigger.head.children) and trigger.dep_ == "xcomp"
        # A bare infinitive ("plans, backed by the UK, to lift the embargo") has not happened yet.
        infinitive = trigger.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
        future = modal or to_be_future or governing == "planned" or (infinitive and governing is None)
        if table == "meeting":
            if negated or governing == "refused":
                return "refused"
            if governing == "cancelled":
                return "cancelled"
            if future or governing in ("proposed", "called_for", "threatened", "agreed", "pledged"):
                return "planned"  # "agreed to resume summit meetings" has not met yet
            return default
        if table == "deal":
            firm = any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in trigger.children) \
                or to_be_future or (infinitive and governing is None)
            if default == "completed" and governing == "proposed":
                return "proposed"  # "has bid $800m to buy", "is looking to buy"
            if default == "completed" and firm and governing in (None, "agreed") and not negated:
                return "agreed"  # "X is to buy Y", "X will spend $3bn to buy Y": an announced, agreed purchase
            if governing == "refused" or (negated and default in ("signed", "agreed", "completed")):
                return "rejected"
            if governing in ("proposed", "called_for"):
                return "proposed"
            if governing == "cancelled":
                return "cancelled"
            if governing == "agreed" and default in ("signed", "completed"):
                return "agreed"
            if future or governing in ("planned", "threatened", "pledged"):
                return "planned" if default in ("signed", "agreed", "completed") else default
            return default
        if table == "gift":
            if negated or governing == "refused":
                return "refused"
            if governing in ("pledged", "agreed") or (modal and governing is None):
                return "pledged"  # "agreed to provide", "its decision to donate"
            if future or governing in ("proposed", "called_for", "threatened"):
                return "planned"
            return default
        if table == "sanction":
            if negated and default in ("imposed", "extended"):
                return None
            if default == "lifted" and (future or governing is not None or negated):
                return "in_force"  # a promise or call to lift means the measure still stands
            if governing == "threatened" or (modal and default == "imposed"):
                return "threatened"
            if governing == "called_for":
                return "called_for"
            if governing in ("planned", "proposed") and default == "imposed":
                return "threatened"
            return default
        return default

    def _date(self, trigger: Token) -> tuple[dt.date | None, str | None]:
        for tok in trigger.subtree:
            if tok.ent_type_ == "DATE":
                ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
                if ent is not None:
                    return resolve_date(ent.text, self.published)
        for child in trigger.head.children if trigger.dep_ != "ROOT" else []:
            if child.ent_type_ == "DATE":
                ent = next((e for e in self.doc.ents if e.start <= child.i < e.end), None)
                if ent is not None:
                    return resolve_date(ent.text, self.published)
        return None, None

    def _pair(self, first: list[Actor], second: list[Actor], trigger: Token, stand_in: bool = True
              ) -> list[tuple[Actor | None, Actor | None, float]]:
        """Pairs of different coded sides; falls back to the article's main pair where the text points to it."""
        first = [a for a in first if a.code]
        second = [a for a in second if a.code]
        pairs = []
        if first and second:
            for a in first:
                for b in second:
                    if a.code != b.code:
                        pairs.append((a, b, 0.9))
            if pairs:
                return pairs
            return []  # both sides named and of one state ("Rosneft agreed to merge with Gazprom"): domestic
        if (len(first) >= 2 and not second) or (len(second) >= 2 and not first):
            # "France, Germany and Italy signed", "the sale of Britain's Jaguar to India's Tata":
            # one row per pair of the parties.
            distinct = list({a.code: a for a in first or second}.values())
            if len(distinct) >= 2:
                return [(a, b, 0.85) for i, a in enumerate(distinct) for b in distinct[i + 1:]]
        sentence_text = self.doc.text
        known = first or second
        if refers_to_pair(self._span_text(trigger.head, 400) + " " + sentence_text):
            pair = self.context.pair_referent()
            # "The two leaders last met in Caracas": the pair, where what is named agrees with it
            if pair and all(k.code in pair for k in known):
                return [(state_actor(pair[0]), state_actor(pair[1]), 0.6)]
        if len(known) == 1 and stand_in:
            other = self.context.counterpart(known[0].code)
            if other:
                stand_in = state_actor(other)
                return [(first[0], stand_in, 0.55)] if first else [(stand_in, second[0], 0.55)]
        return []

    def _candidate(self, table: str, a: Actor | None, b: Actor | None, fields: dict[str, Any], conf: float,
                   trigger: Token, key: tuple) -> Candidate:
        date, precision = self._date(trigger)
        fields.setdefault("event_date", date)
        fields.setdefault("date_precision", precision if date else None)
        return Candidate(table, a, b, fields, self.offset, self.offset + len(self.doc.text), conf,
                         trigger.text, key, (self.offset, trigger.i))

    # -- deals --

    def _deal_from_verb(self, verb: Token) -> list[Candidate]:
        lemma = verb.lemma_.lower()
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        deal_noun = next((o for o in objects if o.lemma_.lower() in DEAL_NOUNS or (
            o.lemma_.lower() in ("statement", "declaration") and any(c.lower_ == "joint" for c in o.children))), None)
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in DEAL_NOUNS:
            deal_noun = verb.head
            if deal_noun.head.lemma_.lower() in DEAL_VERBS and deal_noun.dep_ == "dobj":
                return []  # "signed an agreement to build a refinery": the signing is the row
        if lemma in ACQUIRE_VERBS:
            if lemma == "take" and not any(c.lower_ == "over" for c in verb.children):
                return []
            if any(o.lemma_.lower() in NOT_FOR_SALE for o in objects):
                return []  # "took over the chairmanship of the EU", "selling bonds to Asian states"
            if not objects and lemma not in ("invest", "bid", "merge"):
                return []  # "foreign companies will take over": nothing named is bought
            if lemma in ("build", "construct") and deal_noun is None:
                return []
            default = ACQUIRE_VERBS[lemma]
            deal_type = "investment"
        else:
            if deal_noun is None and lemma not in ("agree",):
                return []
            if lemma == "agree" and deal_noun is None and not any(
                    c.dep_ in ("xcomp", "prep") for c in verb.children):
                return []
            if lemma == "agree" and deal_noun is None and any(
                    c.dep_ == "xcomp" and c.lemma_.lower() in PROCEDURAL_STEPS for c in verb.children):
                return []  # "agreed to draw up details", "agreed to meet again": a next step, not a deal
            default = DEAL_VERBS[lemma]
            deal_type = DEAL_NOUNS.get(deal_noun.lemma_.lower(), "agreement") if deal_noun is not None else "agreement"
        status = self.status(verb, default, "deal")
        if status is None:
            return []
        if deal_noun is not None and status in ("agreed", "signed") and any(
                c.dep_ == "amod" and c.lower_ in ("planned", "proposed", "possible", "potential", "mooted")
                for c in deal_noun.children):
            status = "proposed"  # "announced the planned sale"
        # "reportedly signed" is still signed (the contract has no reported status), but less certain.
        hearsay = 0.15 if any(c.lower_ in ("reportedly", "allegedly") for c in verb.children) else 0.0
        subject = self._subject(verb)
        if deal_noun is not None:
            self.used_nouns.add(deal_noun.i)
            if deal_noun is verb.head:  # "an agreement reportedly signed last month, which ..."
                subject = subject or self.actors.actors_of(deal_noun)
        others = self._prep_args(verb, ("with", "between")) + self._args(verb, ("dobj",))
        if lemma in ("buy", "purchase", "acquire"):
            others += self._prep_args(verb, ("from",))  # "will buy 42 Rafale jets from France"
        elif lemma == "sell":
            others += self._prep_args(verb, ("to",))
        if deal_noun is not None:
            others += self._prep_args(deal_noun, ("with", "between", "for", "to"))
            if deal_noun.lemma_.lower() in TRANSACTION_NOUNS:  # "agreed a £1.8bn takeover by Holcim"
                others += self._prep_args(deal_noun, ("by",))
            others += [a for a in self.actors.actors_of(deal_noun) if a not in subject]
            others += self._nested_parties(deal_noun)
        if lemma in ("invest", "build", "construct"):
            others += self._prep_args(verb, ("in", "into"))
            others += self._nested_parties(verb)
        # A purchase or sale with one side named may be domestic or on a market ("raised funds by selling
        # new shares"): no stand-in counterpart, as for sale and takeover nouns.
        market = lemma in ("buy", "sell", "purchase", "acquire", "take", "bid") and deal_noun is None
        # "after the government agreed to hold elections": agreeing to do something, with nobody named to
        # agree with, may be a promise at home
        market = market or (lemma == "agree" and deal_noun is None)
        if verb.dep_ == "conj" and verb.head.lemma_.lower() in MEETING_VERBS and not others:
            # "visited Caracas last month and signed several energy agreements": signed with the host
            others = self._args(verb.head, ("dobj",)) + self._places(verb.head)
        if lemma in ACQUIRE_VERBS and len({a.code for a in subject if a.code}) >= 2 and not others:
            return []  # "Disney and Prince Al-Walid will buy the new stock": co-buyers, not parties to each other
        unnamed = self._unplaced_party(verb, deal_noun)
        pairs = self._pair(subject, [a for a in others if a not in subject], verb,
                           stand_in=not market and not unnamed)
        subject_text = self._deal_subject(deal_noun if deal_noun is not None else verb)
        return [self._deal(a, b, conf - hearsay, verb, deal_type, status, subject_text) for a, b, conf in pairs]

    def _unplaced_party(self, verb: Token, noun: Token | None = None) -> bool:
        """The other side is named but we cannot tell its state ("merged with Dutch firm Ispat" aside, "LNM
        Holdings merged with ...", "is meeting Ms Furse"): then the article's main partner is no stand-in."""
        slots = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubj", "nsubjpass")]
        for prep in [c for c in [*verb.children, *(noun.children if noun is not None else [])]
                     if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "from", "to", "by", "of")]:
            slots += [c for c in prep.children if c.dep_ == "pobj"]
        for slot in slots:
            if slot.ent_type_ in ("ORG", "PERSON") and not any(a.code for a in self.actors.actors_of(slot)):
                return True
        return False

    def _spending(self, verb: Token) -> list[Candidate]:
        """"BP spent $7.5bn to create Russian-registered TNK-BP": an investment in the purpose's state."""
        money = next((c for c in verb.children if c.dep_ == "dobj" and c.ent_type_ == "MONEY"), None)
        purpose = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl")
                        and c.lemma_.lower() in SPENDING_PURPOSES), None)
        if money is None or purpose is None:
            return []
        status = self.status(verb, "completed", "deal")
        if status is None:
            return []
        investors = [a for a in self._subject(verb) if a.code]
        targets = [a for a in self._nested_parties(purpose) if a not in investors]
        pairs = self._pair(investors, targets, verb, stand_in=False)
        subject = self._span_text(purpose)
        return [self._deal(a, b, conf, verb, "investment", status, subject) for a, b, conf in pairs]

    def _contractor_selected(self, verb: Token) -> list[Candidate]:
        work = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in CONTRACTED_WORK),
                    None)
        contractors = self._args(verb, ("nsubjpass",)) or self._args(verb, ("dobj",))
        if work is None or not contractors:
            return []
        status = self.status(verb, "agreed", "deal")
        if status is None:
            return []
        clients = self._subject(verb) if any(c.dep_ == "dobj" for c in verb.children) else self._prep_args(verb,
                                                                                                        ("by",))
        clients = clients + [a for a in self._nested_parties(work) if a not in clients]
        pairs = self._pair([c for c in contractors if c.code], [c for c in clients if c not in contractors], verb,
                           stand_in=False)
        return [self._deal(a, b, conf - 0.1, verb, "contract", status, self._span_text(work)) for a, b, conf in pairs]

    def _relations(self, verb: Token) -> list[Candidate]:
        ties = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                     and c.lemma_.lower() in ("relation", "relations", "tie", "ties")), None)
        if ties is None or not any(t.lower_ in ("diplomatic", "relations", "ties") for t in ties.subtree):
            return []
        if ties.lemma_.lower() in ("relation", "relations") and not any(
                c.lower_ in ("diplomatic", "full", "formal") for c in ties.children) and verb.lemma_.lower() in (
                "cut", "break", "suspend", "resume"):
            return []  # "cut industrial relations", "resumed relations with the union"
        subjects = [a for a in self._subject(verb) if a.code]
        others = self._prep_args(verb, ("with",)) + self._prep_args(ties, ("with", "between"))
        others = [a for a in others if a.code and a not in subjects]
        pairs = self._pair(subjects, others, verb, stand_in=False)
        self.used_nouns.add(ties.i)
        if RELATIONS_VERBS[verb.lemma_.lower()] == "imposed":
            status = self.status(verb, "imposed", "sanction")
            if status is None:
                return []
            return self._sanction_rows([a for a, _, _ in pairs][:1] or subjects, [b for _, b, _ in pairs][:1],
                                       verb, "other", status)
        status = self.status(verb, "agreed", "deal")
        if status is None:
            return []
        return [self._deal(a, b, conf, verb, "agreement", status, self._span_text(ties)) for a, b, conf in pairs]

    def _payment(self, verb: Token) -> list[Candidate]:
        """"GM is to pay Fiat 1.55bn euros to get out of a deal": a settlement between two named sides."""
        if not any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in verb.subtree):
            return []
        payees = [a for c in verb.children if c.dep_ in ("dative", "iobj", "dobj") for a in self.actors.actors_of(c)
                  if a.code]
        payers = [a for a in self._subject(verb) if a.code]
        pairs = self._pair(payers, [p for p in payees if p not in payers], verb, stand_in=False)
        if not pairs:
            return []
        status = self.status(verb, "completed", "deal")
        if status is None:
            return []
        purpose = next((c for c in verb.children if c.dep_ in ("xcomp", "advcl") and
                        any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        subject = self._span_text(purpose) if purpose is not None else f"payment of {_item_text(verb)}"
        return [self._deal(a, b, conf - 0.1, verb, "agreement", status, subject) for a, b, conf in pairs]

    def _nested_parties(self, head: Token) -> list[Actor]:
        """States named inside the object of a deal: "in Kenya's new container port"."""
        result = []
        for tok in head.subtree:
            if tok.i == head.i:
                continue
            mention = self.actors.by_token.get(tok.i)
            if mention and mention.actor.code and mention.kind in ("name", "demonym", "bloc", "organization",
                                                                   "capital"):  # not cities: a plant's town
                result.append(mention.actor)
        return result

    def _deal_from_noun(self, noun: Token) -> list[Candidate]:
        head = noun.head
        # A noun governed by a status verb ("signed an agreement") is handled by that verb.
        if head.lemma_.lower() in DEAL_VERBS and head.pos_ == "VERB":
            return []
        governing = head.lemma_.lower()
        status = None
        if noun.dep_ in ("nsubj", "nsubjpass") and governing in ("expire", "collapse"):
            return []
        if governing in PLANNING_HEADS or any(c.lemma_.lower() in ("proposed", "planned", "draft", "possible",
                                                                    "potential") for c in noun.children):
            status = "proposed"
        elif any(c.dep_ == "amod" and c.lower_ in ("new", "landmark", "historic", "bilateral")
                 for c in noun.children) and noun.dep_ in ("nsubj", "attr", "dobj"):
            status = "agreed"
        elif noun.lemma_.lower() in TRANSACTION_NOUNS and any(
                c.dep_ == "prep" and c.lower_ in ("of", "by", "to") for c in noun.children):
            # "the sale of its 33% stake to Spain's Ferrovial", "the $1.8bn takeover by Holcim"
            status = "agreed"
        elif noun.dep_ in ("dobj", "nsubjpass", "nsubj") and governing in ANNOUNCE_VERBS and head.pos_ == "VERB":
            status = self.status(head, "agreed", "deal")  # "announced a deal", "an alliance was formed"
        elif noun.lemma_.lower() in ("alliance", "coalition"):
            status = "agreed"  # an alliance of named states exists; who formed it, and when, may go unsaid
        if status is None:
            return []
        parties = self.actors.actors_of(noun) + self._prep_args(noun, ("with", "between", "by", "to"))
        ended = noun.head.dep_ == "prep" and noun.head.head.lemma_.lower() in ("end", "termination", "collapse")
        if ended:
            status = "cancelled"  # "negotiated an end to its alliance with General Motors"
        if noun.lemma_.lower() in ("alliance", "coalition"):
            parties = [a for a in parties if a.actor_type != "person"]
            if len({a.code for a in parties if a.code}) < 2:
                return []  # "the alliance" alone, or one member named, says nothing about who
        elif head.lemma_.lower() in ANNOUNCE_VERBS and noun.dep_ == "dobj":
            acquirer = [a for a in self._subject(head) if a not in parties]
            parties = acquirer + parties
            # "a deal to buy 26% of Indian firm X", "an order for 10 Airbus A380s"
            parties += [a for a in self._nested_parties(noun) if a not in parties]
            if len({a.code for a in parties if a.code}) < 2:
                return []
        if noun.lemma_.lower() in TRANSACTION_NOUNS:
            parties += [a for a in self._nested_parties(noun) if a not in parties]
            if len({a.code for a in parties if a.code}) < 2:
                return []  # a sale with one side named may be domestic: no stand-in counterpart
        pairs = self._pair(parties[:1], parties[1:], noun)
        return [self._deal(a, b, conf - 0.1, noun, DEAL_NOUNS[noun.lemma_.lower()], status,
                           self._deal_subject(noun)) for a, b, conf in pairs]

    def _deal_subject(self, anchor: Token) -> str:
        if anchor.lemma_.lower() in TRANSACTION_NOUNS:  # "the sale of the 33% stake": what is sold
            for child in anchor.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    return self._span_text(child)[:120]
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "for", "to", "over", "about"):
                return self._span_text(child)[:120]
            if child.dep_ in ("acl", "relcl", "xcomp"):
                return self._span_text(child)[:120]
        for child in anchor.children:
            if child.dep_ in ("dobj",):
                return self._span_text(child)[:120]
        return self._span_text(anchor)[:120]

    def _deal(self, a: Actor | None, b: Actor | None, conf: float, trigger: Token, deal_type: str, status: str,
              subject: str) -> Candidate:
        sentence = self.doc.text
        sector = _classify(subject + " " + sentence if subject else sentence, SECTORS, "other")
        if subject:
            sector = _classify(subject, SECTORS, sector)
        amount, unit = _amount(self.doc, trigger)
        location = self._location(trigger)
        fields = {"deal_type": deal_type, "sector": sector, "subject": subject or None, "status": status,
                  "amount": amount, "amount_unit": unit, "location": location}
        key = ("deal", _unordered(a and a.code, b and b.code), sector, _status_class(status), _head_word(subject))
        return self._candidate("fact_deal", a, b, fields, conf, trigger, key)

    def _location(self, trigger: Token) -> str | None:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                        ent = next(e for e in self.doc.ents if e.start <= pobj.i < e.end)
                        return ent.text
        return None

    # -- gifts --

    def _gift_from_verb(self, verb: Token) -> list[Candidate]:
        lemma = verb.lemma_.lower()
        # "inspectors were given more time": with an object, the passive subject receives
        items = [c for c in verb.children if c.dep_ == "dobj"] or [
            c for c in verb.children if c.dep_ == "nsubjpass"]
        over = verb.i + 1 < len(self.doc) and self.doc[verb.i + 1].lower_ == "over"  # parsed as "over 18" at times
        if lemma == "hand" and not over:
            return []
        if not items:
            return []
        supplied_with = next((p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "with"
                              for p in prep.children if p.dep_ == "pobj"), None)
        if supplied_with is not None and self.actors.actors_of(items[0]):
            # "has supplied Venezuela with military equipment": the object receives, "with" names the goods
            receiver_token, items = items[0], [supplied_with]
        else:
            receiver_token = None
        item = _content_item(items[0])
        if items[0].ent_type_ == "MONEY" or items[0].lower_ in SCALE:
            # "pledged $50m in aid": the money is the quantity, "aid" the item.
            item = next((p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "in"
                         for p in prep.children if p.dep_ == "pobj"), item)
        if item.pos_ == "PRON":
            return []
        item_text = _item_text(item)
        category = _classify(item_text, ITEM_CATEGORIES, "other")
        counted = _quantity(self.doc, item)[0] is not None
        if category == "other" and not (counted and lemma in ("donate", "gift", "present", "hand", "deliver")):
            return []  # "gave more time", "gives Japan Airlines": not a transfer of goods or money
        if category == "money" and _amount(self.doc, item)[0] is None and not re.search(
                r"aid|grant|loan|fund|donation|money|cash", item_text, re.IGNORECASE):
            return []
        if item.lemma_.lower() in ("support", "backing", "opportunity", "evidence", "details", "information",
                                   "statement", "speech", "service", "access", "chance", "help", "view"):
            return []
        status = self.status(verb, GIFT_DEFAULT_STATUS.get(lemma, "delivered"), "gift")
        if status is None:
            return []
        if any(c.dep_ == "det" and c.lower_ == "no" for c in items[0].children) and status == "delivered":
            status = "withheld"  # "Japan sent no aid", "no aid was delivered"
        givers = self._subject(verb) if items[0].dep_ != "nsubjpass" else self._prep_args(verb, ("by", "from"))
        if items[0].dep_ == "nsubjpass" and not givers:
            givers = [a for c in items[0].children if c.dep_ in ("amod", "compound", "poss")
                      for a in self.actors.actors_of(c)]
        receivers = self._prep_args(verb, ("to", "for")) + self._args(verb, ("dative", "iobj"))
        if receiver_token is not None:
            receivers = self.actors.actors_of(receiver_token) + receivers
        if not receivers:
            receivers = self._thanker(verb)
        if not receivers:  # "loans for a new metro line in Ho Chi Minh City": the place names the receiver
            receivers = [m.actor for prep in [*verb.children, *item.children]
                         if prep.dep_ == "prep" and prep.lower_ in ("for", "to")
                         for m in map(self.actors.by_token.get, (t.i for t in prep.subtree))
                         if m is not None and m.actor.code and m.actor.actor_type != "person"
                         and m.actor not in givers]
        if lemma == "present" and not receivers:
            receivers = self._prep_args(verb, ("with",))
        # Money with no named receiver is recorded with a NULL receiver below, not given to a stand-in.
        pairs = self._pair(givers, [r for r in receivers if r not in givers], verb,
                           stand_in=category not in AID_CATEGORIES)
        giver = next((g for g in givers if g.code), None)
        if not pairs and category in AID_CATEGORIES and giver is not None and self._abroad(giver):
            # "Britain pledged £50m in aid": the receiver goes unnamed, which the contract records as NULL.
            pairs = [(giver, None, 0.5)]
        kind = GIFT_VERBS[lemma]
        if kind in ("aid", "gift") and category == "money":
            kind = "grant" if "grant" in item_text.lower() else ("loan" if "loan" in item_text.lower() else "aid")
        return [self._gift(a, b, conf, verb, item, category, kind, status) for a, b, conf in pairs]

    def _thanker(self, verb: Token) -> list[Actor]:
        """"Zelensky thanked Denmark for its decision to donate jets": who thanks for a gift received it."""
        head = verb
        for _ in range(4):
            if head.lemma_.lower() == "thank" and head.pos_ == "VERB":
                return [a for a in self._subject(head) if a.code]
            if head.head is head:
                break
            head = head.head
        return []

    def _debt_relief(self, verb: Token) -> list[Candidate]:
        if verb.lemma_.lower() == "write" and not any(c.lower_ == "off" for c in verb.children):
            return []
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
        debt = next((o for o in objects if {t.lower_ for t in o.subtree} & DEBT_WORDS), None)
        if debt is None:
            return []
        self.context.topics.add("debt_relief")
        status = self.status(verb, "pledged", "gift")
        if status is None:
            return []
        givers = [g for g in self._subject(verb) if g.code] if debt.dep_ != "nsubjpass" else [
            g for g in self._prep_args(verb, ("by",)) if g.code]
        receivers = [r for r in self._prep_args(verb, ("for", "to")) + self._prep_args(debt, ("of", "for", "by"))
                     if r.code and r not in givers]
        pairs = self._pair(givers, receivers, verb, stand_in=False) if givers and receivers else []
        if not pairs and (givers or receivers) and (receivers or self._abroad(givers[0] if givers else None)):
            pairs = [(givers[0] if givers else None, receivers[0] if receivers else None, 0.5)]
        item = self.doc[debt.left_edge.i: debt.right_edge.i + 1]
        return [self._gift(a, b, conf, verb, debt, "money", "aid", status,
                           item_text=f"{verb.lemma_} {item.text}"[:120]) for a, b, conf in pairs]

    def _is_debt_relief(self, noun: Token) -> bool:
        """"debt relief", "a moratorium on repayments"; later a bare "its own moratorium" in the same article."""
        if {t.lower_ for t in noun.subtree} & DEBT_WORDS:
            self.context.topics.add("debt_relief")
            return True
        has_object = any(c.dep_ == "prep" and c.lower_ == "on" for c in noun.children)
        return noun.lemma_.lower() == "moratorium" and not has_object and "debt_relief" in self.context.topics

    def _debt_relief_from_noun(self, noun: Token) -> list[Candidate]:
        givers = [a for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                  for a in self.actors.actors_of(c) if a.code] + self._prep_args(noun, ("from", "by"))
        receivers = [r for r in self._prep_args(noun, ("for", "to")) if r.code and r not in givers]
        for offered in (c for c in noun.children if c.dep_ == "acl"):  # "the debt freeze offered by the Paris Club"
            givers += [g for g in self._prep_args(offered, ("by",)) if g.code]
        verb = noun.head if noun.head.pos_ == "VERB" and noun.dep_ in ("dobj", "nsubjpass") else None
        status = "pledged"
        if verb is not None:
            if verb.lemma_.lower() in ("receive", "get", "accept", "need", "want", "seek", "decline", "reject"):
                receivers = receivers or [r for r in self._subject(verb) if r.code and r not in givers]
            elif noun.dep_ == "dobj" and verb.lemma_.lower() in RELIEF_GRANTING_VERBS:
                givers = givers or [g for g in self._subject(verb) if g.code]
            default = "delivered" if verb.lemma_.lower() in PUT_INTO_EFFECT else "pledged"
            status = self.status(verb, default, "gift")
            if status is None:
                return []
        giver = givers[0] if givers else None
        if giver is None:
            return []  # relief nobody is said to give asserts no transfer
        if receivers:
            pairs = self._pair([giver], receivers, noun, stand_in=False)
        else:
            pairs = [(giver, None, 0.5)]
        item = " ".join(t.text for t in self.doc[noun.left_edge.i: noun.i + 1] if t.dep_ not in ("det", "poss"))
        item_text = item if {t.lower_ for t in noun.subtree} & DEBT_WORDS else f"debt {noun.text}"
        return [self._gift(a, b, conf, noun, noun, "money", "aid", status, item_text=item_text[:120])
                for a, b, conf in pairs]

    def _aid_increase(self, verb: Token) -> list[Candidate]:
        aid = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in AID_FLOWS),
                   None)
        if aid is None or not any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in verb.subtree):
            return []  # "increased support for the plan": backing, unless money is counted
        status = self.status(verb, "delivered", "gift")
        if status is None:
            return []
        self.used_nouns.add(aid.i)
        agents = self._subject(verb) if aid.dep_ == "dobj" else self._prep_args(verb, ("by",))
        givers = [g for g in agents if g.code]
        receivers = [r for r in self._prep_args(aid, ("for", "to")) + self._prep_args(verb, ("for", "to"))
                     if r.code and r not in givers]
        pairs = self._pair(givers, receivers, verb, stand_in=False)
        if not pairs and givers and self._abroad(givers[0]):
            pairs = [(givers[0], None, 0.5)]
        item_text = self._span_text(aid, 80)
        return [self._gift(a, b, conf, verb, aid, "money", "aid", status, item_text=item_text)
                for a, b, conf in pairs]

    def _gift_received(self, verb: Token) -> list[Candidate]:
        """"The Palestinians receive $950m a year from international donors"."""
        items = [c for c in verb.children if c.dep_ == "dobj"]
        if not items or items[0].lemma_.lower() in GIFT_NOUNS:
            return []  # an aid noun as object is handled by the noun rule
        item = _content_item(items[0])
        category = _classify(_item_text(item), ITEM_CATEGORIES, "other")
        if category not in AID_CATEGORIES:
            return []
        receivers = [r for r in self._subject(verb) if r.code]
        givers = [g for g in self._prep_args(verb, ("from",)) if g.code]
        if not receivers or not (givers or self._unnamed_donors(verb)):
            return []
        status = self.status(verb, "delivered", "gift")
        if status is None:
            return []
        giver = givers[0] if givers else None
        return [self._gift(giver, receivers[0], 0.6, verb, item, category, "aid", status)]

    def _gift_from_noun(self, noun: Token) -> list[Candidate]:
        lemma = noun.lemma_.lower()
        if noun.dep_ == "compound" and (noun.head.lemma_.lower() in AID_HANDLERS | set(GIFT_NOUNS) or (
                noun.text[:1].isupper() and noun.i > 0 and not noun.is_sent_start)):
            return []
        of_item = None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                of_item = next((c for c in child.children if c.dep_ == "pobj"), None)
        item = of_item if of_item is not None else noun
        item_text = _item_text(item) if of_item is not None else self._span_text(noun, 80)
        if of_item is None and lemma in ("package", "delivery", "gift") and not re.search(
                r"aid|relief|humanitarian", item_text, re.IGNORECASE):
            return []
        category = _classify(item_text, ITEM_CATEGORIES, "humanitarian_aid" if lemma in ("aid", "relief",
                                                                                         "assistance") else "other")
        if category == "other":
            return []  # "delivery of oil and gas" is trade, not a gift
        if any(c.dep_ == "amod" and c.lower_ in ("mutual", "reciprocal") for c in noun.children):
            return []
        givers = self._prep_args(noun, ("from", "by")) + [
            a for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")
            for a in self.actors.actors_of(c)]
        receivers = self._prep_args(noun, ("to", "for"))
        if of_item is not None:
            givers += self._prep_args(of_item, ("from", "by"))
            receivers += self._prep_args(of_item, ("to", "for"))
        if noun.head.pos_ == "VERB" and noun.dep_ in ("dobj", "nsubjpass", "pobj"):
            verb = noun.head if noun.dep_ != "pobj" else noun.head.head
            vlemma = verb.lemma_.lower()
            if vlemma in ("receive", "get", "accept"):
                receivers += self._subject(verb)
                givers += self._prep_args(verb, ("from",))
            elif vlemma in GIFT_VERBS:
                return []  # the verb rule covers it
            elif vlemma in ("halt", "suspend", "freeze", "cut", "withdraw", "stop", "withhold", "scrap", "abolish",
                            "axe", "end"):
                return []  # a sanction (aid suspension), not a gift
            elif not givers and noun.dep_ == "nsubjpass":
                givers += self._prep_args(verb, ("by",))  # "the food assistance is bought locally": not FAO's
            elif not givers and noun.dep_ != "pobj":
                givers += self._subject(verb)
        unnamed_giver = not givers and self._unnamed_donors(noun)
        if not givers and not unnamed_giver:
            return []  # an aid noun with nobody named as giving it asserts no transfer
        status = "delivered"
        if noun.head.pos_ == "VERB" and noun.dep_ in ("dobj", "nsubjpass"):
            status = self.status(noun.head, "delivered", "gift") or "delivered"
        else:  # "proposals for a G8 aid package": the governing words still say it is not given yet
            status = self.status(noun, "delivered", "gift") or "delivered"
        if any(c.lower_ in ("promised", "pledged", "planned", "proposed", "new") for c in noun.children):
            status = "pledged"
        receivers = [r for r in receivers if r not in givers]
        if any(c.dep_ == "det" and c.lower_ in ("what", "which", "any", "whatever") for c in noun.children):
            return []  # "examining what aid was needed": a question, not a transfer
        # Aid with no named receiver is recorded with a NULL receiver below; goods go to the article's other side.
        pairs = self._pair(givers, receivers, noun, stand_in=category not in AID_CATEGORIES) if givers else []
        if not pairs and category in AID_CATEGORIES and lemma in ("aid", "assistance", "relief", "grant",
                                                                  "donation", "package"):
            # "UK aid", "the EU's $21m aid package", "aid from international donors": a side the text
            # does not name is NULL.
            giver = next((g for g in givers if g.code), None)
            receiver = next((r for r in receivers if r.code), None)
            if (giver is not None or receiver is not None) and (receiver is not None or self._abroad(giver)):
                pairs = [(giver, receiver, 0.5)]
        kind = GIFT_NOUNS[lemma]
        return [self._gift(a, b, conf - 0.05, noun, item, category, kind, status) for a, b, conf in pairs]

    def _abroad(self, giver: Actor | None) -> bool:
        """Aid with no named receiver is a row only where it goes abroad: the sentence says so, or the
        giver is a bloc or an international organisation, whose aid always leaves the giver."""
        if DOMESTIC_AID.search(self.doc.text):
            return False
        return bool(INTERNATIONAL_AID.search(self.doc.text)) or (
            giver is not None and giver.actor_type in ("bloc", "igo"))

    def _unnamed_donors(self, noun: Token) -> bool:
        """"aid from international donors", "donors' aid package": givers exist but go unnamed."""
        words = {t.lemma_.lower() for t in noun.subtree} | {t.lemma_.lower() for t in noun.head.subtree
                                                              if noun.dep_ == "pobj"}
        return bool(words & {"donor", "creditor", "lender", "community"})

    def _gift(self, a, b, conf, trigger: Token, item: Token, category: str, kind: str, status: str,
              item_text: str | None = None) -> Candidate:
        quantity, unit = _quantity(self.doc, item)
        institution = None
        for tok in trigger.subtree:
            if tok.lower_ in ("zoo", "hospital", "museum", "university", "school") and tok.ent_type_:
                ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
                institution = ent.text if ent else None
        occasion = None
        for tok in trigger.subtree:
            if tok.lower_ == "occasion":
                occasion = self._span_text(tok, 100)
        head_item = item.lemma_.lower() if item.pos_ in ("NOUN", "PROPN") else item.lower_
        fields = {"item": item_text or _item_text(item), "item_category": category, "quantity": quantity,
                  "quantity_unit": unit, "transfer_kind": kind, "status": status, "occasion": occasion,
                  "recipient_institution": institution}
        key = ("gift", a and a.code, b and b.code, head_item, _status_class(status))
        return self._candidate("fact_gift", a, b, fields, conf, trigger, key)

    # -- sanctions --

    def _sanction_from_verb(self, verb: Token) -> list[Candidate]:
        lemma = verb.lemma_.lower()
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "for"):
                objects += [c for c in prep.children if c.dep_ == "pobj"]
        measure_noun = next((o for o in objects if _measure(o) is not None), None)
        if lemma in SUSPEND_VERBS and measure_noun is None:
            return self._suspension(verb, objects)
        if lemma not in SANCTION_VERBS:
            return []
        if lemma == "expel" and measure_noun is None:
            if not any(o.lemma_.lower() in ("diplomat", "ambassador", "envoy", "attache") for o in objects):
                return []
            measure = "diplomatic_expulsion"
            targets = [a for o in objects for a in self.actors.actors_of(o)]
        elif measure_noun is None and lemma in ("ban", "bar", "block", "recall"):
            # "banned imports of Japanese seafood", "recalled its ambassador to Australia"
            flow = next((o for o in objects if o.lemma_.lower() in BANNED_FLOWS), None)
            envoy = flow is not None and flow.lemma_.lower() in ("ambassador", "envoy")
            if flow is None or envoy != (lemma == "recall"):
                return []
            measure = BANNED_FLOWS[flow.lemma_.lower()]
            targets = self._prep_args(flow, ("to", "from", "of", "in")) + self._prep_args(verb, ("from",))
            targets += [a for c in flow.children if c.dep_ in ("amod", "compound", "nmod")
                        for a in self.actors.actors_of(c)] + self._nested_targets(flow)
        elif measure_noun is None:
            return []
        else:
            measure = _measure(measure_noun)
            self.used_nouns.add(measure_noun.i)
            targets = self._prep_args(measure_noun, ("on", "against", "to")) + self._prep_args(
                verb, ("on", "against"))
            targets += self._nested_targets(measure_noun)
        status = self.status(verb, SANCTION_VERBS[lemma], "sanction")
        if status is None:
            return []
        imposers = self._subject(verb) if all(o.dep_ != "nsubjpass" for o in objects) else self._prep_args(
            verb, ("by",))
        if measure_noun is not None:
            # "called for new EU sanctions": the bloc named on the measure imposes it, not the caller.
            own = [a for c in measure_noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                   for a in self.actors.actors_of(c) if a.actor_type != "person"]
            imposers = own or imposers
        if lemma == "face":  # "China could face sanctions": the subject is the target
            imposers, targets = self._prep_args(measure_noun, ("from", "by")), self._subject(verb)
        return self._sanction_rows(imposers, targets, verb, measure, status)

    def _suspension(self, verb: Token, objects: list[Token]) -> list[Candidate]:
        thing = next((o for o in objects if o.lemma_.lower() in SUSPENDED_THINGS or o.lower_ in SUSPENDED_THINGS),
                     None)
        if thing is None:
            return []
        measure = SUSPENDED_THINGS.get(thing.lemma_.lower()) or SUSPENDED_THINGS[thing.lower_]
        if thing.lemma_.lower() in ("programme", "program", "support") and not any(
                t.lower_ in ("aid", "lending", "loan", "budget", "financial") for t in thing.subtree):
            return []
        status = self.status(verb, "imposed", "sanction")
        if status is None:
            return []
        self.used_nouns.add(thing.i)
        targets = self._prep_args(thing, ("to", "for", "of")) + self._prep_args(verb, ("to", "for", "from"))
        targets += [a for c in thing.children if c.dep_ in ("poss", "amod", "compound")
                    for a in self.actors.actors_of(c) if c.pos_ != "PRON"]
        # "British Airways is to halt its flights to Jeddah": a firm's business decision, not a state's measure
        subjects = self._subject(verb)
        if subjects and all(a.actor_type == "organization" for a in subjects):
            return []
        return self._sanction_rows(subjects, targets, verb, measure, status)

    def _sanction_from_noun(self, noun: Token) -> list[Candidate]:
        measure = _measure(noun)
        if measure is None:
            return []
        head = noun.head
        if head.lemma_.lower() in SANCTION_VERBS and head.pos_ == "VERB":
            return []
        imposers = [a for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                    for a in self.actors.actors_of(c)] + self._prep_args(noun, ("by", "from"))
        targets = self._prep_args(noun, ("on", "against", "to")) + self._nested_targets(noun)
        targets = [t for t in targets if t not in imposers]
        # A measure named without a verb is in force, also under "moves to lift the ban".
        status = "in_force"
        if head.lemma_.lower() in ("threat",):
            status = "threatened"
        if not targets and imposers:
            nearest = self._nearest_state_before(noun, {a.code for a in imposers})
            targets = [nearest] if nearest else []
        remembered = self.context.last_sanction_target
        if not targets and imposers and remembered and remembered not in {a.code for a in imposers}:
            targets = [state_actor(remembered)]  # "its own sanctions ... would remain": on whom the story says
        return self._sanction_rows(imposers, targets, noun, measure, status, conf_penalty=0.1)

    def _nested_targets(self, noun: Token) -> list[Actor]:
        """"a ban on arms exports to China": the target sits one phrase deeper."""
        result = []
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        result += self._prep_args(pobj, ("to", "from", "on", "against"))
            elif prep.dep_ == "acl" and prep.lemma_.lower() in ("impose", "place", "slap", "aim", "target"):
                result += self._prep_args(prep, ("on", "against", "at"))  # "the embargo imposed on China"
        return result

    def _nearest_state_before(self, token: Token, exclude: set) -> Actor | None:
        best = None
        for mention in self.actors.mentions():
            if (mention.start < token.i and mention.actor.code not in exclude
                    and reference.is_state(mention.actor.code)):
                best = state_actor(mention.actor.code)
        return best

    def _sanction_rows(self, imposers, targets, trigger: Token, measure: str, status: str,
                       conf_penalty: float = 0.0) -> list[Candidate]:
        imposers = [a for a in imposers if a.code]
        targets = [a for a in targets if a.code and a not in imposers]
        rows = []
        if not targets and len({a.code for a in imposers}) >= 2 and status in ("eased", "lifted"):
            # "India and Pakistan eased restrictions": measures each side had on the other
            imposers, targets = imposers[:1], [a for a in imposers if a.code != imposers[0].code][:1]
        if not targets and not imposers and refers_to_pair(self.doc.text):
            pair = self.context.pair_referent()
            if pair:
                imposers, targets = [state_actor(pair[0])], [state_actor(pair[1])]
                conf_penalty += 0.2
        if not targets:
            return []
        for target in targets:
            imposer = imposers[0] if imposers else None
            if imposer is not None and imposer.code == target.code:
                continue
            conf = (0.85 if imposer else 0.6) - conf_penalty
            fields = {"measure": measure, "status": status, "reason": None}
            key = ("sanction", imposer and imposer.code, target.code, measure)
            rows.append(self._candidate("fact_sanction", imposer, target, fields, conf, trigger, key))
        return rows

    # -- meetings --

    def _meeting_from_verb(self, verb: Token) -> list[Candidate]:
        lemma = verb.lemma_.lower()
        if lemma in ("call", "speak") and not any(c.lower_ in ("phone", "telephone") for c in verb.subtree):
            return []
        if lemma == "host" and any(c.dep_ in ("dobj", "nsubjpass") and not self.actors.actors_of(c)
                                   and c.lemma_.lower() not in MEETING_NOUNS for c in verb.children):
            return []  # "a conference hosted by Gordon Brown": an event, not a visitor
        if lemma in ("receive", "welcome") and not any(
                self.actors.by_token.get(c.i) and self.actors.by_token[c.i].kind == "person"
                for c in verb.children if c.dep_ == "dobj"):
            return []
        if lemma == "talk" and not self._prep_args(verb, ("with",)):
            return []
        if lemma in TRAVEL_VERBS:
            destinations = [a for a in self._prep_args(verb, ("to", "in", "for")) if a.actor_type == "state"]
            if not destinations:
                return []
        status = self.status(verb, "held", "meeting")
        if status is None:
            return []
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in NON_STATE_TRAVELLERS for c in verb.children):
            return []  # "Brazil's football team will visit Argentina" is sport, not diplomacy
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects and not any(self._can_meet(c) for c in subjects):
            return []  # "His words met a cool reception"
        if lemma == "meet" and any(c.dep_ == "dobj" and c.pos_ == "NOUN" and not self.actors.actors_of(c)
                                   and c.lemma_.lower() not in AGENT_NOUNS for c in verb.children):
            return []  # "he had met his golden rule", "met the targets"
        first = self._subject(verb)
        second = self._args(verb, ("dobj",)) + self._prep_args(verb, ("with", "to"))
        if lemma in ("host", "receive", "welcome"):
            first, second = second, first
        if not second:
            second = self._places(verb)
        if lemma in ("visit", "tour"):
            # "will visit an orphanage in Tanzania and a credit union in Mozambique": each place is a visit
            for obj in (c for c in verb.children if c.dep_ == "dobj"):
                for tok in obj.subtree:
                    if tok.dep_ == "prep" and tok.lower_ in ("in", "at"):
                        second += [a for a in self._prep_args(tok.head, (tok.lower_,)) if a not in second]
        kind = MEETING_VERBS[lemma]
        if "sidelines" in self.doc.text.lower():
            kind = "sidelines"
        # "will visit Africa": a named place we cannot place in one state is not the article's other side
        named_elsewhere = any(c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN") and not self.actors.actors_of(c)
                              for c in verb.children)  # also "visit the Pakistani community in Manchester"
        named_elsewhere = named_elsewhere or self._unplaced_party(verb)
        return self._meetings(first, [s for s in second if s not in first], verb, kind, status,
                              stand_in=not named_elsewhere)

    def _can_meet(self, token: Token) -> bool:
        return (token.i in self.actors.by_token or token.pos_ in ("PRON", "PROPN")
                or token.lemma_.lower() in AGENT_NOUNS)

    def _meeting_from_noun(self, noun: Token) -> list[Candidate]:
        head = noun.head
        lemma = noun.lemma_.lower() if noun.lemma_.lower() in MEETING_NOUNS else noun.lower_
        if lemma == "call" and not any(c.lower_ in ("phone", "telephone") for c in noun.children):
            return []
        if lemma == "talk" and noun.lower_ != "talks":
            return []
        hlemma = head.lemma_.lower()
        status = "held"
        if head.pos_ == "VERB" and noun.dep_ in ("dobj", "nsubjpass"):
            if hlemma in ("hold", "have", "conduct", "open", "begin", "start", "attend", "host", "make", "pay"):
                status = self.status(head, "held", "meeting")
            elif hlemma in PLANNING_HEADS:
                status = self.status(noun, "planned", "meeting") if PLANNING_HEADS[hlemma] == "refused" else (
                    "cancelled" if PLANNING_HEADS[hlemma] == "cancelled" else "planned")
            else:  # "agreed to resume summit meetings"
                status = self.status(head, "held", "meeting")
        if any(c.dep_ == "amod" and c.lower_ in ("planned", "upcoming", "forthcoming", "proposed", "next")
               for c in noun.children):
            status = "planned"
        if noun.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            # "The meeting is due to take place", "talks will resume": the meeting's own verb says when
            scheduled = any(c.dep_ in ("acomp", "xcomp") and c.lemma_.lower() in PLANNING_HEADS
                            for c in head.children)
            governed = self.status(head, "held", "meeting") if head.lemma_.lower() != "be" else None
            if scheduled:
                status = "planned"
            elif governed in ("planned", "cancelled"):  # not "the meeting was not merely a formality"
                status = governed
        if status is None:
            return []
        owners = [a for c in noun.children if c.dep_ in ("poss",) for a in self.actors.actors_of(c)]
        if not owners and head.pos_ == "VERB" and noun.dep_ in ("dobj", "attr"):
            owners = self._subject(head)
        partners = self._prep_args(noun, ("with", "to", "between", "in", "by")) + [
            a for c in noun.children if c.dep_ in ("amod", "compound", "nmod") for a in self.actors.actors_of(c)]
        if head.pos_ == "VERB" and noun.dep_ == "dobj":
            partners += self._prep_args(head, ("with", "to", "in"))
        accession = []
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("on", "about", "over")):
            # "talks on Russia's membership of the WTO": between the applicant and the body it would join
            for topic in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in ACCESSION_NOUNS):
                accession += self.actors.actors_of(topic) + self._prep_args(topic, ("of", "to", "in"))
        partners += accession
        if not partners:
            partners = self._places(noun)
        kind = MEETING_NOUNS.get(lemma, "other")
        if "sidelines" in self.doc.text.lower():
            kind = "sidelines"
        between = self._prep_args(noun, ("between",)) or accession
        if not owners and not between and len({a.code for a in partners if a.code}) >= 2:
            # "talks with Russia and Saudi Arabia": each talks with someone unnamed, not with each other
            return []
        everyone = owners + [p for p in partners if p not in owners]
        if kind == "visit" and len({a.code for a in everyone if a.code}) < 2:
            return self._visit_in_place(noun, owners, status)
        if len({a.code for a in everyone if a.code}) < 2 and not refers_to_pair(self._span_text(noun, 200)):
            return []  # "the talks" alone, with one side named, does not say who met whom
        return self._meetings(everyone[:1], everyone[1:], noun, kind, status, conf_penalty=0.05)

    def _visit_in_place(self, noun: Token, visitors: list[Actor], status: str) -> list[Candidate]:
        """"Mr Snow, who is in Dublin at the start of a four-nation EU visit": the clause says where."""
        clause = noun
        for _ in range(4):
            if clause.pos_ in ("VERB", "AUX") or clause.head is clause:
                break
            clause = clause.head
        if clause.pos_ not in ("VERB", "AUX"):
            return []
        hosts = self._places(clause, ("in", "to"))
        visitors = visitors or [v for v in self._subject(clause) if v.code]
        if not hosts or not visitors:
            return []
        if status == "held":
            status = self.status(clause, "held", "meeting") or "held"
        return self._meetings(visitors[:1], [h for h in hosts if h not in visitors], noun, "visit", status,
                              conf_penalty=0.1)

    def _places(self, token: Token, preps: tuple[str, ...] = ("in", "at", "to")) -> list[Actor]:
        """Capitals and countries in "in"/"at" phrases: "talks in Beijing" makes China a party."""
        result = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                result.extend(self._prep_args(token, (child.lower_,)))
        return [a for a in result if a.actor_type in ("state",) or a.code]

    def _meetings(self, first, second, trigger: Token, kind: str, status: str,
                  conf_penalty: float = 0.0, stand_in: bool = True) -> list[Candidate]:
        rows = []
        clause = trigger.head if trigger.pos_ == "NOUN" else trigger
        if status == "held" and FUTURE_TIME.search(self.doc[clause.left_edge.i: clause.right_edge.i + 1].text):
            status = "planned"  # "when Britain chairs the G8 summit next year"
        participants = "; ".join(sorted({a.name for a in first + second if a.actor_type == "person"})) or None
        for a, b, conf in self._pair(first, second, trigger, stand_in=stand_in):
            fields = {"meeting_kind": kind, "status": status, "participants": participants,
                      "location": self._location(trigger)}
            date, _ = self._date(trigger)
            key = ("meeting", _unordered(a.code, b.code), date and (date.year, date.month), _status_class(status))
            rows.append(self._candidate("fact_meeting", a, b, fields, conf - conf_penalty, trigger, key))
        return rows

    # -- trade --

    def _change_verb(self, noun: Token) -> Token | None:
        """The verb that says how the figure moved: "trade rose", "trade, which rose", "realm of trade, which rose"."""
        if noun.head.lemma_.lower() in CHANGE_VERBS and noun.dep_ in ("nsubj", "nsubjpass"):
            return noun.head
        anchors = [noun]
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
            anchors.append(noun.head.head)
        for anchor in anchors:
            for child in anchor.children:
                if child.dep_ in ("relcl", "acl") and child.lemma_.lower() in CHANGE_VERBS:
                    return child
        return None

    def _trade_figure(self, noun: Token) -> bool:
        if not re.search(r"\d|percent|per cent|%", self.doc.text):
            return False
        return self._change_verb(noun) is not None or any(
            t.like_num or t.ent_type_ == "MONEY" for t in noun.subtree if t.i != noun.i)

    def _trade(self, noun: Token) -> list[Candidate]:
        metric = TRADE_NOUNS[noun.lemma_.lower()]
        verb = self._change_verb(noun)
        scope = verb if verb is not None else noun
        value, unit = None, None
        for tok in scope.subtree:
            if tok.lower_ in ("percent", "%") or (tok.lower_ == "cent" and tok.nbor(-1).lower_ == "per"):
                # the number right before the sign: "between the two countries rose 8%" is 8, not two
                number = max((t for t in scope.subtree if t.like_num and t.i < tok.i), key=lambda t: t.i,
                             default=None)
                if number is not None:
                    value, unit = _number(number.text), "percent_change"
                    if verb is not None and verb.lemma_.lower() in ("fall", "decline", "drop", "slump", "shrink",
                                                                    "plunge") and value:
                        value = -value
                break
        if value is None:
            value, unit = _amount(self.doc, scope)
        if value is None:
            return []
        parties = self.actors.actors_of(noun) + self._prep_args(noun, ("between", "with", "to", "from"))
        parties += [a for c in noun.children if c.dep_ in ("amod", "compound", "poss")
                    for a in self.actors.actors_of(c)]
        if verb is not None and noun.dep_ != "nsubj":
            parties += self._subject(verb)
        if noun.dep_ in ("pobj",) and noun.head.head is not None:
            parties += self._args(noun.head.head, ("nsubj",))
        parties = [p for p in parties if p.code]
        # A figure for one state ("Chinese investment rose") is not a figure for its main partner.
        balance_with = noun.lemma_.lower() in BALANCE_NOUNS and bool(self._prep_args(noun, ("with",)))
        if noun.lemma_.lower() in BALANCE_NOUNS and not balance_with and not any(
                c.lower_ == "trade" for c in noun.children):
            return []  # a budget deficit is not trade
        pairs = self._pair(parties[:1], parties[1:], noun, stand_in=balance_with)
        period = None
        for tok in scope.subtree:
            if tok.ent_type_ == "DATE":
                ent = next(e for e in self.doc.ents if e.start <= tok.i < e.end)
                period = ent.text
                break
        rows = []
        for a, b, conf in pairs:
            fields = {"metric": metric, "value": value, "unit": unit, "period": period}
            key = ("trade", _unordered(a.code, b.code), metric, value, unit)
            rows.append(self._candidate("fact_trade", a, b, fields, conf, noun, key))
        self.used_nouns.add(noun.i)
        return rows

    # -- statements --

    def _statements(self) -> list[Candidate]:
        text = self.doc.text
        rows = []
        via = None
        for open_q, close_q in QUOTE_PAIRS:
            for match in re.finditer(re.escape(open_q) + r"(.+?)" + re.escape(close_q), text):
                quote = match.group(1).strip().rstrip(",")
                if len(quote.split()) < MIN_QUOTE_WORDS:
                    continue
                speaker = self._speaker(match.start(), match.end())
                if not rows:  # the agency is the sentence's, whichever quote it carries
                    via = self._reported_via()
                fields = {"speaker_name": speaker.name if speaker else None,
                          "speaker_code": speaker.code if speaker else None,
                          "quote_text": quote, "reported_via": via, "_speaker": speaker}
                conf = 0.8 if speaker else 0.4
                key = ("statement", quote)
                cand = Candidate("fact_statement", speaker, None, fields, self.offset,
                                 self.offset + len(text), conf, "quote", key)
                cand.fields.setdefault("event_date", None)
                cand.fields.setdefault("date_precision", None)
                rows.append(cand)
        if rows:
            speaker = rows[-1].side_a
            if speaker is not None and speaker.actor_type == "person":
                self.context.last_subject_person = speaker
        self.context.last_speaker = rows[-1].side_a if rows else None
        return rows

    def _speaker(self, q_start: int, q_end: int) -> Actor | None:
        outside = [t for t in self.doc if t.idx < q_start or t.idx >= q_end]
        for tok in outside:
            if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB",):
                for child in tok.children:
                    if child.dep_ in ("nsubj",) and (child.idx < q_start or child.idx >= q_end):
                        actors = self.actors.actors_of(child)
                        if actors:
                            return actors[0]
                        if child.ent_type_ in ("PERSON", "ORG"):
                            ent = next(e for e in self.doc.ents if e.start <= child.i < e.end)
                            return Actor(ent.text, "person" if ent.label_ == "PERSON" else "organization", None)
        for ent in self.doc.ents:
            if ent.label_ in ("PERSON", "ORG") and (ent.start_char < q_start or ent.start_char >= q_end):
                mention = self.actors.by_token.get(ent.start)
                if mention and mention.kind != "organization" or ent.label_ == "PERSON":
                    return mention.actor if mention else Actor(ent.text, "person", None)
        root = next((t for t in self.doc if t.dep_ == "ROOT"), None)
        if root is not None and (root.idx < q_start or root.idx >= q_end):
            for child in root.children:
                if child.dep_ == "nsubj" and (child.idx < q_start or child.idx >= q_end):
                    actors = [a for a in self.actors.actors_of(child) if a.actor_type in ("person", "organization")]
                    if actors:
                        return actors[0]
        # A quotation that runs on from the previous sentence's speaker.
        if self.context.last_speaker is not None:
            return self.context.last_speaker
        if self.context.last_subject_person is not None and q_start == 0:
            return self.context.last_subject_person
        return None

    def _reported_via(self) -> str | None:
        text = self.doc.text
        for alias, attribution in self.lex.agency_attributions:
            if attribution.search(text):
                return alias  # as the article names it: analysts and gold search for "AFP", not the full name
        match = re.search(r"according to (?:the )?((?:[A-Z][\w-]*\s?){1,4})(?:news agency|agency)", text)
        if match:
            return match.group(1).strip()
        match = re.search(r"according to [\w’']+\s+((?:[A-Z][\w-]*\s?){1,3})news agency", text)
        if match:
            return match.group(1).strip()
        return None


# --- free helpers -----------------------------------------------------------------------------------

def _measure(noun: Token) -> str | None:
    lemma = noun.lemma_.lower()
    if noun.lower_ == "sanctions":
        lemma = "sanction"
    measure = SANCTION_NOUNS.get(lemma)
    if measure is None:
        return None
    words = {t.lower_ for t in (noun.head if noun.dep_ == "conj" else noun).subtree}
    if lemma == "ban":
        if words & {"arms", "weapons"}:
            return "embargo"
        if words & {"travel", "visa", "entry"}:
            return "travel_ban"
        if words & {"export", "exports"}:
            return "export_control"
        if words & {"flight", "flights", "airspace"}:
            return "transport_suspension"
        if not words & {"import", "imports", "trade", "trading", "goods", "bond", "bonds", "investment",
                        "investments", "shipments", "purchases", "sales"}:
            return None
    if lemma == "freeze" and not words & {"asset", "assets", "aid", "accounts"}:
        return None
    if lemma == "restriction" and not words & {"trade", "import", "imports", "export", "exports", "travel"}:
        return None
    if lemma == "closure" and not words & {"border", "borders", "crossing", "crossings", "airspace"}:
        return None
    if lemma == "tariff" and not words & {"punitive", "retaliatory"}:
        return None
    return measure


def _classify(text: str, table: list[tuple[str, str]], default: str) -> str:
    for label, pattern in table:
        if re.search(pattern, text, re.IGNORECASE):
            return label
    return default


def _content_item(item: Token) -> Token:
    """"1,000 tonnes of rice" -> rice; "$50m in aid" -> aid; anything else is its own item."""
    if item.lemma_.lower() in MEASURE_NOUNS or item.lower_ in MEASURE_NOUNS or item.tag_ == "$":
        for prep in item.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return item


def _item_text(item: Token) -> str:
    if item.ent_type_ == "MONEY" or item.tag_ == "$" or any(c.tag_ == "$" for c in item.children):
        # "more than $8m": the amount is the item; the entity holds all of it, the subtree may not.
        money = [e for e in item.doc.ents if e.label_ == "MONEY" and e.start <= item.i < e.end]
        start, end = (money[0].start, money[0].end) if money else (item.left_edge.i, item.right_edge.i + 1)
        while end < len(item.doc) and item.doc[end].lower_ in SCALE:  # "$8" + "m"
            end += 1
        return item.doc[start:end].text.strip()
    def money(t: Token) -> bool:  # "a new $21m aid package" keeps its amount whole
        return t.ent_type_ == "MONEY" or t.tag_ == "$" or (t.lower_ in SCALE and t.i > 0 and t.nbor(-1).like_num)

    words = [t for t in item.subtree if t.i <= item.i and (money(t) or (
        t.dep_ not in ("det", "nummod", "poss", "case", "quantmod") and not t.like_num
        and t.lower_ not in NUMBER_WORDS))]
    words = [t for t in words if not t.is_punct or t.tag_ in ("$", "HYPH")]
    text = "".join(t.text_with_ws for t in words).strip()
    return text or item.text


def _number(text: str) -> float | None:
    cleaned = text.lower().replace(",", "").strip()
    if cleaned in NUMBER_WORDS:
        return float(NUMBER_WORDS[cleaned])
    try:
        return float(cleaned)
    except ValueError:
        return None


def _quantity(doc: Doc, item: Token) -> tuple[float | None, str | None]:
    """Count or amount of an item; looks at the measure noun or currency the item hangs from."""
    holder = item.head.head if item.dep_ == "pobj" and item.head.dep_ == "prep" else item
    if holder is not item:
        amount, unit = _amount(doc, holder)
        if amount is not None:
            return amount, unit
        for child in holder.children:
            if child.dep_ == "nummod" and _number(child.text) is not None:
                return _number(child.text), holder.lemma_.lower() if holder.pos_ == "NOUN" else None
    for child in item.children:
        if child.dep_ == "nummod":
            value = _number(child.text)
            if value is not None:
                scale = next((SCALE[c.lower_] for c in child.children if c.lower_ in SCALE), 1.0)
                return value * scale, None
    amount, unit = _amount(doc, item)
    if amount is not None:
        return amount, unit
    return None, None


_MONEY = re.compile(
    r"(?P<pre>US\$|\$|£|€)?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>bn|billion|m|mn|million|thousand|trillion)?"
    r"\b\s?(?P<post>euros?|dollars?|pounds?|yen|yuan|roubles?|rubles?|rupees?|MW|megawatts?|GW|gigawatts?|"
    r"barrels|tonnes|tons)?",
    re.IGNORECASE,
)


def _amount(doc: Doc, anchor: Token) -> tuple[float | None, str | None]:
    """The first currency or unit amount in the anchor's subtree: "$50,000", "£4m", "100 megawatts"."""
    left, right = anchor.left_edge.idx, anchor.right_edge.idx + len(anchor.right_edge)
    for match in _MONEY.finditer(doc.text[left:right]):
        pre, post = match.group("pre"), match.group("post")
        if not pre and not post:
            continue
        value = _number(match.group("num"))
        if value is None:
            continue
        scale = SCALE.get((match.group("scale") or "").lower(), 1.0)
        unit = CURRENCY.get((pre or "").lower()) or CURRENCY.get((post or "").lower())
        if unit is None and post:
            p = post.lower()
            unit = "MW" if p.startswith(("mw", "megawatt")) else "GW" if p.startswith(("gw", "gigawatt")) else p
        if value * scale <= 0:
            continue
        return value * scale, unit
    return None, None


def resolve_date(text: str, published: dt.date | None) -> tuple[dt.date | None, str | None]:
    """A date expression against the publication date; relative expressions need one."""
    lowered = text.lower()
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", lowered)
    month = next((m for name, m in MONTHS.items() if re.search(rf"\b{name}\b", lowered)), None)
    day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", re.sub(r"\b(1[89]\d\d|20\d\d)\b", "", lowered))
    if year:
        y = int(year.group(1))
        if month and day and 1 <= int(day.group(1)) <= 31:
            try:
                return dt.date(y, month, int(day.group(1))), "day"
            except ValueError:
                pass
        if month:
            return dt.date(y, month, 1), "month"
        return dt.date(y, 1, 1), "year"
    if published is None:
        return None, None
    if "yesterday" in lowered:
        return published - dt.timedelta(days=1), "day"
    if "today" in lowered:
        return published, "day"
    if "last year" in lowered:
        return dt.date(published.year - 1, 1, 1), "year"
    if "this year" in lowered:
        return dt.date(published.year, 1, 1), "year"
    if "last month" in lowered:
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), "month"
    if month:
        y = published.year if month <= published.month else published.year - 1
        return dt.date(y, month, 1), "month"
    weekday = next((i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}\b", lowered)), None)
    if weekday is not None:
        # News reports past events by weekday: the most recent such day on or before publication.
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7), "day"
    return None, None


def _unordered(a: str | None, b: str | None) -> tuple[str, str]:
    """A pair whose order does not matter, as a sorted tuple: its repr (part of row ids) must be the same
    in every process, which a frozenset's is not under hash randomisation."""
    return tuple(sorted((a or "", b or "")))  # type: ignore[return-value]


def _status_class(status: str | None) -> str:
    asserted = {"signed", "agreed", "completed", "delivered", "pledged", "imposed", "in_force", "extended", "held"}
    return "asserted" if status in asserted else (status or "none")


def _head_word(subject: str | None) -> str | None:
    if not subject:
        return None
    caps = re.findall(r"\b[A-Z][a-zA-Z]+\b", subject)
    return caps[0] if caps else None


# --- from candidates to rows ------------------------------------------------------------------------

def _finalise(document_id: str, body: str, candidates: list[Candidate]
              ) -> tuple[dict[str, list[dict[str, Any]]], list[Actor]]:
    """One row per asserted thing: mentions with the same key merge, the most confident is kept."""
    best: dict[tuple, Candidate] = {}
    for cand in candidates:
        current = best.get(cand.key)
        if current is None or cand.confidence > current.confidence:
            best[cand.key] = cand
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    actors: list[Actor] = []
    fact_of_candidate: dict[int, str] = {}
    for cand in sorted(best.values(), key=lambda c: (c.table, c.sentence_start, c.trigger, repr(c.key))):
        evidence = body[cand.sentence_start:cand.sentence_end]
        row: dict[str, Any] = {k: v for k, v in cand.fields.items() if not k.startswith("_")}
        row.update({"document_id": document_id, "evidence_text": evidence, "evidence_start": cand.sentence_start,
                    "evidence_end": cand.sentence_end, "confidence": round(min(max(cand.confidence, 0.05), 1.0), 3),
                    "trigger": cand.trigger})
        if cand.table != "fact_statement":
            a_col, b_col = FACT_SIDES[cand.table]
            for col, actor in ((a_col, cand.side_a), (b_col, cand.side_b)):
                row[f"{col}_code"] = actor.code if actor else None
                row[f"{col}_actor_id"] = actor.actor_id if actor else None
                if actor:
                    actors.append(actor)
        else:
            speaker = cand.fields.get("_speaker")
            row["speaker_actor_id"] = speaker.actor_id if speaker else None
            if speaker:
                actors.append(speaker)
        identity = "|".join(str(x) for x in (document_id, cand.table, repr(cand.key), cand.sentence_start))
        row[f"{cand.table}_id"] = cand.table.removeprefix("fact_")[:4] + "_" + hashlib.sha256(
            identity.encode("utf-8")).hexdigest()[:16]
        rows[cand.table].append(row)
        fact_of_candidate[id(cand)] = row[f"{cand.table}_id"]
    rows["bridge_event_party"] = _multiparty_rows(document_id, candidates, best, fact_of_candidate)
    return rows, actors


def _multiparty_rows(document_id: str, candidates: list[Candidate], best: dict[tuple, Candidate],
                     fact_of: dict[int, str]) -> list[dict[str, Any]]:
    """A deal or meeting with more than two parties: every party, linked to each pairwise row it produced."""
    by_mention: dict[tuple, list[Candidate]] = defaultdict(list)
    for cand in candidates:
        if cand.table in ("fact_deal", "fact_meeting") and cand.mention:
            by_mention[(cand.table, cand.mention)].append(cand)
    rows = []
    for (table, mention), group in sorted(by_mention.items()):
        parties = {a.code: a for c in group for a in (c.side_a, c.side_b) if a is not None and a.code}
        kept = sorted({fact_of[id(best[c.key])] for c in group if id(best[c.key]) in fact_of})
        if len(parties) <= 2 or not kept:
            continue
        group_id = "grp_" + hashlib.sha256(f"{document_id}|{table}|{mention}".encode()).hexdigest()[:16]
        for fact_id in kept:
            for code, actor in sorted(parties.items()):
                rows.append({"event_group_id": group_id, "fact_table": table, "fact_id": fact_id,
                             "document_id": document_id, "party_code": code, "party_actor_id": actor.actor_id})
    return rows
