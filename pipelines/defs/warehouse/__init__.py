"""Warehouse stage: the tables written and published, and the checks on them."""

import dagster as dg

from pipelines.defs.warehouse.assets import warehouse_tables
from pipelines.defs.warehouse.checks import (
    correction_checks,
    foreign_key_checks,
    no_orphan_actors,
    pandera_checks,
    row_count_checks,
    table_checks_of_every_table,
)

defs = dg.Definitions(assets=[warehouse_tables],
                       asset_checks=[pandera_checks, row_count_checks, foreign_key_checks, no_orphan_actors,
                                     table_checks_of_every_table, correction_checks])
