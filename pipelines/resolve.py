"""Actor resolution as a spaCy component: which state, bloc, organisation or person each stretch of a
document stands for.

`bilateral_actors` reads a whole parsed document (its candidate sentences, in reading order) and sets
`doc._.actors`, a `DocumentActors`: every mention with its actor, including the ones that only the
document's context resolves (surnames, pronouns, "the government", "the two countries"). Extraction
rules read it; they never change it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipelines import reference

REPORTING_VERBS = {"say", "announce", "confirm", "state", "add", "report", "insist", "claim", "admit", "reveal",
                   "deny", "warn"}
# "Boeing's rival" is not Boeing; "the Pakistani community in Manchester" is people, not Pakistan.
RELATIONAL_NOUNS = {"rival", "competitor", "opponent", "enemy", "foe", "neighbour", "neighbor", "counterpart",
                    "adversary", "challenger", "critic"}
PEOPLE_NOUNS = {"community", "diaspora", "population", "immigrant", "migrant", "refugee", "tourist", "student",
                "expatriate", "voter", "worker", "fan", "family", "descent", "origin"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
# Verbs whose subject "it" holds a place for a clause or a time ("It is likely that", "It seems", "It emerged that",
# "It could take 15 years", "It remains to be seen"): no one is meant.
PLACEHOLDER_IT_VERBS = {"be", "seem", "appear", "emerge", "remain", "happen", "follow", "matter", "take", "make",
                        "cost", "look", "sound", "feel", "become", "come", "turn", "mean", "transpire", "rain"}
# What a leader's surname may name as their state's: "the Clinton Administration", "the Merkel government".
LEADERS_GOVERNMENTS = {"administration", "government", "cabinet", "regime", "presidency", "junta"}
# Nouns that name an actor, so that "Thailand's military government" lets a later "the government" mean
# Thailand (an event noun such as "Western sanctions" names no one).
DESCRIBED_NOUNS = {"government", "administration", "regime", "junta", "leadership", "authority", "ministry",
                   "military", "army", "navy", "force", "parliament", "cabinet", "president", "leader",
                   "minister", "premier", "chancellor", "king", "monarch", "state", "country", "nation",
                   "kingdom", "republic", "delegation", "embassy", "envoy", "ambassador", "official", "diplomat",
                   "negotiator", "side", "capital", "economy"}
# "the firm", "the bank" is the story's company: the first one so described, not the latest firm named
# (a business story names firms of several states).
FIRM_NOUNS = {"firm", "company", "group", "carmaker", "airline", "bank", "operator", "giant", "maker", "producer",
              "exporter", "importer", "utility", "conglomerate", "insurer", "lender", "retailer", "supplier",
              "manufacturer", "corporation", "exchange", "fund", "investor", "brewer", "miner", "planemaker"}
# Words of an office that an organisation's official may hold: "the EU's foreign policy chief".
OFFICIAL_NOUNS = {"chief", "head", "envoy", "official", "commissioner", "representative", "spokesman",
                  "spokeswoman", "spokesperson", "director", "negotiator", "president", "secretary", "ambassador"}
PAIR_NOUNS = {"side", "nation", "country", "state", "government", "leader", "neighbour", "neighbor", "pair",
              "party", "man", "president", "minister", "capital", "administration", "delegation"}
# Descriptions that refer back to the two main parties of an article.
PAIR_PHRASES = re.compile(
    r"\b(?:the|both)\s+(?:two\s+)?(?:sides|nations|countries|states|governments|leaders|neighbours|neighbors|"
    r"pair|parties|men)\b|\bthe pair\b|\bboth\b|\bbilateral\b|\bmutual\b|\beach other\b",
    re.IGNORECASE,
)
HONORIFICS = ("Mr", "Mrs", "Ms", "Dr", "President", "Prime Minister", "Premier", "Chancellor",
              "Foreign Minister", "Foreign Secretary", "Secretary of State", "King", "Sheikh")
# States whose leaders' names put the family name first ("Xi Jinping", "Moon Jae-in", "Hun Sen").
FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "SGP", "HKG", "MAC", "MNG"}
# Words around a name that belong to the name's description: "UK-based Aggregate Industries".
_LINKING = ("'s", "’s", "-", "based", "registered")

# The doc's user-data key of the article's whole text (set by the extract stage; read by `article_text`).
ARTICLE_TEXT_KEY = "article_text"

if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


# issue-10ao: prepositions whose phrase's "its" belongs to the verb's subject ("added X to its list")
BOUND_PREPS = frozenset({"to", "into", "onto", "from"})


@dataclass(frozen=True)
class Actor:
    name: str
    actor_type: str  # state, bloc, igo, organization, person, group
    code: str | None
    role: str | None = None

    @property
    def actor_id(self) -> str:
        key = f"{self.actor_type}|{self.name.lower()}|{self.code or ''}"
        return "act_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    def as_row(self) -> dict[str, str | None]:
        return {"actor_id": self.actor_id, "actor_name": self.name, "actor_type": self.actor_type,
                "country_code": self.code, "role": self.role}


@dataclass(frozen=True)
class Mention:
    start: int  # token indices in the document
    end: int
    actors: tuple[Actor, ...]  # one, or two for "the two countries"
    kind: str  # name, demonym, capital, seat, city, bloc, organization, person, pronoun, description, pair

    @property
    def actor(self) -> Actor:
        return self.actors[0]


@dataclass(frozen=True)
class LeaderEntry:
    actor: Actor
    start_year: int | None
    end_year: int | None

    def in_office(self, year: int) -> bool:
        return (self.start_year or 0) <= year <= (self.end_year or 9999)


@dataclass
class Lexicon:
    matcher: PhraseMatcher
    entries: dict[str, tuple[Actor, str]]  # match label -> (actor, kind)
    agency_attributions: list[tuple[str, re.Pattern[str]]]  # alias -> "according to <alias>" and the like
    title_words: set[str]
    title_openers: set[str]  # first words of titles: "US President", not "West Bank"
    leaders_by_name: dict[str, list[LeaderEntry]]  # full name or alias -> terms of office
    leaders_by_surname: dict[str, list[LeaderEntry]]
    # ministers', officials' and earlier leaders' terms by surname: a surname alone stands for one of them only
    # where the document names their state or body
    surnames_where_named: dict[str, list[LeaderEntry]]
    ambiguous: dict[str, reference.AmbiguousStateName]  # match label -> a name of several states
    divided_halves: dict[str, reference.DividedStateHalf]  # "North" -> North Korea, where Korea is named
    divided_names: dict[str, re.Pattern[str]]  # "North" -> any name of the divided country's states

    def surname_terms(self, surname: str, named_states: frozenset[str], person_like: bool = True
                      ) -> list[LeaderEntry]:
        """The terms of office a surname alone may stand for: sitting leaders', and those of ministers, leaders
        before 1990 and officials of international bodies of a state or body the document names, when the word
        is read as a person's name (not "Ford" or "Suzuki" read as a firm)."""
        gated = self.surnames_where_named.get(surname, []) if person_like else []
        return self.leaders_by_surname.get(surname, []) + [t for t in gated if t.actor.code in named_states]


@cache
def treaty_name_words() -> frozenset[str]:
    """Last words of a treaty's name (frames/lexicon.yaml, checked with the engine's lists)."""
    from pipelines.frames import load_yaml

    return frozenset(str(w).lower() for w in load_yaml("lexicon.yaml")["treaty_name_words"])


@cache
def lexicon(nlp: Language) -> Lexicon:
    """Phrase patterns for every state alias, bloc, organisation and news agency (case-sensitive)."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    entries: dict[str, tuple[Actor, str]] = {}
    countries = reference.countries()

    def add(label: str, actor: Actor, kind: str, forms: set[str]) -> None:
        entries[label] = (actor, kind)
        patterns = []
        for form in sorted(forms):
            for variant in {form, form.upper() if len(form) <= 5 else form}:
                patterns.append(nlp.make_doc(variant))
        matcher.add(label, patterns)

    by_state: dict[tuple[str, str], set[str]] = {}
    for alias in reference.state_aliases():
        kind = alias.kind if alias.kind in ("demonym", "capital", "seat") else "name"
        by_state.setdefault((alias.code, kind), set()).add(alias.alias)
    for (code, kind), forms in by_state.items():
        add(f"state:{code}:{kind}", Actor(countries[code].name, "state", code), kind, forms)
    for bloc in reference.blocs().values():
        forms = set(bloc.aliases)
        forms |= {"The" + a[3:] for a in forms if a.startswith("the ")}  # sentence-initial "The West"
        if bloc.code == "WEST":
            forms.add("Western")  # "Western sanctions", "Western powers"; "West" alone is "West Bank"
        else:
            forms |= {a[4:] for a in forms if a.lower().startswith("the ")}
        forms |= {form.lower() for form in forms if _written_in_lower_case(form)}
        add(f"bloc:{bloc.code}", Actor(bloc.name, bloc.actor_type, bloc.code), "bloc", forms)
    for i, org in enumerate(reference.organizations()):
        add(f"org:{i}", Actor(org.name, org.actor_type, org.country_code, org.role), "organization",
            set(org.aliases))
    by_name, by_surname = _leader_terms(reference.leaders(), spellings=True)
    # Surnames in their other spellings ("Schroeder" of Schröder): a minister's or official's alone counts only
    # where the article names their state or body, a sitting leader's anywhere (issue-10ah: the wrong audit row
    # of eval/results/issue-10ae.md came from a meeting noun's reading, fixed in the engine).
    minister_names, surnames_where_named = _leader_terms(reference.ministers() + reference.officials(),
                                                         spellings=True)
    for form, terms in minister_names.items():
        by_name.setdefault(form, []).extend(terms)
    for name, terms in sorted(by_name.items()):
        matcher.add(f"leader:{name}", [nlp.make_doc(name)])
    ambiguous = {f"ambiguous:{shared.alias}": shared for shared in reference.ambiguous_state_names()}
    for label, shared in ambiguous.items():
        matcher.add(label, [nlp.make_doc(shared.alias)])
    # "Latin American", "ex-Soviet": a region, longer than the state's name or demonym inside it, so it
    # takes those words and names no state
    matcher.add("region", [nlp.make_doc(phrase) for phrase in reference.region_names()])
    attributions = [(alias, _attribution_pattern(alias)) for alias in reference.news_agencies()]
    title_openers = {t.split()[0].lower().rstrip(".") for t in reference.titles()}
    halves = {h.half: h for h in reference.divided_state_halves()}
    return Lexicon(matcher, entries, attributions, title_words(), title_openers, by_name, by_surname,
                   surnames_where_named, ambiguous, halves, {h.half: _names_of(h.divided) for h in halves.values()})


# Names of three words or more that news also writes in lower case ("the international criminal court"),
# except those that are ordinary phrases in lower case ("a group of seven men").
LOWER_CASE_NAME_WORDS = 3
ORDINARY_PHRASE = re.compile(r"^group of ", re.IGNORECASE)


def _written_in_lower_case(name: str) -> bool:
    """Whether a bloc's or organisation's name is still itself when written in lower case."""
    return len(name.split()) >= LOWER_CASE_NAME_WORDS and not ORDINARY_PHRASE.match(name) and name != name.lower()


def _names_of(codes: tuple[str, ...]) -> re.Pattern[str]:
    """Any name, demonym or capital of these states, or a name they share ("Korea"), as a whole word."""
    forms = {a.alias for a in reference.state_aliases() if a.code in codes}
    forms |= {n.alias for n in reference.ambiguous_state_names() if set(n.codes) & set(codes)}
    return whole_words(forms)


def whole_words(forms: Iterable[str]) -> re.Pattern[str]:
    """Any of these forms as a whole word, the longest first ("South Korea" before "Korea")."""
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b")


@cache
def _state_forms() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every state's name, demonym, capital and seat (`state_aliases.csv`), as one whole-word pattern."""
    forms = {a.alias: a.code for a in reference.state_aliases()}
    forms.update({c.name: code for code, c in reference.countries().items()})
    return whole_words(forms), forms


