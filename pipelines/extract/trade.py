"""Trade figures between two parties: volumes, exports, imports, investment and their changes."""

from __future__ import annotations

import re

from spacy.tokens import Token

from pipelines.extract.rows import Candidate
from pipelines.extract.toolkit import RuleToolkit
from pipelines.extract.values import _amount, _number, _unordered
from pipelines.extract.vocabulary import BALANCE_NOUNS, CHANGE_VERBS, TRADE_NOUNS


class TradeRules(RuleToolkit):
    """Trade figures: a trade noun with a number, a change verb and two parties."""

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
