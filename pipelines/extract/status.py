"""One status mechanism for every table: what the words around a trigger say about whether it happened.

`modality` reads the clause once (negation, future, modal verbs, conditionals, hearsay and the verbs
that govern the trigger, such as "plans to", "refused to", "called for"); `decide` turns that reading
and the trigger's own status into the table's status through `frames/status.yaml`. Nothing here knows
about a particular table: what differs per table is data.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from pipelines.extract.vocabulary import engine_lexicon
from pipelines.frames import load_yaml
from pipelines.nlp import hyphenated_word

FUTURE_MODALS = {"will", "shall", "'ll"}
WEAK_MODALS = {"would", "could", "may", "might", "should", "can", "must", "ought"}
HEARSAY = {"reportedly", "allegedly", "purportedly", "supposedly"}
CONDITIONAL_MARKS = {"if", "unless", "provided", "providing"}
# A subordinate clause that says why or when something else happens: a side named there is no party of
# the main clause, so no stand-in counterpart is taken from it.
SUBORDINATE_MARKS = {"once", "if", "unless", "when", "whenever", "until", "before", "after", "because", "since",
                     "while", "although", "though", "whether", "so", "lest"}
NEGATING_PREPS = {"without"}
# Verbs that say whether an event noun they have as subject happened: "the talks did not take place".
OCCURRENCE_VERBS = {"take", "happen", "occur", "go", "proceed", "arrive", "begin", "start", "resume", "continue",
                    "materialise", "materialize", "come", "reach", "end", "collapse", "fail", "succeed"}
FUTURE_TIME = re.compile(r"\b(?:next (?:week|month|year|spring|summer|autumn|winter|monday|tuesday|wednesday|"
                         r"thursday|friday|saturday|sunday)|tomorrow|later this (?:week|month|year)|"
                         r"in the coming (?:days|weeks|months)|(?:is|are) (?:due|expected|scheduled) to)\b",
                         re.IGNORECASE)
# Dependencies through which a verb governs the clause below it ("plans to meet", "refused talks").
# Prepositions of an adjunct that tells when the main clause happened relative to an event that took place:
# "failed to reach a deal after hours of talks" - the talks were held whatever became of the deal.
PAST_ADJUNCT_PREPS = {"after", "during", "following", "since", "throughout", "amid"}
GOVERNED = ("xcomp", "ccomp", "dobj", "pobj", "nsubjpass", "advcl", "acomp", "pcomp", "prep", "attr", "conj",
            "acl", "oprd")


# Modifier cues (governors.yaml classes) by which an event noun says it has not happened: "the proposed deal", "a
# planned visit". They make the reading `unreal`, which a policy may rank above the clause's governor.
UNREAL_CUES = frozenset({"planned", "proposed"})


@dataclass(frozen=True)
class Modality:
    """How the text frames one event mention."""

    negated: bool = False
    governor: str | None = None  # planned, proposed, threatened, refused, cancelled, called_for, agreed, pledged
    future: bool = False  # "will", "is to", "is due to", "next week", a date after publication
    modal: bool = False  # "could", "may", "would"
    conditional: bool = False  # inside an "if"/"unless" clause
    hearsay: bool = False  # "reportedly", "allegedly"
    subordinate: bool = False  # inside a clause that says when or why something else happens
    purpose: bool = False  # "is in competition to take over": an aim, not a decided future
    unreal: bool = False  # the event noun's own modifier says it is not real yet: "the proposed deal" (issue-10av)


# governors.yaml's class of words that govern only as the head of an event's clause ("close to signing"),
# read as proposals; as modifiers of the event noun they say nothing ("a close defence agreement").
HEAD_ONLY = "proposed_as_head"


@cache
def governors() -> dict[str, str]:
    """Lemma of a governing word -> the class of what it says about the clause it governs."""
    return {lemma: "proposed" if cls == HEAD_ONLY else cls
            for cls, lemmas in load_yaml("governors.yaml").items() for lemma in lemmas}


@cache
def head_only_governors() -> frozenset[str]:
    return frozenset(load_yaml("governors.yaml").get(HEAD_ONLY, []))


@cache
def policies() -> dict[str, dict[str, dict[str, str | None]]]:
    """table -> base status -> reading -> status (None: the mention asserts nothing worth a row)."""
    loaded: dict[str, dict[str, dict[str, str | None]]] = load_yaml("status.yaml")
    return loaded


def modality(trigger: Token, published: dt.date | None = None, event_date: dt.date | None = None) -> Modality:
    """Read negation, modality and governing words around a trigger (a verb, or a noun's clause verb)."""
    negated = is_negated(trigger)
    governor = None
    head = trigger
    modal = _has_aux(trigger, WEAK_MODALS)
    future = _has_aux(trigger, FUTURE_MODALS) or _to_be(trigger)
    if _reported_would(trigger):  # "said it would spend": the future of reported speech, not a conditional
        modal, future = _has_aux(trigger, WEAK_MODALS - {"would"}), True
    for _ in range(5):
        if head.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            break  # "Norway proposed a freeze and Chile has started one of its own": a clause of its own
        if not _governed(head) or head.head is head:
            break
        if (undone := undone_clause(head)) is not None:
            negated, governor = negated or undone[0], undone[1]  # "denied that it had signed", "have yet to"
            break
        if head.dep_ == "ccomp" and _finite_past(head) and governor_class(head.head) != "called_for":
            break  # "announced that it had suspended aid": a report of something done, not a plan (but
            # "demanding the administration cut off aid" is a demand, whatever the verb's form)
        if head.dep_ == "advcl" and (any(c.dep_ == "mark" and c.lower_ != "to" for c in head.children)
                                     or _introduced_by(head, SUBORDINATE_MARKS | {"where", "as"})):
            break  # "refused to meet Obama when he visited Cuba": the "when" clause is an event of its own
        if head.dep_ == "pobj" and head.head.lower_ in PAST_ADJUNCT_PREPS and head.head.head.pos_ in ("VERB", "AUX"):
            break  # "failed to reach a deal after hours of talks": the clause's verb is not about the talks
        if head.dep_ == "pobj" and (_fronted_adjunct(head.head) or _marked_adjunct(head.head)):
            break  # "Reagan, in a meeting with Mulroney, agreed to a programme": the meeting is where he agreed;
            # "announced the plan while on a visit to Peru": the visit is when he announced, not what
        if head.dep_ == "attr" and head.head.lemma_ == "be":
            negated = negated or is_negated(head.head)  # "Germany is not the largest donor"
        head = head.head
        if head.pos_ not in ("VERB", "AUX", "ADJ", "NOUN", "ADV"):
            continue
        cls = governor_class(head)
        if cls is not None:
            governor = cls
            negated = negated or is_negated(head)
            modal = modal or _has_aux(head, WEAK_MODALS)
            future = future or _has_aux(head, FUTURE_MODALS)
            if cls == "refused" and head.dep_ == "xcomp" and governor_class(head.head) == "planned":
                governor = None  # "Hungary tried to block the sanctions": a refusal only attempted
            break
        modal = modal or _has_aux(head, WEAK_MODALS)
        future = future or _has_aux(head, FUTURE_MODALS)
    governor = _or_turned_down(governor, trigger)
    # A bare infinitive with nothing governing it ("plans, supported by Spain, to end the embargo").
    infinitive = trigger.tag_ == "VB" and _has_aux(trigger, {"to"}) and trigger.dep_ != "xcomp"
    clause = clause_text(trigger)
    future = future or (infinitive and governor is None) or bool(FUTURE_TIME.search(clause))
    if event_date is not None and published is not None and event_date > published:
        future = True
    # An infinitive adverbial clause with no governing word states what someone aims at ("raised funds to
    # buy a stake"), unlike "is to buy" (xcomp of "be"), which announces a decision.
    purpose = infinitive and trigger.dep_ == "advcl" and governor is None
    return Modality(negated=negated, governor=governor, future=future, modal=modal, purpose=purpose,
                    conditional=_under(trigger, CONDITIONAL_MARKS),
                    hearsay=any(c.lower_ in HEARSAY for c in trigger.children) or _said_to_have(trigger),
                    subordinate=_under(trigger, SUBORDINATE_MARKS) or _purpose(trigger))


def undone_clause(clause: Token) -> tuple[bool, str | None] | None:
    """(negated, governor) of a clause that says its event was not done (issue-10e): "denied that it had signed a
    deal" asserts nothing done (negated); "have yet to agree" is still expected (planned). None otherwise."""
    if clause.dep_ == "ccomp" and denied_clause(clause):
        return True, None
    return (False, "planned") if not_yet(clause) else None


# What a clause that turns an offer down takes as its object: the offer itself or a pronoun for it.
OFFER_REFERENCES = frozenset({"it", "them", "which", "that", "offer", "offers", "proposal", "invitation"})


def _or_turned_down(governor: str | None, verb: Token) -> str | None:
    """The governor read so far, else "refused" for an offer the next clause turns down."""
    if governor is None and turned_down(verb):
        return "refused"
    return governor


def turned_down(verb: Token) -> bool:
    """An offer that the next clause turns down (issue-10ad): "Canada offered aid to Cuba, but Havana rejected it",
    "offered talks, which Seoul turned down", "but the offer was refused". Only for a verb of offering
    (lexicon.yaml `offering_verbs`): "imposed sanctions, which Iran rejected" still imposed them. What refuses is
    governors.yaml's refused list, "turn_down" among them (issue-10ag: no reading of its own)."""
    if verb.lemma_.lower() not in engine_lexicon().offering_verbs:
        return False
    clauses = [c for c in verb.children if c.dep_ == "conj"]
    clauses += [d for d in verb.subtree if d.dep_ == "relcl"]
    return any(governor_class(c) == "refused"
               and any(o.dep_ in ("dobj", "nsubjpass") and o.lower_ in OFFER_REFERENCES for o in c.children)
               for c in clauses)


def denied_clause(clause: Token) -> bool:
    """A clause that a verb of denial takes ("the ministry denied that talks had taken place"; lexicon.yaml
    `denying_verbs`, issue-10e)."""
    return clause.head.lemma_.lower() in engine_lexicon().denying_verbs


def not_yet(clause: Token) -> bool:
    """"Ethiopia and Egypt have yet to agree on the dam", "is yet to sign" (issue-10e): an infinitive under "yet"
    is not done."""
    return clause.dep_ == "xcomp" and _has_aux(clause, {"to"}) and any(
        c.dep_ == "advmod" and c.lower_ == "yet" for c in clause.head.children)


def _fronted_adjunct(prep: Token) -> bool:
    """A phrase that comes before the verb it hangs on ("In talks with Japan, Korea agreed to ...") says where or
    when the verb's act happened; the verb does not govern it."""
    verb = prep.head
    return prep.dep_ == "prep" and verb.pos_ in ("VERB", "AUX") and prep.i < verb.i


def _marked_adjunct(prep: Token) -> bool:
    """A phrase opened by a subordinating word ("while on a visit to Peru", "when in talks with Japan") is a
    clause without a verb that says when the main clause happened, like the "while" clause with one; the main
    verb does not govern the event inside it."""
    return prep.dep_ == "prep" and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in SUBORDINATE_MARKS and c.i < prep.i for c in prep.children)


