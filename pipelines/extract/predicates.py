"""Named conditions that frames require or reject: each is one reusable question about a match.

A frame lists them by name (`requires: [names_partner]`, `rejects: [meets_a_thing]`); the engine asks
them after filling the roles. Each answers one question about the words, never about one sentence, and
stays only while something shows it pays: a hard case that fails without it (`covers:` in tests/cases,
checked by tests/test_predicates_pay.py), or a development article where it keeps a wrong row out.
`eval/ablate.py` measures what each is worth.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from pipelines.extract.engine import (
    PARTITIVES,
    Match,
    is_passive,
    marks_infinitive,
    modifiers,
    named_places,
    object_dep,
    purpose_sum,
    verb_objects,
)
from pipelines.extract.fields import PHONE_WORDS, gift_item, item_category, measure_of, phone_phrase
from pipelines.extract.values import _amount, _classify, _content_item, _item_text, _quantity
from pipelines.extract.vocabulary import (
    ADDITIVE_ADVERBS,
    AGENT_NOUNS,
    AID_CATEGORIES,
    AID_FLOWS,
    AID_HANDLERS,
    AID_WORDS,
    BANNED_FLOWS,
    DEBT_WORDS,
    DOMESTIC_AID,
    INTERNATIONAL_AID,
    MEASURE_NOUNS,
    MONTHS,
    NON_STATE_TRAVELLERS,
    NOT_FOR_SALE,
    PARTNER_PREPS,
    PROCEDURAL_STEPS,
    SECTORS,
    SUSPENDED_THINGS,
    TREATMENT_DEAL_MODIFIERS,
    engine_lexicon,
    trigger_objects,
)
from pipelines.nlp import hyphenated_word
from pipelines.resolve import acts_for_a_state, article_states, article_text, refers_to_pair

PREDICATES: dict[str, Callable[[Match], bool]] = {}


def predicate(function: Callable[[Match], bool]) -> Callable[[Match], bool]:
    PREDICATES[function.__name__] = function
    return function


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _objects(match: Match) -> list[Token]:
    verb = match.trigger if match.frame.pos == "verb" else match.clause
    return verb_objects(verb, object_dep(verb))


# -- who can take part ------------------------------------------------------------------------------

@predicate
def non_state_traveller(match: Match) -> bool:
    """"Brazil's football team will visit Argentina": sport or culture, not diplomacy; "Japan's donation of vaccines
    arrived in Taiwan": goods a gift noun names travel, no one visits (issue-10ad)."""
    from pipelines.extract.frames import all_frames

    goods = all_frames()["fact_gift"].nouns
    if any(s.lemma_.lower() in NON_STATE_TRAVELLERS or s.lemma_.lower() in goods or _nobody_for_a_state(match, s)
           for s in _children(match.trigger, "nsubj", "nsubjpass")):
        return True
    return any(s.lemma_.lower() in NON_STATE_TRAVELLERS for s in _lent_travellers(match.trigger))


def _lent_travellers(verb: Token) -> list[Token]:
    """The subject a clause above lends a travel verb that has none of its own: "British bands pay more when
    touring the US", "the squad, after arriving in Tokyo, trained" (issue-10ba): an adverbial clause, a shared
    subject, a gerund after a preposition of time, a complement of the subject's verb."""
    time_preps = engine_lexicon().time_preps
    for _ in range(3):
        if _children(verb, "nsubj", "nsubjpass", "csubj", "expl"):
            return []
        if verb.dep_ == "pcomp" and verb.head.lower_ in time_preps:
            verb = verb.head.head
        elif verb.dep_ in ("advcl", "conj", "xcomp") and verb.head is not verb:
            verb = verb.head
        else:
            return []
        subjects = _children(verb, "nsubj", "nsubjpass")
        if subjects:
            return subjects
    return []


def _nobody_for_a_state(match: Match, subject: Token) -> bool:
    """"thousands of children arrived in Britain", "hundreds of students have arrived": the traveller is a common noun
    (or a crowd counted by a number) that names no one acting for a state: no actor in it, no agent noun
    ("minister", "delegation"), no pronoun; the visitor must not be filled in from elsewhere (issue-10an)."""
    if subject.pos_ == "PRON" or subject.lemma_.lower() in AGENT_NOUNS:
        return False
    if any(t.i in match.actors.by_token for t in subject.subtree):
        return False
    return subject.pos_ == "NOUN" or any(c.dep_ == "nummod" for c in subject.children)


@predicate
def object_is_person(match: Match) -> bool:
    """"received the Chinese president" (a visit), not "received a warm welcome"."""
    mentions = match.actors.by_token
    return any((c.i in mentions and mentions[c.i].kind == "person") or c.lemma_.lower() in AGENT_NOUNS
               for c in _objects(match))


@predicate
def names_partner(match: Match) -> bool:
    """The second side is named ("talked with", "spoke with"), not left to context."""
    return bool(match.side(match.tables.roles[1]))


@predicate
def names_two_sides(match: Match) -> bool:
    """Both sides of a noun are named or referred to as a pair ("the summit" alone says nothing)."""
    codes = {a.code for role in match.tables.roles for a in match.side(role) if a.code}
    if len(codes) >= 2:
        return True
    phrase = match.trigger.doc[match.trigger.left_edge.i: match.trigger.right_edge.i + 1].text
    return refers_to_pair(phrase)


# -- meetings ---------------------------------------------------------------------------------------

@predicate
def meets_a_thing(match: Match) -> bool:
    """"met the targets", "met his golden rule", "meet US requirements": meeting a thing is no meeting
    (a state named as the thing's modifier does not make it someone)."""
    mentions = match.actors.by_token
    return any(c.pos_ == "NOUN" and c.i not in mentions and c.lemma_.lower() not in AGENT_NOUNS
               and not _face_to_face(c) for c in _children(match.trigger, "dobj"))


def _face_to_face(noun: Token) -> bool:
    """"met face to face", "met one on one": an adverb of manner the parser reads as the object (issue-10c)."""
    nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    after = noun.doc[noun.i + 2] if noun.i + 2 < len(noun.doc) else None
    return nxt is not None and after is not None and nxt.lower_ in ("to", "on") and after.lower_ == noun.lower_


@predicate
def met_with_a_reaction(match: Match) -> bool:
    """"the plan was met with anger", "the planes were met with Israeli jets": a passive "met with" says how
    something was received (issue-10i); a meeting in the passive names who met in a "by" phrase ("was met by
    the Chinese premier")."""
    verb = match.trigger
    return is_passive(verb) and any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children) \
        and not any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in verb.children)


@predicate
def calls_someone(match: Match) -> bool:
    """"Netanyahu called Morrison", "called him by phone": a call to a person or state; not "called for",
    "called on X to", "called it a mistake", "called into question"."""
    verb = match.trigger
    if any(c.dep_ in ("oprd", "xcomp", "ccomp", "attr") and c.pos_ in ("NOUN", "ADJ", "PROPN") for c in verb.children):
        return False
    if any(c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on", "off", "up", "in", "out", "into") and c.i == verb.i + 1
           for c in verb.children):
        return False  # "called for", "called on X to", "called off"
    return mentions_phone(match) or bool(match.side(match.tables.roles[1]))


