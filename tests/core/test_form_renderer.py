"""The site's form renderer: Django's widget templates with their includes written out in
place (core/form_renderer.py) give the very HTML Django's own templates give."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.core import signing
from django.forms.renderers import DjangoTemplates

from mutualiser.core.form_renderer import FormRenderer
from mutualiser.diagnostic.forms import InventoryItemForm
from tests.factories import InventoryItemFactory

ROOT = Path(__file__).resolve().parents[2]


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label="Nom", max_length=20, help_text="Pour le distinguer.")
    email = forms.EmailField(required=False)
    count = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"min": 0}))
    secret = forms.CharField(widget=forms.PasswordInput)
    token = forms.CharField(widget=forms.HiddenInput, initial="abc")
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    agree = forms.BooleanField(required=False, initial=True)
    kind = forms.ChoiceField(
        choices=[("", "—"), ("Groupe", [("a", "A <b>"), ("b", "B")]), ("c", "C")], initial="b"
    )
    several = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.SelectMultiple, initial=["y"]
    )
    level = forms.ChoiceField(
        choices=[("low", "Bas"), ("high", "Haut")], widget=forms.RadioSelect, initial="high"
    )
    months = forms.MultipleChoiceField(
        choices=[("Saison", [(1, "janv."), (2, "févr.")]), (3, "mars")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def rendered(form: forms.BaseForm) -> str:
    """Every field as a page shows it: the field group, the widget alone, label and errors."""
    parts = [str(form.non_field_errors()), str(form.errors)]
    for field in form:
        parts += [field.as_field_group(), str(field), field.label_tag(), str(field.errors)]
        parts += [str(sub) for sub in getattr(field, "subwidgets", [])]
    return "\n".join(parts)


def with_renderer(form_class, renderer, **kwargs) -> str:
    return rendered(form_class(renderer=renderer, **kwargs))


@pytest.mark.parametrize(
    "data",
    [None, {"name": "x" * 30, "count": "-1", "kind": "nope", "level": "high", "months": ["1"]}],
    ids=["unbound", "with-errors"],
)
def test_every_widget_renders_as_with_djangos_templates(data):
    ours = with_renderer(EveryWidgetForm, FormRenderer(), data=data)
    assert ours == with_renderer(EveryWidgetForm, DjangoTemplates(), data=data)
    assert "<optgroup" in ours and 'type="radio"' in ours and 'type="checkbox"' in ours
    if data:
        assert 'class="errorlist"' in ours


@pytest.mark.django_db
def test_the_inventory_item_form_renders_as_with_djangos_templates(monkeypatch):
    # The form signs what the member started from, with the second it was signed: two
    # renders a second apart would differ there (CI saw it once).
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: "1xZJdG")
    item = InventoryItemFactory(months=[1.5] + [0] * 11)
    for data in (None, {"category": "0", "month_1": "abc", "version": "1"}):
        assert with_renderer(
            InventoryItemForm, FormRenderer(), instance=item, data=data
        ) == with_renderer(InventoryItemForm, DjangoTemplates(), instance=item, data=data)


def test_the_site_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "mutualiser.core.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)


def test_the_copies_follow_the_installed_django():
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "form_templates.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
