"""Ingest stage: raw article files -> normalised documents, or a quarantine record saying why not.

Every file under the raw directory ends up either as a `Document` or as a `Quarantined` record;
nothing is skipped silently except dot-files (editor and OS artefacts) and the `.meta.json`
sidecars, which are read together with their article.

Nothing a file holds can stop a run or exhaust memory: only regular files are opened (a FIFO or a
device is refused before it is opened, and opens never block), every read is bounded in size,
articles, sidecars and run-config paths must resolve inside the raw directory, front matter may not
use YAML aliases, every metadata value is bounded in type and length, and any unexpected exception
while reading one file becomes that file's quarantine row (`unexpected_error`).

A document is its content: `document_id` hashes the text and metadata, never the file name, so two
copies are one document with two names (`IngestResult.sources`), and a renamed file is the same
document under a new name.

A run keeps each document's metadata and content hash, not its text: the text is read again from its
file (`PendingDocuments.with_bodies`, by the same code that read it first) when a stage needs it, a
chunk at a time, and checked against the hash, so a run's memory does not grow with the corpus. A file
that changed or went between the two reads gives no rows for text that was never hashed: its document
is refused (`changed_during_run`) and the next run reads it as it is then.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path, PurePosixPath
from typing import Any

import polars as pl
import yaml
from charset_normalizer import from_bytes

from pipelines import pubdate, rawfiles
from pipelines.display import describe_exception, printable
from pipelines.schema import frame_from_rows, polars_schema

ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".meta.json"
METADATA_FIELDS = ("title", "published_date", "publisher", "url")
# Keys people actually write in front matter, mapped onto our field names.
METADATA_ALIASES = {"date": "published_date", "published": "published_date", "source": "publisher", "link": "url"}
# Longest accepted value of each metadata field, in characters.
MAX_METADATA_CHARS = {"title": 1000, "published_date": 64, "publisher": 300, "url": 2048}
MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_SIDECAR_BYTES = 64 * 1024
# Publication dates outside [EARLIEST_DATE, run date + DATE_SLACK] are refused (the slack covers time zones).
EARLIEST_DATE = pubdate.EARLIEST_DATE
DATE_SLACK = pubdate.DATE_SLACK

# A legacy-encoding guess noisier than this is not text we can trust offsets into.
MAX_LEGACY_CHAOS = 0.2
MAX_LEGACY_HIGH_BYTE_SHARE = 0.02
# Confidence in a legacy decoding (see `legacy_doubt`).
MAX_ODD_CHAR_SHARE = 0.05
MAX_MIXED_SCRIPT_WORD_SHARE = 0.02
MIN_LETTERS_FOR_SPREAD_TEST = 40
MIN_TOP5_LETTER_SHARE = 0.3
MAX_CASE_ANOMALY_SHARE = 0.02
# Detector guesses this close to its best one are as likely as the best.
LEGACY_TIE_CHAOS = 0.01
LEGACY_TIE_COHERENCE = 0.05
# Among tied guesses these win, in this order (Windows-1252 first: Western European news).
PREFERRED_LEGACY_ENCODINGS = ("cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256")
# Share of control characters above which a file is treated as binary rather than text.
MAX_CONTROL_CHAR_SHARE = 0.05
MAX_HEADLINE_CHARS = 200
MAX_NAME_CHARS = 4096
# dim_document's columns a run holds for each pending document: all but the text, which is read again when
# needed (`PendingDocuments.with_bodies`).
PENDING_COLUMNS = [column for column in polars_schema("dim_document") if column != "body"]

# Quarantine reasons that say nothing about a file's content (it could not be read this time): the
# document the file held before stays published until the file can be read again.
UNREAD_REASONS = frozenset({"unreadable_file", "unexpected_error"})
# Every reason code the ingest stage writes (README: "Quarantine reasons").
REASONS = frozenset({
    "empty_file", "binary_file", "undecodable", "uncertain_encoding", "file_too_large", "unsupported_file_type",
    "not_regular_file", "unreadable_file", "invalid_file_name", "symlink_outside_raw_dir", "broken_symlink",
    "symlink_loop", "source_outside_raw_dir", "malformed_front_matter", "malformed_sidecar",
    "sidecar_outside_raw_dir", "orphan_sidecar", "malformed_metadata", "metadata_too_long", "implausible_date",
    "unexpected_error", "changed_during_run",
})

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_HIGH_BYTES = bytes(range(0x80, 0x100))
_METADATA_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
# Characters other than letters that legacy-encoded English news holds: currency, quotes, dashes...
_TYPOGRAPHY = frozenset("£€¥¢’‘“”„‚–—…•·°½¼¾«»©®™§¶†‡‰′″¿¡\u00a0\u2009\u200a\u202f\u2002\u2003\u2010\u2011")
_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


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
    source_encoding: str
    metadata_source: str
    date_source: str | None = None  # where published_date came from: pubdate.DATE_SOURCES


@dataclass(frozen=True)
class Article:
    """A file read: its document and the text the document's hash was taken of (kept only while needed)."""

    document: Document
    body: str


