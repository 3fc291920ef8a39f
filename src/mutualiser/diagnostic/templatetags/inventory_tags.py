"""Small helpers of the inventory templates: month bars, units, direction styles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape  # Django's escape is this one behind a lazy-string check: 5 µs a call

from django import template
from django.utils import translation
from django.utils.dates import MONTHS_AP
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


def month_bars(item: InventoryItem) -> list[MonthBar]:
    months = [float(q) for q in item.months]
    peak = max(months, default=0) or 1
    lang = current_language()
    names = _month_names(lang)
    shown = {q: formats.number(q, lang, 1) for q in set(months)}  # months often repeat
    return [
        MonthBar(names[index], shown[quantity], round(100 * quantity / peak))
        for index, quantity in enumerate(months)
    ]


@lru_cache(maxsize=len(formats.LANGUAGES))
def _month_names(lang: str) -> tuple[str, ...]:
    with translation.override(lang):
        return tuple(str(MONTHS_AP[month]) for month in range(1, 13))


@register.simple_tag
def month_chart(item: InventoryItem) -> str:
    """The item's twelve bars, each month named with its quantity (for screen readers too).

    Written here rather than by loops of the template, and escaped once: those loops were
    half the cost of an inventory row (about 0.5 ms a row, 40 rows a page).
    """
    bars = month_bars(item)
    title = _("Quantités par mois")
    label = escape(f"{title} : " + ", ".join(f"{b.name} {b.quantity}" for b in bars))
    # the classes of core's `pct` filter (css/utilities.css): the CSP forbids style=""
    spans = "".join(
        f'<span class="inv-bar" title="{escape(f"{b.name} : {b.quantity}")}">'
        f'<span class="pct-h pct-{min(100, max(0, b.percent))}"></span></span>'
        for b in bars
    )
    return mark_safe(
        f'<div class="inv-bars" role="img" aria-label="{label}">\n      {spans}\n    </div>'
    )


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
