"""Run `refresh_warehouse_fanout` from a shell or a test, and rebuild a warehouse from the lake.

    python -m pipelines.defs.scale run --raw-dir raw --warehouse warehouse/bilateral.duckdb \
        --executor dask --workers 2 [--scheduler tcp://host:8786] [--lake s3://bucket/lake]
    python -m pipelines.defs.scale rebuild --lake warehouse/lake --warehouse /tmp/rebuilt.duckdb

`run` puts its flags into the environment (the job and every step process read their settings from it,
as the code location does) and runs the job with `dg.execute_job`, so each step can run in its own
process or on a Dask worker. The Dagster instance is DAGSTER_HOME's (PostgreSQL with
`dagster-postgres.yaml`), else a temporary one on SQLite, deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from pipelines import lake
from pipelines.defs.resources import Warehouse
from pipelines.defs.scale import jobs, ops
from pipelines.defs.scale.resources import BATCH_ENV
from pipelines.settings import PROGRESS_ENV, RAW_DIR_ENV, WAREHOUSE_ENV


@contextmanager
def instance() -> Iterator[dg.DagsterInstance]:
    """DAGSTER_HOME's instance when set; else a persistent one in a temporary folder (the multiprocess
    and Dask executors need one that other processes can open)."""
    if os.environ.get("DAGSTER_HOME"):
        with dg.DagsterInstance.get() as home:
            yield home
        return
    with tempfile.TemporaryDirectory(prefix="bilateral-dagster-") as folder, \
            dg.DagsterInstance.local_temp(folder) as temporary:
        yield temporary


def run_fanout(dagster_instance: dg.DagsterInstance, shape: jobs.Shape | None = None) -> dg.ExecuteJobResult:
    """One run of the fan-out job of that shape (default: the environment's), each step where its executor
    puts it; the resources' settings come from the environment."""
    return dg.execute_job(jobs.reconstructable(shape or jobs.Shape.from_env()), instance=dagster_instance,
                          raise_on_error=False)


def rebuild(lake_url: str, warehouse_path: Path) -> int:
    """Replay every run recorded in the lake, oldest first, into the warehouse at `warehouse_path` (a fresh
    file gives the warehouse those runs published). Returns the number of runs replayed."""
    the_lake = lake.Lake(lake_url)
    records = lake.run_records(the_lake)
    target = Warehouse(path=str(warehouse_path))
    for name in records:
        ops.write_record(the_lake, lake.read_run(the_lake, name), target, lambda message: print(message,
                                                                                               file=sys.stderr))
    return len(records)


def _parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m pipelines.defs.scale", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run refresh_warehouse_fanout")
    run.add_argument("--raw-dir")
    run.add_argument("--warehouse")
    run.add_argument("--lake", help=f"folder or fsspec URL (env {lake.LAKE_ENV}; default: lake/ next to the warehouse)")
    run.add_argument("--executor", choices=jobs.EXECUTORS)
    run.add_argument("--workers", type=int, help="processes or Dask workers (0: one per core)")
    run.add_argument("--shards", type=int, help="extraction steps per run")
    run.add_argument("--batch", type=int, help="documents per batch")
    run.add_argument("--scheduler", help="address of an existing Dask scheduler (tcp://host:8786)")
    again = commands.add_parser("rebuild", help="write every run recorded in the lake into a warehouse")
    again.add_argument("--lake", required=True)
    again.add_argument("--warehouse", required=True, help="the warehouse to write (a new file: a rebuild)")
    return top


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rebuild":
        replayed = rebuild(args.lake, Path(args.warehouse))
        print(f"{replayed} runs replayed from {args.lake} into {args.warehouse}")
        return 0
    flags = {RAW_DIR_ENV: args.raw_dir, WAREHOUSE_ENV: args.warehouse, lake.LAKE_ENV: args.lake,
             jobs.EXECUTOR_ENV: args.executor, jobs.WORKERS_ENV: args.workers, jobs.SHARDS_ENV: args.shards,
             BATCH_ENV: args.batch, jobs.DASK_SCHEDULER_ENV: args.scheduler}
    os.environ.update({name: str(value) for name, value in flags.items() if value is not None})
    os.environ.setdefault(PROGRESS_ENV, "off")
    with instance() as home:
        result = run_fanout(home)
        print(f"run {result.run_id}: {'success' if result.success else 'FAILED'}")
        return 0 if result.success else 1
