"""One engine for every event table: find triggers, fill their roles from the parse, decide the status,
pair the sides.

Frames (`frames/*.yaml`) say which lemma starts which event and which slots fill which role; this module
says once, for every table, what a slot is (`Slots`), how a noun finds its support verb ("held talks",
"imposed sanctions on"), how coordination, passives and control are read, and how sides become pairs
(every pair of three or more parties named together; the article's other main state as stand-in only
where the text allows it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipelines import reference
from pipelines.extract import status as status_mod
from pipelines.extract.frames import NO_ROLE, PREPOSITIONS, Frame, Slot, Support, TableFrames, all_frames
from pipelines.extract.values import _status_class as status_class
from pipelines.extract.vocabulary import (
    AGENT_NOUNS,
    BUSINESS_TITLES,
    CURRENCY,
    OBJECT_CONTROL,
    SCALE,
    engine_lexicon,
)
from pipelines.resolve import (
    ALL_MECHANISMS,
    STAND_IN_WEIGHT,
    Actor,
    DocumentActors,
    Mechanisms,
    refers_to_pair,
    state_actor,
    title_words,
    treaty_name_words,
)

# Prepositions that make a noun an adjunct of another clause: "during a phone call, Biden assured ...".
ADJUNCT_PREPS = {"during", "after", "before", "at", "ahead", "following", "amid", "on", "in", "since", "prior",
                 "throughout", "via", "by"}
# A noun trigger reached through one of these is what its verb does: "agreed on a deal", "took part in talks",
# "warned of sanctions"; "is under US sanctions" (the verb must be a support of the table that takes "under").
PHRASAL_PREPS = {"on", "in", "into", "to", "for", "with", "of", "under"}
PLACE_KINDS = {"name", "capital", "city", "seat"}
LOCATIVE_PREPS = {"in", "at", "across", "throughout", "inside", "within", "under"}
# Nouns that hold an event noun in their "of" phrase: "a package of sanctions", "a tranche of its loan"; and spans of
# time (issue-10ay): "held two days of talks with", "after weeks of negotiations".
CONTAINER_NOUNS = {"package", "set", "series", "round", "session", "raft", "wave", "line", "tranche", "batch", "range",
                   "number", "list", "host", "slew", "string", "pair", "bundle", "portfolio", "programme",
                   "program", "total", "sum", "minute", "hour", "day", "week", "month", "year", "decade"}
# Nouns that name a support verb's act: "the lifting of the embargo" is lifting it.
NOMINAL_SUPPORT = {"lifting": "lift", "easing": "ease", "imposition": "impose", "signing": "sign",
                   "removal": "remove", "extension": "extend", "renewal": "renew", "holding": "hold",
                   "conclusion": "conclude", "ratification": "ratify", "suspension": "suspend",
                   "cancellation": "cancel", "approval": "approve", "adoption": "adopt", "tightening": "tighten",
                   "relaxation": "relax", "introduction": "introduce", "announcement": "announce",
                   "resumption": "resume", "restoration": "restore", "establishment": "establish",
                   "delivery": "deliver", "provision": "provide", "completion": "complete", "end": "end"}
NESTED_KINDS = {"name", "demonym", "bloc", "organization", "capital"}
# Pronouns that open a relative clause and stand for its antecedent.
RELATIVE_PRONOUNS = {"which", "that", "whom", "who"}
# Words that pick members out of a noun's "of" phrase: "one of the largest donors".
PARTITIVES = {"one", "some", "each", "among"}
# Clauses that say what must happen first: "will not end the embargo until Iran accepts inspections".
CONDITION_MARKS = {"until", "unless", "till"}
# Phrases of an agreed act that name who it is done to or with: "agreed to open its ports to Greek ships".
AGREED_ACT_PREPS = {"to", "for", "with", "from", "against", "toward", "towards"}
# Subjects that are people or bodies, for verbs that need someone to act ("His words met a cool reception").
SUBJECT_POS = ("PRON", "PROPN")


@dataclass
class Discourse:
    """What the rows of earlier sentences established, for the sentences after them. The engine updates it
    after each sentence; frames and predicates only read it."""

    last_pair: tuple[str, str] | None = None  # the two sides of the latest meeting or deal
    last_pair_sentence: int | None = None  # where that meeting or deal was told (its sentence's first token)
    story_target: str | None = None  # whom the latest sanction was aimed at
    debt_relief: bool = False  # the article has spoken of relief on debts ("Norway has started a moratorium of its own")
    story_imposer: str | None = None  # who imposed the latest sanction ("Russia is extending its ban ... The embargo")
    # table -> the two sides of its latest event and where it was told, for "the deal" pointing back to it
    last_event: dict[str, tuple[str, str, int, str | None]] = field(default_factory=dict)
    # table -> the two sides of its latest mention that told no status ("A deal bringing X closer to Y is ..."),
    # and where, for a later "The deal, struck at Y's summit" that names one of them (issue-10aw's miss)
    last_unasserted: dict[str, tuple[str, str, int]] = field(default_factory=dict)

    def unasserted(self, table: str, codes: list[str], sentence: int) -> None:
        """A mention of the table's event with exactly two sides and no status of its own."""
        if len(codes) == 2:
            self.last_unasserted[table] = (codes[0], codes[1], sentence)

    def after(self, table: str, a: str | None, b: str | None, sentence: int | None = None,
              status: str | None = None) -> None:
        if a and b and a != b and sentence is not None:
            self.last_event[table] = (a, b, sentence, status)
        if table in ("fact_meeting", "fact_deal") and a and b and a != b:
            self.last_pair = (a, b)
            self.last_pair_sentence = sentence
        if table == "fact_sanction" and b:
            self.story_target = b
        if table == "fact_sanction" and a:
            self.story_imposer = a


@dataclass
class Match:
    """One trigger of one frame in one sentence, with what the engine has read around it."""

    tables: TableFrames
    frame: Frame
    trigger: Token
    clause: Token  # the word whose clause carries the status: the verb, or the noun's support verb
    actors: DocumentActors  # the document's actors (every match the engine makes carries them)
    support: Support | None = None
    adjunct_head: Token | None = None  # the verb a noun trigger is an adjunct of
    governor: Token | None = None  # the verb that governs a noun trigger ("weighs sanctions", "proposed a deal")
    roles: dict[str, list[Actor]] = field(default_factory=dict)
    joint_roles: set[str] = field(default_factory=set)  # roles filled by coordinated parties to each other
    fallback_roles: set[str] = field(default_factory=set)  # roles only a fallback slot filled
    slot_of: dict[Actor, str] = field(default_factory=dict)  # the slot each actor was found in
    reading: status_mod.Modality | None = None
    status: str | None = None
    discourse: Discourse = field(default_factory=Discourse)
    # issue-10az: the pairs of the talks a noun is the topic of, which are its own (`Engine._read_as_topic`)
    given_pairs: list[tuple[Actor | None, Actor | None, float]] | None = None

    @property
    def table(self) -> str:
        return self.frame.table

    @property
    def sent(self) -> Span:
        return self.trigger.sent

    def side(self, role: str) -> list[Actor]:
        return self.roles.get(role, [])


def object_dep(verb: Token) -> str:
    """The dependency that holds what a verb acts on: its subject in the passive, else its object."""
    return "nsubjpass" if is_passive(verb) else "dobj"


