"""Ingest stage on real files: the seed, a legacy-encoded BBC article, metadata and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from conftest import BBC, SEED, bad_inputs

from pipelines.ingest import decode, ingest_directory, normalise_text

LIMIT = 5 * 1024 * 1024


def test_seed_becomes_one_document(raw_copy: Path) -> None:
    result = ingest_directory(raw_copy, LIMIT)
    assert result.quarantined == []
    (doc,) = result.documents
    assert doc.source_name == SEED.name
    body = result.body(doc)
    assert body.startswith("The head of Myanmar’s military junta")  # typographic quote kept
    assert doc.n_chars == len(body)
    assert doc.title is None  # the seed's first line is a paragraph, not a headline
    # No metadata and no dateline: the publication date is the file's own, and says so.
    assert doc.date_source == "file_modified"
    assert doc.published_date == dt.datetime.fromtimestamp((raw_copy / SEED.name).stat().st_mtime, dt.UTC).date()


def test_document_id_depends_on_content_only(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.txt").write_text("Headline\n\nSame text.\n", encoding="utf-8")
    first = ingest_directory(tmp_path / "a", LIMIT).documents[0]
    second = ingest_directory(tmp_path / "b", LIMIT).documents[0]
    assert first.document_id == second.document_id
    (tmp_path / "b" / "x.txt").write_text("Headline\n\nOther text.\n", encoding="utf-8")
    assert ingest_directory(tmp_path / "b", LIMIT).documents[0].document_id != first.document_id


def test_bbc_headline_and_legacy_encoding(tmp_path: Path) -> None:
    source = BBC / "sport" / "199.txt"
    if not source.exists():
        pytest.skip("BBC corpus not available")
    (tmp_path / "mutu.txt").write_bytes(source.read_bytes())
    result = ingest_directory(tmp_path, LIMIT)
    (doc,) = result.documents
    assert doc.source_encoding == "cp1252"
    assert "£15.8m" in result.body(doc)
    assert doc.title == "Chelsea sack Mutu"
    assert doc.metadata_source == "headline"


def test_front_matter_and_sidecar(tmp_path: Path) -> None:
    (tmp_path / "fm.md").write_text(
        "---\ntitle: Leaders meet\ndate: 2024-06-05\npublisher: Example Wire\nurl: https://example.org/a\n---\n"
        "Body.\n", encoding="utf-8")
    (tmp_path / "side.txt").write_text("Body two.\n", encoding="utf-8")
    (tmp_path / "side.meta.json").write_text(json.dumps({"title": "T2", "published_date": "5 March 2023"}),
                                             encoding="utf-8")
    result = ingest_directory(tmp_path, LIMIT)
    docs = {d.source_name: d for d in result.documents}
    assert docs["fm.md"].title == "Leaders meet"
    assert docs["fm.md"].published_date == dt.date(2024, 6, 5)
    assert docs["fm.md"].publisher == "Example Wire"
    assert result.body(docs["fm.md"]) == "Body.\n"
    assert docs["fm.md"].metadata_source == "front_matter"
    assert docs["side.txt"].title == "T2"
    assert docs["side.txt"].published_date == dt.date(2023, 3, 5)
    assert docs["side.txt"].metadata_source == "sidecar"


def test_every_bad_input_is_quarantined_and_the_rest_loads(raw_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = bad_inputs(raw_copy, outside)
    result = ingest_directory(raw_copy, LIMIT)
    assert [d.source_name for d in result.documents] == [SEED.name]
    assert {q.source_name: q.reason for q in result.quarantined} == expected
    assert all(q.detail and q.stage == "ingest" for q in result.quarantined)


def test_copies_are_one_document_with_two_names_and_orphan_sidecars_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same.\n", encoding="utf-8")
    (tmp_path / "gone.meta.json").write_text("{}", encoding="utf-8")
    (tmp_path / "bad-date.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "bad-date.meta.json").write_text('{"published_date": "not a date"}', encoding="utf-8")
    result = ingest_directory(tmp_path, LIMIT)
    assert {q.source_name: q.reason for q in result.quarantined} == {
        "gone.meta.json": "orphan_sidecar", "bad-date.txt": "malformed_metadata"}
    (doc,) = result.documents
    assert doc.source_name == "a.txt"
    assert result.sources == {"a.txt": doc.document_id, "b.txt": doc.document_id}


def test_normalisation_is_nfc_with_unix_newlines() -> None:
    text = normalise_text("Cafe\u0301 talks\r\nend  \r\n")
    assert text == "Café talks\nend\n"
    assert unicodedata.is_normalized("NFC", text)
    assert decode("“Quoted”".encode(), "q.txt") == ("“Quoted”", "utf-8")
