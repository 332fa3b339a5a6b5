"""Ingest stage: raw article files -> normalised documents, or a quarantine record saying why not.

Every file under the raw directory ends up either as a `Document` or as a `Quarantined` record;
nothing is skipped silently except dot-files (editor and OS artefacts) and the `.meta.json`
sidecars, which are read together with their article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from charset_normalizer import from_bytes

ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".meta.json"
METADATA_FIELDS = ("title", "published_date", "publisher", "url")
# Keys people actually write in front matter, mapped onto our field names.
METADATA_ALIASES = {"date": "published_date", "published": "published_date", "source": "publisher", "link": "url"}

# A legacy-encoding guess noisier than this is not text we can trust offsets into.
MAX_LEGACY_CHAOS = 0.2
MAX_LEGACY_HIGH_BYTE_SHARE = 0.02
# Share of control characters above which a file is treated as binary rather than text.
MAX_CONTROL_CHAR_SHARE = 0.05
MAX_HEADLINE_CHARS = 200

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Document:
    document_id: str
    source_name: str
    title: str | None
    published_date: dt.date | None
    publisher: str | None
    url: str | None
    content_sha256: str
    n_chars: int
    body: str
    source_encoding: str
    metadata_source: str


@dataclass(frozen=True)
class Quarantined:
    source_name: str
    stage: str
    reason: str
    detail: str
    document_id: str | None = None


@dataclass
class IngestResult:
    """What one run read. A full scan saw the whole raw directory, so any live document it did not see
    was deleted; a scoped run read only `seen` and was told which files were deleted."""

    documents: list[Document] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    full_scan: bool = True
    deleted: list[str] = field(default_factory=list)

    @property
    def seen_sources(self) -> list[str]:
        return sorted({d.source_name for d in self.documents} | {q.source_name for q in self.quarantined})


class IngestError(Exception):
    """A file that cannot become a document; `reason` is the quarantine reason code."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def candidate_files(raw_dir: Path) -> list[Path]:
    """Every file under the raw directory that ingest looks at (dot-files are editor/OS artefacts)."""
    return [p for p in sorted(raw_dir.rglob("*"))
            if not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
            and (p.is_symlink() or not p.is_dir())]


def fingerprint(raw_dir: Path) -> dict[str, str]:
    """source_name -> size and modification time, for spotting new, changed and deleted files cheaply."""
    result = {}
    for path in candidate_files(raw_dir):
        try:
            stat = path.lstat()
        except FileNotFoundError:  # removed while we looked
            continue
        result[path.relative_to(raw_dir).as_posix()] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return result