@dataclass(frozen=True)
class Quarantined:
    source_name: str
    stage: str
    reason: str
    detail: str
    document_id: str | None = None


@dataclass
class IngestResult:
    """What one run read. A full scan saw the whole raw directory, so any live name it did not see was
    deleted (except under `unlisted` directories, which could not be read); a scoped run read only what
    it was told to and was told which files were deleted.

    `documents` holds each distinct document once (under the first of its names, in sorted order), without
    its text; `sources` maps every file that loaded to its document, so copies and links are names of one
    document. `raw_dir` and `max_file_bytes` are where and how the texts are read again (`bodies`).
    """

    documents: list[Document] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    full_scan: bool = True
    deleted: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    unlisted: list[str] = field(default_factory=list)
    raw_dir: str = ""
    max_file_bytes: int = 0

    def __post_init__(self) -> None:
        for doc in self.documents:
            self.sources.setdefault(doc.source_name, doc.document_id)

    @property
    def seen_sources(self) -> list[str]:
        return sorted(set(self.sources) | {q.source_name for q in self.quarantined})

    @property
    def unread_sources(self) -> list[str]:
        """Files that could not be read this time: what they held before is left as it was."""
        return sorted({q.source_name for q in self.quarantined if q.reason in UNREAD_REASONS})

    def body(self, document: Document) -> str:
        """One document's text, read again (`bodies`)."""
        return self.bodies().read(document.document_id, document.content_sha256)

    def bodies(self) -> BodyReader:
        """Reads this result's documents' texts again, under any of their names."""
        first = {doc.document_id: doc.source_name for doc in self.documents}
        names: dict[str, list[str]] = {}
        for name in sorted(self.sources):
            names.setdefault(self.sources[name], []).append(name)
        return BodyReader(self.raw_dir, self.max_file_bytes,
                          {doc_id: _first_name_first(found, first.get(doc_id)) for doc_id, found in names.items()})


def _first_name_first(names: list[str], first: str | None) -> tuple[str, ...]:
    return tuple(sorted(names, key=lambda name: name != first))


@dataclass(frozen=True)
class BodyReader:
    """Where a run's texts are read again: the raw directory, the size limit ingest read it with, and every
    name each document was read under (its first name first: a copy or a link of the same content serves
    when that file changed)."""

    raw_dir: str = ""
    max_file_bytes: int = 0
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def read(self, document_id: str, content_sha256: str) -> str:
        """The document's text as ingest read it: decoded and normalised by the same code (`_read_text`) and
        checked against the hash taken then. `IngestError("changed_during_run")` when no file of the
        document holds that text any more (edited, emptied, replaced or removed since)."""
        raw_dir = Path(self.raw_dir)
        root = raw_dir.resolve()
        why: list[str] = []
        for name in self.names.get(document_id, ()):
            try:
                text = _read_text(raw_dir, root, raw_dir / name, self.max_file_bytes)
            except IngestError as exc:
                why.append(f"{exc.reason}: {exc.detail}")
                continue
            if hashlib.sha256(text.body.encode("utf-8")).hexdigest() == content_sha256:
                return text.body
            why.append(f"{name} now holds other text")
        names = ", ".join(self.names.get(document_id, ())) or document_id
        raise IngestError("changed_during_run",
                          f"{names} changed or went after this run read it, before its text was parsed "
                          f"({'; '.join(why) or 'no file'}); the next run reads it as it is then")


def documents_frame(documents: list[Document], extractor_version: str) -> pl.DataFrame:
    """The run's documents as dim_document rows without their text (`PENDING_COLUMNS`), stamped with the
    extractor version that will read them."""
    return frame_from_rows("dim_document", [{**doc.__dict__, "extractor_version": extractor_version}
                                            for doc in documents]).select(PENDING_COLUMNS)


