"""Values read off the parse: items, quantities, amounts, dates, categories and row keys."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Token

from pipelines.extract.vocabulary import (
    CURRENCY,
    MEASURE_NOUNS,
    MONTHS,
    NUMBER_WORDS,
    SCALE,
    WEEKDAYS,
)


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
    r"barrels|tonnes|tons)?",
    re.IGNORECASE,
)


def _amount(doc: Doc, anchor: Token) -> tuple[float | None, str | None]:
    """The first currency or unit amount in the anchor's subtree: "$50,000", "£4m", "100 megawatts"."""
    last = anchor.right_edge
    if last.i + 1 < len(doc) and doc[last.i + 1].lower_ in SCALE:
        last = doc[last.i + 1]  # "£20m" parsed as "£20" and a separate "m"
    left, right = anchor.left_edge.idx, last.idx + len(last)
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
