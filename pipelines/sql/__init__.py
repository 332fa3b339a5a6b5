"""The loader of the project's SQL files, which live in the top-level `sql/` directory.

- `tables/`, `migrations/`, `views/`: the warehouse DDL, applied by `pipelines.warehouse.apply_schema`.
- `statements/`: the statements the stages run, one per file, with `?` parameters for values.
- `queries/`: ready queries for analysts (named `$parameters`), never run by the pipeline.

A statement may name a table or column it works on as `{placeholder}`; `statement` fills it only with
an identifier of the closed list the DDL declares (its tables, views and commented columns), so no
value and no unknown name ever becomes SQL text. This module sits at the bottom of the import graph: it
imports nothing from `pipelines`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path


def _sql_dir() -> Path:
    """`sql/` beside the package in a checkout (and an editable install); inside the package in a wheel.

    The wheel build copies the top-level `sql/` to `pipelines/sql/files/` (pyproject's `force-include`), so an
    installed wheel reads the same files without the checkout.
    """
    packaged = Path(__file__).resolve().parent / "files"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "sql"


SQL_DIR = _sql_dir()
DDL_DIRS = ("tables", "migrations", "views")

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_CREATE = re.compile(r"CREATE (?:TABLE IF NOT EXISTS|OR REPLACE VIEW) (\w+)")
_COLUMNS = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", re.DOTALL)
_COMMENT = re.compile(r"COMMENT ON (TABLE|VIEW|COLUMN) ([\w.]+) IS '((?:[^']|'')*)';")


class UnknownIdentifier(ValueError):
    """A name given for a `{placeholder}` is not a table, view or column the DDL declares."""


@dataclass(frozen=True)
class Relation:
    """A table or view as its DDL file declares it: columns in order, comments."""

    name: str
    columns: tuple[str, ...] = ()
    comment: str = ""
    column_comments: dict[str, str] = field(default_factory=dict)


@cache
def read(name: str) -> str:
    """The text of `name` (a path under the `sql/` directory, with or without `.sql`)."""
    path = SQL_DIR / (name if name.endswith(".sql") else f"{name}.sql")
    if SQL_DIR not in path.resolve().parents:
        raise ValueError(f"{name!r} is not under {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def scripts(directory: str, root: Path = SQL_DIR) -> list[Path]:
    """The `.sql` files of one DDL directory, in the order they are applied (by name)."""
    return sorted((root / directory).glob("*.sql"))


@cache
def relations() -> dict[str, Relation]:
    """Tables and views the package's DDL declares, with their columns and comments."""
    found: dict[str, Relation] = {}
    for directory in DDL_DIRS:
        for path in scripts(directory):
            text = path.read_text(encoding="utf-8")
            columns = {m.group(1): tuple(_column_names(m.group(2))) for m in _COLUMNS.finditer(text)}
            for name in _CREATE.findall(text):
                found.setdefault(name, Relation(name, columns.get(name, ())))
            for kind, target, comment in _COMMENT.findall(text):
                comment = comment.replace("''", "'")
                if kind == "COLUMN":
                    table, column = target.split(".")
                    found[table].column_comments[column] = comment
                else:
                    found[target] = Relation(target, found[target].columns, comment, found[target].column_comments)
    return found


def _column_names(body: str) -> list[str]:
    names = []
    for line in body.splitlines():
        word = line.strip().split(" ", 1)[0]
        if word and word.upper() not in ("PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "CONSTRAINT"):
            names.append(word)
    return names


@cache
def identifiers() -> frozenset[str]:
    """The closed list of names a statement may be given: every declared table, view and column."""
    names: set[str] = set()
    for relation in relations().values():
        names |= {relation.name, *relation.columns, *relation.column_comments}
    return frozenset(names)


def identifier(name: str) -> str:
    """`name` when it is a table, view or column of the DDL; `UnknownIdentifier` otherwise."""
    if not _IDENTIFIER.match(name) or name not in identifiers():
        raise UnknownIdentifier(f"{name!r} is not a table, view or column of the warehouse DDL")
    return name


def statement(name: str, **names: str) -> str:
    """The statement in `statements/<name>.sql`, each `{placeholder}` replaced by a checked identifier."""
    text = read(f"statements/{name}")
    wanted = set(_PLACEHOLDER.findall(text))
    if wanted != set(names):
        raise ValueError(f"statement {name} takes {sorted(wanted)}, was given {sorted(names)}")
    checked = {key: identifier(value) for key, value in names.items()}
    return _PLACEHOLDER.sub(lambda m: checked[m.group(1)], text)