def is_passive(verb: Token) -> bool:
    """"was signed by", "was negotiated and signed by" (an agent makes a verb passive), and the participle
    of "an agreement signed by both sides"."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")


class Slots:
    """What each slot name of the frames means, over one document's actors."""

    def __init__(self, actors: DocumentActors, discourse: Discourse | None = None):
        self.actors = actors
        self.discourse = discourse or Discourse()

    def actors_of(self, token: Token) -> list[Actor]:
        mention = self.actors.mention_at(token.i)
        if mention is not None and mention.kind == "pair" and self.discourse.last_pair:
            # "The two leaders last met in Caracas": the pair of the latest meeting or deal written about
            return [state_actor(code) for code in self.discourse.last_pair]
        found = self.actors.actors_of(token) or self.named_members(token)
        rest = split_list_rest(token)
        if found and rest is not None:
            found = found + [a for a in self.actors.actors_of(rest) if a not in found]
        return found

    def named_members(self, group: Token) -> list[Actor]:
        """"Donors including Denmark and Norway pledged": a group noun with no actor of its own stands for the
        members its "including" phrase names (lexicon `group_nouns`; issue-10as)."""
        if group.pos_ != "NOUN" or group.lemma_.lower() not in engine_lexicon().group_nouns:
            return []
        members = [m for p in group.children if p.dep_ == "prep" and p.lower_ == "including"
                   for m in p.children if m.dep_ == "pobj"]
        found: list[Actor] = []
        for member in members:
            found += [a for a in self.actors.actors_of(member) if a not in found]
        return found

    # -- slots that name parties ----------------------------------------------------------------

    def fill(self, match: Match, slot: Slot) -> list[Actor]:
        """The actors one slot names for one match (a preposition's slot: its objects)."""
        reader = getattr(self, f"_slot_{slot.name}", None)
        return reader(match) if reader is not None else self.prep_objects(match, slot.name)

    def _slot_subject(self, match: Match) -> list[Actor]:
        trigger = match.trigger
        if match.frame.pos == "verb":
            return self.subject(trigger)
        # "the EU is weighing sanctions on Iran": whoever weighs them; "the loan China granted": who granted it
        # "the accord was signed by Iran and the US": the passive support verb's agents, parties to each other
        carried = match.clause is not trigger and (trigger.dep_ not in ("nsubj", "nsubjpass")
                                                   or match.clause.head.i == trigger.i
                                                   or (trigger.dep_ == "nsubjpass" and match.support is not None))
        clause = match.clause if carried else match.governor
        if clause is not None and clause.pos_ == "NOUN":  # "Seoul's rejection of a summit"
            return [a for c in clause.children if c.dep_ == "poss" for a in self.actors_of(c)]
        return self.subject(clause) if clause is not None else []

    def _slot_object(self, match: Match) -> list[Actor]:
        return [a for t in self.object_tokens(match) for a in self.actors_of(t)]

    def _slot_verb_object(self, match: Match) -> list[Actor]:
        """"threatened Tehran with sanctions": the object of the verb that carries a noun, never the noun
        itself (tokens compared by index: spaCy makes a new Token on each access)."""
        if match.frame.pos != "noun" or match.clause is match.trigger:
            return []
        verb = match.clause
        objects = verb_objects(verb, object_dep(verb))
        return [a for o in objects if o.i != match.trigger.i for a in self.actors_of(o)]

    def _slot_object_of(self, match: Match) -> list[Actor]:
        """"write off the debts of Iraq", "Cuba's debt", "the debts owed by Zambia"."""
        objects = self.object_tokens(match)
        found = [a for t in objects for p in ("of", "for") for a in self.prep_actors(t, p)]
        found += [a for t in objects for c in t.children if c.dep_ == "poss" for a in self.actors_of(c)]
        found += [a for t in objects for c in t.children if c.dep_ == "acl" for a in self.prep_actors(c, "by")]
        return found

    def _slot_dative(self, match: Match) -> list[Actor]:
        trigger = match.trigger
        if match.frame.pos == "noun" and match.clause is not trigger:
            if trigger.dep_ == "dobj" and is_passive(match.clause):
                # "Burren was awarded two contracts": Burren receives them
                return [a for c in match.clause.children if c.dep_ == "nsubjpass" for a in self.actors_of(c)]
            return self._datives(match.clause)  # "offered Bangladesh a deal"
        return self._datives(trigger) or self.passive_recipients(trigger)

    def passive_recipients(self, verb: Token) -> list[Actor]:
        """"Ruritania was given ten trucks by Freedonia", "was granted $300m": a passive verb that keeps a
        direct object made its dative the subject (issue-10as)."""
        if not is_passive(verb) or not any(c.dep_ == "dobj" for c in verb.children):
            return []
        return [a for c in verb.children if c.dep_ == "nsubjpass" for a in self.actors_of(c)]

    def _datives(self, head: Token) -> list[Actor]:
        found = [a for c in head.children if c.dep_ in ("dative", "iobj") and c.lower_ not in ("to", "for")
                 for a in self.actors_of(c)]
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if not found and len(objects) >= 2:
            # "offered Jordan 20 million pounds": the parser makes both objects direct; the first is the dative
            # (issue-10ao)
            found = self.actors_of(objects[0])
        return found

    def _slot_owner(self, match: Match) -> list[Actor]:
        return [a for c in match.trigger.children if c.dep_ == "poss" for a in self.actors_of(c)]

    def _slot_modifier(self, match: Match) -> list[Actor]:
        return [a for c in modifiers(match.trigger) for a in self.actors_of(c)]

    def _slot_party_modifier(self, match: Match) -> list[Actor]:
        """The `modifier` slot, less a lone place that names the event: "the Kyoto protocol", "the Paris
        agreement" (no party is Japan or France); two places joined are parties ("the Washington-Moscow
        agreement")."""
        found = self._slot_modifier(match)
        if named_places(match.trigger, self.actors) and len({a.code for a in found}) == 1:
            return []
        return found

    def _slot_place(self, match: Match) -> list[Actor]:
        """"talks in Beijing", and the place of what is visited: "visited slums in Nairobi"; not the city a
        bloc or an international body meets in ("at their meeting in London, G7 ministers")."""
        if any(a.actor_type in ("bloc", "igo") for role in match.roles.values() for a in role):
            return []
        objects = [o for t in self.object_tokens(match) for o in (t, *t.conjuncts)]
        found = [a for p in ("in", "at", "to") for a in self.prep_objects(match, p)]
        found += [a for h in objects for p in ("in", "at") for a in self.prep_actors(h, p)]
        return [a for a in found if a.actor_type == "state" and a.code]

    def _slot_nested(self, match: Match) -> list[Actor]:
        return self.nested(match.trigger, self.others_events(match))

    def others_events(self, match: Match) -> frozenset[int]:
        """Tokens of another event of the trigger's table, inside its phrase, that names its own doer: in
        "compared X's attempt to take over Y to a similar bid by Shell for Woodside", Shell's bid and its
        target are no side of the takeover."""
        skip: set[int] = set()
        for tok in match.trigger.subtree:
            if tok.i == match.trigger.i or tok.i in skip or tok.pos_ != "NOUN" \
                    or not match.tables.frames_for(tok.lemma_.lower(), "noun"):
                continue
            doers = [c for c in tok.children if c.dep_ == "poss"]
            doers += [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                      for p in c.children if p.dep_ == "pobj"]
            if any(a.code for d in doers for a in self.actors_of(d)):
                skip |= {t.i for t in tok.subtree}
        return frozenset(skip)

    def _slot_preceding(self, match: Match) -> list[Actor]:
        return self.preceding(match)

    def _slot_governing_subject(self, match: Match) -> list[Actor]:
        trigger = match.trigger
        if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" and trigger.head.head.lower_ in PARTITIVES:
            trigger = trigger.head.head  # "Germany is one of the largest donors": what "one" is, the donors are
        verb = trigger.head
        if match.frame.pos != "noun" or trigger.dep_ not in ("dobj", "attr") or verb.pos_ not in ("VERB", "AUX"):
            return []
        return self.subject(verb)

    def _slot_clause_subject(self, match: Match) -> list[Actor]:
        if match.adjunct_head is None or held_by_its_own_people(match.trigger):
            return []
        return self.subject(match.adjunct_head)

    def _slot_means_subject(self, match: Match) -> list[Actor]:
        """"Ruritania responded to the flood with a donation of $5m to Freedonia", "marked the anniversary with a
        gift to": the subject of the verb whose "with" phrase is the noun, as the means of an act told by the
        verb's own object or "to" phrase, is the noun's doer (issue-10j). With neither, the noun is the verb's
        topic ("disagreed with the aid to Greece", "struggled with aid from Britain")."""
        verb = means_verb(match.trigger)
        return self.subject(verb) if verb is not None else []

    def _slot_framed_act(self, match: Match) -> list[Actor]:
        """"X lifts the blockade of Y in an agreement", "under a deal, X sold gas to Y": for a noun that frames
        its clause's act, the states and blocs that act is done to. Also (issue-10aq) what a framing verb's
        complement names ("the pact binds X to buy Y's gas") and what a framing relative clause names besides its
        subject ("a deal under which X will supply electricity to Y")."""
        if (told := self._told_content(match)) is not None:
            return told
        if not frames_its_clause(match):
            return []
        verb = match.clause
        objects = [o for o in verb_objects(verb, object_dep(verb))
                   if o.i != match.trigger.i]
        found = [a for o in objects for a in self.actors_of(o)]
        found += [a for o in objects for p in ("of", "to", "on", "against") for a in self.prep_actors(o, p)]
        found += [a for p in ("to", "with") for a in self.prep_actors(verb, p)]
        return list(dict.fromkeys(a for a in found if a.code and a.actor_type in ("state", "bloc")))

    def _slot_framing_party(self, match: Match) -> list[Actor]:
        """issue-10aq: whom a deal binds, where the deal is told through a clause: the objects of the framing verb it
        is the subject of ("the accord commits X and Y to ..."), or the subject of its framing relative clause ("a
        deal under which X will supply Y")."""
        verb = framing_verb(match)
        if verb is not None:
            return [a for t in framing_party_tokens(verb) for a in self.actors_of(t) if a.code]
        relative = relative_framing(match.trigger, match.tables) if match.frame.frames_clause else None
        return [a for a in self.subject(relative[0]) if a.code] if relative is not None else []

    def _told_content(self, match: Match) -> list[Actor] | None:
        """The coded parties a framing verb's complement or a framing relative clause names, outside the noun's own
        phrase and outside whom the verb binds or the clause's subject; None where the noun has neither."""
        if match.frame.pos != "noun" or not match.frame.frames_clause:
            return None
        verb = framing_verb(match)
        if verb is not None:
            region = {t.i for t in verb.subtree} - {t.i for t in match.trigger.subtree}
            region -= {t.i for p in framing_party_tokens(verb) for t in p.subtree}
        elif (relative := relative_framing(match.trigger, match.tables)) is not None:
            region = {t.i for t in relative[0].subtree}
            region -= {t.i for c in relative[0].children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        else:
            return None
        found = [a for m in self.actors.mentions_in(match.sent) if m.start in region for a in m.actors if a.code]
        return list(dict.fromkeys(found))

    def _slot_clause_place(self, match: Match) -> list[Actor]:
        head = match.adjunct_head
        if head is None:
            return []
        return [a for p in ("in", "at", "to") for a in self.prep_actors(head, p) if a.actor_type == "state" and a.code]

    def _slot_clause_object(self, match: Match) -> list[Actor]:
        """"Biden assured Zelensky during a call": a person as object is the other side; a state as object is
        more often the topic ("discussed Libya with Trump in a phone call")."""
        head = match.adjunct_head
        if head is None:
            return []
        objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        people = [m.actor for c in objects for m in [self.actors.mention_at(c.i)] if m is not None and m.kind == "person"]
        if match.frame.kind == "call":
            # "told the Korean president in a phone call": a person described by title and state (issue-10c); not
            # for a trip ("will not meet Japanese officials during the trip" says nothing of whom it went to)
            people += [a for c in objects if c.lemma_.lower() in AGENT_NOUNS for a in self.actors_of(c)]
        return people + self.prep_actors(head, "with") + self.prep_actors(head, "to")

    def _slot_clause_people(self, match: Match) -> list[Actor]:
        head = match.adjunct_head
        if head is None:
            return []
        own = {t.i for t in match.trigger.subtree}
        subject = set(self.subject(head))
        return [m.actor for m in self.actors.mentions_in(match.sent)
                if m.kind == "person" and m.actor.code and m.actor not in subject
                and head.left_edge.i <= m.start <= head.right_edge.i and m.start not in own]

    def _slot_beneficiary(self, match: Match) -> list[Actor]:
        return self.beneficiary(match)

    def _slot_thanker(self, match: Match) -> list[Actor]:
        return self.thanker(match.trigger)

    def _slot_destination(self, match: Match) -> list[Actor]:
        """"a shipment of medicine from Ruritania arrived in Freedonia", "supplies sent by Ruritania reached
        Freedonia": for a noun that is the subject of a verb of arriving (lexicon `arrival_verbs`), the state it
        arrived in, at or into, or the one it reached (issue-10ao)."""
        noun = match.trigger if match.frame.pos == "noun" else participle_noun(match.trigger)
        if noun is None:
            return []
        head = list_head(noun)  # "a consignment, a gift from X, landed"
        verb = head.head
        if head.dep_ != "nsubj" or verb.lemma_.lower() not in engine_lexicon().arrival_verbs:
            return []
        found = [a for o in verb_objects(verb) for a in self.actors_of(o)]
        return found + [a for p in ("in", "at", "into", "to") for a in self.prep_actors(verb, p) if a not in found]

    def _slot_described_place(self, match: Match) -> list[Actor]:
        """"Chinese-funded railway in Kenya", "schools financed by Qatar in Gaza": the place of the noun a
        participle qualifies (issue-10as)."""
        noun = participle_noun(match.trigger) if match.frame.pos == "verb" else None
        return self.prep_actors(noun, "in") if noun is not None else []

    def _slot_permitter(self, match: Match) -> list[Actor]:
        """"Ruritania said it would allow the WFP to deliver food to a million people": aid let in by a state
        goes to that state."""
        verb = match.trigger if match.frame.pos == "verb" else match.clause
        if verb.dep_ not in ("xcomp", "ccomp") or verb.head.lemma_.lower() not in engine_lexicon().permitting_verbs:
            return []
        return [a for a in self.subject(verb.head) if a.code and reference.is_state(a.code)]

    def _slot_candidate(self, match: Match) -> list[Actor]:
        """"talks on Ruritania's membership of the WTO", "on the accession of Ruritania to the EU": the state whose
        joining a body the meeting is about (issue-10al)."""
        return [a for n in _membership_nouns(match.trigger) for c in n.children
                if c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ == "of"
                for t in (c, *(o for o in c.children if o.dep_ == "pobj"))
                for a in self.actors.actors_of(t) if a.code and reference.is_state(a.code)]

    def _slot_joined(self, match: Match) -> list[Actor]:
        """The body a state joins ("membership of the WTO", "accession to the EU"): the other side of talks on it."""
        return [a for n in _membership_nouns(match.trigger) for p in n.children
                if p.dep_ == "prep" and p.lower_ in ("of", "to", "into", "in")
                for o in p.children if o.dep_ == "pobj"
                for a in self.actors.actors_of(o) if a.actor_type in ("igo", "bloc")]

    def _slot_accession_body(self, match: Match) -> list[Actor]:
        """"The bloc's ministers chose a day to open Ruritania's accession talks": talks that a membership word
        modifies ("accession talks", "membership negotiations") are with the body joined; when no slot before
        it names one, the one bloc or international organisation the sentence names; two, or none: nobody
        (issue-10ay)."""
        words = engine_lexicon().membership_nouns
        if match.frame.pos != "noun" or not any(c.dep_ in ("compound", "amod", "nmod")
                                                and c.lemma_.lower() in words for c in match.trigger.children):
            return []
        bodies = {a.code: a for m in self.actors.mentions_in(match.sent) if m.kind != "pair"
                  for a in m.actors if a.code and a.actor_type in ("igo", "bloc")}
        return list(bodies.values()) if len(bodies) == 1 else []

    def _slot_attendees(self, match: Match) -> list[Actor]:
        """"Modi, Kishida and Albanese at the Tokyo summit": a list of named people that a meeting noun
        places (a caption; the list is no subject of a verb of its own); not members at their own
        organisation's meeting ("Chirac and Schroeder at the EU summit"), whose bloc the noun names."""
        trigger = match.trigger
        prep = trigger.head
        if trigger.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("at", "during"):
            return []
        head = prep.head
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if head.dep_ in ("nsubj", "nsubjpass") or head.pos_ not in ("PROPN", "NOUN") or head.head.pos_ == "ADP":
            return []  # "farmers at the summit protested", "by fans at the summit": not a list of attendees
        if any(a.actor_type in ("bloc", "igo") for t in trigger.subtree if t is not trigger
               for a in self.actors_of(t)):
            return []
        members = (head, *head.conjuncts)
        mentions = [self.actors.mention_at(m.i) for m in members]
        if any(m is None or m.kind != "person" for m in mentions):
            return []  # leaders named one by one, not "French and German farmers"
        found: list[Actor] = []
        for member in members:
            found += [a for a in self.actors_of(member) if a.code and a not in found]
        return found

    def _slot_main_state(self, match: Match) -> list[Actor]:
        """The one state the article named most before this sentence (main clauses), never one named in the
        trigger's own phrase: the owner of a trade balance told with its partner only ("The deficit with China, up
        30% at $160bn, ..." in a story about the US trade gap; issue-10ad)."""
        weights = self.actors.context_of(match.trigger).prior_weights
        partners = {a.code for a in self.nested(match.trigger)}
        states = {c: w for c, w in weights.items()
                  if w >= STAND_IN_WEIGHT and reference.is_state(c) and c not in partners}
        if not states:
            return []
        best = max(states.values())
        top = [c for c, w in states.items() if w == best]
        return [state_actor(top[0])] if len(top) == 1 else []

    def _slot_visited(self, match: Match) -> list[Actor]:
        return self.visited(match)

    def _slot_condition_subject(self, match: Match) -> list[Actor]:
        """"will not end the embargo until Iran accepts inspections": whoever must act for a measure to end
        is the one it is aimed at."""
        taken = {a.code for role in match.roles.values() for a in role}
        found: list[Actor] = []
        for condition in (c for c in match.clause.children if c.dep_ == "advcl"
                          and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in c.children)):
            for verb in (t for t in condition.subtree if t.pos_ in ("VERB", "AUX")):
                found += [a for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for a in self.actors_of(c)
                          if a.code and a.code not in taken and a not in found]
        return found

    def _slot_story_imposer(self, match: Match) -> list[Actor]:
        """"the embargo" told again: whoever imposed the story's measure."""
        imposer = self.discourse.story_imposer
        definite = any(c.lower_ in ("the", "this", "that") for c in match.trigger.children)
        return [state_actor(imposer)] if imposer and definite else []

    def _slot_partner(self, match: Match) -> list[Actor]:
        """"after talks with Chinese envoys, who promised to finance an airport": the other side of talks told
        in the same sentence."""
        taken = [a.code for role in match.roles.values() for a in role if a.code]
        pair = self.discourse.last_pair
        if pair and taken and taken[0] in pair and self.discourse.last_pair_sentence == match.sent.start:
            return [state_actor(pair[1] if pair[0] == taken[0] else pair[0])]
        return []

    def _slot_agreed_act(self, match: Match) -> list[Actor]:
        """States the agreed act is done to or with: "agreed to open its ports to Greek ships"."""
        acts = [c for c in match.trigger.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        acts += [c for act in acts for c in act.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        found: list[Actor] = []
        for act in acts:
            if any(tables.frames_for(act.lemma_.lower(), "verb") for tables in all_frames().values()):
                continue  # "agreed to buy jets from France", "agreed to send tanks to Ukraine": an event of its own
            heads = [act, *(c for c in act.children if c.dep_ == "dobj")]
            arguments = [c for c in act.children if c.dep_ in ("dobj", "dative")]
            arguments += [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in AGREED_ACT_PREPS
                          for p in c.children if p.dep_ == "pobj"]
            found += [a for t in arguments for a in self.actors_of(t)
                      if a.code and a.actor_type in ("state", "bloc") and a not in found]
        return found

    def _slot_agreed_thing(self, match: Match) -> list[Actor]:
        """States named in the "with" phrase of what is agreed to or on: "Russia agreed to a prisoner swap with
        Ukraine" (issue-10e)."""
        things = [p for c in match.trigger.children if c.dep_ == "prep" and c.lower_ in ("to", "on")
                  for p in c.children if p.dep_ == "pobj"]
        return [a for t in things for a in self.prep_actors(t, "with") if a.code]

    def _slot_purpose(self, match: Match) -> list[Actor]:
        """States named in the purpose clause of a noun's support verb, for a side named once: "a Turkish firm won
        a tender to build an airport in Senegal"."""
        if match.frame.pos != "noun" or match.clause is match.trigger:
            return []
        if any(len({a.code for a in found if a.code}) >= 2 for found in match.roles.values()):
            return []  # "X and Y signed a deal to build a road to Z": the parties are named already
        taken = {a.code for found in match.roles.values() for a in found}
        purposes = [c for c in match.clause.children if c.dep_ in ("advcl", "xcomp") and marks_infinitive(c)]
        found: list[Actor] = []
        for purpose in purposes:
            found += [a for a in self.nested(purpose) if a.code not in taken and a not in found
                      and a.actor_type == "state"]
        return found

    def _slot_story_target(self, match: Match) -> list[Actor]:
        target = self.discourse.story_target
        taken = {a.code for role in match.roles.values() for a in role}
        return [state_actor(target)] if target and target not in taken else []

    def object_tokens(self, match: Match) -> list[Token]:
        verb = match.trigger if match.frame.pos == "verb" else match.clause
        objects = verb_objects(verb, object_dep(verb))
        if match.frame.pos == "noun":
            objects = [o for o in objects if o is not match.trigger]
        return objects

    def prep_objects(self, match: Match, prep: str) -> list[Actor]:
        found = self.prep_actors(match.trigger, prep)
        if match.frame.pos == "verb" and not found:
            # "shared evidence with their Chinese counterparts": the parser often hangs the phrase on the object
            found = [a for t in self.object_tokens(match) for a in self.prep_actors(t, prep)]
        if match.frame.pos == "noun":
            # "the freeze offered by the Paris Club", "the embargo imposed on China"
            for participle in (c for c in match.trigger.children if c.dep_ == "acl" and c.tag_ == "VBN"):
                found += self.prep_actors(participle, prep)
            # "a gift of two pandas from Ruritania", "the sale of its stake to a Freedonian firm"
            for of in (c for c in match.trigger.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in of.children if c.dep_ == "pobj"):
                    found += self.prep_actors(pobj, prep)
            if match.clause is not match.trigger:
                # "signed up to the Kyoto protocol": the verb's phrase that holds the noun itself names no side
                found += self.prep_actors(match.clause, prep, skip=match.trigger.i)
            sum_ = purpose_sum(match.trigger)
            if sum_ is not None:
                found += [a for a in self.prep_actors(sum_, prep) if a not in found]
        return found

    def prep_actors(self, head: Token, prep: str, skip: int | None = None) -> list[Actor]:
        result: list[Actor] = []
        for child in head.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ == prep:
                for pobj in child.children:
                    if pobj.dep_ in ("pobj", "pcomp") and pobj.i != skip:
                        result.extend(self.actors_of(pobj))
        return result

    def nested(self, head: Token, skip: frozenset[int] = frozenset()) -> list[Actor]:
        """States named inside a phrase: "in Kenya's new container port", "a ban on arms exports to China";
        not its own modifiers ("Western sanctions"), which are the `owner` and `modifier` slots, nor the
        tokens in `skip`."""
        own = set(skip) | {t.i for c in head.children if c.dep_ in ("poss", "amod", "compound", "nmod", "nsubj", "nsubjpass",
                                                        "csubj", "expl", "aux") for t in c.subtree}
        # "a ban by the UN on missile tests": who acts is named in the "by" phrase, never nested in the event
        own |= {t.i for c in head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by" for t in c.subtree}
        # "its founding treaty, the Rome Statute", "ratified the Paris Agreement": the city a treaty's name is named
        # after is no party (issue-10i; lexicon.yaml `treaty_name_words`)
        own |= {t.i for c in head.children if c.dep_ in ("appos", "dobj") and c.lower_ in treaty_name_words()
                for t in named_places(c, self.actors)}
        own |= self._venue(head) | self._placed_partner(head)
        tokens = list(head.subtree)
        participle = detached_participle(head)
        if participle is not None:
            tokens += list(participle.subtree)
        tokens += [t for pobj in tokens if pobj.dep_ == "pobj" and (rest := split_list_rest(pobj)) is not None
                   for t in rest.subtree]
        result = []
        for tok in tokens:
            if tok.i == head.i or tok.i in own:
                continue
            mention = self.actors.mention_at(tok.i)
            if mention and mention.actor.code and mention.kind in NESTED_KINDS and mention.actor not in result:
                result.append(mention.actor)
        return result

    def _venue(self, noun: Token) -> set[int]:
        """"agreed a nuclear deal in Vienna", "sanctions agreed at a summit in Brussels" (issue-10i): a city an event
        noun is placed in is where it happened (the row's location), no side; a state placed so may be one ("a
        stake in Greece")."""
        if noun.pos_ != "NOUN":
            return set()
        return {t.i for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                for p in c.children if p.dep_ == "pobj" and (m := self.actors.mention_at(p.i)) is not None
                and m.kind in ("capital", "city") for t in p.subtree}

    def _placed_partner(self, noun: Token) -> set[int]:
        """"a deal with rebels in Darfur", "a peace deal with the rebels in Cuba" (issue-10i): a partner named in a
        "with" phrase who is no state is only placed where the phrase says; that place is no side."""
        return {t.i for c in noun.children if c.dep_ == "prep" and c.lower_ == "with"
                for p in c.children if p.dep_ == "pobj" and not self.actors_of(p) for t in p.subtree}

    def thanker(self, trigger: Token) -> list[Actor]:
        """"Zelensky thanked Denmark for its decision to donate jets": who thanks for a gift received it."""
        head = trigger
        for _ in range(4):
            if head.lemma_.lower() == "thank" and head.pos_ == "VERB":
                return [a for a in self.subject(head) if a.code]
            if head.head is head:
                break
            head = head.head
        return []

    def visited(self, match: Match) -> list[Actor]:
        """"visited Caracas and signed several agreements": a deal or talks coordinated with a visit are
        with the host."""
        verb = match.trigger if match.frame.pos == "verb" else match.clause
        if verb is match.trigger and match.frame.pos == "noun":
            return []
        partners = [verb.head] if verb.dep_ == "conj" else []
        partners += [c for c in verb.children if c.dep_ == "conj"]
        travel = {"visit", "tour", "arrive", "travel", "fly", "head"}
        found: list[Actor] = []
        for other in partners:
            if other.lemma_.lower() in travel:
                found += [a for c in other.children if c.dep_ == "dobj" for a in self.actors_of(c)]
                found += [a for p in ("to", "in") for a in self.prep_actors(other, p)]
        return [a for a in found if a.code and a.actor_type == "state"]

    def beneficiary(self, match: Match) -> list[Actor]:
        """States named inside the trigger's (or its object's) "to", "for" and "in" phrases or its purpose
        clause: "aid for those affected in Yemen", "gave 352m euros to promote investment in Ethiopia"."""
        objects = self.object_tokens(match)
        heads = [match.trigger, *objects]
        phrases = [c for h in heads for c in h.children
                   if (c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for", "in", "into"))
                   or (c.dep_ in ("xcomp", "advcl") and any(a.lower_ == "to" for a in c.children))]
        # "returned a vase painted with a portrait of Catherine the Great to Russian officials": a "to"
        # phrase the parser hung deep inside the object
        phrases += [t for o in objects for t in o.subtree if t.dep_ == "prep" and t.lower_ == "to" and t.head is not o]
        # "provided Syrian refugees with food": the state of the people the gift reaches
        words = engine_lexicon()
        phrases += [c for o in objects if o.lemma_.lower() in words.people_nouns for c in modifiers(o)]
        found = []
        for phrase in phrases:
            landmarks = {t.i for p in phrase.subtree if p.dep_ == "prep" and p.lower_ in words.landmark_preps
                         for o in p.children if o.dep_ == "pobj"
                         for t in (o, *(t for c in o.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                                        for t in c.subtree))}
            for tok in phrase.subtree:
                if tok.i in landmarks:
                    continue
                mention = self.actors.mention_at(tok.i)
                if mention and mention.actor.code and mention.kind not in ("pronoun", "pair") \
                        and mention.actor not in found and reference.is_state(mention.actor.code):
                    found.append(mention.actor)
        return found

    def preceding(self, match: Match) -> list[Actor]:
        """The state named last before the trigger in its sentence: "Myanmar's junta ... Western sanctions";
        not a place ("In the UK, licences were refused under the embargo") nor whoever the clause above
        the trigger is about ("French calls to end the embargo")."""
        taken = {a.code for role in match.roles.values() for a in role}
        ancestors = {t.i for t in match.trigger.ancestors}
        before = []
        for m in self.actors.mentions_in(match.sent):
            token = self.actors.doc[m.end - 1]
            if m.end > match.trigger.i or m.kind in ("pair", "pronoun") or not m.actor.code \
                    or m.actor.code in taken or not reference.is_state(m.actor.code):
                continue
            if token.head.i in ancestors and token.dep_ in ("amod", "poss", "compound", "nsubj"):
                continue
            if any(a.dep_ == "prep" and a.lower_ in LOCATIVE_PREPS for a in token.ancestors
                   if a.i not in ancestors):
                continue
            before.append(m)
        code = before[-1].actor.code if before else None
        return [state_actor(code)] if code else []

    def subject(self, verb: Token, depth: int = 0) -> list[Actor]:
        """Who does what a verb says: its own subject, or whoever the clause above lends it."""
        own = self._own_subject(verb)
        if own is not None:
            return own
        if verb.dep_ == "relcl":
            return self.actors_of(verb.head)  # "Putin, who visited India": the relative's antecedent
        if verb.dep_ == "csubj" and verb.head.dep_ == "ccomp":
            return self.subject(verb.head.head, depth + 1)  # "X said acquiring Y fulfilled an objective"
        if depth >= 3 or verb.head is verb:
            return []
        return self._lent_subject(verb, depth)

    def _own_subject(self, verb: Token) -> list[Actor] | None:
        """The verb's own subject (in the passive, its "by" agents); None when it has none to give."""
        hyphened = hyphen_agent_tokens(verb)
        if hyphened:
            return [a for t in hyphened for a in self.actors_of(t)]
        if is_passive(verb):
            agents = self.prep_actors(verb, "by")
            if agents or any(c.dep_ == "nsubjpass" for c in verb.children):
                return agents
        subj = [a for c in verb.children if c.dep_ == "nsubj" for a in self.actors_of(c)]
        if subj or any(c.dep_ == "nsubj" and c.lower_ not in ("who", "which", "that") for c in verb.children):
            return subj
        visitor = self._visiting_title(verb)
        if visitor:
            return visitor
        if verb.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "csubj", "expl") for c in verb.children):
            # "USAID had announced": a name the parser hung before the verb as a modifier is its subject
            first = next((c for c in verb.children if c.i < verb.i and c.dep_ in ("advmod", "npadvmod", "dep")
                          and self.actors.mention_at(c.i) is not None and _opens_clause(c, verb)), None)
            if first is not None:
                return self.actors_of(first)
        return None

    def _visiting_title(self, verb: Token) -> list[Actor]:
        """"Visiting Indian Foreign Minister Ravi Kumar met ..." (issue-10ap): the parser reads the title word
        "Visiting" that opens the sentence as a gerund subject and the visitor as its object; the visitor is the
        subject."""
        gerund = next((c for c in verb.children if c.dep_ == "csubj" and c.tag_ == "VBG" and c.i == verb.sent.start
                       and c.lemma_.lower() == "visit"), None)
        if gerund is None:
            return []
        objects = [c for c in gerund.children if c.dep_ == "dobj"]
        people = [self.actors.mention_at(c.i) for c in objects]
        if not any(m is not None and m.actor.actor_type == "person" for m in people):
            return []  # "Visiting China is a dream": a gerund, not a title
        return [a for c in objects for a in self.actors_of(c)]

    def _lent_subject(self, verb: Token, depth: int) -> list[Actor]:
        """The subject the clause above lends a verb that has none: shared subjects, control, raising."""
        head = verb.head
        if verb.dep_ == "conj":
            return self.subject(head, depth + 1)  # "visited Caracas and signed"
        if verb.dep_ == "xcomp" and head.dep_ == "acomp":
            return self.subject(head.head, depth + 1)  # "he is due to meet", "is ready to sign"
        if verb.dep_ == "xcomp" and is_passive(head):  # "Egypt is expected to sign", "is said to have met"
            return [a for c in head.children if c.dep_ == "nsubjpass" for a in self.actors_of(c)]
        if verb.dep_ == "pcomp":
            return self._gerund_subject(verb, depth)
        if verb.dep_ == "acl":
            return self._infinitive_owner(verb, depth)
        if verb.dep_ == "xcomp" and _object_control(head):
            return [a for c in head.children if c.dep_ == "dobj" for a in self.actors_of(c)]
        if verb.dep_ in ("xcomp", "advcl", "ccomp"):
            return self.subject(head, depth + 1)
        return []

    def _gerund_subject(self, verb: Token, depth: int) -> list[Actor]:
        """Who does what a gerund after a preposition says. "Praised Japan for sending": the object of the
        governing verb; "before visiting Ghana, the chancellor met ...", "ahead of meeting X, Y said": the
        governing clause's subject, reached through the adverb of "ahead of", "prior to"."""
        prep = verb.head
        governing = prep.head
        if governing.pos_ in ("ADV", "ADJ") and governing.dep_ in ("advmod", "amod", "prep"):
            governing = governing.head
        if prep.lower_ not in engine_lexicon().time_preps:
            objects = [a for c in governing.children if c.dep_ == "dobj" for a in self.actors_of(c)]
            if objects:
                return objects
        return self.subject(governing, depth + 1)

    def _infinitive_owner(self, verb: Token, depth: int) -> list[Actor]:
        """"Russia's offer to build", "backed plans to cancel loans": the noun's owner, or the backer."""
        head = verb.head
        if not marks_infinitive(verb):
            return []
        owners = [a for c in head.children if c.dep_ == "poss" for a in self.actors_of(c)]
        if owners:
            return owners
        if head.dep_ == "dobj" and head.head.pos_ == "VERB":
            return self.subject(head.head, depth + 1)
        return []


def split_list_rest(token: Token) -> Token | None:
    """The rest of a list the parser split from its phrase: in "restricting imports from the EU, the United
    States, Canada and Norway, was instituted", "the United States, Canada and Norway" was made a second
    subject of the main verb. A list that goes on after a comma, as a second subject of a verb that already
    has one before the phrase, belongs to the phrase."""
    doc = token.doc
    end = max([token.right_edge.i, *(c.right_edge.i for c in token.conjuncts)])
    if end + 2 >= len(doc) or doc[end + 1].text != ",":
        return None
    rest = doc[end + 2]
    while rest.head is not rest and rest.head.left_edge.i == rest.i and rest.dep_ not in ("nsubj", "nsubjpass"):
        rest = rest.head
    if rest.dep_ not in ("nsubj", "nsubjpass") or rest.head.i < rest.i or not any(
            c.dep_ == "conj" for c in rest.children):
        return None
    earlier = [c for c in rest.head.children if c.dep_ == rest.dep_ and c.i < token.i]
    return rest if earlier else None


def detached_participle(noun: Token) -> Token | None:
    """A participle set off by commas after a subject noun, which the parser hung on the main verb: in "The
    embargo, restricting imports from the EU, was instituted", "restricting ..." says what the embargo does."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    after = noun.right_edge.i + 1
    if after >= len(noun.doc) or noun.doc[after].text != ",":
        return None
    return next((c for c in noun.head.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                 and c.left_edge.i == after + 1), None)


def participle_noun(verb: Token) -> Token | None:
    """"tanks supplied by Freedonia arrived in Ruritania": the noun a participle describes, whose own verb
    may tell where the goods went (issue-10as)."""
    if (verb.dep_ != "acl" or verb.tag_ != "VBN") and not hyphen_agent_tokens(verb):
        return None
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return noun.head.head  # "a shipment of wheat donated by X arrived in Y"
    return noun


def hyphen_agent_tokens(verb: Token) -> list[Token]:
    """"Japanese-funded hospitals", "EU-financed project", "US-donated vaccines": a participle that qualifies a
    noun, joined by a hyphen to the name before it, which is its agent (issue-10as)."""
    if verb.dep_ != "amod" or verb.tag_ != "VBN" or not any(c.dep_ == "punct" and c.text == "-" for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ in ("npadvmod", "compound", "nmod") and c.i == verb.i - 2]


def marks_infinitive(verb: Token) -> bool:
    """The word carries its own infinitive marker: "to guard", "to bid for"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def bare_past_participle(verb: Token) -> bool:
    """A past participle with no auxiliary of its own: "rifles supplied by X", "a truce negotiated by X" (not
    "being negotiated", "were supplied")."""
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def absolute_participle_subject(verb: Token) -> list[Token]:
    """"rifles, many of them supplied by Germany to Iraq": a past participle with no auxiliary, a "by" agent and a
    subject of its own (an absolute clause) tells what was done to that subject (issue-10av)."""
    if not bare_past_participle(verb) or not any(c.dep_ == "agent" for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ == "nsubj"]


def verb_objects(verb: Token, dep: str = "dobj") -> list[Token]:
    """What a verb acts on: its objects (`dep`); for a participle, the noun it qualifies ("the €20m allocated
    from the aid ministry"); in a relative clause whose pronoun is the object or that has none, the antecedent ("the
    tanks that Poland sent to Ukraine", "the loan China granted"); not "the country that sent tanks", where
    the pronoun is the subject."""
    if (verb.dep_ == "acl" and verb.tag_ == "VBN") or hyphen_agent_tokens(verb):
        return [verb.head]
    objects = [c for c in verb.children if c.dep_ == dep]
    if dep == "dobj" and not objects:
        objects = absolute_participle_subject(verb)  # "rifles, many of them supplied by X to Y"
    if verb.dep_ == "relcl" and dep == "dobj" and all(o.lower_ in RELATIVE_PRONOUNS for o in objects) \
            and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children):
        return [verb.head]
    return objects


def modifiers(noun: Token) -> list[Token]:
    """The words that modify a noun before it: "US sanctions", "the Kyoto protocol"."""
    return [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")]


def named_places(noun: Token, actors: DocumentActors) -> list[Token]:
    """Modifiers of a noun that name a city or capital: "the Kyoto protocol", "the Paris agreement"."""
    return [c for c in modifiers(noun) if (m := actors.mention_at(c.i)) is not None and m.kind in ("capital", "city")]


def purpose_sum(noun: Token) -> Token | None:
    """The sum an aid noun says the purpose of, whose phrases are the noun's: "got $1.5bn in aid from Ruritania"
    (the parser hangs "from" on the sum)."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "in" and (prep.head.ent_type_ == "MONEY" or counted_currency(prep.head)):
        return prep.head
    return None


def counted_currency(token: Token) -> bool:
    """A sum the entity recogniser missed, a currency noun with its number: "50 million euros", "200m yuan"
    (issue-10j: "pledged 50 million euros in aid for" hangs "for" on the sum as "$50m in aid" does)."""
    return token.lower_ in CURRENCY and token.lower_ not in ("$", "us$", "£", "€") \
        and any(c.dep_ == "nummod" and (c.like_num or c.lower_ in SCALE) for c in token.children)


def _object_control(verb: Token) -> bool:
    """"urged the ministers to cancel the loans": the object, never the urger, does it."""
    return verb.lemma_.lower() in OBJECT_CONTROL and any(c.dep_ == "dobj" for c in verb.children)


# Issue 10u (throughput): each trigger lemma's frames, table by table in the frames' order, looked up once per
# token instead of asking every table for every token.
TableTriggers = tuple[tuple[TableFrames, tuple[Frame, ...]], ...]


@dataclass(frozen=True)
class TriggerIndex:
    verbs: dict[str, TableTriggers]
    nouns: dict[str, TableTriggers]


_TRIGGER_INDEXES: dict[int, tuple[dict[str, TableFrames], TriggerIndex]] = {}


def trigger_index(frames: dict[str, TableFrames]) -> TriggerIndex:
    """The frames of each verb and noun lemma, in the order the tables and their frames come: built once per
    set of frames (once per process; again only for the altered frames of a measurement, `eval/ablate.py`)."""
    known = _TRIGGER_INDEXES.get(id(frames))
    if known is not None and known[0] is frames:
        return known[1]

    def by_lemma(pos: str) -> dict[str, TableTriggers]:
        lemmas = {lemma for tables in frames.values() for lemma in (tables.verbs if pos == "verb" else tables.nouns)}
        return {lemma: tuple((tables, tables.frames_for(lemma, pos)) for tables in frames.values()
                             if tables.frames_for(lemma, pos)) for lemma in lemmas}

    index = TriggerIndex(by_lemma("verb"), by_lemma("noun"))
    _TRIGGER_INDEXES[id(frames)] = (frames, index)
    return index


class Engine:
    """Every table's frames over one parsed document."""

    def __init__(self, actors: DocumentActors, published: dt.date | None, mechanisms: Mechanisms = ALL_MECHANISMS):
        self.actors = actors
        self.mechanisms = mechanisms
        self.discourse = Discourse()
        self.slots = Slots(actors, self.discourse)
        self.published = published
        self.frames = all_frames()
        self.triggers = trigger_index(self.frames)

    def matches(self, sent: Span) -> Iterator[Match]:
        headline = title_cased(sent)
        for tok in sent:
            pos = tok.pos_
            if pos in ("VERB", "AUX"):
                found = self.triggers.verbs.get(headline_lemma(tok) if headline else tok.lemma_.lower())
                if found:
                    yield from self._verb_matches(tok, found)
            elif pos in ("NOUN", "PROPN"):
                if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
                    continue  # "aid agency", "sanctions waivers", "trade talks": a topic, not an event
                found = self.triggers.nouns.get(headline_lemma(tok) if headline else tok.lemma_.lower())
                if found:
                    yield from self._noun_matches(tok, found)

    def _verb_matches(self, tok: Token, found: TableTriggers) -> Iterator[Match]:
        for tables, frames in found:
            if tok.dep_ in ("acl", "relcl") and tables.frames_for(tok.head.lemma_.lower(), "noun"):
                continue  # "signed a contract to sell 20 jets": the sale is the contract's, not a second deal
            if content_of_event_noun(tok, tables):
                continue  # "the agreement, in which X pledged to buy jets from Y": the purchase is the agreement's
            for frame in frames:
                if frame.particle and not _has_particle(tok, frame.particle):
                    continue
                yield Match(tables, frame, tok, tok, actors=self.actors, discourse=self.discourse)

    def _noun_matches(self, tok: Token, found: TableTriggers) -> Iterator[Match]:
        for tables, frames in found:
            for frame in frames:
                if frame.forms and tok.lower_ not in frame.forms:
                    continue
                if frame.modified_by and not any(c.dep_ in ("amod", "compound") and c.lower_ in frame.modified_by
                                                 for c in tok.children):
                    continue  # "security measures": the noun is a trigger only as a "punitive measure"
                yield self._noun_match(tables, frame, tok)

    def _noun_match(self, tables: TableFrames, frame: Frame, noun: Token) -> Match:
        support_verbs = frame.support if frame.support is not None else tables.support
        head = list_head(noun)  # "sanctions and an embargo on X"
        while head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in CONTAINER_NOUNS:
            head = head.head.head  # "imposed a package of sanctions on", "extended a line of credit to"
        verb, support, adjunct, governor = None, None, None, None
        parent = head.head
        if head.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and parent.pos_ in ("VERB", "AUX"):
            verb = parent
        elif (phrase_verb := _phrase_verb(head, support_verbs)) is not None:
            verb = phrase_verb
        elif head.dep_ == "pobj" and parent.lower_ == "of" and parent.head.pos_ == "NOUN" \
                and NOMINAL_SUPPORT.get(parent.head.lemma_.lower()) in support_verbs:
            verb = parent.head  # "the lifting of the embargo", "the signing of the treaty"
            support = support_verbs[NOMINAL_SUPPORT[verb.lemma_.lower()]]
        elif head.dep_ == "pobj":
            verb, support, adjunct, governor = _prepositional_carriers(head, frame, tables)
        elif head.dep_ in ("nsubj", "nsubjpass") and parent.pos_ in ("VERB", "AUX") and (
                (outcome := _subject_support(tables, head, parent)) is not None or parent.lemma_ != "be"):
            verb = parent  # "talks will resume", "the deal was signed"; not "the meeting was not merely ..."
            support = outcome or _framing_support(tables, frame, head, parent)
        if verb is not None and support is None and head.dep_ not in ("nsubj",):
            # "was negotiated for years and at last signed by ...": of verbs sharing the noun, the last one
            # that carries it says how far it got
            for candidate_verb in reversed([verb, *(c for c in verb.conjuncts if c.i > verb.i and not any(
                    d.dep_ in ("nsubj", "nsubjpass") for d in c.children))]):
                candidate = support_verbs.get(candidate_verb.lemma_.lower())
                if candidate is not None and (candidate.particle is None
                                              or _has_particle(candidate_verb, candidate.particle)):
                    verb, support = candidate_verb, candidate
                    break
        if support is None or told_in_own_clause(head, verb, support, tables):
            carrier = _carrying_clause(noun, support_verbs, headline=verb is None)
            if carrier is not None:
                verb, support = carrier, support_verbs[headline_lemma(carrier)]
        verb, support, adjunct = self._indirect_carrier(tables, frame, noun, (verb, support, adjunct), support_verbs)
        clause = verb if verb is not None and (support is not None or head.dep_ in ("nsubj", "nsubjpass")) \
            else noun
        if governor is None and verb is not None and support is None and head.dep_ in ("dobj", "nsubjpass") \
                and status_mod.governor_class(verb):
            governor = verb
        return Match(tables, frame, noun, clause, support=support, adjunct_head=adjunct, governor=governor,
                     actors=self.actors,
                     discourse=self.discourse)

    def _indirect_carrier(self, tables: TableFrames, frame: Frame, noun: Token,
                          found: tuple[Token | None, Support | None, Token | None],
                          support_verbs: dict[str, Support]) -> tuple[Token | None, Support | None, Token | None]:
        """issue-10aq: a noun whose verb says nothing of it may be told through a clause of its own. (b) Its relative
        clause introduced by a framing preposition ("a deal under which X will supply Y", "the agreement, in which X
        pledged ...") carries it as that preposition does (`relative_framing`). (c) A status verb above it ("the
        sanctions that X imposed on Y remain in place", "the embargo X placed on Y was lifted") gives its status,
        while its own clause, a support verb, names the sides (`_status_over_own_clause`)."""
        verb, support, adjunct = found
        if support is None and frame.frames_clause and (relative := relative_framing(noun, tables)) is not None:
            return relative[0], relative[1], relative[0]
        if support is not None and verb is not None and (own := self._status_over_own_clause(
                tables, noun, verb, support, support_verbs)) is not None:
            return own[0], own[1], adjunct
        return verb, support, adjunct

    def _status_over_own_clause(self, tables: TableFrames, noun: Token, verb: Token, support: Support,
                                support_verbs: dict[str, Support]) -> tuple[Token, Support] | None:
        """"Sanctions that Canada imposed on Iran remain in place", "the embargo the EU placed on China was lifted",
        "the deal X signed with Y collapsed": a noun whose governing verb says what became of it (a status other
        than the noun's own clause's) and whose own clause, a support verb that says it was made, names who made it:
        that clause carries the noun, with the governing verb's status. Only where the governing verb is told
        plainly ("never took effect", "will be lifted", "could collapse" keep their own reading)."""
        head = list_head(noun)
        if head.dep_ not in ("nsubj", "nsubjpass") or verb.i != head.head.i or support.status is None:
            return None
        carrier = _carrying_clause(head, support_verbs, headline=False)
        if carrier is None or carrier.i == verb.i:
            return None
        own = support_verbs[carrier.lemma_.lower()]
        if own.status is None or own.status == support.status or status_class(own.status) != "asserted":
            return None
        reading = status_mod.modality(verb, self.published)
        if reading.negated or reading.future or reading.modal or reading.conditional or reading.governor:
            return None
        return carrier, Support(own.lemma, support.status, own.subject_role, own.particle)

    # -- reading one match ----------------------------------------------------------------------

    def read(self, match: Match) -> Match | None:
        """Fill roles, check the frame's conditions, decide the status; None when the match is no event."""
        if (talks := self.talks_of_topic(match)) is not None:
            return self._read_as_topic(match, talks)
        self._fill(match)
        if not _conditions_hold(match):
            return None
        base = self._base_status(match)
        if base is None:
            if match.frame.pos == "noun" and not title_cased(match.sent):
                named = list(dict.fromkeys(a.code for role in match.roles.values() for a in role if a.code))
                self.discourse.unasserted(match.table, named, match.sent.start)
            return None
        match.reading = self._reading(match)
        match.status = status_mod.decide(match.table, base, match.reading)
        if frames_its_clause(match):
            own = _own_participle_status(match)
            if own is not None and _framed_sides_named(match):
                match.status = own
            elif not _framed_act_told(match):
                return None
        return match if match.status is not None else None

    def talks_of_topic(self, match: Match) -> Token | None:
        """issue-10az: the talks a noun trigger is the topic of, when nothing else carries it: "is in talks with X
        about a possible alliance", "held negotiations on a trade agreement" (the table's `topic_of_talks`). Not a
        noun that names sides of its own ("talks on its deal with Y", "the accord between X and Y") or is named after
        a place ("talks on the Kyoto protocol"): talks about a deal made before, or by others."""
        topic = match.tables.topic_of_talks
        if topic is None or match.frame.pos != "noun" or match.support is not None or match.governor is not None:
            return None
        noun = list_head(match.trigger)
        prep = noun.head
        if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in topic.prepositions:
            return None
        talks = prep.head
        if talks.pos_ in ("VERB", "AUX"):  # "opened negotiations with X over a contract": the phrase hangs on the verb
            talks = next((c for c in talks.children if c.dep_ in ("dobj", "nsubjpass")), talks)
        if talks.pos_ != "NOUN" or talks.lemma_.lower() not in topic.nouns:
            return None
        trigger = match.trigger
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("with", "between", "among"))
               for c in trigger.children) or named_places(trigger, self.actors):
            return None
        return talks

    def _read_as_topic(self, match: Match, talks: Token) -> Match | None:
        """A noun that is what talks are about takes the talks' pairs of sides, and the status the table gives the
        talks' own ("held" talks on a deal: under negotiation; planned talks: planned; talks refused: rejected)."""
        meetings = self.frames["fact_meeting"]
        topic = match.tables.topic_of_talks
        assert topic is not None
        for frame in meetings.frames_for(talks.lemma_.lower(), "noun"):
            if (frame.forms and talks.lower_ not in frame.forms) or frame.modified_by:
                continue
            told = self.read(self._noun_match(meetings, frame, talks))
            status = topic.status.get(told.status) if told is not None and told.status else None
            if told is None or status is None:
                continue
            pairs = [(a, b, conf) for a, b, conf in self.pairs(told) if a is not None and b is not None]
            if not pairs:
                continue
            first, second = match.tables.roles
            match.roles = {first: list(dict.fromkeys(a for a, _, _ in pairs)),
                           second: list(dict.fromkeys(b for _, b, _ in pairs))}
            match.clause = told.clause
            match.given_pairs = list(pairs)
            if not _conditions_hold(match):
                return None
            match.reading = told.reading
            match.status = status
            return match
        return None

    def _fill(self, match: Match) -> None:
        subject_role = match.support.subject_role if match.support and match.support.subject_role else None
        joint = match.frame.joint if match.frame.joint is not None else match.tables.joint
        for role, slots in match.frame.roles.items():
            if subject_role is not None:
                # A support verb that says who its subject is ("received aid", "hosted talks") moves the slot;
                # a go-between's ("brokered a deal between", frames.NO_ROLE) takes it from every role.
                slots = tuple(s for s in slots if s.name != "subject" and not go_between_agent(subject_role, s))
                if role == subject_role:
                    slots = (Slot("subject"), *slots)
            found: list[Actor] = []
            for slot in slots:
                if slot.fallback and found:
                    continue
                actors = [a for a in self.slots.fill(match, slot) if a not in found]
                if actors and slot.name in joint and len({a.code for a in actors if a.code}) >= 2:
                    match.joint_roles.add(role)
                if actors and not found and (slot.fallback or (
                        slot.name == "subject" and match.clause is match.trigger and match.governor is not None)):
                    # a fallback, or whoever merely proposes or weighs the event ("France suggested a summit
                    # between the EU and China"): a guess the named parties of the other side outrank
                    match.fallback_roles.add(role)
                for actor in actors:
                    match.slot_of.setdefault(actor, slot.name)
                found += actors
            match.roles[role] = found

    def _base_status(self, match: Match) -> str | None:
        if qualifying_participle(match):
            return match.frame.participle_status
        if match.frame.pos == "noun" and match.support is not None:
            return match.support.status or match.frame.status or match.tables.base_status
        if match.frame.pos == "noun" and match.frame.bare_status != "table":
            return match.frame.bare_status  # a frame whose noun alone asserts nothing, or something else
        if match.frame.status:
            return match.frame.status
        if match.frame.pos == "verb":
            return match.tables.base_status
        if match.tables.bare_noun_status is None and match.governor is not None:
            return match.tables.base_status  # "proposed a deal", "rejected the agreement": the governor decides
        return match.tables.bare_noun_status

    def _reading(self, match: Match) -> status_mod.Modality:
        if qualifying_participle(match) and match.trigger.head.dep_ == "pobj":
            # "hoped to help civilians under a truce negotiated by X and Y": the truce in an adjunct is taken as
            # made; the hope is not the truce's ("wants a truce negotiated by X and Y" keeps the want)
            return status_mod.Modality(negated=status_mod.is_negated(match.trigger))
        reading = status_mod.modality(match.clause, self.published)
        if match.trigger.dep_ in ("nsubj", "nsubjpass") and match.clause is not match.trigger \
                and match.support is None and match.clause.lemma_.lower() not in status_mod.OCCURRENCE_VERBS:
            # "UK aid will not take relief from Africa", "the alliance will co-ordinate the relief effort": the
            # verb says something else about the aid or the alliance; only an event in time ("the summit
            # will discuss") takes its verb's tense.
            keep_tense = match.tables.subject_tense
            reading = status_mod.Modality(**{**reading.__dict__, "negated": False,
                                             "future": reading.future and keep_tense,
                                             "modal": reading.modal and keep_tense})
        if tells_content(match):
            # "the treaty will allow X to ...", "a deal under which X will supply Y": what the deal lays down, not
            # whether it was made (issue-10aq)
            reading = status_mod.Modality(**{**reading.__dict__, "future": False})
        if match.clause is not match.trigger and status_mod.is_negated(match.trigger):
            reading = status_mod.Modality(**{**reading.__dict__, "negated": True})  # "no talks took place"
        cue = status_mod.modifier_cue(match.trigger) if match.frame.pos == "noun" else None
        if match.governor is not None and match.clause is match.governor and reading.governor is None:
            cue = status_mod.governor_class(match.governor)  # "a visit to India is planned for March"
        if cue is not None and reading.governor is None:
            reading = status_mod.Modality(**{**reading.__dict__, "governor": cue})  # "the planned sale"
        if cue in status_mod.UNREAL_CUES:
            reading = status_mod.Modality(**{**reading.__dict__, "unreal": True})  # "urged X to scrap the proposed deal"
        return reading

    # -- sides ----------------------------------------------------------------------------------

    def pairs(self, match: Match, stand_in: bool = True) -> list[tuple[Actor | None, Actor | None, float]]:
        """Pairs of different coded sides, in the table's side order, with a confidence each."""
        if match.given_pairs is not None:
            return match.given_pairs  # the talks' pairs, for what they are about (issue-10az)
        return self._not_retold(match, self._pairs(match, stand_in))

    def _not_retold(self, match: Match, pairs: list[tuple[Actor | None, Actor | None, float]]
                    ) -> list[tuple[Actor | None, Actor | None, float]]:
        """"X agreed to buy a stake in Y's firm. The deal gives X access to Y's market": a deal told through what it
        lays down (`frames_as_subject`), after an earlier sentence told a deal of the same pair, is that deal told
        again, not a second one (issue-10aq)."""
        earlier = self.discourse.last_event.get(match.table)
        if not frames_as_subject(match) or earlier is None or earlier[2] >= match.sent.start:
            return pairs
        return [p for p in pairs if {p[0].code if p[0] else None, p[1].code if p[1] else None} != set(earlier[:2])]

    def _pairs(self, match: Match, stand_in: bool = True) -> list[tuple[Actor | None, Actor | None, float]]:
        if self._told_by_support_verb(match):
            return []  # "providing urgent assistance to ...": one event, which the verb's own rows tell
        first_role, second_role = match.tables.roles
        first = _coded(match.side(first_role))
        second = [a for a in _coded(match.side(second_role)) if a not in first]
        if match.tables.symmetric and second_role in match.joint_roles and first_role in match.fallback_roles:
            first = []  # "China supports talks between the US and North Korea": the talks are theirs
        if fallback_beside_pair(match):
            second = []
        pairs: list[tuple[Actor | None, Actor | None, float]] = []
        if first and second:
            pairs = [(a, b, 0.9) for a in _by_code(first) for b in _by_code(second) if a.code != b.code]
            return pairs  # both sides named and of one state: domestic, no row
        named = first or second
        role = first_role if first else second_role
        distinct = _by_code(named)
        if match.tables.symmetric and role in match.joint_roles and len(distinct) >= 2:
            # "France, Germany and Italy signed", "talks between X, Y and Z": every pair of the parties.
            return [(a, b, 0.85) for i, a in enumerate(distinct) for b in distinct[i + 1:]]
        if match.tables.symmetric and len({match.slot_of.get(a) for a in distinct}) >= 2:
            # "the sale of Jaguar to Tata": parties in different phrases of one side are parties to each other
            return [(a, b, 0.85) for i, a in enumerate(distinct) for b in distinct[i + 1:]
                    if match.slot_of.get(a) != match.slot_of.get(b)]
        # "X and Y agreed to share information in both markets": two parties of one side are giver and
        # receiver of each other only where the pair is who acts ("both countries eased restrictions")
        one_side_only = not match.tables.symmetric and len(distinct) >= 2 and not refers_to_pair(
            _clause_subjects(match.trigger))
        if refers_to_pair(_pair_scope(match, named)) and not one_side_only and not self._stand_in_forbidden(match):
            # "the two countries", "bilateral", "mutual": the pair of the latest meeting or deal, else the
            # two parties the article has named most
            context = self.actors.context_of(match.trigger)
            pair = self.discourse.last_pair or context.salient_pair_with_blocs
            if pair and all(k.code in pair for k in named):
                a, b = state_actor(pair[0]), state_actor(pair[1])
                if named and named[0].code == pair[1]:
                    a, b = b, a
                return [(a, b, 0.6) if first or not named else (b, a, 0.6)]
        if len({a.code for a in named}) == 1 and stand_in and self.stand_in_allowed(match):
            other = self.actors.counterpart(match.trigger, named[0].code)
            if other:
                stand = state_actor(other)
                return [(named[0], stand, 0.55)] if first else [(stand, named[0], 0.55)]
        if len({a.code for a in named}) == 1 and stand_in and (teller := self.teller_side(match, named[0].code)):
            stand = state_actor(teller)
            return [(named[0], stand, 0.55)] if first else [(stand, named[0], 0.55)]
        if len({a.code for a in named}) == 1 and (partner := self.earlier_partner(match, named[0].code)):
            stand = state_actor(partner)
            return [(named[0], stand, 0.5)] if first else [(stand, named[0], 0.5)]
        if not first and not second:
            return self.pointed_back_pairs(match)
        return self.null_side_pairs(match, first, second)

    def teller_side(self, match: Match, named: str | None) -> str | None:
        """"Straw told MPs that the US had agreed to free the four": an agreement or talks with one side named,
        in a clause reported by an office holder of another state, have the teller's state as the other side
        (mechanism `teller_side`). Only for the trigger kinds a table lists in `teller_side` (tables whose sides
        are parties to each other), unless a predicate of its `teller_side_unless` holds, and only where the
        reported clause names no third state."""
        from pipelines.extract.predicates import PREDICATES

        tables = match.tables
        if not self.mechanisms.on("teller_side") or match.frame.pos not in tables.teller_side or named is None:
            return None
        if not reference.is_state(named):
            return None  # "the Paris Club had agreed", told by a member's minister: the teller may be inside it
        if not _coded(match.side(tables.roles[0])) or _coded(match.side(tables.roles[1])):
            return None  # the teller tells what the named state did ("we signed a deal with Qatar" is the speaker's)
        if status_class(match.status) != "asserted":
            return None  # what the teller says was refused, planned or denied need not have been with the teller
        if (match.reading is not None and match.reading.subordinate) or any(PREDICATES[p](match)
                                                                          for p in tables.teller_side_unless):
            return None
        if any(a.code is None and not _public_office(a) for role in match.roles.values() for a in role):
            return None
        clause = match.adjunct_head or match.clause  # "agreed ... after talks": the talks' clause is the verb's
        verb = reporting_verb(clause)
        if verb is None:
            return None
        tellers = {a.code for c in verb.children if c.dep_ == "nsubj" for a in self.slots.actors_of(c)
                   if a.code and (_public_office(a) or reference.is_state(a.code) and a.actor_type == "state")}
        if len(tellers) != 1 or named in tellers:
            return None
        reported = {a.code for t in clause.subtree if (m := self.actors.mention_at(t.i)) for a in m.actors
                    if a.code and reference.is_state(a.code)}
        return next(iter(tellers)) if reported <= {named} else None

    def pointed_back_pairs(self, match: Match) -> list[tuple[Actor | None, Actor | None, float]]:
        """"The deal collapsed", "the sanctions were eased": a definite event noun whose sentence names no
        side is the table's latest event told in an earlier body sentence, and takes its two sides."""
        earlier = self.discourse.last_event.get(match.table)
        if earlier is None or not _points_back(match.trigger) or title_cased(match.sent):
            return []
        if (match.reading is not None and match.reading.subordinate) or title_cased(match.trigger.doc[earlier[2]].sent):
            return []  # "once the deal is signed": a clause about something else; a headline's sides are a guess
        if earlier[2] >= match.sent.start or any(m.actors for m in self.actors.mentions_in(match.sent)):
            return []
        if status_class(match.status) == status_class(earlier[3]):
            return []  # the same event told again: its row is there already; only a change of status is news
        return [(state_actor(earlier[0]), state_actor(earlier[1]), 0.5)]

    def earlier_partner(self, match: Match, named: str | None) -> str | None:
        """"A deal bringing Turkey closer to EU membership is of great importance ... The deal, struck at the
        European Council": a definite event noun that names one side, told with a status, is the table's latest
        mention with no status of its own, in an earlier body sentence, when that mention's two sides include the one
        named; the other is its partner (mechanism `earlier_mention`). Not when a row of the table was told since,
        not in a clause about something else, and never for a noun with a partner phrase of its own."""
        earlier = self.discourse.last_unasserted.get(match.table)
        if not self.mechanisms.on("earlier_mention") or earlier is None or match.frame.pos != "noun":
            return None
        noun = match.trigger
        if not _definite(noun) or any(c.dep_ in ("poss", "prep") for c in noun.children) or title_cased(match.sent):
            return None  # "a deal", "its deal", "the deal with X": not that mention again
        if named is None or earlier[2] >= match.sent.start or named not in earlier[:2] \
                or status_class(match.status) != "asserted":
            return None
        if (match.reading is not None and match.reading.subordinate) or (
                (last := self.discourse.last_event.get(match.table)) is not None and last[2] > earlier[2]):
            return None
        return earlier[1] if earlier[0] == named else earlier[0]

    def null_side_pairs(self, match: Match, first: list[Actor], second: list[Actor]
                        ) -> list[tuple[Actor | None, Actor | None, float]]:
        """A side the text does not name is NULL, where the table allows it ("Britain pledged £50m in aid"). Called
        with exactly one of `first` and `second` named (`pairs` reads the other cases first)."""
        from pipelines.extract.predicates import PREDICATES

        tables = match.tables
        missing = tables.roles[1] if first else tables.roles[0]
        named = tables.roles[0] if first else tables.roles[1]
        if named in match.fallback_roles and not _own_phrase(match, first or second):
            return []  # a side only guessed from the sentence does not make a row on its own
        if missing not in tables.null_sides or not all(PREDICATES[p](match) for p in tables.null_sides[missing]):
            return []
        return [(first[0], None, 0.5)] if first else [(None, second[0], 0.5)]

    def _told_by_support_verb(self, match: Match) -> bool:
        """A noun trigger whose support verb is itself a trigger of the same table that reads as an event
        ("delivered aid", "provided assistance"): one event, which the verb tells."""
        verb = match.clause
        if match.frame.pos != "noun" or match.support is None or verb is match.trigger or verb.head.i == match.trigger.i:
            return False  # a verb that qualifies the noun ("the aid Japan sent") is no trigger of its own
        for frame in match.tables.frames_for(verb.lemma_.lower(), "verb"):
            if frame.particle and not _has_particle(verb, frame.particle):
                continue
            told = self.read(Match(match.tables, frame, verb, verb, actors=self.actors, discourse=self.discourse))
            if told is not None and self.pairs(told):  # "hosted talks between X and Y": the verb alone names no pair
                return True
        return False

    def _stand_in_forbidden(self, match: Match) -> bool:
        """What the table forbids of any side taken from context ("UK bilateral aid": aid goes to NULL)."""
        from pipelines.extract.predicates import PREDICATES

        return any(PREDICATES[p](match) for p in match.tables.stand_in_unless)

    def stand_in_allowed(self, match: Match) -> bool:
        """The article's other main state may stand in for an unnamed side, unless the mention sits in a
        clause about something else, or the other side is named but we cannot tell its state."""
        from pipelines.extract.predicates import PREDICATES

        if match.frame.pos not in match.tables.stand_in:
            return False
        if any(PREDICATES[p](match) for p in match.tables.stand_in_unless):
            return False
        if frames_its_clause(match) or frames_as_subject(match):
            return False  # "liable to pay taxes under its contract": a framed act names both sides, or no row
        if match.reading is not None and match.reading.subordinate:
            return False
        if any(a.code is None and not _public_office(a) for role in match.roles.values() for a in role):
            return False  # a side is named, but we cannot tell its state: the article's other state is no stand-in
        missing = [role for role, slots in match.frame.roles.items() if not any(a.code for a in match.side(role))]
        if match.frame.pos == "verb" and any(s.name == "object" for role in missing for s in match.frame.roles[role]) \
                and any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and not self.slots.actors_of(c)
                        for c in match.trigger.children):
            return False  # "toured the country with his show", "visited an orphanage": the object is the other side
        return not unplaced_party(match, self.actors)