@predicate
def by_phone(match: Match) -> bool:
    """"Kerry told Cavusoglu by phone", "spoke over the telephone": a call, whatever the verb of speaking."""
    return phone_phrase(match.trigger)


def mentions_phone(match: Match) -> bool:
    """A call is a meeting only by phone or video ("a call for sanctions" is not)."""
    return any(t.lower_ in PHONE_WORDS for t in match.trigger.subtree)


@predicate
def purpose_of_a_meeting(match: Match) -> bool:
    """"Kenyan and Tanzanian officials met in Arusha to discuss a border dispute" (issue-10ap): what a meeting is held
    to do is that meeting, not a second one still to come (the purpose clause of a trigger verb of the same table)."""
    verb = match.trigger
    if verb.dep_ not in ("advcl", "xcomp") or not marks_infinitive(verb):
        return False
    head = verb.head
    return head.pos_ in ("VERB", "AUX") and bool(match.tables.frames_for(head.lemma_.lower(), "verb"))


@predicate
def destination_is_state(match: Match) -> bool:
    """Travel is a visit only to a place we can put in a state ("arrived in Kenya")."""
    return any(a.actor_type == "state" for a in match.side(match.tables.roles[1]))


# -- meetings, by class (issue-10z inventory) --------------------------------------------------------

@predicate
def meets_in_a_contest(match: Match) -> bool:
    """"the two sides met in the final": a sporting fixture, not a meeting of states."""
    contests = engine_lexicon().contest_nouns
    return any(p.lower_ in ("in", "at") and any(o.lemma_.lower() in contests for o in _children(p, "pobj"))
               for p in _children(match.trigger, "prep"))


@predicate
def counted_as_a_result(match: Match) -> bool:
    """"lost two of the three visits they made there", "drew twice in six meetings": fixtures counted as
    won or lost, not meetings of states."""
    noun, prep = match.trigger, match.trigger.head
    contest = engine_lexicon().contest_verbs
    if noun.dep_ == "dobj":
        return prep.lemma_.lower() in contest
    if noun.dep_ != "pobj" or prep.lower_ not in ("of", "in"):
        return False
    holder = prep.head
    if prep.lower_ == "of" and holder.pos_ == "NUM":
        # "won two of the visits", "beat them in four of the six meetings since 2010"
        holder = holder.head.head if holder.dep_ == "pobj" and holder.head.lower_ == "in" else holder.head
    elif prep.lower_ == "in" and not _children(noun, "nummod"):
        return False  # "won concessions in talks with the IMF" is a meeting
    return holder.pos_ in ("VERB", "AUX") and holder.lemma_.lower() in contest


@predicate
def joint_parties(match: Match) -> bool:
    """"Kenya and Uganda discussed the border": two parties named together as one side are parties to each other
    (issue-10c); "Kenya discussed the border" names one. Not where a meeting noun of the verb's own phrases tells
    the event ("in a phone call, X and Y discussed": the call is the row)."""
    told = any(match.tables.frames_for(o.lemma_.lower(), "noun") for p in _children(match.trigger, "prep")
               for o in _children(p, "pobj"))
    return not told and any(role in match.joint_roles and len({a.code for a in match.side(role) if a.code}) >= 2
                            for role in match.tables.roles)


@predicate
def unplaced_official(match: Match) -> bool:
    """"President Gomez refused to meet the American envoy": a side named as a holder of a state office (lexicon
    `office_words` in the title the text gives) whose state the text does not say is NULL, not nobody (issue-10c);
    "Bono met the Irish president", "Mr Smith visited Kenya" name no official. Only the subject or object of a
    meeting verb (the people around a meeting noun are looser: a domestic host of a dinner, unlabelled BBC), and
    only where the article names no other state the official could be of."""
    if match.frame.pos != "verb":
        return False
    offices = engine_lexicon().office_words
    named = {a.code for role in match.tables.roles for a in match.side(role) if a.code}
    if article_states(match.trigger.doc) - named:
        return False  # another state of the article may be the official's ("Deputy Prime Minister X" in a UK story)
    for role in match.tables.roles:
        found = match.side(role)
        if found and not any(a.code for a in found) and any(
                a.actor_type == "person" and a.role and offices & set(a.role.lower().split()) for a in found):
            return True
    return False


# -- deals ------------------------------------------------------------------------------------------

@predicate
def agrees_on_substance(match: Match) -> bool:
    """"agreed to cooperate on energy", "agreed on a ceasefire": not "agreed to meet again" (a next step)
    nor "agreed that" (an opinion)."""
    verb = match.trigger
    steps = [c for c in verb.children if c.dep_ == "xcomp"]
    if any(s.lemma_.lower() in PROCEDURAL_STEPS for s in steps) or _agrees_on_a_view(verb):
        return False
    return bool(steps) or any(c.dep_ == "prep" and c.lower_ in ("on", "to") for c in verb.children)


def _agrees_on_a_view(verb: Token) -> bool:
    """"agreed on the need for calm", "agreed to disagree" (issue-10e): what is agreed on is a view (lexicon.yaml
    `opinion_topics`), no deal."""
    views = engine_lexicon().opinion_topics
    if any(c.dep_ == "xcomp" and (c.lemma_.lower() in views or _meeting_object(c)) for c in verb.children):
        return True
    return any(c.dep_ == "prep" and c.lower_ in ("on", "to") and any(
        p.lemma_.lower() in views or _is_meeting(p) or _arranges_a_meeting(p) for p in _children(c, "pobj"))
        for c in verb.children)


def _arranges_a_meeting(noun: Token) -> bool:
    """"agreed on a date for the summit", "on the agenda of the talks" (issue-10i): what is agreed is how a meeting
    will be held, a next step the meetings table tells."""
    return any(q.dep_ == "pobj" and _is_meeting(q) for c in noun.children if c.dep_ == "prep" and c.lower_ in ("for", "of")
               for q in c.children)


@predicate
def not_for_sale(match: Match) -> bool:
    """Buying or selling bonds, currency, the chairmanship: no deal between states. For a noun, what its "of"
    phrase names ("the purchase of dollars")."""
    if any(s.lemma_.lower() in NOT_FOR_SALE | {"pound", "yen", "yuan", "rouble"}
           for s in _children(match.trigger, "nsubj")):
        return True  # "one pound buying $1.91": exchange rates
    if match.frame.pos == "noun":  # "the purchase of dollars from", "the acquisition of bonds" (issue-10b)
        things = [p for c in match.trigger.children if c.dep_ == "prep" and c.lower_ == "of"
                  for p in c.children if p.dep_ == "pobj"]
        return any(t.lemma_.lower() in NOT_FOR_SALE for t in things)
    objects = _objects(match)
    # "bought 40% of Greek bonds", "sold part of its debt": what a measure is of is what is bought (issue-10i)
    objects += [q for o in objects if o.lemma_.lower() in MEASURE_NOUNS for c in _children(o, "prep") if c.lower_ == "of"
                for q in _children(c, "pobj")]
    return not objects or any(o.lemma_.lower() in NOT_FOR_SALE for o in objects)


