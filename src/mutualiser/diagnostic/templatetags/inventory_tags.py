"""Small helpers of the inventory templates: month bars, units, direction styles."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.dates import MONTHS_AP

from mutualiser.diagnostic.importexport import unit_label
from mutualiser.diagnostic.models import InventoryItem
from mutualiser.words import formats
from mutualiser.words.language import current_language

register = template.Library()


@dataclass(frozen=True)
class MonthBar:
    name: str
    quantity: str
    percent: int  # height of the bar, 0..100 of the item's busiest month


@register.filter
def month_bars(item: InventoryItem) -> list[MonthBar]:
    months = [float(q) for q in item.months]
    peak = max(months, default=0) or 1
    return [
        MonthBar(
            str(MONTHS_AP[index + 1]),
            formats.number(quantity, current_language(), 1),
            round(100 * quantity / peak),
        )
        for index, quantity in enumerate(months)
    ]


@register.filter
def unit(category) -> str:
    return str(unit_label(category.unit))


@register.filter
def has_quantities(item: InventoryItem) -> bool:
    return any(float(q) for q in item.months)


@register.simple_tag
def in_list(value, values) -> bool:
    return value in (values or ())


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, ())
