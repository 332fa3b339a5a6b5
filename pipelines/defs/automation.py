"""What starts runs: the job that materialises everything, a sensor on the raw directory and a daily
full scan."""

import hashlib
import json
from pathlib import Path

import dagster as dg

from pipelines import ingest
from pipelines.defs.ingest.assets import IngestScope
from pipelines.defs.resources import RawArticles

REFRESH_CRON_ENV = "BILATERAL_REFRESH_CRON"
DEFAULT_REFRESH_CRON = "0 6 * * *"

refresh_warehouse = dg.define_asset_job("refresh_warehouse", selection=dg.AssetSelection.all(),
                                        description="Read raw/, extract, validate and load the warehouse.")


def sensor_request(current: dict[str, str], previous: dict[str, str]) -> dg.RunRequest | None:
    """One run scoped to the files that are new, changed (size, time or inode) or gone since the
    previous fingerprint; None when nothing changed."""
    changed = sorted(name for name, stamp in current.items() if previous.get(name) != stamp)
    deleted = sorted(set(previous) - set(current))
    if not changed and not deleted:
        return None
    run_key = hashlib.sha256(json.dumps([changed, deleted, [current.get(n) for n in changed]]).encode()).hexdigest()
    return dg.RunRequest(
        run_key=run_key[:32],
        run_config=dg.RunConfig(ops={"raw_articles": IngestScope(sources=changed, deleted=deleted)}),
        tags={"bilateral/changed_files": str(len(changed)), "bilateral/deleted_files": str(len(deleted))},
    )


@dg.sensor(job=refresh_warehouse, default_status=dg.DefaultSensorStatus.RUNNING, minimum_interval_seconds=30,
           description="Starts one run for every batch of new, changed or deleted files in the raw directory.")
def raw_files_sensor(context: dg.SensorEvaluationContext, raw: RawArticles) -> dg.SensorResult:
    current = ingest.fingerprint(Path(raw.raw_dir)) if Path(raw.raw_dir).is_dir() else {}
    previous: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    request = sensor_request(current, previous)
    if request is None:
        return dg.SensorResult(skip_reason=dg.SkipReason("no new, changed or deleted files"))
    return dg.SensorResult(run_requests=[request], cursor=json.dumps(current, sort_keys=True))


def daily_refresh(cron: str = DEFAULT_REFRESH_CRON) -> dg.ScheduleDefinition:
    """A full scan of the raw directory (`BILATERAL_REFRESH_CRON`, read when the definitions load)."""
    return dg.ScheduleDefinition(
        name="daily_refresh", job=refresh_warehouse, default_status=dg.DefaultScheduleStatus.RUNNING,
        cron_schedule=cron,
        description="A full scan of the raw directory, catching anything the sensor missed (and deletions).",
    )


def definitions(cron: str = DEFAULT_REFRESH_CRON) -> dg.Definitions:
    return dg.Definitions(jobs=[refresh_warehouse], sensors=[raw_files_sensor], schedules=[daily_refresh(cron)])