def go_between_agent(subject_role: str, slot: Slot) -> bool:
    """"A border deal between Ethiopia and Eritrea was brokered by Algeria" (issue-10e): the "by" agent of a
    go-between's verb is its subject, no party either."""
    return subject_role == NO_ROLE and slot.name == "by"


def fallback_beside_pair(match: Match) -> bool:
    """"Armenia and Azerbaijan signed a ceasefire agreement in Moscow" (issue-10e): the first role names two
    parties to each other and only a fallback slot filled the second; the fallback (here a venue named inside
    the noun's phrase) is no third party, in a table whose frames say so (`pair_outranks_fallback`)."""
    first_role, second_role = match.tables.roles
    return match.tables.pair_outranks_fallback and first_role in match.joint_roles \
        and second_role in match.fallback_roles


def _opens_clause(token: Token, verb: Token) -> bool:
    """The first word of the verb's clause: the sentence's, or the one after an opening phrase of the verb and its
    comma ("In cooperation with partners, USAID provided ..."; issue-10l)."""
    start = verb.sent.start
    if token.i == start:
        return True
    comma = token.i - 1
    return comma > start and token.doc[comma].text == "," and any(
        c.i != token.i and c.dep_ in ("prep", "advcl", "advmod", "npadvmod") and c.left_edge.i == start
        and c.right_edge.i == comma - 1 for c in verb.children)


