"""ANNOTATORS: read eval/ANNOTATORS.md before writing any gold line.

Development corpora from ../shared as raw article directories, split by fixed rules into halves.

The public corpora in ../shared/corpora are read in place and never copied into the project: gold files
in tests/gold/ hold labels only, and `materialize` writes the texts into a scratch directory when a
warehouse is to be built from them.

Splits (fixed before anyone read the texts; see eval/README.md):

- PLV (`plv/PLV_train.tsv`): `sentence_id` even -> tuning half, odd -> measured-only half.
- RAMS dev (`rams-dev/dev.jsonlines`): the first hex digit of sha256(doc_key) below 8 -> tuning half,
  else measured-only. Only windows chosen by `rams_selected` are annotated: every window whose one
  annotated event maps to our tables (meetings, calls, talks, agreements, aid, sanctions, purchases,
  loans), and one in four of the others (by the second hex digit of the same hash) as negatives. RAMS
  repeats a window once per annotated event: a repeated text is one document, whose half, name and
  selection come from its first window in file order (so no text is in both halves).
- BBC (`bbc/`): the gold files name their own articles; development vs held-out is per gold file.

    python eval/corpora.py materialize plv-tune DIR     # write the texts of one set into DIR
    python eval/corpora.py list                         # the sets and how many documents each has
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
CORPORA = SHARED / "corpora"
GOLD_DIR = PROJECT / "tests" / "gold"

RAMS_RELEVANT = re.compile(
    r"^(?:contact\.(?:discussion|negotiate)\.|contact\.[a-z]+\.(?:meet|correspondence)$|government\.agreements\.|"
    r"transaction\.[a-z]+\.(?:giftgrantprovideaid|embargosanction|purchase|borrowlend)$)"
)


@dataclass(frozen=True)
class Text:
    source_name: str  # the path under the raw directory, as gold files name it
    text: str


def plv_half(sentence_id: str) -> str:
    return "tune" if int(sentence_id) % 2 == 0 else "measure"


def _rams_hash(doc_key: str) -> str:
    return hashlib.sha256(doc_key.encode("utf-8")).hexdigest()


def rams_half(doc_key: str) -> str:
    return "tune" if int(_rams_hash(doc_key)[0], 16) < 8 else "measure"


def rams_selected(doc_key: str, event_type: str) -> bool:
    return bool(RAMS_RELEVANT.match(event_type)) or int(_rams_hash(doc_key)[1], 16) % 4 == 0


def plv_texts(half: str) -> Iterator[Text]:
    csv.field_size_limit(10**9)
    seen = set()
    with open(CORPORA / "plv" / "PLV_train.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = f"plv/{int(row['sentence_id']):05d}.txt"
            if plv_half(row["sentence_id"]) == half and name not in seen:  # a few rows are repeated
                seen.add(name)
                yield Text(name, row["sentence"].strip() + "\n")


def rams_documents() -> list[dict]:
    """Every distinct RAMS window text once, with all the events annotated on it.

    RAMS repeats a window once per annotated event; one text is one document here. Its half and name come
    from the first window (in file order) with that text, and it is selected when any of its windows is.
    """
    documents: dict[str, dict] = {}
    with open(CORPORA / "rams-dev" / "dev.jsonlines", encoding="utf-8") as handle:
        for line in handle:
            window = json.loads(line)
            key = window["doc_key"]
            text = " ".join(detokenize(sentence) for sentence in window["sentences"])
            event_type = window["evt_triggers"][0][2][0][0]
            tokens = [t for sentence in window["sentences"] for t in sentence]
            start, end = window["evt_triggers"][0][:2]
            event = {"event_type": event_type, "trigger": " ".join(tokens[start:end + 1]),
                     "arguments": [(" ".join(tokens[a:b + 1]), role) for _, (a, b), role in window["gold_evt_links"]]}
            doc = documents.setdefault(text, {"source_name": f"rams/{_rams_hash(key)[:12]}.txt", "half": rams_half(key),
                                              "selected": False, "events": [], "text": text,
                                              "doc_keys": []})
            doc["selected"] = doc["selected"] or rams_selected(key, event_type)
            doc["events"].append(event)
            doc["doc_keys"].append(key)
    return list(documents.values())


def rams_texts(half: str) -> Iterator[Text]:
    for doc in rams_documents():
        if doc["half"] == half and doc["selected"]:
            yield Text(doc["source_name"], doc["text"] + "\n")


def rams_windows(half: str) -> Iterator[dict]:
    """The selected RAMS documents of one half, with their text and annotated events (for annotators)."""
    for doc in rams_documents():
        if doc["half"] == half and doc["selected"]:
            yield doc


_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
        "``": "“", "''": "”", "`": "‘"}
_NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", "%", ")", "]", "}", "”", "n't", "'s", "'re", "'ve", "'m",
                    "'ll", "'d", "’s", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "“", "‘", "$", "#"}


def detokenize(tokens: list[str]) -> str:
    """PTB-style tokens back into running text: brackets and quotes restored, no space before punctuation."""
    out: list[str] = []
    for raw in tokens:
        token = _PTB.get(raw, raw)
        if out and token not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(token)
    return "".join(out).strip()


def bbc_texts(gold: Path) -> Iterator[Text]:
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            name = json.loads(line)["source_name"]
            yield Text(name, (CORPORA / "bbc" / name).read_text(encoding="latin-1"))


SETS = {
    # name: (gold file, texts, role)
    "seed": (SHARED / "eval" / "seed.gold.jsonl", None, "development"),
    "bbc-examples": (SHARED / "eval" / "bbc-examples.gold.jsonl", "bbc", "development"),
    "bbc-dev": (GOLD_DIR / "bbc-dev.gold.jsonl", "bbc", "development"),
    "bbc-dev2": (GOLD_DIR / "bbc-dev2.gold.jsonl", "bbc", "development"),
    "bbc-dev3": (GOLD_DIR / "bbc-dev3.gold.jsonl", "bbc", "development"),
    "bbc-dev4": (GOLD_DIR / "bbc-dev4.gold.jsonl", "bbc", "development"),
    "bbc-dev5": (GOLD_DIR / "bbc-dev5.gold.jsonl", "bbc", "development"),
    "bbc-dev6": (GOLD_DIR / "bbc-dev6.gold.jsonl", "bbc", "development"),
    "bbc-dev7": (GOLD_DIR / "bbc-dev7.gold.jsonl", "bbc", "development"),
    "bbc-dev8": (GOLD_DIR / "bbc-dev8.gold.jsonl", "bbc", "development"),
    "bbc-dev9": (GOLD_DIR / "bbc-dev9.gold.jsonl", "bbc", "development"),
    "bbc-dev10": (GOLD_DIR / "bbc-dev10.gold.jsonl", "bbc", "development"),
    "bbc-dev11": (GOLD_DIR / "bbc-dev11.gold.jsonl", "bbc", "development"),
    "bbc-holdout": (GOLD_DIR / "bbc-holdout.gold.jsonl", "bbc", "measured"),
    "bbc-holdout2": (GOLD_DIR / "bbc-holdout2.gold.jsonl", "bbc", "measured"),
    "bbc-holdout3": (GOLD_DIR / "bbc-holdout3.gold.jsonl", "bbc", "measured"),
    "plv-tune": (GOLD_DIR / "plv-tune.gold.jsonl", "plv", "development"),
    "plv-measure": (GOLD_DIR / "plv-measure.gold.jsonl", "plv", "measured"),
    "rams-tune": (GOLD_DIR / "rams-tune.gold.jsonl", "rams", "development"),
    "rams-tune2": (GOLD_DIR / "rams-tune2.gold.jsonl", "rams", "development"),
    "rams-tune3": (GOLD_DIR / "rams-tune3.gold.jsonl", "rams", "development"),
    "rams-measure": (GOLD_DIR / "rams-measure.gold.jsonl", "rams", "measured"),
}


# bbc-dev2 (issue 10am, 1 December 2026, fixed before any of its texts was read): of the articles of
# eval/unlabelled.py's sample (politics and business, in no gold file, outside the precision audits), those
# naming at least two countries by the test bbc-holdout3 used (pycountry names and common names plus US, UK,
# Britain, America; whole words, case as written), the first 20 by sha256("dev2:" + folder/name).
DEV2_SIZE = 20
_COUNTRY_ALIASES = {"US": "USA", "UK": "GBR", "Britain": "GBR", "America": "USA"}


def countries_named(text: str) -> set[str]:
    """ISO alpha-3 codes of the countries a text names (the holdout3 / dev2 selection test)."""
    import pycountry

    names = dict(_COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            if value := getattr(country, attr, None):
                names[value] = country.alpha_3
    found = set()
    for name, code in names.items():
        if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
            found.add(code)
    return found


def bbc_dev2_selection() -> list[str]:
    """The 20 source names of bbc-dev2 by the rule above (needs the pipeline's environment for the sample)."""
    import unlabelled  # eval/unlabelled.py: its sample is the pool

    pool = [f"{p.parent.name}/{p.name}" for p in unlabelled.sample()]
    named = [n for n in pool if len(countries_named((CORPORA / "bbc" / n).read_text(encoding="latin-1"))) >= 2]
    return sorted(named, key=lambda n: hashlib.sha256(f"dev2:{n}".encode()).hexdigest())[:DEV2_SIZE]


# bbc-dev3 (issue 10an, 1 December 2026, fixed before any of its texts was read): a recall set, chosen so that
# most articles hold a relation. Candidates: BBC politics and business articles in no gold file (tests/gold,
# ../shared/eval; bbc-dev3's own file aside), so outside the holdouts and bbc-dev2, and outside the measure half
# of eval/audit.py's bbc10q sample (its tune half and eval/unlabelled.py's sample are allowed). Of them, those
# naming at least two countries by `countries_named` AND holding at least one word of the fixed list
# DEV3_RELATION_WORDS (written here, independent of pipelines/frames; case-insensitive, a whole word or the start
# of one), the first 25 by sha256("dev3:" + folder/name).
DEV3_SIZE = 25
DEV3_RELATION_WORDS = ("agree", "agreement", "deal", "accord", "treaty", "signed", "aid", "donat", "grant", "loan",
                       "sanction", "embargo", "talks", "meet", "met", "summit", "visit", "export", "import")
_DEV3_WORDS = re.compile(r"(?<![\w-])(?:" + "|".join(DEV3_RELATION_WORDS) + ")", re.IGNORECASE)


def _digest(name: str) -> str:
    return hashlib.sha256((CORPORA / "bbc" / name).read_bytes()).hexdigest()


def _gold_names_except(own: str | tuple[str, ...]) -> set[str]:
    own_files = (own,) if isinstance(own, str) else own
    names = set()
    for path in [*GOLD_DIR.glob("*.jsonl"), *(SHARED / "eval").glob("*.jsonl")]:
        if path.name not in own_files:
            names |= {json.loads(line)["source_name"] for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip()}
    return names


def bbc_dev3_selection() -> list[str]:
    """The 25 source names of bbc-dev3 by the rule above (needs the pipeline's environment for the audit)."""
    import audit  # eval/audit.py: its bbc10q measure half is left out

    gold = _gold_names_except("bbc-dev3.gold.jsonl")
    measured = {n for n in audit.sample()["news"] if audit.half_of(n) == "measure"}
    pool = [f"{folder}/{p.name}" for folder in ("politics", "business")
            for p in sorted((CORPORA / "bbc" / folder).glob("*.txt"))]
    # The BBC corpus holds some articles twice under two names: a copy of a gold or measure-half text is that text
    taken = {_digest(name) for name in gold | measured if (CORPORA / "bbc" / name).exists()}
    chosen = []
    for name in pool:
        if name in gold or name in measured or _digest(name) in taken:
            continue
        text = (CORPORA / "bbc" / name).read_text(encoding="latin-1")
        if len(countries_named(text)) >= 2 and _DEV3_WORDS.search(text):
            chosen.append(name)
    return sorted(chosen, key=lambda n: hashlib.sha256(f"dev3:{n}".encode()).hexdigest())[:DEV3_SIZE]


# bbc-dev4 (issue 10ar, 1 December 2026, fixed before any of its texts was read): a recall set chosen by a
# sentence-level rule (bbc-dev3's article-level rule matched word starts such as "according", "important").
# Candidates as for bbc-dev3: BBC politics and business articles in no gold file (tests/gold, ../shared/eval;
# bbc-dev4's own file aside), no byte copy of one, and outside the measure half of eval/audit.py's bbc10q sample.
# Each text is split into sentences by the fixed regex DEV4_SENTENCE_SPLIT (after . ! or ? followed by
# whitespace and a capital or a quote). An article is kept if at least ONE sentence names at least two
# distinct countries by `countries_named` AND holds one word of DEV4_RELATION_WORDS as a whole word
# (case-insensitive, \b...\b). The first 25 by sha256("dev4:" + folder/name).
DEV4_SIZE = 25
DEV4_RELATION_WORDS = ("agree", "agreed", "agreement", "agreements", "deal", "deals", "accord", "treaty", "signed",
                       "aid", "donated", "donation", "grant", "loan", "loans", "sanction", "sanctions", "embargo",
                       "talks", "meet", "met", "meeting", "summit", "visit", "visited", "visiting", "export",
                       "exports", "import", "imports")
DEV4_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
_DEV4_WORDS = re.compile(r"\b(?:" + "|".join(DEV4_RELATION_WORDS) + r")\b", re.IGNORECASE)


def dev4_sentence_passes(sentence: str) -> bool:
    """One sentence names two distinct countries and holds a relation word as a whole word."""
    return bool(_DEV4_WORDS.search(sentence)) and len(countries_named(sentence)) >= 2


def bbc_dev4_candidates() -> list[str]:
    """Every article passing the bbc-dev4 rule, in sha256("dev4:" + name) order (the set is the first 25)."""
    return _sentence_rule_candidates("bbc-dev4.gold.jsonl", "dev4", dev4_sentence_passes)


def _sentence_rule_candidates(own_gold: str | tuple[str, ...], salt: str, passes: Callable[[str], bool],
                              split: Callable[[str], list[str]] = DEV4_SENTENCE_SPLIT.split,
                              folders: tuple[str, ...] = ("politics", "business")) -> list[str]:
    """BBC articles of `folders` (politics and business unless named) in no gold file but `own_gold`, no byte copy
    of one, outside the BBC audit's measure half, with at least one sentence (`split`, by default
    DEV4_SENTENCE_SPLIT) that `passes`; in sha256(salt + ":" + name) order."""
    import audit  # eval/audit.py: its bbc10q measure half is left out

    gold = _gold_names_except(own_gold)
    measured = {n for n in audit.sample()["news"] if audit.half_of(n) == "measure"}
    taken = {_digest(name) for name in gold | measured if (CORPORA / "bbc" / name).exists()}
    chosen = []
    for folder in folders:
        for path in sorted((CORPORA / "bbc" / folder).glob("*.txt")):
            name = f"{folder}/{path.name}"
            if name in gold or name in measured or _digest(name) in taken:
                continue
            text = path.read_text(encoding="latin-1")
            if any(passes(s) for s in split(text)):
                chosen.append(name)
    return sorted(chosen, key=lambda n: hashlib.sha256(f"{salt}:{n}".encode()).hexdigest())


def bbc_dev4_selection() -> list[str]:
    """The 25 source names of bbc-dev4 by the rule above (needs the pipeline's environment for the audit)."""
    return bbc_dev4_candidates()[:DEV4_SIZE]


# bbc-dev5 (issue 10at, 1 December 2026, fixed before any of its texts was read): a recall set chosen by a
# sentence-level rule with NO word list (bbc-dev4's relation words passed 10 of 574 eligible articles, and only 3
# of its 10 selecting sentences held a relation). Candidates as for bbc-dev4: BBC politics and business articles
# in no gold file (tests/gold, ../shared/eval; bbc-dev5's own file aside, so outside bbc-dev2/3/4 and the
# holdouts), no byte copy of one (`_digest`), and outside the measure half of eval/audit.py's bbc10q sample.
# Each text is split into sentences by bbc-dev4's DEV4_SENTENCE_SPLIT; an article is kept if at least ONE
# sentence names at least two distinct countries by `countries_named`. The first 20 by
# sha256("dev5:" + folder/name).
DEV5_SIZE = 20


def dev5_sentence_passes(sentence: str) -> bool:
    """One sentence names at least two distinct countries (no word list)."""
    return len(countries_named(sentence)) >= 2


def bbc_dev5_candidates() -> list[str]:
    """Every article passing the bbc-dev5 rule, in sha256("dev5:" + name) order (the set is the first 20)."""
    return _sentence_rule_candidates("bbc-dev5.gold.jsonl", "dev5", dev5_sentence_passes)


def bbc_dev5_selection() -> list[str]:
    """The 20 source names of bbc-dev5 by the rule above (needs the pipeline's environment for the audit)."""
    return bbc_dev5_candidates()[:DEV5_SIZE]


# bbc-dev6 (issue 10aw, 2 December 2026, fixed before any of its texts was read): bbc-dev5's rule with the three
# lessons of eval/results/issue-10at.md section 5. Candidates as for bbc-dev5 (`_sentence_rule_candidates`: BBC
# politics and business articles in no gold file, bbc-dev6's own aside, so outside bbc-dev2..5 and the holdouts; no
# byte copy of a gold or audit-measure text; outside the measure half of eval/audit.py's bbc10q sample).
# - Country test `dev6_states_named`: pycountry names and common names plus the fixed aliases DEV6_ALIASES, minus
#   the fixed names that merely contain a country (DEV6_NOT_A_STATE); longest name first, whole words (a hyphen
#   separates words, so "US-UK" names two states), case as written, matches do not overlap ("Equatorial Guinea"
#   is one state, "Northern Ireland" is the UK, "Agence France Presse" is no state). The same lists apply to
#   every article.
# - Sentence split `dev6_sentences`: at every line break, and after . ! or ? (optionally followed by a closing
#   quote) followed by whitespace and a capital or an opening quote, so a headline and a paragraph ending in a
#   quote are sentences of their own.
# - An article is kept if at least ONE sentence names EXACTLY two distinct states (no word list).
# The first 25 by sha256("dev6:" + folder/name).
DEV6_SIZE = 25
DEV6_ALIASES = {
    "US": "USA", "USA": "USA", "America": "USA", "United States of America": "USA",
    "UK": "GBR", "Britain": "GBR", "Great Britain": "GBR", "England": "GBR", "Scotland": "GBR", "Wales": "GBR",
    "Northern Ireland": "GBR",
    "Russia": "RUS", "South Korea": "KOR", "North Korea": "PRK", "Iran": "IRN", "Syria": "SYR",
    "Vietnam": "VNM", "Laos": "LAO", "Bolivia": "BOL", "Venezuela": "VEN", "Tanzania": "TZA", "Moldova": "MDA",
    "Taiwan": "TWN", "Turkey": "TUR", "Czech Republic": "CZE", "Macedonia": "MKD", "Ivory Coast": "CIV",
    "Burma": "MMR", "Holland": "NLD", "Brunei": "BRN", "Cape Verde": "CPV",
    "East Timor": "TLS", "Swaziland": "SWZ", "Palestine": "PSE", "Vatican": "VAT", "Micronesia": "FSM",
    "Democratic Republic of Congo": "COD", "DR Congo": "COD",
}
DEV6_NOT_A_STATE = ("Agence France Presse", "Agence France-Presse", "France Presse", "New Mexico", "New Jersey",
                    "New South Wales", "New England", "New Guinea")
DEV6_SENTENCE_SPLIT = re.compile(r"\s*\n\s*|(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019]))\s+(?=[A-Z\"'\u201c\u2018])")
_DEV6_NAMES: list[re.Pattern[str]] = []
_DEV6_CODES: dict[str, str | None] = {}


def _whole_words(names: Iterable[str]) -> re.Pattern[str]:
    """Any of the names as whole words, case as written, the longest first (so "South Korean" wins over
    "Korean"; ties in alphabetical order)."""
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")


def _dev6_pattern() -> re.Pattern[str]:
    if not _DEV6_NAMES:
        import pycountry

        names: dict[str, str | None] = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name"):
                if value := getattr(country, attr, None):
                    names[value] = country.alpha_3
        names.update(DEV6_ALIASES)
        names.update({name: None for name in DEV6_NOT_A_STATE})
        _DEV6_CODES.update(names)
        _DEV6_NAMES.append(_whole_words(names))
    return _DEV6_NAMES[0]


def dev6_states_named(text: str) -> set[str]:
    """ISO alpha-3 codes of the states a text names by the bbc-dev6 country test (aliases, exclusions, no overlap)."""
    return {code for m in _dev6_pattern().finditer(text) if (code := _DEV6_CODES[m.group(0)]) is not None}


def dev6_sentences(text: str) -> list[str]:
    """The bbc-dev6 sentence split: line breaks, and . ! ? (with an optional closing quote) before whitespace."""
    return [s for s in DEV6_SENTENCE_SPLIT.split(text) if s.strip()]


def dev6_sentence_passes(sentence: str) -> bool:
    """One sentence names exactly two distinct states by `dev6_states_named` (no word list)."""
    return len(dev6_states_named(sentence)) == 2


def bbc_dev6_candidates() -> list[str]:
    """Every article passing the bbc-dev6 rule, in sha256("dev6:" + name) order (the set is the first 25)."""
    # bbc-dev7 (the rest of these candidates) is left aside too, so its gold changes neither set
    return _sentence_rule_candidates(("bbc-dev6.gold.jsonl", "bbc-dev7.gold.jsonl"), "dev6", dev6_sentence_passes,
                                     dev6_sentences)


def bbc_dev6_selection() -> list[str]:
    """The 25 source names of bbc-dev6 by the rule above (needs the pipeline's environment for the audit)."""
    return bbc_dev6_candidates()[:DEV6_SIZE]


# bbc-dev7 (issue 10ax, 2 December 2026, fixed before any of its texts was read): every candidate of bbc-dev6's
# rule that bbc-dev6 did not take, i.e. `bbc_dev6_candidates()` after its first DEV6_SIZE, in the same
# sha256("dev6:" + folder/name) order. `bbc_dev6_candidates` leaves both files aside (bbc-dev6's and bbc-dev7's
# gold), so bbc-dev7's gold changes neither bbc-dev6's selection nor its own.
def bbc_dev7_selection() -> list[str]:
    """The source names of bbc-dev7: bbc-dev6's remaining candidates, in the rule's order."""
    return bbc_dev6_candidates()[DEV6_SIZE:]



# bbc-dev8, bbc-dev9 and bbc-dev10 (issues 10ay, 10az and 10ba, 2 December 2026, fixed before any of their texts
# was read). bbc-dev6's rule has no politics or business article left (bbc-dev6 and bbc-dev7 hold all 36), so two
# new sentence tests find relations it cannot see, and a third turns bbc-dev6's test on the other three folders.
# Pool for each: BBC articles of the named folders in no gold file but these three sets' own (so none of the
# three selections depends on another's gold), no byte copy of a gold or audit-measure text, outside the measure
# half of eval/audit.py's bbc10q sample (`_sentence_rule_candidates`). Sentences are `dev6_sentences`.
# - bbc-dev8 (politics, business): a sentence names at least one state by `dev6_states_named` AND an international
#   organisation by the fixed list DEV8_ORGANISATIONS (whole words, case as written). The first 20 by
#   sha256("dev8:" + folder/name).
# - bbc-dev9 (politics, business): not a bbc-dev8 candidate, and a sentence names exactly two distinct states when
#   the fixed nationality words DEV9_DEMONYMS count as their state, at least one of them by such a word (whole
#   words, case as written, longest first: "South Korean" is KOR). The first 25 by sha256("dev9:" + folder/name).
# - bbc-dev10 (tech, entertainment, sport): bbc-dev6's rule as it stands (a sentence naming exactly two states);
#   the first 10 of each folder by sha256("dev10:" + folder/name), in folder order tech, entertainment, sport.
#   Mostly a precision set: two states named in a sports report or a film review are seldom a relation.
NEW_BBC_SETS = ("bbc-dev8.gold.jsonl", "bbc-dev9.gold.jsonl", "bbc-dev10.gold.jsonl")
DEV8_SIZE = 20
DEV8_ORGANISATIONS = ("EU", "European Union", "European Commission", "UN", "United Nations", "Nato", "NATO", "WTO",
                      "World Trade Organisation", "World Trade Organization", "IMF", "International Monetary Fund",
                      "World Bank", "G8", "G7", "Opec", "OPEC", "Asean", "ASEAN", "African Union", "Commonwealth")
_DEV8_ORGANISATIONS = _whole_words(DEV8_ORGANISATIONS)
DEV9_SIZE = 25
DEV9_DEMONYMS = {
    "American": "USA", "British": "GBR", "English": "GBR", "Scottish": "GBR", "Welsh": "GBR", "French": "FRA",
    "German": "DEU", "Chinese": "CHN", "Japanese": "JPN", "Russian": "RUS", "Indian": "IND", "Italian": "ITA",
    "Spanish": "ESP", "Irish": "IRL", "Dutch": "NLD", "Swiss": "CHE", "Swedish": "SWE", "Norwegian": "NOR",
    "Danish": "DNK", "Finnish": "FIN", "Icelandic": "ISL", "Polish": "POL", "Czech": "CZE", "Slovak": "SVK",
    "Hungarian": "HUN", "Austrian": "AUT", "Belgian": "BEL", "Portuguese": "PRT", "Greek": "GRC", "Turkish": "TUR",
    "Romanian": "ROU", "Bulgarian": "BGR", "Serbian": "SRB", "Croatian": "HRV", "Slovenian": "SVN",
    "Ukrainian": "UKR", "Belarusian": "BLR", "Lithuanian": "LTU", "Latvian": "LVA", "Estonian": "EST",
    "Georgian": "GEO", "Armenian": "ARM", "Azerbaijani": "AZE", "Kazakh": "KAZ", "Uzbek": "UZB",
    "Israeli": "ISR", "Palestinian": "PSE", "Iranian": "IRN", "Iraqi": "IRQ", "Syrian": "SYR", "Lebanese": "LBN",
    "Jordanian": "JOR", "Saudi": "SAU", "Kuwaiti": "KWT", "Qatari": "QAT", "Emirati": "ARE", "Yemeni": "YEM",
    "Egyptian": "EGY", "Libyan": "LBY", "Moroccan": "MAR", "Algerian": "DZA", "Tunisian": "TUN",
    "Sudanese": "SDN", "Ethiopian": "ETH", "Nigerian": "NGA", "Ghanaian": "GHA", "Kenyan": "KEN",
    "Ugandan": "UGA", "Tanzanian": "TZA", "Rwandan": "RWA", "Congolese": "COD", "Angolan": "AGO",
    "Mozambican": "MOZ", "Zimbabwean": "ZWE", "South African": "ZAF", "Pakistani": "PAK", "Afghan": "AFG",
    "Bangladeshi": "BGD", "Sri Lankan": "LKA", "Nepalese": "NPL", "Indonesian": "IDN", "Malaysian": "MYS",
    "Singaporean": "SGP", "Thai": "THA", "Vietnamese": "VNM", "Filipino": "PHL", "Korean": "KOR",
    "South Korean": "KOR", "North Korean": "PRK", "Taiwanese": "TWN", "Australian": "AUS", "New Zealand": "NZL",
    "Canadian": "CAN", "Mexican": "MEX", "Cuban": "CUB", "Brazilian": "BRA", "Argentine": "ARG",
    "Argentinian": "ARG", "Chilean": "CHL", "Colombian": "COL", "Peruvian": "PER", "Venezuelan": "VEN",
}
_DEV9_DEMONYMS = _whole_words(DEV9_DEMONYMS)
DEV10_PER_FOLDER = 10
DEV10_FOLDERS = ("tech", "entertainment", "sport")


def dev8_sentence_passes(sentence: str) -> bool:
    """One sentence names a state by `dev6_states_named` and an organisation of DEV8_ORGANISATIONS."""
    return bool(_DEV8_ORGANISATIONS.search(sentence)) and bool(dev6_states_named(sentence))


def dev9_sentence_passes(sentence: str) -> bool:
    """One sentence names exactly two states when DEV9_DEMONYMS count as their state, one at least by such a word."""
    by_demonym = {DEV9_DEMONYMS[m.group(0)] for m in _DEV9_DEMONYMS.finditer(sentence)}
    return bool(by_demonym) and len(dev6_states_named(sentence) | by_demonym) == 2


def bbc_dev8_candidates() -> list[str]:
    return _sentence_rule_candidates(NEW_BBC_SETS, "dev8", dev8_sentence_passes, dev6_sentences)


def bbc_dev8_selection() -> list[str]:
    """The source names of bbc-dev8 by the rule above (needs the pipeline's environment for the audit)."""
    return bbc_dev8_candidates()[:DEV8_SIZE]


def bbc_dev9_selection() -> list[str]:
    """The source names of bbc-dev9 by the rule above (needs the pipeline's environment for the audit)."""
    dev8 = set(bbc_dev8_candidates())
    candidates = _sentence_rule_candidates(NEW_BBC_SETS, "dev9", dev9_sentence_passes, dev6_sentences)
    return [name for name in candidates if name not in dev8][:DEV9_SIZE]


def bbc_dev10_selection() -> list[str]:
    """The source names of bbc-dev10 by the rule above: ten per folder, folder by folder."""
    chosen: list[str] = []
    for folder in DEV10_FOLDERS:
        candidates = _sentence_rule_candidates(NEW_BBC_SETS, "dev10", dev6_sentence_passes, dev6_sentences,
                                               folders=(folder,))
        chosen += candidates[:DEV10_PER_FOLDER]
    return chosen


# bbc-dev11 (issue 10bb, 2 December 2026, fixed before any of its texts was read). bbc-dev6..9's tests count a
# state only by its name or nationality word; news also names a state by its capital ("talks in Tehran",
# "Washington said") or its leader ("Mr Putin told Mr Blair"). Pool: BBC politics and business articles in no
# gold file but bbc-dev11's own, no byte copy of a gold or audit-measure text, outside the measure half of
# eval/audit.py's bbc10q sample (`_sentence_rule_candidates`), and neither a bbc-dev8 candidate nor passing
# bbc-dev9's test. Sentences are `dev6_sentences`. An article is kept if one sentence names exactly two distinct
# states when the fixed capitals DEV11_CAPITALS and the fixed leaders' names DEV11_LEADERS (heads of state or
# government and a few foreign ministers in office in 2004-5, names as the BBC wrote them; surnames shared with
# common words or other people left out) count as their state, besides `dev6_states_named` and DEV9_DEMONYMS, and
# at least one of the two is named by a capital or a leader. Whole words, case as written, longest first. The
# first 25 by sha256("dev11:" + folder/name).
DEV11_SIZE = 25
DEV11_CAPITALS = {
    "Washington": "USA", "London": "GBR", "Paris": "FRA", "Berlin": "DEU", "Moscow": "RUS", "Beijing": "CHN",
    "Tokyo": "JPN", "Delhi": "IND", "New Delhi": "IND", "Tehran": "IRN", "Baghdad": "IRQ", "Rome": "ITA",
    "Madrid": "ESP", "Kabul": "AFG", "Islamabad": "PAK", "Damascus": "SYR", "Jerusalem": "ISR", "Cairo": "EGY",
    "Seoul": "KOR", "Pyongyang": "PRK", "Kiev": "UKR", "Ankara": "TUR", "Canberra": "AUS", "Ottawa": "CAN",
    "Dublin": "IRL", "Warsaw": "POL", "Riyadh": "SAU", "Beirut": "LBN", "Khartoum": "SDN", "Harare": "ZWE",
    "Pretoria": "ZAF", "Nairobi": "KEN", "Abuja": "NGA", "Caracas": "VEN", "Havana": "CUB", "Brasilia": "BRA",
    "Buenos Aires": "ARG", "Mexico City": "MEX", "Jakarta": "IDN", "Manila": "PHL", "Bangkok": "THA",
    "Hanoi": "VNM", "Taipei": "TWN", "Tripoli": "LBY", "Amman": "JOR", "Athens": "GRC", "Lisbon": "PRT",
    "The Hague": "NLD", "Stockholm": "SWE", "Oslo": "NOR", "Copenhagen": "DNK", "Helsinki": "FIN",
    "Vienna": "AUT", "Budapest": "HUN", "Prague": "CZE", "Bucharest": "ROU", "Sofia": "BGR", "Belgrade": "SRB",
    "Minsk": "BLR", "Tbilisi": "GEO", "Kuala Lumpur": "MYS", "Colombo": "LKA", "Kathmandu": "NPL", "Dhaka": "BGD",
    "Addis Ababa": "ETH", "Algiers": "DZA", "Rabat": "MAR", "Tunis": "TUN", "Bern": "CHE", "Wellington": "NZL",
}
DEV11_LEADERS = {
    "Bush": "USA", "Condoleezza Rice": "USA", "Colin Powell": "USA", "Rumsfeld": "USA", "Blair": "GBR",
    "Jack Straw": "GBR", "Chirac": "FRA", "Raffarin": "FRA", "Villepin": "FRA", "Schroeder": "DEU",
    "Schröder": "DEU", "Putin": "RUS", "Lavrov": "RUS", "Koizumi": "JPN", "Hu Jintao": "CHN", "Wen Jiabao": "CHN",
    "Berlusconi": "ITA", "Zapatero": "ESP", "Aznar": "ESP", "Ariel Sharon": "ISR", "Mahmoud Abbas": "PSE",
    "Arafat": "PSE", "Musharraf": "PAK", "Manmohan Singh": "IND", "Karzai": "AFG", "Allawi": "IRQ",
    "Khatami": "IRN", "Mugabe": "ZWE", "Mbeki": "ZAF", "Obasanjo": "NGA", "Lula": "BRA", "Chavez": "VEN",
    "Fidel Castro": "CUB", "Kirchner": "ARG", "Paul Martin": "CAN", "John Howard": "AUS", "Yushchenko": "UKR",
    "Kuchma": "UKR", "Yanukovych": "UKR", "Roh Moo-hyun": "KOR", "Kim Jong-il": "PRK", "Erdogan": "TUR",
    "Balkenende": "NLD", "Persson": "SWE", "Ahern": "IRL", "Assad": "SYR", "Mubarak": "EGY", "Gaddafi": "LBY",
    "Yudhoyono": "IDN", "Arroyo": "PHL", "Thaksin": "THA", "Lukashenko": "BLR", "Saakashvili": "GEO",
}
_DEV11_NAMES = {**DEV11_CAPITALS, **DEV11_LEADERS}
_DEV11_PATTERN = _whole_words(_DEV11_NAMES)


def dev11_sentence_passes(sentence: str) -> bool:
    """One sentence names exactly two states when capitals and leaders count too, one at least by such a name."""
    by_capital_or_leader = {_DEV11_NAMES[m.group(0)] for m in _DEV11_PATTERN.finditer(sentence)}
    by_demonym = {DEV9_DEMONYMS[m.group(0)] for m in _DEV9_DEMONYMS.finditer(sentence)}
    return (bool(by_capital_or_leader)
            and len(dev6_states_named(sentence) | by_demonym | by_capital_or_leader) == 2)


def bbc_dev11_selection() -> list[str]:
    """The source names of bbc-dev11 by the rule above (needs the pipeline's environment for the audit)."""
    own = "bbc-dev11.gold.jsonl"
    taken = {name for salt, passes in (("dev8", dev8_sentence_passes), ("dev9", dev9_sentence_passes))
             for name in _sentence_rule_candidates(own, salt, passes, dev6_sentences)}
    candidates = _sentence_rule_candidates(own, "dev11", dev11_sentence_passes, dev6_sentences)
    return [name for name in candidates if name not in taken][:DEV11_SIZE]


# rams-tune2 and rams-tune3 (issues 10au and 10av, 1 December 2026, fixed before any of their texts was read):
# recall sets of new development text of the RAMS kind (many outlets, 2016), since the tune halves of PLV and
# RAMS no longer show new phrasings. Pool: every RAMS document of the tune half (`rams_half`) that rams-tune's
# gold does not name, i.e. eval/audit.py's rams10i sample (210 documents: their one RAMS event maps to none of
# our tables and they fell outside the one-in-four negatives). Split by sha256("rams-tune2:" + source_name):
# first hex digit below 8 -> rams-tune2, otherwise rams-tune3; each in that hash order, every document kept
# (a negative is a document with no required item). The measured half is never in the pool.
RAMS_UNJUDGED_SETS = ("rams-tune2", "rams-tune3")


def rams_unjudged_documents() -> list[dict]:
    """The tune-half RAMS documents that rams-tune's gold does not name (eval/audit.py's rams10i sample)."""
    rams_tune = {json.loads(line)["source_name"] for line in
                 (GOLD_DIR / "rams-tune.gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    return [d for d in rams_documents() if d["half"] == "tune" and d["source_name"] not in rams_tune]


def _rams_unjudged_digest(source_name: str) -> str:
    return hashlib.sha256(f"rams-tune2:{source_name}".encode()).hexdigest()


def rams_unjudged_selection(name: str) -> list[str]:
    """The source names of rams-tune2 or rams-tune3 by the rule above, in hash order."""
    wanted = RAMS_UNJUDGED_SETS.index(name)  # 0: first hex digit below 8, 1: 8 or above
    names = [d["source_name"] for d in rams_unjudged_documents()
             if (int(_rams_unjudged_digest(d["source_name"])[0], 16) >= 8) == bool(wanted)]
    return sorted(names, key=_rams_unjudged_digest)


def rams_unjudged_texts(name: str) -> Iterator[Text]:
    chosen = set(rams_unjudged_selection(name))
    for doc in rams_unjudged_documents():
        if doc["source_name"] in chosen:
            yield Text(doc["source_name"], doc["text"] + "\n")


def texts(name: str) -> Iterator[Text]:
    gold, kind, _ = SETS[name]
    if kind is None:  # the seed ships in raw/
        seed = next((PROJECT / "raw").glob("000_*.txt"))
        yield Text(seed.name, seed.read_text(encoding="utf-8"))
    elif kind == "bbc":
        yield from bbc_texts(gold)
    elif kind == "plv":
        yield from plv_texts(name.split("-")[1])
    elif name in RAMS_UNJUDGED_SETS:
        yield from rams_unjudged_texts(name)
    else:
        yield from rams_texts(name.split("-")[1])


def materialize(name: str, raw_dir: Path) -> int:
    """Write the texts of one set under raw_dir (BBC files keep their original bytes); returns the count."""
    n = 0
    for item in texts(name):
        target = raw_dir / item.source_name
        target.parent.mkdir(parents=True, exist_ok=True)
        if SETS[name][1] == "bbc":
            target.write_bytes((CORPORA / "bbc" / item.source_name).read_bytes())
        else:
            target.write_text(item.text, encoding="utf-8")
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("materialize", help="write one set's texts into a directory")
    make.add_argument("set", choices=sorted(SETS))
    make.add_argument("dir", type=Path)
    commands.add_parser("list", help="the sets and their sizes")
    args = parser.parse_args(argv)
    if args.command == "materialize":
        print(f"{materialize(args.set, args.dir)} texts of {args.set} written to {args.dir}")
    else:
        for name, (gold, _, role) in SETS.items():
            n = sum(1 for _ in texts(name)) if gold.exists() or name.startswith(("plv", "rams")) else 0
            print(f"{name:<14} {role:<12} {n:>5} texts  gold {'yes' if gold.exists() else 'not yet'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
