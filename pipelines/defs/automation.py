"""What starts runs: the job that materialises everything, a sensor on the raw directory and a daily
full scan."""

from pathlib import Path

import dagster as dg

from pipelines import sensor_cursor
from pipelines.defs.ingest.assets import IngestScope
from pipelines.defs.resources import RawArticles

REFRESH_CRON_ENV = "BILATERAL_REFRESH_CRON"
DEFAULT_REFRESH_CRON = "0 6 * * *"

refresh_warehouse = dg.define_asset_job("refresh_warehouse", selection=dg.AssetSelection.all(),
                                        description="Read raw/, extract, validate and load the warehouse; "
                                                    "then draw the report and write the export.")


@dg.sensor(job=refresh_warehouse, default_status=dg.DefaultSensorStatus.RUNNING, minimum_interval_seconds=30,
           description="Starts a run for every batch of new or changed files in the raw directory, scoped to "
                       "them; when a file went (deleted, renamed or moved away), a full scan. Its cursor is a "
                       "high-water mark and digests, a few hundred bytes however many files there are.")
def raw_files_sensor(context: dg.SensorEvaluationContext, raw: RawArticles) -> dg.SensorResult:
    files = sensor_cursor.listing(Path(raw.raw_dir)) if Path(raw.raw_dir).is_dir() else {}
    plan = sensor_cursor.plan(files, sensor_cursor.Cursor.decode(context.cursor))
    if plan.skip:
        return dg.SensorResult(skip_reason=dg.SkipReason("no new, changed or deleted files"),
                               cursor=plan.cursor.encode())
    request = dg.RunRequest(
        run_key=plan.run_key,
        run_config=dg.RunConfig(ops={"raw_articles": IngestScope(sources=plan.sources, deleted=[])}),
        tags={"bilateral/scope": "full scan" if plan.full_scan else f"{len(plan.sources or [])} files"},
    )
    return dg.SensorResult(run_requests=[request], cursor=plan.cursor.encode())


def daily_refresh(cron: str = DEFAULT_REFRESH_CRON) -> dg.ScheduleDefinition:
    """A full scan of the raw directory (`BILATERAL_REFRESH_CRON`, read when the definitions load)."""
    return dg.ScheduleDefinition(
        name="daily_refresh", job=refresh_warehouse, default_status=dg.DefaultScheduleStatus.RUNNING,
        cron_schedule=cron,
        description="A full scan of the raw directory, catching anything the sensor missed (and deletions).",
    )


def definitions(cron: str = DEFAULT_REFRESH_CRON) -> dg.Definitions:
    return dg.Definitions(jobs=[refresh_warehouse], sensors=[raw_files_sensor], schedules=[daily_refresh(cron)])