@predicate
def signs_up_to_a_text(match: Match) -> bool:
    """"signed up to the statement", "signed on to the joint declaration on Ukraine" (issue-10i): a state adhering to
    a text others made joins it; it makes no deal with a state the text is about."""
    verb = match.clause
    if any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in match.trigger.children):
        return False  # "signed up to a joint statement with Mexico" names its partner
    return match.frame.pos == "noun" and verb is not match.trigger and verb.lemma_.lower() == "sign" and any(
        c.dep_ == "prt" and c.lower_ in ("up", "on") for c in verb.children)


@predicate
def co_buyers(match: Match) -> bool:
    """"Disney and Prince Al-Walid will buy the new stock": buyers together, not parties to each other."""
    first, second = match.tables.roles
    return len({a.code for a in match.side(first) if a.code}) >= 2 and not match.side(second)


@predicate
def object_is_deal(match: Match) -> bool:
    from pipelines.extract.frames import all_frames

    deals = set(all_frames()["fact_deal"].nouns)
    return any(o.lemma_.lower() in deals for o in _objects(match))


@predicate
def order_to_act(match: Match) -> bool:
    """issue-10aw: "had orders from Washington to guard the pipeline", "orders not to cross", and "in order to
    keep ...", "in order for the men to stay": an order to do something is a command or a subordinator, not goods
    ordered (an infinitive hangs on the noun)."""
    return _infinitive_complement(match.trigger, (*INFINITIVE_DEPS, "ccomp"))


# -- trade ------------------------------------------------------------------------------------------

@predicate
def trade_balance(match: Match) -> bool:
    """A deficit, surplus or turnover is trade only "with" or "between" partners or as trade ("trade turnover"),
    not a budget deficit or a firm's turnover."""
    noun = match.trigger
    return any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in noun.children) or any(
        c.lower_ == "trade" for c in noun.children)


@predicate
def figure_without_partner(match: Match) -> bool:
    """A trade figure of a named state whose partner the text does not name ("US exports rose 12%") is a
    total with the whole world, so the article's other state is no partner; a figure with a named partner
    ("the deficit with China") is someone's, and that may be the article's state."""
    owner, partner = match.tables.roles
    return any(a.code for a in match.side(owner)) and not any(a.code for a in match.side(partner))


# -- gifts ------------------------------------------------------------------------------------------

@predicate
def gives_goods_or_money(match: Match) -> bool:
    """What is given is goods, aid or money ("gave more time", "gave Japan Airlines a boost" are not)."""
    item = gift_item(match)
    if item is None or item.pos_ == "PRON" or eases_a_measure(item):
        return False
    if helps_people_in_need(match):
        return True
    # A sum offered with no word of aid and to no one ("offered €900m, which the board turned down") is a
    # bid, not a gift; "offered £960m to an international scheme" is a pledge.
    offered = match.frame.lemma == "offer" and not any(
        c.dep_ in ("dative", "prep") and c.lower_ in ("to", "for") for c in match.trigger.children)
    if not offered and any(t.ent_type_ == "MONEY" and _amount(t.doc, t)[0] is not None for t in _objects(match)):
        return True  # "provided some $250 million in development aid": a sum of money handed over
    sum_ = purpose_sum(item)
    if not offered and sum_ is not None and _amount(sum_.doc, sum_)[0] is not None:
        return True  # "provide Pakistan with $3bn in oil": the "with" phrase holds the sum (issue-10y)
    category = item_category(item)
    counted = _quantity(item.doc, item)[0] is not None
    if category == "other":
        return counted and item.lemma_.lower() not in SENT_PEOPLE | NOT_TRANSFERRED and match.frame.lemma in (
            "donate", "gift", "present", "hand", "deliver", "send", "ship", "return")
    if category == "money":
        named_aid = bool(re.search(r"aid|grant|loan|fund|donation|money|cash|assistance|relief",
                                   _item_text(item), re.IGNORECASE))
        if offered or _amount(item.doc, item)[0] is None:
            return named_aid
        return True  # "€45m support for agri-businesses": counted money is given, whatever it is called
    # "military and diplomatic backing": a coordinated head noun says what the object is
    heads = [item, *(c for c in item.children if c.dep_ == "conj")]
    return not any(h.lemma_.lower() in NOT_TRANSFERRED for h in heads)


# People sent abroad are no goods: "sent 2,000 troops to", "dispatched 40 observers" (issue-10y).
SENT_PEOPLE = {"troop", "soldier", "personnel", "officer", "diplomat", "envoy", "official", "delegation",
               "adviser", "advisor", "observer", "monitor", "peacekeeper", "police", "policeman", "marine",
               "mercenary", "volunteer", "expert", "staff", "inspector", "reinforcement", "people", "man", "men"}

# What is "given" without changing hands: "gave its support", "provided details".
NOT_TRANSFERRED = {"support", "backing", "opportunity", "details", "statement", "speech",
                   "service", "access", "chance", "help", "view", "time", "boost", "warning", "assurance",
                   "guarantee", "permission", "approval", "go-ahead", "priority", "attention", "advice",
                   # issue-10ao: a contest's result "handed" to the loser ("handed Ruritania a 3-0 defeat")
                   "defeat", "victory", "win", "loss", "draw", "beating", "thrashing", "drubbing", "hammering"}


@predicate
def funds_abroad(match: Match) -> bool:
    """"China will finance the airport": funding counts when a state pays for something abroad."""
    first, second = match.tables.roles
    givers = [a for a in match.side(first) if a.code]
    return bool(givers) and (bool(match.side(second)) or _abroad_text(match.sent.text))


@predicate
def receives_aid_or_goods(match: Match) -> bool:
    """"Kenya received two helicopters from the US", "receive $950m a year from donors"."""
    item = gift_item(match)
    if item is None:
        return False
    from pipelines.extract.frames import all_frames

    if item.lemma_.lower() in all_frames()["fact_gift"].nouns:
        return False  # an aid noun as object is the noun frame's
    category = item_category(item)
    counted = _quantity(item.doc, item)[0] is not None
    return category in AID_CATEGORIES or (category != "other" and counted)


@predicate
def relieves_debt(match: Match) -> bool:
    """"write off the debts of", "defer repayments": relief on what a state owes."""
    objects = _objects(match)
    objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
    relief = any({t.lower_ for t in o.subtree} & DEBT_WORDS for o in objects)
    match.discourse.debt_relief = match.discourse.debt_relief or relief
    return relief


# Flows that are aid by their name (not "support", "funding" or "contribution", which may be for a bid or a
# home project)
NAMED_AID_FLOWS = frozenset({"aid", "assistance", "relief"})


@predicate
def more_aid_counted(match: Match) -> bool:
    """"Japan had raised its support for Asia to $2.2bn a year": more aid, with money counted; "doubled its
    assistance to Laos": a flow that is aid by its name needs no sum (issue-10as), "raised its support for the
    bid" does."""
    objects = [o for o in _objects(match) if o.lemma_.lower() in AID_FLOWS]
    if any(o.lemma_.lower() in NAMED_AID_FLOWS for o in objects):
        return True
    return bool(objects) and any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in match.trigger.subtree)


