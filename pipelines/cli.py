"""`python -m pipelines run|report|export`: refresh the warehouse, draw it, export it.

`run` runs the UI's `refresh_warehouse` job in this process, up to the published warehouse and its checks;
`--report` and `--export FORMAT` add the report and export assets the UI runs after every publish.
`report` and `export` work on a published warehouse alone. Exit codes: `pipelines/console.py`.

When nothing changed since the last successful run (`pipelines.unchanged`: the raw files, the warehouse
files and the code, by their stats), `run` prints that run's summary again and stops before Dagster, spaCy,
DuckDB or the warehouse are even imported; `--force` runs every stage anyway.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pipelines import rawfiles, unchanged
from pipelines.display import printable
from pipelines.settings import (
    CORRECTIONS_ENV,
    DEFAULT_RAW_DIR,
    DEFAULT_WAREHOUSE,
    EXPORT_FORMATS,
    LOG_LEVEL_ENV,
    RAW_DIR_ENV,
    WAREHOUSE_ENV,
    Settings,
)

if TYPE_CHECKING:
    from pipelines.workers import EarlyZygote

WAREHOUSE_HELP = f"the published DuckDB file (env {WAREHOUSE_ENV}, default {DEFAULT_WAREHOUSE})"
CORRECTIONS_HELP = f"analysts' corrections folder (env {CORRECTIONS_ENV}, default: corrections/ beside the raw directory)"
# Heavy modules (Dagster, spaCy, DuckDB, polars, pandera) are imported inside the commands, after the
# no-change check has had its chance to answer without them.
REPORT_ASSET = "warehouse_report"
EXPORT_ASSET = "warehouse_export"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        from pipelines import console

        self.print_usage(sys.stderr)
        console.error(f"{message} (see `python -m pipelines --help`)")
        sys.exit(console.USAGE)


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="python -m pipelines", description=__doc__,
                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run_parser = commands.add_parser("run", help="process a raw directory into the DuckDB warehouse")
    run_parser.add_argument("--raw-dir", help=f"article directory (env {RAW_DIR_ENV}, default {DEFAULT_RAW_DIR})")
    run_parser.add_argument("--warehouse", help=f"DuckDB file to write (env {WAREHOUSE_ENV}, default {DEFAULT_WAREHOUSE})")
    run_parser.add_argument("--report", action="store_true",
                            help="also draw the report next to the warehouse (the report asset)")
    run_parser.add_argument("--export", choices=EXPORT_FORMATS, metavar="FORMAT",
                            help="also export every public table next to the warehouse (parquet or csv)")
    run_parser.add_argument("--corrections-dir", help=CORRECTIONS_HELP)
    run_parser.add_argument("--force", action="store_true",
                            help="run every stage even when no file changed since the last run")
    report_parser = commands.add_parser("report", help="draw the relations network, pair timelines and reliability")
    report_parser.add_argument("--warehouse", help=WAREHOUSE_HELP)
    report_parser.add_argument("--out", help="folder for the PNG files and report.md (default: report/ next to "
                                             "the warehouse)")
    export_parser = commands.add_parser("export", help="write every public table as Parquet or CSV files")
    export_parser.add_argument("--format", choices=EXPORT_FORMATS, default="parquet",
                               help="parquet (default) or csv; facts are partitioned by event year")
    export_parser.add_argument("--warehouse", help=WAREHOUSE_HELP)
    export_parser.add_argument("dir", help="folder to write into (created when missing)")
    _add_correct_parser(commands)
    return top


def _add_correct_parser(commands: Any) -> None:
    """`correct reject|set|add|gold`: an analyst's correction written into the corrections directory."""
    correct_parser = commands.add_parser(
        "correct", help="write an analyst's correction of the published warehouse, or export corrections as gold",
        description="Write a correction into the corrections directory (a YAML file per author); it is applied "
                    "on every run from then on. Rows are named by fact_id or by a query returning fact ids.")
    actions = correct_parser.add_subparsers(dest="action", required=True, parser_class=_Parser)
    reject = actions.add_parser("reject", help="the row is wrong: take it out of the public tables")
    reject.add_argument("fact_ids", nargs="*", metavar="FACT_ID", help="rows to reject")
    set_parser = actions.add_parser("set", help="change columns of a row: a side's code, status, kind, item, "
                                                "amount, date ...")
    set_parser.add_argument("words", nargs="+", metavar="FACT_ID|COLUMN=VALUE",
                            help="the rows (or --query) and the columns to change, e.g. deal_1234 party_b_code=TUR")
    add = actions.add_parser("add", help="add a row the extractor missed, with its evidence span")
    add.add_argument("table", help="fact table, e.g. fact_gift")
    add.add_argument("values", nargs="+", metavar="COLUMN=VALUE", help="the row's columns, e.g. giver_code=MMR")
    add.add_argument("--document", required=True, help="the document: its doc_... id or its file name")
    add.add_argument("--evidence", required=True, help="the exact text of the span that supports the row")
    add.add_argument("--start", type=int, help="where the span starts, when its text occurs more than once")
    for action in (reject, set_parser):
        action.add_argument("--query", help="a read-only SQL query whose fact_id (or <table>_id) column names the rows")
    for action in (reject, set_parser, add):
        action.add_argument("--why", required=True, help="why the row is wrong (kept with the correction)")
        action.add_argument("--author", help="who makes the correction (default: the login name)")
        action.add_argument("--file", help="file in the corrections directory (default: <author>.yaml)")
    gold = actions.add_parser("gold", help="export the corrections as gold for ../shared/eval/score.py")
    gold.add_argument("--out", help="JSON Lines file to write (default: standard output)")
    for action in (reject, set_parser, add, gold):
        action.add_argument("--warehouse", help=WAREHOUSE_HELP)
        action.add_argument("--raw-dir", help=f"article directory, beside which corrections/ is by default "
                                              f"(env {RAW_DIR_ENV}, default {DEFAULT_RAW_DIR})")
        action.add_argument("--corrections-dir", help=CORRECTIONS_HELP)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings.from_env(getattr(args, "raw_dir", None), args.warehouse, getattr(args, "corrections_dir", None))
    if args.command == "run" and not (args.force or args.report or args.export):
        shown = unchanged_summary(settings)
        if shown is not None:
            print(shown)
            print("nothing changed since the last run (files, warehouse and code as it left them): nothing to do; "
                  "--force runs every stage anyway", file=sys.stderr)
            return 0
    from pipelines import console

    try:
        if args.command == "report":
            return report(settings.warehouse, Path(args.out) if args.out else None)
        if args.command == "export":
            return export(settings.warehouse, Path(args.dir), args.format)
        if args.command == "correct":
            from pipelines import correct_command

            return correct_command.main(args, settings)
        return run(settings, report=args.report, export_format=args.export)
    except console.CommandError as exc:
        console.error(str(exc))
        return exc.code