def _own_phrase(match: Match, named: list[Actor]) -> bool:
    """Sides read from the trigger's own preposition phrase ("the €20m allocated from the aid ministry") or the
    subject of the support verb that carries it ("Russia imposed sanctions on 14 countries"; issue-10l): named by
    the text, though the frame reads that slot only when an earlier slot found nobody."""
    own = PREPOSITIONS | ({"subject"} if match.support is not None else set())
    return bool(named) and all(match.slot_of.get(a) in own or _in_own_to_phrase(match, a) for a in named)


def failed_conditions(match: Match) -> Iterator[str]:
    """The frame's named predicates that fail once its sides are filled ("requires X" that does not hold, "rejects
    Y" that does), lazily and in that order, so a caller that needs only the first pays only for it."""
    from pipelines.extract.predicates import PREDICATES

    yield from (f"requires {name}" for name in match.frame.requires if not PREDICATES[name](match))
    yield from (f"rejects {name}" for name in (*match.frame.rejects, *match.tables.rejects)
                if PREDICATES[name](match))


def _conditions_hold(match: Match) -> bool:
    """Every predicate the frame requires holds, and none it or its table rejects does."""
    return next(failed_conditions(match), None) is None


def _membership_nouns(trigger: Token) -> list[Token]:
    """The nouns of joining a body (lexicon `membership_nouns`) that a meeting noun is about ("talks on")."""
    words = engine_lexicon().membership_nouns
    return [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in ("on", "over", "about")
            for o in p.children if o.dep_ == "pobj" and o.lemma_.lower() in words]