@dataclass
class PendingDocuments:
    """Documents whose facts must be (re)extracted (dim_document rows without their text: `with_bodies`
    reads it), and the ids already current in the warehouse."""

    documents: pl.DataFrame
    unchanged_document_ids: list[str]
    bodies: BodyReader = field(default_factory=BodyReader)

    def source_names(self) -> dict[str, str]:
        """document_id -> the name it was read under."""
        return dict(zip(self.documents["document_id"], self.documents["source_name"], strict=True))

    def with_bodies(self, start: int, end: int) -> tuple[pl.DataFrame, list[Quarantined]]:
        """The pending documents [start, end) as whole dim_document rows, their texts read again from their
        files (`BodyReader.read`), and a refusal for each whose text is no longer there (left out)."""
        part = self.documents.slice(start, end - start)
        if "body" in part.columns:  # a frame that carries its texts (the fan-out job's batches)
            return part, []
        bodies: list[str | None] = []
        refused: list[Quarantined] = []
        for document_id, name, content in zip(part["document_id"], part["source_name"], part["content_sha256"],
                                              strict=True):
            try:
                bodies.append(self.bodies.read(document_id, content))
            except IngestError as exc:
                bodies.append(None)
                refused.append(Quarantined(name, "ingest", exc.reason, exc.detail, document_id))
        whole = part.with_columns(pl.Series("body", bodies, dtype=pl.Utf8)).select(list(polars_schema("dim_document")))
        return whole.filter(pl.col("body").is_not_null()), refused


def split_pending(frame: pl.DataFrame, current: dict[str, str], extractor_version: str,
                  bodies: BodyReader | None = None) -> PendingDocuments:
    """A document is pending unless the warehouse holds it live, extracted by this extractor version
    (`current`: document_id -> extractor_version of the live documents); `bodies` reads their texts."""
    is_current = pl.col("document_id").is_in(
        [doc_id for doc_id, version in current.items() if version == extractor_version])
    return PendingDocuments(frame.filter(~is_current), frame.filter(is_current)["document_id"].to_list(),
                            bodies or BodyReader())


def documents_with_bodies(result: IngestResult, extractor_version: str) -> pl.DataFrame:
    """Every document of `result` as a whole dim_document row, its text read again: for sets small enough
    to hold whole (tests, evaluation); a run reads a chunk's texts at a time. Raises `IngestError` when a
    file changed since."""
    pending = split_pending(documents_frame(result.documents, extractor_version), {}, extractor_version,
                            result.bodies())
    frame, refused = pending.with_bodies(0, pending.documents.height)
    if refused:
        raise IngestError(refused[0].reason, refused[0].detail)
    return frame


class IngestError(Exception):
    """A file that cannot become a document; `reason` is the quarantine reason code."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = printable(detail)


@dataclass
class Listing:
    files: list[Path]
    unlisted: list[Path]


def list_files(raw_dir: Path) -> Listing:
    """Every non-dot file under the raw directory (`rawfiles.walk`: not through symlinked directories);
    directories that cannot be listed are reported rather than taken as empty."""
    unlisted: list[str] = []
    files = [Path(entry.path) for entry in rawfiles.walk(str(raw_dir), unlisted) if not rawfiles.is_directory(entry)]
    return Listing(sorted(files), sorted(Path(directory) for directory in unlisted))


def candidate_files(raw_dir: Path) -> list[Path]:
    """Every file under the raw directory that ingest looks at (dot-files are editor/OS artefacts)."""
    return list_files(raw_dir).files


def fingerprint(raw_dir: Path) -> dict[str, str]:
    """source_name -> size, modification time and inode, for spotting new, changed, moved and deleted
    files cheaply (a swap of two names changes their inodes). Names that are not valid UTF-8 are left to
    full scans, which quarantine them."""
    result = {}
    for path in candidate_files(raw_dir):
        name = path.relative_to(raw_dir).as_posix()
        if not _is_text(name):
            continue
        try:
            info = path.lstat()
        except OSError:  # removed while we looked
            continue
        result[name] = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
    return result


def ingest_directory(raw_dir: Path, max_file_bytes: int, only: list[str] | None = None,
                     deleted: list[str] | None = None, today: dt.date | None = None) -> IngestResult:
    """Read every article under `raw_dir` (recursively) in a stable order, or only the files in `only`.

    Never raises for anything a file holds: each file becomes a document or a quarantine row.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw directory {raw_dir} does not exist")
    today = today or dt.datetime.now(dt.UTC).date()
    # Absolute: a later step (in another process under the UI) reads the texts again from here.
    result = IngestResult(full_scan=only is None, raw_dir=str(raw_dir.absolute()), max_file_bytes=max_file_bytes)
    root = raw_dir.resolve()
    if only is None:
        listing = list_files(raw_dir)
        paths = listing.files
        for directory in listing.unlisted:
            rel = directory.relative_to(raw_dir).as_posix()
            result.unlisted.append("" if rel == "." else rel)
            result.quarantined.append(Quarantined(_display_name(rel), "ingest", "unreadable_file",
                                                  printable(f"directory {rel} cannot be listed")))
    else:
        paths, refused, gone = _scoped_paths(raw_dir, only, deleted or [])
        result.quarantined.extend(refused)
        result.deleted = gone
    first_name: dict[str, str] = {}
    for path in paths:
        rel = path.relative_to(raw_dir).as_posix()
        try:
            if not _is_text(rel):
                raise IngestError("invalid_file_name", f"{_display_name(rel)}: the file name is not valid UTF-8")
            if rel.endswith(SIDECAR_SUFFIX):
                if not os.path.lexists(_article_for_sidecar(path)):
                    raise IngestError("orphan_sidecar", f"{rel} has no article file beside it")
                continue
            doc = read_article(raw_dir, root, path, max_file_bytes, today).document  # the text is dropped
        except IngestError as exc:
            result.quarantined.append(Quarantined(_display_name(rel), "ingest", exc.reason, exc.detail))
            continue
        except Exception as exc:  # noqa: BLE001 - still one file's problem, never the run's
            result.quarantined.append(Quarantined(_display_name(rel), "ingest", "unexpected_error",
                                                  describe_exception(exc)))
            continue
        result.sources[rel] = doc.document_id
        if doc.document_id not in first_name:  # a copy is another name of the same document
            first_name[doc.document_id] = rel
            result.documents.append(doc)
    return result


