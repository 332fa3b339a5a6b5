"""Gifts: donations, aid, grants, loans, deliveries and debt relief, with giver and receiver."""

from __future__ import annotations

import re

from spacy.tokens import Token

from pipelines.extract.rows import Candidate
from pipelines.extract.toolkit import RuleToolkit
from pipelines.extract.values import _amount, _classify, _content_item, _item_text, _quantity, _status_class
from pipelines.extract.vocabulary import (
    AID_CATEGORIES,
    AID_FLOWS,
    AID_HANDLERS,
    DEBT_WORDS,
    DOMESTIC_AID,
    GIFT_DEFAULT_STATUS,
    GIFT_NOUNS,
    GIFT_VERBS,
    INTERNATIONAL_AID,
    ITEM_CATEGORIES,
    PUT_INTO_EFFECT,
    RELIEF_GRANTING_VERBS,
    SCALE,
)
from pipelines.resolve import Actor


class GiftRules(RuleToolkit):
    """Gift and aid triggers, debt relief, and who gives to whom."""

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
            receivers = [a for prep in [*verb.children, *item.children]
                         if prep.dep_ == "prep" and prep.lower_ in ("for", "to")
                         for a in self._nested_parties(prep, with_places=True) if a not in givers]
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
        refused = False
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
            elif vlemma in ("reject", "refuse", "decline", "spurn"):
                # "India has rejected international aid": the subject turns down what others would give
                receivers += self._subject(verb)
                givers += self._prep_args(verb, ("from",))
                refused = True
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
        if refused:
            status = "refused"
        elif noun.head.pos_ == "VERB" and noun.dep_ in ("dobj", "nsubjpass"):
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
