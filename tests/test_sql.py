"""SQL lives in files in the top-level `sql/` (a wheel carries it inside the package): no statement is written in Python, none is built from values,
every statement file is used, and a `{placeholder}` takes only a name the DDL declares."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

import pipelines
from pipelines import sql

PACKAGE = Path(pipelines.__file__).parent
KEYWORDS = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|BEGIN|COMMIT|ROLLBACK|CHECKPOINT|"
                      r"DESCRIBE|ATTACH|COPY)\b")


def _code_strings(tree: ast.AST) -> list[str]:
    """String constants and f-string parts; docstrings and regular expressions (that read DDL) left out."""
    skip = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)}
    skip |= {id(node.args[0]) for node in ast.walk(tree) if isinstance(node, ast.Call) and node.args
             and isinstance(node.func, ast.Attribute) and node.func.attr == "compile"}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip]


def test_no_sql_is_written_in_python() -> None:
    found = [f"{path.relative_to(PACKAGE)}: {text.strip()[:60]!r}" for path in sorted(PACKAGE.rglob("*.py"))
             for text in _code_strings(ast.parse(path.read_text(encoding="utf-8"))) if KEYWORDS.match(text)]
    assert found == []


def test_every_statement_file_is_used() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    unused = [str(p.relative_to(sql.SQL_DIR / "statements").with_suffix(""))
              for p in sorted((sql.SQL_DIR / "statements").rglob("*.sql"))
              if f'"{p.relative_to(sql.SQL_DIR / "statements").with_suffix("")}"' not in source
              and not p.stem.startswith("state_")]  # schema/state_{part} is named by its part
    assert unused == []


def test_a_placeholder_takes_only_a_declared_name() -> None:
    assert sql.statement("write/insert_rows", table="fact_deal").startswith("INSERT INTO fact_deal BY NAME")
    for bad in ("fact_deal; DROP TABLE dim_actor", "no_such_table", "Fact_Deal", "'x'"):
        with pytest.raises(sql.UnknownIdentifier):
            sql.statement("write/insert_rows", table=bad)
    with pytest.raises(ValueError, match="takes"):
        sql.statement("write/insert_rows")
    with pytest.raises(ValueError, match="takes"):
        sql.statement("read/live_names", table="fact_deal")


def test_statements_parse_and_bind_no_value_into_text() -> None:
    for path in sorted((sql.SQL_DIR / "statements").rglob("*.sql")):
        text = path.read_text(encoding="utf-8")
        assert "'%s'" not in text and "%(" not in text, path
        assert set(re.findall(r"\{(\w+)\}", text)) <= {"table", "column"}, path


def test_ddl_relations_are_read_from_the_package() -> None:
    relations = sql.relations()
    assert relations["fact_deal"].columns[:2] == ("fact_deal_id", "document_id")
    assert relations["dim_document"].column_comments["deleted_at"].startswith("When the file disappeared")
    assert "v_bilateral_event" in relations and relations["v_bilateral_event"].comment


def test_sql_lives_at_the_top_level_and_the_wheel_carries_it() -> None:
    root = PACKAGE.parent
    assert sql.SQL_DIR == root / "sql"
    assert {p.name for p in sql.SQL_DIR.iterdir() if p.is_dir()} >= {"tables", "migrations", "views", "queries",
                                                                        "statements"}
    wheel = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]
    packaged = Path(wheel["wheel"]["force-include"]["sql"])
    # The place the wheel puts it is the place the loader looks first.
    assert root / packaged == PACKAGE / "sql" / "files"
