"""The tables of the warehouse, once: per fact table its sides, their order, its statuses and their
classes, its pandera model and its event kind; and every list of tables the stages use, in write order.

Everything else derives from here (`FACT_SIDES`, actor and code columns, the event kinds of
`pipelines.events`, the Dagster assets and checks, the test mappings); what cannot be derived (the DDL,
the view's branches, the frames) is checked against it by `tests/test_consistency.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandera.polars as pa

from pipelines.schema.enums import (
    ASSERTED,
    DEAL_STATUS_CLASSES,
    GIFT_STATUS_CLASSES,
    MEETING_STATUS_CLASSES,
    SANCTION_STATUS_CLASSES,
)
from pipelines.schema.models import (
    BridgeEventParty,
    DimActor,
    DimDocument,
    FactBase,
    FactDeal,
    FactGift,
    FactMeeting,
    FactSanction,
    FactStatement,
    FactTrade,
)


@dataclass(frozen=True)
class FactTable:
    """One fact table of the contract.

    `sides` are the prefixes of its side columns: "<side>_code" holds the state or bloc,
    "<side>_actor_id" its dim_actor row. `ordered` says whether the first side acts on the second (a
    giver, an imposer) or the two are interchangeable (the parties of a deal). `kind` is the table's
    `event_kind` in v_bilateral_event; `is_event` whether its rows take part in cross-article identity
    (`event`, `event_mention`). `statuses` maps each status to its class (`pipelines.schema.enums`);
    a table without statuses has none. `frame_file` is its frame in `pipelines/frames/`, if rules
    extract it from there.
    """

    name: str
    model: type[FactBase]
    kind: str
    sides: tuple[str, ...]
    ordered: bool
    is_event: bool
    statuses: Mapping[str, str] = field(default_factory=dict)
    frame_file: str | None = None

    @property
    def id_column(self) -> str:
        return f"{self.name}_id"

    @property
    def code_columns(self) -> tuple[str, ...]:
        return tuple(f"{side}_code" for side in self.sides)

    @property
    def actor_columns(self) -> tuple[str, ...]:
        return tuple(f"{side}_actor_id" for side in self.sides)

    @property
    def asserted(self) -> frozenset[str]:
        return frozenset(s for s, c in self.statuses.items() if c == ASSERTED)


FACTS: dict[str, FactTable] = {t.name: t for t in (
    FactTable("fact_deal", FactDeal, "deal", ("party_a", "party_b"), ordered=False, is_event=True,
              statuses=DEAL_STATUS_CLASSES, frame_file="deals.yaml"),
    FactTable("fact_gift", FactGift, "gift", ("giver", "receiver"), ordered=True, is_event=True,
              statuses=GIFT_STATUS_CLASSES, frame_file="gifts.yaml"),
    FactTable("fact_sanction", FactSanction, "sanction", ("imposer", "target"), ordered=True, is_event=True,
              statuses=SANCTION_STATUS_CLASSES, frame_file="sanctions.yaml"),
    FactTable("fact_meeting", FactMeeting, "meeting", ("party_a", "party_b"), ordered=False, is_event=True,
              statuses=MEETING_STATUS_CLASSES, frame_file="meetings.yaml"),
    FactTable("fact_trade", FactTrade, "trade", ("party_a", "party_b"), ordered=False, is_event=True,
              frame_file="trade.yaml"),
    FactTable("fact_statement", FactStatement, "statement", ("speaker", "counterpart"), ordered=True,
              is_event=False),
)}

FACT_TABLES = tuple(FACTS)
# Tables the warehouse writes, in order: the contract's, then the ones beyond it.
CONTRACT_TABLES = ("dim_document", "dim_country", "dim_actor", *FACT_TABLES, "quarantine")
# Per-document tables beyond the contract's facts, replaced together with them.
DOCUMENT_TABLES = (*FACT_TABLES, "bridge_event_party")
WAREHOUSE_TABLES = (*CONTRACT_TABLES, "document_source", "bridge_event_party", "event", "event_mention",
                    "correction", "correction_original")
# Tables whose rows the validate stage checks with a pandera model before they are written.
VALIDATED_TABLES = ("dim_document", "dim_actor", *FACT_TABLES)

FACT_MODELS: dict[str, type[FactBase]] = {name: t.model for name, t in FACTS.items()}
TABLE_MODELS: dict[str, type[pa.DataFrameModel]] = {"dim_document": DimDocument, "dim_actor": DimActor,
                                                    **FACT_MODELS, "bridge_event_party": BridgeEventParty}
# The sides of each fact table: "<side>_code" holds its state or bloc, "<side>_actor_id" its dim_actor row.
FACT_SIDES = {name: t.sides for name, t in FACTS.items()}
# Columns of each fact table that point at dim_actor, and that hold a state or bloc code.
ACTOR_REFERENCES = {name: t.actor_columns for name, t in FACTS.items()}
CODE_COLUMNS = {name: t.code_columns for name, t in FACTS.items()}
EVENT_TABLES = {name: t for name, t in FACTS.items() if t.is_event}