def article_text(doc: Doc) -> str:
    """The article's whole text, which the extract stage puts in the doc (the pre-filter parses only some
    sentences); else the doc's own."""
    return str(doc.user_data.get(ARTICLE_TEXT_KEY) or doc.text)


def article_states(doc: Doc) -> frozenset[str]:
    """The states the whole article names by name, demonym or capital (`ARTICLE_TEXT_KEY`: the pre-filter parses
    only some sentences), once per document."""
    cached = doc.user_data.get("article_states")
    if cached is None:
        pattern, forms = _state_forms()
        cached = frozenset(forms[m.group(0)] for m in pattern.finditer(article_text(doc)))
        doc.user_data["article_states"] = cached
    return cached


@cache
def title_words() -> set[str]:
    """Every word of every public title ("prime", "minister", "secretary")."""
    return {w.lower().rstrip(".") for t in reference.titles() for w in t.split()}


def _leader_terms(leaders: tuple[reference.Leader, ...], spellings: bool = False
                  ) -> tuple[dict[str, list[LeaderEntry]], dict[str, list[LeaderEntry]]]:
    """Every leader's terms of office, by each written form of their name and by their surname (with
    `spellings`, also by the other spellings of the surname in those forms)."""
    by_name: dict[str, list[LeaderEntry]] = {}
    by_surname: dict[str, list[LeaderEntry]] = {}
    for leader in leaders:
        entry = LeaderEntry(Actor(leader.name, "person", leader.country_code, leader.role),
                            leader.start_year, leader.end_year)
        for form in set(leader.aliases):
            by_name.setdefault(form, []).append(entry)
        parts = leader.name.split()
        for surname in _surname_spellings(leader) if spellings else {parts[-1]}:
            by_surname.setdefault(surname, []).append(entry)
        if leader.country_code in FAMILY_NAME_FIRST and len(parts) > 1:
            by_surname.setdefault(parts[0], []).append(entry)  # "Xi" of Xi Jinping, "Kim" of Kim Jong Un
    return by_name, by_surname


# The Arabic article written before a surname with a hyphen, which news often leaves out ("al-Sisi", "Sisi").
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|Al|El)-(?=[A-Z])")


def _surname_spellings(leader: reference.Leader) -> set[str]:
    """The surname of a name as the table writes it, and the other spellings of that same surname in its
    written forms, as one token: a transliteration without diacritics ("Steinbrueck", "Simsek" of
    "Steinbrück", "Şimşek"), and the surname without its Arabic article ("Shahristani" of
    "al-Shahristani"). Not another word of a form ("Larry" of "Larry Summers")."""
    surname = leader.name.split()[-1]
    spellings = {surname}
    for form in (leader.name, *leader.aliases):
        written = _ARTICLE_PREFIX.sub("", form.split()[-1])
        if _folded(written) == _folded(_ARTICLE_PREFIX.sub("", surname)):
            spellings.add(written)
    return spellings


def same_name_spelled_otherwise(written: str, known: str) -> bool:
    """Two spellings of one given name, as transliteration varies them ("Yassir"/"Yasser"/"Yasir",
    "Mohamed"/"Muhammad", "Sergei"/"Sergey"): the same first letter and the same consonants in order, doubled
    ones once; names of fewer than three consonants ("Ali", "Ed") are too short to tell."""
    a, b = _consonants(written), _consonants(known)
    return written != known and len(a) >= 3 and a == b


def _consonants(word: str) -> str:
    folded = _folded(word)
    if not folded.isalpha():
        return ""
    tail = re.sub(r"[aeiouy]", "", folded[1:])
    return folded[0] + re.sub(r"(.)\1+", r"\1", tail)