def _scoped_paths(raw_dir: Path, only: list[str], deleted: list[str]
                  ) -> tuple[list[Path], list[Quarantined], list[str]]:
    """The files a scoped run reads, its refusals of names that are not inside the raw directory, and
    the names really gone (a name said to be deleted that still exists is read instead)."""
    wanted: dict[str, Path] = {}
    refused: list[Quarantined] = []
    gone: set[str] = set()
    for name, claimed_deleted in [(n, False) for n in only] + [(n, True) for n in deleted]:
        try:
            parts = _safe_parts(name)
        except IngestError as exc:
            if not claimed_deleted:
                refused.append(Quarantined(_display_name(str(name)), "ingest", exc.reason, exc.detail))
            continue
        if parts is None:  # a dot-file, ignored as a full scan ignores it
            continue
        path = raw_dir.joinpath(*parts)
        rel = path.relative_to(raw_dir).as_posix()
        if rel.endswith(SIDECAR_SUFFIX):
            # A sidecar changed or went: its article is what must be read again.
            article = _article_for_sidecar(path)
            if os.path.lexists(article):
                wanted[article.relative_to(raw_dir).as_posix()] = article
            if not os.path.lexists(path):
                gone.add(rel)
                continue
        if os.path.lexists(path):
            wanted[rel] = path
        else:
            gone.add(rel)
    return [wanted[rel] for rel in sorted(wanted)], refused, sorted(gone - set(wanted))


def _safe_parts(name: Any) -> list[str] | None:
    """The path components of a run-config name, refusing anything that could leave the raw directory."""
    if not isinstance(name, str) or not name or "\x00" in name or len(name) > MAX_NAME_CHARS or not _is_text(name):
        raise IngestError("invalid_file_name", f"{_display_name(str(name))!r} is not a usable file name")
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts:
        raise IngestError("source_outside_raw_dir",
                          f"{name} is not a path inside the raw directory (absolute, or it climbs out with '..')")
    parts = [part for part in pure.parts if part != "."]
    if not parts:
        raise IngestError("invalid_file_name", f"{name!r} names the raw directory itself, not a file")
    if any(part.startswith(".") for part in parts):
        return None
    return parts


@dataclass(frozen=True)
class _Text:
    """A file's normalised text split from its front matter, as first read and as read again."""

    body: str
    metadata: dict[str, Any]
    metadata_source: str
    encoding: str
    modified: float


def _read_text(raw_dir: Path, root: Path, path: Path, max_file_bytes: int) -> _Text:
    """An article file's text: inside the raw directory, a regular .txt/.md file within the size limit,
    decoded, normalised and split from its front matter. The one reader of article text: ingest's first
    read and every read again (`BodyReader`) go through it, so both give the same text."""
    rel = path.relative_to(raw_dir).as_posix()
    target = _resolve_inside(root, path, rel, "symlink_outside_raw_dir")
    info = _stat(target, rel)
    if not stat.S_ISREG(info.st_mode):
        raise IngestError("not_regular_file", f"{rel} is {_file_kind(info.st_mode)}, not a regular file")
    if not rel.lower().endswith(ARTICLE_SUFFIXES):
        raise IngestError("unsupported_file_type",
                          f"{rel}: only {', '.join(ARTICLE_SUFFIXES)} articles are read")
    data = read_bounded(target, max_file_bytes, rel)
    text, encoding = decode(data, rel)
    text = normalise_text(text)
    if not text.strip():
        raise IngestError("empty_file", f"{rel} holds no text")
    metadata, body, metadata_source = split_metadata(text, rel)
    return _Text(body, metadata, metadata_source, encoding, info.st_mtime)


