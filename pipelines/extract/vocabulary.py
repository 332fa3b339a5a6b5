"""Word lists the frames' predicates and the field readers share: what an item, a measure, a flow or a
unit is. The trigger words themselves are frames (pipelines/frames/*.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipelines.frames import load_yaml

# "spent $4bn to create a joint venture": money spent on one of these is an investment.
# What parties agree to do next that is not itself an agreement on substance.
PROCEDURAL_STEPS = {"draw", "discuss", "meet", "consider", "study", "look", "talk", "review", "continue",
                    "examine", "explore", "keep"}
# Nouns that name a completed or agreed transaction when their parties are given.
TRANSACTION_NOUNS = {"sale", "purchase", "takeover", "acquisition", "merger"}
# Objects of buying, selling and taking over that make no deal between states.
NOT_FOR_SALE = {"chairmanship", "presidency", "leadership", "role", "control", "helm", "responsibility", "bond",
                "treasury", "security", "currency", "dollar", "euro", "debt", "power", "office", "post", "job",
                "stock", "share", "equity", "ticket", "house", "home", "property", "car", "product", "good",
                "idea", "plan", "vision", "message", "concept", "story", "policy", "case", "proposal"}
AID_CATEGORIES = ("money", "humanitarian_aid", "medical", "food")
DEBT_WORDS = {"debt", "debts", "repayment", "repayments", "interest", "loan", "loans"}
INTERNATIONAL_AID = re.compile(
    r"overseas|foreign|international|abroad|developing|poor(?:est)? countries|disaster|tsunami|earthquake|"
    r"famine|refugee|humanitarian|relief (?:effort|operation|work)|donor|victims|Africa|Asia|America|Caribbean|"
    r"Middle East|Pacific|Balkans|poorest", re.IGNORECASE)
DOMESTIC_AID = re.compile(r"legal aid|state aid|farm aid|student aid|aid to (?:farmers|pensioners|industry)|"
                          r"(?:tax|duty|rate|rates|mortgage|council tax) relief",
                          re.IGNORECASE)
# Words that make a package, delivery or shipment aid; whole words, so "said" and "paid" are not "aid".
AID_WORDS = re.compile(r"\b(?:aid|relief|humanitarian|support)\b", re.IGNORECASE)
# "aid agency", "Humanitarian Aid Commissioner": the aid noun names who handles aid, not a transfer.
AID_HANDLERS = {"agency", "group", "worker", "organisation", "organization", "charity", "commissioner", "minister",
                "official", "budget", "effort", "community", "chief", "director", "sector", "industry", "campaigner",
                "expert", "department", "ministry", "office", "policy", "spending"}
AID_FLOWS = {"aid", "assistance", "support", "funding", "contribution", "relief"}
# Nouns that measure an item rather than name it: "1,000 tonnes of rice" gives rice.
MEASURE_NOUNS = {"tonne", "ton", "tons", "tonnes", "barrel", "kg", "kilogram", "litre", "liter", "dose", "unit",
                 "batch", "shipment", "consignment", "package", "cargo", "load", "worth", "$", "£", "€",
                 "euro", "euros", "dollar", "dollars", "pound", "pounds", "yen", "yuan", "%", "percent", "part",
                 "share", "portion", "bulk", "half", "third", "quarter", "most", "some", "all", "up",
                 # what goods travel in: "two planes of relief supplies", "a convoy of food trucks" (issue-10y)
                 "planeload", "truckload", "shipload", "boatload", "convoy", "crate", "box", "sack", "container",
                 "plane", "truck", "lorry", "flight"}
SANCTION_NOUNS = {"sanction": "sanctions", "embargo": "embargo", "ban": "trade_restriction",
                  "freeze": "asset_freeze", "boycott": "trade_restriction", "blockade": "trade_restriction",
                  "tariff": "trade_restriction", "expulsion": "diplomatic_expulsion",
                  "restriction": "trade_restriction", "closure": "transport_suspension", "penalty": "other",
                  "curb": "trade_restriction", "control": "export_control"}
SUSPENDED_THINGS = {"aid": "aid_suspension", "assistance": "aid_suspension", "lending": "aid_suspension",
                    "loan": "aid_suspension", "funding": "aid_suspension", "programme": "aid_suspension",
                    "program": "aid_suspension", "support": "aid_suspension", "flight": "transport_suspension",
                    "flights": "transport_suspension", "visa": "travel_ban", "visas": "travel_ban",
                    "asset": "asset_freeze", "assets": "asset_freeze", "account": "asset_freeze",
                    "accounts": "asset_freeze", "supply": "aid_suspension", "supplies": "aid_suspension",
                    "delivery": "aid_suspension", "shipment": "trade_restriction", "link": "transport_suspension",
                    "links": "transport_suspension", "cooperation": "other", "co-operation": "other",
                    "remittance": "trade_restriction", "export": "export_control", "import": "trade_restriction",
                    "trade": "trade_restriction", "investment": "trade_restriction", "contact": "other",
                    "preference": "trade_restriction", "preferences": "trade_restriction",
                    "privilege": "trade_restriction", "privileges": "trade_restriction", "fund": "aid_suspension",
                    "funds": "aid_suspension", "membership": "other",
                    # a state's money held abroad: "froze the central bank's reserves" (issue-10y)
                    "reserve": "asset_freeze", "reserves": "asset_freeze", "holding": "asset_freeze",
                    "holdings": "asset_freeze", "property": "asset_freeze", "deposit": "asset_freeze",
                    # what a state gave and stops giving: "slashed its contribution to the UN" (issue-10y)
                    "contribution": "aid_suspension", "donation": "aid_suspension", "grant": "aid_suspension",
                    "credit": "aid_suspension",
                    # "withdrew its ambassador from", "halted arms sales to", "suspended visa-free travel for"
                    "ambassador": "other", "envoy": "other", "diplomat": "other", "sale": "trade_restriction",
                    "sales": "trade_restriction", "purchase": "trade_restriction", "purchases": "trade_restriction",
                    "travel": "travel_ban"}
# issue-10au: modifiers that make "deal" mean how one is treated, not an agreement ("got a raw deal from").
TREATMENT_DEAL_MODIFIERS = {"raw", "square"}
# issue-10au: adverbs by which a clause says it repeats an event told before ("Bahrain cut ties as well",
# "Kuwait also recalled its envoy"); "as well" is "well" with its "as".
ADDITIVE_ADVERBS = {"also", "too", "likewise", "similarly"}
# Prepositions that name the other side of a tie between states ("cut ties with", "relations between").
PARTNER_PREPS = {"with", "between", "to", "against", "on"}
# What a banning verb must stop to be a punitive measure between states ("banned imports of Japanese seafood").
BANNED_FLOWS = {"import": "trade_restriction", "export": "trade_restriction", "flight": "transport_suspension",
                "ship": "transport_suspension", "vessel": "transport_suspension", "investment": "trade_restriction",
                "sale": "trade_restriction", "entry": "travel_ban", "official": "travel_ban",
                "ambassador": "other", "envoy": "other", "good": "trade_restriction", "product": "trade_restriction",
                "newspaper": "other", "broadcast": "other", "channel": "other", "airline": "transport_suspension",
                "carrier": "transport_suspension", "citizen": "travel_ban", "national": "travel_ban",
                "traveller": "travel_ban", "visitor": "travel_ban"}
NON_STATE_TRAVELLERS = {"team", "squad", "side", "club", "player", "fan", "supporter", "orchestra", "band",
                        "choir", "troupe", "tourist", "athlete", "student", "pilgrim", "peacekeeper", "troop",
                        "soldier", "refugee", "migrant", "asylum", "worker", "investor", "hacker", "ship", "plane",
                        "champion",
                        # issue-10ba: performers ("US acts pay less when visiting the UK")
                        "act", "artist", "performer", "musician", "singer", "rapper", "actor", "actress", "dancer"}
CHANGE_VERBS = {"rise", "fall", "grow", "increase", "decline", "drop", "jump", "climb", "double", "slump", "surge",
                "stand", "hit", "widen", "narrow", "top", "exceed", "amount",
                "reach", "total", "soar", "shrink", "plunge", "expand"}

# Verbs whose object, not subject, does what the complement says: "urged the G7 to provide aid", "the purchase
# prompted Washington to impose sanctions", "wants Berlin to sign": English object-control and
# exceptional-case-marking verbs, as a class (what the act's status is comes from governors.yaml).
OBJECT_CONTROL = {"urge", "ask", "tell", "persuade", "force", "call", "press", "encourage", "invite", "allow",
                  "prompt", "lead", "push", "pressure", "pressurise", "pressurize", "compel", "oblige", "require",
                  "convince", "order", "instruct", "authorise", "authorize", "permit", "enable", "want", "expect",
                  "help", "get", "spur", "advise", "warn", "cause", "drive", "inspire", "motivate", "need",
                  "request", "challenge", "remind", "beg", "implore", "entice", "tempt"}
# Nouns that can meet, visit or talk: people and the bodies they make up.
AGENT_NOUNS = {"leader", "minister", "president", "premier", "official", "delegation", "envoy", "diplomat",
               "ambassador", "counterpart", "negotiator", "government", "chancellor", "secretary", "king",
               "queen", "prince", "head", "chief", "side", "country", "nation", "state", "representative",
               "commissioner", "general", "team", "mission", "administration", "spokesman", "pair",
               "host", "guest"}  # "met his Argentine host" (issue-10n: people named by their part in a visit)
# Titles of firms, not states: a "chief executive" named without a country does not stand for one.
BUSINESS_TITLES = {"ceo", "cfo", "chairman", "chairwoman", "chief", "executive", "director", "boss", "president",
                   "managing", "founder", "bank", "central"}

SECTORS = [
    ("nuclear_energy", r"nuclear"),
    ("oil_gas", r"\boil\b|\bgas\b|pipeline|refiner|petrol|lng"),
    ("defense", r"arms|weapon|military|defen[cs]e|fighter|missile|warship|tank|submarine|frigate|drone|howitzer"),
    ("energy", r"energy|power|electric|coal|thermal|hydro|solar|wind farm|reactor"),
    ("transport", r"rail|railway|metro|airline|aircraft|plane|jet|airbus|boeing|shipping|port\b|airport|road"),
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
            "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rupee": "INR", "rupees": "INR",
            # issue-10ao: more currencies named after the number ("200 million reais"); a name several states'
            # currencies share ("crowns", "francs", "dinars", "pesos") is a sum in `values._MONEY`, with no code
            "reais": "BRL", "rand": "ZAR", "shekels": "ILS", "naira": "NGN", "rupiah": "IDR", "ringgit": "MYR",
            "baht": "THB", "dirhams": "AED", "riyals": "SAR", "lira": "TRY", "kronor": "SEK", "won": "KRW",
            "taka": "BDT"}
# issue-10ao: currency names several states share: a sum of money, whose code the name alone does not give
SHARED_CURRENCY_NAMES = ("crowns", "kroner", "francs", "dinars", "pesos", "shillings")
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], start=1)}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class EngineLexicon:
    """The word lists the engine's slots read, from `frames/lexicon.yaml` (what each is for is said there)."""

    landmark_preps: frozenset[str]
    people_nouns: frozenset[str]
    permitting_verbs: frozenset[str]
    time_preps: frozenset[str]
    sport_words: frozenset[str]
    office_words: frozenset[str]
    attempt_goals: frozenset[str]
    purchase_offer_words: frozenset[str]
    # meetings and trade (issue-10z)
    contest_nouns: frozenset[str]
    contest_verbs: frozenset[str]
    travel_verbs: frozenset[str]
    trade_measures: frozenset[str]
    # deals and agreements (issue-10e)
    denying_verbs: frozenset[str]
    offering_verbs: frozenset[str]  # issue-10ad
    opinion_topics: frozenset[str]
    entertainment_parties: frozenset[str]
    entertainment_goods: frozenset[str]
    # gifts (issue-10j)
    people_in_need: frozenset[str]
    arrival_verbs: frozenset[str]  # issue-10ao
    # meetings about a state joining a body (issue-10al)
    membership_nouns: frozenset[str]
    # relations told through an event noun (issue-10aq)
    framing_verbs: frozenset[str]
    in_force_words: frozenset[str]
    group_nouns: frozenset[str]  # issue-10as
    acquisition_goals: frozenset[str]  # issue-10ax
    # sporting fixtures outside a sport article (issue-10ba)
    fixture_nouns: frozenset[str]
    result_nouns: frozenset[str]
    played_nouns: frozenset[str]


