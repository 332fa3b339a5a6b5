"""`refresh_warehouse_fanout`: the refresh with extraction fanned out over steps, on the executor the
environment names.

The fan-out is static (`shards` extraction steps, each taking every `shards`-th batch) because
dagster-dask runs a plan fixed in advance and cannot map dynamic outputs; batches are as many as the
pending documents need. The executor is read when the definitions load:

- `BILATERAL_FANOUT_EXECUTOR=multiprocess` (default): one process per step, at most
  `BILATERAL_FANOUT_WORKERS` at a time (0: one per core);
- `in_process`: every step in the run's process (one worker);
- `dask`: every step a Dask task, on the scheduler at `BILATERAL_DASK_SCHEDULER` (`tcp://host:8786`,
  workers on other machines) or, when that is unset, on a `LocalCluster` of `BILATERAL_FANOUT_WORKERS`
  worker processes started for the run.

`BILATERAL_FANOUT_SHARDS` extraction steps (default: 4; more than the workers keeps them all busy).
Multiprocess and Dask need a persistent Dagster instance (DAGSTER_HOME; `dagster-postgres.yaml` for
PostgreSQL); in production the steps' small records go through the IO manager's storage, which must be
shared by the machines (see docs/scale-out.md).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any

import dagster as dg
from dagster._core.definitions.reconstruct import ReconstructableJob

from pipelines.defs import resources
from pipelines.defs.scale import ops
from pipelines.defs.scale.resources import env_fanout
from pipelines.workers import available_cores

FANOUT_JOB = "refresh_warehouse_fanout"
EXECUTOR_ENV = "BILATERAL_FANOUT_EXECUTOR"
WORKERS_ENV = "BILATERAL_FANOUT_WORKERS"
SHARDS_ENV = "BILATERAL_FANOUT_SHARDS"
DASK_SCHEDULER_ENV = "BILATERAL_DASK_SCHEDULER"
EXECUTORS = ("multiprocess", "in_process", "dask")
DEFAULT_EXECUTOR = "multiprocess"
DEFAULT_SHARDS = 4


class FanOutSettingsError(ValueError):
    """An executor setting that names nothing this job can run on."""


def executor(kind: str, workers: int = 0, scheduler: str = "") -> dg.ExecutorDefinition:
    """The executor `kind` for `workers` processes (0: one per core) or the Dask scheduler at `scheduler`."""
    width = workers or available_cores()
    if kind == "in_process":
        return dg.in_process_executor
    if kind == "multiprocess":
        return dg.multiprocess_executor.configured({"max_concurrent": width}, name="multiprocess")
    if kind == "dask":
        from pipelines.defs.scale.dask_steps import dask_step_executor  # imports Dask: only when asked for

        cluster: dict[str, Any] = ({"existing": {"address": scheduler}} if scheduler else
                                   # A dashboard on a free port: several runs (and test workers) on one machine.
                                   {"local": {"n_workers": width, "processes": True, "dashboard_address": ":0"}})
        return dask_step_executor.configured({"cluster": cluster}, name="dask")
    raise FanOutSettingsError(f"{EXECUTOR_ENV}={kind!r} names no executor: use one of {', '.join(EXECUTORS)}")


def build_job(shards: int = DEFAULT_SHARDS, executor_def: dg.ExecutorDefinition | None = None,
              resource_defs: dict[str, Any] | None = None) -> dg.JobDefinition:
    """The fan-out job with `shards` extraction steps (resources from the code location unless given)."""
    if shards < 1:
        raise FanOutSettingsError(f"{SHARDS_ENV} must be at least 1, not {shards}")

    @dg.graph(name=FANOUT_JOB)
    def refresh_warehouse_fanout() -> None:
        plan = ops.plan_batches()
        extracted = {f"shard_{index}": ops.shard_op(index, shards)(plan) for index in range(shards)}
        ops.load_op(shards)(plan=plan, **extracted)

    return refresh_warehouse_fanout.to_job(
        executor_def=executor_def or executor(DEFAULT_EXECUTOR), resource_defs=resource_defs,
        description="The refresh with extraction fanned out: pending documents in batches, each batch's NLP and "
                    "extraction a step writing Parquet to the lake, then one step that loads them all in one "
                    "transaction and publishes (docs/scale-out.md).")


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise FanOutSettingsError(f"{name}={value!r} is not a whole number") from exc


@dataclass(frozen=True)
class Shape:
    """How a run is laid out: the extraction steps, the executor, its workers and a Dask scheduler."""

    shards: int = DEFAULT_SHARDS
    executor: str = DEFAULT_EXECUTOR
    workers: int = 0
    scheduler: str = ""

    @classmethod
    def from_env(cls) -> Shape:
        return cls(_int_env(SHARDS_ENV, DEFAULT_SHARDS), os.environ.get(EXECUTOR_ENV, "").strip() or DEFAULT_EXECUTOR,
                   _int_env(WORKERS_ENV, 0), os.environ.get(DASK_SCHEDULER_ENV, "").strip())

    def job(self, resource_defs: dict[str, Any] | None = None) -> dg.JobDefinition:
        return build_job(self.shards, executor(self.executor, self.workers, self.scheduler), resource_defs)


def executor_from_env() -> dg.ExecutorDefinition:
    shape = Shape.from_env()
    return executor(shape.executor, shape.workers, shape.scheduler)


def job_from_env(resource_defs: dict[str, Any] | None = None) -> dg.JobDefinition:
    """The job as the environment configures it (read when the definitions load, never at import)."""
    return Shape.from_env().job(resource_defs)


def env_resource_defs() -> dict[str, Any]:
    """Every resource the job needs, from the environment (as the code location configures them)."""
    return {**resources.env_resources(), "fanout": env_fanout()}


def shaped_job(shards: int, executor: str, workers: int, scheduler: str) -> dg.JobDefinition:
    """The job of that shape with its resources bound, as every step process (and Dask worker) builds it
    again (`reconstructable`); the resources' settings come from the environment."""
    return Shape(shards, executor, workers, scheduler).job(env_resource_defs())


def reconstructable(shape: Shape) -> ReconstructableJob:
    """The job of that shape, rebuilt by name in each process that runs one of its steps. The shape is
    passed along (a process keeps the first definition it builds of a job, so one read from the
    environment would stay the first run's in a process that starts several)."""
    return dg.build_reconstructable_job(__name__, shaped_job.__name__, reconstructable_kwargs=asdict(shape))


def definitions() -> dg.Definitions:
    """The job and the fan-out's resource for the code location (the other resources are the stages')."""
    return dg.Definitions(jobs=[job_from_env()], resources={"fanout": env_fanout()})
