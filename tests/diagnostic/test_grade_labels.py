"""Grades agree with their (feminine) noun in French, and stay plain in English."""

from __future__ import annotations

import pytest
from django.utils import translation

from mutualiser.diagnostic.models import Category, Grade

from ..factories import InventoryItemFactory


@pytest.mark.parametrize(
    ("language", "labels"),
    [("fr", ["Faible", "Moyenne", "Élevée"]), ("en", ["Low", "Medium", "High"])],
)
def test_grade_labels_in_each_language(language, labels):
    with translation.override(language):
        assert [str(label) for label in Grade.labels] == labels


@pytest.mark.django_db
def test_an_items_confidentiality_and_specificity_read_in_the_feminine(organisation_a):
    item = InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="payroll"),
        confidentiality="medium",
        specificity="high",
        criticality="low",
    )

    with translation.override("fr"):
        shown = (
            f"{item._meta.get_field('confidentiality').verbose_name.capitalize()} : "
            f"{item.get_confidentiality_display().lower()}"
        )
        assert shown == "Confidentialité : moyenne"
        assert item.get_specificity_display() == "Élevée"
        assert item.get_criticality_display() == "Faible"
    with translation.override("en"):
        assert item.get_confidentiality_display() == "Medium"
        assert item.get_specificity_display() == "High"


@pytest.mark.django_db
def test_the_edit_form_offers_feminine_grades(client, alice, organisation_a):
    item = InventoryItemFactory(
        organisation=organisation_a, category=Category.objects.get(code="payroll"), months=[5] * 12
    )
    client.force_login(alice)

    content = client.get(f"/fr/diagnostic/inventory/{item.pk}/edit/").content.decode()

    assert ">Moyenne</option>" in content and ">Élevée</option>" in content
    assert ">Moyen</option>" not in content and ">Élevé</option>" not in content


@pytest.mark.django_db
def test_the_category_grades_are_named_by_feminine_nouns():
    nouns = [
        str(Category._meta.get_field(name).verbose_name)
        for name in ("confidentiality", "proximity_need", "competitive_sensitivity")
    ]

    assert nouns == ["confidentialité", "proximité nécessaire", "sensibilité concurrentielle"]
