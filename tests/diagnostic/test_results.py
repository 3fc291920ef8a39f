"""The diagnostic's results page: ranked candidates, reasons, filters, empty states, access."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mutualiser.diagnostic import results_cache
from mutualiser.diagnostic.models import Category
from mutualiser.organisations.middleware import SESSION_KEY

from ..factories import InventoryItemFactory, UserFactory


def results_url(lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse("diagnostic:index")


def category(code: str) -> Category:
    return Category.objects.get(code=code)


@pytest.fixture
def inventory_a(organisation_a):
    return [
        InventoryItemFactory(
            organisation=organisation_a,
            category=category("accounting"),
            label="Tenue de livres",
            how_done="freelance",
            specificity="low",
        ),
        InventoryItemFactory(
            organisation=organisation_a,
            category=category("technical_direction"),
            direction="inhouse",
            how_done="staff",
            importance="core",
            specificity="high",
            confidentiality="high",
            months=[130] * 12,
        ),
        InventoryItemFactory(
            organisation=organisation_a,
            category=category("rehearsal_studio"),
            direction="offer",
            label="Studio A",
            how_done="owned_asset",
            months=[40] * 12,
        ),
    ]


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(results_url())

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_user_without_organisation_is_invited_to_create_one(client):
    client.force_login(UserFactory())

    response = client.get(results_url())

    assert response.status_code == 200
    assert "Créez d'abord votre organisme" in response.content.decode()
    assert reverse("organisations:create") in response.content.decode()


@pytest.mark.django_db
def test_an_empty_inventory_points_to_the_inventory_page(client, alice):
    client.force_login(alice)

    response = client.get(results_url())

    assert response.status_code == 200
    assert "Votre inventaire est vide" in response.content.decode()
    assert reverse("diagnostic:inventory") in response.content.decode()


@pytest.mark.django_db
def test_every_item_is_ranked_with_its_score_level_reasons_and_next_step(
    client, alice, inventory_a
):
    client.force_login(alice)

    response = client.get(results_url())

    page = response.content.decode()
    results = response.context["results"]
    assert [s.rank for s in results.items] == [1, 2, 3]
    first = results.items[0]
    assert first.item == inventory_a[0]
    assert "Comptabilité — Tenue de livres" in page
    assert f"{first.score_rounded}</strong>" in page
    assert f"{first.level} · {first.level_label}" in page
    assert "Ce qui joue en faveur" in page
    assert "Revient chaque mois de l&#x27;année." in page
    assert "Cherchez des partenaires" in page
    assert "Proposez cette capacité" in page
    assert "Détail des 13 critères" in page
    assert "<svg" in page and "À mutualiser en priorité" in page
    assert "(éléments évalués : 3)" in page


@pytest.mark.django_db
def test_the_page_speaks_english_under_the_english_prefix(client, alice, inventory_a):
    client.force_login(alice)

    response = client.get(results_url("en"))

    page = response.content.decode()
    assert "Comes back every month of the year." in page
    assert "Accounting — Tenue de livres" in page
    assert "Revient chaque mois" not in page


@pytest.mark.django_db
def test_the_filter_keeps_only_the_direction_asked(client, alice, inventory_a):
    client.force_login(alice)

    response = client.get(results_url(), {"direction": "offer"})

    shown = response.context["shown"]
    assert [s.item for s in shown] == [inventory_a[2]]
    assert len(response.context["results"].items) == 3


@pytest.mark.django_db
def test_the_filter_by_family_and_an_unknown_value_is_ignored(client, alice, inventory_a):
    client.force_login(alice)
    family = inventory_a[0].category.family.code

    by_family = client.get(results_url(), {"family": family})
    unknown = client.get(results_url(), {"family": "nope", "direction": "need"})

    assert [s.item for s in by_family.context["shown"]] == [inventory_a[0]]
    assert [s.item for s in unknown.context["shown"]] == [inventory_a[0]]


@pytest.mark.django_db
def test_an_htmx_request_gets_only_the_results_list(client, alice, inventory_a):
    client.force_login(alice)

    full = client.get(results_url())
    fragment = client.get(results_url(), {"direction": "need"}, headers={"HX-Request": "true"})

    assert "<html" in full.content.decode()
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body
    assert 'id="results-list"' in body
    assert "Comptabilité — Tenue de livres" in body
    assert "Studio A" not in body


@pytest.mark.django_db
def test_charlie_sees_his_own_results_and_never_those_of_a(client, charlie, inventory_a):
    InventoryItemFactory(
        organisation=charlie.memberships.get().organisation,
        category=category("cargo_van"),
        label="Camion de Boréale",
    )
    client.force_login(charlie)
    session = client.session
    session[SESSION_KEY] = inventory_a[0].organisation_id  # a guessed organisation id
    session.save()

    response = client.get(results_url())

    page = response.content.decode()
    assert "Camion de Boréale" in page
    assert "Tenue de livres" not in page
    assert "Studio A" not in page
    assert "Théâtre des Alizés" not in page
    assert all(
        s.item.organisation.slug == "danse-boreale" for s in response.context["results"].items
    )


@pytest.mark.django_db
def test_the_results_page_runs_the_same_queries_whatever_the_inventory_size(
    client, alice, organisation_a, django_assert_max_num_queries, django_assert_num_queries
):
    codes = ["accounting", "payroll", "grant_writing", "cargo_van", "it_support", "ticketing"]
    for code in codes:
        InventoryItemFactory(organisation=organisation_a, category=category(code))
    client.force_login(alice)
    client.get(results_url())  # warm the session and the caches
    results_cache.memory.clear()  # both counts below score the inventory

    with django_assert_max_num_queries(12) as few:
        client.get(results_url())
    for number, code in enumerate(codes * 3):
        # a precision each: the database holds one item per category, direction and precision
        InventoryItemFactory(
            organisation=organisation_a, category=category(code), label=f"n° {number}"
        )
    results_cache.memory.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(results_url())

    assert len(response.context["results"].items) == 24


@pytest.mark.django_db
def test_the_page_carries_a_wide_chart_and_a_compact_one_for_phones(client, alice, inventory_a):
    client.force_login(alice)

    content = client.get(results_url()).content.decode()

    assert 'id="potential-chart"' in content and "potential-chart-wide" in content
    assert 'id="potential-chart-compact"' in content and "potential-chart-compact" in content
