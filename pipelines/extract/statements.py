"""Statements: attributed quotations, their speaker and the agency that reported them."""

from __future__ import annotations

import re

from pipelines.extract.rows import Candidate
from pipelines.extract.toolkit import RuleToolkit
from pipelines.extract.vocabulary import MIN_QUOTE_WORDS, QUOTE_PAIRS, SPEECH_VERBS
from pipelines.resolve import Actor


class StatementRules(RuleToolkit):
    """Quotations with their speaker and the agency they are attributed to."""

    def _statements(self) -> list[Candidate]:
        text = self.doc.text
        rows = []
        via = None
        for open_q, close_q in QUOTE_PAIRS:
            for match in re.finditer(re.escape(open_q) + r"(.+?)" + re.escape(close_q), text):
                quote = match.group(1).strip().rstrip(",")
                if len(quote.split()) < MIN_QUOTE_WORDS:
                    continue
                speaker = self._speaker(match.start(), match.end())
                if not rows:  # the agency is the sentence's, whichever quote it carries
                    via = self._reported_via()
                fields = {"speaker_name": speaker.name if speaker else None,
                          "speaker_code": speaker.code if speaker else None,
                          "quote_text": quote, "reported_via": via, "_speaker": speaker}
                conf = 0.8 if speaker else 0.4
                key = ("statement", quote)
                cand = Candidate("fact_statement", speaker, None, fields, self.offset,
                                 self.offset + len(text), conf, "quote", key)
                cand.fields.setdefault("event_date", None)
                cand.fields.setdefault("date_precision", None)
                rows.append(cand)
        if rows:
            speaker = rows[-1].side_a
            if speaker is not None and speaker.actor_type == "person":
                self.context.last_subject_person = speaker
        self.context.last_speaker = rows[-1].side_a if rows else None
        return rows

    def _speaker(self, q_start: int, q_end: int) -> Actor | None:
        outside = [t for t in self.doc if t.idx < q_start or t.idx >= q_end]
        for tok in outside:
            if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB",):
                for child in tok.children:
                    if child.dep_ in ("nsubj",) and (child.idx < q_start or child.idx >= q_end):
                        actors = self.actors.actors_of(child)
                        if actors:
                            return actors[0]
                        if child.ent_type_ in ("PERSON", "ORG"):
                            ent = next(e for e in self.doc.ents if e.start <= child.i < e.end)
                            return Actor(ent.text, "person" if ent.label_ == "PERSON" else "organization", None)
        for ent in self.doc.ents:
            if ent.label_ in ("PERSON", "ORG") and (ent.start_char < q_start or ent.start_char >= q_end):
                mention = self.actors.by_token.get(ent.start)
                if mention and mention.kind != "organization" or ent.label_ == "PERSON":
                    return mention.actor if mention else Actor(ent.text, "person", None)
        root = next((t for t in self.doc if t.dep_ == "ROOT"), None)
        if root is not None and (root.idx < q_start or root.idx >= q_end):
            for child in root.children:
                if child.dep_ == "nsubj" and (child.idx < q_start or child.idx >= q_end):
                    actors = [a for a in self.actors.actors_of(child) if a.actor_type in ("person", "organization")]
                    if actors:
                        return actors[0]
        # A quotation that runs on from the previous sentence's speaker.
        if self.context.last_speaker is not None:
            return self.context.last_speaker
        if self.context.last_subject_person is not None and q_start == 0:
            return self.context.last_subject_person
        return None

    def _reported_via(self) -> str | None:
        text = self.doc.text
        for alias, attribution in self.lex.agency_attributions:
            if attribution.search(text):
                return alias  # as the article names it: analysts and gold search for "AFP", not the full name
        match = re.search(r"according to (?:the )?((?:[A-Z][\w-]*\s?){1,4})(?:news agency|agency)", text)
        if match:
            return match.group(1).strip()
        match = re.search(r"according to [\w’']+\s+((?:[A-Z][\w-]*\s?){1,3})news agency", text)
        if match:
            return match.group(1).strip()
        return None