def read_article(raw_dir: Path, root: Path, path: Path, max_file_bytes: int,
                 today: dt.date | None = None) -> Article:
    rel = path.relative_to(raw_dir).as_posix()
    text = _read_text(raw_dir, root, path, max_file_bytes)
    metadata, body, metadata_source = text.metadata, text.body, text.metadata_source
    sidecar = _sidecar_for(path)
    if os.path.lexists(sidecar):
        metadata = {**read_sidecar(sidecar, rel, root), **metadata}
        metadata_source = "sidecar" if metadata_source == "none" else f"{metadata_source}+sidecar"
    if not body.strip():
        raise IngestError("empty_file", f"{rel} holds front matter but no article text")
    title = _metadata_text(metadata, "title", rel) or headline_of(body)
    if metadata_source == "none" and title:
        metadata_source = "headline"
    published = parse_published_date(metadata.get("published_date"), rel, today)
    publisher, url = _metadata_text(metadata, "publisher", rel), _metadata_text(metadata, "url", rel)
    content_sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    # The id is the content and its metadata: a date read off the file (its modification time) is not
    # part of it, so copies and touched files stay one document.
    identity = json.dumps([content_sha, title, published and published.isoformat(), publisher, url])
    date, date_source = pubdate.publication_date(published, body, text.modified,
                                                 today or dt.datetime.now(dt.UTC).date())
    document = Document(
        document_id="doc_" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16],
        source_name=rel,
        title=title,
        published_date=date,
        publisher=publisher,
        url=url,
        content_sha256=content_sha,
        n_chars=len(body),
        source_encoding=text.encoding,
        metadata_source=metadata_source,
        date_source=date_source,
    )
    return Article(document, body)


