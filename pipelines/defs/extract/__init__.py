"""Extract stage: facts and actors per document."""

import dagster as dg

from pipelines.defs.extract.assets import extracted_events

defs = dg.Definitions(assets=[extracted_events])
