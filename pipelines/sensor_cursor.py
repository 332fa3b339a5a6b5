"""What the raw-files sensor remembers between ticks, in a few hundred bytes however many files there are.

The cursor is a high-water mark and digests, never a list of files:

- `mark`: the newest status-change time (ctime, nanoseconds) of any file seen. Creating, writing, renaming
  or moving a file sets its ctime to now, so the files to read are those whose ctime is past the mark.
- `mark_digest`: a digest of the files whose ctime *is* the mark, so that a change landing in the same
  clock tick as the newest one seen is not missed.
- `names` and `count`: an order-free digest of every file name (the sum of their SHA-256 values modulo
  2**256) and how many there are. It says whether the set of names is unchanged, or grew by exactly the
  new files; anything else means a file was deleted or renamed away.
- `state`: a digest of every name with its size, modification time and inode: when it is unchanged,
  nothing is to be done (a `chmod` changes a ctime and nothing else).

A tick asks for a run scoped to the new and changed files when that explains everything; when a file
went (deleted, renamed or moved away), or new and changed files arrived together, it asks for a full scan,
which finds out exactly what went. The first tick, and a tick after an older cursor, ask for a full scan.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipelines import ingest

VERSION = 2
MODULUS = 2**256


@dataclass(frozen=True)
class Entry:
    stamp: str  # size:mtime_ns:inode, as ingest.fingerprint gives it
    ctime_ns: int


@dataclass(frozen=True)
class Cursor:
    mark: int
    mark_digest: str
    names: str
    count: int
    state: str

    def encode(self) -> str:
        return json.dumps({"v": VERSION, "mark": self.mark, "mark_digest": self.mark_digest, "names": self.names,
                           "count": self.count, "state": self.state}, separators=(",", ":"))

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """The cursor, or None for none at all or one written by an older version (a full scan follows)."""
        if not text:
            return None
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("v") != VERSION:
                return None
            return cls(int(data["mark"]), str(data["mark_digest"]), str(data["names"]), int(data["count"]),
                       str(data["state"]))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class Plan:
    """What a tick asks for: nothing (`skip`), a full scan (`sources is None`), or the named files."""

    skip: bool
    sources: list[str] | None
    cursor: Cursor
    run_key: str

    @property
    def full_scan(self) -> bool:
        return not self.skip and self.sources is None


def listing(raw_dir: Path) -> dict[str, Entry]:
    """Every file ingest would look at, with its stamp and ctime. Names that are not valid UTF-8 are left
    to full scans, which quarantine them."""
    result = {}
    for path in ingest.candidate_files(raw_dir):
        name = path.relative_to(raw_dir).as_posix()
        try:
            name.encode("utf-8")
            info = path.lstat()
        except (UnicodeEncodeError, OSError):  # not UTF-8, or removed while we looked
            continue
        result[name] = Entry(f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}", info.st_ctime_ns)
    return result


def _h(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\x00".join(parts).encode("utf-8")).digest(), "big")


def _sum(values: list[int]) -> str:
    return f"{sum(values) % MODULUS:064x}"


def summarise(files: dict[str, Entry]) -> Cursor:
    mark = max((e.ctime_ns for e in files.values()), default=0)
    return Cursor(
        mark=mark,
        mark_digest=_sum([_h(n, e.stamp) for n, e in files.items() if e.ctime_ns == mark]),
        names=_sum([_h(n) for n in files]),
        count=len(files),
        state=_sum([_h(n, e.stamp) for n, e in files.items()]),
    )


def plan(files: dict[str, Entry], previous: Cursor | None) -> Plan:
    current = summarise(files)
    full = Plan(False, None, current, "full-" + current.state[:24])
    if current.state == (previous.state if previous else None) or not files:
        # Nothing changed; or nothing is there, and a run on an empty folder changes nothing either.
        return Plan(True, [], current, "")
    if previous is None:
        return full
    changed = {n for n, e in files.items() if e.ctime_ns > previous.mark}
    at_mark = {n: e for n, e in files.items() if e.ctime_ns == previous.mark}
    if _sum([_h(n, e.stamp) for n, e in at_mark.items()]) != previous.mark_digest:
        changed |= set(at_mark)  # something changed in the same clock tick as the newest change seen
    same_names = current.names == previous.names and current.count == previous.count
    only_new = (current.count - previous.count == len(changed)
                and f"{(int(current.names, 16) - int(previous.names, 16)) % MODULUS:064x}"
                == _sum([_h(n) for n in changed]))
    if not changed or not (same_names or only_new):
        return full
    sources = sorted(changed)
    key = hashlib.sha256(json.dumps([[n, files[n].stamp] for n in sources]).encode("utf-8")).hexdigest()
    return Plan(False, sources, current, key[:32])
