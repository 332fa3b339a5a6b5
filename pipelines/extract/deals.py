"""Deals: agreements, contracts, purchases, investments, alliances, settlements and relations."""

from __future__ import annotations

from spacy.tokens import Token

from pipelines.extract.rows import Candidate
from pipelines.extract.toolkit import RuleToolkit
from pipelines.extract.values import _amount, _classify, _head_word, _item_text, _status_class, _unordered
from pipelines.extract.vocabulary import (
    ACQUIRE_VERBS,
    ANNOUNCE_VERBS,
    CONTRACTED_WORK,
    DEAL_NOUNS,
    DEAL_VERBS,
    MEETING_VERBS,
    NOT_FOR_SALE,
    PLANNING_HEADS,
    PROCEDURAL_STEPS,
    RELATIONS_VERBS,
    SECTORS,
    SPENDING_PURPOSES,
    TRANSACTION_NOUNS,
)
from pipelines.resolve import Actor


class DealRules(RuleToolkit):
    """Deal triggers (verbs and nouns) and what they say about parties, subject and status."""

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
            if any(c.dep_ == "nsubj" and c.lemma_.lower() in NOT_FOR_SALE | {"pound", "yen", "yuan", "rouble"}
                   for c in verb.children):
                return []  # "one pound buying $1.91": exchange rates
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

    def _relations_restored(self, verb: Token) -> list[Candidate]:
        """"Egypt and Turkey restored full diplomatic relations": an agreement between the two."""
        found = self._diplomatic_ties(verb) if RELATIONS_VERBS[verb.lemma_.lower()] == "agreed" else None
        if found is None:
            return []
        ties, pairs = found
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
