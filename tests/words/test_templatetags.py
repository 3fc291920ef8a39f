"""The template filters follow the active language."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from mutualiser.words.language import current_language
from mutualiser.words.reasons import Reason
from tests.words.test_formats import plain


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "1 500 $ · 1 500,25 $ · 12,5 · 35 % · 1er mars 2026"),
        ("en", "$1,500 · $1,500.25 · 12.5 · 35% · March 1, 2026"),
    ],
)
def test_filters_in_a_template_follow_the_active_language(language, expected):
    template = Template(
        "{% load words %}{{ cost|money }} · {{ cost|money:2 }} · {{ hours|number }} · "
        "{{ share|percent }} · {{ day|longdate }}"
    )
    context = {"cost": 1500.25, "hours": 12.5, "share": 0.35, "day": datetime.date(2026, 3, 1)}

    with translation.override(language):
        rendered = template.render(Context(context))

    assert plain(rendered) == expected


def test_the_reason_filter_renders_an_engine_reason_in_the_active_language():
    template = Template("{% load words %}{{ reason|reason }}")
    reason = Reason("diag.standard.low")

    with translation.override("en"):
        english = template.render(Context({"reason": reason}))
    with translation.override("fr"):
        french = template.render(Context({"reason": reason}))

    assert english == "Generic, not specific to your organisation."
    assert french == "Générique, peu propre à votre organisme."


@pytest.mark.parametrize(("active", "expected"), [("en", "en"), ("en-ca", "en"), ("fr", "fr")])
def test_current_language_is_fr_or_en(active, expected):
    with translation.override(active):
        assert current_language() == expected