@predicate
def gift_noun_is_transfer(match: Match) -> bool:
    """An aid noun that names a transfer: not "aid agency" or "Aid Commissioner", not "mutual assistance",
    not a question ("what aid was needed"), not a suspension ("halted aid": a sanction)."""
    noun = match.trigger
    if noun.dep_ == "compound" and (noun.head.lemma_.lower() in AID_HANDLERS or noun.text[:1].isupper()):
        return False
    if any(c.dep_ == "amod" and c.lower_ in ("mutual", "reciprocal") for c in noun.children):
        return False
    if eases_a_measure(noun):
        return False
    if any(c.dep_ == "det" and c.lower_ in ("what", "which", "any", "whatever") for c in noun.children):
        return False
    verb = match.clause if match.clause is not noun else None
    if verb is None and noun.dep_ in ("dobj", "nsubjpass"):
        verb = noun.head  # "slashed its contribution to the UN": a verb that carries no aid still stops it
    if verb is not None and verb.lemma_.lower() in SUSPENDING_VERBS:
        return False
    item = gift_item(match)
    category = item_category(item) if item is not None else "other"
    if match.frame.lemma in ("package", "delivery", "gift", "shipment") and category in ("other", "money") \
            and not AID_WORDS.search(noun.doc[noun.left_edge.i: noun.right_edge.i + 1].text):
        return False  # a package of money or of unnamed things is aid only when its phrase says so
    if DOMESTIC_AID.search(match.sent.text):
        return False
    return category != "other" or match.frame.lemma in ("aid", "assistance", "relief", "bailout") \
        or helps_people_in_need(match)



@predicate
def contribution_is_given(match: Match) -> bool:
    """issue-10az: a contribution is a gift only where its phrase names a sum, what is given ("a contribution of
    50 tents") or aid, or where it goes to a receiver the text names: "France's contribution of 50 million euros",
    "Japan's contribution to the UN", "a contribution to the relief effort"; not "made a strong contribution to
    profits" or "a contribution to the debate", which the noun's own word alone would count as money."""
    noun = match.trigger
    if any(t.ent_type_ == "MONEY" or t.like_num for t in noun.subtree):
        return True
    item = gift_item(match)
    if item is not None and item.i != noun.i:
        return True
    phrase = " ".join(t.text for t in noun.subtree if t.i != noun.i)
    if AID_WORDS.search(phrase) or _abroad_text(phrase):
        return True
    return any(a.code for a in match.side(match.tables.roles[1]))

# Measures whose relief is their easing, not aid (issue-10l).
PUNITIVE_MEASURES = frozenset({"sanction", "sanctions", "embargo", "tariff", "duty", "penalty"})


def eases_a_measure(noun: Token) -> bool:
    """"sanctions relief", "tariff relief": the easing of a measure between states, no gift (issue-10l)."""
    return any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in PUNITIVE_MEASURES for c in noun.children)


# --- issue-10j ----------------------------------------------------------------------------------------------
# What is given when it is called help or support: aid where it reaches people in need.
HELP_NOUNS = frozenset({"help", "support", "assistance"})


def helps_people_in_need(match: Match) -> bool:
    """"provided support to Syrian refugees", "gave help to flood victims in Pakistan": help or support that
    reaches people in need (lexicon `people_in_need`) is aid; given to a state, a cause or a plan ("offered its
    support to France") it is backing, no gift."""
    item = gift_item(match)
    if item is None or item.lemma_.lower() not in HELP_NOUNS:
        return False
    needy = engine_lexicon().people_in_need
    heads = [match.trigger] if match.clause is match.trigger else [match.trigger, match.clause]
    return any(c.dep_ in ("prep", "dative") and c.lower_ in ("to", "for")
               and any(p.dep_ == "pobj" and p.lemma_.lower() in needy for p in c.children)
               for h in heads for c in h.children)


SUSPENDING_VERBS = {"halt", "suspend", "freeze", "cut", "withdraw", "stop", "withhold", "scrap", "abolish", "axe",
                    "end", "reduce", "slash"}


def _abroad_text(text: str) -> bool:
    return not DOMESTIC_AID.search(text) and bool(INTERNATIONAL_AID.search(text))


# -- sanctions --------------------------------------------------------------------------------------

def measure_noun(match: Match) -> bool:
    """A ban, freeze or restriction of something between states ("a ban on imports", "asset freeze"), not
    "a smoking ban" or "a pay freeze"."""
    return measure_of(match.trigger) is not None


@predicate
def measure_or_aimed_at_state(match: Match) -> bool:
    """A ban, restriction or penalty is a measure between states when it names what it stops ("a ban on
    imports") or is aimed at a state itself ("will not lift the ban on the European Union", "restrictions
    on Russia"); not "a smoking ban" or "restrictions on the ability of individuals"."""
    if measure_noun(match):
        return True
    imposer, target = match.tables.roles
    if match.support is not None and match.support.subject_role == target and any(
            a.code for a in match.side(imposer)) and any(a.code for a in match.side(target)):
        return True  # "Pyongyang violated a ban by the UN on missile tests": a named body's measure someone breaks
    heads = {match.trigger.i: match.trigger, match.clause.i: match.clause}.values()  # "imposed a ban on Lithuania"
    aimed = [p for h in heads for c in _children(h, "prep") if c.lower_ in ("on", "against") for p in _children(c, "pobj")]
    mentions = [match.actors.mention_at(p.i) for p in aimed]
    if any(m is not None and m.kind in ("name", "bloc", "capital") and m.actor.code for m in mentions):
        return True
    return _of_another_state(match, aimed)  # "restrictions on Chinese banks", "a ban on Moldovan wine"


def _of_another_state(match: Match, things: list[Token]) -> bool:
    """What a state's measure is aimed at belongs to another state by a demonym ("Chinese banks", "Georgian
    wine", "Iranian officials"): the measure is aimed at that state (people, firms and goods stand for it). Only
    where the imposer is named and acts for a state: "the club banned Russian fans" is no measure."""
    imposers = [a for a in match.side(match.tables.roles[0]) if a.code]
    if not imposers or not all(acts_for_a_state(a) for a in imposers):
        return False
    for thing in things:
        for modifier in (c for c in thing.children if c.dep_ in ("amod", "compound")):
            mention = match.actors.mention_at(modifier.i)
            if mention is not None and mention.kind == "demonym" and mention.actor.code \
                    and mention.actor.actor_type == "state" and all(mention.actor.code != a.code for a in imposers):
                return True
    return False


@predicate
def acts_on_a_listed_thing(match: Match) -> bool:
    """What the trigger acts on is one of the things lexicon.yaml `trigger_objects` lists for its lemma (a verb's
    object; for a noun, any word of its phrase). A frame that requires it: "closed its airspace to", "recalled its
    ambassador", "expelled two diplomats" are measures between states, "closed the factory", "recalled 40,000 cars",
    "expelled migrants" are not. A frame that rejects it: "visited the ministry's website" is no visit to a state."""
    listed = trigger_objects().get(match.frame.lemma, frozenset())
    if match.frame.pos == "noun":
        return any(t.lemma_.lower() in listed for t in match.trigger.subtree)
    return any(o.lemma_.lower() in listed for o in _objects(match))


