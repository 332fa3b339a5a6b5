"""Meetings: visits, talks, summits and calls, held, planned, refused or cancelled."""

from __future__ import annotations

from spacy.tokens import Token

from pipelines.extract.rows import Candidate
from pipelines.extract.toolkit import RuleToolkit
from pipelines.extract.values import _status_class, _unordered
from pipelines.extract.vocabulary import (
    ACCESSION_NOUNS,
    AGENT_NOUNS,
    FUTURE_TIME,
    MEETING_NOUNS,
    MEETING_VERBS,
    NON_STATE_TRAVELLERS,
    PLANNING_HEADS,
    TRAVEL_VERBS,
)
from pipelines.resolve import Actor, refers_to_pair


class MeetingRules(RuleToolkit):
    """Meeting triggers: visits, talks, summits and calls, and where they take place."""

    def _meeting_from_verb(self, verb: Token) -> list[Candidate]:
        lemma = verb.lemma_.lower()
        if lemma in ("call", "speak") and not any(c.lower_ in ("phone", "telephone") for c in verb.subtree):
            return []
        if lemma == "host" and any(c.dep_ in ("dobj", "nsubjpass") and not self.actors.actors_of(c)
                                   and c.lemma_.lower() not in MEETING_NOUNS for c in verb.children):
            return []  # "a conference hosted by Gordon Brown": an event, not a visitor
        if lemma == "host" and verb.dep_ == "acl" and verb.head.i not in self.actors.by_token:
            return []  # the same, with the event named before "hosted by"
        if lemma in ("receive", "welcome") and not any(
                self.actors.by_token.get(c.i) and self.actors.by_token[c.i].kind == "person"
                for c in verb.children if c.dep_ == "dobj"):
            return []
        if lemma == "talk" and not self._prep_args(verb, ("with",)):
            return []
        if lemma in TRAVEL_VERBS and verb.dep_ == "pcomp":
            return []  # "the link between arriving in Britain and claiming asylum": anyone, not a visit
        if lemma in TRAVEL_VERBS:
            destinations = [a for a in self._prep_args(verb, ("to", "in", "for")) if a.actor_type == "state"]
            if not destinations:
                return []
        status = self.status(verb, "held", "meeting")
        if status is None:
            return []
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in NON_STATE_TRAVELLERS for c in verb.children):
            return []  # "Brazil's football team will visit Argentina" is sport, not diplomacy
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects and not any(self._can_meet(c) for c in subjects):
            return []  # "His words met a cool reception"
        if lemma == "meet" and any(c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i not in self.actors.by_token
                                   and c.lemma_.lower() not in AGENT_NOUNS for c in verb.children):
            return []  # "he had met his golden rule", "met the targets"
        first = self._subject(verb)
        second = self._args(verb, ("dobj",)) + self._prep_args(verb, ("with", "to"))
        if lemma in ("host", "receive", "welcome"):
            first, second = second, first
        if not second:
            second = self._places(verb)
        if lemma in ("visit", "tour"):
            # "will visit an orphanage in Tanzania and a credit union in Mozambique": each place is a visit
            for obj in (c for c in verb.children if c.dep_ == "dobj"):
                for tok in obj.subtree:
                    if tok.dep_ == "prep" and tok.lower_ in ("in", "at"):
                        second += [a for a in self._prep_args(tok.head, (tok.lower_,)) if a not in second]
        kind = MEETING_VERBS[lemma]
        if "sidelines" in self.doc.text.lower():
            kind = "sidelines"
        # "will visit Africa": a named place we cannot place in one state is not the article's other side
        named_elsewhere = any(c.dep_ == "dobj" and c.pos_ in ("PROPN", "NOUN") and not self.actors.actors_of(c)
                              for c in verb.children)  # also "visit the Pakistani community in Manchester"
        named_elsewhere = named_elsewhere or self._unplaced_party(verb)
        return self._meetings(first, [s for s in second if s not in first], verb, kind, status,
                              stand_in=not named_elsewhere)

    def _can_meet(self, token: Token) -> bool:
        return (token.i in self.actors.by_token or token.pos_ in ("PRON", "PROPN")
                or token.lemma_.lower() in AGENT_NOUNS)

    def _meeting_from_noun(self, noun: Token) -> list[Candidate]:
        head = noun.head
        lemma = noun.lemma_.lower() if noun.lemma_.lower() in MEETING_NOUNS else noun.lower_
        if lemma == "call" and not any(c.lower_ in ("phone", "telephone") for c in noun.children):
            return []
        if lemma == "talk" and noun.lower_ != "talks":
            return []
        hlemma = head.lemma_.lower()
        status = "held"
        if head.pos_ == "VERB" and noun.dep_ in ("dobj", "nsubjpass"):
            if hlemma in ("hold", "have", "conduct", "open", "begin", "start", "attend", "host", "make", "pay"):
                status = self.status(head, "held", "meeting")
            elif hlemma in PLANNING_HEADS:
                status = self.status(noun, "planned", "meeting") if PLANNING_HEADS[hlemma] == "refused" else (
                    "cancelled" if PLANNING_HEADS[hlemma] == "cancelled" else "planned")
            else:  # "agreed to resume summit meetings"
                status = self.status(head, "held", "meeting")
        elif noun.dep_ == "pobj":  # "wants to press ahead with talks", "a date for the beginning of negotiations"
            status = self.status(noun, "held", "meeting") or "held"
        if any(c.dep_ == "amod" and c.lower_ in ("planned", "upcoming", "forthcoming", "proposed", "next")
               for c in noun.children):
            status = "planned"
        if noun.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
            # "The meeting is due to take place", "talks will resume": the meeting's own verb says when
            scheduled = any(c.dep_ in ("acomp", "xcomp") and c.lemma_.lower() in PLANNING_HEADS
                            for c in head.children)
            governed = self.status(head, "held", "meeting") if head.lemma_.lower() != "be" else None
            if scheduled:
                status = "planned"
            elif governed in ("planned", "cancelled"):  # not "the meeting was not merely a formality"
                status = governed
        if status is None:
            return []
        owners = [a for c in noun.children if c.dep_ in ("poss",) for a in self.actors.actors_of(c)]
        if not owners and head.pos_ == "VERB" and noun.dep_ in ("dobj", "attr"):
            owners = self._subject(head)
        partners = self._prep_args(noun, ("with", "to", "between", "in", "by")) + [
            a for c in noun.children if c.dep_ in ("amod", "compound", "nmod") for a in self.actors.actors_of(c)]
        if head.pos_ == "VERB" and noun.dep_ == "dobj":
            partners += self._prep_args(head, ("with", "to", "in"))
        accession = []
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("on", "about", "over")):
            # "talks on Russia's membership of the WTO": between the applicant and the body it would join
            for topic in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in ACCESSION_NOUNS):
                accession += self.actors.actors_of(topic) + self._prep_args(topic, ("of", "to", "in"))
        partners += accession
        if not partners:
            partners = self._places(noun)
        kind = MEETING_NOUNS.get(lemma, "other")
        if "sidelines" in self.doc.text.lower():
            kind = "sidelines"
        between = self._prep_args(noun, ("between",)) or accession
        if not owners and not between and len({a.code for a in partners if a.code}) >= 2:
            # "talks with Russia and Saudi Arabia": each talks with someone unnamed, not with each other
            return []
        everyone = owners + [p for p in partners if p not in owners]
        if kind == "visit" and len({a.code for a in everyone if a.code}) < 2:
            return self._visit_in_place(noun, owners, status)
        if len({a.code for a in everyone if a.code}) < 2 and not refers_to_pair(self._span_text(noun, 200)):
            return []  # "the talks" alone, with one side named, does not say who met whom
        return self._meetings(everyone[:1], everyone[1:], noun, kind, status, conf_penalty=0.05)

    def _visit_in_place(self, noun: Token, visitors: list[Actor], status: str) -> list[Candidate]:
        """"Mr Snow, who is in Dublin at the start of a four-nation EU visit": the clause says where."""
        clause = noun
        for _ in range(4):
            if clause.pos_ in ("VERB", "AUX") or clause.head is clause:
                break
            clause = clause.head
        if clause.pos_ not in ("VERB", "AUX"):
            return []
        hosts = self._places(clause, ("in", "to"))
        visitors = visitors or [v for v in self._subject(clause) if v.code]
        if not hosts or not visitors:
            return []
        if status == "held":
            status = self.status(clause, "held", "meeting") or "held"
        return self._meetings(visitors[:1], [h for h in hosts if h not in visitors], noun, "visit", status,
                              conf_penalty=0.1)

    def _meetings(self, first, second, trigger: Token, kind: str, status: str,
                  conf_penalty: float = 0.0, stand_in: bool = True) -> list[Candidate]:
        rows = []
        clause = trigger.head if trigger.pos_ == "NOUN" else trigger
        if status == "held" and FUTURE_TIME.search(self.doc[clause.left_edge.i: clause.right_edge.i + 1].text):
            status = "planned"  # "when Britain chairs the G8 summit next year"
        participants = "; ".join(sorted({a.name for a in first + second if a.actor_type == "person"})) or None
        for a, b, conf in self._pair(first, second, trigger, stand_in=stand_in):
            fields = {"meeting_kind": kind, "status": status, "participants": participants,
                      "location": self._location(trigger)}
            date, _ = self._date(trigger)
            key = ("meeting", _unordered(a.code, b.code), date and (date.year, date.month), _status_class(status))
            rows.append(self._candidate("fact_meeting", a, b, fields, conf - conf_penalty, trigger, key))
        return rows
