"""`python -m pipelines run`: materialise the same asset graph the UI shows, in this process.

When nothing changed since the last successful run (`pipelines.unchanged`: the raw files, the warehouse
files and the code, by their stats), it prints that run's summary again and stops before Dagster, spaCy or
the warehouse are even imported; `--force` runs every stage anyway.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from typing import Any

from pipelines import unchanged
from pipelines.display import printable
from pipelines.settings import (
    DEFAULT_RAW_DIR,
    DEFAULT_WAREHOUSE,
    LOG_LEVEL_ENV,
    RAW_DIR_ENV,
    WAREHOUSE_ENV,
    Settings,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="process a raw directory into the DuckDB warehouse")
    run_parser.add_argument("--raw-dir", help=f"article directory (env {RAW_DIR_ENV}, default {DEFAULT_RAW_DIR})")
    run_parser.add_argument("--warehouse",
                            help=f"DuckDB file to write (env {WAREHOUSE_ENV}, default {DEFAULT_WAREHOUSE})")
    run_parser.add_argument("--force", action="store_true",
                            help="run every stage even when no file changed since the last run")
    args = parser.parse_args(argv)
    settings = Settings.from_env(args.raw_dir, args.warehouse)
    if not args.force and settings.raw_dir.is_dir():
        shown = unchanged.check(settings.raw_dir, settings.warehouse, settings.max_file_bytes, _extractor_version())
        if shown is not None:
            print(shown)
            print("nothing changed since the last run (files, warehouse and code as it left them): nothing to do; "
                  "--force runs every stage anyway", file=sys.stderr)
            return 0
    return run(settings)


def _extractor_version() -> str:
    from pipelines import extract  # only its version: the rules are imported when a document needs them

    return extract.EXTRACTOR_VERSION


def run(settings: Settings, resources: dict[str, Any] | None = None) -> int:
    """Run the `refresh_warehouse` job in this process; `resources` replace some of the settings' ones
    (the crash-safety tests give their own checkpoints)."""
    if not settings.raw_dir.is_dir():
        print(f"error: raw directory {printable(settings.raw_dir)} does not exist", file=sys.stderr)
        return 2
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.defs.resources import build_resources

    started_from = unchanged.start_state(settings.raw_dir, settings.warehouse, settings.max_file_bytes,
                                         _extractor_version())
    unchanged.forget(settings.warehouse)
    # With DAGSTER_HOME set the run is recorded where `dagster dev` shows it; otherwise it is ephemeral.
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    # Dagster's step-by-step debug log is for the UI; on a terminal, warnings (quarantined files) and errors.
    log_level = os.environ.get(LOG_LEVEL_ENV, "WARNING")
    job = build_definitions({**build_resources(settings), **(resources or {})}).resolve_job_def("refresh_warehouse")
    result = job.execute_in_process(instance=instance, raise_on_error=False,
                                    run_config={"loggers": {"console": {"config": {"log_level": log_level}}}})
    if not result.success:
        print(f"run {result.run_id} failed; see the log above", file=sys.stderr)
        return 1
    text, reasons = _summary(settings)
    print(text)
    unchanged.remember(settings.raw_dir, settings.warehouse, started_from, text, reasons)
    return 0


def summary(settings: Settings) -> str:
    return _summary(settings)[0]


def _summary(settings: Settings) -> tuple[str, Counter[str]]:
    """The tables' row counts and the quarantine's reasons, as printed after a run."""
    from pipelines import sql, warehouse

    with warehouse.connect(settings.warehouse, read_only=True) as con:
        counts = warehouse.table_counts(con)
        reasons = Counter(dict(con.execute(sql.statement("read/quarantine_by_reason")).fetchall()))
    lines = [f"warehouse {printable(settings.warehouse)} from {printable(settings.raw_dir)}:"]
    lines += [f"  {table:<19} {n:>7} rows" for table, n in counts.items()]
    if reasons:
        lines.append("  quarantined by reason: " + ", ".join(f"{printable(r)} {n}" for r, n in sorted(reasons.items())))
    return "\n".join(lines), reasons