def _in_own_to_phrase(match: Match, actor: Actor) -> bool:
    """"providing food to 30,000 families in Nigeria": a beneficiary named inside the trigger's own "to" phrase
    is named by the text as the receiver, though through the people it reaches (issue-10al)."""
    if match.slot_of.get(actor) != "beneficiary":
        return False
    heads = {match.trigger, match.clause}
    phrases = [c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "to"]
    return any(actor in match.actors.actors_of(t) for p in phrases for t in p.subtree)


def unplaced_party(match: Match, actors: DocumentActors) -> bool:
    """The other side is named but we cannot tell its state ("LNM Holdings merged with ...", "is meeting
    Ms Furse"): then the article's other main state is no stand-in for it."""
    verb = match.trigger if match.frame.pos == "verb" else match.clause
    slots = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubj", "nsubjpass")]
    heads = [verb] + ([match.trigger] if match.trigger is not verb else [])
    for prep in [c for h in heads for c in h.children
                 if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "from", "to", "by", "of")]:
        slots += [c for c in prep.children if c.dep_ == "pobj"]
    titles = title_words()
    for slot in slots:
        if slot.ent_type_ in ("ORG", "PERSON") and not any(a.code for a in actors.actors_of(slot)):
            # A person with a public title ("senator John McCain") is a state's, probably the other side's.
            titled = any(t.lower_ in titles and t.lower_ not in BUSINESS_TITLES
                         for t in slot.subtree if t.dep_ == "compound")
            if slot.ent_type_ == "ORG" or not titled:
                return True
    return False