def unchanged_summary(settings: Settings) -> str | None:
    """The last run's summary when nothing it started from or left has changed since (else None)."""
    if not settings.raw_dir.is_dir():
        return None
    return unchanged.check(settings.raw_dir, settings.warehouse, settings.max_file_bytes, _extractor_version(),
                           settings.corrections_dir)


def _extractor_version() -> str:
    from pipelines import extract  # only its version: the rules are imported when a document needs them

    return extract.EXTRACTOR_VERSION


def run(settings: Settings, resources: dict[str, Any] | None = None, report: bool = False,
        export_format: str | None = None) -> int:
    """Run the `refresh_warehouse` job in this process; `resources` replace some of the settings' ones
    (the crash-safety tests give their own checkpoints)."""
    from pipelines import console

    try:
        if not console.check_raw_dir(settings.raw_dir, RAW_DIR_ENV):
            console.warn(f"raw directory {settings.raw_dir} holds no files: nothing to do, the published "
                         "warehouse is left as it was (put .txt or .md articles in it)")
            return console.OK
        console.check_warehouse_location(settings.warehouse, WAREHOUSE_ENV)
    except console.CommandError as exc:
        console.error(str(exc))
        return exc.code
    # What this process and the zygote both need (polars, pandera, the tables: a worker builds its chunk's
    # rows with them) is imported once, here, before the fork, and the zygote inherits it. Forking before
    # these imports made the zygote import them again: 0.75 CPU s more in it for no earlier start of
    # parsing (bench/results/zygote-fork-order.md).
    import pipelines.isolation  # noqa: F401
    from pipelines import workers

    with workers.EarlyZygote() as early:  # stopped here unless the run took it (then it stopped it)
        _start_zygote_early(early, settings, resources)  # before Dagster is imported
        return _run_job(settings, {"early_zygote": early, **(resources or {})}, report, export_format)