@predicate
def declared_unwelcome(match: Match) -> bool:
    """"declared two diplomats persona non grata": the verb declares one of the people lexicon.yaml `trigger_objects`
    lists for it unwelcome (issue-10ao; the parser splits the phrase too variously for the verb's object to be
    read); "declared the diplomats' mission a success" does not."""
    listed = trigger_objects().get(match.frame.lemma, frozenset())
    after = [t for t in match.trigger.subtree if t.i > match.trigger.i]
    return any(t.lower_ == "grata" for t in after) and any(t.lemma_.lower() in listed for t in after)


@predicate
def names_target_state(match: Match) -> bool:
    """A tariff is a measure between states when it is aimed at one ("tariffs on China's exports")."""
    return bool(match.side(match.tables.roles[1])) and match.tables.roles[1] not in match.fallback_roles


@predicate
def imposer_unnamed(match: Match) -> bool:
    """A measure whose imposer the text leaves out ("the sanctions against Russia"), not one whose subject
    we failed to place: a noun with no owner, modifier or agent, and no subject on its verb. (issue-10al tried an
    agentless passive verb, "Ruritania was sanctioned", and a verb whose subject is "several countries": no
    development row, one more false positive on a measured set; dropped.)"""
    if match.frame.pos != "noun":
        return False
    noun = match.trigger
    mentions = match.actors.by_token
    if any(c.dep_ in ("poss", "amod", "compound", "nmod") and (c.pos_ in ("PROPN", "PRON") or c.i in mentions)
           for c in noun.children):
        return False  # a name we could not place, or "its": not unnamed
    verb = match.clause if match.clause is not noun else None
    # the noun may be the subject of a verb that says what became of it: "the sanctions against Iran remain in
    # place" (a subject support); not of any verb ("sanctions against X remain on the table")
    own = match.support is not None and noun.dep_ == "nsubj"
    return verb is None or not any(c.dep_ in ("nsubj", "agent") and not (own and c.i == noun.i)
                                   and not _unnamed_states(match, c) for c in verb.children)


# A group of states the text leaves unnamed: "some European countries", "21 nations" (issue-10l).
GROUP_OF_STATES = frozenset({"country", "nation", "state", "government"})
# "world powers", "six major powers" (issue-10al): states only with a word that says so
POWERS = frozenset({"power"})
POWER_KINDS = frozenset({"world", "major", "great", "global", "western", "foreign", "leading", "nuclear"})


def _unnamed_states(match: Match, token: Token) -> bool:
    """A plural group of states that names none ("several Nordic nations urged sanctions", "air links
    with 21 countries"): a side the text leaves out, NULL; never "its allies" or "EU member states", whose states
    are known (issue-10l)."""
    if token.lemma_.lower() not in GROUP_OF_STATES | POWERS or token.tag_ != "NNS":
        return False
    if token.lemma_.lower() in POWERS and not any(c.lower_ in POWER_KINDS or c.dep_ == "nummod" for c in token.children):
        return False  # "world powers", "six powers"; not "new powers" given to a body
    if any(c.dep_ == "poss" or c.lower_ in ("member", "its", "their", "both", "two") for c in token.children):
        return False
    return not any(a.code for a in match.actors.actors_of(token))


def _subject_words(verb: Token) -> list[Token]:
    """A verb's active subjects, or, for a conjunct or complement without its own, those of the verb it hangs on
    ("pledged and sent aid", "agreed to send aid")."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ in ("conj", "xcomp"):
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return subjects


def _subject_unnamed_states(match: Match, verb: Token) -> bool:
    """"Several countries expelled Russian diplomats": the verb's subject is a group of states left unnamed."""
    subjects = _subject_words(verb)
    return len(subjects) == 1 and _unnamed_states(match, subjects[0])


@predicate
def party_unnamed_states(match: Match) -> bool:
    """A deal with a group of states the text leaves unnamed ("signed a nuclear deal with world powers", "six
    countries agreed a pact with Iran"): that side is NULL (issue-10al)."""
    verb = match.trigger if match.frame.pos == "verb" else match.clause
    heads = {match.trigger, verb}
    phrases = [o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in ("with", "between", "among")
               for o in p.children if o.dep_ == "pobj"]
    return any(_unnamed_states(match, o) for o in phrases) or (
        not is_passive(verb) and _subject_unnamed_states(match, verb))


@predicate
def target_unnamed_states(match: Match) -> bool:
    """A measure aimed at a group of states it leaves unnamed ("suspended flights to 21 countries", "a ban on
    imports from several countries"): the target is NULL (issue-10l)."""
    trigger = match.trigger
    heads = [trigger] if match.clause is trigger else [trigger, match.clause]
    phrases = [c for h in heads for c in h.children if c.dep_ in ("prep", "dobj") and c.i != trigger.i
               and (c.dep_ == "dobj" or c.lower_ in ("on", "against", "to", "with", "from", "for", "of"))]
    groups = [t for p in phrases for t in p.subtree]
    return any(_unnamed_states(match, t) for t in groups)


@predicate
def stops_a_flow(match: Match) -> bool:
    """"banned imports of Japanese seafood", "barred flights": what is banned flows between states."""
    objects = _objects(match)
    return any(o.lemma_.lower() in BANNED_FLOWS and o.lemma_.lower() not in ("ambassador", "envoy")
               for o in objects) or _of_another_state(match, objects)  # "banned Georgian wine"


@predicate
def suspends_a_benefit(match: Match) -> bool:
    """Stopping aid, flights, visas or accounts the target had ("halted aid to Rwanda"); a firm stopping
    its own flights is business, not a state's measure."""
    if match.frame.pos == "noun":  # "suspension of aid", "cuts to military aid", "a reduction in aid"
        things = [t for p in match.trigger.children if p.dep_ == "prep" and p.lower_ in ("of", "to", "in", "on")
                  for t in p.children if t.dep_ == "pobj"]
    else:
        things = _objects(match)
        if _stops_a_trade_act(match):
            return True
        # "halted aid and loans", "halted a $2bn scheme funding vehicles" (a noun the parser made a compound)
        things += [c for o in things for c in o.children if c.dep_ in ("conj", "compound")]
        things += [_content_item(o) for o in things]  # "froze €22bn of funding"
    for thing in things:
        lemma = thing.lemma_.lower()
        if not {lemma, thing.lower_, hyphenated_word(thing)} & SUSPENDED_THINGS.keys():
            continue
        if lemma in ("programme", "program", "support") and not any(
                t.lower_ in ("aid", "lending", "loan", "budget", "financial", "funding", "fund", "grant",
                             "assistance", "military", "security") for t in thing.subtree):
            continue
        imposers = match.side(match.tables.roles[0])
        # "Lufthansa is to stop its flights": a firm's business decision, not a state's measure
        return not imposers or any(acts_for_a_state(a) for a in imposers)
    return False


