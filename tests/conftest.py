from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SEED = PROJECT / "raw" / "000_6e90dc04cbb7a4a9.txt"
BBC = SHARED / "corpora" / "bbc"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped raw/ directory."""
    target = tmp_path / "raw"
    shutil.copytree(PROJECT / "raw", target)
    return target


def bad_inputs(raw: Path, outside: Path) -> dict[str, str]:
    """Write one file of each kind of bad input; returns source_name -> expected quarantine reason."""
    (raw / "empty.txt").write_bytes(b"")
    (raw / "blank.md").write_text("\n \n\t\n", encoding="utf-8")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (raw / "garbled.txt").write_bytes(bytes(range(128, 256)) * 20)
    (raw / "huge.txt").write_bytes(b"Talks were held. " * 400_000)
    (raw / "bad-front-matter.md").write_text("---\ntitle: [unclosed\n---\nBody text.\n", encoding="utf-8")
    (raw / "unclosed-front-matter.md").write_text("---\ntitle: x\nBody without a closing fence.\n",
                                                  encoding="utf-8")
    secret = outside / "secret.txt"
    secret.write_text("Outside the raw directory.\n", encoding="utf-8")
    (raw / "escape.txt").symlink_to(secret)
    (raw / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    return {
        "empty.txt": "empty_file",
        "blank.md": "empty_file",
        "binary.txt": "binary_file",
        "garbled.txt": "undecodable",
        "huge.txt": "file_too_large",
        "bad-front-matter.md": "malformed_front_matter",
        "unclosed-front-matter.md": "malformed_front_matter",
        "escape.txt": "symlink_outside_raw_dir",
        "notes.pdf": "unsupported_file_type",
    }