def governor_class(token: Token) -> str | None:
    """The governor class of a word, by its lemma or its surface form ("hopes" is sometimes lemmatised
    "hop", "poised" read as a verb "poise")."""
    table = governors()
    lower = token.lower_
    if (phrasal := _phrasal_lemma(token)) in table:  # "turned down", "called off": governors.yaml's "turn_down"
        return table[phrasal]
    head_only = head_only_governors()
    if lower in head_only:  # "close to signing", "on the verge of": as written, and not the verb "close"
        return table[lower] if token.pos_ not in ("VERB", "AUX") else None
    for candidate in (token.lemma_.lower(), lower, hyphenated_word(token), lower.removesuffix("s"),
                      lower.removesuffix("es"), lower.removesuffix("ed"), lower.removesuffix("d")):
        if candidate in table and candidate not in head_only:
            return table[candidate]
    return None


def _phrasal_lemma(token: Token) -> str:
    """A verb's lemma joined to its particle, as governors.yaml writes a phrasal verb ("turn_down", "call_off");
    "" when it has none."""
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    return "" if particle is None else f"{token.lemma_.lower()}_{particle}"


def modifier_cue(noun: Token) -> str | None:
    """What an event noun's own modifiers say: "the planned sale", "a possible deal", "an upcoming visit"."""
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.i < noun.i and child.lemma_.lower() not in head_only_governors():
            cls = governors().get(child.lemma_.lower()) or governors().get(child.lower_)
            if cls is not None and not _noun_of_urging(child, cls):
                return cls
    return None


