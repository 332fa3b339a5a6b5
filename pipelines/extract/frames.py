"""Event frames as data: which words start an event of which table, and where its sides are.

Each table has one file in `pipelines/frames/` (deals.yaml, gifts.yaml, ...). A frame names a trigger lemma (a verb
or a noun), the event's kind, its base status, and for each role the syntactic slots that fill it, in
order. Nouns also take status and a side from a support verb ("held talks", "imposed sanctions on").
The engine (`engine.py`) applies every frame the same way; the files are loaded and checked once.

Slots (see `engine.Slots`):

- `subject`: the clause subject of a verb trigger, through control ("plans to visit"), relative clauses
  ("Putin, who visited India") and shared subjects ("met X and signed"); in the passive, the "by" agent.
  For a noun trigger, the subject of the support or governing verb ("Russia wants talks").
- `object`: the direct object (in the passive, the passive subject); `verb_object`: for a noun, the object
  of the verb that carries it ("threatened Tehran with sanctions"); `dative`: the indirect object;
  `object_of`: states in the object's "of" or "for" phrase ("write off the debts of Iraq").
- a preposition (`with`, `to`, `from`, `between`, `on`, `against`, `for`, `by`, `in`, `at`, `of`, `into`,
  `over`, `about`): the objects of that preposition on the trigger, and for a noun also on its support
  verb ("held talks with").
- `owner`: the possessor of a noun ("Russia's sanctions"); `modifier`: states named as modifiers of a
  noun ("US sanctions", "Sino-Russian talks").
- `party_modifier`: `modifier`, less a lone place that names the event ("the Kyoto protocol").
- `place`: the state of a place in an "in"/"at"/"to" phrase ("talks in Beijing").
- `nested`: states named deeper inside the trigger's phrases ("a ban on arms exports to China").
- `preceding`: the state named last before the trigger in its sentence ("Myanmar's junta ... Western
  sanctions").
- `beneficiary`: states named inside the trigger's (or its object's) "to", "for" and "in" phrases or
  its purpose clause ("aid for those affected in Yemen").
- `thanker`: the subject of a "thank" verb above the trigger ("X thanked Y for donating": X received).
- `destination`: for a noun that is the subject of a verb of arriving (lexicon `arrival_verbs`), the state it
  arrived in or reached ("a shipment of rice from Ruritania arrived in Freedonia"; issue-10ao); for a participle
  verb, that of the noun it qualifies ("tanks supplied by Ruritania arrived in Freedonia"; issue-10as).
- `described_place`: for a participle verb, the "in" phrase of the noun it qualifies ("Ruritanian-funded
  hospitals in Freedonia"; issue-10as).
- `permitter`: the state that lets the trigger happen ("X allowed the WFP to deliver food": X received).
- `visited`: the state a coordinated visit went to ("visited Caracas and signed agreements").
- `attendees`: the people of a verbless list that a meeting noun places ("Modi, Kishida and Albanese at
  the Tokyo summit", a caption); parties to each other.
- `partner`: the other side of a meeting or deal the first side took part in, told in the same sentence
  ("after talks with Chinese envoys, who promised to finance an airport": for the Philippines).
- `agreed_act`: states the agreed act is done to or with ("Spain agreed to open its ports to Greek
  products"): the objects and the to/for/with/from/against phrases of the infinitive an agreeing verb takes,
  never its subordinate clauses, and nothing where the act is an event of its own ("agreed to send tanks").
- `agreed_thing`: states in the "with" phrase of what an agreeing verb agrees to or on ("Russia agreed to a prisoner
  swap with Ukraine", "agreed on a plan with Japan"; issue-10e).
- `means_subject`: for a noun in the "with" phrase of a verb, that verb's subject ("responded to the flood with a
  donation to Freedonia": the responder gives).
- `purpose`: for a noun, states named in its support verb's purpose clause, while no role has two states ("won a
  tender to build an airport in Senegal").
- `condition_subject`: who must act first in an "until" or "unless" clause of the trigger's verb ("will
  not end the embargo until Iran accepts inspections").
- `story_target`, `story_imposer`: the target and imposer of the latest sanction in the article ("its own
  sanctions", "the embargo" told again).
- `governing_subject`: the subject of whatever verb takes a noun trigger as its object ("Putin hailed
  the talks with X").
- `framed_act`: for a noun that frames the act of its clause (a table's `adjunct_support`: "X lifts the blockade
  of Y in an agreement", "under a deal, X sells gas to Y"), the states and blocs that act is done to: the
  clause's object, that object's of/to/on/against phrase, and the clause's to/with phrase. Only nouns marked
  `frames_clause: true` frame a clause, and only a clause that tells its act as done, with a side on each hand
  and none named in the noun's own phrase (issue-10a). Also (issue-10aq) what the complement of a framing verb the
  noun is the subject of names ("the pact binds X to buy Y's gas"; table key `framing_status`, lexicon
  `framing_verbs`), and what a framing relative clause names besides its subject ("a deal under which X will
  supply electricity to Y").
- `framing_party`: whom a framing verb binds ("the accord commits X and Y to ...", "gives X access"), or the
  subject of the noun's framing relative clause ("a deal under which X will supply Y") (issue-10aq).
- `accession_body`: for a meeting noun that a membership word modifies ("Ruritania's accession talks", lexicon
  `membership_nouns`), the one bloc or international organisation its sentence names ("NATO ministers chose a day to
  open Ruritania's membership talks"; issue-10ay).
- `main_state`: the one state the article named most before the sentence, not named in the trigger's phrase (the
  owner of a trade balance told with its partner only: "The deficit with China rose"; issue-10ad).
- `clause_subject`, `clause_object`: for a noun in an adjunct ("during a phone call, Biden assured
  Zelensky"), the subject and object of the clause it modifies; `clause_place`, the place that clause
  names ("who is in Oslo on the first day of a tour"); `clause_people`, people named in that clause
  ("expressed backing for Mr Lula in a phone call").

A slot written in brackets, `(place)`, fills its role only when the slots before it found nobody.

A noun may say `modified_by: [words]`: it is a trigger only with one of those words as its modifier ("punitive
measures", not "security measures"; issue-10l), and the pre-filter looks for it only beside one of them.
A verb may say `participle_status: S`: as a past participle qualifying a noun ("a truce negotiated by X and Y") it
tells a thing done, with status S, and only its own negation counts, not the words governing the noun (issue-10au).
A verb or noun may say `parse_beside: [words]`: the engine reads it as ever, but the sentence pre-filter sends a
sentence to the parser for it only when one of those words is in the sentence too ("poured" beside "million" or
"aid"; issue-10ag). Such a trigger, and a noun with `modified_by`, is no form that makes a sentence worth
parsing for the names in it (`pipelines.frames.trigger_forms`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from pipelines.frames import TABLE_FILES, load_yaml

PREPOSITIONS = {"with", "to", "from", "between", "on", "against", "for", "by", "in", "at", "of", "into", "over",
                "about", "among", "toward", "towards", "across"}
SLOTS = {"subject", "object", "verb_object", "object_of", "dative", "owner", "modifier", "place", "nested", "preceding",
         "clause_subject", "clause_object", "clause_place", "clause_people", "governing_subject", "beneficiary",
         "thanker", "permitter", "visited", "attendees", "story_target", "story_imposer", "partner",
         "condition_subject", "agreed_act", "purpose", "party_modifier", "agreed_thing",
         "means_subject", "framed_act", "main_state", "candidate", "joined", "destination",
         "framing_party", "described_place", "accession_body"} | PREPOSITIONS


# A support verb whose subject is no side of the event: a go-between ("brokered", "mediated").
NO_ROLE = "none"


class FrameError(ValueError):
    """A frame file that does not say what the engine can apply."""


@dataclass(frozen=True)
class Slot:
    name: str
    fallback: bool = False  # fills its role only when the slots before it found nobody

    @classmethod
    def parse(cls, text: str, where: str) -> Slot:
        fallback = text.startswith("(") and text.endswith(")")
        name = text.strip("()")
        if name not in SLOTS:
            raise FrameError(f"{where}: unknown slot {text!r}")
        return cls(name, fallback)


@dataclass(frozen=True)
class Frame:
    """One trigger word of one table."""

    table: str
    lemma: str
    pos: str  # "verb" or "noun"
    kind: str | None
    status: str | None  # the trigger's own status; None: the table's (or, for nouns, the support verb's)
    roles: dict[str, tuple[Slot, ...]]
    item: tuple[Slot, ...] = ()
    requires: tuple[str, ...] = ()
    rejects: tuple[str, ...] = ()
    particle: str | None = None  # "take over", "write off", "call off"
    forms: tuple[str, ...] = ()  # surface forms, where the lemma alone is ambiguous ("talks", not "talk")
    joint: frozenset[str] | None = None  # the table's joint slots, unless the frame says otherwise
    bare_status: str | None = "table"  # a noun's status with no support verb ("table": the table's)
    support: dict[str, Support] | None = None  # the table's support verbs, unless the frame has its own
    frames_clause: bool = False  # the noun may frame its clause's act through the table's `adjunct_support`
    means: bool = False  # the noun may be the means of its clause's act through the table's `means_support`
    # A noun that is a trigger only with one of these words as its modifier ("punitive measures", not
    # "security measures"); the pre-filter looks for the noun beside one of them
    modified_by: tuple[str, ...] = ()
    # issue-10au: a verb's status as a past participle qualifying a noun ("a truce negotiated by X and Y" was
    # agreed, whatever the clause above it says); None: as any other form of the verb
    participle_status: str | None = None

    @property
    def name(self) -> str:
        return f"{self.table}:{self.pos}:{self.lemma}"


@dataclass(frozen=True)
class Support:
    """A verb that carries a noun trigger: "hold talks", "impose sanctions", "receive aid"."""

    lemma: str
    status: str | None
    # The role the verb's subject fills, when not the table's default; NO_ROLE: none, for a go-between ("Qatar
    # brokered a deal between Sudan and Chad": the deal is theirs, not Qatar's).
    subject_role: str | None = None
    particle: str | None = None


@dataclass(frozen=True)
class TopicOfTalks:
    """issue-10az: a table's noun that is what talks are about ("in talks with X about a possible alliance") takes
    the talks' sides, with a status that follows the talks' own (held talks: the thing is under negotiation)."""

    nouns: frozenset[str]  # the meeting nouns whose topic the noun may be ("talks", "negotiations")
    prepositions: frozenset[str]  # through which ("talks on", "about", "over")
    status: dict[str, str]  # the talks' status -> the noun's


@dataclass(frozen=True)
class TableFrames:
    table: str
    roles: tuple[str, ...]  # the two roles, in the order of the table's side columns
    symmetric: bool
    base_status: str
    bare_noun_status: str | None  # status of a noun no support verb governs (None: asserts nothing)
    stand_in: frozenset[str]  # trigger kinds ("verb", "noun") whose one named side may take a stand-in
    joint: frozenset[str]  # slots whose coordinated members are parties to each other ("X and Y met")
    null_sides: dict[str, tuple[str, ...]]  # role that may stay NULL -> predicates that must hold for it
    stand_in_unless: tuple[str, ...]  # predicates that forbid a stand-in counterpart
    verbs: dict[str, tuple[Frame, ...]]
    nouns: dict[str, tuple[Frame, ...]]
    support: dict[str, Support]
    subject_role: str  # the role a support verb's subject fills by default
    subject_tense: bool = False  # an event noun as subject takes its verb's tense ("the summit will discuss")
    trigger_words: frozenset[str] = field(default=frozenset())
    # Verbs that say what became of an event noun that is their active subject: "the deal collapsed".
    subject_support: dict[str, Support] = field(default_factory=dict)
    rejects: tuple[str, ...] = ()  # predicates that reject a match of any of the table's frames (a sense check)
    # issue-10e: a role naming two parties to each other outranks a fallback side ("X and Y signed an accord in
    # Moscow": Russia is the venue); not for meetings, where the state talks are held in may be their host.
    pair_outranks_fallback: bool = False
    # issue-10ak: trigger kinds whose one named side may take the teller of its reported clause as the other
    # ("Straw told MPs the US had agreed to free them"), and predicates that forbid it
    teller_side: frozenset[str] = field(default=frozenset())
    teller_side_unless: tuple[str, ...] = ()
    # Prepositions through which a noun frames the act its clause tells ("X lifts the blockade of Y in an
    # agreement", "under a deal, X will sell gas to Y"): the clause's verb carries the noun with this status.
    adjunct_support: dict[str, Support] = field(default_factory=dict)
    # issue-10b: a noun marked `means` in a "with" phrase of a verb that tells an act ("modernised its navy with
    # the purchase of frigates from Italy") is carried by that verb, with this status: the act's reading is the
    # noun's ("is seeking to modernise ... with the purchase" is planned).
    means_support: Support | None = None
    # issue-10aq: the status a noun that frames a clause takes as the subject of a framing verb (lexicon
    # `framing_verbs`: "the accord commits X and Y to ..."); None: the table's nouns frame no such clause.
    framing_support: Support | None = None
    # issue-10az: a noun of the table that is the topic of talks takes their sides (None: the table's never does)
    topic_of_talks: TopicOfTalks | None = None

    def frames_for(self, lemma: str, pos: str) -> tuple[Frame, ...]:
        return (self.verbs if pos == "verb" else self.nouns).get(lemma, ())


def _roles(spec: dict[str, Any], names: tuple[str, ...], where: str) -> dict[str, tuple[Slot, ...]]:
    roles = {}
    for role in names:
        slots = spec.get(role, [])
        roles[role] = tuple(Slot.parse(s, f"{where}.{role}") for s in slots)
    return roles


def _frames(table: str, pos: str, entries: dict[str, Any], role_names: tuple[str, ...],
            default_roles: dict[str, Any], predicates: set[str], where: str) -> dict[str, tuple[Frame, ...]]:
    result: dict[str, list[Frame]] = {}
    for lemma, spec in (entries or {}).items():
        for one in spec if isinstance(spec, list) else [spec or {}]:
            at = f"{where}.{lemma}"
            unknown = set(one) - {"kind", "status", "item", "requires", "rejects", "particle", "forms", "joint",
                                  "support", "bare_status", "frames_clause", "means", "modified_by",
                                  "parse_beside", "participle_status", *role_names}
            if unknown:
                raise FrameError(f"{at}: unknown keys {sorted(unknown)}")
            for name in [*one.get("requires", []), *one.get("rejects", [])]:
                if name not in predicates:
                    raise FrameError(f"{at}: unknown predicate {name!r}")
            roles = _roles({**default_roles, **{r: one[r] for r in role_names if r in one}}, role_names, at)
            result.setdefault(lemma, []).append(Frame(
                table=table, lemma=lemma, pos=pos, kind=one.get("kind"), status=one.get("status"), roles=roles,
                item=tuple(Slot.parse(s, f"{at}.item") for s in one.get("item", [])),
                requires=tuple(one.get("requires", [])), rejects=tuple(one.get("rejects", [])),
                particle=one.get("particle"), forms=tuple(one.get("forms", [])),
                joint=frozenset(one["joint"]) if "joint" in one else None,
                bare_status=one.get("bare_status", "table"), frames_clause=bool(one.get("frames_clause", False)),
                means=bool(one.get("means", False)),
                modified_by=tuple(str(w).lower() for w in one.get("modified_by", [])),
                participle_status=one.get("participle_status"),
                support=_support(one["support"], role_names, f"{at}.support") if "support" in one else None))
    return {lemma: tuple(frames) for lemma, frames in result.items()}


def _support(entries: dict[str, Any], role_names: tuple[str, ...], where: str) -> dict[str, Support]:
    result = {}
    for lemma, spec in (entries or {}).items():
        if not isinstance(spec, dict):
            spec = {"status": spec}
        role = spec.get("subject_role")
        if role is not None and role not in role_names and role != NO_ROLE:
            raise FrameError(f"{where}.{lemma}: unknown role {role!r}")
        result[lemma] = Support(lemma, spec.get("status"), role, spec.get("particle"))
    return result


def parse_table(data: dict[str, Any], predicates: set[str], where: str) -> TableFrames:
    table = data["table"]
    roles = tuple(data["roles"])
    for slot in data.get("joint", []):
        Slot.parse(slot, f"{where}.joint")
    null_sides = data.get("null_sides") or {}
    for role in null_sides:
        if role not in roles:
            raise FrameError(f"{where}.null_sides: unknown role {role!r}")
    for name in [*(n for names in null_sides.values() for n in names or []), *data.get("stand_in_unless", []),
                 *data.get("rejects", []), *data.get("teller_side_unless", [])]:
        if name not in predicates:
            raise FrameError(f"{where}: unknown predicate {name!r}")
    verbs = _frames(table, "verb", data.get("verbs", {}), roles, {}, predicates, f"{where}.verbs")
    nouns = _frames(table, "noun", data.get("nouns", {}), roles, data.get("noun_roles", {}), predicates,
                    f"{where}.nouns")
    support = _support(data.get("support", {}), roles, f"{where}.support")
    words = {lemma for lemma in [*verbs, *nouns, *support]} | {
        form for frames in nouns.values() for f in frames for form in f.forms}
    return TableFrames(
        table=table, roles=roles, symmetric=bool(data.get("symmetric", False)), base_status=data["base_status"],
        bare_noun_status=data.get("bare_noun_status"), stand_in=frozenset(data.get("stand_in", [])),
        joint=frozenset(data.get("joint", [])),
        null_sides={role: tuple(names or []) for role, names in (data.get("null_sides") or {}).items()},
        stand_in_unless=tuple(data.get("stand_in_unless", [])),
        verbs=verbs, nouns=nouns,
        support=support, subject_role=data.get("subject_role", roles[0]),
        subject_tense=bool(data.get("subject_tense", False)), trigger_words=frozenset(words),
        subject_support=_support(data.get("subject_support", {}), roles, f"{where}.subject_support"),
        rejects=tuple(data.get("rejects", [])), pair_outranks_fallback=bool(data.get("pair_outranks_fallback", False)),
        teller_side=frozenset(data.get("teller_side", [])), teller_side_unless=tuple(data.get("teller_side_unless", [])),
        adjunct_support=_support(data.get("adjunct_support", {}), roles, f"{where}.adjunct_support"),
        means_support=_support({"with": data["means_support"]}, roles, f"{where}.means_support")["with"]
        if "means_support" in data else None,
        framing_support=_support({"framing": data["framing_status"]}, roles, f"{where}.framing_status")["framing"]
        if "framing_status" in data else None,
        topic_of_talks=_topic_of_talks(data.get("topic_of_talks"), f"{where}.topic_of_talks"))


def _topic_of_talks(spec: dict[str, Any] | None, where: str) -> TopicOfTalks | None:
    if not spec:
        return None
    unknown = set(spec) - {"nouns", "prepositions", "status"}
    if unknown:
        raise FrameError(f"{where}: unknown keys {sorted(unknown)}")
    prepositions = frozenset(spec["prepositions"])
    if not prepositions <= PREPOSITIONS:
        raise FrameError(f"{where}: unknown prepositions {sorted(prepositions - PREPOSITIONS)}")
    return TopicOfTalks(frozenset(spec["nouns"]), prepositions, dict(spec["status"]))


def without_predicate(frames: dict[str, TableFrames], name: str) -> dict[str, TableFrames]:
    """The frames as if the predicate `name` were struck from every list that names it (a frame's requires
    and rejects, the table's rejects, the conditions of NULL sides and of stand-ins): what a predicate is
    worth is what changes without it."""
    def strike(frame: Frame) -> Frame:
        return replace(frame, requires=tuple(n for n in frame.requires if n != name),
                       rejects=tuple(n for n in frame.rejects if n != name))

    return {table: replace(
        tables,
        verbs={lemma: tuple(strike(f) for f in fs) for lemma, fs in tables.verbs.items()},
        nouns={lemma: tuple(strike(f) for f in fs) for lemma, fs in tables.nouns.items()},
        null_sides={role: tuple(n for n in names if n != name) for role, names in tables.null_sides.items()},
        stand_in_unless=tuple(n for n in tables.stand_in_unless if n != name),
        rejects=tuple(n for n in tables.rejects if n != name))
        for table, tables in frames.items()}


@cache
def all_frames() -> dict[str, TableFrames]:
    """Every table's frames, loaded and checked once per process."""
    from pipelines.extract.predicates import PREDICATES

    return {table: parse_table(load_yaml(name), set(PREDICATES), name) for table, name in TABLE_FILES.items()}


