"""The Dagster code location loads, validates, shows the stages in order, and reads its settings from
the environment only when it is loaded, through `dg.EnvVar`."""

from __future__ import annotations

import importlib

import dagster as dg
import pytest

from pipelines import definitions, schema
from pipelines.definitions import build_definitions, defs

STAGES = ["ingest", "nlp", "extract", "validate", "warehouse"]


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