def _folded(word: str) -> str:
    """A word without its diacritics and without the "e" that writes them out ("ü" = "ue" = "u")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word.replace("ß", "ss"))
                    if not unicodedata.combining(c)).lower().replace("ı", "i")
    return plain.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def leader_at(terms: list[LeaderEntry], published: dt.date | None,
              named_states: frozenset[str] = frozenset()) -> Actor | None:
    """The office a leader (or the bearers of a surname) held when the article was written.

    Dated: the one state among the terms in office that year (none, or several states: unknown).
    Undated: the states of all terms agree (the latest term), else unknown.
    Bearers of several states: those whose state the document names outright (`named_states`), if that
    leaves one state ("Ivanov" in an article about Russia)."""
    if not terms:
        return None
    found = _leader_at(terms, published)
    if found is None and named_states:
        return _leader_at([t for t in terms if t.actor.code in named_states], published)
    return found


def _leader_at(terms: list[LeaderEntry], published: dt.date | None) -> Actor | None:
    if not terms:
        return None
    if published is not None:
        current = [t for t in terms if t.in_office(published.year)]
        codes = {t.actor.code for t in current}
        if len(codes) == 1:
            latest = max(current, key=lambda t: t.start_year or 0)
            names = {t.actor.name for t in current}
            return latest.actor if len(names) == 1 else Actor(terms[0].actor.name, "person", latest.actor.code)
        return None
    if len({t.actor.code for t in terms}) == 1 or len({t.actor.name for t in terms}) == 1:
        return max(terms, key=lambda t: t.start_year or 0).actor  # the latest office
    return None


# The document-level mechanisms of issue 10, by name: each can be turned off to measure what it is worth
# (eval/ablate.py --mechanism NAME; tests/test_coreference.py).
DOCUMENT_MECHANISMS = ("governments", "quoted_speaker", "titled_subject", "surname_states", "definite_titles",
                       "definite_states", "teller_side", "previous_subject_it", "earlier_mention")


@dataclass(frozen=True)
class Mechanisms:
    """Which document-level mechanisms a reading uses: all of them in production; a measurement turns some
    off. Carried by the reading of one document (no module state), so that one process may read two
    documents differently."""

    switched_off: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        unknown = sorted(self.switched_off - set(DOCUMENT_MECHANISMS))
        if unknown:
            raise ValueError(f"unknown document mechanism {unknown[0]!r}: one of {', '.join(DOCUMENT_MECHANISMS)}")

    def on(self, name: str) -> bool:
        return name not in self.switched_off

    @classmethod
    def without(cls, *names: str) -> Mechanisms:
        return cls(frozenset(names))


ALL_MECHANISMS = Mechanisms()


def _attribution_pattern(alias: str) -> re.Pattern[str]:
    """"according to the AFP news agency", "Reuters reported", "told Interfax"."""
    name = re.escape(alias)
    return re.compile(rf"(?:according to|reported|told|quoted by|said)\W+(?:\w+\W+){{0,4}}?{name}\b"
                      rf"|\b{name}\b(?:'s|’s)?\s+(?:news agency\s+)?(?:reported|said|quoted)")


# Roles that make an organisation part of a state, which can impose or lift measures ("USAID suspended aid",
# "the Treasury froze the accounts"), unlike a firm ("British Airways halted its flights").
GOVERNMENT_ROLES = re.compile(r"ministry|department|agency|government|office|service|military|armed forces|army|"
                              r"navy|air force|central bank|intelligence|customs|commission|council|presidency|"
                              r"police|guard|command|regulator|treasury|cabinet|parliament|senate|congress|"
                              r"embassy|mission|authority", re.IGNORECASE)


def acts_for_a_state(actor: Actor) -> bool:
    """A state, bloc or IGO, a person of one, or an organisation that is part of a government."""
    if actor.actor_type != "organization":
        return True
    return bool(actor.role and GOVERNMENT_ROLES.search(actor.role))


@cache
def event_nouns() -> frozenset[str]:
    """Nouns of joint events ("their meeting", "their talks", "their agreement"), from the frames."""
    from pipelines.frames import load_yaml

    return frozenset(noun for name in ("meetings.yaml", "deals.yaml") for noun in load_yaml(name).get("nouns", {}))


def state_actor(code: str) -> Actor:
    if code in reference.countries():
        return Actor(reference.countries()[code].name, "state", code)
    bloc = reference.blocs()[code]
    return Actor(bloc.name, bloc.actor_type, code)


def refers_to_pair(text: str) -> bool:
    return bool(PAIR_PHRASES.search(text))


STAND_IN_WEIGHT = 2  # a stand-in side must have been named outside relative clauses (a name weighs 2, a firm 1)


def _in_relative_clause(token: Token) -> bool:
    """"a critic whose husband was jailed in South Africa": a state named in passing about someone else."""
    return any(ancestor.dep_ == "relcl" for ancestor in token.ancestors)


@dataclass
class SentenceContext:
    """What the document had established when one sentence was read."""

    salient_pair: tuple[str, str] | None  # the two states named most so far (this sentence included)
    prior_pair: tuple[str, str] | None  # the two states named most before this sentence
    prior_weights: dict[str, int]  # how much each party was named before this sentence, outside relative clauses
    salient_pair_with_blocs: tuple[str, str] | None
    recent_pair: tuple[str, str] | None  # the two parties named most recently together
    last_subject_person: Actor | None  # the person a "he" or "she" here would mean


@dataclass
class DocumentActors:
    """Every actor mention of a document and the context of each sentence; read-only for the rules."""

    doc: Doc
    by_token: dict[int, Mention]
    sentence_context: dict[int, SentenceContext]  # by the sentence's first token

    def mention_at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    def mentions_in(self, span: Span) -> list[Mention]:
        return sorted({m for i, m in self.by_token.items() if span.start <= i < span.end}, key=lambda m: m.start)

    def context_of(self, token: Token) -> SentenceContext:
        return self.sentence_context[token.sent.start]

    def counterpart(self, token: Token, code: str | None) -> str | None:
        """The article's other main state, for a sentence that names only one side: never a bloc, whose
        mention says less about who a one-sided sentence involves, and only as earlier sentences made it
        (a sentence's own mentions say nothing about a side it leaves unnamed)."""
        pair = self.context_of(token).prior_pair
        if pair is None or code not in pair:
            return None
        other = pair[1] if pair[0] == code else pair[0]
        # A state named only in passing ("a critic whose husband was jailed in South Africa") is no party.
        return other if self.context_of(token).prior_weights.get(other, 0) >= STAND_IN_WEIGHT else None

    def actors_of(self, token: Token, depth: int = 0) -> list[Actor]:
        """Actors a syntactic argument stands for, nearest first; conjuncts add more."""
        found: list[Actor] = []
        mention = self.by_token.get(token.i)
        if mention:
            found.extend(mention.actors)
            for child in token.children:  # "Russia-Ukraine talks": the name joined by a hyphen is a party too
                if child.dep_ in ("compound", "nmod", "amod") and _hyphen_joined(child) and child.i not in range(mention.start,
                                                                                              mention.end):
                    found.extend(self.actors_of(child, depth + 1))
        elif depth < 3:
            lemma = token.lemma_.lower()
            # Modifiers naming a state beat a possessive pronoun: "his Indian counterpart" is India's.
            children = sorted(token.children, key=lambda c: (c.dep_ == "poss" and c.pos_ == "PRON", c.i))
            if lemma in RELATIONAL_NOUNS:
                children = [c for c in children if c.dep_ != "poss"]
            for child in children:
                if child.dep_ in ("poss", "compound", "amod", "nmod", "appos") or (
                        child.dep_ == "prep" and child.lower_ == "of"):
                    targets = [child] if child.dep_ != "prep" else [c for c in child.children if c.dep_ == "pobj"]
                    for target in targets:
                        found.extend(self.actors_of(target, depth + 1))
                if lemma in PEOPLE_NOUNS:
                    # "the Pakistani community", "Syrian refugees" are people, not their state; "United Nations
                    # aid workers" are the organisation's staff
                    found = [a for a in found if a.actor_type in ("igo", "organization")]
                if found and not _hyphen_joined(child):
                    break  # the nearest modifier speaks for the noun, unless "Russia-Ukraine" names two
        placed = bool(found)  # "Iran's foreign minister in Vienna" is Iran's, wherever he is
        found.extend(self._attached(token, mention, placed, depth))
        return _unique(found)

    def _attached(self, token: Token, mention: Mention | None, placed: bool, depth: int) -> list[Actor]:
        """Actors of what hangs on an argument: its conjuncts, a list read as apposition, the places its people
        come from, and who employs or sends them."""
        found: list[Actor] = []
        lemma = lemma_of(token)
        for child in token.children:
            if child.dep_ == "conj":
                found.extend(self.actors_of(child, depth))
            elif child.dep_ == "appos" and mention is not None and (m := self.by_token.get(child.i)) is not None \
                    and m.actor.actor_type in ("state", "bloc") and mention.actor.actor_type in ("state", "bloc"):
                found.extend(self.actors_of(child, depth))  # "Mali, Burkina Faso and Niger" read as apposition
            elif child.dep_ == "prep" and child.lower_ in ("in", "from") and lemma in AGENT_NOUNS | STAFF_NOUNS \
                    and not placed:
                # "officials in Ankara and Cairo", "diplomats from Japan": people of those states; "envoys from the
                # UN", "experts from the IMF": of that organisation (not "officials in Brussels" for the EU)
                # ("workers from Poland" are people, not Poland's: staff stand only for an organisation)
                kinds = {"state"} if lemma in AGENT_NOUNS else set()
                kinds |= {"bloc", "igo"} if child.lower_ == "from" else set()
                found.extend(a for p in child.children if p.dep_ == "pobj" for a in self.actors_of(p, depth + 1)
                             if a.actor_type in kinds)
            elif child.dep_ == "acl" and not placed and lemma in AGENT_NOUNS | STAFF_NOUNS:
                found.extend(self.employer(child, depth))
            elif child.dep_ == "acl" and not placed and lemma in FIRM_NOUNS | CONSORTIUM_NOUNS \
                    and lemma_of(child) in LEADING_VERBS:
                found.extend(self.leader(child, depth))  # "a consortium led by Germany's Siemens" (issue-10b)
        return found

    def leader(self, participle: Token, depth: int) -> list[Actor]:
        """"a group led by Germany's Siemens", "a consortium headed by France's Vinci": a firms' group stands for the
        firm or state that leads it, when the text ties that one to a state (issue-10b)."""
        heads = [p for prep in participle.children if prep.dep_ in ("agent", "prep") and prep.lower_ == "by"
                 for p in prep.children if p.dep_ == "pobj"]
        return [a for h in heads for a in self.actors_of(h, depth + 1)
                if a.code and a.actor_type in ("organization", "state")]

    def employer(self, participle: Token, depth: int) -> list[Actor]:
        """"workers employed by the UN refugee agency", "staff working for the EU", "officials representing
        Chile", "troops sent by Russia": people stand for whoever employs, sends or is represented by them,
        when that is a state, bloc, international organisation or a government body (not a firm)."""
        if lemma_of(participle) not in EMPLOYING_VERBS:
            return []
        heads = [c for c in participle.children if c.dep_ == "dobj" and lemma_of(participle) == "represent"]
        for prep in (c for c in participle.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "for")):
            heads += [p for p in prep.children if p.dep_ == "pobj"]
        return [a for h in heads if lemma_of(h) not in FIRM_NOUNS  # "a Chinese construction company": a firm's staff
                for a in self.actors_of(h, depth + 1) if a.code and a.actor_type != "person" and acts_for_a_state(a)]


def lemma_of(token: Token) -> str:
    return token.lemma_.lower()


# People and bodies who stand for the state they are "in" or "from".
AGENT_NOUNS = {"official", "diplomat", "minister", "leader", "envoy", "delegation", "negotiator", "representative",
               "authority", "government", "counterpart", "ambassador", "troop", "force", "soldier"}


# People who stand for whoever employs or sends them ("aid workers employed by the UN"), beside AGENT_NOUNS;
# and the participles that say so.
STAFF_NOUNS = {"worker", "staff", "staffer", "employee", "personnel", "expert", "inspector", "observer", "monitor"}
EMPLOYING_VERBS = {"employ", "hire", "work", "represent", "send", "dispatch", "deploy", "appoint"}
# issue-10b: groups of firms, and the participles that name the one leading them ("a consortium led by Siemens").
CONSORTIUM_NOUNS = {"consortium", "syndicate"}
LEADING_VERBS = {"lead", "head"}


# How a quotation is written and told (here, below the extract stage, since actors read quotations too).
QUOTE_PAIRS = [("“", "”"), ('"', '"'), ("«", "»")]
MIN_QUOTE_WORDS = 4  # shorter quoted phrases are scare quotes (“king”), not statements
SPEECH_VERBS = {"say", "tell", "add", "state", "declare", "hail", "describe", "note", "warn", "insist", "claim",
                "write", "comment", "explain", "argue", "announce", "stress", "urge", "call"}
# Pronouns inside a quotation that stand for its speaker's side, or for the speaker.
FIRST_PERSON_PLURAL = {"we", "us", "our", "ours"}
FIRST_PERSON_SINGULAR = {"i", "me", "my"}
# Prepositions of a place things go to or happen in ("aid to Borno State", "fighting in Idlib province").
PLACE_PREPOSITIONS = {"to", "in", "into", "across", "throughout", "inside"}
# Where a pronoun is an object of its clause ("hosted him", "met with her").
OBJECT_DEPS = {"dobj", "dative", "pobj"}
# Titles a "he" or "she" may point back to when a state is written beside them: "Japan's prime minister".
PERSON_TITLES = {"president", "minister", "premier", "chancellor", "leader", "king", "queen", "monarch", "emir",
                 "envoy", "ambassador", "secretary", "prince", "sultan"}
# Nouns for a state that a definite description may point back with ("the country", "the nation's").
COUNTRY_NOUNS = {"country", "nation"}
# Forms of state a definite description may name a state by ("the kingdom"), as its official name says.
STATE_FORMS = {"kingdom", "emirate", "sultanate", "principality", "republic", "federation", "duchy"}
# Words for a bloc or international organisation that a definite description may point back with, and the word its
# name must have ("bloc": any bloc): "the EU ... the bloc", "Nato ... the alliance", "the allies" (issue-10c).
BLOC_DESCRIPTIONS = {"bloc": "bloc", "union": "union", "alliance": "alliance", "ally": "alliance"}
# Words of an office that make it another office than the bare title: "the president" is not the vice-president.
LESSER_OFFICE_WORDS = {"vice", "deputy", "former", "ex", "shadow", "assistant", "junior", "under", "opposition"}