def _noun_of_urging(modifier: Token, cls: str) -> bool:
    """"a press conference", "a plea deal", "a support package": a noun that names a kind of thing calls for
    nothing (only a verb of urging does)."""
    return cls == "called_for" and modifier.dep_ == "compound" and modifier.pos_ == "NOUN"


def decide(table: str, base: str, reading: Modality) -> str | None:
    """The status of a mention in `table` whose trigger alone says `base`; None drops the mention."""
    policy = policies()[table]
    rules = policy[base] if base in policy else policy.get("*", {})
    for key in _keys(reading):
        if key in rules:
            return rules[key]
    return base


def _keys(reading: Modality) -> list[str]:
    """The readings in order of precedence: a refusal outranks a plan, a plan outranks the future tense."""
    keys = []
    if reading.negated:
        keys.append("negated")
    if reading.unreal:
        keys.append("unreal")  # listed by a policy only where the noun's modifier must outrank the clause's governor
    if reading.governor:
        keys.append(reading.governor)
    if reading.conditional:
        keys.append("conditional")
    if reading.purpose:
        keys.append("purpose")
    if reading.future:
        keys.append("future")
    if reading.modal:
        keys.append("modal")
    return keys


def _governed(token: Token) -> bool:
    """The token's clause is governed by its head: one of the GOVERNED relations, or an infinitival relative
    clause ("saw no reason to end the ban", "a plan to visit": issue-10aj), whose noun says what the
    act is (a motive, a plan), not a finite one ("the sanctions that Ruritania imposed")."""
    return token.dep_ in GOVERNED or token.dep_ == "relcl" and _has_aux(token, {"to"})


