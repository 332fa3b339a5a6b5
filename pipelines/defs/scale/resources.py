"""The fan-out's own settings: where the lake is and how many documents make a batch."""

import os
from typing import Any

import dagster as dg

from pipelines.lake import LAKE_ENV, Lake, lake_url

BATCH_ENV = "BILATERAL_FANOUT_BATCH"
DEFAULT_BATCH = 200  # documents per batch: a step's worth of work (about a minute on one core), not less


class FanOut(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The lake (`lake_url`: a folder or any fsspec URL; empty: `lake/` next to the published warehouse)
    and the number of pending documents per batch."""

    lake_url: str = ""
    batch_size: int = DEFAULT_BATCH

    def lake(self, warehouse: str) -> Lake:
        return Lake(lake_url(self.lake_url, warehouse))


def env_fanout() -> FanOut:
    """The resource of the code location: `BILATERAL_LAKE` and `BILATERAL_FANOUT_BATCH` when set."""
    settings: dict[str, Any] = {}
    if LAKE_ENV in os.environ:
        settings["lake_url"] = dg.EnvVar(LAKE_ENV)
    if BATCH_ENV in os.environ:
        settings["batch_size"] = dg.EnvVar.int(BATCH_ENV)
    return FanOut(**settings)
