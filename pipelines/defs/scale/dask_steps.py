"""dagster-dask's executor, with each step's arguments handed to Dask in one opaque parcel.

`dagster_dask.DaskExecutor` passes the run (a Dagster `@record`) to `Client.submit` as a plain argument;
Dask since its task-spec rewrite (2024.12) walks every tuple argument looking for futures, and a
`@record` refuses to be iterated ("Iteration is not allowed on `@record` RunOpConcurrency"), so every
run fails before its first step. Here the arguments travel in a `_Parcel`, which Dask does not open; the
futures of the steps a step depends on stay a plain argument, so Dask still runs the steps in order.
Everything else is dagster-dask's: its config schema, `query_on_dask_worker` (which runs one step on a
worker) and its cluster settings. Clusters: `local` (a LocalCluster for the run, closed after it) and
`existing` (a scheduler's address).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import dagster as dg
import dask.distributed
from dagster._core.errors import raise_execution_interrupts
from dagster._core.events import DagsterEvent
from dagster._core.execution.context.system import PlanOrchestrationContext
from dagster._core.execution.plan.plan import ExecutionPlan
from dagster._utils import iterate_with_context
from dagster_dask.executor import (
    DaskExecutor,
    dask_executor,
    get_dask_resource_requirements,
    query_on_dask_worker,
)

CLUSTERS = ("local", "existing")


@dataclass(frozen=True)
class _Parcel:
    """A step's arguments, which Dask must not walk through."""

    args: tuple[Any, ...]


def _run_step(dependencies: list[Any], parcel: _Parcel) -> _Parcel:
    """On a Dask worker: run one step (the dependencies are only there for Dask to wait on). Its events
    come back in a parcel too: Dask cannot size `@record`s and would warn about every one."""
    return _Parcel(tuple(query_on_dask_worker(dependencies, *parcel.args)))


class DaskStepExecutor(DaskExecutor):
    def execute(self, plan_context: PlanOrchestrationContext, execution_plan: ExecutionPlan) -> Iterator[DagsterEvent]:
        if not plan_context.instance.is_persistent:
            raise dg.DagsterInvariantViolationError("Dask execution needs a persistent Dagster instance "
                                                    "(DAGSTER_HOME), which every worker opens")
        if self.cluster_type not in CLUSTERS:
            raise dg.DagsterInvariantViolationError(f"cluster {self.cluster_type!r}: use one of {', '.join(CLUSTERS)}")
        job_name = plan_context.job_name
        local = None
        if self.cluster_type == "local":
            local = dask.distributed.LocalCluster(**self.build_dict(job_name))  # type: ignore[no-untyped-call]
            target: Any = local
        else:
            target = self.cluster_configuration["address"]
        try:
            with dask.distributed.Client(target) as client:  # type: ignore[no-untyped-call]
                yield from self._run(client, plan_context, execution_plan)
        finally:
            if local is not None:
                local.close()

    def _run(self, client: dask.distributed.Client, plan_context: PlanOrchestrationContext,
             execution_plan: ExecutionPlan) -> Iterator[DagsterEvent]:
        futures: dict[str, Any] = {}
        for level in execution_plan.get_steps_to_execute_by_level():
            for step in level:
                dependencies = [futures[key] for step_input in step.step_inputs for key in step_input.dependency_keys]
                parcel = _Parcel((plan_context.reconstructable_job, plan_context.dagster_run, plan_context.run_config,
                                  [step.key], plan_context.instance.get_ref(), execution_plan.known_state))
                futures[step.key] = client.submit(_run_step, dependencies, parcel,
                                                  key=f"{plan_context.job_name}.{step.key}",
                                                  resources=get_dask_resource_requirements(step.tags))
        done = dask.distributed.as_completed(list(futures.values()), with_results=True)  # type: ignore[no-untyped-call]
        for _, events in iterate_with_context(raise_execution_interrupts, done):
            yield from events.args


@dg.executor(name="dask", config_schema=dask_executor.config_schema.as_field(),
             requirements=dg.multiple_process_executor_requirements())
def dask_step_executor(init_context: dg.InitExecutorContext) -> DaskStepExecutor:
    """dagster-dask's executor (same configuration) that Dask 2024.12 and later can run."""
    cluster: dict[str, Any] = dict(init_context.executor_config["cluster"])  # type: ignore[call-overload]
    ((cluster_type, cluster_configuration),) = cluster.items()
    return DaskStepExecutor(cluster_type, cluster_configuration)  # type: ignore[no-untyped-call]
