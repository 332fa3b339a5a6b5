"""The import graph of `pipelines/`: no module imports a later stage, and the schema is the bottom floor.

Read from the source (every `import` and `from ... import`, at any depth, so a lazy import inside a
function counts too), not from what happens to be loaded.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pipelines

PACKAGE = Path(pipelines.__file__).parent
# Floors, bottom first. A module may import its own floor and any floor below it, never one above.
FLOORS: list[tuple[str, ...]] = [
    ("pipelines.sql", "pipelines.display", "pipelines.settings", "pipelines.reference", "pipelines.frames",
     "pipelines.progress", "pipelines.rawfiles", "pipelines.unchanged"),
    ("pipelines.schema",),
    ("pipelines.ingest", "pipelines.pubdate"),
    ("pipelines.nlp",),
    ("pipelines.resolve",),
    ("pipelines.extract", "pipelines.isolation", "pipelines.workers", "pipelines.lake"),
    ("pipelines.validate", "pipelines.corrections"),
    ("pipelines.events", "pipelines.warehouse", "pipelines.checks", "pipelines.table_checks", "pipelines.report",
     "pipelines.export", "pipelines.sensor_cursor", "pipelines.console", "pipelines.correcting",
     "pipelines.gold"),
    ("pipelines.defs", "pipelines.definitions", "pipelines.cli", "pipelines.__main__", "pipelines.correct_command"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def floor_of(module: str) -> int:
    if module == "pipelines":  # the package itself (an empty __init__)
        return 0
    for level, prefixes in enumerate(FLOORS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return level
    raise AssertionError(f"{module} is on no floor: add it to FLOORS in {__file__}")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.startswith("pipelines.")}


def _known(name: str) -> str:
    """`pipelines.x.y` as the module it names (a `from pipelines import schema` names `pipelines.schema`)."""
    while name.count(".") > 1 and not (PACKAGE.parent / (name.replace(".", "/") + ".py")).exists() \
            and not (PACKAGE.parent / name.replace(".", "/")).is_dir():
        name = name.rsplit(".", 1)[0]
    return name


def test_no_module_imports_a_later_stage() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        for imported in sorted({_known(name) for name in imports(path)}):
            if floor_of(imported) > floor_of(module):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_the_bottom_floors_import_no_stage() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        if floor_of(module) <= 1:
            assert {floor_of(_known(n)) for n in imports(path)} <= {0, 1}, module


def test_every_module_is_on_a_floor() -> None:
    for path in PACKAGE.rglob("*.py"):
        floor_of(module_name(path))
