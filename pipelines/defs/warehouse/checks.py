"""Asset checks on the warehouse tables: each a Dagster check of its own, so it can be re-run from the
UI. They read the published file (what analysts see) and the run's validation outcome."""

from collections.abc import Iterator

import dagster as dg

from pipelines import checks, correcting, schema, table_checks, validate, warehouse
from pipelines.defs.resources import Warehouse

VALIDATED = dg.AssetIn("validated_events")


def _validation_result(table: str, outcome: validate.SpooledValidation) -> dg.AssetCheckResult:
    failures = outcome.failures.get(table)
    refused = [q for q in outcome.quarantine if q.get("table_name") == table]
    schema_error = outcome.schema_errors.get(table)
    sample = failures.head(10).select("check", "column", "failure_case", "index").to_dicts() \
        if failures is not None and failures.height else []
    return dg.AssetCheckResult(
        asset_key=table, check_name="passes_pandera_model", passed=not refused and not schema_error,
        severity=dg.AssetCheckSeverity.ERROR if schema_error else dg.AssetCheckSeverity.WARN,
        metadata={"quarantined_rows": len(refused), "schema_error": schema_error or "",
                  "failure_cases": dg.MetadataValue.md(checks.markdown_table(sample))},
    )


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec("passes_pandera_model", asset=table,
                             description="Every extracted row passed its pandera model; refused rows are in quarantine.",
                             additional_deps=["validated_events"])
           for table in schema.VALIDATED_TABLES],
    ins={"validated_events": VALIDATED},
)
def pandera_checks(validated_events: validate.SpooledValidation) -> Iterator[dg.AssetCheckResult]:
    for table in schema.VALIDATED_TABLES:
        yield _validation_result(table, validated_events)


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec("row_count_matches_validated", asset=table,
                             description="The run's documents have exactly the rows that passed validation "
                                         "(before analysts' corrections: rows they added are not counted, "
                                         "rows they rejected are).",
                             additional_deps=["validated_events"])
           for table in schema.VALIDATED_TABLES if table != "dim_actor"],
    ins={"validated_events": VALIDATED},
)
def row_count_checks(validated_events: validate.SpooledValidation,
                     warehouse_db: Warehouse) -> Iterator[dg.AssetCheckResult]:
    validated = validated_events.rows
    documents = validated_events.document_ids
    with warehouse_db.published_connection() as con:
        for table in schema.VALIDATED_TABLES:
            if table == "dim_actor":
                continue
            if con is None:
                landed = 0
            elif table == "dim_document":
                landed = len(set(documents) & set(warehouse.current_documents(con)))
            elif table in schema.FACTS:
                landed = checks.extracted_rows_for_documents(con, table, documents)
            else:
                landed = checks.rows_for_documents(con, table, documents)
            yield dg.AssetCheckResult(asset_key=table, check_name="row_count_matches_validated",
                                      passed=landed == validated.get(table, 0),
                                      metadata={"validated": validated.get(table, 0), "in_warehouse": landed})


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec("foreign_keys_resolve", asset=table,
                             description="document_id, *_actor_id and *_code columns all resolve.")
           for table in schema.FACT_TABLES],
)
def foreign_key_checks(warehouse_db: Warehouse) -> Iterator[dg.AssetCheckResult]:
    with warehouse_db.published_connection() as con:
        for table in schema.FACT_TABLES:
            violations = checks.foreign_key_violations(con, table) if con is not None else {}
            yield dg.AssetCheckResult(asset_key=table, check_name="foreign_keys_resolve",
                                      passed=not any(violations.values()),
                                      severity=dg.AssetCheckSeverity.ERROR,
                                      metadata={f"unresolved_{col}": n for col, n in violations.items()})


@dg.asset_check(asset="dim_actor", description="Every actor is pointed to by at least one fact.")
def no_orphan_actors(warehouse_db: Warehouse) -> dg.AssetCheckResult:
    with warehouse_db.published_connection() as con:
        orphans = checks.orphan_actors(con) if con is not None else 0
    return dg.AssetCheckResult(passed=orphans == 0, severity=dg.AssetCheckSeverity.ERROR,
                               metadata={"orphans": orphans})


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(name, asset=table, description=description)
           for table, name, description in table_checks.check_specs()],
)
def table_checks_of_every_table(warehouse_db: Warehouse) -> Iterator[dg.AssetCheckResult]:
    """Every table's row count (agreeing with what the table is for) and key (unique, never NULL, resolving)."""
    with warehouse_db.published_connection() as con:
        if con is None:
            for table, name, _ in table_checks.check_specs():
                yield dg.AssetCheckResult(asset_key=table, check_name=name, passed=True,
                                          metadata={"note": "nothing is published yet"})
            return
        for outcome in table_checks.evaluate(con):
            yield dg.AssetCheckResult(asset_key=outcome.table, check_name=outcome.name, passed=outcome.passed,
                                      severity=dg.AssetCheckSeverity.ERROR if outcome.blocking_severity
                                      else dg.AssetCheckSeverity.WARN, metadata=outcome.metadata)


CORRECTION_CHECKS = {
    correcting.ORPHANED: ("no_orphaned_corrections",
                          ("Every analyst correction still finds its row (or is redundant): one whose row no longer "
                           "exists after a re-extraction is listed here, never dropped.")),
    correcting.REFUSED: ("no_refused_corrections",
                         ("Every corrections file reads and every correction keeps to the contract (codes, statuses, "
                          "the pandera model); a refused one is listed here and in quarantine.")),
}


@dg.multi_asset_check(
    specs=[dg.AssetCheckSpec(name, asset="correction", description=description)
           for name, description in CORRECTION_CHECKS.values()],
)
def correction_checks(warehouse_db: Warehouse) -> Iterator[dg.AssetCheckResult]:
    """Corrections that apply to no row, and corrections refused, from the published `correction` table."""
    with warehouse_db.published_connection() as con:
        for state, (name, _) in CORRECTION_CHECKS.items():
            rows = correcting.in_state(con, state) if con is not None else []
            yield dg.AssetCheckResult(asset_key="correction", check_name=name, passed=not rows,
                                      severity=dg.AssetCheckSeverity.WARN,
                                      metadata={"corrections": len(rows),
                                                "list": dg.MetadataValue.md(checks.markdown_table(rows[:20]))})
