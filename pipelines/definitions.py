"""The Dagster code location (`[tool.dagster]` in pyproject.toml, `workspace.yaml`): the definitions of
every stage in `pipelines/defs/`, the automation and the resources, merged. Nothing else happens here.

ingest -> nlp -> extract -> validate -> warehouse -> publish, one asset group per stage; a sensor and a
schedule keep the warehouse fresh as articles land in the raw directory.
"""

import os
from typing import Any

import dagster as dg

from pipelines.defs import automation, extract, ingest, publish, resources, scale, validate, warehouse

# The NLP and extract stages are one step (`defs/extract`): a parse is read where it was made.
STAGES = (ingest.defs, extract.defs, validate.defs, warehouse.defs, publish.defs)
# The pipeline from raw files to the published warehouse and its checks, without the report and the export
# after it (`python -m pipelines run` adds those when asked).
PIPELINE_ASSET_KEYS = [key for stage in STAGES[:-1] for assets_def in (stage.assets or [])
                       if isinstance(assets_def, dg.AssetsDefinition) for key in assets_def.keys]


def build_definitions(resource_defs: dict[str, Any] | None = None,
                      cron: str = automation.DEFAULT_REFRESH_CRON) -> dg.Definitions:
    """Every stage, the automation, the fan-out job (`defs/scale`) and the resources (by default, the
    environment's)."""
    return dg.Definitions.merge(*STAGES, automation.definitions(cron), scale.definitions(),
                                dg.Definitions(resources=resource_defs or resources.env_resources()))


@dg.definitions
def defs() -> dg.Definitions:
    """The code location, built when Dagster loads it (never at import)."""
    return build_definitions(cron=os.environ.get(automation.REFRESH_CRON_ENV) or automation.DEFAULT_REFRESH_CRON)
