"""One pandera (polars backend) model per table the extract stage writes, and frames built from them.

The models say which columns each table has, their dtypes and the checks every row must pass; the
words that describe the columns are the DDL's comments (`sql/tables/`), read through
`pipelines.schema.describe`. A test holds the models' columns equal to the DDL's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from pipelines import reference
from pipelines.schema.enums import (
    ACTOR_TYPES,
    DATE_PRECISIONS,
    DATE_SOURCES,
    DEAL_STATUSES,
    DEAL_TYPES,
    GIFT_STATUSES,
    INTENDED_STATUSES,
    ITEM_CATEGORIES,
    MEASURES,
    MEETING_KINDS,
    MEETING_STATUSES,
    SANCTION_STATUSES,
    SECTORS,
    TRADE_METRICS,
    TRANSFER_KINDS,
)

# Columns joined onto each fact frame from dim_document for cross-table checks, dropped afterwards.
DOCUMENT_CONTEXT = ("doc_body", "doc_n_chars", "doc_published_date")

ACTOR_CODES = sorted(reference.all_actor_codes())


def _code() -> Any:
    return pa.Field(nullable=True, isin=ACTOR_CODES)


class DimDocument(pa.DataFrameModel):
    """One row per ingested article version."""

    document_id: str = pa.Field(unique=True, str_startswith="doc_")
    source_name: str = pa.Field()
    title: str = pa.Field(nullable=True)
    published_date: dt.date = pa.Field(nullable=True)
    publisher: str = pa.Field(nullable=True)
    url: str = pa.Field(nullable=True)
    content_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    n_chars: int = pa.Field(gt=0)
    body: str = pa.Field()
    source_encoding: str = pa.Field()
    metadata_source: str = pa.Field()
    extractor_version: str = pa.Field()
    date_source: str = pa.Field(nullable=True, isin=DATE_SOURCES)

    @pa.dataframe_check(name="n_chars_matches_body")
    def n_chars_matches_body(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("body").str.len_chars() == pl.col("n_chars"))

    class Config:
        strict = True


class DimActor(pa.DataFrameModel):
    """States, blocs, organisations and people that facts point to."""

    actor_id: str = pa.Field(unique=True, str_startswith="act_")
    actor_name: str = pa.Field(str_length={"min_value": 1})
    actor_type: str = pa.Field(isin=ACTOR_TYPES)
    country_code: str = _code()
    role: str = pa.Field(nullable=True)

    class Config:
        strict = True


class FactBase(pa.DataFrameModel):
    """Columns and checks every fact table shares (the `doc_*` columns exist only while validating)."""

    document_id: str = pa.Field(str_startswith="doc_")
    event_date: dt.date = pa.Field(nullable=True)
    date_precision: str = pa.Field(nullable=True, isin=DATE_PRECISIONS)
    evidence_text: str = pa.Field(str_length={"min_value": 1})
    evidence_start: int = pa.Field(ge=0)
    evidence_end: int = pa.Field(gt=0)
    confidence: float = pa.Field(in_range={"min_value": 0.0, "max_value": 1.0})
    trigger: str = pa.Field(nullable=True)
    doc_body: str = pa.Field()
    doc_n_chars: int = pa.Field()
    doc_published_date: dt.date = pa.Field(nullable=True)

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
            # A date announced for the future ("will visit next week") is allowed only on intended rows.
            | pl.col("status").is_in(sorted(INTENDED_STATUSES)).fill_null(False)
        )

    @pa.dataframe_check(name="date_precision_iff_date")
    def date_precision_iff_date(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("event_date").is_null() == pl.col("date_precision").is_null())


def _distinct_sides(a: str, b: str) -> Callable[[Any, PolarsData], pl.LazyFrame]:
    def check(cls: Any, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(a).is_null() | pl.col(b).is_null() | (pl.col(a) != pl.col(b)))

    return check


class FactDeal(FactBase):
    """Agreements, treaties, contracts and investments between two different states or blocs."""

    fact_deal_id: str = pa.Field(unique=True)
    party_a_code: str = _code()
    party_b_code: str = _code()
    party_a_actor_id: str = pa.Field(nullable=True)
    party_b_actor_id: str = pa.Field(nullable=True)
    deal_type: str = pa.Field(isin=DEAL_TYPES)
    sector: str = pa.Field(isin=SECTORS)
    subject: str = pa.Field(nullable=True)
    status: str = pa.Field(isin=DEAL_STATUSES)
    amount: float = pa.Field(nullable=True, gt=0)
    amount_unit: str = pa.Field(nullable=True)
    location: str = pa.Field(nullable=True)

    parties_differ = pa.dataframe_check(name="parties_differ")(_distinct_sides("party_a_code", "party_b_code"))

    class Config:
        strict = True


class FactGift(FactBase):
    """Gifts, donations, aid, grants, loans and deliveries between two different states or blocs."""

    fact_gift_id: str = pa.Field(unique=True)
    giver_code: str = _code()
    receiver_code: str = _code()
    giver_actor_id: str = pa.Field(nullable=True)
    receiver_actor_id: str = pa.Field(nullable=True)
    item: str = pa.Field(nullable=True)
    item_category: str = pa.Field(isin=ITEM_CATEGORIES)
    quantity: float = pa.Field(nullable=True, gt=0)
    quantity_unit: str = pa.Field(nullable=True)
    transfer_kind: str = pa.Field(isin=TRANSFER_KINDS)
    status: str = pa.Field(isin=GIFT_STATUSES)
    occasion: str = pa.Field(nullable=True)
    recipient_institution: str = pa.Field(nullable=True)

    giver_differs = pa.dataframe_check(name="giver_differs_from_receiver")(
        _distinct_sides("giver_code", "receiver_code")
    )

    class Config:
        strict = True


class FactSanction(FactBase):
    """Sanctions, embargoes and similar measures of one state or bloc against another."""

    fact_sanction_id: str = pa.Field(unique=True)
    imposer_code: str = _code()
    target_code: str = _code()
    imposer_actor_id: str = pa.Field(nullable=True)
    target_actor_id: str = pa.Field(nullable=True)
    measure: str = pa.Field(isin=MEASURES)
    reason: str = pa.Field(nullable=True)
    status: str = pa.Field(isin=SANCTION_STATUSES)

    imposer_differs = pa.dataframe_check(name="imposer_differs_from_target")(
        _distinct_sides("imposer_code", "target_code")
    )

    class Config:
        strict = True


class FactMeeting(FactBase):
    """Meetings, visits, talks, summits and calls between two different states or blocs."""

    fact_meeting_id: str = pa.Field(unique=True)
    party_a_code: str = _code()
    party_b_code: str = _code()
    party_a_actor_id: str = pa.Field(nullable=True)
    party_b_actor_id: str = pa.Field(nullable=True)
    participants: str = pa.Field(nullable=True)
    location: str = pa.Field(nullable=True)
    meeting_kind: str = pa.Field(isin=MEETING_KINDS)
    status: str = pa.Field(isin=MEETING_STATUSES)

    parties_differ = pa.dataframe_check(name="parties_differ")(_distinct_sides("party_a_code", "party_b_code"))

    class Config:
        strict = True


class FactTrade(FactBase):
    """Trade and investment figures between two different states or blocs."""

    fact_trade_id: str = pa.Field(unique=True)
    party_a_code: str = _code()
    party_b_code: str = _code()
    party_a_actor_id: str = pa.Field(nullable=True)
    party_b_actor_id: str = pa.Field(nullable=True)
    metric: str = pa.Field(isin=TRADE_METRICS)
    value: float = pa.Field(nullable=True)
    unit: str = pa.Field(nullable=True)
    period: str = pa.Field(nullable=True)
    status: str = pa.Field(nullable=True)  # validation only: trades have no status (always NULL)

    parties_differ = pa.dataframe_check(name="parties_differ")(_distinct_sides("party_a_code", "party_b_code"))

    class Config:
        strict = True


class FactStatement(FactBase):
    """Attributed quotations."""

    fact_statement_id: str = pa.Field(unique=True)
    speaker_name: str = pa.Field(nullable=True)
    speaker_actor_id: str = pa.Field(nullable=True)
    speaker_code: str = _code()
    quote_text: str = pa.Field(str_length={"min_value": 1})
    reported_via: str = pa.Field(nullable=True)
    counterpart_code: str = _code()
    counterpart_actor_id: str = pa.Field(nullable=True)
    status: str = pa.Field(nullable=True)  # validation only: statements have no status (always NULL)

    counterpart_differs = pa.dataframe_check(name="counterpart_differs_from_speaker")(
        _distinct_sides("speaker_code", "counterpart_code")
    )

    class Config:
        strict = True


class BridgeEventParty(pa.DataFrameModel):
    """Every party of a deal or meeting with more than two parties, per pairwise fact row."""

    event_group_id: str = pa.Field(str_startswith="grp_")
    fact_table: str = pa.Field(isin=["fact_deal", "fact_meeting"])
    fact_id: str = pa.Field()
    document_id: str = pa.Field(str_startswith="doc_")
    party_code: str = pa.Field(isin=ACTOR_CODES)
    party_actor_id: str = pa.Field(nullable=True)

    @pa.dataframe_check(name="unique_party_per_fact")
    def unique_party_per_fact(cls, data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.struct("fact_id", "party_code").is_duplicated())

    class Config:
        strict = True
