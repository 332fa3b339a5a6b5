"""Validate stage: every table checked by its pandera model."""

import dagster as dg

from pipelines.defs.validate.assets import validated_events

defs = dg.Definitions(assets=[validated_events])
