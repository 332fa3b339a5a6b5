"""The one walk of a raw directory: what ingest lists, what the no-change check digests and what the CLI
counts before it starts the model early are the same entries, found the same way.

Every entry whose name does not start with a dot (editor and OS artefacts), directories included,
depth-first with each directory's entries in name order; never through a symlinked directory (its
contents are not ingest's to read). Standard library only: the no-change check walks before anything
heavy is imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import AnyStr


def walk(root: AnyStr, unlisted: list[AnyStr] | None = None) -> Iterator[os.DirEntry[AnyStr]]:
    """Every entry under `root` (str or bytes paths, as given), a directory before what it holds. A
    directory that cannot be listed is added to `unlisted`, or raises `OSError` when that is None (a
    digest of what is there cannot skip what it cannot see)."""
    dot = "." if isinstance(root, str) else b"."
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as listing:
                children = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            if unlisted is None:
                raise
            unlisted.append(directory)
            continue
        for entry in children:
            if entry.name.startswith(dot):
                continue
            if is_directory(entry):
                stack.append(entry.path)
            yield entry


def is_directory(entry: os.DirEntry[AnyStr]) -> bool:
    """A real directory, not a symlink to one (nor an entry gone meanwhile)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
