"""What the command line tells an operator: one line per problem, saying what is wrong and what to do,
and an exit code the README lists.

| code | meaning |
|---|---|
| 0 | done (an empty raw directory too: a warning, and the published warehouse is left as it was) |
| 1 | the run failed while running (a published warehouse that cannot be read, the writer lock held too long, a full disk, a bug); the published warehouse is as it was |
| 2 | bad usage: an unknown command or option, a raw directory that does not exist, is not a directory or cannot be read, an unknown export format |
| 3 | the warehouse cannot be used where it is: its folder cannot be written (read-only, not a folder), or there is no published warehouse to report on or export, or the output folder cannot be written |
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from pipelines import ingest
from pipelines.display import printable

OK, FAILED, USAGE, UNUSABLE = 0, 1, 2, 3
# Dagster's note on each step left out after a failed one: the failure itself says it all.
DAGSTER_SKIP_NOTICE = "Dependencies for step"


class CommandError(Exception):
    """A problem the operator can fix; `code` is the exit code, the message one line."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def error(message: str) -> None:
    print(f"error: {printable(message)}", file=sys.stderr)


def warn(message: str) -> None:
    print(f"warning: {printable(message)}", file=sys.stderr)


def check_raw_dir(raw_dir: Path, env_name: str) -> bool:
    """Raises `CommandError` (exit 2) for a raw directory that cannot be read; False when it holds no file
    at all (the caller warns and stops: a full scan of an empty folder would retract every document, and a
    folder that is empty by mistake, an unmounted share, must not empty the warehouse)."""
    where = f"pass the folder that holds the articles with --raw-dir DIR (or set {env_name})"
    if not raw_dir.exists():
        if raw_dir.is_symlink():
            raise CommandError(f"raw directory {raw_dir} is a broken symlink: {where}", USAGE)
        raise CommandError(f"raw directory {raw_dir} does not exist: create it and put .txt or .md articles in it, "
                           f"or {where}", USAGE)
    if not raw_dir.is_dir():
        raise CommandError(f"raw directory {raw_dir} is a file, not a directory: {where}", USAGE)
    try:
        with os.scandir(raw_dir):
            pass
    except OSError as exc:
        raise CommandError(f"raw directory {raw_dir} cannot be read ({exc.strerror}): give this user read access, "
                           f"or {where}", USAGE) from None
    listing = ingest.list_files(raw_dir)
    return bool(listing.files or listing.unlisted)


def check_warehouse_location(published: Path, env_name: str) -> None:
    """The published file's folder and the working folder beside it must be writable (the pipeline writes a
    working copy there and publishes by renaming it over the published file); `CommandError` (exit 3)
    otherwise, before any work is done."""
    where = f"choose a writable place with --warehouse FILE (or set {env_name})"
    if published.is_dir():
        raise CommandError(f"warehouse {published} is a directory: {where}", UNUSABLE)
    for folder in (published.parent, published.parent / ".work"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / f".write-test-{uuid.uuid4().hex[:8]}"
            probe.write_bytes(b"")
            probe.unlink()
        except (FileExistsError, NotADirectoryError):
            blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
            raise CommandError(f"cannot write the warehouse in {folder}: {blocker} is a file, not a folder; {where}",
                               UNUSABLE) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise CommandError(f"cannot write the warehouse in {folder} ({reason}): {where}", UNUSABLE) from None


def check_published(published: Path) -> None:
    if not published.is_file():
        raise CommandError(f"no published warehouse at {published}: run `python -m pipelines run` first, or pass "
                           "--warehouse FILE", UNUSABLE)


def print_run_warnings(instance: Any, run_id: str) -> int:
    """Print the run's warnings (quarantined files, recovery notes) one per line; returns how many."""
    count = 0
    for entry in instance.all_logs(run_id):
        if (entry.dagster_event is None and entry.level >= logging.WARNING
                and not entry.user_message.startswith(DAGSTER_SKIP_NOTICE)):
            warn(entry.user_message)
            count += 1
    return count


def failure_line(result: Any) -> str:
    """The cause of a failed run in one line: the first error of its first failed step that is not Dagster's
    wrapper around it (the pipeline's own errors say what to do; what caused them is in the full log)."""
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            info = event.step_failure_data.error
            while info is not None and info.cause is not None and (info.cls_name or "").startswith("Dagster"):
                info = info.cause
            if info is None:
                continue
            message = info.message.strip().splitlines()[0] if info.message.strip() else info.cls_name or "error"
            name, sep, rest = message.partition(": ")
            if sep and "." in name and " " not in name:  # "pipelines.warehouse.WarehouseDamaged: ..."
                message = f"{name.rsplit('.', 1)[-1]}: {rest}"
            return f"{message} (step {event.step_key})"
    return "the run failed before any step ran"
