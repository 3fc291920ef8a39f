"""The diagnostic's results are kept between requests, and scored again whenever an input
changes: the inventory, the taxonomy's figures, the organisation's size, the weights."""

from __future__ import annotations

import pytest

from mutualiser.diagnostic import results_cache
from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.scoring import diagnostic_results
from mutualiser.diagnostic.services import (
    inventory_item_delete,
    inventory_item_restore,
    inventory_item_update,
)
from mutualiser.engine.diagnostic import DEFAULT_WEIGHTS

from ..factories import InventoryItemFactory, OrganisationFactory

MONTHS = [20.0] * 12


def results(organisation, lang="fr", **kwargs):
    return diagnostic_results(organisation=organisation, lang=lang, **kwargs)


@pytest.fixture
def accounting(organisation_a):
    return InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="accounting"),
        months=MONTHS,
        label="Tenue de livres",
    )


@pytest.mark.django_db
def test_the_same_results_are_given_back_while_nothing_changes(organisation_a, accounting):
    first = results(organisation_a)

    assert results(organisation_a) is first
    assert len(results_cache.memory) == 1


@pytest.mark.django_db
def test_an_edit_through_the_services_is_scored_again(organisation_a, accounting):
    before = results(organisation_a)
    inventory_item_update(item=accounting, data={"months": [0.0] * 11 + [20.0]})

    after = results(organisation_a)

    assert after is not before
    assert after.items[0].item.months == [0.0] * 11 + [20.0]
    assert after.items[0].score != before.items[0].score


@pytest.mark.django_db
def test_a_partial_save_is_scored_again(organisation_a, accounting):
    before = results(organisation_a)
    accounting.criticality = "high"
    accounting.save(update_fields=["criticality"])

    assert results(organisation_a).items[0].item.criticality == "high"
    assert results(organisation_a) is not before


@pytest.mark.django_db
def test_a_removed_then_restored_item_leaves_and_comes_back(organisation_a, accounting):
    assert len(results(organisation_a).items) == 1
    snapshot = inventory_item_delete(item=accounting)

    assert results(organisation_a).items == ()

    inventory_item_restore(organisation=organisation_a, snapshot=snapshot)
    assert len(results(organisation_a).items) == 1


@pytest.mark.django_db
def test_an_added_item_is_ranked_at_once(organisation_a, accounting):
    results(organisation_a)
    InventoryItemFactory(
        organisation=organisation_a, category=Category.objects.get(code="payroll"), months=MONTHS
    )

    assert len(results(organisation_a).items) == 2


@pytest.mark.django_db
def test_a_taxonomy_edit_in_the_admin_is_scored_again(organisation_a, accounting):
    before = results(organisation_a).items[0]
    Category.objects.filter(code="accounting").update(standalone_rate=300)

    after = results(organisation_a).items[0]

    assert after.annual_cost == pytest.approx(before.annual_cost * 300 / 65, rel=0.2)
    assert after.annual_cost != before.annual_cost


@pytest.mark.django_db
def test_the_organisation_s_size_and_the_weights_are_part_of_the_key(organisation_a, accounting):
    first = results(organisation_a)
    organisation_a.staff_fte = 40
    organisation_a.save()

    resized = results(organisation_a)
    weights = {**DEFAULT_WEIGHTS, "recurrence": 5.0}
    reweighted = results(organisation_a, weights=weights)

    assert len({id(first), id(resized), id(reweighted)}) == 3
    assert reweighted.weights["recurrence"] == 5.0


@pytest.mark.django_db
def test_each_language_and_each_organisation_has_its_own_results(organisation_a, accounting):
    other = OrganisationFactory(name="Autre", slug="autre")
    InventoryItemFactory(
        organisation=other,
        category=Category.objects.get(code="accounting"),
        months=MONTHS,
        label="Tenue de livres",
    )

    french, english = results(organisation_a), results(organisation_a, lang="en")
    theirs = results(other)

    assert french.items[0].name.startswith("Comptabilité")
    assert english.items[0].name.startswith("Accounting")
    assert theirs.items[0].item.organisation_id == other.pk
    assert french.items[0].item.organisation_id == organisation_a.pk


@pytest.mark.django_db
def test_partners_found_nearby_are_scored_again(organisation_a, accounting, monkeypatch):
    from mutualiser.partners import selectors

    monkeypatch.setattr(selectors, "nearby_partner_counts", lambda o: {accounting.pk: 0})
    alone = results(organisation_a)
    monkeypatch.setattr(selectors, "nearby_partner_counts", lambda o: {accounting.pk: 3})
    found = results(organisation_a)

    def nearby(result):
        return next(c for c in result.items[0].criteria if c.code == "partners_nearby").score

    assert found is not alone
    assert (nearby(alone), nearby(found)) == (2, 5)
