"""Models -> the engine's instance dict (DESIGN.md, "Instance / result format").

The dict is what `mutualiser.engine.instance.load_instance` reads and what
`manage.py export_instance` writes. Organisations are named by their slug, items by
"item-<pk>": both stable, so that a result can be read back against the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mutualiser.organisations.choices import BUDGET_BAND_MIDPOINTS
from mutualiser.organisations.models import Organisation
from mutualiser.places.loader import region_centre

from .models import Category, Direction, InventoryItem

ITEM_PREFIX = "item-"
# In-house items feed the diagnostic only: the matching pairs needs and offers.
MATCHED_DIRECTIONS = (Direction.NEED, Direction.OFFER)


def item_engine_id(item: InventoryItem) -> str:
    return f"{ITEM_PREFIX}{item.pk}"


def item_pk_from_engine_id(engine_id: str) -> int | None:
    """The primary key behind "item-<pk>", or None when the id is not one of ours."""
    digits = engine_id.removeprefix(ITEM_PREFIX)
    return int(digits) if engine_id.startswith(ITEM_PREFIX) and digits.isdigit() else None


def category_record(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "standalone_rate": float(category.standalone_rate),
        "unit_capacity": float(category.unit_capacity),
        "unit_cost": float(category.unit_cost),
        "min_fraction": float(category.min_fraction),
        "member_overhead": float(category.member_overhead),
        "max_group_size": int(category.max_group_size),
    }


def organisation_record(organisation: Organisation) -> dict[str, Any]:
    """An organisation at its municipality's point, or its region's centre when unknown."""
    lat, lon = organisation.latitude, organisation.longitude
    if lat is None or lon is None:
        lat, lon = region_centre(organisation.region)
    record: dict[str, Any] = {
        "id": organisation.slug,
        "lat": float(lat),
        "lon": float(lon),
        "region": organisation.region,
        "disciplines": list(organisation.disciplines or []),
        "kind": organisation.legal_kind,
    }
    budget = BUDGET_BAND_MIDPOINTS.get(organisation.budget_band)
    if budget is not None:
        record["budget"] = float(budget)
    return record


def item_record(item: InventoryItem) -> dict[str, Any] | None:
    """The engine's form of a need or an offer; None for what the engine does not match.

    In-house items are left out, and so are offers without a rate (nothing to compare with
    the standalone rate yet).
    """
    if item.direction not in MATCHED_DIRECTIONS:
        return None
    record: dict[str, Any] = {
        "id": item_engine_id(item),
        "org": item.organisation.slug,
        "category": item.category.code,
        "direction": item.direction,
        "months": [float(q) for q in item.months],
        "max_distance_km": float(item.max_distance_km),
    }
    if item.direction == Direction.OFFER:
        if item.rate is None:
            return None
        record["rate"] = float(item.rate)
    return record


def instance_from_queryset(
    *,
    organisations: Iterable[Organisation],
    items: Iterable[InventoryItem] | None = None,
) -> dict[str, Any]:
    """The engine instance of these organisations and their needs and offers.

    `items` defaults to every inventory item of the organisations; items of other
    organisations are dropped. Only the categories the items use are listed, with the cost
    figures of their Category rows (so an edit in the admin reaches the engine).
    Deterministic: organisations by slug, items by primary key, categories by code.
    Exclusions are empty for now.
    """
    organisations = sorted(organisations, key=lambda o: o.slug)
    by_pk = {o.pk: o for o in organisations}
    if items is None:
        items = InventoryItem.objects.filter(organisation__in=list(by_pk))
    if hasattr(items, "select_related"):
        items = items.select_related("category").filter(direction__in=MATCHED_DIRECTIONS)
    records = []
    categories: dict[str, Category] = {}
    for item in sorted(items, key=lambda i: i.pk):
        organisation = by_pk.get(item.organisation_id)
        if organisation is None:
            continue
        item.organisation = organisation  # already loaded: no query per item
        record = item_record(item)
        if record is None:
            continue
        records.append(record)
        categories.setdefault(item.category.code, item.category)
    return {
        "categories": [category_record(categories[code]) for code in sorted(categories)],
        "organisations": [organisation_record(o) for o in organisations],
        "items": records,
        "exclusions": [],
    }
