"""The results service: models -> the engine's ItemProfile, scoring, ranking, weights."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mutualiser.diagnostic.models import Category, ScoringWeights
from mutualiser.diagnostic.scoring import (
    active_weights,
    diagnostic_results,
    engine_category,
    item_profile,
    scoring_weights_restore_defaults,
    scoring_weights_update,
    strategic_importance,
)
from mutualiser.engine.diagnostic import DEFAULT_WEIGHTS, score_item
from mutualiser.organisations.choices import BUDGET_BAND_MIDPOINTS, BudgetBand

from ..factories import InventoryItemFactory, OrganisationFactory


def category(code: str) -> Category:
    return Category.objects.select_related("family").get(code=code)


@pytest.mark.django_db
def test_the_profile_carries_the_item_and_its_organisations_budget_midpoint_and_team():
    organisation = OrganisationFactory(budget_band=BudgetBand.FROM_250K, staff_fte=Decimal("4.5"))
    item = InventoryItemFactory(
        organisation=organisation,
        category=category("payroll"),
        direction="inhouse",
        months=[8] * 12,
        how_done="staff",
        annual_cost=Decimal("6000.00"),
        satisfaction=2,
        importance="core",
        confidentiality="high",
        specificity="low",
        max_distance_km=80,
    )

    profile = item_profile(item, organisation=organisation)

    assert profile.category.code == "payroll"
    assert profile.category.family == item.category.family.code
    assert profile.direction == "inhouse"
    assert profile.months == (8.0,) * 12
    assert profile.how_done == "staff"
    assert profile.annual_cost == 6000.0
    assert profile.satisfaction == 2
    assert profile.importance == "core"
    assert profile.confidentiality == "high"
    assert profile.specificity == "low"
    assert profile.max_distance_km == 80.0
    assert profile.annual_budget == BUDGET_BAND_MIDPOINTS[BudgetBand.FROM_250K] == 375_000
    assert profile.staff_fte == 4.5


@pytest.mark.django_db
def test_unknown_answers_reach_the_engine_as_none():
    organisation = OrganisationFactory(budget_band="", staff_fte=None)
    item = InventoryItemFactory(organisation=organisation, category=category("accounting"))

    profile = item_profile(item, organisation=organisation)

    assert profile.how_done is None
    assert profile.annual_cost is None
    assert profile.satisfaction is None
    assert profile.annual_budget is None
    assert profile.staff_fte is None


@pytest.mark.django_db
def test_the_engine_category_copies_the_figures_of_the_database_row():
    row = category("accounting")
    row.standalone_rate = 99
    row.save(update_fields=["standalone_rate"])

    converted = engine_category(category("accounting"))

    assert converted.standalone_rate == 99.0
    assert converted.unit_capacity == row.unit_capacity
    assert converted.typical_level == row.typical_level


@pytest.mark.django_db
def test_items_are_ranked_by_pooling_potential_strongest_first():
    organisation = OrganisationFactory(budget_band=BudgetBand.FROM_250K)
    weak = InventoryItemFactory(
        organisation=organisation,
        category=category("technical_direction"),
        direction="inhouse",
        how_done="staff",
        importance="core",
        specificity="high",
        confidentiality="high",
        months=[130] * 12,
    )
    strong = InventoryItemFactory(
        organisation=organisation,
        category=category("accounting"),
        how_done="freelance",
        specificity="low",
        months=[20] * 12,
    )

    results = diagnostic_results(organisation=organisation, lang="fr")

    assert [s.item for s in results.items] == [strong, weak]
    assert [s.rank for s in results.items] == [1, 2]
    assert results.items[0].score > results.items[1].score
    expected = score_item(item_profile(strong, organisation=organisation)).score
    assert results.items[0].score == pytest.approx(expected)
    assert results.items[0].band == "strong"
    assert results.items[0].next_step == "find_partners"
    assert results.items[1].next_step in ("keep_strategic", "keep_for_now")


@pytest.mark.django_db
def test_reasons_are_rendered_in_the_language_asked():
    organisation = OrganisationFactory()
    InventoryItemFactory(organisation=organisation, category=category("accounting"))

    french = diagnostic_results(organisation=organisation, lang="fr").items[0]
    english = diagnostic_results(organisation=organisation, lang="en").items[0]

    assert "Revient chaque mois de l'année." in french.reasons_for
    assert "Comes back every month of the year." in english.reasons_for
    assert english.name == "Accounting"
    assert english.level_label and english.level_label != french.level_label


@pytest.mark.django_db
def test_an_item_the_engine_refuses_is_listed_apart_instead_of_breaking_the_results():
    organisation = OrganisationFactory()
    good = InventoryItemFactory(organisation=organisation, category=category("accounting"))
    bad = InventoryItemFactory(organisation=organisation, category=category("payroll"))
    type(bad).objects.filter(pk=bad.pk).update(months=[-1] * 12)  # bypasses validation

    results = diagnostic_results(organisation=organisation, lang="fr")

    assert [s.item for s in results.items] == [good]
    assert [i.pk for i in results.unscored] == [bad.pk]


def test_strategic_importance_blends_core_specificity_and_confidentiality():
    class Item:
        def __init__(self, importance, specificity, confidentiality):
            self.importance = importance
            self.specificity = specificity
            self.confidentiality = confidentiality

    assert strategic_importance(Item("support", "low", "low")) == 0
    assert strategic_importance(Item("support", "high", "high")) == 60
    assert strategic_importance(Item("core", "low", "low")) == 40
    assert strategic_importance(Item("core", "high", "high")) == 100
    assert strategic_importance(Item("core", "medium", "medium")) == 70


@pytest.mark.django_db
def test_without_saved_weights_the_engine_defaults_apply():
    weights, custom = active_weights()

    assert weights == dict(DEFAULT_WEIGHTS)
    assert custom is False


@pytest.mark.django_db
def test_saved_weights_become_the_only_active_row_and_change_the_scores():
    organisation = OrganisationFactory()
    InventoryItemFactory(organisation=organisation, category=category("accounting"))
    before = diagnostic_results(organisation=organisation, lang="fr").items[0].score
    changed = {**DEFAULT_WEIGHTS, "support_core": 0.0, "confidentiality": 5.0}

    scoring_weights_update(weights=changed, user=None)
    scoring_weights_update(weights=changed, user=None)
    results = diagnostic_results(organisation=organisation, lang="fr")

    assert ScoringWeights.objects.filter(is_active=True).count() == 1
    assert ScoringWeights.objects.count() == 2
    assert results.custom_weights is True
    assert results.weights["confidentiality"] == 5.0
    assert results.items[0].score != pytest.approx(before)


@pytest.mark.django_db
def test_restoring_the_defaults_keeps_the_history():
    scoring_weights_update(weights={**DEFAULT_WEIGHTS, "recurrence": 5.0}, user=None)

    scoring_weights_restore_defaults(user=None)

    assert active_weights() == (dict(DEFAULT_WEIGHTS), False)
    assert ScoringWeights.objects.count() == 2


@pytest.mark.django_db
def test_weights_out_of_range_are_refused_by_the_service():
    with pytest.raises(ValueError):
        scoring_weights_update(weights={**DEFAULT_WEIGHTS, "recurrence": 6.0}, user=None)
    with pytest.raises(ValueError):
        scoring_weights_update(weights=dict.fromkeys(DEFAULT_WEIGHTS, 0.0), user=None)

    assert not ScoringWeights.objects.exists()
