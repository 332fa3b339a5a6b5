"""Text that reaches a log line or a quarantine detail: control characters escaped, length bounded.

File names, front-matter values and exception messages come from the input, and the input may be
hostile: a name holding an ANSI escape sequence can recolour or rewrite an operator's terminal, and a
newline can forge a log line. Everything that quotes input goes through `printable` first.
"""

from __future__ import annotations

import re

# C0 controls (newline and tab included: a log line is one line), DEL, C1 controls, the Unicode
# bidirectional overrides and isolates that can reorder what a terminal shows, and lone surrogates
# (not text at all: they cannot be written as UTF-8, to a terminal or to the warehouse).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
DEFAULT_LIMIT = 1000


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(value: object, limit: int = DEFAULT_LIMIT) -> str:
    """`value` as one safe line: controls escaped (\\x1b, \\n, \\u202e), at most `limit` characters."""
    text = str(value)
    if len(text) > 4 * limit:  # escaping can only lengthen it; cut the work short first
        text = text[: 4 * limit]
    text = _UNSAFE.sub(_escape, text)
    if len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def describe_exception(exc: BaseException, limit: int = DEFAULT_LIMIT) -> str:
    """'TypeName: message' for a quarantine detail, made printable and the same on every run (the detail is
    part of the row's id, so a message that varied would rewrite the row on every refresh): a recursion
    error's wording, which depends on the stack depth, and object addresses are left out."""
    message = "maximum recursion depth exceeded" if isinstance(exc, RecursionError) else str(exc)
    message = _ADDRESS.sub("0x…", message)
    return printable(f"{type(exc).__name__}: {message}" if message else type(exc).__name__, limit)
