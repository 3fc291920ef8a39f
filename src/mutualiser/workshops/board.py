"""The room's opportunity board: the engine solves the workshop's items, nothing else.

The instance holds only what participants entered in this workshop (WorkshopItem), each
participant as one organisation "p<pk>", each item as "w<pk>". Everybody is in the same room,
so the radius is wide: proximity is discussed aloud, not filtered out. An offer entered in a
hurry has no price: it is counted at OFFER_RATE_SHARE of the category's standalone rate.
The result is cached per workshop version, so a hundred phones polling cost one solve.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from mutualiser.diagnostic.adapters import category_record
from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import InstanceError, load_instance
from mutualiser.places.loader import region_centre

from .models import Direction, Participant, Workshop, WorkshopItem

ROOM_RADIUS_KM = 5000.0
OFFER_RATE_SHARE = 0.6
SOLVE_SECONDS = 2.0
DEFAULT_REGION = "06"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opportunity:
    key: str  # stable while the items it joins stay: what votes point at
    kind: str  # "group" or "exchange"
    category: str  # category code
    participant_ids: tuple[int, ...]
    savings: float


def _participant_record(participant: Participant) -> dict[str, Any]:
    organisation = participant.organisation
    lat = organisation.latitude if organisation else None
    lon = organisation.longitude if organisation else None
    if lat is None or lon is None:
        lat, lon = region_centre(organisation.region if organisation else DEFAULT_REGION)
    return {"id": f"p{participant.pk}", "lat": float(lat), "lon": float(lon)}


def workshop_instance(workshop: Workshop) -> dict[str, Any]:
    items = (
        WorkshopItem.objects.filter(participant__workshop=workshop)
        .select_related("category")
        .order_by("pk")
    )
    categories: dict[str, Any] = {}
    records = []
    for item in items:
        record = {
            "id": f"w{item.pk}",
            "org": f"p{item.participant_id}",
            "category": item.category.code,
            "direction": item.direction,
            "months": [float(q) for q in item.months],
            "max_distance_km": ROOM_RADIUS_KM,
        }
        if item.direction == Direction.OFFER:
            record["rate"] = round(float(item.category.standalone_rate) * OFFER_RATE_SHARE, 2)
        records.append(record)
        categories.setdefault(item.category.code, item.category)
    participants = workshop.participants.select_related("organisation").order_by("pk")
    return {
        "categories": [category_record(categories[code]) for code in sorted(categories)],
        "organisations": [_participant_record(p) for p in participants],
        "items": records,
        "exclusions": [],
    }


def _pk(engine_id: str) -> int:
    return int(engine_id[1:])


def compute_board(workshop: Workshop) -> list[Opportunity]:
    data = workshop_instance(workshop)
    if not data["items"]:
        return []
    try:
        instance = load_instance(data)
    except InstanceError:
        # A category edited into nonsense in the admin must not take the room down.
        logger.exception("workshop %s: the engine refused its instance", workshop.pk)
        return []
    result = solve(instance, time_limit=SOLVE_SECONDS, with_shares=False)
    item_org = {i.id: _pk(i.org) for i in instance.items}
    opportunities = []
    for group in result.groups:
        members = tuple(sorted({item_org[i] for i in group.items}))
        key = "g:" + ",".join(sorted(group.items))
        opportunities.append(Opportunity(key, "group", group.category, members, group.savings))
    for assignment in result.assignments:
        members = (item_org[assignment.offer], item_org[assignment.need])
        key = f"a:{assignment.offer}>{assignment.need}"
        category = instance.item_by_id[assignment.offer].category
        opportunities.append(Opportunity(key, "exchange", category, members, assignment.savings))
    opportunities.sort(key=lambda o: (-o.savings, o.key))
    return opportunities


def board_for(workshop: Workshop) -> list[Opportunity]:
    """The board of the workshop's current version, solved once per version."""
    cache_key = f"workshop-board:{workshop.pk}:{workshop.version}"
    board = cache.get(cache_key)
    if board is None:
        board = compute_board(workshop)
        cache.set(cache_key, board, timeout=3600)
    return board
