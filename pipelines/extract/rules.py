"""All rules over one sentence: each table's rules, run trigger by trigger."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from pipelines.extract.deals import DealRules
from pipelines.extract.gifts import GiftRules
from pipelines.extract.meetings import MeetingRules
from pipelines.extract.rows import Candidate
from pipelines.extract.sanctions import SanctionRules
from pipelines.extract.statements import StatementRules
from pipelines.extract.trade import TradeRules
from pipelines.extract.vocabulary import (
    ACQUIRE_VERBS,
    DEAL_NOUNS,
    DEAL_VERBS,
    DEBT_RELIEF_NOUNS,
    DEBT_RELIEF_VERBS,
    GIFT_NOUNS,
    GIFT_VERBS,
    INCREASE_VERBS,
    MEETING_NOUNS,
    MEETING_VERBS,
    RELATIONS_VERBS,
    SANCTION_NOUNS,
    SANCTION_VERBS,
    SELECTION_VERBS,
    SUSPEND_VERBS,
    TRADE_NOUNS,
)
from pipelines.resolve import DocumentContext, SentenceActors


class SentenceRules(DealRules, GiftRules, SanctionRules, MeetingRules, TradeRules, StatementRules):
    """Every table's rules over one parsed sentence, in the document's running context."""

    def __init__(self, doc: Doc, actors: SentenceActors, context: DocumentContext, offset: int,
                 published: dt.date | None, lex):
        self.doc = doc
        self.actors = actors
        self.context = context
        self.offset = offset
        self.published = published
        self.lex = lex
        self.used_nouns: set[int] = set()

    def run(self) -> list[Candidate]:
        found: list[Candidate] = []
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("VERB", "AUX"):
                if lemma in SANCTION_VERBS or lemma in SUSPEND_VERBS:
                    found.extend(self._sanction_from_verb(tok))
                if lemma in DEAL_VERBS or lemma in ACQUIRE_VERBS:
                    found.extend(self._deal_from_verb(tok))
                if lemma == "spend":
                    found.extend(self._spending(tok))
                if lemma == "pay":
                    found.extend(self._payment(tok))
                if lemma in SELECTION_VERBS:
                    found.extend(self._contractor_selected(tok))
                if lemma in RELATIONS_VERBS:
                    found.extend(self._relations_restored(tok))
                    found.extend(self._relations_cut(tok))
                if lemma in GIFT_VERBS:
                    found.extend(self._gift_from_verb(tok))
                if lemma in ("receive", "get", "accept"):
                    found.extend(self._gift_received(tok))
                if lemma in INCREASE_VERBS:
                    found.extend(self._aid_increase(tok))
                if lemma in DEBT_RELIEF_VERBS:
                    found.extend(self._debt_relief(tok))
                if lemma in MEETING_VERBS:
                    found.extend(self._meeting_from_verb(tok))
            elif tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.used_nouns:
                if lemma in DEBT_RELIEF_NOUNS and self._is_debt_relief(tok):
                    found.extend(self._debt_relief_from_noun(tok))
                elif lemma in SANCTION_NOUNS or tok.lower_ in ("sanctions",):
                    found.extend(self._sanction_from_noun(tok))
                elif lemma in TRADE_NOUNS and self._trade_figure(tok):
                    found.extend(self._trade(tok))
                elif lemma in DEAL_NOUNS and tok.lower_ != "sales":  # "sales rose 4%": revenue, not a sale
                    found.extend(self._deal_from_noun(tok))
                elif lemma in GIFT_NOUNS:
                    found.extend(self._gift_from_noun(tok))
                elif (lemma in MEETING_NOUNS or tok.lower_ in MEETING_NOUNS) and not any(
                        c.dep_ == "dobj" for c in tok.children):  # "meeting the Lisbon targets" is a verb
                    found.extend(self._meeting_from_noun(tok))
        found.extend(self._statements())
        for cand in found:
            # meetings and deals are what "the two leaders", "both sides" go back to, not a sanction or a figure
            if cand.table in ("fact_meeting", "fact_deal") and cand.side_a and cand.side_b and cand.side_a.code \
                    and cand.side_b.code and cand.side_a.code != cand.side_b.code:
                self.context.last_pair = (cand.side_a.code, cand.side_b.code)
            if cand.table == "fact_sanction" and cand.side_b and cand.side_b.code:
                self.context.last_sanction_target = cand.side_b.code
        return found