def _pair_scope(match: Match, named: list[Actor]) -> str:
    """Where a pair phrase ("the two countries", "bilateral", "mutual") may stand for a mention's sides:
    anywhere in its clause when one side is named; with no side named, only in the trigger's own phrase
    or the clause's subject ("the two nations had potential in trade, which rose 40%"), not in a passing
    "both" ("both in direct aid to refugees")."""
    if named:
        return status_mod.clause_text(match.trigger)
    doc = match.trigger.doc
    return " ".join([doc[match.trigger.left_edge.i: match.trigger.right_edge.i + 1].text,
                     _clause_subjects(match.trigger)])


def _clause_subjects(trigger: Token) -> str:
    """The text of the subjects of the clause a trigger stands in ("Both countries eased restrictions")."""
    node = trigger
    while node.dep_ not in ("ROOT", "ccomp", "advcl", "relcl") and node.head is not node:
        node = node.head
    doc = trigger.doc
    return " ".join(doc[c.left_edge.i: c.right_edge.i + 1].text for c in node.children
                    if c.dep_ in ("nsubj", "nsubjpass"))


def _public_office(actor: Actor) -> bool:
    """A person with a public title ("senator John McCain") is a state's, probably the other side's."""
    words = (actor.role or "").lower().split()
    return actor.actor_type == "person" and any(w in title_words() and w not in BUSINESS_TITLES for w in words)


