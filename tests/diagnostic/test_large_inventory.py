"""Large inventories (issue 8): at the per-organisation limit the inventory and results pages
stay a screenful at a time (pages), with the same queries as for a small inventory, and the
PDF report details the first items and lists the others on one line each."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mutualiser.diagnostic import results_cache
from mutualiser.diagnostic.models import Category, Direction, InventoryItem
from mutualiser.diagnostic.report import REPORT_DETAILED, report_context
from mutualiser.diagnostic.scoring import diagnostic_results
from mutualiser.diagnostic.selectors import INVENTORY_PER_PAGE
from mutualiser.diagnostic.views_results import RESULTS_PER_PAGE

INVENTORY = "/fr/diagnostic/inventory/"
RESULTS = "/fr/diagnostic/"
HTMX = {"HX-Request": "true"}


def fill(organisation, count: int, start: int = 0) -> None:
    """`count` items with quantities, spread over the categories and both directions."""
    categories = list(Category.objects.order_by("pk"))
    InventoryItem.objects.bulk_create(
        InventoryItem(
            organisation=organisation,
            category=categories[n % len(categories)],
            direction=[Direction.NEED, Direction.OFFER][(n // len(categories)) % 2],
            label=f"Élément {n}",
            months=[float((n + month) % 9) for month in range(12)],
            annual_cost=1000 + n,
        )
        for n in range(start, start + count)
    )


@pytest.mark.django_db
def test_the_inventory_page_makes_the_same_queries_for_3_or_500_items(
    client, alice, organisation_a, settings, django_assert_num_queries
):
    fill(organisation_a, 3)
    client.force_login(alice)
    client.get(INVENTORY)  # warm the session
    # 9: 8 (the memberships read once for the page and the header), and the header's
    # notification counter (contacts)
    with django_assert_num_queries(9) as few:
        client.get(INVENTORY)
    fill(organisation_a, settings.INVENTORY_MAX_ITEMS - 3, start=3)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(INVENTORY)

    page = response.content.decode()
    assert page.count('class="inv-item') == INVENTORY_PER_PAGE
    assert len(response.content) < 1_000_000
    assert "Éléments 1 à 40 sur 500" in page
    assert "Page 1 sur 13" in page


def _query_count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_the_results_page_makes_the_same_queries_for_3_or_500_items(
    client, alice, organisation_a, settings
):
    fill(organisation_a, 3)
    client.force_login(alice)
    client.get(RESULTS)  # warm the session
    results_cache.memory.clear()
    small = (_query_count(client, RESULTS), _query_count(client, RESULTS))
    fill(organisation_a, settings.INVENTORY_MAX_ITEMS - 3, start=3)

    large = (_query_count(client, RESULTS), _query_count(client, RESULTS))
    response = client.get(RESULTS)

    # scored when the inventory changed, then read from the kept results: one query fewer
    # (each with the header's notification counter, contacts)
    assert small == large == (9, 8)
    page = response.content.decode()
    assert page.count('class="result-card band-') == RESULTS_PER_PAGE
    assert len(response.content) < 1_000_000
    assert "500 éléments affichés" in page
    assert "rangs 1 à 20 sur 500" in page


@pytest.mark.django_db
def test_every_item_is_on_one_page_of_the_inventory(client, alice, organisation_a):
    fill(organisation_a, 100)
    client.force_login(alice)

    pages = [client.get(INVENTORY, {"page": n}).content.decode() for n in (1, 2, 3)]

    shown = [
        int(pk)
        for page in pages
        for pk in re.findall(r'<article class="inv-item" id="item-(\d+)"', page)
    ]
    assert sorted(shown) == sorted(InventoryItem.objects.values_list("pk", flat=True))
    assert client.get(INVENTORY, {"page": "zzz"}).status_code == 200
    assert client.get(INVENTORY, {"page": "999"}).status_code == 200


@pytest.mark.django_db
def test_after_an_edit_the_page_opens_where_the_item_is(client, alice, organisation_a):
    from .item_form import form_data

    fill(organisation_a, 100)
    client.force_login(alice)
    ordered = list(
        InventoryItem.objects.filter(organisation=organisation_a).order_by(
            "category__family__order", "category__order", "direction", "label", "id"
        )
    )
    item = ordered[85]  # the third page

    response = client.post(f"/fr/diagnostic/inventory/{item.pk}/edit/", form_data(item, notes="x"))

    assert response["Location"] == f"{INVENTORY}?page=3#item-{item.pk}"
    assert f'id="item-{item.pk}"' in client.get(INVENTORY, {"page": 3}).content.decode()


@pytest.mark.django_db
def test_the_results_pages_cover_the_whole_ranking_and_keep_the_filter(
    client, alice, organisation_a
):
    fill(organisation_a, 60)
    client.force_login(alice)

    first = client.get(RESULTS, {"direction": "need"}).content.decode()
    second = client.get(RESULTS, {"direction": "need", "page": 2}).content.decode()

    needs = InventoryItem.objects.filter(organisation=organisation_a, direction="need").count()
    ranks = [
        int(r)
        for page in (first, second)
        for r in re.findall(r'<span class="rank"[^>]*>(\d+)</span>', page)
    ]
    assert len(ranks) == min(needs, 2 * RESULTS_PER_PAGE)
    assert "?direction=need&amp;page=2" in first


@pytest.mark.django_db
def test_the_report_details_the_first_items_and_lists_the_others(organisation_a):
    fill(organisation_a, 80)
    results = diagnostic_results(organisation=organisation_a, lang="fr")

    context = report_context(organisation=organisation_a, results=results, date=None, lang="fr")

    assert len(context["detailed"]) == REPORT_DETAILED
    assert [s.rank for s in context["others"]] == list(range(REPORT_DETAILED + 1, 81))
    assert sum(len(items) for items in context["steps"].values()) == REPORT_DETAILED
