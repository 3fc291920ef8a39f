"""Adding items fast: the checklist by family, and a sentence mapped to categories."""

from __future__ import annotations

import pytest

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, UserFactory

ADD = "/fr/diagnostic/inventory/add/"


def pks(*codes):
    return [Category.objects.get(code=code).pk for code in codes]


@pytest.mark.django_db
def test_ticked_categories_are_added_at_once_with_the_category_defaults(
    client, alice, organisation_a
):
    client.force_login(alice)

    response = client.post(
        ADD, {"categories": pks("payroll", "rehearsal_studio"), "direction": "need"}, follow=True
    )

    items = {i.category.code: i for i in InventoryItem.objects.filter(organisation=organisation_a)}
    assert set(items) == {"payroll", "rehearsal_studio"}
    assert items["payroll"].confidentiality == "high"
    assert items["payroll"].importance == "support"
    assert items["payroll"].max_distance_km == 250
    assert items["rehearsal_studio"].max_distance_km == 25  # a studio must be near
    assert items["payroll"].months == [0] * 12
    assert "2 éléments ajoutés" in response.content.decode()
    assert "Quantités à préciser" in response.content.decode()


@pytest.mark.django_db
def test_an_editor_adds_offers(client, bob, organisation_a):
    client.force_login(bob)

    client.post(ADD, {"categories": pks("cargo_van"), "direction": "offer"})

    assert InventoryItem.objects.get(organisation=organisation_a).direction == "offer"


@pytest.mark.django_db
def test_a_category_already_there_in_that_direction_is_not_added_twice(
    client, alice, organisation_a
):
    InventoryItemFactory(organisation=organisation_a, category_id=pks("payroll")[0])
    client.force_login(alice)

    response = client.post(
        ADD, {"categories": pks("payroll", "audit"), "direction": "need"}, follow=True
    )

    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 2
    assert "Déjà dans votre inventaire, dans ce sens : Paie." in response.content.decode()


@pytest.mark.django_db
def test_nothing_ticked_says_so(client, alice, organisation_a):
    client.force_login(alice)

    response = client.post(ADD, {"direction": "need"}, follow=True)

    assert "Cochez au moins une catégorie." in response.content.decode()
    assert not InventoryItem.objects.exists()


@pytest.mark.django_db
def test_a_viewer_cannot_add(client, organisation_a):
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation_a, role=Role.VIEWER)
    client.force_login(viewer)

    response = client.post(ADD, {"categories": pks("payroll"), "direction": "need"})

    assert response.status_code == 403
    assert not InventoryItem.objects.exists()


@pytest.mark.django_db
def test_charlie_adds_to_his_own_organisation_only(client, charlie, organisation_a, organisation_b):
    client.force_login(charlie)

    client.post(ADD, {"categories": pks("payroll"), "direction": "need"})

    assert InventoryItem.objects.get().organisation == organisation_b


@pytest.mark.django_db
def test_a_sentence_suggests_payroll_and_guesses_a_need(client, alice):
    client.force_login(alice)

    response = client.get(
        "/fr/diagnostic/inventory/suggest/",
        {"q": "on cherche quelqu'un pour la paie"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert "<html" not in page
    assert 'id="suggestions"' in page
    assert f'value="{pks("payroll")[0]}" checked' in page
    assert 'value="need" checked' in page


@pytest.mark.django_db
def test_suggestions_ignore_accents_and_case(client, alice):
    client.force_login(alice)

    response = client.get("/fr/diagnostic/inventory/", {"q": "REPETITION"})

    assert "Studio de répétition" in response.content.decode()


@pytest.mark.django_db
def test_an_offer_sentence_is_guessed_as_an_offer_in_english(client, alice):
    client.force_login(alice)

    response = client.get(
        "/en/diagnostic/inventory/suggest/",
        {"q": "we can lend our cargo van"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert "Cargo van" in page
    assert 'value="offer" checked' in page


@pytest.mark.django_db
def test_without_javascript_the_suggestions_are_on_the_page(client, alice):
    client.force_login(alice)

    response = client.get("/fr/diagnostic/inventory/suggest/", {"q": "subventions"})

    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "Rédaction de demandes de subvention" in follow.content.decode()
    assert "<html" in follow.content.decode()


@pytest.mark.django_db
def test_no_match_says_what_to_do(client, alice):
    client.force_login(alice)

    response = client.get("/fr/diagnostic/inventory/", {"q": "zzzz qqqq"})

    assert "Aucune catégorie ne correspond" in response.content.decode()


@pytest.mark.django_db
def test_confirming_a_suggestion_adds_it(client, alice, organisation_a):
    client.force_login(alice)

    client.post(ADD, {"categories": pks("payroll"), "direction": "need"})

    assert InventoryItem.objects.get(organisation=organisation_a).category.code == "payroll"