def _start_zygote_early(early: EarlyZygote, settings: Settings, resources: dict[str, Any] | None) -> bool:
    """Start the process that loads the model and forks the parsing workers before Dagster is imported,
    when the run will likely have documents enough for workers: it loads the model while this process
    imports, sets up the run and reads the files."""
    from pipelines import workers

    if not settings.early_workers or settings.workers == 1 or (resources and "spacy" in resources) or workers.available_cores() < 2:
        return False
    enough = 2 * workers.MIN_CHUNK_SIZE  # fewer documents than this stay in this process
    if _files_newer_than(settings.raw_dir, settings.warehouse, enough) < enough:
        return False
    return early.start(workers.StreamSettings(workers=settings.workers,
                                              frames_prefilter=settings.prefilter == "frames"))


def _files_newer_than(raw_dir: Path, published: Path, enough: int) -> int:
    """How many files under `raw_dir` were written or renamed after `published` (all of them when it does
    not exist), counted up to `enough`: a cheap guess of how many documents the run will parse."""
    try:
        since = published.stat().st_mtime
    except OSError:
        since = float("-inf")
    found = 0
    for entry in rawfiles.walk(str(raw_dir), unlisted=[]):
        if rawfiles.is_directory(entry):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        if max(info.st_mtime, info.st_ctime) > since:
            found += 1
            if found >= enough:
                return found
    return found


def _run_job(settings: Settings, resources: dict[str, Any] | None, report: bool, export_format: str | None) -> int:
    import dagster as dg

    from pipelines import console
    from pipelines.definitions import PIPELINE_ASSET_KEYS, build_definitions
    from pipelines.defs.resources import Publishing, build_resources

    started_from = unchanged.start_state(settings.raw_dir, settings.warehouse, settings.max_file_bytes,
                                         _extractor_version(), settings.corrections_dir)
    unchanged.forget(settings.warehouse)
    # With DAGSTER_HOME set the run is recorded where `dagster dev` shows it; otherwise it is ephemeral.
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    # Dagster's own console log (every step, full tracebacks) only when asked for with BILATERAL_LOG_LEVEL;
    # otherwise this command prints the run's warnings and, when it fails, the cause, one line each.
    log_level = os.environ.get(LOG_LEVEL_ENV)
    resource_defs = {**build_resources(settings), "publishing": Publishing(export_format=export_format or "parquet"),
                     **(resources or {})}
    after = [*([REPORT_ASSET] if report else []), *([EXPORT_ASSET] if export_format else [])]
    selection = [*PIPELINE_ASSET_KEYS, *(dg.AssetKey(name) for name in after)]
    job = build_definitions(resource_defs).resolve_job_def("refresh_warehouse")
    result = job.execute_in_process(instance=instance, raise_on_error=False, asset_selection=selection,
                                    run_config={"loggers": {"console": {"config": {
                                        "log_level": log_level or "CRITICAL"}}}})
    if log_level is None:
        console.print_run_warnings(instance, result.run_id)
    if not result.success:
        console.error(f"the run failed: {console.failure_line(result)}; the published warehouse is as it was "
                      f"(run {result.run_id}; BILATERAL_LOG_LEVEL=DEBUG shows every step)")
        return console.FAILED
    text, reasons = _summary(settings)
    print(text)
    unchanged.remember(settings.raw_dir, settings.warehouse, started_from, text, reasons)
    return console.OK


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


def report(published: Path, out: Path | None) -> int:
    from pipelines import console
    from pipelines import report as reporter

    console.check_published(published)
    try:
        drawn = reporter.build_report(published, out)
    except reporter.ReportError as exc:
        raise console.CommandError(str(exc), console.UNUSABLE) from None
    print(f"report of {printable(published)} in {printable(drawn.out_dir)}:")
    for caption, path in drawn.images.items():
        print(f"  {caption:<24} {printable(path.name)}")
    print(f"  {'all of it':<24} report.md")
    return console.OK


def export(published: Path, target: Path, fmt: str) -> int:
    from pipelines import console
    from pipelines import export as exporter

    console.check_published(published)
    try:
        exported = exporter.export_warehouse(published, target, fmt)
    except exporter.ExportError as exc:
        raise console.CommandError(str(exc), console.UNUSABLE) from None
    print(exporter.summary(target, exported))
    return console.OK