def _resolve_inside(root: Path, path: Path, rel: str, outside_reason: str) -> Path:
    """The real path of `path`, which must exist and lie inside the raw directory (symlinks included)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        raise IngestError("symlink_loop", f"{rel} is part of a symlink loop") from None
    except FileNotFoundError:
        if path.is_symlink():
            raise IngestError("broken_symlink", f"{rel} links to {_readlink(path)}, which does not exist") from None
        raise IngestError("unreadable_file", f"{rel} disappeared while it was being read") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise IngestError("symlink_loop", f"{rel} is part of a symlink loop") from None
        raise IngestError("unreadable_file", f"{rel} cannot be resolved: {exc.strerror}") from None
    if not target.is_relative_to(root):
        raise IngestError(outside_reason, f"{rel} resolves to {target}, outside the raw directory")
    return target


def _stat(target: Path, rel: str) -> os.stat_result:
    try:
        return target.stat()
    except OSError as exc:
        raise IngestError("unreadable_file", f"{rel} cannot be examined: {exc.strerror}") from None


def read_bounded(target: Path, limit: int, rel: str) -> bytes:
    """The bytes of a regular file, never more than `limit` (refused above it, however the file grows);
    the open never blocks and never follows a symlink swapped in after resolution."""
    try:
        fd = os.open(target, _OPEN_FLAGS)
    except OSError as exc:
        raise IngestError("unreadable_file", f"{rel} cannot be opened: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IngestError("not_regular_file", f"{rel} is {_file_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise IngestError("file_too_large", f"{rel} is {info.st_size} bytes, over the limit of {limit}")
        buffer = bytearray()
        while len(buffer) <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - len(buffer)))
            if not chunk:
                break
            buffer += chunk
        if len(buffer) > limit:
            raise IngestError("file_too_large", f"{rel} grew past the limit of {limit} bytes while being read")
        return bytes(buffer)
    except OSError as exc:
        raise IngestError("unreadable_file", f"{rel} cannot be read: {exc.strerror}") from None
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "not a regular file"


def decode(data: bytes, rel: str) -> tuple[str, str]:
    """A byte-order mark's encoding; else UTF-8; else a legacy encoding we are confident about."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError("undecodable", f"{rel} starts with a {encoding} byte-order mark but is not valid "
                                                 f"{encoding} ({exc.reason} at byte {exc.start + len(bom)})") from None
            _refuse_binary_text(text, rel)
            return text, encoding
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError("binary_file", f"{rel} holds a NUL byte (at byte {nul}): binary, not text")
    if _control_share(data) > MAX_CONTROL_CHAR_SHARE:
        raise IngestError("binary_file", f"{rel} looks binary (control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"{exc.reason} at byte {exc.start}"
    return _legacy_decode(data, rel, utf8_error)


def _legacy_decode(data: bytes, rel: str, utf8_error: str) -> tuple[str, str]:
    """The legacy encoding of a file that is not UTF-8, when we can be confident of it (recorded in
    `source_encoding`); `uncertain_encoding` when the candidates read like noise or disagree."""
    doubts: list[str] = []
    # English news in a legacy encoding is nearly always Windows-1252 / Latin-1 with a few
    # stray bytes (a pound sign); statistical detectors guess exotic code pages for so little evidence.
    if len(data) - len(data.translate(None, _HIGH_BYTES)) <= MAX_LEGACY_HIGH_BYTE_SHARE * len(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            if _confident(text, "cp1252", doubts):
                return text, "cp1252"
    # The detector's best guess and those it cannot tell from it, the common Windows code pages first
    # (Western European text is what this pipeline reads). When two guesses read like text but say
    # different things and neither is a common code page, we cannot know which is right.
    readable = [(text, encoding) for text, encoding in _charset_guesses(data) if _confident(text, encoding, doubts)]
    if readable:
        text, encoding = readable[0]
        rival = next((e for t, e in readable[1:] if t != text), None)
        if encoding in PREFERRED_LEGACY_ENCODINGS or rival is None:
            return text, encoding
        doubts.append(f"{encoding} and {rival} both read like text but differ")
    if doubts:
        raise IngestError("uncertain_encoding", f"{rel} is not valid UTF-8 ({utf8_error}) and no legacy encoding "
                                                f"fits it with confidence ({'; '.join(doubts)})")
    raise IngestError("undecodable", f"{rel} is not valid UTF-8 ({utf8_error}) and no legacy encoding fits it")


def _preference(encoding: str) -> int:
    try:
        return PREFERRED_LEGACY_ENCODINGS.index(encoding)
    except ValueError:
        return len(PREFERRED_LEGACY_ENCODINGS)


def _confident(text: str, encoding: str, doubts: list[str]) -> bool:
    doubt = legacy_doubt(text, encoding)
    if doubt is not None:
        doubts.append(f"{encoding}: {doubt}")
    return doubt is None


def _charset_guesses(data: bytes) -> list[tuple[str, str]]:
    """charset-normalizer's best guess and the guesses tied with it, common Windows code pages first."""
    try:
        matches = [m for m in from_bytes(data) if not m.encoding.startswith("utf")]
        if not matches or matches[0].chaos > MAX_LEGACY_CHAOS:
            return []
        best = matches[0]
        tied = [m for m in matches if m.chaos <= best.chaos + LEGACY_TIE_CHAOS
                and m.coherence >= best.coherence - LEGACY_TIE_COHERENCE]
        tied.sort(key=lambda m: _preference(m.encoding))
        return [(str(m), m.encoding) for m in tied]
    except Exception:  # noqa: BLE001 - a detector failure only means the file is undecodable
        return []


def legacy_doubt(text: str, encoding: str) -> str | None:
    """Why a legacy decoding of a file is not to be trusted, or None when it reads like text.

    Signs of bytes decoded in the wrong code page, or of random bytes in English text: many non-ASCII
    characters that are neither letters nor common typography; words that mix scripts (Latin and
    Cyrillic letters in one word); capitals inside lower-case words ('goverÐment'); and, for single-byte
    code pages, non-ASCII letters spread evenly over many different letters (a language uses a few of
    them most of the time; random bytes do not). A few dozen stray bytes that all decode to Latin
    letters cannot be told from accented names, and pass.
    """
    non_ascii = _NON_ASCII.findall(text)
    if not non_ascii:
        return None
    odd = [c for c in non_ascii if not _plausible_char(c)]
    if len(odd) > max(2, MAX_ODD_CHAR_SHARE * len(non_ascii)):
        return (f"{len(odd)} of {len(non_ascii)} non-ASCII characters are neither letters nor common "
                f"punctuation (e.g. {printable(''.join(sorted(set(odd))[:5]))!r})")
    mixed, touched, capitals = 0, 0, 0
    example = ""
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        touched += 1
        if len({_script(c) for c in word}) > 1:
            mixed += 1
            example = example or word
        capitals += sum(1 for before, c in pairwise(word) if not c.isascii() and c.isupper() and before.islower())
    if mixed > max(1, MAX_MIXED_SCRIPT_WORD_SHARE * touched):
        return f"{mixed} of {touched} words with non-ASCII letters mix scripts (e.g. {printable(example, 40)!r})"
    letters = Counter(c.casefold() for c in non_ascii if c.isalpha())
    n_letters = sum(letters.values())
    if capitals > max(2, MAX_CASE_ANOMALY_SHARE * n_letters):
        return f"{capitals} non-ASCII capitals sit inside lower-case words"
    if n_letters >= MIN_LETTERS_FOR_SPREAD_TEST and _single_byte(encoding):
        top = sum(n for _, n in letters.most_common(5))
        if top < MIN_TOP5_LETTER_SHARE * n_letters:
            return (f"its {n_letters} non-ASCII letters are spread over {len(letters)} different letters, "
                    "as random bytes are, not as a language's letters are")
    return None


def _plausible_char(char: str) -> bool:
    """A letter, a combining mark, a digit, common typography, or CJK punctuation."""
    if char.isalpha() or char in _TYPOGRAPHY or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef":
        return True
    return unicodedata.category(char) in ("Mn", "Mc", "Nd")


def _script(char: str) -> str:
    if char.isascii():
        return "LATIN"
    name = unicodedata.name(char, "")
    script = name.split(" ", 1)[0]
    return "CJK" if script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH") else script


def _single_byte(encoding: str) -> bool:
    try:
        return len(_HIGH_BYTES.decode(encoding, errors="replace")) == len(_HIGH_BYTES)
    except LookupError:
        return True


def _refuse_binary_text(text: str, rel: str) -> None:
    nul = text.find("\x00")
    if nul >= 0:
        raise IngestError("binary_file", f"{rel} holds a NUL character (at character {nul}): binary, not text")
    controls = sum(text.count(chr(b)) for b in _CONTROL_BYTES)
    if text and controls / len(text) > MAX_CONTROL_CHAR_SHARE:
        raise IngestError("binary_file", f"{rel} looks binary (control characters), not text")


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no trailing whitespace at line ends; typographic quotes are kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases (a few hundred bytes of nested aliases expand to gigabytes)
    and without implicit timestamps (an impossible date such as 2020-02-30 is our error to report)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter",
                                              event.start_mark)
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# An explicit !!timestamp is text too: PyYAML's own constructor raises AttributeError on a malformed one.
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                   yaml.SafeLoader.construct_scalar)  # type: ignore[type-var]


