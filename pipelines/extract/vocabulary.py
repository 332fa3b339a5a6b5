"""Trigger lexicons and word lists of the extract stage: what counts as a deal, gift, sanction,
meeting or trade word, and the words around a trigger that change its status."""

from __future__ import annotations

import re

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
# Verbs that make a named deal a done thing: "unveiled a deal to buy", "formed an alliance". ("announce",
# "complete", "win" and the like are DEAL_VERBS: the verb rule takes their deals.)
ANNOUNCE_VERBS = {"unveil", "confirm", "form", "forge", "create", "launch", "clinch", "secure"}
# "spent $7.5bn to create TNK-BP": money spent on one of these is an investment.
SPENDING_PURPOSES = {"buy", "acquire", "create", "build", "develop", "purchase", "expand", "modernise", "modernize"}
# What parties agree to do next that is not itself an agreement on substance.
PROCEDURAL_STEPS = {"draw", "discuss", "meet", "consider", "study", "look", "talk", "review", "continue",
                    "examine", "explore", "keep"}
# Nouns that name a completed or agreed transaction when their parties are given.
TRANSACTION_NOUNS = {"sale", "purchase", "takeover", "acquisition", "merger"}
# Objects of buying, selling and taking over that make no deal between states.
NOT_FOR_SALE = {"chairmanship", "presidency", "leadership", "role", "control", "helm", "responsibility", "bond",
                "treasury", "security", "currency", "dollar", "euro", "debt", "power", "office", "post", "job",
                "stock", "share", "equity", "ticket", "house", "home", "property", "car", "product", "good"}
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
                 "euro", "euros", "dollar", "dollars", "pound", "pounds", "yen", "yuan", "%", "percent", "part",
                 "share", "portion", "bulk", "half", "third", "quarter", "most", "some", "all", "up"}
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
                    "accounts": "asset_freeze", "supply": "aid_suspension", "supplies": "aid_suspension",
                    "delivery": "aid_suspension", "shipment": "trade_restriction", "link": "transport_suspension",
                    "links": "transport_suspension", "cooperation": "other", "co-operation": "other",
                    "remittance": "trade_restriction", "export": "export_control", "import": "trade_restriction",
                    "trade": "trade_restriction", "investment": "trade_restriction", "contact": "other"}
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
                "ambassador": "other", "envoy": "other", "good": "trade_restriction", "product": "trade_restriction",
                "newspaper": "other", "broadcast": "other", "channel": "other", "airline": "transport_suspension",
                "carrier": "transport_suspension", "citizen": "travel_ban", "national": "travel_ban",
                "traveller": "travel_ban", "visitor": "travel_ban"}
MEETING_VERBS = {"meet": "other", "visit": "visit", "host": "visit", "receive": "visit", "welcome": "visit",
                 "talk": "talks", "phone": "call", "telephone": "call", "call": "call", "tour": "visit",
                 "speak": "call",
                 "arrive": "visit", "travel": "visit", "fly": "visit", "head": "visit"}
NON_STATE_TRAVELLERS = {"team", "squad", "side", "club", "player", "fan", "supporter", "orchestra", "band",
                        "choir", "troupe", "tourist", "athlete", "student", "pilgrim", "peacekeeper", "troop",
                        "soldier", "refugee", "migrant", "asylum", "worker", "investor", "hacker", "ship", "plane"}
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
# Titles of firms, not states: a "chief executive" named without a country does not stand for one.
BUSINESS_TITLES = {"ceo", "cfo", "chairman", "chairwoman", "chief", "executive", "director", "boss", "president",
                   "managing", "founder", "bank", "central"}
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
    ("intelligence", r"intelligence|information|evidence|\bdata\b"),
    ("humanitarian_aid", r"aid|relief|tent|blanket|shelter|humanitarian|assistance|supplies|resources|materials"),
    ("money", r"\$|£|€|euro|dollar|pound|yen|yuan|rouble|ruble|rupee|fund|cash|money|grant|loan|debt|million|bn|billion|"
              r"donation|contribution"),
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
