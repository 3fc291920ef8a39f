"""The edit form's POST data for an item, as the page would send it unchanged."""

from __future__ import annotations

from mutualiser.diagnostic.models import InventoryItem


def form_data(item: InventoryItem, **changes: object) -> dict[str, object]:
    """Every field of the item's edit form with the item's values, then `changes`."""
    data: dict[str, object] = {
        "category": item.category_id,
        "direction": item.direction,
        "label": item.label,
        "how_done": item.how_done,
        "annual_cost": "",
        "satisfaction": "",
        "importance": item.importance,
        "confidentiality": item.confidentiality,
        "specificity": item.specificity,
        "criticality": item.criticality,
        "max_distance_km": item.max_distance_km,
        "rate": "",
        "notes": "",
        "preset": "",
        "preset_quantity": "",
        "version": item.version,
    }
    for month, quantity in enumerate(item.months, start=1):
        data[f"month_{month}"] = str(quantity)
    data.update(changes)
    return data
