"""What the schema module says against every place that cannot simply import it: the DDL files, the
view's branches, the event-mention query, the frames, the NLP pre-filter and the extractor's status
classes. Adding a fact table turns one of these red until every list agrees (README: "Adding a fact
table")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import duckdb
import pytest

from pipelines import events, frames, nlp, schema, sql
from pipelines.extract import values
from pipelines.warehouse import apply_schema

# Columns the warehouse adds to what the extract stage writes.
WAREHOUSE_ONLY = {"dim_document": {"ingested_at", "deleted_at"},
                  # whether an analyst's correction changed or added the row, and which (pipelines.correcting)
                  **{table: {"corrected", "correction_id"} for table in schema.FACT_TABLES}}
DUCKDB_TYPES = {"String": "VARCHAR", "Date": "DATE", "Int64": "INTEGER", "Float64": "DOUBLE"}


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(":memory:")
    apply_schema(connection)
    yield connection
    connection.close()


def ddl_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, tuple[str, bool, str | None]]:
    return {name: (dtype, nullable, comment) for name, dtype, nullable, comment in con.execute(
        "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE table_name = ? "
        "ORDER BY column_index", [table]).fetchall()}


@pytest.mark.parametrize("table", sorted(schema.TABLE_MODELS))
def test_pandera_columns_are_the_ddl_columns(con: duckdb.DuckDBPyConnection, table: str) -> None:
    ddl = ddl_columns(con, table)
    model = schema.polars_schema(table)
    assert set(model) == set(ddl) - WAREHOUSE_ONLY.get(table, set())
    columns = schema.TABLE_MODELS[table].to_schema().columns
    for name, dtype in model.items():
        assert DUCKDB_TYPES[str(dtype)] == ddl[name][0], (table, name)
        assert columns[name].nullable == ddl[name][1] or name == f"{table}_id", (table, name)


def migrated_columns(table: str) -> set[str]:
    """Columns a migration adds to `table`: on a warehouse that predates them they can only come last."""
    added = re.compile(rf"ALTER TABLE {table} ADD COLUMN (?:IF NOT EXISTS )?(\w+)", re.IGNORECASE)
    return {name for path in sorted((sql.SQL_DIR / "migrations").glob("*.sql"))
            for name in added.findall(path.read_text())}


def test_every_fact_table_shares_the_common_columns(con: duckdb.DuckDBPyConnection) -> None:
    common = [c for c in schema.FactBase.to_schema().columns if c not in schema.DOCUMENT_CONTEXT]
    first = ddl_columns(con, schema.FACT_TABLES[0])
    for table in schema.FACT_TABLES:
        ddl = ddl_columns(con, table)
        assert list(ddl)[:2] == [f"{table}_id", "document_id"], table
        # The block ends the table, but for columns a migration added after it.
        own = [c for c in ddl if c not in migrated_columns(table)]
        assert [c for c in own if c in common][1:] == own[-(len(common) - 1):], table
        for column in common:
            # The same type, nullability and words in every table (the comment of document_id names its table).
            same = ddl[column] == first[column] or column == "document_id"
            assert same, (table, column, ddl[column], first[column])


def test_every_table_and_column_is_described(con: duckdb.DuckDBPyConnection) -> None:
    for table in schema.WAREHOUSE_TABLES:
        assert schema.describe(table), table
        described = schema.column_descriptions(table)
        assert {name: comment for name, (_, _, comment) in ddl_columns(con, table).items()} == described, table


def test_the_schema_lists_every_ddl_table() -> None:
    declared = {name for name in sql.relations() if not name.startswith(("v_", "dim_date"))}
    assert set(schema.WAREHOUSE_TABLES) == declared - {"schema_migrations", "ref_cameo"}
    fact_files = sorted(p.stem.split("_", 1)[1] for p in sql.scripts("tables") if "_fact_" in p.name)
    assert fact_files == sorted(schema.FACT_TABLES)


def _insert_row(con: duckdb.DuckDBPyConnection, table: schema.FactTable, fact_id: str) -> None:
    """A minimal live row of `table` whose sides are AAA, BBB, ... in side order."""
    row: dict[str, Any] = {table.id_column: fact_id, "document_id": "doc_x", "evidence_text": "x",
                           "evidence_start": 0, "evidence_end": 1, "confidence": 0.5}
    row.update({column: code for column, code in zip(table.code_columns, ("AAA", "BBB"), strict=False)})
    for name, column in table.model.to_schema().columns.items():
        if name not in row and not column.nullable and name not in schema.DOCUMENT_CONTEXT:
            row[name] = next((c.statistics["allowed_values"][0] for c in column.checks
                              if "allowed_values" in c.statistics), "x")
    con.execute(f"INSERT INTO {table.name} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()))


@pytest.fixture(scope="module")
def one_row_each(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    con.execute("INSERT INTO dim_document (document_id, source_name, content_sha256, n_chars, body, ingested_at, "
                "source_encoding, metadata_source, extractor_version) VALUES ('doc_x', 'x.txt', 'x', 1, 'x', "
                "TIMESTAMPTZ '2024-01-01', 'utf-8', 'none', 'test')")
    for table in schema.FACTS.values():
        _insert_row(con, table, f"id_{table.name}")
    return con


def test_the_view_has_one_branch_per_fact_table_with_its_sides(one_row_each: duckdb.DuckDBPyConnection) -> None:
    rows = one_row_each.execute(
        "SELECT fact_id, event_kind, actor_code, counterpart_code FROM v_bilateral_event ORDER BY 1").fetchall()
    want = sorted((f"id_{t.name}", t.kind, "AAA", "BBB" if len(t.sides) > 1 else None)
                  for t in schema.FACTS.values())
    assert rows == want


def test_event_mentions_cover_the_event_tables_with_their_sides(one_row_each: duckdb.DuckDBPyConnection) -> None:
    mentions = events.load_mentions(one_row_each)
    assert sorted((m.kind, m.fact_id, m.side_a, m.side_b) for m in mentions) == sorted(
        (t.kind, f"id_{t.name}", "AAA", "BBB") for t in schema.EVENT_TABLES.values())
    assert {m.kind for m in mentions} == set(events.KINDS)


def test_frames_are_the_schema_tables_with_the_same_sides_and_order() -> None:
    assert frames.TABLE_FILES == {name: t.frame_file for name, t in schema.FACTS.items() if t.frame_file}
    for name, table in schema.FACTS.items():
        if table.frame_file is None:
            continue
        frame = frames.load_yaml(table.frame_file)
        assert frame["table"] == name
        assert len(frame["roles"]) == len(table.sides)
        assert bool(frame.get("symmetric", False)) == (not table.ordered), name


def _frame_statuses(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("status", "base_status", "bare_noun_status") and isinstance(value, str):
                yield value
            else:
                yield from _frame_statuses(value)
    elif isinstance(data, list):
        for item in data:
            yield from _frame_statuses(item)


def test_frames_use_only_their_tables_statuses() -> None:
    for table in schema.FACTS.values():
        if table.frame_file and table.statuses:
            assert set(_frame_statuses(frames.load_yaml(table.frame_file))) <= set(table.statuses), table.name


def test_status_classes_agree_everywhere() -> None:
    assert events.ASSERTED == {*schema.ASSERTED_STATUSES, None}
    every_status = {s for t in schema.FACTS.values() for s in t.statuses}
    for status in every_status:  # the extractor's own copy, which merges mentions into one row
        assert (values._status_class(status) == "asserted") == (status in schema.ASSERTED_STATUSES), status
    assert schema.INTENDED_STATUSES == {"planned", "proposed", "threatened", "called_for", "under_negotiation"}
    assert schema.ASSERTED_STATUSES.isdisjoint(schema.INTENDED_STATUSES)


@pytest.mark.parametrize("prefilter", ["forms", "frames"])
def test_the_prefilter_covers_every_frame_word(prefilter: str) -> None:
    """Every trigger lemma of the frames (`frames.trigger_lemmas`: the verbs and nouns that start an event,
    with their listed forms; support verbs carry a trigger noun), in every form the frames package makes
    of it, makes a sentence a candidate for the parser: a frame word the pre-filter missed would never be
    read."""
    words = frames.trigger_words()
    missed = sorted(f"{word} {' '.join(sorted(beside))}" for word, alternatives in words.items()
                    for beside in alternatives
                    if not nlp.is_candidate(f"It was {word} {' '.join(sorted(beside))} then.", prefilter == "frames"))
    assert missed == []
    assert set(words) >= {lemma.lower() for lemma in frames.trigger_lemmas() if lemma.isalpha()} - _listed_form_nouns()


def _listed_form_nouns() -> set[str]:
    """Nouns that fire only in the forms their frame lists ("talk" only as "talks")."""
    return {lemma for name in frames.TABLE_FILES.values() for lemma, entries in (frames.load_yaml(name).get("nouns") or {}).items()
            if all((e or {}).get("forms") for e in (entries if isinstance(entries, list) else [entries]))}


def test_the_prefilter_is_a_setting_read_once_and_passed_down_to_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.defs.resources import SpacyModel, build_resources
    from pipelines.settings import Settings

    monkeypatch.setenv("BILATERAL_PREFILTER", " Frames")
    settings = Settings.from_env("raw", "w.duckdb")
    monkeypatch.delenv("BILATERAL_PREFILTER")  # read once: neither the run nor its workers look again
    assert settings.prefilter == "frames"
    assert build_resources(settings)["spacy"].stream_settings().frames_prefilter
    assert Settings.from_env("raw", "w.duckdb").prefilter == "forms"
    assert not SpacyModel().stream_settings().frames_prefilter


def test_the_frames_prefilter_passes_over_forms_no_frame_fires_on() -> None:
    """With `BILATERAL_PREFILTER=frames`, a verb with a particle needs it beside it ("take over", not "take"),
    a past in "-d" is made only of a verb in "-e" ("ban" never gives "band"); by default every form counts in
    a sentence that may name someone (whom a later sentence may refer back to), and none in one that names
    nobody. A trigger that needs a word beside it by its data (`parse_beside`, `modified_by`: "poured" beside
    "million", "line" beside "credit") is no form at all: alone it is not parsed even beside a name (issue-10ag)."""
    words = frames.trigger_words()
    lone = sorted(w for w, alternatives in words.items() if frozenset() not in alternatives)
    forms = frames.trigger_forms()
    assert lone and all(nlp.is_candidate(f"It was {word} then, Smith wrote.") for word in lone if word in forms)
    beside_only = [w for w in lone if w not in forms]
    assert {"poured", "borrowed", "gap", "gaps"} <= set(beside_only)
    assert not any(nlp.is_candidate(f"It was {word} then for Smith.") for word in beside_only)
    assert not any(nlp.is_candidate(f"It was {word} then.") for word in lone
                   if not any(w in words and frozenset() in words[w] for w in ("it", "was", "then")))
    for word, alternatives in words.items():
        if all(alternatives) and frozenset() not in alternatives:
            alone = f"It was {word} then."
            if not any(w in words and frozenset() in words[w] for w in ("it", "was", "then")):
                assert not nlp.is_candidate(alone, frames_prefilter=True), word
                # a quotation in a parsed sentence is a statement row: one beside any form of a frame word stays
                assert word not in forms or nlp.is_candidate(f'It was "{word} then and now".', frames_prefilter=True), word
    verbs = {lemma for name in frames.TABLE_FILES.values() for lemma in (frames.load_yaml(name).get("verbs") or {})}
    for lemma in verbs:
        if not lemma.endswith("e") and lemma + "d" not in frames.surface_forms(lemma) - {lemma + "d"}:
            assert lemma + "d" not in frames.verb_forms(lemma)