# Acts of trade a state can stop: "stopped buying Australian coal", "suspended importing Georgian wine".
TRADE_ACTS = {"buy", "import", "purchase", "export", "sell", "ship", "supply"}


def _stops_a_trade_act(match: Match) -> bool:
    """A gerund of trade under a stopping verb, whose goods belong to another state by a demonym or go to one
    (issue-10y)."""
    acts = [c for c in match.trigger.children if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG"
            and c.lemma_.lower() in TRADE_ACTS]
    for act in acts:
        if _of_another_state(match, verb_objects(act)):
            return True
    return False


@predicate
def gives_aid(match: Match) -> bool:
    """What is given is aid or money (not goods such as aircraft or livestock): "raised its support for Asia to
    $2.2bn a year" counts money; a noun that names the giver of aid ("one of the largest bilateral donors";
    issue-10l) gives aid."""
    item = gift_item(match)
    if any(t.ent_type_ == "MONEY" for t in match.trigger.subtree):
        return True
    if match.frame.pos == "noun" and match.frame.lemma in AID_GIVER_NOUNS:
        return _a_state_as_donor(match)
    return item is not None and item_category(item) in AID_CATEGORIES


def _a_state_as_donor(match: Match) -> bool:
    """"Ruritania is one of the biggest donors of aid": a state, bloc or body of one described as a donor with no
    receiver named; not "donors to the fund" (a receiver named, of no state) nor "Americans are generous donors"
    (people of a state, not the state)."""
    noun = match.trigger
    if any(c.dep_ == "prep" and c.lower_ in ("to", "for", "of") or c.dep_ == "poss" for c in noun.children):
        return False
    if not _said_to_be(noun):
        return False  # "the party lost its main donor": a donor named, not a state said to be one
    if any(t.i != noun.i and t.pos_ == "VERB" and match.tables.frames_for(t.lemma_.lower(), "verb") for t in match.sent):
        return False  # "the second-largest donor, contributing $46m to": a giving verb tells the gift itself
    # the state the text says is a donor ("Germany is a donor"), not an owner ("Ruritania's donors" give to it)
    givers = {a.code for a in match.side(match.tables.roles[0])
              if a.code and match.slot_of.get(a) == "governing_subject"}
    mentions = match.actors.mentions_in(match.sent)
    people = [m for m in mentions if m.kind == "demonym" and m.actor.code in givers
              and noun.doc[m.end - 1].dep_ not in ("amod", "compound")]
    return bool(givers) and not people


def _said_to_be(noun: Token) -> bool:
    """A noun the clause says its subject is ("Germany is a donor", "remains one of the largest donors")."""
    head = noun
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ == "one":
        head = head.head.head
    return head.dep_ in ("attr", "oprd") and head.head.lemma_.lower() in ("be", "remain", "become", "stay")


# Nouns that name whoever gives aid (issue-10l).
AID_GIVER_NOUNS = frozenset({"donor"})


@predicate
def aid_goes_abroad(match: Match) -> bool:
    """Aid with no named receiver is a row only where it goes abroad: the sentence says so, or the giver is
    a bloc or an international organisation, whose aid always leaves it."""
    if DOMESTIC_AID.search(match.sent.text):
        return False
    givers = match.side(match.tables.roles[0])
    return bool(INTERNATIONAL_AID.search(match.sent.text)) or any(g.actor_type in ("bloc", "igo") for g in givers)


def unnamed_donors(match: Match) -> bool:
    """"aid from international donors", "donors' aid package": givers exist but go unnamed."""
    trigger = match.trigger
    words = {t.lemma_.lower() for t in trigger.subtree}
    if trigger.dep_ == "pobj":
        words |= {t.lemma_.lower() for t in trigger.head.subtree}
    if match.clause is not trigger:
        words |= {t.lemma_.lower() for c in match.clause.children if c.dep_ == "prep" for t in c.subtree}
    return bool(words & {"donor", "creditor", "lender", "community"})


@predicate
def giver_not_a_state(match: Match) -> bool:
    """A giver the row leaves NULL: donors left unnamed ("aid from international donors"), or a giver named that
    is no state and stands for none: a charity or other non-governmental body ("Oxfam sent 20 tonnes of food
    to Yemen"; issue-10y). Never a person, whose state we may only have failed to find."""
    if unnamed_donors(match):
        return True
    verb = match.trigger if match.frame.pos == "verb" else match.clause
    if verb is match.trigger and match.frame.pos == "noun" or is_passive(verb):
        return False
    subjects = _subject_words(verb)
    if len(subjects) != 1:
        return False
    subject = _reporter_of_pronoun(verb, subjects[0])
    if _unnamed_states(match, subject):
        return True  # "foreign governments have sent aid to Haiti" (issue-10al)
    if any(a.code for a in match.actors.actors_of(subject)):
        return False
    # "Action Against Hunger says it is providing": a named body the text calls "it" is no person
    called_it = subject is not subjects[0] and subjects[0].lower_ == "it" and subject.text[:1].isupper()
    return subject.ent_type_ == "ORG" or subject.lemma_.lower() in NON_STATE_GIVERS or (
        called_it and subject.ent_type_ not in ("PERSON", "GPE", "NORP"))


def _reporter_of_pronoun(verb: Token, subject: Token) -> Token:
    """"The charity says it is providing food to ...": the pronoun subject of a reported clause stands for
    whoever reports it, the subject of the reporting verb (issue-10al); any other subject is itself."""
    if subject.lower_ not in ("it", "they", "we") or verb.dep_ != "ccomp":
        return subject
    reporters = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return reporters[0] if len(reporters) == 1 and reporters[0].pos_ != "PRON" else subject


# Bodies that give aid and stand for no state (issue-10y).
NON_STATE_GIVERS = {"charity", "ngo", "foundation", "organisation", "organization", "group", "society",
                    "trust", "fund", "appeal"}


@predicate
def shares_intelligence(match: Match) -> bool:
    """"shared evidence with Saudi Arabia": intelligence handed to another state."""
    item = gift_item(match)
    return item is not None and item_category(item) == "intelligence"


@predicate
def modifier_names_the_target(match: Match) -> bool:
    """"the Cuban embargo" in a story of the embargo on Cuba: a state named as the measure's modifier is the
    one it is aimed at, not its imposer, when the article has already made that state the target."""
    imposer, target_role = match.tables.roles
    target = match.discourse.story_target
    if target is None or target_role not in match.fallback_roles and match.side(target_role):
        return False  # "Cuban sanctions on Washington": a target named outright leaves the modifier the imposer
    return any(a.code == target and match.slot_of.get(a) == "modifier" for a in match.side(imposer))


@predicate
def names_treatment(match: Match) -> bool:
    """"Canada is getting a raw deal from the US": "deal" as how one is treated, never an agreement (issue-10au)."""
    return any(c.dep_ == "amod" and c.lower_ in TREATMENT_DEAL_MODIFIERS for c in match.trigger.children)


def says_it_repeats(verb: Token) -> bool:
    """The clause of `verb` says it repeats an event told before: "also", "too", "likewise", "as well"."""
    adverbs = [c for c in verb.children if c.dep_ == "advmod"]
    return any(a.lower_ in ADDITIVE_ADVERBS or (a.lower_ == "well" and any(c.lower_ == "as" for c in a.children))
               for a in adverbs)


