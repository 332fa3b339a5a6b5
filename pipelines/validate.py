"""Validate stage: one pandera (polars backend) model per extracted table, and the valid/quarantine split.

The models are the single source of truth for each table's columns and dtypes: the extractor builds
its frames from them (`empty_frame`, `frame_from_rows`) and the warehouse stage reads their
descriptions for Dagster's column schema.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData
from pandera.errors import SchemaError, SchemaErrors

from pipelines import reference
from pipelines.pubdate import DATE_SOURCES

# Columns joined onto each fact frame from dim_document for cross-table checks, dropped afterwards.
DOCUMENT_CONTEXT = ("doc_body", "doc_n_chars", "doc_published_date")

DEAL_TYPES = ["agreement", "treaty", "memorandum", "contract", "investment", "loan", "joint_project", "other"]
SECTORS = ["nuclear_energy", "energy", "oil_gas", "infrastructure", "transport", "defense", "trade",
           "agriculture", "finance", "health", "diplomatic", "other"]
DEAL_STATUSES = ["signed", "agreed", "planned", "proposed", "under_negotiation", "rejected", "suspended",
                 "cancelled", "completed"]
ITEM_CATEGORIES = ["animal", "military_equipment", "money", "humanitarian_aid", "medical", "food", "cultural",
                   "vehicle", "intelligence", "other"]
TRANSFER_KINDS = ["gift", "donation", "aid", "grant", "loan", "sale", "delivery"]
GIFT_STATUSES = ["delivered", "pledged", "planned", "refused", "withheld"]
MEASURES = ["sanctions", "embargo", "asset_freeze", "travel_ban", "export_control", "aid_suspension",
            "transport_suspension", "diplomatic_expulsion", "trade_restriction", "other"]
SANCTION_STATUSES = ["imposed", "in_force", "extended", "threatened", "called_for", "lifted", "eased"]
MEETING_KINDS = ["visit", "talks", "summit", "call", "sidelines", "other"]
MEETING_STATUSES = ["held", "planned", "refused", "cancelled"]
TRADE_METRICS = ["trade_volume", "exports", "imports", "investment"]
ACTOR_TYPES = ["state", "bloc", "igo", "organization", "person", "group"]
DATE_PRECISIONS = ["day", "month", "year"]

ACTOR_CODES = sorted(reference.all_actor_codes())
# The sides of each fact table: "<side>_code" holds its state or bloc, "<side>_actor_id" its dim_actor row.
FACT_SIDES = {
    "fact_deal": ("party_a", "party_b"),
    "fact_gift": ("giver", "receiver"),
    "fact_sanction": ("imposer", "target"),
    "fact_meeting": ("party_a", "party_b"),
    "fact_trade": ("party_a", "party_b"),
    "fact_statement": ("speaker", "counterpart"),
}


def _code(description: str) -> Any:
    return pa.Field(nullable=True, isin=ACTOR_CODES, description=description)


class DimDocument(pa.DataFrameModel):
    """One row per ingested article version."""

    document_id: str = pa.Field(unique=True, str_startswith="doc_", description="Stable id from content.")
    source_name: str = pa.Field(description="Path relative to the raw directory.")
    title: str = pa.Field(nullable=True, description="Headline or metadata title.")
    published_date: dt.date = pa.Field(nullable=True, description="Publication date, NULL when unknown.")
    publisher: str = pa.Field(nullable=True, description="Publisher, NULL when unknown.")
    url: str = pa.Field(nullable=True, description="URL, NULL when unknown.")
    content_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of body.")
    n_chars: int = pa.Field(gt=0, description="Length of body in characters.")
    body: str = pa.Field(description="Normalised text all offsets refer to.")
    source_encoding: str = pa.Field(description="Encoding the file was decoded from.")
    metadata_source: str = pa.Field(description="Where the metadata came from.")
    extractor_version: str = pa.Field(description="Extraction rules version.")
    date_source: str = pa.Field(nullable=True, isin=list(DATE_SOURCES),
                                description="Where published_date came from (metadata, dateline, text, file_modified).")

    @pa.dataframe_check(name="n_chars_matches_body")
    def n_chars_matches_body(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("body").str.len_chars() == pl.col("n_chars"))

    class Config:
        strict = True


class DimActor(pa.DataFrameModel):
    """States, blocs, organisations and people that facts point to."""

    actor_id: str = pa.Field(unique=True, str_startswith="act_", description="Stable actor id.")
    actor_name: str = pa.Field(str_length={"min_value": 1}, description="Canonical name.")
    actor_type: str = pa.Field(isin=ACTOR_TYPES, description="state, bloc, igo, organization, person or group.")
    country_code: str = _code("State (or bloc) the actor belongs to.")
    role: str = pa.Field(nullable=True, description="Title or function.")

    class Config:
        strict = True


class FactBase(pa.DataFrameModel):
    """Columns and checks every fact table shares."""

    document_id: str = pa.Field(str_startswith="doc_", description="Article the row comes from.")
    event_date: dt.date = pa.Field(nullable=True, description="Date of the event, NULL when unknown.")
    date_precision: str = pa.Field(nullable=True, isin=DATE_PRECISIONS, description="day, month or year.")
    evidence_text: str = pa.Field(str_length={"min_value": 1}, description="Supporting sentence or span.")
    evidence_start: int = pa.Field(ge=0, description="Start offset into dim_document.body.")
    evidence_end: int = pa.Field(gt=0, description="End offset into dim_document.body (exclusive).")
    confidence: float = pa.Field(in_range={"min_value": 0.0, "max_value": 1.0}, description="0..1.")
    trigger: str = pa.Field(nullable=True, description="Word or phrase that triggered the rule.")
    doc_body: str = pa.Field(description="(validation only) the document body.")
    doc_n_chars: int = pa.Field(description="(validation only) the document length.")
    doc_published_date: dt.date = pa.Field(nullable=True, description="(validation only) publication date.")

    @pa.dataframe_check(name="evidence_offsets_in_body")
    def evidence_offsets_in_body(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("evidence_start") < pl.col("evidence_end")) & (pl.col("evidence_end") <= pl.col("doc_n_chars"))
        )

    @pa.dataframe_check(name="evidence_text_matches_body")
    def evidence_text_matches_body(cls, data: PolarsData) -> pl.LazyFrame:
        length = (pl.col("evidence_end") - pl.col("evidence_start")).clip(lower_bound=0)
        span = pl.col("doc_body").str.slice(pl.col("evidence_start").clip(lower_bound=0), length)
        return data.lazyframe.select(span == pl.col("evidence_text"))

    @pa.dataframe_check(name="event_date_not_after_publication")
    def event_date_not_after_publication(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("event_date").is_null()
            | pl.col("doc_published_date").is_null()
            | (pl.col("event_date") <= pl.col("doc_published_date"))
            # A date announced for the future ("will visit next week") is allowed only on planned rows.
            | pl.col("status").is_in(["planned", "proposed", "threatened", "called_for", "under_negotiation"])
            .fill_null(False)
        )

    @pa.dataframe_check(name="date_precision_iff_date")
    def date_precision_iff_date(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("event_date").is_null() == pl.col("date_precision").is_null())


def _distinct_sides(a: str, b: str):
    def check(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(a).is_null() | pl.col(b).is_null() | (pl.col(a) != pl.col(b)))

    return check


class FactDeal(FactBase):
    """Agreements, treaties, contracts and investments between two different states or blocs."""

    fact_deal_id: str = pa.Field(unique=True, description="Stable row id.")
    party_a_code: str = _code("Side that provides, builds, invests or initiates.")
    party_b_code: str = _code("The other side.")
    party_a_actor_id: str = pa.Field(nullable=True, description="dim_actor of party A.")
    party_b_actor_id: str = pa.Field(nullable=True, description="dim_actor of party B.")
    deal_type: str = pa.Field(isin=DEAL_TYPES, description="Kind of deal.")
    sector: str = pa.Field(isin=SECTORS, description="Sector of the deal.")
    subject: str = pa.Field(nullable=True, description="What the deal is about.")
    status: str = pa.Field(isin=DEAL_STATUSES, description="Deal status.")
    amount: float = pa.Field(nullable=True, gt=0, description="Value or capacity.")
    amount_unit: str = pa.Field(nullable=True, description="Currency or unit of amount.")
    location: str = pa.Field(nullable=True, description="Where.")

    parties_differ = pa.dataframe_check(name="parties_differ")(_distinct_sides("party_a_code", "party_b_code"))

    class Config:
        strict = True


class FactGift(FactBase):
    """Gifts, donations, aid, grants, loans and deliveries between two different states or blocs."""

    fact_gift_id: str = pa.Field(unique=True, description="Stable row id.")
    giver_code: str = _code("Giver.")
    receiver_code: str = _code("Receiver.")
    giver_actor_id: str = pa.Field(nullable=True, description="dim_actor of the giver.")
    receiver_actor_id: str = pa.Field(nullable=True, description="dim_actor of the receiver.")
    item: str = pa.Field(nullable=True, description="What is given.")
    item_category: str = pa.Field(isin=ITEM_CATEGORIES, description="Category of the item.")
    quantity: float = pa.Field(nullable=True, gt=0, description="How many / how much.")
    quantity_unit: str = pa.Field(nullable=True, description="Unit of quantity.")
    transfer_kind: str = pa.Field(isin=TRANSFER_KINDS, description="Kind of transfer.")
    status: str = pa.Field(isin=GIFT_STATUSES, description="Gift status.")
    occasion: str = pa.Field(nullable=True, description="Occasion.")
    recipient_institution: str = pa.Field(nullable=True, description="Receiving institution.")

    giver_differs = pa.dataframe_check(name="giver_differs_from_receiver")(
        _distinct_sides("giver_code", "receiver_code")
    )

    class Config:
        strict = True


class FactSanction(FactBase):
    """Sanctions, embargoes and similar measures of one state or bloc against another."""

    fact_sanction_id: str = pa.Field(unique=True, description="Stable row id.")
    imposer_code: str = _code("Imposer.")
    target_code: str = _code("Target.")
    imposer_actor_id: str = pa.Field(nullable=True, description="dim_actor of the imposer.")
    target_actor_id: str = pa.Field(nullable=True, description="dim_actor of the target.")
    measure: str = pa.Field(isin=MEASURES, description="Kind of measure.")
    reason: str = pa.Field(nullable=True, description="Why.")
    status: str = pa.Field(isin=SANCTION_STATUSES, description="Sanction status.")

    imposer_differs = pa.dataframe_check(name="imposer_differs_from_target")(
        _distinct_sides("imposer_code", "target_code")
    )

    class Config:
        strict = True


class FactMeeting(FactBase):
    """Meetings, visits, talks, summits and calls between two different states or blocs."""

    fact_meeting_id: str = pa.Field(unique=True, description="Stable row id.")
    party_a_code: str = _code("Visitor or initiator.")
    party_b_code: str = _code("Host or counterpart.")
    party_a_actor_id: str = pa.Field(nullable=True, description="dim_actor of party A.")
    party_b_actor_id: str = pa.Field(nullable=True, description="dim_actor of party B.")
    participants: str = pa.Field(nullable=True, description="Names of the people who met.")
    location: str = pa.Field(nullable=True, description="Where.")
    meeting_kind: str = pa.Field(isin=MEETING_KINDS, description="Kind of meeting.")
    status: str = pa.Field(isin=MEETING_STATUSES, description="Meeting status.")

    parties_differ = pa.dataframe_check(name="parties_differ")(_distinct_sides("party_a_code", "party_b_code"))

    class Config:
        strict = True


class FactTrade(FactBase):
    """Trade and investment figures between two different states or blocs."""

    fact_trade_id: str = pa.Field(unique=True, description="Stable row id.")
    party_a_code: str = _code("First party.")
    party_b_code: str = _code("Second party.")
    party_a_actor_id: str = pa.Field(nullable=True, description="dim_actor of party A.")
    party_b_actor_id: str = pa.Field(nullable=True, description="dim_actor of party B.")
    metric: str = pa.Field(isin=TRADE_METRICS, description="What is measured.")
    value: float = pa.Field(nullable=True, description="The figure.")
    unit: str = pa.Field(nullable=True, description="Currency or percent_change.")
    period: str = pa.Field(nullable=True, description="Period covered.")
    status: str = pa.Field(nullable=True, description="(unused for trades; always NULL)")

    parties_differ = pa.dataframe_check(name="parties_differ")(_distinct_sides("party_a_code", "party_b_code"))

    class Config:
        strict = True


class FactStatement(FactBase):
    """Attributed quotations."""

    fact_statement_id: str = pa.Field(unique=True, description="Stable row id.")
    speaker_name: str = pa.Field(nullable=True, description="Speaker as the article names them.")
    speaker_actor_id: str = pa.Field(nullable=True, description="dim_actor of the speaker.")
    speaker_code: str = _code("Speaker's state or bloc.")
    quote_text: str = pa.Field(str_length={"min_value": 1}, description="The quoted words.")
    reported_via: str = pa.Field(nullable=True, description="Agency or outlet the quote is attributed to.")
    counterpart_code: str = _code("The other state or bloc the quote is about or addressed to.")
    counterpart_actor_id: str = pa.Field(nullable=True, description="dim_actor of the counterpart.")
    status: str = pa.Field(nullable=True, description="(unused for statements; always NULL)")

    counterpart_differs = pa.dataframe_check(name="counterpart_differs_from_speaker")(
        _distinct_sides("speaker_code", "counterpart_code")
    )

    class Config:
        strict = True


class BridgeEventParty(pa.DataFrameModel):
    """Every party of a deal or meeting with more than two parties, per pairwise fact row."""

    event_group_id: str = pa.Field(str_startswith="grp_", description="One multi-party mention.")
    fact_table: str = pa.Field(isin=["fact_deal", "fact_meeting"], description="Table of the fact row.")
    fact_id: str = pa.Field(description="The pairwise fact row.")
    document_id: str = pa.Field(str_startswith="doc_", description="Article.")
    party_code: str = pa.Field(isin=ACTOR_CODES, description="One of the parties.")
    party_actor_id: str = pa.Field(nullable=True, description="dim_actor of the party.")

    @pa.dataframe_check(name="unique_party_per_fact")
    def unique_party_per_fact(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.struct("fact_id", "party_code").is_duplicated())

    class Config:
        strict = True


FACT_MODELS: dict[str, type[FactBase]] = {
    "fact_deal": FactDeal,
    "fact_gift": FactGift,
    "fact_sanction": FactSanction,
    "fact_meeting": FactMeeting,
    "fact_trade": FactTrade,
    "fact_statement": FactStatement,
}
TABLE_MODELS: dict[str, type[pa.DataFrameModel]] = {"dim_document": DimDocument, "dim_actor": DimActor,
                                                    **FACT_MODELS, "bridge_event_party": BridgeEventParty}
# Columns that exist only for validation and never reach the warehouse.
VALIDATION_ONLY = {name: set(DOCUMENT_CONTEXT) | ({"status"} if name in ("fact_trade", "fact_statement") else set())
                   for name in FACT_MODELS}


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """Warehouse columns of `table` with their polars dtypes, in model order."""
    columns = TABLE_MODELS[table].to_schema().columns
    skip = VALIDATION_ONLY.get(table, set())
    return {name: col.dtype.type for name, col in columns.items() if name not in skip}


def column_descriptions(table: str) -> dict[str, str]:
    columns = TABLE_MODELS[table].to_schema().columns
    skip = VALIDATION_ONLY.get(table, set())
    return {name: col.description or "" for name, col in columns.items() if name not in skip}


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(table))


def frame_from_rows(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = polars_schema(table)
    return pl.DataFrame([{k: row.get(k) for k in schema} for row in rows], schema=schema, orient="row")


@dataclass
class ValidationOutcome:
    """Valid rows per table, the refused ones as quarantine rows, and per-table failure summaries."""

    valid: dict[str, pl.DataFrame] = field(default_factory=dict)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, pl.DataFrame] = field(default_factory=dict)
    schema_errors: dict[str, str] = field(default_factory=dict)


def validate_tables(tables: dict[str, pl.DataFrame], documents: pl.DataFrame) -> ValidationOutcome:
    """Validate every table eagerly; failing rows are split off, the rest go on."""
    outcome = ValidationOutcome()
    source_of = dict(zip(documents["document_id"], documents["source_name"]))
    context = documents.select(
        "document_id",
        pl.col("body").alias("doc_body"),
        pl.col("n_chars").cast(pl.Int64).alias("doc_n_chars"),
        pl.col("published_date").alias("doc_published_date"),
    )
    refused_actors: set[str] = set()
    actor_sources = _actor_sources(tables, source_of)
    # Actors first: a fact pointing at a refused actor is refused with it.
    for table in sorted(tables, key=lambda t: (t != "dim_actor", t == "bridge_event_party")):
        frame = tables[table]
        model = TABLE_MODELS[table]
        if table in FACT_MODELS:
            checked = frame.join(context, on="document_id", how="left")
            if "status" not in checked.columns:
                checked = checked.with_columns(pl.lit(None, dtype=pl.Utf8).alias("status"))
        else:
            checked = frame
        valid, refused, failures, error = split_valid(model, checked)
        if table == "dim_actor":
            refused_actors = set(refused["actor_id"].to_list()) if "actor_id" in refused.columns else set()
        elif table in FACT_MODELS and refused_actors:
            valid, cascaded = _drop_rows_citing(table, valid, refused_actors)
            outcome.quarantine.extend(_cascade_rows(table, cascaded, source_of))
        keep = list(polars_schema(table))
        outcome.valid[table] = empty_frame(table) if error else valid.select(keep)
        outcome.failures[table] = failures
        if error:
            outcome.schema_errors[table] = error
        outcome.quarantine.extend(_quarantine_rows(table, refused, failures, source_of, actor_sources))
    if "bridge_event_party" in outcome.valid:
        # Bridge rows only for pairwise facts that made it through.
        kept = [fid for t in ("fact_deal", "fact_meeting") if t in outcome.valid
                for fid in outcome.valid[t][f"{t}_id"].to_list()]
        bridge = outcome.valid["bridge_event_party"]
        outcome.valid["bridge_event_party"] = bridge.filter(pl.col("fact_id").is_in(kept))
    return outcome


def _actor_columns(table: str) -> list[str]:
    return [f"{side}_actor_id" for side in FACT_SIDES[table]]


def _actor_sources(tables: dict[str, pl.DataFrame], source_of: dict[str, str]) -> dict[str, str]:
    """actor_id -> the first source file whose facts cite it, so a refused actor can be traced."""
    sources: dict[str, str] = {}
    for table in FACT_MODELS:
        frame = tables.get(table)
        if frame is None:
            continue
        for col in _actor_columns(table):
            for actor_id, document_id in zip(frame[col], frame["document_id"]):
                if actor_id is not None:
                    sources.setdefault(actor_id, source_of.get(document_id, ""))
    return sources


def _drop_rows_citing(table: str, frame: pl.DataFrame, actor_ids: set[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    cites = pl.any_horizontal([pl.col(c).is_in(sorted(actor_ids)).fill_null(False) for c in _actor_columns(table)])
    return frame.filter(~cites), frame.filter(cites)


def _cascade_rows(table: str, rows: pl.DataFrame, source_of: dict[str, str]) -> list[dict[str, Any]]:
    return [{
        "source_name": source_of.get(r["document_id"], ""), "stage": "validate", "reason": "refers_to_refused_actor",
        "detail": f"{table} row {r[f'{table}_id']} points to an actor that failed validation",
        "document_id": r["document_id"], "table_name": table, "check_name": "actor_resolves",
        "column_name": None, "failure_value": None,
    } for r in rows.to_dicts()]


def split_valid(model: type[pa.DataFrameModel], frame: pl.DataFrame
                ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, str | None]:
    """(valid rows, refused rows, failure cases, whole-table error or None)."""
    indexed = frame.with_row_index("_row")
    try:
        model.validate(frame, lazy=True)
        return frame, frame.clear(), _no_failures(), None
    except SchemaErrors as exc:
        failures = exc.failure_cases
    except SchemaError as exc:  # a non-lazy error: the table as a whole is unusable
        return frame.clear(), frame, _no_failures(), str(exc)
    except pl.exceptions.PolarsError as exc:  # a check could not even run (a column is missing)
        return frame.clear(), frame, _no_failures(), f"{type(exc).__name__}: {exc}"
    row_failures = failures.filter(pl.col("index").is_not_null())
    if row_failures.height < failures.height:
        # Schema-level failures (missing column, wrong dtype) have no row index: the table fails whole.
        return frame.clear(), frame, failures, "; ".join(
            f"{r['check']} on {r['column']}" for r in failures.filter(pl.col("index").is_null()).to_dicts()
        )
    bad = set(row_failures["index"].to_list())
    bad_mask = pl.col("_row").is_in(sorted(bad))
    return (
        indexed.filter(~bad_mask).drop("_row"),
        indexed.filter(bad_mask),
        row_failures,
        None,
    )


def _no_failures() -> pl.DataFrame:
    return pl.DataFrame(schema={"failure_case": pl.Utf8, "schema_context": pl.Utf8, "column": pl.Utf8,
                                "check": pl.Utf8, "check_number": pl.Int32, "index": pl.Int32})


def _quarantine_rows(table: str, refused: pl.DataFrame, failures: pl.DataFrame, source_of: dict[str, str],
                     actor_sources: dict[str, str]) -> list[dict[str, Any]]:
    if refused.is_empty():
        return []
    by_row: dict[int, list[dict[str, Any]]] = {}
    for failure in failures.to_dicts():
        by_row.setdefault(failure["index"], []).append(failure)
    rows = []
    id_column = f"{table}_id" if table.startswith("fact_") else None
    for record in refused.to_dicts():
        problems = by_row.get(record.get("_row"), [{"check": "table_schema", "column": None, "failure_case": None}])
        first = problems[0]
        payload = {k: v for k, v in record.items() if k not in DOCUMENT_CONTEXT and k != "_row"}
        rows.append({
            "source_name": source_of.get(record.get("document_id"), "")
            or actor_sources.get(record.get("actor_id"), ""),
            "stage": "validate",
            "reason": "schema_check_failed",
            "detail": f"{table} row {record.get(id_column) if id_column else record.get('document_id')} failed "
                      + ", ".join(sorted({f"{p['check']}({p['column']})" for p in problems}))
                      + ": " + json.dumps(payload, default=str)[:2000],
            "document_id": record.get("document_id"),
            "table_name": table,
            "check_name": str(first["check"]),
            "column_name": first["column"],
            "failure_value": None if first["failure_case"] is None else str(first["failure_case"])[:500],
        })
    return rows