def _known_party(code: str) -> bool:
    return code in reference.countries() or code in reference.blocs()


_QUOTATIONS = [(open_q, re.compile(re.escape(open_q) + r"(.+?)" + re.escape(close_q))) for open_q, close_q in QUOTE_PAIRS]


def quotation_matches(text: str) -> Iterator[re.Match[str]]:
    """Every quoted passage of `text` (group 1: what is inside the marks), by kind of mark, then in order;
    short ones too (callers apply `MIN_QUOTE_WORDS`)."""
    for open_q, pattern in _QUOTATIONS:
        if open_q in text:  # most sentences hold no quotation mark of a kind
            yield from pattern.finditer(text)


def _quoted_offsets(sent: Span) -> list[tuple[int, int]]:
    """Character ranges (in the document) of the quotations a sentence holds."""
    return [(sent.start_char + match.start(), sent.start_char + match.end()) for match in quotation_matches(sent.text)
            if len(match.group(1).split()) >= MIN_QUOTE_WORDS]


def _without_honorific(name: str) -> str:
    """"Mrs Merkel" -> "Merkel", "Mr. Brown" -> "Brown": the name a courtesy or office title is put before."""
    for honorific in sorted(HONORIFICS, key=len, reverse=True):
        for form in (honorific + " ", honorific + ". "):
            if name.startswith(form):
                return name[len(form):]
    return name


@cache
def _has_state_form(code: str, form: str) -> bool:
    """Whether a state's name or official name has a word of state form ("Kingdom of Saudi Arabia")."""
    country = reference.countries()[code]
    return form in f"{country.name} {country.official_name or ''}".lower()


def _holds_office(person: Actor, words: set[str]) -> bool:
    """A person whose office is written with all of `words` and is no lesser office ("Vice President")."""
    office = set((person.role or "").lower().replace("-", " ").split())
    return words <= office and not office & LESSER_OFFICE_WORDS


INITIALS_SKIPPED = {"of", "and", "for", "&"}  # words an organisation's initials leave out ("Bank of England")
MIN_INITIALS = 3  # two letters ("GE", "BP") are too often something else to be taken from a name alone


def _initials(name: Span) -> str | None:
    """The initials of an organisation's name of capitalised words ("Tokyo Stock Exchange" -> "TSE"), when
    there are 3 to 6 of them; None for a name with any other word ("London-based ...", a lower-case word)."""
    letters: list[str] = []
    for token in name:
        if token.lower_ in INITIALS_SKIPPED and letters:
            continue
        if not (token.is_alpha and token.text[:1].isupper() and not token.is_upper):
            return None
        letters.append(token.text[0])
    return "".join(letters) if MIN_INITIALS <= len(letters) <= 6 else None


def _hyphen_joined(token: Token) -> bool:
    """"Russia-Ukraine talks", "US-China trade": hyphenated names both belong to the noun."""
    doc = token.doc
    return (token.i + 1 < len(doc) and doc[token.i + 1].text in ("-", "–")) or (
        token.i > 0 and doc[token.i - 1].text in ("-", "–"))


def _unique(actors: list[Actor]) -> list[Actor]:
    seen, result = set(), []
    for actor in actors:
        if actor not in seen:
            seen.add(actor)
            result.append(actor)
    return result


@dataclass
class _Running:
    """The reading state while the resolver walks through a document; private to the resolver."""

    people: dict[str, Actor] = field(default_factory=dict)  # full name and surname -> person
    organizations: dict[str, Actor] = field(default_factory=dict)  # name as written -> organisation
    descriptions: dict[str, Actor] = field(default_factory=dict)  # head noun ("government") -> actor
    party_counts: Counter[str] = field(default_factory=Counter)  # states and blocs named so far (firms 1/2)
    main_clause_counts: Counter[str] = field(default_factory=Counter)  # the same, outside relative clauses
    recent: list[str] = field(default_factory=list)  # codes of parties in reading order
    last_subject_person: Actor | None = None
    person_before_sentence: Actor | None = None  # the person a "he" meant when this sentence began
    previous_sentence_states: set[str] = field(default_factory=set)  # states the sentence before named
    named_people: list[Actor] = field(default_factory=list)  # people with a state or bloc, in reading order


class ActorResolver:
    """The `bilateral_actors` pipeline component."""

    def __init__(self, nlp: Language, name: str = "bilateral_actors"):
        self.nlp = nlp
        self.name = name

    @property
    def lex(self) -> Lexicon:
        return lexicon(self.nlp)

    def __call__(self, doc: Doc) -> Doc:
        return self.resolve(doc, ALL_MECHANISMS)

    def resolve(self, doc: Doc, mechanisms: Mechanisms) -> Doc:
        """Set `doc._.actors`, reading the document with the given document-level mechanisms."""
        doc._.actors = _DocumentReader(doc, self.lex, doc._.published, mechanisms).read()
        return doc