def is_negated(token: Token) -> bool:
    """Whether a word is negated where it stands: "not", "never", "no", "no longer", or "without" governing it.
    The engine asks it of a trigger, a participle or a clause outside `modality`'s reading of the whole clause."""
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in token.children):
        return True
    if any(_no_longer(c) for c in token.children):
        return True  # "would no longer be under sanctions" (issue-10y)
    head = token.head
    return token.dep_ in ("pobj", "pcomp") and head.lower_ in NEGATING_PREPS  # "ended without agreement", "without meeting"


def _no_longer(token: Token) -> bool:
    return token.dep_ == "advmod" and token.lower_ == "longer" and any(c.lower_ == "no" for c in token.children)


def _has_aux(token: Token, words: set[str]) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in words for c in token.children)


REPORTING = {"say", "announce", "confirm", "add", "tell", "state", "report", "declare", "insist", "indicate",
             "reveal", "disclose", "signal", "write"}


def reported_clause(token: Token, through: tuple[str, ...]) -> Token | None:
    """The clause a verb of saying reports (its ccomp) that holds `token`, reached through at most two links of
    the kinds `through` names ("said it would invest", "told MPs that the US had agreed"); None if there is none."""
    node = token
    for _ in range(3):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in REPORTING:
            return node
        if node.dep_ not in through or node.head is node:
            return None
        node = node.head
    return None


def _reported_would(token: Token) -> bool:
    """"HSBC said it would invest $2.1bn": "would" in a clause that reports a statement."""
    clause = reported_clause(token, ("xcomp", "conj", "advcl"))
    return clause is not None and (_has_aux(token, {"would"}) or _has_aux(clause, {"would"}))


def _finite_past(verb: Token) -> bool:
    """A clause in the past tense with no modal: "it had suspended", "they signed"."""
    if _has_aux(verb, FUTURE_MODALS | WEAK_MODALS | {"to"}):
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and _has_aux(verb, {"had", "has", "have", "was", "were"}))


def _to_be(token: Token) -> bool:
    """"X is to buy Y": a decided, announced future."""
    return token.dep_ == "xcomp" and _has_aux(token, {"to"}) and token.head.lemma_ == "be"


def _said_to_have(token: Token) -> bool:
    """"is said to have signed", "was reported to have met"."""
    head = token.head
    return token.dep_ == "xcomp" and head.lemma_.lower() in ("say", "report", "believe", "think", "rumour") and any(
        c.dep_ == "auxpass" for c in head.children)


def _introduced_by(node: Token, marks: set[str]) -> bool:
    """Whether a clause opens with one of `marks`: as a subordinator ("once Ruritania leaves"), or as the
    adverb the parser often makes of "when" ("when the president visited Cuba")."""
    return any(c.lower_ in marks and (c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB"
                                                             and c.i == node.left_edge.i))
               for c in node.children)


def _under(token: Token, marks: set[str]) -> bool:
    """Whether the token's clause (or one above it, up to three levels) is introduced by one of `marks`."""
    node = token
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in node.children):
            return True
        if node.dep_ in ("advcl", "ccomp", "xcomp", "conj", "pcomp", "pobj", "prep", "dobj", "nsubj", "nsubjpass") \
                and node.head is not node:
            node = node.head
            if node.dep_ == "ROOT":
                return any(c.dep_ == "mark" and c.lower_ in marks for c in node.children)
        else:
            break
    return False


def _purpose(token: Token) -> bool:
    """"to offset Freedonia's influence", "in order to": a purpose clause under another verb."""
    node = token if token.pos_ in ("VERB", "AUX") else token.head
    return node.dep_ in ("advcl", "xcomp") and _has_aux(node, {"to"}) and node.head.pos_ == "VERB" and \
        node.head.lemma_.lower() not in governors()


def clause_text(token: Token) -> str:
    """The text of the clause a token stands in (up to its main, reported, adverbial or relative verb)."""
    node = token
    while node.dep_ not in ("ROOT", "ccomp", "advcl", "relcl") and node.head is not node:
        node = node.head
    return node.doc[node.left_edge.i: node.right_edge.i + 1].text
