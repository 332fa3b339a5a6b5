"""The Dagster assets that follow every publish: the report's pictures and the Parquet/CSV export.

Both read the published file only, never the working copy, so they never wait for or block a writer, and
both skip their work when the published file is the one they last drew or exported (a run that changed
nothing writes nothing, here too).
"""

import json
from pathlib import Path

import dagster as dg

from pipelines import export, report, schema, warehouse
from pipelines.checks import markdown_table
from pipelines.defs.resources import Publishing, Warehouse

REPORT_STAMP = "report.json"


@dg.asset(group_name="publish", kinds={"python", "matplotlib"}, deps=list(schema.WAREHOUSE_TABLES),
          description="Pictures of the published warehouse, as PNG files next to it: the relations network "
                      "(states as nodes, an edge per kind of relation, wider with more mentions), a timeline "
                      "of each of the busiest pairs, and what the confidence column means (reliability).")
def warehouse_report(warehouse_db: Warehouse, publishing: Publishing) -> dg.MaterializeResult:  # type: ignore[type-arg]
    published = warehouse_db.published
    if not published.is_file():
        return dg.MaterializeResult(metadata={"skipped": "nothing is published yet"})
    out = publishing.report_path(published)
    sha = warehouse.file_sha256(published)
    stamp = out / REPORT_STAMP
    if _stamped(stamp) == sha and (out / "report.md").exists():
        return dg.MaterializeResult(metadata={"skipped": "the published warehouse has not changed since the last "
                                                         "report", "path": dg.MetadataValue.path(str(out))})
    drawn = report.build_report(published, out)
    stamp.write_text(json.dumps({"warehouse_sha256": sha, **drawn.stats}) + "\n", encoding="utf-8")
    return dg.MaterializeResult(metadata={
        "report": dg.MetadataValue.md(drawn.markdown_inline()),
        "path": dg.MetadataValue.path(str(out)),
        **{name: value for name, value in drawn.stats.items()},
    })


@dg.asset(group_name="publish", kinds={"parquet", "csv"}, deps=list(schema.WAREHOUSE_TABLES),
          description="Every public table of the published warehouse as Parquet (or CSV) files next to it, "
                      "the facts in Hive-style partitions by event year (fact_deal/event_year=2024/...), with "
                      "manifest.json.")
def warehouse_export(warehouse_db: Warehouse, publishing: Publishing) -> dg.MaterializeResult:  # type: ignore[type-arg]
    published = warehouse_db.published
    if not published.is_file():
        return dg.MaterializeResult(metadata={"skipped": "nothing is published yet"})
    target = publishing.export_path(published)
    manifest = target / export.MANIFEST
    if _stamped(manifest) == warehouse.file_sha256(published):
        return dg.MaterializeResult(metadata={"skipped": "the published warehouse has not changed since the last "
                                                         "export", "path": dg.MetadataValue.path(str(target))})
    exported = export.export_warehouse(published, target, publishing.export_format)
    rows = [{"table": e.table, "files": e.path + ("/event_year=*/" if e.partitioned else ""), "rows": e.rows}
            for e in exported]
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(target)),
        "format": publishing.export_format,
        "tables": dg.MetadataValue.md(markdown_table(rows)),
        "rows": sum(e.rows for e in exported),
    })


def _stamped(path: Path) -> str | None:
    """The warehouse checksum a report stamp or an export manifest records."""
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("warehouse_sha256")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
