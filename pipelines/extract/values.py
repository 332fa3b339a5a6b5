"""Values read off the parse: items, quantities, amounts, dates, categories and row keys."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from pipelines.extract.vocabulary import (
    CURRENCY,
    MEASURE_NOUNS,
    MONTHS,
    NUMBER_WORDS,
    SCALE,
    SHARED_CURRENCY_NAMES,
    WEEKDAYS,
)


def _classify(text: str, table: Sequence[tuple[str, str]], default: str) -> str:
    for label, pattern in table:
        if re.search(pattern, text, re.IGNORECASE):
            return label
    return default


# Quantifiers over a pronoun that takes up an earlier noun: "many of them", "most of which" (issue-10av).
PARTITIVE_QUANTIFIERS = {"many", "most", "some", "all", "several", "half", "much", "part", "both"}
ANAPHORIC_PRONOUNS = {"them", "which", "these", "those"}


def partitive_antecedent(item: Token) -> Token | None:
    """"rifles, many of which were supplied by", "rifles, many of them supplied by": a quantifier over a pronoun
    stands for the noun the pronoun takes up: the head of its relative clause, or the noun just before the comma
    that opens its clause (issue-10av). None for anything else ("none of them" is no quantity given)."""
    if item.lower_ not in PARTITIVE_QUANTIFIERS:
        return None
    pronoun = next((p for prep in item.children if prep.dep_ == "prep" and prep.lower_ == "of"
                    for p in prep.children if p.dep_ == "pobj" and p.lower_ in ANAPHORIC_PRONOUNS), None)
    if pronoun is None:
        return None
    if pronoun.lower_ == "which":
        node = item
        while node.dep_ not in ("relcl", "ROOT") and node.head.i != node.i:
            node = node.head
        if node.dep_ == "relcl":
            return node.head if node.head.pos_ == "NOUN" else None
    comma = item.left_edge.i - 1  # the parser often hangs the clause on the verb instead (advcl)
    if comma < 1 or item.doc[comma].text != ",":
        return None
    noun = item.doc[comma - 1]
    return noun if noun.pos_ == "NOUN" and noun.tag_ == "NNS" else None


def _content_item(item: Token) -> Token:
    """"1,000 tonnes of rice" -> rice; "$50m in aid" -> aid; "weapons, many of them" -> weapons; anything else is
    its own item."""
    if (antecedent := partitive_antecedent(item)) is not None:
        return antecedent
    # a sum names what its "of" phrase holds too: "$2bn of Libyan assets" -> assets (not "$5m in 2020")
    money = item.ent_type_ == "MONEY" and item.tag_ != "$"
    if item.lemma_.lower() in MEASURE_NOUNS or item.lower_ in MEASURE_NOUNS or item.tag_ == "$" or money:
        for prep in item.children:
            if prep.dep_ == "prep" and (prep.lower_ == "of" or prep.lower_ == "in" and not money):
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
    def is_money(t: Token) -> bool:  # "a new $21m aid package" keeps its amount whole
        return t.ent_type_ == "MONEY" or t.tag_ == "$" or (t.lower_ in SCALE and t.i > 0 and t.nbor(-1).like_num)

    words = [t for t in item.subtree if t.i <= item.i and (is_money(t) or (
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
    if any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in item.subtree):
        amount, unit = _amount(doc, item)  # "a $200m grant": the sum with its scale and currency
        if amount is not None:
            return amount, unit
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
    r"barrels|tonnes|tons|" + "|".join(w for w in [*CURRENCY, *SHARED_CURRENCY_NAMES] if w.isalpha() and len(w) > 3)
    + r")?",
    re.IGNORECASE,
)


def _amount(doc: Doc, anchor: Token) -> tuple[float | None, str | None]:
    """The first currency or unit amount in the anchor's subtree: "$50,000", "£4m", "100 megawatts"."""
    last = anchor.right_edge
    if last.i + 1 < len(doc) and doc[last.i + 1].lower_ in SCALE:
        last = doc[last.i + 1]  # "£20m" parsed as "£20" and a separate "m"
    # The span's own text: `doc.text` would join every token of the document on each call.
    for match in _MONEY.finditer(doc[anchor.left_edge.i:last.i + 1].text):
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


