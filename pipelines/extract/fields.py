"""The columns of each table's row, read off a match: what a deal is about, what a gift is, which measure
a sanction takes, what kind of meeting, which trade figure. Also each row's merge key, so that one thing
told twice in an article is one row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.tokens import Token

from pipelines.extract.engine import Match, verb_objects
from pipelines.extract.values import (
    _amount,
    _classify,
    _content_item,
    _head_word,
    _item_text,
    _number,
    _quantity,
    _status_class,
    _unordered,
)
from pipelines.extract.vocabulary import (
    CHANGE_VERBS,
    CURRENCY,
    SANCTION_NOUNS,
    SCALE,
    SECTORS,
    SUSPENDED_THINGS,
    TRANSACTION_NOUNS,
    engine_lexicon,
    item_categories,
)

# -- shared ------------------------------------------------------------------------------------------


def span_text(token: Token, limit: int = 120) -> str:
    words = list(token.doc[token.left_edge.i: token.right_edge.i + 1])
    while words and (words[0].dep_ in ("det", "poss", "case") or words[0].is_punct):
        words = words[1:]
    return "".join(t.text_with_ws for t in words).strip()[:limit].rstrip()


def location(trigger: Token) -> str | None:
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "at"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                    ent = next(e for e in trigger.doc.ents if e.start <= pobj.i < e.end)
                    return ent.text
    return None


# -- deals -------------------------------------------------------------------------------------------

def deal_subject(match: Match) -> str:
    anchor = match.trigger
    if anchor.lemma_.lower() in TRANSACTION_NOUNS:  # "the sale of the 33% stake": what is sold
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return span_text(child)
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "for", "to", "over", "about"):
            return span_text(child)
        if child.dep_ in ("acl", "relcl", "xcomp"):
            return span_text(child)
    for child in anchor.children:
        if child.dep_ == "dobj":
            return span_text(child)
    return span_text(anchor)


def deal_fields(match: Match, date: dt.date | None) -> tuple[dict[str, Any], tuple[Any, ...]]:
    subject = deal_subject(match)
    sentence = match.sent.text
    sector = _classify(subject + " " + sentence if subject else sentence, SECTORS, "other")
    if subject:
        sector = _classify(subject, SECTORS, sector)
    amount, unit = _amount(match.trigger.doc, match.clause)
    fields = {"deal_type": match.frame.kind or "agreement", "sector": sector, "subject": subject or None,
              "status": match.status, "amount": amount, "amount_unit": unit, "location": location(match.trigger)}
    return fields, ("deal", sector, _status_class(match.status), _head_word(subject), coordinated_position(match))


def coordinated_position(match: Match) -> int:
    """Event nouns of one table coordinated in one phrase are different things: "signed a trade agreement, an
    agreement on energy cooperation and an agreement on defence" is three deals, not one told thrice."""
    trigger = match.trigger
    if match.frame.pos != "noun":
        return 0
    top = trigger
    while _list_link(top) and top.head is not top:
        top = top.head
    members, todo = [], [top]
    while todo:
        member = todo.pop()
        members.append(member)
        todo += [c for c in member.children if _list_link(c)]
    peers = sorted((t for t in members if match.tables.frames_for(t.lemma_.lower(), "noun")), key=lambda t: t.i)
    return peers.index(trigger) if len(peers) > 1 and trigger in peers else 0


def _list_link(token: Token) -> bool:
    """A member of a list: a conjunct, or an apposition that opens a list of its own ("a trade agreement, an
    agreement on energy and an agreement on security", as the parser joins it); "the accord, a landmark deal"
    is one thing named twice."""
    return token.dep_ == "conj" or (token.dep_ == "appos" and any(c.dep_ == "conj" for c in token.children))


# -- gifts -------------------------------------------------------------------------------------------

def gift_item(match: Match) -> Token | None:
    """What is given: the object (or "with" phrase) of a giving verb; for an aid noun, "aid of X" or itself."""
    trigger = match.trigger
    if match.frame.pos == "noun" and trigger.dep_ == "attr" and trigger.head.lemma_ == "be":
        subject = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject  # "The pandas were a gift from China": the pandas were given
    if match.frame.pos == "noun":
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return _content_item(pobj)
        return trigger
    tokens: list[Token] = []
    for slot in match.frame.item:
        if slot.name == "object":
            dep = "nsubjpass" if any(c.dep_ == "nsubjpass" for c in trigger.children) and not any(
                c.dep_ == "dobj" for c in trigger.children) else "dobj"
            tokens += verb_objects(trigger, dep) or _adverbial_sum(trigger)
        else:
            tokens += [p for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ == slot.name
                       for p in prep.children if p.dep_ == "pobj"]
    if not tokens:
        return None
    item = tokens[0]
    if match.actors and match.actors.actors_of(item) and len(tokens) > 1:
        item = tokens[1]  # "supplied Venezuela with arms": the object receives, "with" names the goods
    content = _content_item(item)
    if item.ent_type_ == "MONEY" or item.lower_ in SCALE:
        # "pledged $50m in aid": the money is the quantity, "aid" the item (the phrase may hang on either).
        content = next((p for head in (item, trigger) for prep in head.children
                        if prep.dep_ == "prep" and prep.lower_ == "in"
                        for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() != "response"), content)
    return content


