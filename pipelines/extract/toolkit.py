"""What every event rule needs: a sentence's arguments, its subject, status from negation and modality,
dates, and the pair of sides (with the article's other main party as stand-in where the text allows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.tokens import Doc, Token

from pipelines.extract.rows import Candidate
from pipelines.extract.values import resolve_date
from pipelines.extract.vocabulary import BUSINESS_TITLES, FUTURE_MODALS, OBJECT_CONTROL, PLANNING_HEADS
from pipelines.resolve import Actor, DocumentContext, SentenceActors, refers_to_pair, state_actor

NESTED_PARTY_KINDS = {"name", "demonym", "bloc", "organization", "capital"}


class RuleToolkit:
    """Shared helpers of the per-table rules; `SentenceRules` combines the rules over one sentence."""

    doc: Doc
    actors: SentenceActors
    context: DocumentContext
    offset: int
    published: dt.date | None
    used_nouns: set[int]
    lex: Any  # the resolver's Lexicon: agencies and their attribution patterns

    def _args(self, verb: Token, deps: tuple[str, ...]) -> list[Actor]:
        result: list[Actor] = []
        for child in verb.children:
            if child.dep_ in deps:
                result.extend(self.actors.actors_of(child))
        return result

    def _prep_args(self, head: Token, preps: tuple[str, ...]) -> list[Actor]:
        result: list[Actor] = []
        for child in head.children:
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp"):
                        result.extend(self.actors.actors_of(pobj))
            elif child.dep_ == "dative" and child.lower_ not in ("to", "for"):
                result.extend(self.actors.actors_of(child))
        return result

    def _subject(self, verb: Token, depth: int = 0) -> list[Actor]:
        subj = self._args(verb, ("nsubj",))
        if not subj and verb.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and c.lower_ in ("who", "which", "that") for c in verb.children):
            subj = self.actors.actors_of(verb.head)  # "Putin, who visited India": the relative's antecedent
        if not subj and verb.dep_ == "conj" and verb.head is not verb and depth < 3:
            return self._subject(verb.head, depth + 1)  # "urged them to write off debt and provide aid"
        if not subj and verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and depth < 3:
            return self._subject(verb.head.head, depth + 1)  # "he is due to meet", "is ready to sign"
        if not subj and verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "ccomp"):
            head = verb.head
            # "praised Japan for sending": the object of the governing verb acted.
            if verb.dep_ == "pcomp":
                head = verb.head.head
                subj = self._args(head, ("dobj",)) or self._args(head, ("nsubj",))
            elif verb.dep_ == "acl":
                # "G7 ministers backed plans to write off debt": the infinitive's agent is the backer.
                infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                noun = verb.head
                owners = [a for c in noun.children if c.dep_ == "poss" for a in self.actors.actors_of(c)]
                if infinitive and owners:
                    subj = owners  # "GM's decision to buy 20% of Fiat", "Russia's offer to build"
                elif infinitive and noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and depth < 3:
                    subj = self._subject(noun.head, depth + 1)
                else:
                    subj = []
            elif verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL and any(
                    c.dep_ == "dobj" for c in head.children):
                subj = self._args(head, ("dobj",))  # "urged the finance chiefs to write off": never the urger
            else:
                subj = self._args(head, ("nsubj",)) or self._args(head, ("nsubjpass",))
                if not subj and depth < 3 and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                    # "prepared to head to Brussels to meet Bush": the subject sits further up the chain
                    subj = self._subject(head, depth + 1)
        if not subj:
            subj = self._prep_args(verb, ("by",))
        return subj

    def _span_text(self, token: Token, limit: int = 120) -> str:
        left = token.left_edge.i
        words = [t for t in self.doc[left: token.right_edge.i + 1]]
        while words and words[0].dep_ in ("det", "poss", "case") or (words and words[0].is_punct):
            words = words[1:]
        text = "".join(t.text_with_ws for t in words).strip()
        return text[:limit].rstrip()

    def status(self, trigger: Token, default: str, table: str) -> str | None:
        """Status from negation, modality and the verbs that govern the trigger; None drops the mention."""
        negated = any(c.dep_ == "neg" for c in trigger.children)
        head = trigger
        governing: str | None = None
        for _ in range(3):
            if head.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
                break  # "Germany proposed a freeze and Canada has begun its own": a clause of its own
            if head.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "nsubjpass", "advcl", "acomp", "pcomp", "prep",
                             "attr", "conj", "acl") and head.head is not head:  # acl: "its plan to buy the LSE"
                head = head.head
                lemma = head.lemma_.lower()
                if lemma in PLANNING_HEADS and head.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                    governing = PLANNING_HEADS[lemma]
                    negated = negated or any(c.dep_ == "neg" for c in head.children)
                    break
            else:
                break
        modal = any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in trigger.children)
        if head is not trigger:
            modal = modal or any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in head.children)
        to_be_future = any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and any(
            c.lemma_ == "be" for c in trigger.head.children) and trigger.dep_ == "xcomp"
        # A bare infinitive ("plans, backed by the UK, to lift the embargo") has not happened yet.
        infinitive = trigger.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
        future = modal or to_be_future or governing == "planned" or (infinitive and governing is None)
        if table == "meeting":
            if negated or governing == "refused":
                return "refused"
            if governing == "cancelled":
                return "cancelled"
            if future or governing in ("proposed", "called_for", "threatened", "agreed", "pledged"):
                return "planned"  # "agreed to resume summit meetings" has not met yet
            return default
        if table == "deal":
            firm = any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in trigger.children) \
                or to_be_future or (infinitive and governing is None)
            if default == "completed" and governing == "proposed":
                return "proposed"  # "has bid $800m to buy", "is looking to buy"
            if default == "completed" and firm and governing in (None, "agreed") and not negated:
                return "agreed"  # "X is to buy Y", "X will spend $3bn to buy Y": an announced, agreed purchase
            if governing == "refused" or (negated and default in ("signed", "agreed", "completed")):
                return "rejected"
            if governing in ("proposed", "called_for"):
                return "proposed"
            if governing == "cancelled":
                return "cancelled"
            if governing == "agreed" and default in ("signed", "completed"):
                return "agreed"
            if future or governing in ("planned", "threatened", "pledged"):
                return "planned" if default in ("signed", "agreed", "completed") else default
            return default
        if table == "gift":
            if negated or governing == "refused":
                return "refused"
            if governing in ("pledged", "agreed") or (modal and governing is None):
                return "pledged"  # "agreed to provide", "its decision to donate"
            if future or governing in ("proposed", "called_for", "threatened"):
                return "planned"
            return default
        if table == "sanction":
            if negated and default in ("imposed", "extended"):
                return None
            if default == "lifted" and (future or governing is not None or negated):
                return "in_force"  # a promise or call to lift means the measure still stands
            if governing == "threatened" or (modal and default == "imposed"):
                return "threatened"
            if governing == "called_for":
                return "called_for"
            if governing in ("planned", "proposed") and default == "imposed":
                return "threatened"
            return default
        return default

    def _date(self, trigger: Token) -> tuple[dt.date | None, str | None]:
        for tok in trigger.subtree:
            if tok.ent_type_ == "DATE":
                ent = next((e for e in self.doc.ents if e.start <= tok.i < e.end), None)
                if ent is not None:
                    return resolve_date(ent.text, self.published)
        for child in trigger.head.children if trigger.dep_ != "ROOT" else []:
            if child.ent_type_ == "DATE":
                ent = next((e for e in self.doc.ents if e.start <= child.i < e.end), None)
                if ent is not None:
                    return resolve_date(ent.text, self.published)
        return None, None

    def _pair(self, first: list[Actor], second: list[Actor], trigger: Token, stand_in: bool = True
              ) -> list[tuple[Actor | None, Actor | None, float]]:
        """Pairs of different coded sides; falls back to the article's main pair where the text points to it."""
        first = [a for a in first if a.code]
        second = [a for a in second if a.code]
        pairs = []
        if first and second:
            for a in first:
                for b in second:
                    if a.code != b.code:
                        pairs.append((a, b, 0.9))
            if pairs:
                return pairs
            return []  # both sides named and of one state ("Rosneft agreed to merge with Gazprom"): domestic
        if (len(first) >= 2 and not second) or (len(second) >= 2 and not first):
            # "France, Germany and Italy signed", "the sale of Britain's Jaguar to India's Tata":
            # one row per pair of the parties.
            distinct = list({a.code: a for a in first or second}.values())
            if len(distinct) >= 2:
                return [(a, b, 0.85) for i, a in enumerate(distinct) for b in distinct[i + 1:]]
        sentence_text = self.doc.text
        known = first or second
        if refers_to_pair(self._span_text(trigger.head, 400) + " " + sentence_text):
            pair = self.context.pair_referent()
            # "The two leaders last met in Caracas": the pair, where what is named agrees with it
            if pair and all(k.code in pair for k in known):
                return [(state_actor(pair[0]), state_actor(pair[1]), 0.6)]
        if len(known) == 1 and stand_in:
            other = self.context.counterpart(known[0].code)
            if other:
                stand_in = state_actor(other)
                return [(first[0], stand_in, 0.55)] if first else [(stand_in, second[0], 0.55)]
        return []

    def _candidate(self, table: str, a: Actor | None, b: Actor | None, fields: dict[str, Any], conf: float,
                   trigger: Token, key: tuple) -> Candidate:
        date, precision = self._date(trigger)
        fields.setdefault("event_date", date)
        fields.setdefault("date_precision", precision if date else None)
        return Candidate(table, a, b, fields, self.offset, self.offset + len(self.doc.text), conf,
                         trigger.text, key, (self.offset, trigger.i))

    def _unplaced_party(self, verb: Token, noun: Token | None = None) -> bool:
        """The other side is named but we cannot tell its state ("LNM Holdings merged with ...", "is meeting
        Ms Furse"): then the article's other main state is no stand-in for it."""
        slots = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubj", "nsubjpass")]
        for prep in [c for c in [*verb.children, *(noun.children if noun is not None else [])]
                     if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "from", "to", "by", "of")]:
            slots += [c for c in prep.children if c.dep_ == "pobj"]
        for slot in slots:
            if slot.ent_type_ in ("ORG", "PERSON") and not any(a.code for a in self.actors.actors_of(slot)):
                # A person with a public title ("senator John McCain") is a state's, probably the other side's.
                titled = any(t.lower_ in self.lex.title_words and t.lower_ not in BUSINESS_TITLES
                             for t in slot.subtree if t.dep_ == "compound")
                if slot.ent_type_ == "ORG" or not titled:
                    return True
        return False

    def _nested_parties(self, head: Token, with_places: bool = False) -> list[Actor]:
        """States named inside a phrase: "in Kenya's new container port". A deal's plant stands in a town
        of the host, so cities and seats count only where asked ("loans for a metro line in Hanoi")."""
        kinds = NESTED_PARTY_KINDS | ({"city", "seat"} if with_places else set())
        result = []
        for tok in head.subtree:
            if tok.i == head.i:
                continue
            mention = self.actors.by_token.get(tok.i)
            if mention and mention.actor.code and mention.kind in kinds:
                result.append(mention.actor)
        return result

    def _location(self, trigger: Token) -> str | None:
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ in ("GPE", "LOC", "FAC"):
                        ent = next(e for e in self.doc.ents if e.start <= pobj.i < e.end)
                        return ent.text
        return None

    def _places(self, token: Token, preps: tuple[str, ...] = ("in", "at", "to")) -> list[Actor]:
        """Capitals and countries in "in"/"at" phrases: "talks in Beijing" makes China a party."""
        result = []
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                result.extend(self._prep_args(token, (child.lower_,)))
        return [a for a in result if a.actor_type in ("state",) or a.code]

    def _diplomatic_ties(self, verb: Token) -> tuple[Token, list[tuple[Actor | None, Actor | None, float]]] | None:
        """The "relations"/"ties" a verb restores or cuts, with the pairs of states they are between."""
        ties = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                     and c.lemma_.lower() in ("relation", "relations", "tie", "ties")), None)
        if ties is None or not any(t.lower_ in ("diplomatic", "relations", "ties") for t in ties.subtree):
            return None
        if ties.lemma_.lower() in ("relation", "relations") and not any(
                c.lower_ in ("diplomatic", "full", "formal") for c in ties.children) and verb.lemma_.lower() in (
                "cut", "break", "suspend", "resume"):
            return None  # "cut industrial relations", "resumed relations with the union"
        subjects = [a for a in self._subject(verb) if a.code]
        others = self._prep_args(verb, ("with",)) + self._prep_args(ties, ("with", "between"))
        others = [a for a in others if a.code and a not in subjects]
        self.used_nouns.add(ties.i)
        return ties, self._pair(subjects, others, verb, stand_in=False)