def _coded(actors: list[Actor]) -> list[Actor]:
    return [a for a in actors if a.code]


def _by_code(actors: list[Actor]) -> list[Actor]:
    """One actor per state: "Vietnam Airlines" and "Vietnam" are one side."""
    return list({a.code: a for a in reversed(actors)}.values())[::-1]


def _prepositional_carriers(noun: Token, frame: Frame, tables: TableFrames
                            ) -> tuple[Token | None, Support | None, Token | None, Token | None]:
    """For a noun in a prepositional phrase: the verb that carries it and as what support (a deal framing its
    clause's act), the verb it is an adjunct of, and the noun governing it ("the termination of the agreement")."""
    if frame.frames_clause and (framing := _framing_clause(noun, tables)) is not None:
        verb, support = framing
        return verb, support, verb, None  # "X lifts the blockade of Y in an agreement": the clause's act is the deal's
    if frame.means and tables.means_support is not None and (means := means_verb(noun)) is not None:
        return means, tables.means_support, None, None  # "modernised its navy with the purchase of frigates from"
    parent = noun.head
    governor = None
    if parent.lower_ == "of" and parent.head.pos_ == "NOUN" and status_mod.governor_class(parent.head):
        governor = parent.head  # "the termination of the agreement", "Seoul's rejection of a summit"
    return None, None, _adjunct_clause(noun), governor


def means_verb(noun: Token) -> Token | None:
    """The verb whose "with" phrase a noun is, as the means of an act the verb's own object or "to" phrase tells:
    "responded to the flood with a donation", "modernised its navy with the purchase of frigates". With neither,
    the noun is the verb's topic ("disagreed with the deal", "struggled with aid from Britain")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "with" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
        return None
    verb = prep.head
    if not any(c.dep_ == "dobj" or (c.dep_ == "prep" and c.lower_ == "to") for c in verb.children):
        return None
    return verb


def frames_its_clause(match: Match) -> bool:
    """Whether a noun trigger is carried by the clause whose act it frames ("in an agreement", `_framing_clause`)."""
    support = match.support
    return support is not None and match.tables.adjunct_support.get(support.lemma) is support


def _framed_act_told(match: Match) -> bool:
    """A deal that frames its clause's act is read only where the clause tells that act as done ("will lift it
    under an agreement", "refused to lift it in the agreement" say nothing sure of a deal) and the sides are the
    clause's: a deal naming its own ("under the 2015 deal with the US") is named in passing, an old one."""
    if match.support is None or match.status != match.support.status:
        return False
    if not _framed_sides_named(match):
        return False  # "X and Y cut tariffs under a pact": whom the act is done to is unnamed
    own = {t.i for t in match.trigger.subtree}
    if match.clause.head.i == match.trigger.i and match.clause.i != match.trigger.i:
        own -= {t.i for t in match.clause.subtree}  # "a deal under which X will supply Y": the clause is the act's
    return not any(m.start in own and m.actor.code for m in match.actors.mentions_in(match.sent))


def list_head(token: Token) -> Token:
    """The first member of the coordination or apposition a token is in: the one the sentence's verb governs."""
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    return token


def qualifying_participle(match: Match) -> bool:
    """A verb trigger with a `participle_status` told as a past participle qualifying a noun: "a truce negotiated
    by X and Y" (issue-10au)."""
    return (match.frame.participle_status is not None and match.frame.pos == "verb"
            and match.trigger.dep_ == "acl" and bare_past_participle(match.trigger))


def _framed_sides_named(match: Match) -> bool:
    """Every role of a framing deal names a state or bloc ("X and Y cut tariffs under a pact" names no other)."""
    return all(any(a.code for a in found) for found in match.roles.values())


def _own_participle_status(match: Match) -> str | None:
    """"Under an agreement reached with Libya, Italy will train ...", "will build reactors in Egypt under a contract
    signed on Tuesday" (issue-10ap): the framing noun's own participle, one of the table's support verbs, says the
    deal was made, whatever the tense of the act it frames."""
    for child in match.trigger.children:
        if child.dep_ != "acl" or child.tag_ != "VBN" or status_mod.is_negated(child):
            continue
        support = match.tables.support.get(child.lemma_.lower())
        if support is not None and status_class(support.status) == "asserted":
            return support.status
    return None


# -- issue-10aq: relations told through an event noun ------------------------------------------------------------

# Relative words that open a clause telling what a deal lays down, without a preposition of their own: "an
# agreement whereby X provides Y with water" (read as "under which").
FRAMING_RELATIVE_ADVERBS = {"whereby": "under", "wherein": "in"}


def _framing_support(tables: TableFrames, frame: Frame, noun: Token, verb: Token) -> Support | None:
    """"The accord commits X and Y to joint patrols", "the pact binds X to buy Y's gas": a noun that frames a clause
    (`frames_clause`), as the active subject of a framing verb (lexicon `framing_verbs`), is carried by that verb
    with the table's `framing_status`; its sides are whom the verb binds and what its complement names."""
    if tables.framing_support is None or not frame.frames_clause or noun.dep_ != "nsubj":
        return None
    return tables.framing_support if verb.lemma_.lower() in engine_lexicon().framing_verbs else None


def frames_as_subject(match: Match) -> bool:
    """Whether a noun trigger is carried by the framing verb it is the subject of (`_framing_support`)."""
    return match.support is not None and match.support is match.tables.framing_support


def framing_verb(match: Match) -> Token | None:
    """The framing verb a noun trigger is the active subject of, whatever carries it ("the deal, signed on Monday,
    commits X and Y to ...": the participle carries it, the framing verb still names its sides)."""
    if match.frame.pos != "noun":
        return None
    head = list_head(match.trigger)
    verb = head.head
    if verb.pos_ not in ("VERB", "AUX") or status_mod.is_negated(verb):
        return None
    return verb if _framing_support(match.tables, match.frame, head, verb) is not None else None


def framing_party_tokens(verb: Token) -> list[Token]:
    """Whom a framing verb binds: its objects ("commits X and Y"), its indirect object ("gives X access"), the
    subject of its clausal complement ("allows X to station ships", as the parser reads it), and a name the parser
    made a modifier of its object ("gives Ethiopia access")."""
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj"):
            names = [c for c in child.children if c.dep_ == "compound" and c.pos_ == "PROPN" and child.pos_ == "NOUN"]
            found += names or [child, *child.conjuncts]
        elif child.dep_ in ("ccomp", "xcomp"):
            found += [c for c in child.children if c.dep_ == "nsubj"]
    return found


