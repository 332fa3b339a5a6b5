"""Publish stage: what follows every publish, from the published file alone (the report, the export)."""

import dagster as dg

from pipelines.defs.publish.assets import warehouse_export, warehouse_report

defs = dg.Definitions(assets=[warehouse_report, warehouse_export])
