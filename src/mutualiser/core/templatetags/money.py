"""Money and figures in the reader's locale: "12 345,67 $" in French, "$12,345.67" in English.

{% load money %}
{{ cost|money }}        12 345,67 $   /  $12,345.67
{{ cost|money:0 }}      12 346 $      /  $12,346
{{ hours|number }}      12 345,7      /  12,345.7
{{ hours|number:0 }}    12 346        /  12,346
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_decimal, parse_pattern
from django import template
from django.utils.translation import get_language

register = template.Library()

CURRENCY = "CAD"


def babel_locale() -> Locale:
    """fr_CA when the active language is French (or none), en_CA when it is English."""
    language = (get_language() or "fr").lower()
    return Locale.parse("en_CA" if language.startswith("en") else "fr_CA")


def _as_decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_money(value: object, digits: int | None = None) -> str:
    """A sum in Canadian dollars; `digits` decimals (2 by default); "" for no value."""
    amount = _as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    locale = babel_locale()
    pattern = parse_pattern(locale.currency_formats["standard"])
    precision = 2 if digits is None else max(0, int(digits))
    pattern.frac_prec = (precision, precision)
    return pattern.apply(amount, locale, currency=CURRENCY, currency_digits=False)


def format_number(value: object, digits: int | None = None) -> str:
    """A figure with the locale's grouping and decimal mark; up to `digits` decimals (3)."""
    number = _as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    locale = babel_locale()
    if digits is None:
        return format_decimal(number, locale=locale)
    precision = max(0, int(digits))
    pattern = "#,##0" + ("." + "#" * precision if precision else "")
    return format_decimal(number, format=pattern, locale=locale)


@register.filter(name="money")
def money(value: object, digits: int | str | None = None) -> str:
    return format_money(value, None if digits in (None, "") else int(digits))


@register.filter(name="number")
def number(value: object, digits: int | str | None = None) -> str:
    return format_number(value, None if digits in (None, "") else int(digits))
