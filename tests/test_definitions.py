"""The Dagster definitions load, validate, and show the stages in order."""

from __future__ import annotations

import tomllib
from pathlib import Path

import dagster as dg
import yaml
from conftest import PROJECT, SEED

from pipelines import table_checks
from pipelines.definitions import PIPELINE_ASSET_KEYS, build_definitions, defs
from pipelines.settings import Settings
from pipelines.warehouse import FACT_TABLES, WAREHOUSE_TABLES

STAGES = ["ingest", "nlp", "extract", "validate", "warehouse", "publish"]


def test_definitions_validate() -> None:
    dg.Definitions.validate_loadable(defs)
    assert defs.resolve_job_def("refresh_warehouse") is not None


def test_asset_graph_runs_through_the_stages_in_order() -> None:
    graph = build_definitions().resolve_asset_graph()
    group_of = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert set(group_of.values()) == set(STAGES)
    assert {t for t, g in group_of.items() if g == "warehouse"} == set(WAREHOUSE_TABLES)
    # Every asset's upstream assets belong to the same or an earlier stage.
    for key in graph.get_all_asset_keys():
        for parent in graph.get(key).parent_keys:
            assert STAGES.index(group_of[parent.to_user_string()]) <= STAGES.index(group_of[key.to_user_string()])
    assert graph.get(dg.AssetKey("fact_deal")).parent_keys >= {dg.AssetKey("validated_events")}


def test_each_warehouse_asset_is_described_by_its_table_comment() -> None:
    graph = build_definitions().resolve_asset_graph()
    comments = table_checks.table_descriptions()
    for table in WAREHOUSE_TABLES:
        description = graph.get(dg.AssetKey(table)).description
        assert description == comments[table] and "sql/tables/" in description, table
        assert not description.startswith("Warehouse table")
    assert comments["fact_deal"].startswith("Agreements") or "deal" in comments["fact_deal"].lower()


def test_event_and_event_mention_are_built_from_the_facts() -> None:
    graph = build_definitions().resolve_asset_graph()
    facts = {dg.AssetKey(t) for t in FACT_TABLES if t != "fact_statement"}
    for table in ("event", "event_mention"):
        assert graph.get(dg.AssetKey(table)).parent_keys == facts


def test_every_table_has_a_row_count_and_a_key_check() -> None:
    graph = build_definitions().resolve_asset_graph()
    checks_of: dict[str, set[str]] = {}
    for key in graph.asset_check_keys:
        checks_of.setdefault(key.asset_key.to_user_string(), set()).add(key.name)
    for table in WAREHOUSE_TABLES:
        assert {table_checks.ROW_COUNT, table_checks.KEY} <= checks_of[table], table
    for table in ("bridge_event_party", "dim_country", "event", "event_mention", "quarantine", "document_source"):
        assert len(checks_of[table]) >= 2


def test_the_code_location_is_named_as_in_pyproject() -> None:
    name = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["dagster"][
        "code_location_name"]
    workspace = yaml.safe_load((PROJECT / "workspace.yaml").read_text(encoding="utf-8"))
    (location,) = workspace["load_from"]
    assert name == "bilateral" and location["python_module"]["location_name"] == name


def test_every_check_passes_on_a_real_warehouse(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SEED.name).write_bytes(SEED.read_bytes())
    (raw / "meeting.txt").write_text("Talks\n\nFrance, Germany and Italy held talks in Rome on Monday.\n",
                                     encoding="utf-8")
    db = tmp_path / "w.duckdb"
    job = build_definitions(Settings(raw_dir=raw, warehouse=db)).resolve_job_def("refresh_warehouse")
    with dg.instance_for_test() as instance:  # the pipeline's assets; the report's are tested on their own
        result = job.execute_in_process(instance=instance, asset_selection=PIPELINE_ASSET_KEYS)
    assert result.success
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed = [(e.asset_key.to_user_string(), e.check_name, e.metadata) for e in evaluations if not e.passed]
    assert failed == []
    names = {(e.asset_key.to_user_string(), e.check_name) for e in evaluations}
    assert all((t, table_checks.ROW_COUNT) in names and (t, table_checks.KEY) in names for t in WAREHOUSE_TABLES)
