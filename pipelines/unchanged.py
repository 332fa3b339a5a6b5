"""A run with nothing to do, decided from file stats alone, before anything heavy is imported.

After a successful run, `python -m pipelines run` leaves `warehouse/.work/<name>.unchanged.json`: what the
run started from (the stat of every file under the raw directory, taken before any was read: size,
modification and change times, inode and device, and the target's for a symlink; the extractor version,
the settings, the pipeline's code and the installed packages), the stat of the warehouse files it left
(the published file, the working copy, its write-ahead log and the record of the last publish), and the
summary it printed. The next run compares those first; only when every one of them is the same does it
print that summary again and stop, without reading a file, importing Dagster or spaCy, or opening the
warehouse. A new, changed, deleted or renamed file, a touched warehouse file, a new `EXTRACTOR_VERSION`,
another raw directory or size limit, or new code or packages make it a real run. A real run removes the
record before it starts, so a run that fails or is killed leaves none.

No record is left by a run after which a real run could do something: files that could not be read
(`unreadable_file`, `unexpected_error`: they are retried), a publication date refused as in the future
(`implausible_date`: it may be plausible tomorrow), documents refused by the NLP or extract stage
(they are retried), or files that changed between ingest's read and the parse (`changed_during_run`). Nor is one left when the raw directory changed while the run read it, or when another
writer holds the warehouse.

Standard library only (`rawfiles` is too): the whole check takes a few hundredths of a second for thousands of files.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipelines import rawfiles

FORMAT = 1
# Quarantine reasons after which a real run would do something again (see the module docstring).
RETRIED_REASONS = frozenset({"unreadable_file", "unexpected_error", "implausible_date", "parse_failed",
                             "extraction_failed", "changed_during_run"})
PACKAGE = Path(__file__).resolve().parent


def working_dir(published: Path) -> Path:
    """The pipeline's own folder beside the published file (`warehouse.working_path`'s folder)."""
    return published.parent / ".work"


def record_path(published: Path) -> Path:
    return working_dir(published) / f"{published.name}.unchanged.json"


def lock_path(published: Path) -> Path:
    """The writer lock (`warehouse.writer_lock`)."""
    return (working_dir(published) / published.name).with_suffix(".lock")


def _stat_key(info: os.stat_result) -> list[int]:
    return [info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


def _file_key(path: Path) -> list[int] | None:
    try:
        return _stat_key(path.stat())
    except OSError:
        return None


def raw_digest(raw_dir: Path) -> str | None:
    """A digest of the stat of every entry ingest could read under `raw_dir` (dot-files and the contents of
    symlinked directories are not read, as ingest does not read them); None when a directory cannot be
    listed (a real run reports it)."""
    digest = hashlib.sha256()
    count = 0
    try:
        for entry in rawfiles.walk(os.fsencode(raw_dir)):
            info = entry.stat(follow_symlinks=False)
            digest.update(entry.path + b"\0" + repr(_stat_key(info)).encode())
            if stat.S_ISLNK(info.st_mode):
                try:
                    digest.update(repr(_stat_key(os.stat(entry.path))).encode())
                except OSError:
                    digest.update(b"broken")
            count += 1
    except OSError:  # a directory that cannot be listed, an entry gone while we looked
        return None
    digest.update(str(count).encode())
    return digest.hexdigest()


def _tree_digest(root: Path, skip: Iterable[str] = ("__pycache__",)) -> str:
    """The names, sizes and modification times of every file under `root`."""
    digest = hashlib.sha256()
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(files):
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _packages_digest() -> str:
    """The installed distributions (their dist-info folders carry their versions)."""
    names = []
    for key in ("purelib", "platlib"):
        try:
            names += sorted(os.listdir(sysconfig.get_paths()[key]))
        except OSError:
            continue
    return hashlib.sha256("\n".join([sys.version, *names]).encode("utf-8", "surrogateescape")).hexdigest()


def start_state(raw_dir: Path, published: Path, max_file_bytes: int, extractor_version: str,
                corrections_dir: Path | None = None) -> dict[str, Any] | None:
    """What a run starts from (None when the raw directory, or the corrections directory, cannot be fully
    listed)."""
    raw = raw_digest(raw_dir)
    if raw is None:
        return None
    state = {"format": FORMAT, "raw_dir": str(raw_dir.resolve()), "warehouse": str(published.resolve()),
             "max_file_bytes": max_file_bytes, "extractor_version": extractor_version, "raw": raw,
             "code": _tree_digest(PACKAGE), "packages": _packages_digest()}
    if corrections_dir is not None:
        corrections = corrections_digest(corrections_dir)
        if corrections is None:
            return None
        state["corrections"] = corrections
    return state


def corrections_digest(corrections_dir: Path) -> str | None:
    """The analysts' corrections are an input like the raw files (issue 15): a changed, added or removed
    corrections file makes the next run a real one. The same stat digest as the raw directory's."""
    if not os.path.lexists(corrections_dir):
        return f"absent {corrections_dir.resolve()}"
    digest = raw_digest(corrections_dir)
    return None if digest is None else f"{corrections_dir.resolve()} {digest}"


def warehouse_state(published: Path) -> dict[str, Any]:
    """The stat of every file of the warehouse a run reads or writes."""
    work = working_dir(published)
    names = {"published": published, "working": work / published.name,
             "working_wal": work / f"{published.name}.wal", "publish_record": work / f"{published.name}.published.json",
             "staging": published.with_name(f".{published.name}.publishing")}
    return {key: _file_key(path) for key, path in names.items()}


def check(raw_dir: Path, published: Path, max_file_bytes: int, extractor_version: str,
          corrections_dir: Path | None = None) -> str | None:
    """The summary of the last run when nothing changed since it, else None (a real run is needed)."""
    try:
        record = json.loads(record_path(published).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("warehouse_files") != warehouse_state(published):
        return None
    if record.get("started_from") != start_state(raw_dir, published, max_file_bytes, extractor_version,
                                                 corrections_dir):
        return None
    summary = record.get("summary")
    return summary if isinstance(summary, str) else None


def forget(published: Path) -> None:
    """Remove the record: a real run is under way, and nothing may skip it until it has succeeded."""
    try:
        record_path(published).unlink()
    except FileNotFoundError:
        pass


def remember(raw_dir: Path, published: Path, started_from: dict[str, Any] | None, summary: str,
             reasons: Iterable[str]) -> bool:
    """After a successful run: record what it started from and what it left, unless a real run could still
    do something, or the raw directory changed while the run read it, or another writer is at work."""
    if started_from is None or published.exists() is False or RETRIED_REASONS & set(reasons):
        return False
    lock = lock_path(published)
    try:
        handle = lock.open("a")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another run is writing: its own end will tell
            return False
        try:
            if raw_digest(raw_dir) != started_from["raw"]:
                return False
            record = {"started_from": started_from, "warehouse_files": warehouse_state(published), "summary": summary}
            path = record_path(published)
            temporary = path.with_name(path.name + ".tmp")
            temporary.write_text(json.dumps(record, indent=1), encoding="utf-8")
            os.replace(temporary, path)
            return True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
