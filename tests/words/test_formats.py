"""Figures, dates and lists are written the way each language reads them (Babel, no Django)."""

import datetime
from decimal import Decimal

import pytest

from mutualiser.words import formats

NBSP = "\xa0"


def plain(text: str) -> str:
    """Babel separates groups with a no-break space; compare with ordinary spaces."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def test_money_in_french_puts_the_dollar_sign_after_with_a_comma():
    assert plain(formats.money(12345.67, "fr", 2)) == "12 345,67 $"


def test_money_in_english_puts_the_dollar_sign_first_with_a_point():
    assert formats.money(12345.67, "en", 2) == "$12,345.67"


def test_money_is_in_whole_dollars_unless_asked():
    assert plain(formats.money(Decimal("12345.5"), "fr")) == "12 346 $"
    assert formats.money(Decimal("12345.5"), "en") == "$12,346"


def test_money_of_nothing_is_empty_and_of_text_or_nan_is_left_alone():
    assert formats.money(None, "fr") == ""
    assert formats.money("n/a", "fr") == "n/a"
    assert formats.money(float("nan"), "en") == "nan"


def test_negative_money_keeps_its_sign():
    assert formats.money(-50, "en", 2) == "-$50.00"


def test_number_groups_thousands_and_drops_trailing_zeros():
    assert plain(formats.number(12345.7, "fr")) == "12 345,7"
    assert formats.number(12345.70, "en") == "12,345.7"
    assert formats.number(2.345, "fr", 1) == "2,3"
    assert plain(formats.number(1234.5, "en", 0)) == "1,234"


def test_a_rounded_negative_zero_is_zero():
    assert formats.number(-0.001, "fr", 1) == "0"


@pytest.mark.parametrize(
    ("fraction", "french", "english"),
    [(0.35, "35 %", "35%"), (0.045, "4,5 %", "4.5%"), (1.5, "150 %", "150%")],
)
def test_percent_has_one_decimal_only_below_ten(fraction, french, english):
    assert plain(formats.percent(fraction, "fr")) == french
    assert formats.percent(fraction, "en") == english


def test_the_first_of_the_month_is_1er_in_french():
    assert formats.date(datetime.date(2026, 12, 1), "fr") == "1er décembre 2026"
    assert formats.date(datetime.date(2026, 12, 2), "fr") == "2 décembre 2026"
    assert formats.date(datetime.date(2026, 12, 1), "en") == "December 1, 2026"


def test_lists_join_with_the_languages_conjunction():
    assert formats.listing(["A", "B", "C"], "fr") == "A, B et C"
    assert formats.listing(["A", "B"], "en") == "A and B"
    assert formats.listing([], "en") == ""


def test_a_distance_not_given_says_so():
    assert formats.distance(None, "fr") == "non précisée"
    assert plain(formats.distance(42.4, "en")) == "42 km"


@pytest.mark.parametrize("code", ["en", "en-ca", "EN"])
def test_every_english_code_reads_as_english(code):
    assert formats.language_code(code) == "en"


@pytest.mark.parametrize("code", [None, "", "fr", "fr-ca", "de"])
def test_anything_else_reads_as_french(code):
    assert formats.language_code(code) == "fr"