@predicate
def repeats_the_story_measure(match: Match) -> bool:
    """"Bahrain, the UAE and Sudan slashed ties as well", told after "Saudi Arabia broke off ties with Iran": a
    measure that names no other side of its own and says it repeats one told before is aimed at the story's
    target (issue-10au). Without the additive word ("Kuwait cut ties") or with a side of its own ("cut ties with
    the rebels") the story's target is not taken."""
    if match.discourse.story_target is None:
        return False
    heads = {match.trigger, match.clause}
    if any(c.dep_ == "prep" and c.lower_ in PARTNER_PREPS for h in heads for c in h.children):
        return False
    return says_it_repeats(match.clause)


@predicate
def describes_the_giver(match: Match) -> bool:
    """"the US is the world's largest donor", "Germany, one of the largest donors": a standing description of
    the giver, not a gift to anyone in particular, so no other state of the article stands in as receiver."""
    noun = match.trigger
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in PARTITIVES:
        noun = noun.head.head
    return match.frame.pos == "noun" and noun.dep_ in ("attr", "appos")


@predicate
def not_a_news_conference(match: Match) -> bool:
    """A conference of states, not a "news conference" or "press conference" (unless the two sides give it
    jointly: "held a joint news conference with" means they met)."""
    words = {c.lower_ for c in match.trigger.children}
    return "joint" in words or not words & {"news", "press"}


@predicate
def pays_aid(match: Match) -> bool:
    """"paid $662 million in aid as compensation": money paid as aid, compensation or reparations, not a
    purchase price."""
    item = gift_item(match)
    return item is not None and item.lemma_.lower() in ("aid", "assistance", "compensation", "reparation",
                                                          "relief", "damages", "grant", "donation", "support")


@predicate
def market_transaction(match: Match) -> bool:
    """A sale, purchase, takeover or investment: its buyer and seller are named, or it may be domestic or
    on a market ("the refinery was sold to an obscure holding company"), so no stand-in takes a side."""
    return match.frame.kind == "investment" or match.frame.lemma in ("sale", "purchase", "takeover",
                                                                      "acquisition", "merger", "merge")


@predicate
def agrees_to_act(match: Match) -> bool:
    """"Rosneft has agreed to merge with Gazprom", "the government agreed to hold elections": agreeing to do
    something, with nobody named to agree with, may be a promise at home."""
    return match.frame.pos == "verb" and match.frame.lemma == "agree"


# -- the sense of the whole article (issue-10q) -------------------------------------------------------

# An article using this many different sport words is about sport (lexicon.yaml `sport_words`).
SPORT_ARTICLE_MIN = 3

_WORD = re.compile(r"[a-z]+")


def sport_article(doc: Doc) -> bool:
    """Whether a document is about sport: it uses at least SPORT_ARTICLE_MIN different sport words, as
    written or without a plural "s". Read on the whole text (`resolve.article_text`: the pre-filter parses only
    some sentences), once per document."""
    cached = doc.user_data.get("sport_article")
    if cached is None:
        words = engine_lexicon().sport_words
        text = article_text(doc).lower()
        used = {w if w in words or not w.endswith("s") else w[:-1] for w in _WORD.findall(text)}
        cached = len(used & words) >= SPORT_ARTICLE_MIN
        doc.user_data["sport_article"] = cached
    return bool(cached)


def _names_an_office(match: Match) -> bool:
    """A side is a state's office holder ("Foreign Minister Lavrov": coded, with a title naming an office or
    a secretary of state), or the sentence names an office of a government. A manager, a captain or an
    uncoded name ("Wales" read as a person) holds none."""
    offices = engine_lexicon().office_words
    for role in match.tables.roles:
        for actor in match.side(role):
            title = set((actor.role or "").lower().split())
            if actor.actor_type == "person" and actor.code and title & (offices | {"secretary"}):
                return True
    return any(t.lemma_.lower() in offices for t in match.sent)


@predicate
def teams_in_a_sport_article(match: Match) -> bool:
    """In an article about sport a country named bare is its team ("Ireland met Switzerland in the
    qualifier", "the visit of South Africa"): a match there is a state's only when a side is someone who
    holds an office or the sentence names one ("the sports minister met his Irish counterpart")."""
    return sport_article(match.trigger.doc) and not _names_an_office(match)


# A score: two numbers of at most three digits joined by a hyphen, no part of a longer number, a date range ("on
# 14-16 May") or a compound ("a 16-35-year-old").
_SCORE = re.compile(r"(?<![\w.,-])(\d{1,3})\s?-\s?(\d{1,3})(?![\w%-]|[.,]\d)(?:\s+([A-Za-z]+))?")


def _tells_a_score(sentence: Span) -> bool:
    """"ended in a 20-3 win", "lost 3-1 in Lima": a score beside a word of a contest's result."""
    words = engine_lexicon()
    if not any(t.lemma_.lower() in words.contest_verbs | words.result_nouns for t in sentence):
        return False
    return any((m.group(3) or "").lower() not in MONTHS for m in _SCORE.finditer(sentence.text))


def _names_a_fixture(sentence: Span) -> bool:
    """"flew to Tokyo for the qualifier", "ahead of the game against Japan": a noun that names a sporting
    fixture, or one that does when it is played against someone ("the arms race against" is no fixture)."""
    words = engine_lexicon()
    for token in sentence:
        if token.pos_ in ("VERB", "AUX", "ADP"):
            continue  # "to match the offer"
        lemma = token.lemma_.lower()
        if {lemma, token.lower_, token.lower_.removesuffix("s")} & words.fixture_nouns:
            return True  # the model may tag "the qualifier" an adjective with a lemma of its own
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        if lemma in words.played_nouns and any(c.dep_ == "prep" and c.lower_ == "against" for c in token.children):
            return True
    return False


@predicate
def a_sporting_fixture(match: Match) -> bool:
    """Outside an article about sport too, a sentence that tells a sporting fixture (a score beside a result,
    a noun that names a fixture) is about teams: "Brazil travelled to Argentina for the qualifier", "the French
    squad's visit to Dublin ended in a 20-3 win". A meeting there is a state's only when a side holds an office
    or the sentence names one ("the sports minister flew to Tokyo for the final"; issue-10ba)."""
    return (_names_a_fixture(match.sent) or _tells_a_score(match.sent)) and not _names_an_office(match)


# -- deals (issue-10x) ------------------------------------------------------------------------------

# The dependencies by which a word's infinitive hangs on it ("a bid to join", "the money to bid for").
INFINITIVE_DEPS = ("acl", "xcomp", "advcl", "relcl")


def _infinitive_complement(token: Token, deps: tuple[str, ...] = INFINITIVE_DEPS) -> bool:
    """"a bid to join the bloc", "bid to host the games": the word opens an infinitive of what is attempted."""
    return any(c.dep_ in deps and c.pos_ in ("VERB", "AUX") and marks_infinitive(c) for c in token.children)


