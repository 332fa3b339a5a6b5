"""Statements: attributed quotations, their speaker and the agency that reported them (fact_statement)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipelines.resolve import MIN_QUOTE_WORDS, SPEECH_VERBS, Actor, DocumentActors, Lexicon, quotation_matches

# Mentions that can make a quotation a relation between states: a state by name, demonym, capital or seat,
# a bloc, or a named person of a state. A city, a firm, a pronoun or "the government" cannot.
COUNTERPART_MENTIONS = frozenset({"name", "demonym", "capital", "seat", "bloc", "person"})
COUNTERPART_TYPES = frozenset({"state", "bloc", "igo", "person"})


@dataclass
class Quote:
    speaker: Actor | None
    text: str
    reported_via: str | None
    counterpart: Actor | None = None


@dataclass
class QuoteReader:
    """Reads a document's quotations in order; a quotation that runs on from the previous sentence
    keeps that sentence's speaker."""

    actors: DocumentActors
    lex: Lexicon
    last_speaker: Actor | None = None

    def quotes(self, sent: Span) -> list[Quote]:
        text = sent.text
        found: list[Quote] = []
        via = None
        for match in quotation_matches(text):
            quote = match.group(1).strip().rstrip(",")
            if len(quote.split()) < MIN_QUOTE_WORDS:
                continue
            speaker = self._speaker(sent, match.start(), match.end())
            if not found:  # the agency is the sentence's, whichever quote it carries
                via = reported_via(text, self.lex)
            found.append(Quote(speaker, quote, via, self.counterpart(sent, match.start(), match.end(), speaker)))
        self.last_speaker = found[-1].speaker if found else None
        return found

    def counterpart(self, sent: Span, q_start: int, q_end: int, speaker: Actor | None) -> Actor | None:
        """The other state a quotation is about or addressed to: the first state, bloc or person of a state
        other than the speaker's that the quote names, else that its sentence names ("Blair told Bush: ...").
        None for a speaker of no known state: a statement is a relation only between two states."""
        if speaker is None or speaker.code is None:
            return None
        inside: list[Actor] = []
        outside: list[Actor] = []
        for mention in self.actors.mentions_in(sent):
            if mention.kind not in COUNTERPART_MENTIONS:
                continue
            offset = sent.doc[mention.start].idx - sent.start_char
            for actor in mention.actors:
                if actor.actor_type in COUNTERPART_TYPES and actor.code and actor.code != speaker.code:
                    (inside if q_start <= offset < q_end else outside).append(actor)
        candidates = inside + outside
        return candidates[0] if candidates else None

    def _speaker(self, sent: Span, q_start: int, q_end: int) -> Actor | None:
        """Who said a quotation: the subject of a speech verb outside it, a person named outside it, the main
        clause's subject, or the speaker the previous sentence's quotation ran on from."""
        def outside(token: Token) -> bool:
            offset = token.idx - sent.start_char
            return offset < q_start or offset >= q_end

        found = self._speech_subject(sent, outside) or self._named_outside(sent, outside) \
            or self._main_subject(sent, outside)
        if found is not None:
            return found
        if self.last_speaker is not None:  # a quotation that runs on from the previous sentence's speaker
            return self.last_speaker
        return self.actors.context_of(sent[0]).last_subject_person if q_start == 0 else None

    def _speech_subject(self, sent: Span, outside: Callable[[Token], bool]) -> Actor | None:
        for tok in sent:
            if not (outside(tok) and tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ == "VERB"):
                continue
            for child in tok.children:
                if child.dep_ != "nsubj" or not outside(child):
                    continue
                actors = self.actors.actors_of(child)
                if actors:
                    return actors[0]
                if child.ent_type_ in ("PERSON", "ORG"):
                    ent = next(e for e in sent.doc.ents if e.start <= child.i < e.end)
                    return Actor(ent.text, "person" if ent.label_ == "PERSON" else "organization", None)
        return None

    def _named_outside(self, sent: Span, outside: Callable[[Token], bool]) -> Actor | None:
        for ent in sent.ents:
            if ent.label_ in ("PERSON", "ORG") and outside(ent[0]):
                mention = self.actors.mention_at(ent.start)
                if (mention is not None and mention.kind != "organization") or ent.label_ == "PERSON":
                    return mention.actor if mention else Actor(ent.text, "person", None)
        return None

    def _main_subject(self, sent: Span, outside: Callable[[Token], bool]) -> Actor | None:
        root = sent.root
        if not outside(root):
            return None
        for child in root.children:
            if child.dep_ == "nsubj" and outside(child):
                actors = [a for a in self.actors.actors_of(child) if a.actor_type in ("person", "organization")]
                if actors:
                    return actors[0]
        return None


def reported_via(text: str, lex: Lexicon) -> str | None:
    for alias, attribution in lex.agency_attributions:
        # Each pattern holds its alias as written: a text without the alias needs no search.
        if alias in text and attribution.search(text):
            return alias  # as the article names it: analysts and gold search for "AFP", not the full name
    match = re.search(r"according to (?:the )?((?:[A-Z][\w-]*\s?){1,4})(?:news agency|agency)", text)
    if match:
        return match.group(1).strip()
    match = re.search(r"according to [\w’']+\s+((?:[A-Z][\w-]*\s?){1,3})news agency", text)
    if match:
        return match.group(1).strip()
    return None
