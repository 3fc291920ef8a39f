"""Money, numbers, percentages, distances, quantities, dates and lists, formatted by Babel.

Pure Python (no Django): the engine's command line uses it as the web pages do. Every
function takes the language ("fr" or "en"; anything else reads as French) and returns text
with the locale's no-break spaces: "6 200 $" / "$6,200", "35 %" / "35%", "1er décembre 2026" /
"December 1, 2026". Amounts in Canadian dollars.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.lists import format_list
from babel.numbers import format_decimal, parse_pattern

LANGUAGES = ("fr", "en")
CURRENCY = "CAD"
NBSP = "\u00a0"


def language_code(lang: str | None) -> str:
    """ "en" for any English code ("en", "en-ca"), else "fr", the interface's first language."""
    return "en" if (lang or "fr").lower().startswith("en") else "fr"


@cache
def babel_locale(lang: str | None) -> Locale:
    return Locale.parse("en_CA" if language_code(lang) == "en" else "fr_CA")


def as_decimal(value: object) -> Decimal | None:
    """The value as a finite Decimal, or None for nothing, text, booleans, NaN and infinity."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


# A page formats the same few figures again and again (a weight per criterion row, a gain per
# partner): Babel takes ~20 µs a figure, a memory of the text a fraction of a microsecond. The
# key is the Decimal's text, so 1.0 and 1.00 stay apart as Babel sees them.
FORMATTED_FIGURES = 4096


def money(value: object, lang: str | None, digits: int = 0) -> str:
    """A sum in dollars with `digits` decimals (whole dollars by default); "" for no value."""
    amount = as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return _money_text(str(amount), language_code(lang), digits)


@lru_cache(maxsize=FORMATTED_FIGURES)
def _money_text(amount: str, lang: str, digits: int) -> str:
    locale = babel_locale(lang)
    pattern = parse_pattern(locale.currency_formats["standard"])
    pattern.frac_prec = (digits, digits)
    return pattern.apply(Decimal(amount), locale, currency=CURRENCY, currency_digits=False)


def number(value: object, lang: str | None, digits: int = 2) -> str:
    """A figure with up to `digits` decimals (trailing zeros dropped), grouped by thousands."""
    amount = as_decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    return _number_text(str(amount), language_code(lang), digits)


@lru_cache(maxsize=FORMATTED_FIGURES)
def _number_text(amount: str, lang: str, digits: int) -> str:
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    text = format_decimal(Decimal(amount), format=pattern, locale=babel_locale(lang))
    return "0" if text in ("-0", "\u22120") else text


def integer(value: object, lang: str | None) -> str:
    return number(value, lang, digits=0)


def percent(fraction: object, lang: str | None) -> str:
    """A fraction 0..1 as a percentage: one decimal under 10 %, none above ("35 %", "4,5 %")."""
    amount = as_decimal(fraction)
    if amount is None:
        return "" if fraction is None else str(fraction)
    pct = float(amount) * 100
    digits = 1 if abs(pct) < 10 else 0
    shown = number(pct, lang, digits)
    return f"{shown}{NBSP}%" if language_code(lang) == "fr" else f"{shown}%"


def distance(km: float | None, lang: str | None) -> str:
    """A distance in whole kilometres, or "non précisée" / "not given" for None."""
    if km is None or (isinstance(km, float) and math.isnan(km)):
        return "non précisée" if language_code(lang) == "fr" else "not given"
    return f"{integer(km, lang)}{NBSP}km"


def listing(items: Iterable[object], lang: str | None) -> str:
    """ "A, B et C" / "A, B and C"."""
    names = [str(item) for item in items]
    return format_list(names, locale=babel_locale(lang)) if names else ""


def date(value: datetime.date | None, lang: str | None, *, year: bool = True) -> str:
    """ "1er décembre 2026" / "December 1, 2026"; French writes the first of the month 1er."""
    if value is None:
        return ""
    lang = language_code(lang)
    if lang == "fr":
        day = "1er" if value.day == 1 else str(value.day)
        month_year = babel_format_date(value, "MMMM y" if year else "MMMM", locale="fr_CA")
        return f"{day} {month_year}"
    return babel_format_date(value, "MMMM d, y" if year else "MMMM d", locale="en_CA")


def singular_for(quantity: float, lang: str | None) -> bool:
    """Whether a unit takes the singular: French below 2 ("1,5 heure"), English exactly 1
    as shown to two decimals ("1 hour", "1.5 hours")."""
    shown = abs(round(float(quantity), 2))
    return shown == 1 if language_code(lang) == "en" else shown < 2