class LexiconError(ValueError):
    """A lexicon file that does not give the engine the word lists it reads."""


# The lexicon's ordered patterns of the kinds of things given (not a word list of the engine's slots).
ITEM_CATEGORY_KEY = "item_categories"
# Per trigger lemma, the things it must act on to be an event (predicate `acts_on_a_listed_thing`).
TRIGGER_OBJECTS_KEY = "trigger_objects"
# Entries of the lexicon that are no word list of the engine's, each read by its own loader: the two above, and
# the last words of treaty names, read once by the actor component (`pipelines.resolve.treaty_name_words`),
# which sits below the engine and is what the engine asks.
OTHER_READERS = frozenset({ITEM_CATEGORY_KEY, TRIGGER_OBJECTS_KEY, "treaty_name_words"})


@cache
def engine_lexicon() -> EngineLexicon:
    """The engine's word lists, loaded and checked once per process."""
    data = load_yaml("lexicon.yaml")
    names = [name for name in EngineLexicon.__dataclass_fields__]
    if not isinstance(data, dict) or set(data) - OTHER_READERS != set(names):
        raise LexiconError(f"lexicon.yaml: expected exactly the lists {sorted(names)}")
    lists = {}
    for name in names:
        words = data[name]
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise LexiconError(f"lexicon.yaml: {name} must be a non-empty list of words")
        lists[name] = frozenset(w.lower() for w in words)
    return EngineLexicon(**lists)