@predicate
def bid_to_buy(match: Match) -> bool:
    """A bid is a deal only as an offer to buy ("a takeover bid", "its bid for the steelmaker"), not an attempt
    ("backed Ruritania's bid to join the bloc", "a bid for membership")."""
    words = engine_lexicon()
    trigger = match.trigger
    if _infinitive_complement(trigger):
        return False
    goals = [o for c in trigger.children if c.dep_ == "prep" and c.lower_ == "for"
             for o in c.children if o.dep_ in ("pobj", "pcomp")]
    if any(g.lemma_.lower() in words.attempt_goals | NOT_FOR_SALE or g.pos_ == "VERB" for g in goals):
        return False
    markers = {c.lemma_.lower() for c in modifiers(trigger)}
    priced = any(t.ent_type_ == "MONEY" for t in trigger.subtree)
    # "may raise their bid to £1.3bn", "tabled a formal bid": a verb that only an offer takes
    carried = match.support is not None and match.frame.pos == "noun" and match.support.status == "proposed"
    return bool(goals) or bool(markers & words.purchase_offer_words) or priced or carried


def _pays_for(token: Token, goals: frozenset[str]) -> bool:
    """The word's infinitive of purpose or its "for" phrase names one of `goals`: "to bid for", "to fund the
    takeover of", "to take over", "for the buyout of"."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            if any(o.dep_ == "pobj" and o.lemma_.lower() in goals for o in child.children):
                return True
        elif child.dep_ in INFINITIVE_DEPS and child.pos_ in ("VERB", "AUX") and marks_infinitive(child):
            if child.lemma_.lower() in goals or (child.lemma_.lower() == "take" and any(
                    p.dep_ == "prt" and p.lower_ == "over" for p in child.children)):
                return True
            if any(o.dep_ == "dobj" and o.lemma_.lower() in goals for o in child.children):
                return True
    return False


@predicate
def finances_an_acquisition(match: Match) -> bool:
    """Money lent or given to pay for a bid or a takeover is acquisition finance, a transaction between firms, not a
    gift ("a bank agreed to lend the bidder the money to bid for the refinery", "a $2bn loan to fund the takeover
    of"), when a firm lends or borrows (an organization on either side); "lent Ruritania $2bn to buy oil" and a
    state's loan to a state for a takeover stay loans (issue-10ax)."""
    if not any(a.actor_type == "organization" for found in match.roles.values() for a in found):
        return False
    goals = engine_lexicon().acquisition_goals
    return any(_pays_for(head, goals) for head in [match.trigger, *_objects(match)])


# Prepositions that name the other side of a purchase or sale: the seller "from", the buyer "to".
COUNTERPARTY_PREPS = {"buy": "from", "acquire": "from", "purchase": "from", "procure": "from", "order": "from",
                      "sell": "to"}


@predicate
def counterparty_unplaced(match: Match) -> bool:
    """"sold the carmaker to a consortium", "bought the jets from a dealer": the other side of a sale is named
    but is no state we can tell, so the object's state is no side of it."""
    prep = COUNTERPARTY_PREPS.get(match.frame.lemma)
    if prep is None or match.frame.pos != "verb":
        return False
    actors = match.actors
    heads = [match.trigger, *_objects(match)]
    phrases = [p for h in heads for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ == prep
               for p in c.children if p.dep_ == "pobj"]
    return bool(phrases) and not any(a.code for p in phrases for a in actors.actors_of(p))


@predicate
def orders_goods(match: Match) -> bool:
    """"ordered 26 jets from France": what is ordered is goods or equipment, not "ordered an inquiry", "ordered
    the withdrawal of troops" or "ordered 16,000 migrants to wait"."""
    objects = _objects(match)
    if not objects:
        return False
    item = objects[0]
    if item.pos_ == "PRON" or item.lemma_.lower() in NOT_FOR_SALE:
        return False
    goods = item_category(item) in ("military_equipment", "vehicle", "food", "medical")
    sector = _classify(_item_text(item), SECTORS, "other") in ("transport", "defense", "energy", "oil_gas",
                                                               "nuclear_energy")
    return goods or sector


@predicate
def partner_unplaced(match: Match) -> bool:
    """"a new accord with its bondholders", "a deal with the rebels": the other side is named in a
    "with" or "between" phrase but is no state we can tell, so the article's other state is no stand-in."""
    heads = [match.trigger] + ([match.clause] if match.clause is not match.trigger else [])
    partners = [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("with", "between")
                for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")]
    return any(not _names_a_state(match, p) and not refers_to_pair(p.doc[p.left_edge.i: p.right_edge.i + 1].text)
               for p in partners)


def _names_a_state(match: Match, phrase: Token) -> bool:
    """A phrase that names a state or its body, not only its owner: "its bondholders" names no state of its own
    (the bondholders of Ruritania are no side Ruritania)."""
    actors = match.actors
    owners = {t.i for c in phrase.children if c.dep_ == "poss" for t in c.subtree}
    return any(m is not None and m.actor.code for t in phrase.subtree if t.i not in owners
               for m in [actors.mention_at(t.i)])


@predicate
def named_after_place(match: Match) -> bool:
    """"the Kyoto protocol", "the Paris agreement": a deal named after the city it was made in is a named,
    often many-sided treaty; the article's other state is no stand-in for its parties."""
    if match.frame.pos != "noun":
        return False
    return bool(named_places(match.trigger, match.actors))


# -- deals and agreements (issue-10e) -----------------------------------------------------------------

def _meeting_object(step: Token) -> bool:
    """"agreed to resume talks", "agreed to hold a summit": an act whose object is a meeting is a next step, told
    by the meetings table."""
    return any(_is_meeting(o) for o in _children(step, "dobj"))


def _is_meeting(noun: Token) -> bool:
    """A noun of the meetings frames ("talks", "a summit"): "agreed to talks with Iran" is a meeting planned."""
    from pipelines.extract.frames import all_frames

    return noun.lemma_.lower() in all_frames()["fact_meeting"].nouns


@predicate
def entertainment_deal(match: Match) -> bool:
    """"The Argentine midfielder signed a contract with an English club", "the Brazilian singer signed a deal with
    an American label", "sold the film rights to a Chinese distributor", "agreed to a rematch": a performer's or a
    sportsman's contract, or a trade in a work or a performance (lexicon.yaml `entertainment_parties`,
    `entertainment_goods`), not a deal between the states their names carry."""
    words = engine_lexicon()
    things = [match.trigger, *_objects(match), *(p for c in _children(match.trigger, "prep") if c.lower_ in ("to", "on")
                                                 for p in _children(c, "pobj"))]   # "agreed to a rematch"
    if any(t.lemma_.lower() in words.entertainment_goods or any(
            c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in words.entertainment_goods
            for c in t.children) for t in things):
        return True
    sides = {a for actors in match.roles.values() for a in actors}
    for mention in match.actors.mentions_in(match.sent):
        if not sides.intersection(mention.actors):
            continue
        last = match.sent.doc[mention.end - 1]
        holder = last.head if last.dep_ in ("amod", "compound", "nmod", "poss") else last
        if holder.lemma_.lower() in words.entertainment_parties:
            return True
    return False
