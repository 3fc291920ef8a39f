"""Figures and reasons in the reader's language, through `words.formats` and `words.reasons`.

{% load words %}
{{ cost|money }}        12 345 $        /  $12,345        (whole dollars)
{{ cost|money:2 }}      12 345,67 $     /  $12,345.67
{{ hours|number }}      12 345,7        /  12,345.7       (up to 2 decimals)
{{ hours|number:0 }}    12 346          /  12,346
{{ share|percent }}     35 %            /  35%            (a fraction 0..1)
{{ km|distance }}        12 km           /  12 km          (whole kilometres)
{{ day|longdate }}      1er décembre 2026 / December 1, 2026
{{ reason|reason }}     the sentence of an engine Reason
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone

from mutualiser.words import formats, reasons
from mutualiser.words.language import current_language

register = template.Library()


def _digits(value: int | str | None, default: int) -> int:
    return default if value in (None, "") else max(0, int(value))


@register.filter(name="money")
def money(value: object, digits: int | str | None = None) -> str:
    return formats.money(value, current_language(), _digits(digits, 0))


@register.filter(name="number")
def number(value: object, digits: int | str | None = None) -> str:
    return formats.number(value, current_language(), _digits(digits, 2))


@register.filter(name="percent")
def percent(value: object) -> str:
    return formats.percent(value, current_language())


@register.filter(name="distance")
def distance(value: float | None) -> str:
    return formats.distance(value, current_language())


@register.filter(name="longdate")
def longdate(value: datetime.date | datetime.datetime | None) -> str:
    if isinstance(value, datetime.datetime):
        # the reader's day, not UTC's: a 21:00 meeting in Montréal is not tomorrow
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date(value, current_language())


@register.filter(name="reason")
def reason(value: reasons.Reason) -> str:
    return reasons.render(value, current_language())
