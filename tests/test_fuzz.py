"""Fuzzing: mutated articles, front matter and sidecars through ingest, NLP and extraction, in process.

Each example writes a few files (an article re-encoded, its bytes mutated, with or without front matter
and a sidecar) into a fresh directory. Properties: no stage raises; every file is a document or one
quarantine row with a known reason; documents hold no NUL, are NFC, carry bounded metadata and a plausible
date, pass their pandera model, and get the same id from a full scan and a scoped run; NLP and
extraction neither raise nor refuse a document that ingest accepted.

The fast tier runs a few dozen examples; the `slow` tier runs 2,000 through ingest and 200 through NLP
and extraction (the real spaCy model; in `test_fuzz_extraction.py`, a file of its own so that pytest-xdist,
which keeps a file on one worker, can run the two long fuzzers side by side). Derandomised, so CI is reproducible; set HYPOTHESIS_SEED to explore.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from nasty.make_corpus import good_article

from pipelines import ingest, nlp, schema, validate
from pipelines.display import printable
from pipelines.extract import EXTRACTOR_VERSION
from pipelines.isolation import extract_isolated

LIMIT = 256 * 1024
TODAY = dt.date(2024, 6, 30)
DERANDOMIZE = "HYPOTHESIS_SEED" not in os.environ
FUZZ = settings(deadline=None, derandomize=DERANDOMIZE, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])

BASES = [good_article(i) for i in range(8)] + [
    "---\ntitle: Leaders meet\ndate: 2024-06-05\npublisher: Example Wire\nurl: https://example.org/a\n---\n"
    + good_article(8),
    "# Heading\n\n" + good_article(9) + "\n“Quoted words,” the minister said.\n",
]
ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1", "cp1251"]
NAMES = ["a.txt", "b.md", "c.TXT", "sub/d.txt", "sub/deeper/e.md", "f.pdf", "g.txt"]
MARKERS = [b"\x00", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"---\n", b"\n---\n", b"\n\n", b"\x1b[2J", b"\r",
           "é".encode(), "\u202e".encode(), b"\xc3", b"\xe2\x80", b"\x85", b"&a ", b"*a", b"!!binary ", b"{", b"["]
YAML_TOKENS = list("abcxyz0129 :-[]{},&*!|>'\"#%@?\n\t.\\é") + [
    "title", "date", "url", "publisher", "2020-02-30", "0001-01-01", "2024-06-05", "!!binary", "!!timestamp",
    "*a", "&a", "<<", "\x1b", "\u202e", "yes", "null", "~", "1e999", "9" * 50]

# Any code point, surrogates and controls included, and strings that have broken things before.
texts = st.text(st.characters(exclude_categories=()), max_size=40) | st.sampled_from([
    "2024-06-05", "2020-02-30", "5 March 2023", "2999-12-31", "0001-01-01", "yesterday", "20230305", "x" * 2000,
    "\ud800", "a\udfffb", "\x1b[2J", "\u202eevil", "a\x00b", "9" * 5000])
scalars = st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=True) | texts
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                          max_size=3), max_leaves=4)
metadata = st.dictionaries(st.sampled_from(["title", "date", "published_date", "published", "publisher", "source",
                                            "url", "link", "Title", "tags"]), texts | values, max_size=5)
front_matter = st.one_of(
    st.none(),
    metadata.map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    st.lists(st.sampled_from(YAML_TOKENS), max_size=50).map("".join),
)
sidecars = st.one_of(
    st.none(),
    metadata.map(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    metadata.map(lambda d: json.dumps(d).encode("utf-8")),  # lone surrogates as \ud800 escapes
    values.map(lambda v: json.dumps(v).encode("utf-8")),
    st.binary(max_size=120),
)
insertions = st.binary(max_size=16) | st.sampled_from(MARKERS)
mutations = st.lists(st.tuples(st.sampled_from(["insert", "delete", "flip", "duplicate", "truncate"]),
                               st.floats(0, 1), st.integers(0, 64), insertions), max_size=6)


def mutate(data: bytes, operations: list[tuple[str, float, int, bytes]]) -> bytes:
    buffer = bytearray(data)
    for op, where, size, payload in operations:
        at = int(where * len(buffer))
        if op == "insert":
            buffer[at:at] = payload
        elif op == "delete":
            del buffer[at:at + size]
        elif op == "flip" and buffer:
            buffer[min(at, len(buffer) - 1)] = (size * 4 + 128) % 256
        elif op == "duplicate":
            buffer[at:at] = buffer[at:at + size] * 3
        elif op == "truncate":
            del buffer[at:]
    return bytes(buffer)


@st.composite
def raw_file(draw) -> tuple[str, bytes, bytes | None]:
    text = draw(st.sampled_from(BASES))
    fm = draw(front_matter)
    if fm is not None:
        text = f"---\n{fm}\n---\n{text}"
    encoding = draw(st.sampled_from(ENCODINGS))
    data = mutate(text.encode(encoding, errors="replace"), draw(mutations))
    return draw(st.sampled_from(NAMES)), data, draw(sidecars)


files = st.lists(raw_file(), min_size=1, max_size=3, unique_by=lambda f: f[0])

text_edits = st.lists(st.tuples(st.sampled_from(["insert", "delete", "duplicate"]), st.floats(0, 1),
                                st.integers(0, 200), st.text(max_size=30)), max_size=8)


@st.composite
def text_file(draw) -> tuple[str, bytes, bytes | None]:
    """An article edited as text (any Unicode inserted, spans cut or repeated) that ingest will mostly accept:
    what reaches the NLP and extract stages."""
    text = draw(st.sampled_from(BASES))
    for op, where, size, insert in draw(text_edits):
        at = int(where * len(text))
        text = {"insert": text[:at] + insert + text[at:], "delete": text[:at] + text[at + size:],
                "duplicate": text[:at] + text[at:at + size] * 4 + text[at:]}[op]
    meta = draw(st.none() | metadata)
    if meta is not None and draw(st.booleans()):
        text = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{text}"
        meta = None
    sidecar = None if meta is None else json.dumps(meta).encode("utf-8")
    name = draw(st.sampled_from(["a.txt", "b.md", "sub/c.txt"]))
    return name, text.encode("utf-8", errors="surrogatepass"), sidecar


nlp_files = st.lists(text_file() | raw_file(), min_size=1, max_size=3, unique_by=lambda f: f[0])


def write(raw: Path, example: list[tuple[str, bytes, bytes | None]]) -> None:
    for name, data, sidecar in example:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if sidecar is not None:
            path.with_name(path.stem + ".meta.json").write_bytes(sidecar)


def check_ingest(raw: Path, example: list[tuple[str, bytes, bytes | None]]) -> ingest.IngestResult:
    result = ingest.ingest_directory(raw, LIMIT, today=TODAY)
    outcome = {q.source_name: q.reason for q in result.quarantined} | {n: "loaded" for n in result.sources}
    articles = {name for name, _, _ in example}
    assert articles <= set(outcome), articles - set(outcome)  # every article is accounted for
    for name in sorted(articles):
        event(f"outcome: {outcome[name]}")  # --hypothesis-show-statistics shows what the fuzzer reached
    assert len(result.quarantined) == len({q.source_name for q in result.quarantined})  # once
    for q in result.quarantined:  # a specific reason for every refusal: the catch-all is for bugs
        assert q.stage == "ingest" and q.reason in ingest.REASONS - {"unexpected_error"}, q
        assert q.detail == printable(q.detail)  # safe to print
    for doc in result.documents:
        body = result.body(doc)  # read again as the extract step reads it: the same text
        assert doc.document_id.startswith("doc_") and doc.n_chars == len(body) > 0
        assert "\x00" not in body and unicodedata.is_normalized("NFC", body)
        for value, limit in ((doc.title, 1000), (doc.publisher, 300), (doc.url, 2048)):
            assert value is None or (isinstance(value, str) and len(value) <= limit)
        assert doc.published_date is None or ingest.EARLIEST_DATE <= doc.published_date <= TODAY + ingest.DATE_SLACK
    frame = ingest.documents_with_bodies(result, EXTRACTOR_VERSION)
    _, refused, _, error = validate.split_valid(schema.TABLE_MODELS["dim_document"], frame)
    assert error is None and refused.height == 0
    scoped = ingest.ingest_directory(raw, LIMIT, only=sorted(articles), today=TODAY)
    assert scoped.sources == {n: d for n, d in result.sources.items() if n in articles}
    assert {(q.source_name, q.reason) for q in scoped.quarantined} == {
        (q.source_name, q.reason) for q in result.quarantined if q.source_name in articles}
    return result


def check_nlp_and_extraction(result: ingest.IngestResult) -> None:
    frame = ingest.documents_with_bodies(result, EXTRACTOR_VERSION)
    parsed = nlp.parse_documents_isolated(list(zip(frame["document_id"], frame["body"])))
    assert parsed.failures == []
    extracted = extract_isolated(frame, parsed.parsed, nlp.DEFAULT_MODEL)
    assert extracted.failures == []
    tables = extracted.tables
    outcome = validate.validate_tables({"dim_document": frame, **tables.facts, "dim_actor": tables.actors,
                                        "bridge_event_party": tables.parties}, frame)
    assert outcome.schema_errors == {}


def run_ingest(example) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), example)
        check_ingest(Path(tmp), example)


def run_all(example) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp), example)
        result = check_ingest(Path(tmp), example)
        check_nlp_and_extraction(result)  # the texts are read again from the files


@settings(FUZZ, max_examples=60)
@given(files)
def test_fuzz_ingest(example) -> None:
    run_ingest(example)


@settings(FUZZ, max_examples=6)
@given(nlp_files)
def test_fuzz_nlp_and_extraction(example) -> None:
    run_all(example)


@pytest.mark.slow
@settings(FUZZ, max_examples=2000)
@given(files)
def test_fuzz_ingest_2000(example) -> None:
    run_ingest(example)