def relative_framing(noun: Token, tables: TableFrames) -> tuple[Token, Support] | None:
    """"A deal under which X will supply Y", "the agreement, in which X pledged to buy ... from Y", "the treaty,
    under whose terms X returns the islands to Y", "an agreement whereby X provides Y with water": a relative clause
    opened by one of the table's framing prepositions (`adjunct_support`) tells what the deal lays down, as "under
    the deal, X will supply Y" does; the clause carries the noun with that preposition's status."""
    for clause in (c for c in noun.children if c.dep_ == "relcl" and not status_mod.is_negated(c)):
        for child in clause.children:
            words = _relative_preposition(child)
            if words is not None and words in tables.adjunct_support:
                return clause, tables.adjunct_support[words]
    return None


def _relative_preposition(child: Token) -> str | None:
    """The framing preposition a relative clause opens with: "under which", "in which", "under whose terms",
    "whereby"."""
    if child.dep_ == "advmod" and child.lower_ in FRAMING_RELATIVE_ADVERBS:
        return FRAMING_RELATIVE_ADVERBS[child.lower_]
    if child.dep_ != "prep":
        return None
    for obj in (c for c in child.children if c.dep_ in ("pobj", "pcomp")):
        if obj.lower_ in ("which", "whom") or any(c.dep_ == "poss" and c.lower_ == "whose" for c in obj.children):
            return child.lower_
    return None


def content_of_event_noun(verb: Token, tables: TableFrames) -> bool:
    """A verb inside what a noun of the same table lays down: the complement of a framing verb the noun is the
    subject of ("the pact binds X to buy Y's gas"), or a framing relative clause ("the agreement, in which X
    pledged to buy jets from Y"). The noun tells that one event (issue-10aq)."""
    clause = verb
    while clause.dep_ in ("xcomp", "ccomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if clause.lemma_.lower() in engine_lexicon().framing_verbs and any(_frames_a_clause(s, tables)
                                                                           for s in subjects):
            return tables.framing_support is not None
    if clause.dep_ != "relcl":
        return False
    noun = clause.head
    return _frames_a_clause(noun, tables) and (
        (relative := relative_framing(noun, tables)) is not None and relative[0].i == clause.i)


def _frames_a_clause(noun: Token, tables: TableFrames) -> bool:
    """Whether a noun is one of the table's nouns that frame a clause (`frames_clause`)."""
    return any(f.frames_clause for f in tables.frames_for(noun.lemma_.lower(), "noun"))


def tells_content(match: Match) -> bool:
    """Whether the clause carrying a noun trigger tells what the deal lays down rather than whether it was made: a
    framing verb it is the subject of, or its framing relative clause (issue-10aq)."""
    if frames_as_subject(match):
        return True
    return frames_its_clause(match) and match.clause.dep_ == "relcl" and match.clause.head.i == match.trigger.i


def in_force_phrase(verb: Token) -> bool:
    """"remains in force", "stays in place", "has been in effect" (lexicon `in_force_words`)."""
    words = engine_lexicon().in_force_words
    return any(c.dep_ == "prep" and c.lower_ == "in" and any(o.dep_ == "pobj" and o.lemma_.lower() in words
                                                           for o in c.children) for c in verb.children)


def passive_relative(clause: Token) -> bool:
    """"The protocol that was signed by X and Y": a passive relative clause whose subject is the relative pronoun
    (its antecedent is what the verb acts on)."""
    return any(c.dep_ == "nsubjpass" and c.lower_ in RELATIVE_PRONOUNS for c in clause.children)


def _framing_clause(noun: Token, tables: TableFrames) -> tuple[Token, Support] | None:
    """The verb whose act a noun frames, through one of the table's `adjunct_support` prepositions: "X lifts the
    blockade of Y in an agreement", "under the deal, X will sell gas to Y", "as part of a deal". The verb
    carries the noun: its subject, object and reading are the noun's."""
    prep, words = noun.head, noun.head.lower_
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() == "part" \
            and prep.head.dep_ == "pobj" and prep.head.head.lower_ == "as":
        prep, words = prep.head.head, "as part of"
    elif noun.dep_ != "pobj":
        return None
    support = tables.adjunct_support.get(words)
    verb = prep.head
    if verb.dep_ == "dobj" and verb.pos_ == "NOUN" and any(
            t.frames_for(verb.lemma_.lower(), "noun") for t in all_frames().values()):
        verb = verb.head  # "lifts the blockade of Y in an agreement": the phrase hangs on the act's object
    if support is None or prep.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX") or verb.lemma_ == "be" \
            or status_mod.is_negated(verb):
        return None  # "did not lift the ban in the accord": what the deal left out, not what it did
    return verb, support


def _adjunct_clause(noun: Token) -> Token | None:
    """The verb a noun is an adjunct of: "during a phone call, Biden assured ...", "the envoy, who is in
    Oslo on the first day of a three-nation tour", "in an interview before a meeting in Paris, Erdogan said"."""
    node = noun
    for _ in range(4):
        prep = node.head
        if node.dep_ != "pobj" or prep.dep_ not in ("prep", "agent", "advmod", "pcomp"):
            return None
        head = prep.head
        if head.pos_ in ("VERB", "AUX"):
            return head if prep.lower_ in ADJUNCT_PREPS or head.lemma_ == "be" or _journey_of(prep, head) else None
        if head.dep_ == "prep" or head.pos_ == "ADV":  # "ahead of", "prior to": the adverb's own head
            head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return head
        node = head
    return None


def held_by_its_own_people(noun: Token) -> bool:
    """"The president's speech comes ahead of a meeting of EU foreign ministers": a noun whose "of" phrase names
    the people or bodies that hold it (lexicon AGENT_NOUNS) names its own participants; the subject of the clause
    it is an adjunct of (the speaker, the traveller) is not one of them (issue-10ah). "Ahead of talks with
    Chinese leaders" names a counterpart, not the holders, and keeps the clause's subject."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        p.dep_ == "pobj" and p.lemma_.lower() in AGENT_NOUNS for p in c.children) for c in noun.children)


def _journey_of(prep: Token, verb: Token) -> bool:
    """"flew to Seoul for talks", "returned from a visit to Kenya": the purpose or origin of a journey is the
    traveller's own meeting (lexicon `travel_verbs`; issue-10c)."""
    return prep.lower_ in ("for", "from") and verb.lemma_.lower() in engine_lexicon().travel_verbs


def told_in_own_clause(noun: Token, verb: Token | None, support: Support | None, tables: TableFrames) -> bool:
    """"The pact that Canada signed with Korea took effect" (issue-10e): an event noun that is the subject of a verb
    which only confirms it (its status is the table's own, or it has none) and has a clause of its own (a participle
    or a relative clause) that may name who made it; that clause, when it carries the noun, names the sides. A verb
    that says more ("the deal that X signed with Y collapsed") keeps its word."""
    if support is not None and support.status not in (None, tables.base_status):
        return False
    return noun.dep_ == "nsubj" and verb is not None and verb.i == noun.head.i and any(
        c.dep_ in ("acl", "relcl") for c in noun.children)


def _carrying_clause(noun: Token, support_verbs: dict[str, Support], headline: bool) -> Token | None:
    """A support verb below the noun that carries it: "an agreement signed last month", "sanctions imposed on
    Iran" (a participle), "the loan which China granted to Kenya" (a relative clause whose object is the noun);
    and, where no verb above was found, "U.S. Lifts Travel Ban to Libya": in a title-cased headline the
    parser takes the verb for a name in the noun's compound."""
    participle = next((c for c in noun.children if c.lemma_.lower() in support_verbs and (
        c.dep_ == "acl" or (c.dep_ == "relcl" and (verb_objects(c) == [noun] or passive_relative(c))))), None)
    if participle is not None or not headline or not title_cased(noun.sent):
        return participle
    return next((c for c in noun.children if c.dep_ == "compound" and c.i < noun.i
                 and headline_lemma(c) in support_verbs), None)


def title_cased(sent: Span) -> bool:
    """A headline written in title case ("U.S. Lifts Travel Ban to Libya"), where the tagger reads verbs and
    nouns as names: most of its words start with a capital."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.8 * len(words)


def headline_lemma(token: Token) -> str:
    """The lemma of a word in a title-cased headline: the tagger's, unless it took the word for a name
    ("Sanctions", "Lifts"), then the word itself without a plural or third-person "s"."""
    if token.pos_ != "PROPN" or token.ent_type_ in ("GPE", "NORP", "PERSON"):
        return token.lemma_.lower()
    word = token.lower_
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _phrase_verb(noun: Token, support_verbs: dict[str, Support]) -> Token | None:
    """The support verb a noun reaches through a phrase: "agreed on a deal", "engaged in talks", and the
    verb of a sum the noun says the purpose of ("needs $4bn in aid", "pledged £50m in aid")."""
    prep = noun.head
    if noun.dep_ != "pobj":
        return None
    if prep.dep_ in ("prep", "agent") and prep.head.pos_ in ("VERB", "AUX") \
            and (prep.lower_ in PHRASAL_PREPS or _support_particle(prep, support_verbs)) \
            and prep.head.lemma_.lower() in support_verbs:
        return prep.head
    if (verb := _particle_verb(prep, support_verbs)) is not None:
        return verb
    sum_ = purpose_sum(noun)
    if sum_ is not None and sum_.dep_ in ("dobj", "nsubjpass") and sum_.head.lemma_.lower() in support_verbs:
        return sum_.head
    if sum_ is not None and sum_.dep_ == "pobj":
        return _phrase_verb(sum_, support_verbs)  # "thanked X for $3bn in aid", "benefits from $2bn in grants"
    return None


def _support_particle(prep: Token, support_verbs: dict[str, Support]) -> bool:
    """A preposition its support verb names as its particle: "withdrew from the treaty" (`withdraw: {particle:
    from}`), where "from" alone would not carry a noun to its verb."""
    support = support_verbs.get(prep.head.lemma_.lower())
    return support is not None and support.particle == prep.lower_


def _particle_verb(prep: Token, support_verbs: dict[str, Support]) -> Token | None:
    """The verb of a two-word preposition its support entry names by its first word: "pulled out of the accord"
    (`pull: {particle: out}`; the parser hangs "of" on "out")."""
    first = prep.head
    if prep.dep_ != "prep" or first.dep_ not in ("prep", "prt", "advmod") or first.head.pos_ not in ("VERB", "AUX"):
        return None
    support = support_verbs.get(first.head.lemma_.lower())
    return first.head if support is not None and support.particle == first.lower_ else None


# Determiners that make an event noun point back to one told before: "the deal", "that agreement".
POINTING_DETERMINERS = frozenset({"the", "that", "this", "these", "those"})


def reporting_verb(clause: Token) -> Token | None:
    """The verb of saying whose reported clause (a ccomp) holds `clause`, through at most two conjuncts or
    complements: "Straw told MPs that the US had agreed ..." gives "told"."""
    reported = status_mod.reported_clause(clause, ("xcomp", "conj"))
    return None if reported is None else reported.head


def _definite(noun: Token) -> bool:
    """An event noun with a pointing determiner: "the talks", "that deal"."""
    return any(c.dep_ == "det" and c.lower_ in POINTING_DETERMINERS for c in noun.children)


def _points_back(noun: Token) -> bool:
    """A definite event noun with nothing of its own that could name a side: "the talks", not "a deal",
    "its deal", "the deal with the rebels"."""
    if noun.pos_ != "NOUN" or not _definite(noun):
        return False
    return not any(c.dep_ in ("poss", "prep", "acl", "relcl", "nmod", "appos") for c in noun.children)


def _subject_support(tables: TableFrames, noun: Token, verb: Token) -> Support | None:
    """The verb an event noun is the active subject of, where it says what became of the event: "the deal
    collapsed", "the agreement went ahead", "the sanctions took effect" (frames' `subject_support`)."""
    if noun.dep_ != "nsubj":
        return None
    found = tables.subject_support.get(verb.lemma_.lower())
    if found is None or (found.particle is not None and not _has_particle(verb, found.particle)):
        return None
    if found.particle == "in" and not in_force_phrase(verb):
        return None  # "remains in doubt", "is in talks" (issue-10aq)
    return found


def _has_particle(verb: Token, particle: str) -> bool:
    return any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ == particle for c in verb.children) or (
        verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == particle)