@Language.factory("bilateral_actors")
def make_actor_resolver(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver(nlp, name)


class _DocumentReader:
    """Resolves one document sentence by sentence, so that later mentions use what earlier ones said."""

    def __init__(self, doc: Doc, lex: Lexicon, published: dt.date | None, mechanisms: Mechanisms = ALL_MECHANISMS):
        self.doc = doc
        self.lex = lex
        self.published = published
        self.mechanisms = mechanisms
        self.state = _Running()
        self.by_token: dict[int, Mention] = {}
        self.regions: set[int] = set()  # tokens of region names ("Latin American"), which name no state
        self.contexts: dict[int, SentenceContext] = {}
        self._matches = self._lexicon_matches()
        self.named_states = self._named_states()
        # the states and the bodies the document names: an official's surname alone is one of theirs
        self.named_parties = self.named_states | self._named_bodies()
        # The document's entities, built once: spaCy's `Span.ents` builds every entity of the document on each
        # call, and each sentence asks three times (issue 10u: a third of this component's time).
        self._entities = list(doc.ents)
        self._entity_starts = [ent.start for ent in self._entities]
        self._offices: dict[str, bool] = {}  # offices the article names (`_office_named`), asked lazily

    def read(self) -> DocumentActors:
        for sent in self.doc.sents:
            self._sentence(sent)
        return DocumentActors(self.doc, self.by_token, self.contexts)

    def _lexicon_matches(self) -> dict[int, list[tuple[int, int, str]]]:
        by_sentence: dict[int, list[tuple[int, int, str]]] = {}
        # The first token of each match's sentence, looked up among the sentence starts (`Token.sent` would
        # walk the sentence's tokens again for every match).
        sent_starts = [sent.start for sent in self.doc.sents]
        for match_id, start, end in self.lex.matcher(self.doc):
            sent_start = sent_starts[bisect.bisect_right(sent_starts, start) - 1]
            by_sentence.setdefault(sent_start, []).append((start, end, self.doc.vocab.strings[match_id]))
        return by_sentence

    def _entities_in(self, sent: Span) -> list[Span]:
        """`sent.ents` (the entities wholly inside the sentence, up to the first that runs past its end), from
        the entities built once."""
        found = []
        for ent in self._entities[bisect.bisect_left(self._entity_starts, sent.start):]:
            if ent.end > sent.end:
                break
            found.append(ent)
        return found

    def _named_states(self) -> frozenset[str]:
        """States the document names outright (name, demonym, capital, seat), anywhere in it; not the
        "American" of "Latin American"."""
        regions = {i for spans in self._matches.values() for start, end, label in spans if label == "region"
                   for i in range(start, end)}
        return frozenset(label.split(":")[1] for spans in self._matches.values() for start, _, label in spans
                         if label.startswith("state:") and start not in regions)

    def _named_bodies(self) -> frozenset[str]:
        """Blocs and international organisations the document names ("UNHCR", "the OSCE"): a surname alone
        may stand for an official of theirs (`officials.csv`), as a minister's for a minister of a named state."""
        return frozenset(label.removeprefix("bloc:") for spans in self._matches.values() for _, _, label in spans
                         if label.startswith("bloc:"))

    def _one_of(self, name: reference.AmbiguousStateName) -> str | None:
        """Which state "Korea" or "Congolese" means: the one of its states the document names, else its
        default."""
        named = [code for code in name.codes if code in self.named_states]
        return named[0] if len(named) == 1 else name.default_code if not named else None

    def _leader(self, terms: list[LeaderEntry]) -> Actor | None:
        # the states and bodies the document names: of one name's offices in the year it changed them ("Mark Rutte"
        # in 2024, prime minister then NATO's secretary-general), the one of a named party (issue-10ah)
        choose_by = self.named_parties if self.mechanisms.on("surname_states") else frozenset()
        return leader_at(terms, self.published, choose_by)

    def _surname(self, surname: str) -> Actor | None:
        """The leader, or minister or official of a state or body the document names, a surname alone stands
        for."""
        return self._leader(self.lex.surname_terms(surname, self._gate(surname)))

    def _gate(self, surname: str) -> frozenset[str]:
        """The states and bodies for which a minister's or official's surname alone may stand: those the parsed
        sentences name, and the states the whole article names (issue-10ah: "Turkey's finance minister
        arrived." has no trigger and is not parsed, yet names Turkey for "Simsek signed" after it); the whole
        text is read only for a surname that needs it."""
        if surname not in self.lex.surnames_where_named:
            return self.named_parties
        return self.named_parties | article_states(self.doc)

    # -- one sentence ---------------------------------------------------------------------------

    def _sentence(self, sent: Span) -> None:
        self.state.person_before_sentence = self.state.last_subject_person
        self._match(sent)
        self._people(sent)
        self._cities(sent)
        self._organisations(sent)
        self._acronyms(sent)
        self._known_names(sent)
        self._divided_halves(sent)
        if self.mechanisms.on("quoted_speaker"):
            self._quoted_first_person(sent)
        if self.mechanisms.on("titled_subject"):
            self._titled_subject(sent)
        self._references(sent)
        before = len(self.state.recent)
        prior_pair = self._salient_pair(with_blocs=False)
        prior_weights = dict(self.state.main_clause_counts)
        for mention in sorted({m for i, m in self.by_token.items() if sent.start <= i < sent.end},
                              key=lambda m: m.start):
            if mention.kind in ("pronoun", "pair", "description"):
                continue
            code = mention.actor.code
            if code and (reference.is_state(code) or mention.actor.actor_type == "bloc"):
                # A firm says less about who the story is between than a state or bloc named outright.
                self.state.party_counts[code] += 1 if mention.kind == "organization" else 2
                if not _in_relative_clause(self.doc[mention.start]):
                    self.state.main_clause_counts[code] += 1 if mention.kind == "organization" else 2
            if code:
                self.state.recent.append(code)
            if mention.kind == "person" and code and mention.actor.role:
                self.state.named_people.append(mention.actor)
        self.contexts[sent.start] = SentenceContext(
            salient_pair=self._salient_pair(with_blocs=False), prior_pair=prior_pair, prior_weights=prior_weights,
            salient_pair_with_blocs=self._salient_pair(with_blocs=True),
            recent_pair=self._recent_pair(before), last_subject_person=self.state.last_subject_person)
        self._remember_descriptions(sent)
        self.state.previous_sentence_states = {
            m.actor.code for i, m in self.by_token.items() if sent.start <= i < sent.end and m.kind != "pair"
            and m.actor.code and reference.is_state(m.actor.code)}

    def _salient_pair(self, with_blocs: bool) -> tuple[str, str] | None:
        counts = self.state.party_counts if with_blocs else Counter(
            {code: n for code, n in self.state.party_counts.items() if reference.is_state(code)})
        states = [code for code, _ in counts.most_common(2)]
        return (states[0], states[1]) if len(states) == 2 else None

    def _recent_pair(self, upto: int) -> tuple[str, str] | None:
        """The two different parties named last before this sentence ("Putin met Xi ... The two leaders")."""
        seen: list[str] = []
        for code in reversed(self.state.recent[:upto]):
            if code not in seen:
                seen.append(code)
            if len(seen) == 2:
                return (seen[1], seen[0])
        return None

    def _add(self, mention: Mention) -> None:
        for i in range(mention.start, mention.end):
            self.by_token[i] = mention

    def _taken(self, start: int, end: int) -> bool:
        return any(i in self.by_token or i in self.regions for i in range(start, end))

    def _match(self, sent: Span) -> None:
        spans = self._matches.get(sent.start, [])
        known_names: set[int] = set()  # tokens of a known person's full name, in office or not
        # Longest match wins; ties go to a region ("West African" over "the West"), then to the earlier one.
        for start, end, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[2] != "region", s[0])):
            if self._taken(start, end) or known_names.intersection(range(start, end)):
                continue  # "Volker Turk" out of office is still a person, and his "Turk" no state's
            if label == "region":
                self.regions.update(range(start, end))
                continue
            if label.startswith("leader:"):
                actor = self._named_leader(label, start, end, known_names)
                if actor is None:
                    continue
                kind = "person"
            elif label.startswith("ambiguous:"):
                name = self.lex.ambiguous[label]
                # "Korea First Bank", "Korea Exchange": a longer name of its own, told apart by its own words
                if self._inside_longer_name(end) or (code := self._one_of(name)) is None:
                    continue
                actor, kind = state_actor(code), name.kind
            else:
                actor, kind = self.lex.entries[label]
            if kind == "organization" and not any(t.text[:1].isupper() for t in self.doc[start:end]):
                continue
            if kind == "bloc" and self._inside_longer_name(end):
                continue  # "the West Bank" is not the West
            if kind == "capital" and self._inside_longer_name(end) and not self._names_a_treaty(end, sent.end):
                # "London Stock Exchange", "Tokyo Electric": an organisation of the capital's country
                while end < sent.end and not self._taken(end, end + 1) and self._inside_longer_name(end):
                    end += 1
                actor = Actor(self.doc[start:end].text, "organization", actor.code)
                kind = "organization"
            if kind == "person":
                actor = self._organisation_official(start, end, actor)
            self._add(Mention(start, end, (actor,), kind))
            if kind == "person":
                self._met_person(start, end, actor)

    def _met_person(self, start: int, end: int, actor: Actor) -> None:
        """A person of the tables named in full: their name and surname stand for them later in the text."""
        self.state.people.setdefault(actor.name, actor)
        self.state.people.setdefault(actor.name.split()[-1], actor)
        written = self.doc[end - 1].text
        if self._bears_a_surname(written):
            # a surname in the spelling this text writes it: "Steinbrueck" of "Peer Steinbrueck" (Steinbrück),
            # "Schroeder" of "Gerhard Schroeder" (Schröder)
            self.state.people.setdefault(written, actor)
        if any(self.doc[i].dep_ in ("nsubj", "nsubjpass") for i in range(start, end)):
            self.state.last_subject_person = actor

    def _named_leader(self, label: str, start: int, end: int, known_names: set[int]) -> Actor | None:
        """The office the full name of a leader, minister or official held at the article's date, if any; a
        full name of two words or more is a person's even out of office (`known_names`)."""
        if end - start > 1:
            known_names.update(range(start, end))
        return self._leader(self.lex.leaders_by_name[label.removeprefix("leader:")])

    def _organisation_official(self, start: int, end: int, leader: Actor) -> Actor:
        """"The EU's foreign policy chief Federica Mogherini", "UN envoy X": a person the text presents as an
        official of a bloc or international organisation stands for it, whatever office of a state the
        leaders table gave them (read before the lexicon's shorter matches, so looked up here)."""
        sent = self.doc[start].sent
        i, title = start - 1, False
        while i >= sent.start and start - i <= 6:
            tok = self.doc[i]
            label = next((lab for s, e, lab in self._matches.get(sent.start, []) if s <= i < e), None)
            entry = self.lex.entries.get(label) if label else None
            if entry is not None and entry[0].actor_type in ("bloc", "igo") and entry[0].code and title:
                return Actor(leader.name, "person", entry[0].code, " ".join(t.text for t in self.doc[i + 1:start]
                                                                             if t.text not in _LINKING) or None)
            if entry is not None or not (tok.pos_ in ("NOUN", "PROPN", "ADJ") or tok.text in _LINKING):
                return leader
            title = title or tok.lower_.rstrip(".") in self.lex.title_words or tok.lemma_.lower() in OFFICIAL_NOUNS
            i -= 1
        return leader

    def _names_a_treaty(self, end: int, limit: int) -> bool:
        """"the Rome Statute", "the Vienna Convention on ...": the longer name a capital opens is a treaty's
        (lexicon.yaml `treaty_name_words`), so the capital is where it was made, no organisation's home."""
        while end < limit and self._inside_longer_name(end):
            if self.doc[end].lower_ in treaty_name_words():
                return True
            end += 1
        return False

    def _inside_longer_name(self, end: int) -> bool:
        if end >= len(self.doc):
            return False
        following = self.doc[end]
        return (following.pos_ == "PROPN" and following.text[:1].isupper() and not following.is_sent_start
                and following.text.lower().rstrip(".") not in self.lex.title_openers)

    def _people(self, sent: Span) -> None:
        for ent in self._entities_in(sent):
            if ent.label_ != "PERSON" or self._taken(ent.start, ent.end):
                continue
            if self._hyphenated_pair(ent):
                continue
            ent = self._whole_name(ent, sent)
            actor = self._person(ent)
            self._add(Mention(ent.start, ent.end, (actor,), "person"))
            if ent.root.dep_ in ("nsubj", "nsubjpass") or ent.root.head.dep_ in ("nsubj", "nsubjpass"):
                self.state.last_subject_person = actor

    def _hyphenated_pair(self, ent: Span) -> bool:
        """"Blair-Bush talks": two surnames joined by a hyphen are two people (not "Ban Ki-moon")."""
        parts = [t for t in ent if t.text not in ("-", "–")]
        if len(parts) != 2 or not any(t.text in ("-", "–") for t in ent):
            return False
        people = []
        for part in parts:
            person = self.state.people.get(part.text) or self._surname(part.text)
            if person is None:
                return False
            people.append((part, person))
        for part, person in people:
            self._add(Mention(part.i, part.i + 1, (person,), "person"))
        return True

    def _whole_name(self, ent: Span, sent: Span) -> Span:
        """NER often cuts multi-part names short ("Luiz Inácio" of "Luiz Inácio Lula")."""
        end = ent.end
        while end < sent.end and self.doc[end].pos_ == "PROPN" and self.doc[end].text[:1].isupper() \
                and end not in self.by_token and self.doc[end].ent_type_ in ("", "PERSON"):
            end += 1
        return self.doc[ent.start:end] if end != ent.end else ent

    def _person(self, ent: Span) -> Actor:
        name = ent.text.removesuffix("'s").removesuffix("’s").strip()
        surname = name.split()[-1]
        known = self.state.people.get(name) or self.state.people.get(surname)
        code, role = self._modifier_state(ent)
        if known and (code is None or known.code is not None):
            return known  # the first clear reading sticks: a later loose apposition does not move a firm
        if code is None and len(_without_honorific(name).split()) == 1:
            # A surname alone ("Merkel", "Mrs Merkel"), never introduced: the leader who bore it when the
            # article was written.
            leader = self._surname(surname)
            if leader is not None:
                self.state.people[name] = leader
                return leader
        actor = Actor(name, "person", code, role)
        if code is None:
            actor = self._given_name_spelled_otherwise(name) or actor
        self.state.people[name] = actor
        self.state.people.setdefault(surname, actor)
        return actor

    def _given_name_spelled_otherwise(self, name: str) -> Actor | None:
        """"Yassir Arafat" for Yasser Arafat, "Mohamed" for Muhammad: a two-word name the tables lack whose
        surname is a leader's, minister's or official's and whose given name is another spelling of theirs
        (`same_name_spelled_otherwise`); the office they held when the article was written, as for the name
        written as the tables write it."""
        parts = _without_honorific(name).split()
        if len(parts) != 2:
            return None
        given, surname = parts
        terms = self.lex.leaders_by_surname.get(surname, []) + self.lex.surnames_where_named.get(surname, [])
        return self._leader([t for t in terms if t.actor.name.split()[-1] == surname
                             and same_name_spelled_otherwise(given, t.actor.name.split()[0])])

    def _modifier_state(self, ent: Span) -> tuple[str | None, str | None]:
        """State and title written around a name: "Russian President X", "General Motors of the US",
        "X, Russia's president"."""
        code, role_words = self._described_before(ent)
        if code is None:
            code = self._of_state(ent)
        if code is None:
            code, after = self._apposition_state(ent)
            role_words = after if code is not None else role_words
        if code is None:
            code, office = self._appositive_office(ent)
            role_words = office if code is not None else role_words
        return code, " ".join(role_words).strip() or None

    def _described_before(self, ent: Span) -> tuple[str | None, list[str]]:
        """The state and title words just before a name: "Russian President", "Swiss cement firm"."""
        code: str | None = None
        role_words: list[str] = []
        i = ent.start - 1
        while i >= ent.sent.start and ent.start - i <= 6:
            tok = self.doc[i]
            mention = self.by_token.get(i)
            if mention and mention.actor.actor_type != "person":
                code = code or mention.actor.code
                i = mention.start - 1
                continue
            if tok.text.lower().rstrip(".") in self.lex.title_words or tok.text in _LINKING:
                if tok.text not in _LINKING:
                    role_words.insert(0, tok.text)
                i -= 1
                continue
            descriptor = tok.i == ent.root.head.i and ent.root.dep_ == "appos" and tok.pos_ == "NOUN"
            if tok.pos_ in ("ADJ", "NOUN", "PROPN") and (tok.dep_ in ("compound", "amod", "nmod") or descriptor):
                role_words.insert(0, tok.text)  # "Swiss cement firm Holcim", with the name in apposition
                i -= 1
                continue
            break
        return code, role_words

    def _of_state(self, ent: Span) -> str | None:
        """"General Motors of the US"."""
        for child in ent.root.children:
            if child.dep_ != "prep" or child.lower_ != "of":
                continue
            for pobj in child.children:
                mention = self.by_token.get(pobj.i)
                if pobj.dep_ == "pobj" and mention and mention.kind in ("name", "bloc") and mention.actor.code:
                    return mention.actor.code
        return None

    def _apposition_state(self, ent: Span) -> tuple[str | None, list[str]]:
        """Apposition after the name: "Rosneft, Russia's state oil company"."""
        for child in ent.root.children:
            if child.dep_ != "appos":
                continue
            for tok in child.subtree:
                mention = self.by_token.get(tok.i)
                if mention and mention.actor.actor_type != "person" and mention.actor.code:
                    return mention.actor.code, [t.text for t in child.subtree if tok.i < t.i <= child.i]
        return None, []

    def _appositive_office(self, ent: Span) -> tuple[str | None, list[str]]:
        """The name in apposition to an office with its state: "Argentina's economy minister, X"."""
        head = ent.root.head
        if ent.root.dep_ != "appos" or head.lemma_.lower() not in PERSON_TITLES | OFFICIAL_NOUNS:
            return None, []
        for child in head.children:
            mention = self.by_token.get(child.i)
            if child.dep_ in ("poss", "amod", "compound", "nmod") and mention is not None and mention.actor.code \
                    and mention.actor.actor_type in ("state", "bloc", "igo"):
                words = [c.text for c in head.children if c.dep_ in ("amod", "compound") and c.i not in self.by_token]
                return mention.actor.code, [*words, head.text]
        return None, []

    def _cities(self, sent: Span) -> None:
        """A place the model recognises that GeoNames puts in one country ("visited Vladivostok"), or a
        state's province or federal state ("aid to Borno State")."""
        cities = reference.cities()
        subdivisions = reference.subdivisions()  # "Borno State", "Texas": a place below the state is the state's
        countries = reference.countries()
        for ent in self._entities_in(sent):
            code = cities.get(ent.text) if ent.label_ in ("GPE", "LOC", "FAC") else None
            if code is None and self._province_as_place(ent):
                code = subdivisions.get(ent.text)
            if code is None:
                continue
            if self._taken(ent.start, ent.end) or self._inside_longer_name(ent.end):
                continue
            self._add(Mention(ent.start, ent.end, (Actor(countries[code].name, "state", code),), "city"))

    def _province_as_place(self, ent: Span) -> bool:
        """A province or federal state stands for its state only as a place things go to or happen in ("aid to
        Borno State", "visited Texas"): its own government is no state's ("a deal with Rhode Island
        authorities"). Not "the Sahel", "the Delta" (regions of their own); "Borno State" whatever the model
        calls it."""
        if ent.start > 0 and self.doc[ent.start - 1].lower_ == "the":
            return False
        if ent.label_ not in ("GPE", "LOC") and ent[-1].text.title() not in reference.SUBDIVISION_KINDS:
            return False
        root = ent.root
        return root.dep_ == "dobj" or (root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS)

    def _organisations(self, sent: Span) -> None:
        """Unlisted organisations count when the text ties them to a state, here or earlier in the article
        ("US carmaker General Motors ... GM said")."""
        for ent in self._entities_in(sent):
            if ent.label_ not in ("ORG", "NORP", "PERSON") or self._taken(ent.start, ent.end):
                continue
            if ent.label_ == "NORP" and ent.root.pos_ == "ADJ":
                continue  # "Boeing's main European rival": an adjective, not a firm
            name = ent.text.removesuffix("'s").removesuffix("’s").strip()
            if self._only_title_words(name):
                continue  # the "State" of "Secretary of State": a word of an office, no organisation
            known = self.state.organizations.get(name)
            code, role = self._modifier_state(ent)
            if code:
                actor = Actor(name, "organization", code, role)
                self.state.organizations[name] = actor
                first = name.split()[0]
                if len(name.split()) > 1 and len(first) > 3 and first[:1].isupper():
                    self.state.organizations.setdefault(first, actor)
            elif known is not None:
                actor = known
            else:
                continue
            self._add(Mention(ent.start, ent.end, (actor,), "organization"))

    def _acronyms(self, sent: Span) -> None:
        """"the London Stock Exchange (LSE)": the bracketed short form names the same organisation later on; so
        do the initials of a name of three or more capitalised words, bracketed or not ("the Tokyo Stock
        Exchange ... the TSE said")."""
        # in reading order, so that of two names with the same initials the first keeps them, in every process
        for mention in sorted({m for i, m in self.by_token.items() if sent.start <= i < sent.end},
                              key=lambda m: m.start):
            if mention.kind != "organization":
                continue
            if (short_form := _initials(self.doc[mention.start:mention.end])) is not None:
                self.state.organizations.setdefault(short_form, mention.actor)
            end = mention.end
            if end + 2 >= sent.end:
                continue
            opening, short, closing = self.doc[end], self.doc[end + 1], self.doc[end + 2]
            if opening.text == "(" and closing.text == ")" and short.is_upper and short.is_alpha \
                    and 2 <= len(short) <= 6:
                self.state.organizations.setdefault(short.text, mention.actor)

    def _known_names(self, sent: Span) -> None:
        """Surnames of people and short names of firms met earlier, whatever NER makes of them here; else a
        leader's surname standing alone ("Trump and Putin agreed", "the Clinton administration")."""
        for tok in sent:
            if tok.pos_ != "PROPN" or tok.i in self.by_token:
                continue
            end = self._name_end(tok)
            text = tok.text if end == tok.i + 1 else self.doc[tok.i:end].text
            if text in self.state.people:
                self._add(Mention(tok.i, end, (self.state.people[text],), "person"))
            elif tok.text in self.state.organizations:
                if not self._inside_other_name(tok, sent):
                    self._add(Mention(tok.i, tok.i + 1, (self.state.organizations[tok.text],), "organization"))
            elif self._bears_a_surname(text):
                self._lone_surname(self.doc[tok.i:end], sent)

    def _lone_surname(self, word: Span, sent: Span) -> None:
        """A surname some office-holder bears, standing alone: a sitting leader's, or a minister's or official's
        of a state or body the article names. Its terms are read once (the gate and the NER check), then the
        word's place in the sentence decides (`_surname_alone`). A nationality modifying a noun is none ("the
        English football association" is not Bill English's); NER's nationality label alone does not decide,
        since it also mislabels surnames it does not know ("talks with Jeenbekov")."""
        if word[0].ent_type_ == "NORP" and word.root.dep_ in ("amod", "nmod", "compound"):
            return
        terms = self.lex.surname_terms(word.text, self._gate(word.text), self._person_like(word))
        leader = self._leader(terms) if terms and self._surname_alone(word, sent) else None
        if leader is not None:
            self.state.people[word.text] = leader
            self._add(Mention(word.start, word.end, (leader,), "person"))

    def _bears_a_surname(self, text: str) -> bool:
        """Whether a leader, minister or official of the tables bears this surname: asked first, because most
        proper nouns are none and the reading of one that is costs a span, the gate and the NER check."""
        return text in self.lex.leaders_by_surname or text in self.lex.surnames_where_named

    def _person_like(self, word: Span) -> bool:
        """Whether a word may be read as a person's name: NER reads it so or reads nothing; or NER reads it as
        an organisation or place that is no known name (a known one was taken before) and the article names
        the office of a minister or official of a named state or body who bears it ("Later Simsek signed",
        NER: ORG, in an article that says "finance minister"; issue-10ah). Not "Suzuki", the carmaker, in an
        article that names no finance minister."""
        if word[0].ent_type_ in ("", "PERSON"):
            return True
        gate = self._gate(word.text)
        return any(t.actor.code in gate and t.actor.role and self._office_named(t.actor.role)
                   for t in self.lex.surnames_where_named.get(word.text, []))

    def _office_named(self, role: str) -> bool:
        """Whether the article's whole text names this office ("Finance Minister", "finance minister")."""
        named = self._offices.get(role)
        if named is None:
            named = self._offices[role] = role.lower() in article_text(self.doc).lower()
        return named

    def _name_end(self, tok: Token) -> int:
        """Where the word a token begins ends: after "Okonjo-Iweala", which the tokenizer splits into three
        tokens, when the joined word is a surname met or indexed (issue-10ah); else after the token."""
        doc, i = self.doc, tok.i
        if tok.whitespace_ or i + 2 >= len(doc):
            return i + 1
        hyphen, after = doc[i + 1], doc[i + 2]
        if hyphen.text != "-" or hyphen.whitespace_ or not after.text[:1].isupper():
            return i + 1
        joined = doc[i:i + 3].text
        return i + 3 if joined in self.state.people or self._bears_a_surname(joined) else i + 1

    def _divided_halves(self, sent: Span) -> None:
        """"the North", "the North's leader": a half of a divided country (`divided_states.csv`), when the
        document names one of its states ("North Korea", "Seoul", "Korea"); not "the North Sea", nor "the
        North" of a country that is not divided."""
        for tok in sent:
            half = self.lex.divided_halves.get(tok.text)
            if half is None or tok.i in self.by_token or tok.i in self.regions or tok.i == sent.start:
                continue
            if self.doc[tok.i - 1].lower_ != "the" or self._inside_longer_name(tok.i + 1) \
                    or not self._article_names(self.lex.divided_names[half.half]):
                continue
            self._add(Mention(tok.i, tok.i + 1, (state_actor(half.code),), "name"))

    def _article_names(self, names: re.Pattern[str]) -> bool:
        """Whether the article names one of these states: in its whole text when the extract stage gave it
        (sentences without a trigger are not parsed), else in the parsed sentences."""
        return names.search(article_text(self.doc)) is not None

    def _only_title_words(self, name: str) -> bool:
        """A name made only of words of public titles ("State" cut from "Secretary of State")."""
        words = [w.lower().rstrip(".") for w in name.split()]
        return bool(words) and all(w in self.lex.title_words for w in words)

    def _inside_other_name(self, tok: Token, sent: Span) -> bool:
        """A short name met earlier, here the last word of a longer proper name that is not it ("Islamic
        State" after a "State" read as a firm's or office's short name): the longer name is someone else."""
        if tok.i <= sent.start:
            return False
        before = self.doc[tok.i - 1]
        return before.pos_ == "PROPN" and before.text[:1].isupper() and before.i not in self.by_token \
            and before.lower_.rstrip(".") not in self.lex.title_openers

    def _surname_alone(self, word: Span, sent: Span) -> bool:
        """Whether a surname (one token, or a hyphenated word: `_name_end`) stands alone: not part of a longer
        name, except of the leader's own government ("Clinton Administration", "the Merkel government")."""
        tok = word[0]
        if tok.ent_type_ not in ("", "PERSON", "ORG", "NORP", "GPE"):
            return False
        if tok.i > sent.start and self.doc[tok.i - 1].pos_ == "PROPN" and self.doc[tok.i - 1].text[:1].isupper():
            return False
        following = self.doc[word.end] if word.end < len(self.doc) else None
        if self._used_as_title(tok, following):
            return False
        governs = following is not None and following.lower_ in LEADERS_GOVERNMENTS and self.mechanisms.on("governments")
        return governs or not self._inside_longer_name(word.end)

    def _used_as_title(self, tok: Token, following: Token | None) -> bool:
        """A surname that is also a title word, written as the title: "the King of Thailand", "a Major",
        "Bishop of Rome" (not the prime ministers King, Major or Bishop)."""
        if tok.lower_ not in self.lex.title_words:
            return False
        after_determiner = tok.i > 0 and self.doc[tok.i - 1].lower_ in ("the", "a", "an")
        return after_determiner or (following is not None and following.lower_ == "of")

    def _references(self, sent: Span) -> None:
        """Pronouns, "it" in a reported clause, "its"/"their", definite descriptions and "the two sides"."""
        earlier_descriptions = dict(self.state.descriptions)
        for tok in sent:
            if tok.i in self.by_token:
                continue
            lower = tok.lower_
            if lower in PERSON_PRONOUNS and (person := self._pronoun_person(tok)) is not None:
                self._add(Mention(tok.i, tok.i + 1, (person,), "pronoun"))
            elif lower == "it" and tok.dep_ in ("nsubj", "nsubjpass"):
                reporters = self._reporter(tok)
                if reporters:
                    self._add(Mention(tok.i, tok.i + 1, (reporters[0],), "pronoun"))
                elif self.mechanisms.on("previous_subject_it") and (before := self._previous_subject(tok, sent)):
                    self._add(Mention(tok.i, tok.i + 1, (before,), "pronoun"))
            elif lower == "their" and tok.dep_ == "poss" and tok.head.lemma_.lower() in event_nouns():
                pair = self._pair_for(tok)  # "Putin and Xi ... their talks": both of them
                if pair is not None:
                    self._add(Mention(tok.i, tok.i + 1, tuple(state_actor(c) for c in pair), "pair"))
            elif lower in ("its", "their") and tok.dep_ == "poss":
                owner = self._possessor(tok, sent)
                if owner is not None:
                    self._add(Mention(tok.i, tok.i + 1, (owner,), "pronoun"))
            elif tok.pos_ == "NOUN" and self._refers_to_pair(tok):
                pair = self._pair_for(tok)
                if pair is not None:
                    self._add(Mention(tok.i, tok.i + 1, tuple(state_actor(c) for c in pair), "pair"))
            elif tok.pos_ == "NOUN" and any(c.lower_ in ("the", "this", "that") for c in tok.children) \
                    and tok.lemma_.lower() in earlier_descriptions and not self._described_here(tok):
                self._add(Mention(tok.i, tok.i + 1, (earlier_descriptions[tok.lemma_.lower()],), "description"))
            elif tok.pos_ == "NOUN" and (referent := self._definite_referent(tok, sent)) is not None:
                # Not made the antecedent of a later "he": on unlabelled news that sent "him" in a story
                # about a burglar to the prime minister.
                self._add(Mention(tok.i, tok.i + 1, (referent,), "description"))

    def _pronoun_person(self, pronoun: Token) -> Actor | None:
        """Whom a "he", "him" or "her" means: the latest subject person; but an object pronoun never means the
        subject of its own clause ("Uganda's leader hosted him": not Uganda's leader), so then the person
        meant when the sentence began."""
        person = self.state.last_subject_person
        if person is None or pronoun.dep_ not in OBJECT_DEPS:
            return person
        verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
        so_far = DocumentActors(self.doc, self.by_token, self.contexts)
        subjects = [a for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for a in so_far.actors_of(c, 1)]
        if person not in subjects and not (person.code and person.code in {a.code for a in subjects}):
            return person
        earlier = self.state.person_before_sentence
        return earlier if earlier is not None and earlier.code not in {a.code for a in subjects} else None

    def _quoted_first_person(self, sent: Span) -> None:
        """"We will impose sanctions on Belarus," the Lithuanian president said: "we", "us" and "our" inside a
        quotation are the speaker's state (or bloc, or firm); "I", "me" and "my" the speaker, when a person
        ("the Australian prime minister", "Mr Blair")."""
        quoted = _quoted_offsets(sent)
        speaker = self._quotation_speaker(sent, quoted) if quoted else None
        if speaker is None:
            return
        ours = state_actor(speaker.code) if speaker.actor_type == "person" and speaker.code \
            and _known_party(speaker.code) else speaker
        for tok in sent:
            if tok.i in self.by_token or not any(start <= tok.idx < end for start, end in quoted):
                continue
            if tok.lower_ in FIRST_PERSON_PLURAL:
                self._add(Mention(tok.i, tok.i + 1, (ours,), "pronoun"))
            elif tok.lower_ in FIRST_PERSON_SINGULAR and speaker.actor_type == "person":
                self._add(Mention(tok.i, tok.i + 1, (speaker,), "pronoun"))

    def _quotation_speaker(self, sent: Span, quoted: list[tuple[int, int]]) -> Actor | None:
        """The coded subject of a speech verb outside the quotation ("..., the minister said"): the person
        when it is one or a title with its state, else the state, bloc or firm."""
        so_far = DocumentActors(self.doc, self.by_token, self.contexts)
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in SPEECH_VERBS \
                    or any(start <= tok.idx < end for start, end in quoted):
                continue
            for subject in (c for c in tok.children if c.dep_ == "nsubj"):
                actors = [a for a in so_far.actors_of(subject, 1) if a.code]
                if actors:
                    return self._titled_person(subject) or actors[0]
        return None

    def _titled_subject(self, sent: Span) -> None:
        """"Japan's prime minister arrived in Hanoi. He held talks ...": a singular title whose state is
        written beside it, subject of the main clause, is whom a later "he" or "she" means."""
        root = sent.root
        for verb in (root, *root.conjuncts):
            for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
                person = self._titled_person(subject)
                if person is not None:
                    self.state.last_subject_person = person
                    return

    def _titled_person(self, noun: Token) -> Actor | None:
        """"Japan's prime minister", "the Chilean foreign minister": a singular title with its state beside
        it is a person of that state."""
        if noun.i in self.by_token or noun.tag_ != "NN" or noun.lemma_.lower() not in PERSON_TITLES \
                or any(c.dep_ == "appos" for c in noun.children):
            return None  # "Argentina's economy minister, Roberto Lavagna": the name says who
        modifiers = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
        coded = [self.by_token[c.i] for c in modifiers if c.i in self.by_token
                 and self.by_token[c.i].actor.code and self.by_token[c.i].actor.actor_type in ("state", "bloc", "igo")]
        if not coded:
            return None
        start = min(m.start for m in coded)  # "Japan's prime minister", without what precedes the state
        return Actor(self.doc[start: noun.i + 1].text, "person", coded[0].actor.code, noun.lemma_.lower())

    def _definite_referent(self, noun: Token, sent: Span) -> Actor | None:
        """"the kingdom" (mechanism definite_states) or "the president" (definite_titles) named earlier."""
        if self.mechanisms.on("definite_states") and (state := self._definite_state(noun, sent)) is not None:
            return state
        if (country := self._the_country(noun, sent)) is not None:
            return country
        if (bloc := self._the_bloc(noun, sent)) is not None:
            return bloc
        return self._definite_title(noun, sent) if self.mechanisms.on("definite_titles") else None

    def _the_country(self, noun: Token, sent: Span) -> Actor | None:
        """"the country", "the nation('s)": the one state this sentence has named before it, or, when it has
        named none, the one state the previous sentence named; several states, or none: unknown (in news
        "the country" is as often the article's own, unnamed state)."""
        if noun.lemma_.lower() not in COUNTRY_NOUNS or noun.tag_ != "NN" or noun.dep_ == "compound" \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) \
                or any(c.dep_ in ("amod", "compound", "prep", "relcl", "appos", "poss") for c in noun.children):
            return None  # "the other country", "the country of origin", "the country which": someone else
        here = {m.actor.code for i, m in self.by_token.items() if sent.start <= i < noun.i and m.kind != "pair"
                and m.actor.code and reference.is_state(m.actor.code)}
        codes = here if here else self.state.previous_sentence_states
        return state_actor(next(iter(codes))) if len(codes) == 1 else None

    def _the_bloc(self, noun: Token, sent: Span) -> Actor | None:
        """"the bloc", "the union", "the alliance", "the allies" (issue-10c): the one bloc or international
        organisation named so far that the word fits ("bloc": any bloc; "union", "alliance": one whose name or
        alias has the word, "the Atlantic alliance"); two that fit, or none: unknown."""
        form = BLOC_DESCRIPTIONS.get(noun.lemma_.lower())
        if form is None or noun.dep_ == "compound" \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) \
                or any(c.dep_ in ("amod", "compound", "prep", "relcl", "appos", "poss", "nmod") for c in noun.children):
            return None  # "the customs union", "the alliance of opposition parties": another body
        blocs = reference.blocs()
        named = {m.actor.code for i, m in self.by_token.items() if i < noun.i and m.actor.code in blocs}
        fitting = {code for code in named if code
                   and (blocs[code].actor_type == "bloc" if form == "bloc"
                        else any(form in alias.lower().split() for alias in blocs[code].aliases))}
        if len(fitting) != 1:
            return None
        bloc = blocs[fitting.pop()]
        return Actor(bloc.name, bloc.actor_type, bloc.code)

    def _definite_state(self, noun: Token, sent: Span) -> Actor | None:
        """"Saudi Arabia ... the kingdom": a bare "the kingdom", "the emirate" is the state named earlier whose
        official name has that word, when every state of that form named so far is one state."""
        form = noun.lemma_.lower()
        if form not in STATE_FORMS or noun.tag_ != "NN" or noun.dep_ == "compound" \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children) \
                or any(c.dep_ in ("poss", "prep", "appos") or c.i in self.by_token for c in noun.children):
            return None  # "the Republic of Korea", "the kingdom's": named or owned here
        here = {m.actor.code for i, m in self.by_token.items() if sent.start <= i < noun.i and m.actor.code}
        named = {code for code in set(self.state.party_counts) | here if reference.is_state(code)}
        fitting = {code for code in named if _has_state_form(code, form)}
        return state_actor(fitting.pop()) if len(fitting) == 1 else None

    def _definite_title(self, noun: Token, sent: Span) -> Actor | None:
        """"Russian President Vladimir Putin arrived in Beijing. The president held talks with Xi": a bare
        singular "the president" is the person named earlier whose office has those words, when every
        such person named so far is of one state (else unknown), the latest of them."""
        if noun.tag_ != "NN" or noun.lemma_.lower() not in PERSON_TITLES \
                or noun.dep_ == "compound" or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
            return None
        if any(c.dep_ in ("poss", "appos", "relcl", "prep", "nmod") or c.i in self.by_token for c in noun.children):
            return None  # "the president of the bank", "the president, X", "the minister who ...": someone new
        wanted = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound")} | {noun.lemma_.lower()}
        if not wanted <= self.lex.title_words:
            return None  # "the new president", "the bank's president": not only words of an office
        here = [m.actor for m in sorted({m for i, m in self.by_token.items() if sent.start <= i < noun.i
                                         and m.kind == "person" and m.actor.code and m.actor.role},
                                        key=lambda m: m.start)]
        fitting = [a for a in self.state.named_people + here if _holds_office(a, wanted)]
        if not fitting or len({a.code for a in fitting}) != 1:
            return None
        return fitting[-1]

    def _described_here(self, noun: Token) -> bool:
        """"the Iranian foreign minister", "the EU's envoy": a noun whose own modifier names its party is that
        party's, not the one an earlier "Japan's prime minister" made of the same word."""
        return any(c.dep_ in ("poss", "amod", "compound", "nmod") and c.i in self.by_token for c in noun.children)

    def _refers_to_pair(self, noun: Token) -> bool:
        """"the two countries", "both sides", "the two leaders"."""
        if noun.lemma_.lower() not in PAIR_NOUNS or noun.tag_ not in ("NNS", "NNPS"):
            return False
        words = {c.lower_ for c in noun.children if c.dep_ in ("nummod", "det", "predet", "amod")}
        return "two" in words or "both" in words

    def _pair_for(self, noun: Token) -> tuple[str, str] | None:
        """The two parties named most recently, before this phrase, in this or earlier sentences."""
        seen: list[str] = []
        before = [m for i, m in self.by_token.items() if noun.sent.start <= i < noun.i and m.kind != "pair"]
        codes = [m.actor.code for m in sorted(set(before), key=lambda m: m.start) if m.actor.code]
        for code in reversed(self.state.recent + codes):
            if code not in seen:
                seen.append(code)
            if len(seen) == 2:
                return (seen[1], seen[0])
        return None

    def _reporter(self, pronoun: Token) -> list[Actor]:
        """"Aggregate Industries said it had agreed": "it" in a reported clause is whoever reports it."""
        clause = pronoun.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING_VERBS:
            return []
        reporters = [c for c in clause.head.children if c.dep_ == "nsubj"]
        so_far = DocumentActors(self.doc, self.by_token, self.contexts)
        return [a for r in reporters for a in so_far.actors_of(r, 1) if a.actor_type != "person"]

    def _previous_subject(self, pronoun: Token, sent: Span) -> Actor | None:
        """issue-10aw: "Boeing said it expected to sell 500 jets. It already has orders from ...": a sentence that
        opens with "It" as the subject of its main verb goes on about the previous sentence's main subject, when
        that is one state, bloc or firm (never a person, a pair or two coordinated subjects). Not an "it" that holds
        a place for a clause ("It is likely that", "It was agreed that", "It emerged", "It could take years")."""
        head = pronoun.head
        if pronoun.i == 0 or pronoun.i != sent.start or head.i != sent.root.i \
                or head.lemma_.lower() in PLACEHOLDER_IT_VERBS \
                or (pronoun.dep_ == "nsubjpass" and any(c.dep_ == "ccomp" for c in head.children)):
            return None
        previous = self.doc[pronoun.i - 1].sent
        for subject in (c for c in previous.root.children if c.dep_ in ("nsubj", "nsubjpass")):
            mention = self.by_token.get(subject.i)
            if mention is not None and mention.kind != "pair" and mention.actor.code \
                    and mention.actor.actor_type != "person" and not any(c.dep_ == "conj" for c in subject.children):
                return mention.actor
        return None

    def _possessor(self, pronoun: Token, sent: Span) -> Actor | None:
        """"thanked Denmark for its decision": "its" is the nearest state, bloc or firm named before it."""
        bound = self._bound_possessor(pronoun)
        if bound is not None:
            return bound
        before = sorted({m for i, m in self.by_token.items() if sent.start <= i < pronoun.i
                         and m.actor.actor_type != "person" and m.actor.code and m.kind != "pair"},
                        key=lambda m: m.start)
        if not before:
            return None
        root = self.doc[before[-1].end - 1]
        if root.dep_ == "poss" and root.head.lemma_.lower() in RELATIONAL_NOUNS:
            return None  # "Boeing's main European rival is to sell 12 jets"
        return before[-1].actor

    def _bound_possessor(self, pronoun: Token) -> Actor | None:
        """"Ottawa added 12 officials to its sanctions list", "banned the planes from its airspace": "its" in a
        to/into/onto/from phrase of a verb is that verb's subject's, when the subject is a named state, bloc or
        body (issue-10ao). Not a "for" phrase: "thanked Denmark for its decision" is Denmark's."""
        noun, prep = pronoun.head, pronoun.head.head
        if pronoun.lower_ != "its" or noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in BOUND_PREPS \
                or prep.head.pos_ != "VERB":
            return None
        for subject in (c for c in prep.head.children if c.dep_ == "nsubj"):
            mention = self.by_token.get(subject.i)
            if mention is not None and mention.kind != "pair" and mention.actor.code \
                    and mention.actor.actor_type != "person":
                return mention.actor
        return None

    def _remember_descriptions(self, sent: Span) -> None:
        """"Thailand's military government" lets a later "the government" mean Thailand."""
        for tok in sent:
            if tok.pos_ != "NOUN" or tok.i in self.by_token:
                continue
            for child in tok.children:
                mention = self.by_token.get(child.i)
                if child.dep_ in ("poss", "amod", "compound", "nmod") and mention and mention.actor.code:
                    lemma = tok.lemma_.lower()
                    if mention.actor.actor_type in ("state", "bloc", "igo") and mention.kind != "pair":
                        if lemma in DESCRIBED_NOUNS:
                            self.state.descriptions[lemma] = state_actor(mention.actor.code)
                        elif lemma in FIRM_NOUNS and tok.tag_ == "NN":
                            self.state.descriptions.setdefault(lemma, state_actor(mention.actor.code))
                    break
