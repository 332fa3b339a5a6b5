"""The Dagster code location loads, validates, shows the stages in order, and reads its settings from
the environment only when it is loaded, through `dg.EnvVar`."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import dagster as dg
import pytest
import yaml
from conftest import PROJECT, SEED, run_job

from pipelines import definitions, schema, table_checks
from pipelines.definitions import build_definitions, defs

STAGES = ["ingest", "nlp", "extract", "validate", "warehouse", "publish"]


def test_definitions_validate() -> None:
    loaded = defs()
    dg.Definitions.validate_loadable(loaded)
    assert loaded.resolve_job_def("refresh_warehouse") is not None


def test_asset_graph_runs_through_the_stages_in_order() -> None:
    graph = build_definitions().resolve_asset_graph()
    group_of = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert set(group_of.values()) == set(STAGES)
    assert {t for t, g in group_of.items() if g == "warehouse"} == set(schema.WAREHOUSE_TABLES)
    # Every asset's upstream assets belong to the same or an earlier stage.
    for key in graph.get_all_asset_keys():
        for parent in graph.get(key).parent_keys:
            assert STAGES.index(group_of[parent.to_user_string()]) <= STAGES.index(group_of[key.to_user_string()])
    assert graph.get(dg.AssetKey("fact_deal")).parent_keys >= {dg.AssetKey("validated_events")}


def test_every_check_is_a_definition_of_its_own_and_in_the_job() -> None:
    loaded = build_definitions()
    checks = {(k.asset_key.to_user_string(), k.name) for k in loaded.resolve_asset_graph().asset_check_keys}
    assert {t for t, name in checks if name == "passes_pandera_model"} == set(schema.VALIDATED_TABLES)
    assert {t for t, name in checks if name == "foreign_keys_resolve"} == set(schema.FACT_TABLES)
    assert ("dim_actor", "no_orphan_actors") in checks
    job = loaded.resolve_job_def("refresh_warehouse")
    assert {k.name for k in job.asset_layer.asset_graph.asset_check_keys} >= {name for _, name in checks}


def test_settings_come_from_the_environment_when_the_location_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BILATERAL_RAW_DIR", "/somewhere/raw")
    monkeypatch.setenv("BILATERAL_REFRESH_CRON", "15 4 * * *")
    importlib.reload(definitions)  # importing reads nothing ...
    monkeypatch.delenv("BILATERAL_RAW_DIR")
    loaded = definitions.defs()  # ... loading does
    assert loaded.resolve_schedule_def("daily_refresh").cron_schedule == "15 4 * * *"
    monkeypatch.setenv("BILATERAL_RAW_DIR", "/somewhere/raw")
    raw = definitions.defs().resources["raw"]
    assert isinstance(raw.raw_dir, dg.EnvVar) and raw.raw_dir.env_var_name == "BILATERAL_RAW_DIR"
    monkeypatch.delenv("BILATERAL_RAW_DIR")
    assert definitions.defs().resources["raw"].raw_dir == "raw"  # the documented default



def test_each_warehouse_asset_is_described_by_its_table_comment() -> None:
    graph = build_definitions().resolve_asset_graph()
    for table in schema.WAREHOUSE_TABLES:
        description = graph.get(dg.AssetKey(table)).description
        assert description == schema.describe(table) and description, table
        assert not description.startswith("Warehouse table")


def test_event_and_event_mention_are_built_from_the_facts() -> None:
    graph = build_definitions().resolve_asset_graph()
    facts = {dg.AssetKey(t) for t in schema.EVENT_TABLES}
    for table in ("event", "event_mention"):
        assert graph.get(dg.AssetKey(table)).parent_keys == facts


def test_every_table_has_a_row_count_and_a_key_check() -> None:
    graph = build_definitions().resolve_asset_graph()
    checks_of: dict[str, set[str]] = {}
    for key in graph.asset_check_keys:
        checks_of.setdefault(key.asset_key.to_user_string(), set()).add(key.name)
    for table in schema.WAREHOUSE_TABLES:
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
    result = run_job(raw, tmp_path / "w.duckdb")
    assert result.success
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed = [(e.asset_key.to_user_string(), e.check_name, e.metadata) for e in evaluations if not e.passed]
    assert failed == []
    names = {(e.asset_key.to_user_string(), e.check_name) for e in evaluations}
    assert all((t, table_checks.ROW_COUNT) in names and (t, table_checks.KEY) in names
               for t in schema.WAREHOUSE_TABLES)
