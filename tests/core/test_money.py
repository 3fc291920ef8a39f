"""The `money` and `number` filters write figures the way each language reads them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from mutualiser.core.templatetags.money import format_money, format_number

NBSP = "\xa0"


def plain(text: str) -> str:
    """Babel separates groups with a no-break space; compare with ordinary spaces."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def test_money_in_french_puts_the_dollar_sign_after_with_a_comma():
    with translation.override("fr"):
        assert plain(format_money(12345.67)) == "12 345,67 $"


def test_money_in_english_puts_the_dollar_sign_first_with_a_point():
    with translation.override("en"):
        assert format_money(12345.67) == "$12,345.67"


def test_money_without_decimals_rounds_to_the_dollar():
    with translation.override("fr"):
        assert plain(format_money(Decimal("12345.5"), 0)) == "12 346 $"
    with translation.override("en"):
        assert format_money(Decimal("12345.5"), 0) == "$12,346"


def test_money_of_nothing_is_empty_and_of_text_is_left_alone():
    assert format_money(None) == ""
    assert format_money("n/a") == "n/a"


def test_negative_money_keeps_its_sign():
    with translation.override("en"):
        assert format_money(-50) == "-$50.00"


def test_number_groups_thousands_with_the_locales_marks():
    with translation.override("fr"):
        assert plain(format_number(12345.7)) == "12 345,7"
    with translation.override("en"):
        assert format_number(12345.7) == "12,345.7"


def test_number_with_digits_rounds():
    with translation.override("fr"):
        assert format_number(2.345, 1) == "2,3"
        assert plain(format_number(1234.5, 0)) == "1 234"


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "1 500,00 $ · 12,5"), ("en", "$1,500.00 · 12.5")]
)
def test_filters_in_a_template_follow_the_active_language(language, expected):
    template = Template("{% load money %}{{ cost|money }} · {{ hours|number }}")

    with translation.override(language):
        rendered = template.render(Context({"cost": 1500, "hours": 12.5}))

    assert plain(rendered) == expected