def _adverbial_sum(verb: Token) -> list[Token]:
    """A sum the parser hung on the verb as an adverb ("pledged £30m to Kenya": "m" an npadvmod): the thing given."""
    return [c for c in verb.children if c.dep_ == "npadvmod" and c.lower_ in SCALE
            and any(t.ent_type_ == "MONEY" for t in c.subtree)]


def item_category(item: Token) -> str:
    default = "humanitarian_aid" if item.lemma_.lower() in ("aid", "relief", "assistance") else "other"
    return _classify(_item_text(item), item_categories(), default)


def gift_fields(match: Match, date: dt.date | None) -> tuple[dict[str, Any], tuple[Any, ...]]:
    item = gift_item(match) or match.trigger
    noun_trigger = match.frame.pos == "noun" and item is match.trigger
    item_text = span_text(match.trigger, 80) if noun_trigger else _item_text(item)
    if match.frame.lemma in ("write", "forgive", "cancel", "defer", "freeze", "reschedule", "waive"):
        item_text = f"{match.frame.lemma} {span_text(item)}"[:120]
    category = item_category(item)
    if match.frame.kind == "aid" and match.frame.lemma in ("moratorium", "write-off", "relief", "write", "forgive",
                                                           "cancel", "defer", "freeze", "reschedule", "waive"):
        category = "money"
    kind = match.frame.kind or "aid"
    if kind in ("aid", "gift") and category == "money":
        lowered = item_text.lower()
        kind = "grant" if "grant" in lowered else ("loan" if "loan" in lowered else "aid")
    quantity, unit = _quantity(item.doc, item)
    if unit in CURRENCY.values():
        category = "money"  # "$500 million in emergency aid": a sum of money, whatever it is for
    institution = None
    occasion = None
    for tok in match.trigger.subtree:
        if tok.lower_ in ("zoo", "hospital", "museum", "university", "school") and tok.ent_type_:
            ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
            institution = ent.text if ent else None
        if tok.lower_ == "occasion":
            occasion = span_text(tok, 100)
    head_item = item.lemma_.lower() if item.pos_ in ("NOUN", "PROPN") else item.lower_
    fields = {"item": item_text, "item_category": category, "quantity": quantity, "quantity_unit": unit,
              "transfer_kind": kind, "status": match.status, "occasion": occasion,
              "recipient_institution": institution}
    return fields, ("gift", head_item, _status_class(match.status))


# -- sanctions ---------------------------------------------------------------------------------------

def measure_of(noun: Token) -> str | None:
    """The measure a sanction noun names, or None when the noun is not a measure between states."""
    lemma = "sanction" if noun.lower_ == "sanctions" else noun.lemma_.lower()
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
    if lemma == "restriction" and words & {"visa", "visas", "entry", "travel"}:
        return "travel_ban"  # "visa restrictions on its officials" (issue-10y)
    if lemma == "restriction" and not words & {"trade", "import", "imports", "export", "exports"}:
        return None
    if lemma == "control" and not words & {"export", "exports", "technology", "chip", "chips"}:
        return None
    return measure


def sanction_fields(match: Match, date: dt.date | None) -> tuple[dict[str, Any], tuple[Any, ...]]:
    measure = match.frame.kind or "other"
    if match.frame.pos == "noun":
        measure = measure_of(match.trigger) or measure
    elif measure == "aid_suspension":
        objects = [c for c in match.trigger.children if c.dep_ in ("dobj", "nsubjpass")]
        thing = next((o for o in objects if o.lemma_.lower() in SUSPENDED_THINGS or o.lower_ in SUSPENDED_THINGS),
                     None)
        if thing is not None:
            measure = SUSPENDED_THINGS.get(thing.lemma_.lower()) or SUSPENDED_THINGS[thing.lower_]
    elif measure == "trade_restriction" and match.frame.pos == "verb":
        from pipelines.extract.vocabulary import BANNED_FLOWS

        flow = next((c for c in match.trigger.children if c.dep_ in ("dobj", "nsubjpass")
                     and c.lemma_.lower() in BANNED_FLOWS), None)
        measure = BANNED_FLOWS[flow.lemma_.lower()] if flow is not None else measure
    return {"measure": measure, "status": match.status, "reason": None}, ("sanction", measure)


# -- meetings ----------------------------------------------------------------------------------------

def meeting_fields(match: Match, date: dt.date | None) -> tuple[dict[str, Any], tuple[Any, ...]]:
    kind = match.frame.kind or "other"
    if kind in ("talks", "other") and _told_by_phone(match):
        kind = "call"
    if "sidelines" in match.sent.text.lower():
        kind = "sidelines"
    fields = {"meeting_kind": kind, "status": match.status,
              "participants": "; ".join(sorted(meeting_participants(match))) or None,
              "location": meeting_location(match)}
    return fields, ("meeting", date and (date.year, date.month), _status_class(match.status))