def split_metadata(text: str, rel: str) -> tuple[dict[str, Any], str, str]:
    if not text.startswith("---"):
        return {}, text, "none"
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise IngestError("malformed_front_matter", f"{rel} opens front matter with '---' but never closes it")
    block = match.group(1) or ""
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise IngestError("malformed_front_matter", f"{rel}: front matter is {len(block)} characters, over the "
                                                    f"limit of {MAX_FRONT_MATTER_CHARS}")
    try:
        loaded = yaml.load(block, Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        raise IngestError("malformed_front_matter", f"{rel}: front matter is not valid YAML: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - PyYAML's constructors raise ValueError, RecursionError...
        raise IngestError("malformed_front_matter",
                          f"{rel}: front matter cannot be read: {describe_exception(exc)}") from None
    if not isinstance(loaded, dict):
        raise IngestError("malformed_front_matter", f"{rel}: front matter must be a mapping of fields")
    return _metadata_fields(loaded), text[match.end():].lstrip("\n"), "front_matter"


def read_sidecar(sidecar: Path, rel: str, root: Path | None = None) -> dict[str, Any]:
    """The metadata fields of an article's `NAME.meta.json`, held to the same rules as articles (inside the
    raw directory, a regular file) and bounded in size and depth."""
    name = sidecar.name
    if root is not None:
        try:
            target = _resolve_inside(root, sidecar, name, "sidecar_outside_raw_dir")
        except IngestError as exc:
            if exc.reason in ("sidecar_outside_raw_dir", "unreadable_file"):
                raise IngestError(exc.reason, f"sidecar of {rel}: {exc.detail}") from None
            raise IngestError("malformed_sidecar", f"sidecar of {rel}: {exc.detail}") from None
    else:
        target = sidecar
    try:
        data = read_bounded(target, MAX_SIDECAR_BYTES, name)
    except IngestError as exc:
        if exc.reason == "unreadable_file":
            raise
        raise IngestError("malformed_sidecar", f"sidecar of {rel}: {exc.detail}") from None
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError, as are 5,000-digit numbers
        raise IngestError("malformed_sidecar", f"{name} for {rel} is not valid JSON: {exc}") from None
    except RecursionError:
        raise IngestError("malformed_sidecar", f"{name} for {rel} is nested too deeply to read") from None
    if not isinstance(loaded, dict):
        raise IngestError("malformed_sidecar", f"{name} for {rel} must hold a JSON object")
    return _metadata_fields(loaded)


def _metadata_fields(loaded: dict[Any, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in loaded.items():
        if not isinstance(key, str):
            continue
        name = METADATA_ALIASES.get(key.lower(), key.lower())
        if name in METADATA_FIELDS and value is not None:
            fields[name] = value
    return fields


def _metadata_text(metadata: dict[str, Any], name: str, rel: str) -> str | None:
    """One metadata value as bounded, printable text; a list, a mapping or binary data is refused."""
    value = metadata.get(name)
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        value = str(value)
    elif isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise IngestError("malformed_metadata", f"{rel}: {name} must be text, not {type(value).__name__}")
    limit = MAX_METADATA_CHARS[name]
    if len(value) > 4 * limit:  # refused before normalising, whatever its size
        raise IngestError("metadata_too_long", f"{rel}: {name} is {len(value)} characters, over the limit of {limit}")
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > limit:
        raise IngestError("metadata_too_long", f"{rel}: {name} is {len(text)} characters, over the limit of {limit}")
    if _METADATA_CONTROL.search(text):
        raise IngestError("malformed_metadata", f"{rel}: {name} holds control characters: {text!r}")
    if not _is_text(text):  # a lone surrogate, from a JSON or YAML escape such as \ud800
        raise IngestError("malformed_metadata", f"{rel}: {name} holds a lone surrogate, which is not text")
    return text or None


def parse_published_date(value: Any, rel: str, today: dt.date | None = None) -> dt.date | None:
    """The publication date, or None when there is none; refused when it is not a date or not plausible
    (before 1900 or after the run date)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed: dt.date | None = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value).strip()
        if not _is_text(text):
            raise IngestError("malformed_metadata", f"{rel}: published date holds a lone surrogate, which is not text")
        limit = MAX_METADATA_CHARS["published_date"]
        if len(text) > limit:
            raise IngestError("metadata_too_long", f"{rel}: published date is {len(text)} characters, "
                                                   f"over the limit of {limit}")
        parsed = _parse_date_text(text)
        if parsed is None:
            raise IngestError("malformed_metadata", f"{rel}: published date {text!r} is not a date")
    else:
        raise IngestError("malformed_metadata", f"{rel}: published date must be text, not {type(value).__name__}")
    today = today or dt.datetime.now(dt.UTC).date()
    assert parsed is not None  # every branch above sets it or raises
    if parsed < EARLIEST_DATE:
        raise IngestError("implausible_date", f"{rel}: published date {parsed.isoformat()} is before "
                                              f"{EARLIEST_DATE.isoformat()}")
    if parsed > today + DATE_SLACK:
        raise IngestError("implausible_date", f"{rel}: published date {parsed.isoformat()} is after the run date "
                                              f"{today.isoformat()}")
    return parsed


def _parse_date_text(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if not re.search(r"\d", text):  # 'yesterday' would change meaning every day
        return None
    import dateparser  # imported lazily: it costs half a second and only metadata needs it

    # Absolute dates only (no timestamps, no 'yesterday'); English first, which is fast, then any
    # language's month names for short texts with a year ("5 mars 2023").
    settings = {"STRICT_PARSING": True, "DATE_ORDER": "YMD", "PARSERS": ["custom-formats", "absolute-time"]}
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
        if parsed is None and len(text) <= 40 and re.search(r"\d{4}", text) and re.search(r"[^\W\d_]{3}", text):
            parsed = dateparser.parse(text, settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises odd errors on odd text: not a date
        return None
    return parsed.date() if parsed is not None else None


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


def _is_text(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of a file name, carried as surrogates
        return False
    return True


def _display_name(name: str) -> str:
    """A file name as text the warehouse can store (undecodable bytes written as \\xNN)."""
    if _is_text(name):
        return name
    try:  # the undecodable bytes of a file name
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # other lone surrogates (a run-config name)
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _readlink(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _sidecar_for(article: Path) -> Path:
    return article.with_name(article.stem + SIDECAR_SUFFIX)


def _article_for_sidecar(sidecar: Path) -> Path:
    stem = sidecar.name.removesuffix(SIDECAR_SUFFIX)
    candidates = [sidecar.with_name(stem + suffix) for suffix in ARTICLE_SUFFIXES]
    return next((c for c in candidates if os.path.lexists(c)), candidates[0])
