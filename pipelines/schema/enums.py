"""The closed value lists of the warehouse columns, and what each status says happened.

A status belongs to one class: `asserted` (it happened: signed, delivered, imposed, held ...),
`intended` (announced for later: planned, proposed, threatened ...; such a row may carry a date after
publication), or `other` (refused, cancelled, lifted ...). Cross-article identity (`pipelines.events`)
merges the asserted statuses of one table into one class and keeps every other status apart.
"""

from __future__ import annotations

from typing import Final

ASSERTED: Final = "asserted"
INTENDED: Final = "intended"
OTHER: Final = "other"

DEAL_TYPES = ["agreement", "treaty", "memorandum", "contract", "investment", "loan", "joint_project", "other"]
SECTORS = ["nuclear_energy", "energy", "oil_gas", "infrastructure", "transport", "defense", "trade",
           "agriculture", "finance", "health", "diplomatic", "other"]
ITEM_CATEGORIES = ["animal", "military_equipment", "money", "humanitarian_aid", "medical", "food", "cultural",
                   "vehicle", "intelligence", "other"]
TRANSFER_KINDS = ["gift", "donation", "aid", "grant", "loan", "sale", "delivery"]
MEASURES = ["sanctions", "embargo", "asset_freeze", "travel_ban", "export_control", "aid_suspension",
            "transport_suspension", "diplomatic_expulsion", "trade_restriction", "other"]
MEETING_KINDS = ["visit", "talks", "summit", "call", "sidelines", "other"]
TRADE_METRICS = ["trade_volume", "exports", "imports", "investment"]
ACTOR_TYPES = ["state", "bloc", "igo", "organization", "person", "group"]
DATE_PRECISIONS = ["day", "month", "year"]
# Where a document's publication date came from, strongest first (`pipelines.pubdate`).
DATE_SOURCES = ["metadata", "text", "dateline", "file_modified"]

# Per table, every status in its documented order, with its class.
DEAL_STATUS_CLASSES = {
    "signed": ASSERTED, "agreed": ASSERTED, "planned": INTENDED, "proposed": INTENDED,
    "under_negotiation": INTENDED, "rejected": OTHER, "suspended": OTHER, "cancelled": OTHER,
    "completed": ASSERTED,
}
GIFT_STATUS_CLASSES = {
    "delivered": ASSERTED, "pledged": ASSERTED, "planned": INTENDED, "refused": OTHER, "withheld": OTHER,
}
SANCTION_STATUS_CLASSES = {
    "imposed": ASSERTED, "in_force": ASSERTED, "extended": ASSERTED, "threatened": INTENDED,
    "called_for": INTENDED, "lifted": OTHER, "eased": OTHER,
}
MEETING_STATUS_CLASSES = {"held": ASSERTED, "planned": INTENDED, "refused": OTHER, "cancelled": OTHER}

DEAL_STATUSES = list(DEAL_STATUS_CLASSES)
GIFT_STATUSES = list(GIFT_STATUS_CLASSES)
SANCTION_STATUSES = list(SANCTION_STATUS_CLASSES)
MEETING_STATUSES = list(MEETING_STATUS_CLASSES)

STATUS_CLASSES = (DEAL_STATUS_CLASSES, GIFT_STATUS_CLASSES, SANCTION_STATUS_CLASSES, MEETING_STATUS_CLASSES)
# Statuses that say the thing happened, in any table.
ASSERTED_STATUSES = frozenset(s for classes in STATUS_CLASSES for s, c in classes.items() if c == ASSERTED)
# Statuses of things announced for later, in any table: only these rows may be dated after publication.
INTENDED_STATUSES = frozenset(s for classes in STATUS_CLASSES for s, c in classes.items() if c == INTENDED)