# Counts in relative dates: "two days ago", "a month ago".
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_AGO = re.compile(r"\b(\d{1,3}|" + "|".join(_COUNT_WORDS) + r")\s+(day|week|month|year)s?\s+ago\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _month_back(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` before (negative: after) the month of `day`."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def resolve_date(text: str, published: dt.date | None, future: bool = False
                 ) -> tuple[dt.date | None, str | None]:
    """A date expression against the publication date; relative expressions need one.

    Absolute dates ("5 March 2023", "June 24, 2021", "September 2022", "2014") stand alone. Relative ones
    resolve against `published`: "yesterday", "today", "tomorrow"; "last/this/next week|month|year"
    ("last month" is the month before publication, at month precision; a week is not a precision, so
    "last week" stays unknown); "three days ago", "two months ago"; a day and month without a year ("on
    March 3"), or a month alone ("in March"), in the year that puts it on or before publication (after it,
    for `future` rows: an event that is planned); a weekday ("on Wednesday") is the most recent such day on
    or before publication, or the next one on or after it for `future` rows ("last Friday" and "next
    Friday" say which)."""
    lowered = text.lower()
    year = _YEAR.search(lowered)
    month = next((m for name, m in MONTHS.items() if re.search(rf"\b{name}\b", lowered)), None)
    day_match = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", _YEAR.sub("", lowered))
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
    if year:
        return _absolute_date(int(year.group(1)), month, day)
    if published is None:
        return None, None
    if month:
        return _month_without_year(month, day, published, future)
    return _relative_date(lowered, published, future)


def _absolute_date(year: int, month: int | None, day: int | None) -> tuple[dt.date, str]:
    """A date with its year, at the finest precision it names (an impossible day falls back to the month)."""
    if month and day:
        try:
            return dt.date(year, month, day), "day"
        except ValueError:
            pass
    if month:
        return dt.date(year, month, 1), "month"
    return dt.date(year, 1, 1), "year"


def _relative_date(lowered: str, published: dt.date, future: bool) -> tuple[dt.date | None, str | None]:
    """"Yesterday", "last month", "three days ago", "on Wednesday" against the publication date."""
    for word, offset in (("yesterday", -1), ("today", 0), ("tomorrow", 1)):
        if re.search(rf"\b{word}\b", lowered):
            return published + dt.timedelta(days=offset), "day"
    for word, months in (("last", 1), ("this", 0), ("next", -1)):
        if re.search(rf"\b{word} month\b", lowered):
            return _month_back(published, months), "month"
        if re.search(rf"\b{word} year\b", lowered):
            return dt.date(published.year - months, 1, 1), "year"
    ago = _AGO.search(lowered)
    if ago:
        return _ago(ago, published)
    weekday = next((i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}\b", lowered)), None)
    if weekday is None:
        return None, None
    if re.search(r"\bnext\b", lowered) or (future and not re.search(r"\blast\b", lowered)):
        ahead = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=ahead or (7 if "next" in lowered else 0)), "day"
    back = (published.weekday() - weekday) % 7
    return published - dt.timedelta(days=back or (7 if "last" in lowered else 0)), "day"


def _ago(ago: re.Match[str], published: dt.date) -> tuple[dt.date, str]:
    """"Three days ago", "two months ago", "a year ago"."""
    count = int(ago.group(1)) if ago.group(1).isdigit() else _COUNT_WORDS[ago.group(1)]
    unit = ago.group(2)
    if unit in ("day", "week"):
        return published - dt.timedelta(days=count * (7 if unit == "week" else 1)), "day"
    if unit == "month":
        return _month_back(published, count), "month"
    return dt.date(published.year - count, 1, 1), "year"


def _month_without_year(month: int, day: int | None, published: dt.date, future: bool
                        ) -> tuple[dt.date | None, str | None]:
    """"On March 3" or "in March": in the publication year, or the year before (after, when `future`)
    when that would put a past event after publication (a planned one before it)."""
    when = (month, day or 1)
    now = (published.month, published.day if day else 1)
    y = published.year
    if not future and when > now:
        y -= 1
    elif future and when < now:
        y += 1
    try:
        return dt.date(y, month, day or 1), "day" if day else "month"
    except ValueError:  # "February 30"
        return dt.date(y, month, 1), "month"


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