@cache
def trigger_objects() -> dict[str, frozenset[str]]:
    """Per trigger lemma the things it must act on (lexicon.yaml `trigger_objects`), loaded and checked once."""
    entries = load_yaml("lexicon.yaml").get(TRIGGER_OBJECTS_KEY)
    if not isinstance(entries, dict) or not entries or not all(
            isinstance(words, list) and words and all(isinstance(w, str) and w for w in words)
            for words in entries.values()):
        raise LexiconError(f"lexicon.yaml: {TRIGGER_OBJECTS_KEY} must map trigger lemmas to non-empty lists of words")
    return {str(lemma).lower(): frozenset(w.lower() for w in words) for lemma, words in entries.items()}


@cache
def item_categories() -> tuple[tuple[str, str], ...]:
    """The kinds of things given, as (category, pattern) in the lexicon's order (the first found wins); loaded and
    checked once per process: every category is one the warehouse accepts, every pattern compiles."""
    from pipelines.schema import ITEM_CATEGORIES

    entries = load_yaml("lexicon.yaml").get(ITEM_CATEGORY_KEY)
    if not isinstance(entries, list) or not entries:
        raise LexiconError(f"lexicon.yaml: {ITEM_CATEGORY_KEY} must be a non-empty list of {{category, pattern}}")
    found = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"category", "pattern"}:
            raise LexiconError(f"lexicon.yaml: each of {ITEM_CATEGORY_KEY} is {{category, pattern}}: {entry!r}")
        category, pattern = entry["category"], entry["pattern"]
        if category not in ITEM_CATEGORIES:
            raise LexiconError(f"lexicon.yaml: unknown item category {category!r}")
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise LexiconError(f"lexicon.yaml: the pattern of {category!r} does not compile: {error}") from error
        found.append((category, pattern))
    return tuple(found)