PHONE_WORDS = ("phone", "telephone", "videoconference", "video")


def phone_phrase(head: Token) -> bool:
    """A "by / over / on / via" phrase on `head` that names a phone or video: "told X by phone", "spoke over the
    telephone"."""
    return any(c.dep_ == "prep" and c.lower_ in ("by", "over", "on", "via")
               and any(t.lower_ in PHONE_WORDS for t in c.subtree) for c in head.children)


def _told_by_phone(match: Match) -> bool:
    """"conferred with his Belgian counterpart by phone" (issue-10ap): a meeting told by phone or video is a call,
    whether the phrase hangs on the trigger or on the partner it names (the parser often puts it there)."""
    partners = (o for p in match.trigger.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj")
    return any(phone_phrase(head) for head in (match.trigger, *partners))


def meeting_participants(match: Match) -> set[str]:
    """The people who met: those filling a side, and the people of a side's state the sentence names
    ("Vietnam's President Vo Van Thuong met ...", "his Vietnamese counterpart Pham Minh Chinh": the side is
    the state, the person stands beside it)."""
    sides = [a for role in match.tables.roles for a in match.side(role)]
    people = {a.name for a in sides if a.actor_type == "person"}
    codes = {a.code for a in sides if a.code}
    if codes:
        for mention in match.actors.mentions_in(match.sent):
            if mention.kind == "person":
                people.update(a.name for a in mention.actors if a.actor_type == "person" and a.code in codes)
    return people


def meeting_location(match: Match) -> str | None:
    """Where: "in"/"at" a place, on the trigger, on its clause's verb, or on the one met when the parser
    hangs the place there ("met Chinese President Xi Jinping in Hanoi")."""
    trigger = match.trigger
    holders = [trigger, match.clause] + [c for c in trigger.children if c.dep_ == "dobj"] + [
        p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children
        if p.dep_ in ("pobj", "pcomp")]
    for holder in holders:
        found = location(holder)
        if found is not None:
            return found
    return None


# -- trade -------------------------------------------------------------------------------------------

def trade_change_verb(noun: Token) -> Token | None:
    """The verb that says how the figure moved: "trade rose", "trade, which rose", or what it was ("trade
    was worth $5bn")."""
    noun = _measure_of(noun)
    if noun.head.lemma_.lower() in CHANGE_VERBS and noun.dep_ in ("nsubj", "nsubjpass"):
        return noun.head
    if _states_a_figure(noun):
        return noun.head
    anchors = [noun]
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        anchors.append(noun.head.head)
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ in ("relcl", "acl") and child.lemma_.lower() in CHANGE_VERBS:
                return child
    return None


def _measure_of(noun: Token) -> Token:
    """"the value of trade rose": the measure whose "of" phrase the trade noun is, else the noun itself."""
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in engine_lexicon().trade_measures:
        return of.head
    return noun


def _states_a_figure(noun: Token) -> bool:
    """"Trade between them was worth $5bn", "two-way trade is $5bn": the copula's complement is the figure."""
    verb = noun.head
    return noun.dep_ == "nsubj" and verb.lemma_.lower() == "be" and any(
        c.dep_ in ("attr", "acomp") for c in verb.children)


def trade_fields(match: Match, date: dt.date | None) -> tuple[dict[str, Any], tuple[Any, ...]] | None:
    noun = match.trigger
    verb = trade_change_verb(noun)
    scope = verb if verb is not None else noun
    value, unit = None, None
    for tok in scope.subtree:
        if tok.lower_ in ("percent", "%") or (tok.lower_ == "cent" and tok.i > 0 and tok.nbor(-1).lower_ == "per"):
            # the number right before the sign: "between the two countries rose 8%" is 8, not two
            number = max((t for t in scope.subtree if t.like_num and t.i < tok.i), key=lambda t: t.i, default=None)
            if number is not None:
                value, unit = _number(number.text), "percent_change"
                if verb is not None and value and verb.lemma_.lower() in (
                        "fall", "decline", "drop", "slump", "shrink", "plunge"):
                    value = -value
            break
    if value is None:
        value, unit = _amount(noun.doc, scope)
    if value is None:
        return None
    period = None
    for tok in scope.subtree:
        if tok.ent_type_ == "DATE":
            period = next(e for e in tok.doc.ents if e.start <= tok.i < e.end).text
            break
    fields = {"metric": match.frame.kind, "value": value, "unit": unit, "period": period}
    return fields, ("trade", match.frame.kind, value, unit)


FIELD_BUILDERS = {"fact_deal": deal_fields, "fact_gift": gift_fields, "fact_sanction": sanction_fields,
                  "fact_meeting": meeting_fields, "fact_trade": trade_fields}


def pair_key(table: str, a: str | None, b: str | None, symmetric: bool) -> tuple[Any, ...]:
    return _unordered(a, b) if symmetric else (a, b)

