"""Sanctions: measures one state or bloc takes against another, and their status."""

from __future__ import annotations

from spacy.tokens import Token

from pipelines import reference
from pipelines.extract.rows import Candidate
from pipelines.extract.toolkit import RuleToolkit
from pipelines.extract.values import _measure
from pipelines.extract.vocabulary import (
    BANNED_FLOWS,
    RELATIONS_VERBS,
    SANCTION_VERBS,
    SUSPEND_VERBS,
    SUSPENDED_THINGS,
)
from pipelines.resolve import Actor, refers_to_pair, state_actor


class SanctionRules(RuleToolkit):
    """Sanction triggers: imposing, extending, lifting, bans, suspensions, expulsions, cut ties."""

    def _sanction_from_verb(self, verb: Token) -> list[Candidate]:
        lemma = verb.lemma_.lower()
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "for"):
                objects += [c for c in prep.children if c.dep_ == "pobj"]
        measure_noun = next((o for o in objects if _measure(o) is not None), None)
        if lemma in SUSPEND_VERBS and measure_noun is None:
            return self._suspension(verb, objects)
        if lemma not in SANCTION_VERBS:
            return []
        if lemma == "expel" and measure_noun is None:
            if not any(o.lemma_.lower() in ("diplomat", "ambassador", "envoy", "attache") for o in objects):
                return []
            measure = "diplomatic_expulsion"
            targets = [a for o in objects for a in self.actors.actors_of(o)]
        elif measure_noun is None and lemma in ("ban", "bar", "block", "recall"):
            # "banned imports of Japanese seafood", "recalled its ambassador to Australia"
            flow = next((o for o in objects if o.lemma_.lower() in BANNED_FLOWS), None)
            envoy = flow is not None and flow.lemma_.lower() in ("ambassador", "envoy")
            if flow is None or envoy != (lemma == "recall"):
                return []
            measure = BANNED_FLOWS[flow.lemma_.lower()]
            targets = self._prep_args(flow, ("to", "from", "of", "in")) + self._prep_args(verb, ("from",))
            targets += [a for c in flow.children if c.dep_ in ("amod", "compound", "nmod")
                        for a in self.actors.actors_of(c)] + self._nested_targets(flow)
        elif measure_noun is None:
            return []
        else:
            measure = _measure(measure_noun)
            self.used_nouns.add(measure_noun.i)
            targets = self._prep_args(measure_noun, ("on", "against", "to")) + self._prep_args(
                verb, ("on", "against"))
            targets += self._nested_targets(measure_noun)
        status = self.status(verb, SANCTION_VERBS[lemma], "sanction")
        if status is None:
            return []
        imposers = self._subject(verb) if all(o.dep_ != "nsubjpass" for o in objects) else self._prep_args(
            verb, ("by",))
        if measure_noun is not None:
            # "called for new EU sanctions": the bloc named on the measure imposes it, not the caller.
            own = [a for c in measure_noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                   for a in self.actors.actors_of(c) if a.actor_type != "person"]
            imposers = own or imposers
        if lemma == "face":  # "China could face sanctions": the subject is the target
            imposers, targets = self._prep_args(measure_noun, ("from", "by")), self._subject(verb)
        return self._sanction_rows(imposers, targets, verb, measure, status)

    def _relations_cut(self, verb: Token) -> list[Candidate]:
        """"Canada cut diplomatic ties with Iran": a measure against the other state."""
        found = self._diplomatic_ties(verb) if RELATIONS_VERBS[verb.lemma_.lower()] == "imposed" else None
        if found is None:
            return []
        _, pairs = found
        status = self.status(verb, "imposed", "sanction")
        if status is None or not pairs:
            return []
        return self._sanction_rows([pairs[0][0]], [pairs[0][1]], verb, "other", status)

    def _suspension(self, verb: Token, objects: list[Token]) -> list[Candidate]:
        thing = next((o for o in objects if o.lemma_.lower() in SUSPENDED_THINGS or o.lower_ in SUSPENDED_THINGS),
                     None)
        if thing is None:
            return []
        measure = SUSPENDED_THINGS.get(thing.lemma_.lower()) or SUSPENDED_THINGS[thing.lower_]
        if thing.lemma_.lower() in ("programme", "program", "support") and not any(
                t.lower_ in ("aid", "lending", "loan", "budget", "financial") for t in thing.subtree):
            return []
        status = self.status(verb, "imposed", "sanction")
        if status is None:
            return []
        self.used_nouns.add(thing.i)
        targets = self._prep_args(thing, ("to", "for", "of")) + self._prep_args(verb, ("to", "for", "from"))
        targets += [a for c in thing.children if c.dep_ in ("poss", "amod", "compound")
                    for a in self.actors.actors_of(c) if c.pos_ != "PRON"]
        # "British Airways is to halt its flights to Jeddah": a firm's business decision, not a state's measure
        subjects = self._subject(verb)
        if subjects and all(a.actor_type == "organization" for a in subjects):
            return []
        if not subjects and not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return []  # "courts sent in bailiffs to freeze Yukos accounts": someone we cannot place, likely at home
        return self._sanction_rows(subjects, targets, verb, measure, status)

    def _sanction_from_noun(self, noun: Token) -> list[Candidate]:
        measure = _measure(noun)
        if measure is None:
            return []
        head = noun.head
        if head.lemma_.lower() in SANCTION_VERBS and head.pos_ == "VERB":
            return []
        imposers = [a for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
                    for a in self.actors.actors_of(c)] + self._prep_args(noun, ("by", "from"))
        targets = self._prep_args(noun, ("on", "against", "to")) + self._nested_targets(noun)
        targets = [t for t in targets if t not in imposers]
        # A measure named without a verb is in force, also under "moves to lift the ban".
        status = "in_force"
        if head.lemma_.lower() in ("threat",):
            status = "threatened"
        if not targets and imposers:
            nearest = self._nearest_state_before(noun, {a.code for a in imposers})
            targets = [nearest] if nearest else []
        remembered = self.context.last_sanction_target
        if not targets and imposers and remembered and remembered not in {a.code for a in imposers}:
            targets = [state_actor(remembered)]  # "its own sanctions ... would remain": on whom the story says
        return self._sanction_rows(imposers, targets, noun, measure, status, conf_penalty=0.1)

    def _nested_targets(self, noun: Token) -> list[Actor]:
        """"a ban on arms exports to China": the target sits one phrase deeper."""
        result = []
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        result += self._prep_args(pobj, ("to", "from", "on", "against"))
            elif prep.dep_ == "acl" and prep.lemma_.lower() in ("impose", "place", "slap", "aim", "target"):
                result += self._prep_args(prep, ("on", "against", "at"))  # "the embargo imposed on China"
        return result

    def _nearest_state_before(self, token: Token, exclude: set) -> Actor | None:
        best = None
        for mention in self.actors.mentions():
            if (mention.start < token.i and mention.actor.code not in exclude
                    and reference.is_state(mention.actor.code)):
                best = state_actor(mention.actor.code)
        return best

    def _sanction_rows(self, imposers, targets, trigger: Token, measure: str, status: str,
                       conf_penalty: float = 0.0) -> list[Candidate]:
        imposers = [a for a in imposers if a.code]
        targets = [a for a in targets if a.code and a not in imposers]
        rows = []
        if not targets and len({a.code for a in imposers}) >= 2 and status in ("eased", "lifted"):
            # "India and Pakistan eased restrictions": measures each side had on the other
            imposers, targets = imposers[:1], [a for a in imposers if a.code != imposers[0].code][:1]
        if not targets and not imposers and refers_to_pair(self.doc.text):
            pair = self.context.pair_referent()
            if pair:
                imposers, targets = [state_actor(pair[0])], [state_actor(pair[1])]
                conf_penalty += 0.2
        if not targets:
            return []
        for target in targets:
            imposer = imposers[0] if imposers else None
            if imposer is not None and imposer.code == target.code:
                continue
            conf = (0.85 if imposer else 0.6) - conf_penalty
            fields = {"measure": measure, "status": status, "reason": None}
            key = ("sanction", imposer and imposer.code, target.code, measure)
            rows.append(self._candidate("fact_sanction", imposer, target, fields, conf, trigger, key))
        return rows