def ingest_directory(raw_dir: Path, max_file_bytes: int, only: list[str] | None = None,
                     deleted: list[str] | None = None) -> IngestResult:
    """Read every article under `raw_dir` (recursively) in a stable order, or only the files in `only`."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory {raw_dir} does not exist")
    result = IngestResult(full_scan=only is None, deleted=sorted(deleted or []))
    root = raw_dir.resolve()
    seen: dict[str, str] = {}
    if only is None:
        paths = candidate_files(raw_dir)
    else:
        wanted = set()
        for name in only:
            if name.endswith(SIDECAR_SUFFIX):
                article = _article_for_sidecar(raw_dir / name)
                wanted.add(article if article.exists() else raw_dir / name)
            else:
                wanted.add(raw_dir / name)
        paths = sorted(p for p in wanted if p.exists() or p.is_symlink())
        result.deleted = sorted(set(result.deleted) | {n for n in only if not (raw_dir / n).exists()
                                                       and not (raw_dir / n).is_symlink()})
    for path in paths:
        rel = path.relative_to(raw_dir).as_posix()
        if rel.endswith(SIDECAR_SUFFIX):
            if not _article_for_sidecar(path).exists():
                result.quarantined.append(
                    Quarantined(rel, "ingest", "orphan_sidecar", f"{rel} has no article file beside it")
                )
            continue
        try:
            doc = read_document(raw_dir, root, path, max_file_bytes)
        except IngestError as exc:
            result.quarantined.append(Quarantined(rel, "ingest", exc.reason, exc.detail))
            continue
        if doc.document_id in seen:
            result.quarantined.append(
                Quarantined(rel, "ingest", "duplicate_content",
                            f"same text and metadata as {seen[doc.document_id]}", doc.document_id)
            )
            continue
        seen[doc.document_id] = rel
        result.documents.append(doc)
    return result


def read_document(raw_dir: Path, root: Path, path: Path, max_file_bytes: int) -> Document:
    rel = path.relative_to(raw_dir).as_posix()
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            raise IngestError("symlink_outside_raw_dir", f"{rel} links to {target}, outside the raw directory")
        if not target.exists():
            raise IngestError("broken_symlink", f"{rel} links to {target}, which does not exist")
    if path.is_dir():
        raise IngestError("unsupported_file_type", f"{rel} is a link to a directory")
    if not rel.lower().endswith(ARTICLE_SUFFIXES):
        raise IngestError("unsupported_file_type",
                          f"{rel}: only {', '.join(ARTICLE_SUFFIXES)} articles are read")
    size = path.stat().st_size
    if size > max_file_bytes:
        raise IngestError("file_too_large", f"{rel} is {size} bytes, over the limit of {max_file_bytes}")
    data = path.read_bytes()
    text, encoding = decode(data, rel)
    text = normalise_text(text)
    if not text.strip():
        raise IngestError("empty_file", f"{rel} holds no text")
    metadata, body, metadata_source = split_metadata(text, rel)
    sidecar = _sidecar_for(path)
    if sidecar.exists():
        metadata = {**read_sidecar(sidecar, rel), **metadata}
        metadata_source = "sidecar" if metadata_source == "none" else f"{metadata_source}+sidecar"
    if not body.strip():
        raise IngestError("empty_file", f"{rel} holds front matter but no article text")
    title = _clean(metadata.get("title")) or headline_of(body)
    if metadata_source == "none" and title:
        metadata_source = "headline"
    published = parse_published_date(metadata.get("published_date"), rel)
    publisher, url = _clean(metadata.get("publisher")), _clean(metadata.get("url"))
    content_sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    identity = json.dumps([content_sha, title, published and published.isoformat(), publisher, url])
    return Document(
        document_id="doc_" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16],
        source_name=rel,
        title=title,
        published_date=published,
        publisher=publisher,
        url=url,
        content_sha256=content_sha,
        n_chars=len(body),
        body=body,
        source_encoding=encoding,
        metadata_source=metadata_source,
    )


def decode(data: bytes, rel: str) -> tuple[str, str]:
    """UTF-8 first; otherwise the legacy encoding charset-normalizer is confident about."""
    if b"\x00" in data[:8192] or _control_share(data) > MAX_CONTROL_CHAR_SHARE:
        raise IngestError("binary_file", f"{rel} looks binary (NUL or control bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # English news in a legacy encoding is nearly always Windows-1252 / Latin-1 with a few
    # stray bytes (a pound sign); statistical detectors guess exotic code pages for so little evidence.
    if sum(b >= 0x80 for b in data) <= MAX_LEGACY_HIGH_BYTE_SHARE * len(data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    guess = from_bytes(data).best()
    if guess is None or guess.chaos > MAX_LEGACY_CHAOS or guess.encoding.startswith("utf"):
        raise IngestError(
            "undecodable",
            f"{rel} is not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no legacy encoding fits it",
        )
    return str(guess), guess.encoding


def _control_share(data: bytes) -> float:
    sample = data[:8192]
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no trailing whitespace at line ends; typographic quotes are kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


def split_metadata(text: str, rel: str) -> tuple[dict[str, Any], str, str]:
    if not text.startswith("---"):
        return {}, text, "none"
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise IngestError("malformed_front_matter", f"{rel} opens front matter with '---' but never closes it")
    try:
        loaded = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise IngestError("malformed_front_matter", f"{rel}: front matter is not valid YAML: {exc}") from None
    if not isinstance(loaded, dict):
        raise IngestError("malformed_front_matter", f"{rel}: front matter must be a mapping of fields")
    return _metadata_fields(loaded), text[match.end():].lstrip("\n"), "front_matter"


def read_sidecar(sidecar: Path, rel: str) -> dict[str, Any]:
    try:
        loaded = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError("malformed_sidecar", f"{sidecar.name} for {rel} is not valid JSON: {exc}") from None
    if not isinstance(loaded, dict):
        raise IngestError("malformed_sidecar", f"{sidecar.name} for {rel} must hold a JSON object")
    return _metadata_fields(loaded)


def _metadata_fields(loaded: dict[Any, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in loaded.items():
        name = METADATA_ALIASES.get(str(key).lower(), str(key).lower())
        if name in METADATA_FIELDS and value is not None:
            fields[name] = value
    return fields


def parse_published_date(value: Any, rel: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    import dateparser  # imported lazily: it costs half a second and only metadata needs it

    parsed = dateparser.parse(str(value), settings={"STRICT_PARSING": True, "DATE_ORDER": "YMD"})
    if parsed is None:
        raise IngestError("malformed_metadata", f"{rel}: published date {value!r} is not a date")
    return parsed.date()


def headline_of(body: str) -> str | None:
    """A plain-text article's first line is its headline when it is short, unpunctuated and set apart."""
    first, _, rest = body.partition("\n")
    first = first.strip().lstrip("#").strip()
    if not first or len(first) > MAX_HEADLINE_CHARS or first[-1] in ".!?\"”:;,":
        return None
    return first if rest.startswith("\n") else None


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def _sidecar_for(article: Path) -> Path:
    return article.with_name(article.stem + SIDECAR_SUFFIX)


def _article_for_sidecar(sidecar: Path) -> Path:
    stem = sidecar.name.removesuffix(SIDECAR_SUFFIX)
    candidates = [sidecar.with_name(stem + suffix) for suffix in ARTICLE_SUFFIXES]
    return next((c for c in candidates if c.exists()), candidates[0])
