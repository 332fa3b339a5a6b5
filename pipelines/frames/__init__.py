"""The event frames as data: one YAML file per fact table, plus the words that govern an event's status.

This package sits below the NLP and extract stages: the NLP stage derives its sentence pre-filter from
the trigger words listed here, and the extract stage (`pipelines/extract/frames.py`) parses and checks
the same files into typed frames. The files are explained in that module's docstring.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FRAMES_DIR = Path(__file__).parent
TABLE_FILES = {"fact_deal": "deals.yaml", "fact_gift": "gifts.yaml", "fact_sanction": "sanctions.yaml",
               "fact_meeting": "meetings.yaml", "fact_trade": "trade.yaml"}


# libyaml's parser when PyYAML was built with it (about ten times faster at start-up; the same data: the
# resolvers below are Python's either way).
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrameLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """YAML 1.1 reads "on", "off", "yes" and "no" as booleans; in frames they are words ("sanctions on")."""


_FrameLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FrameLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


@cache
def load_yaml(name: str) -> Any:
    with (FRAMES_DIR / name).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_FrameLoader)


# Frames that can only fire beside another word the pre-filter already looks for ("told X by phone"
# needs "phone"), so their own lemmas do not make a sentence worth parsing.
NEEDS_ANOTHER_TRIGGER = {"by_phone"}


@cache
def trigger_lemmas() -> frozenset[str]:
    """Every lemma that starts an event: the verbs and nouns of the frames. Support verbs ("hold", "make",
    "impose") carry a noun that is itself a trigger, so they add nothing a sentence needs to be parsed."""
    words: set[str] = set()
    for name in TABLE_FILES.values():
        data = load_yaml(name)
        for section in ("verbs", "nouns"):
            for lemma, entries in (data.get(section) or {}).items():
                entries = entries if isinstance(entries, list) else [entries or {}]
                if all(NEEDS_ANOTHER_TRIGGER & set(e.get("requires", [])) or _needs_a_word_beside(e)
                       for e in entries):
                    continue
                words.add(lemma)
                words |= {form for e in entries for form in e.get("forms", [])}
    return frozenset(words)


def _needs_a_word_beside(entry: dict[str, Any]) -> bool:
    """A frame the pre-filter looks for only beside another word (`parse_beside`, `modified_by`): a sentence with
    its lemma alone is not worth parsing, not even for the names in it (issue-10ag)."""
    return bool(entry.get("parse_beside") or entry.get("modified_by"))


# Forms that the suffix rules below do not make.
IRREGULAR_FORMS = {
    "give": ("gave", "given"), "meet": ("met",), "sell": ("sold",), "buy": ("bought",), "take": ("took", "taken"),
    "hold": ("held",), "make": ("made",), "pay": ("paid",), "send": ("sent",), "bring": ("brought",),
    "strike": ("struck",), "seek": ("sought",), "win": ("won",), "lend": ("lent",), "spend": ("spent",),
    "fly": ("flew", "flown"), "tell": ("told",), "speak": ("spoke", "spoken"), "break": ("broke", "broken"),
    "begin": ("began", "begun"), "freeze": ("froze", "frozen"), "write": ("wrote", "written"),
    "withhold": ("withheld",), "withdraw": ("withdrew", "withdrawn"), "have": ("had", "has"),
    "forgive": ("forgave", "forgiven"), "keep": ("kept",), "get": ("got", "gotten"), "lead": ("led",),
    "say": ("said",), "sit": ("sat",), "equip": ("equipped", "equipping"), "leave": ("left",), "forbid": ("forbade", "forbidden"), "undertake": ("undertook",),
}


def surface_forms(lemma: str) -> set[str]:
    """Every form a lemma may take in text, generously: plural, third person, past, participles."""
    lemma = lemma.lower()
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing", *IRREGULAR_FORMS.get(lemma, ())}
    if lemma.endswith("y") and len(lemma) > 2:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):  # ban -> banned, bar -> barring
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@cache
def trigger_forms() -> frozenset[str]:
    """Every surface form of every trigger and support lemma: what the NLP pre-filter looks for."""
    return frozenset(form for lemma in trigger_lemmas() for form in surface_forms(lemma))


def noun_forms(lemma: str) -> set[str]:
    """The forms of a noun the tagger's lemmatizer gives back as the noun: itself and its plurals."""
    lemma = lemma.lower()
    forms = {lemma, lemma + "s", lemma + "es"}
    if lemma.endswith("y") and len(lemma) > 2:
        forms.add(lemma[:-1] + "ies")
    return forms


def verb_forms(lemma: str) -> set[str]:
    """`surface_forms` of a verb, less a past in "-d" that only a lemma in "-e" has ("ban" makes "banned",
    never "band")."""
    forms = surface_forms(lemma)
    if not lemma.lower().endswith("e"):
        forms.discard(lemma.lower() + "d")
    return forms


@cache
def trigger_words() -> dict[str, frozenset[frozenset[str]]]:
    """Each word that can be a trigger, with what else a sentence must hold for it to fire: alternatives, each
    a set of words (empty: nothing else). Derived from the frames as the engine reads them: a verb with a
    particle fires only beside it ("take over"); a noun that lists its forms fires only as one of them
    ("sale", not "sales"); a noun otherwise in its singular or plural. What the pre-filter looks for."""
    needs: dict[str, set[frozenset[str]]] = {}
    for name in TABLE_FILES.values():
        data = load_yaml(name)
        for section in ("verbs", "nouns"):
            for lemma, entries in (data.get(section) or {}).items():
                for entry in entries if isinstance(entries, list) else [entries or {}]:
                    if NEEDS_ANOTHER_TRIGGER & set(entry.get("requires", [])):
                        continue
                    for form, other in _entry_words(section, lemma, entry):
                        # "write-off": the pre-filter reads words of letters only, so its first beside the rest
                        first, *rest = re.findall(r"[a-z]+", form) or [form]
                        needs.setdefault(first, set()).add(other | frozenset(rest))
    return {form: frozenset(others) for form, others in needs.items()}


def _entry_words(section: str, lemma: str, entry: dict[str, Any]) -> list[tuple[str, frozenset[str]]]:
    if section == "nouns":
        listed = [form.lower() for form in entry.get("forms", [])]
        # a noun that fires only with one of its modifiers ("punitive measures") needs one of them beside it
        return [(form, beside | other) for form in (listed or noun_forms(lemma))
                for beside in _any_of(entry, "modified_by") for other in _any_of(entry, "parse_beside")]
    particle = entry.get("particle")
    beside = frozenset({str(particle).lower()}) if particle else frozenset()
    words = verb_forms(lemma) | {f for form in entry.get("forms", []) for f in verb_forms(form)}
    return [(form, beside | other) for form in words for other in _any_of(entry, "parse_beside")]


def _any_of(entry: dict[str, Any], key: str) -> list[frozenset[str]]:
    """A frame's words under `key` (`modified_by`, `parse_beside`), each an alternative the sentence must hold
    beside the trigger (one empty set: none)."""
    return [frozenset({str(w).lower()}) for w in entry.get(key, [])] or [frozenset()]
