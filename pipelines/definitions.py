"""The Dagster code location (`[tool.dagster]` in pyproject.toml, `workspace.yaml`): the definitions of
every stage in `pipelines/defs/`, the automation and the resources, merged. Nothing else happens here.

ingest -> nlp -> extract -> validate -> warehouse, one asset group per stage; a sensor and a schedule
keep the warehouse fresh as articles land in the raw directory.
"""

import os
from typing import Any

import dagster as dg

from pipelines.defs import automation, extract, ingest, resources, validate, warehouse

# The NLP and extract stages are one step (`defs/extract`): a parse is read where it was made.
STAGES = (ingest.defs, extract.defs, validate.defs, warehouse.defs)


def build_definitions(resource_defs: dict[str, Any] | None = None,
                      cron: str = automation.DEFAULT_REFRESH_CRON) -> dg.Definitions:
    """Every stage, the automation and the resources (by default, the environment's)."""
    return dg.Definitions.merge(*STAGES, automation.definitions(cron),
                                dg.Definitions(resources=resource_defs or resources.env_resources()))


@dg.definitions
def defs() -> dg.Definitions:
    """The code location, built when Dagster loads it (never at import)."""
    return build_definitions(cron=os.environ.get(automation.REFRESH_CRON_ENV) or automation.DEFAULT_REFRESH_CRON)
