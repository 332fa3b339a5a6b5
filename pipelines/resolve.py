"""Actor resolution: which state, bloc, organisation or person a stretch of text stands for.

Works per document, in reading order, so that later mentions ("Merkel", "he", "the government",
"the two sides") resolve to what earlier sentences introduced.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from pipelines import reference

REPORTING_VERBS = {"say", "announce", "confirm", "state", "add", "report", "insist", "claim", "admit", "reveal",
                   "deny", "warn"}
RELATIONAL_NOUNS = {"rival", "competitor", "opponent", "enemy", "foe", "neighbour", "neighbor", "counterpart",
                    "adversary", "challenger", "critic"}
PEOPLE_NOUNS = {"community", "diaspora", "population", "immigrant", "migrant", "refugee", "tourist", "student",
                "expatriate", "voter", "worker", "fan", "family", "descent", "origin"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
# Descriptions that refer back to the two main parties of an article.
PAIR_PHRASES = re.compile(
    r"\b(?:the|both)\s+(?:two\s+)?(?:sides|nations|countries|states|governments|leaders|neighbours|neighbors|"
    r"pair|parties|men)\b|\bthe pair\b|\bboth\b|\bbilateral\b|\bmutual\b|\beach other\b",
    re.IGNORECASE,
)


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
    start: int  # token index in the sentence doc
    end: int
    actor: Actor
    kind: str  # name, demonym, capital, seat, bloc, organization, agency, person


@dataclass
class Lexicon:
    matcher: PhraseMatcher
    entries: dict[str, tuple[Actor, str]]  # match label -> (actor, kind)
    agency_attributions: list[tuple[str, re.Pattern[str]]]  # alias -> "according to <alias>" and the like
    title_words: set[str]
    title_openers: set[str]  # first words of titles: "US President", not "West Bank"


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
        forms = {a for a in bloc.aliases}
        forms |= {"The" + a[3:] for a in forms if a.startswith("the ")}  # sentence-initial "The West"
        if bloc.code == "WEST":
            forms.add("Western")  # "Western sanctions", "Western powers"; "West" alone is "West Bank"
        else:
            forms |= {a[4:] for a in forms if a.lower().startswith("the ")}
        add(f"bloc:{bloc.code}", Actor(bloc.name, bloc.actor_type, bloc.code), "bloc", forms)
    for i, org in enumerate(reference.organizations()):
        add(f"org:{i}", Actor(org.name, org.actor_type, org.country_code, org.role), "organization",
            set(org.aliases))
    _add_leaders(nlp, matcher, entries)
    attributions = [(alias, _attribution_pattern(alias)) for alias in reference.news_agencies()]
    titles = reference.titles()
    title_words = {w.lower().rstrip(".") for t in titles for w in t.split()}
    title_openers = {t.split()[0].lower().rstrip(".") for t in titles}
    return Lexicon(matcher, entries, attributions, title_words, title_openers)


def _attribution_pattern(alias: str) -> re.Pattern[str]:
    """"according to the AFP news agency", "Reuters reported", "told Interfax"."""
    name = re.escape(alias)
    return re.compile(rf"(?:according to|reported|told|quoted by|said)\W+(?:\w+\W+){{0,4}}?{name}\b"
                      rf"|\b{name}\b(?:'s|’s)?\s+(?:news agency\s+)?(?:reported|said|quoted)")


HONORIFICS = ("Mr", "Mrs", "Ms", "Dr", "President", "Prime Minister", "Premier", "Chancellor",
               "Foreign Minister", "Foreign Secretary", "Secretary of State", "King", "Sheikh")


def _add_leaders(nlp: Language, matcher: PhraseMatcher, entries: dict[str, tuple[Actor, str]]) -> None:
    """Leaders by full name, and by title + surname where the surname points to one country only."""
    by_surname: dict[str, set[str]] = {}
    for leader in reference.leaders():
        by_surname.setdefault(leader.name.split()[-1], set()).add(leader.country_code)
    seen: set[str] = set()
    for i, leader in enumerate(reference.leaders()):
        if leader.name in seen:  # one actor per person, whatever offices they held
            continue
        seen.add(leader.name)
        actor = Actor(leader.name, "person", leader.country_code, leader.role)
        forms = set(leader.aliases)
        surname = leader.name.split()[-1]
        if len(by_surname[surname]) == 1:
            forms |= {f"{title} {surname}" for title in HONORIFICS}
        label = f"leader:{i}"
        entries[label] = (actor, "person")
        matcher.add(label, [nlp.make_doc(form) for form in sorted(forms)])


def state_actor(code: str) -> Actor:
    if code in reference.countries():
        return Actor(reference.countries()[code].name, "state", code)
    bloc = reference.blocs()[code]
    return Actor(bloc.name, bloc.actor_type, code)


@dataclass
class DocumentContext:
    """What the document has introduced so far: people, descriptions, and how often each state came up."""

    people: dict[str, Actor] = field(default_factory=dict)  # full name and surname -> person
    organizations: dict[str, Actor] = field(default_factory=dict)  # name as written -> organisation
    descriptions: dict[str, Actor] = field(default_factory=dict)  # head noun ("government") -> actor
    party_counts: Counter = field(default_factory=Counter)  # states and blocs named so far
    last_subject_person: Actor | None = None
    last_speaker: Actor | None = None
    topics: set[str] = field(default_factory=set)  # what the article is about so far ("debt_relief")
    last_pair: tuple[str, str] | None = None  # the two sides of the latest meeting or deal
    last_sanction_target: str | None = None  # whom the latest sanction row was aimed at

    def salient_pair(self, with_blocs: bool = False) -> tuple[str, str] | None:
        """The two parties named most so far; "both sides" may be a bloc ("the EU and US ... both sides")."""
        counts = self.party_counts if with_blocs else Counter(
            {code: n for code, n in self.party_counts.items() if reference.is_state(code)})
        states = [code for code, _ in counts.most_common(2)]
        return (states[0], states[1]) if len(states) == 2 else None

    def pair_referent(self) -> tuple[str, str] | None:
        """What "the two leaders", "both sides" mean: the pair just written about, else the main pair."""
        return self.last_pair or self.salient_pair(with_blocs=True)

    def counterpart(self, code: str | None) -> str | None:
        """The article's other main state, for a sentence that names only one side: never a bloc, whose
        mention says less about who a one-sided sentence involves."""
        pair = self.salient_pair()
        if pair is None or code not in pair:
            return None
        return pair[1] if pair[0] == code else pair[0]


class SentenceActors:
    """Actor mentions of one parsed sentence, indexed by token."""

    def __init__(self, doc: Doc, lex: Lexicon, context: DocumentContext):
        self.doc = doc
        self.context = context
        self.lex = lex
        self.by_token: dict[int, Mention] = {}
        self._match(lex)
        self._people(lex)
        for mention in self.mentions():
            if mention.actor.code and (reference.is_state(mention.actor.code) or mention.actor.actor_type == "bloc"):
                # A firm says less about who the story is between than a state or bloc named outright.
                context.party_counts[mention.actor.code] += 0.5 if mention.kind == "organization" else 1
        # "The firm ... to buy Indian firm X": a description refers back to earlier sentences, not to this one.
        self.earlier_descriptions = dict(context.descriptions)
        self._remember_descriptions()

    def _match(self, lex: Lexicon) -> None:
        spans = []
        for match_id, start, end in lex.matcher(self.doc):
            label = self.doc.vocab.strings[match_id]
            spans.append((start, end, label))
        # Longest match wins; ties go to the earlier one.
        taken: set[int] = set()
        for start, end, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(i in taken for i in range(start, end)):
                continue
            actor, kind = lex.entries[label]
            if kind == "organization" and not self._looks_like_name(start, end):
                continue
            if kind == "bloc" and self._inside_longer_name(end):
                continue  # "the West Bank" is not the West
            if kind == "capital" and self._inside_longer_name(end):
                # "London Stock Exchange", "Tokyo Electric": an organisation of the capital's country
                while end < len(self.doc) and end not in taken and self._inside_longer_name(end):
                    end += 1
                actor = Actor(self.doc[start:end].text, "organization", actor.code)
                kind = "organization"
            mention = Mention(start, end, actor, kind)
            for i in range(start, end):
                taken.add(i)
                self.by_token[i] = mention
            if kind == "person":
                self.context.people.setdefault(actor.name, actor)
                self.context.people.setdefault(actor.name.split()[-1], actor)
                if any(self.doc[i].dep_ in ("nsubj", "nsubjpass") for i in range(start, end)):
                    self.context.last_subject_person = actor

    def _inside_longer_name(self, end: int) -> bool:
        if end >= len(self.doc):
            return False
        following = self.doc[end]
        return (following.pos_ == "PROPN" and following.text[:1].isupper()
                and following.text.lower().rstrip(".") not in self.lex.title_openers)

    def _looks_like_name(self, start: int, end: int) -> bool:
        return any(t.text[:1].isupper() for t in self.doc[start:end])

    def _people(self, lex: Lexicon) -> None:
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or any(i in self.by_token for i in range(ent.start, ent.end)):
                continue
            ent = self._whole_name(ent)
            actor = self._person(ent, lex)
            mention = Mention(ent.start, ent.end, actor, "person")
            for i in range(ent.start, ent.end):
                self.by_token[i] = mention
            if ent.root.dep_ in ("nsubj", "nsubjpass") or ent.root.head.dep_ in ("nsubj", "nsubjpass"):
                self.context.last_subject_person = actor
        self._cities()
        # Surnames of people met earlier, whatever NER makes of them here ("Lavrov also said").
        for tok in self.doc:
            if tok.pos_ == "PROPN" and tok.i not in self.by_token and tok.text in self.context.people:
                self.by_token[tok.i] = Mention(tok.i, tok.i + 1, self.context.people[tok.text], "person")
        # Unlisted organisations named by NER count when the text ties them to a state, here or earlier
        # in the article ("US carmaker General Motors ... GM said").
        for ent in self.doc.ents:
            if ent.label_ not in ("ORG", "NORP", "PERSON") or any(i in self.by_token for i in range(ent.start, ent.end)):
                continue
            if ent.label_ == "NORP" and ent.root.pos_ == "ADJ":
                continue  # "Boeing's great European competitor": an adjective, not a firm
            name = ent.text.removesuffix("'s").removesuffix("’s").strip()
            known = self.context.organizations.get(name)
            code, role = self._modifier_state(ent)
            if code:
                actor = Actor(name, "organization", code, role)
                self.context.organizations[name] = actor
                first = name.split()[0]
                if len(name.split()) > 1 and len(first) > 3 and first[:1].isupper():
                    self.context.organizations.setdefault(first, actor)
            elif known is not None:
                actor = known
            else:
                continue
            mention = Mention(ent.start, ent.end, actor, "organization")
            for i in range(ent.start, ent.end):
                self.by_token[i] = mention
        self._acronyms()
        for tok in self.doc:
            if tok.pos_ == "PROPN" and tok.i not in self.by_token and tok.text in self.context.organizations:
                self.by_token[tok.i] = Mention(tok.i, tok.i + 1, self.context.organizations[tok.text], "organization")

    def _acronyms(self) -> None:
        """"the London Stock Exchange (LSE)": the bracketed short form names the same organisation later on."""
        for mention in self.mentions():
            end = mention.end
            if mention.kind != "organization" or end + 2 >= len(self.doc):
                continue
            opening, short, closing = self.doc[end], self.doc[end + 1], self.doc[end + 2]
            if opening.text == "(" and closing.text == ")" and short.is_upper and short.is_alpha and 2 <= len(short) <= 6:
                self.context.organizations.setdefault(short.text, mention.actor)

    def _cities(self) -> None:
        """A place the model recognises that GeoNames puts in one country ("visited Vladivostok").

        Looked up per entity rather than matched as 50,000 phrase patterns: building those costs seconds
        per process, and a city only counts where the model reads it as a place anyway."""
        cities = reference.cities()
        countries = reference.countries()
        for ent in self.doc.ents:
            code = cities.get(ent.text)
            if code is None or ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            if any(i in self.by_token for i in range(ent.start, ent.end)) or self._inside_longer_name(ent.end):
                continue
            mention = Mention(ent.start, ent.end, Actor(countries[code].name, "state", code), "city")
            for i in range(ent.start, ent.end):
                self.by_token[i] = mention

    def _whole_name(self, ent: Span) -> Span:
        """NER often cuts multi-part names short ("Luiz Inácio" of "Luiz Inácio Lula")."""
        end = ent.end
        while end < len(self.doc) and self.doc[end].pos_ == "PROPN" and self.doc[end].text[:1].isupper() \
                and end not in self.by_token and self.doc[end].ent_type_ in ("", "PERSON"):
            end += 1
        return self.doc[ent.start:end] if end != ent.end else ent

    def _person(self, ent: Span, lex: Lexicon) -> Actor:
        name = ent.text.removesuffix("'s").removesuffix("’s").strip()
        known = self.context.people.get(name) or self.context.people.get(name.split()[-1])
        code, role = self._modifier_state(ent)
        if known and (code is None or known.code is not None):
            return known  # the first clear reading sticks: a later loose apposition does not move a firm
        actor = Actor(name, "person", code, role)
        self.context.people[name] = actor
        self.context.people.setdefault(name.split()[-1], actor)
        return actor

    def _modifier_state(self, ent: Span) -> tuple[str | None, str | None]:
        """State and title written around a name: "Russian President X", "X, Russia's president"."""
        doc = self.doc
        code, role_words = None, []
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 6:
            tok = doc[i]
            mention = self.by_token.get(i)
            if mention and mention.actor.actor_type != "person":
                code = code or mention.actor.code
                i = mention.start - 1
                continue
            if tok.text.lower().rstrip(".") in self.lex.title_words or tok.text in ("'s", "’s", "-", "based", "registered"):
                if tok.text not in ("'s", "’s", "-", "based", "registered"):  # "UK-based Aggregate Industries"
                    role_words.insert(0, tok.text)
                i -= 1
                continue
            descriptor = tok.i == ent.root.head.i and ent.root.dep_ == "appos" and tok.pos_ == "NOUN"
            if tok.pos_ in ("ADJ", "NOUN", "PROPN") and (tok.dep_ in ("compound", "amod", "nmod") or descriptor):
                # "Swiss cement firm Holcim", parsed with the name in apposition to "firm"
                role_words.insert(0, tok.text)
                i -= 1
                continue
            break
        if code is None:
            # "General Motors of the US"
            for child in ent.root.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        mention = self.by_token.get(pobj.i)
                        if pobj.dep_ == "pobj" and mention and mention.kind in ("name", "bloc") and mention.actor.code:
                            code = mention.actor.code
        if code is None:
            # Apposition after the name: "Rosneft, Russia's state oil company".
            root = ent.root
            for child in root.children:
                if child.dep_ == "appos":
                    for tok in child.subtree:
                        mention = self.by_token.get(tok.i)
                        if mention and mention.actor.actor_type != "person" and mention.actor.code:
                            code = mention.actor.code
                            role_words = [t.text for t in child.subtree if t.i > tok.i and t.i <= child.i]
                            break
                    if code:
                        break
        role = " ".join(role_words).strip() or None
        return code, role

    def _remember_descriptions(self) -> None:
        """"Thailand's military government" lets a later "the government" mean Thailand."""
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.i in self.by_token:
                continue
            for child in tok.children:
                mention = self.by_token.get(child.i)
                if child.dep_ in ("poss", "amod", "compound", "nmod") and mention and mention.actor.code:
                    if mention.actor.actor_type in ("state", "bloc", "igo"):
                        self.context.descriptions[tok.lemma_.lower()] = state_actor(mention.actor.code)
                    break

    # -- resolving argument tokens --------------------------------------------------------------

    def actors_of(self, token: Token, depth: int = 0) -> list[Actor]:
        """Actors a syntactic argument stands for, nearest first; conjuncts add more."""
        found: list[Actor] = []
        mention = self.by_token.get(token.i)
        if mention:
            found.append(mention.actor)
        elif token.lower_ in PERSON_PRONOUNS and self.context.last_subject_person is not None:
            found.append(self.context.last_subject_person)
        elif token.pos_ == "NOUN" and self._is_definite(token) and token.lemma_.lower() in self.earlier_descriptions:
            found.append(self.earlier_descriptions[token.lemma_.lower()])
        elif token.lower_ == "it" and token.dep_ in ("nsubj", "nsubjpass") and depth == 0:
            found.extend(self._reporter(token))
        elif token.lower_ in ("its", "their") and token.dep_ == "poss":
            found.extend(self._possessor(token))
        if not found and depth < 3:
            # Modifiers naming a state beat a possessive pronoun: "his Indian counterpart" is India's.
            children = sorted(token.children, key=lambda c: (c.dep_ == "poss" and c.pos_ == "PRON", c.i))
            if token.lemma_.lower() in RELATIONAL_NOUNS:
                children = [c for c in children if c.dep_ != "poss"]  # "Boeing's rival" is not Boeing
            if token.lemma_.lower() in PEOPLE_NOUNS:
                children = []  # "the Pakistani community in Manchester" are people, not Pakistan
            for child in children:
                if child.dep_ in ("poss", "compound", "amod", "nmod", "appos") or (
                        child.dep_ == "prep" and child.lower_ == "of"):
                    targets = [child] if child.dep_ != "prep" else [c for c in child.children if c.dep_ == "pobj"]
                    for target in targets:
                        found.extend(self.actors_of(target, depth + 1))
                if found:
                    break
        for child in token.children:
            if child.dep_ == "conj":
                found.extend(self.actors_of(child, depth))
        return _unique(found)

    def _reporter(self, pronoun: Token) -> list[Actor]:
        """"Aggregate Industries said it had agreed": "it" in a reported clause is whoever reports it."""
        clause = pronoun.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING_VERBS:
            return []
        reporters = [c for c in clause.head.children if c.dep_ == "nsubj"]
        return [a for r in reporters for a in self.actors_of(r, 1) if a.actor_type != "person"]

    def _possessor(self, pronoun: Token) -> list[Actor]:
        """"thanked Denmark for its decision": "its" is the nearest state, bloc or firm named before it."""
        def rivalled(m: Mention) -> bool:  # "Boeing's great European competitor is to sell 10 of its A350s"
            root = self.doc[m.end - 1]
            return root.dep_ == "poss" and root.head.lemma_.lower() in RELATIONAL_NOUNS

        before = [m for m in self.mentions() if m.end <= pronoun.i and m.actor.actor_type != "person"
                  and m.actor.code]
        return [before[-1].actor] if before and not rivalled(before[-1]) else []

    def _is_definite(self, token: Token) -> bool:
        return any(c.lower_ in ("the", "this", "that") for c in token.children)

    def mentions(self) -> list[Mention]:
        return sorted(set(self.by_token.values()), key=lambda m: m.start)


def _unique(actors: list[Actor]) -> list[Actor]:
    seen, result = set(), []
    for actor in actors:
        if actor not in seen:
            seen.add(actor)
            result.append(actor)
    return result


def refers_to_pair(text: str) -> bool:
    return bool(PAIR_PHRASES.search(text))
