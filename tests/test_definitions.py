"""The Dagster definitions load, validate, and show the stages in order."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import build_definitions, defs
from pipelines.warehouse import WAREHOUSE_TABLES

STAGES = ["ingest", "nlp", "extract", "validate", "warehouse"]


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
