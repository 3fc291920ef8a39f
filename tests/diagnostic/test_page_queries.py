"""The item's edit form (bench/bench_members.py) reads a fixed number of queries, however
large the inventory. The inventory and results pages have theirs in test_large_inventory.py."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutualiser.diagnostic.models import Category
from tests.factories import InventoryItemFactory

# session, user, memberships (the item's access and the header), the item, the families and
# categories of the category field, the header's notifications
EDIT_QUERIES = 7


@pytest.mark.django_db
def test_the_edit_form_reads_the_same_few_queries_for_1_or_20_items(
    client, alice, organisation_a, page_queries
):
    categories = list(Category.objects.all()[:20])
    item = InventoryItemFactory(organisation=organisation_a, category=categories[0])
    url = reverse("diagnostic:inventory-edit", args=[item.pk])
    client.force_login(alice)
    alone = page_queries(client, url, EDIT_QUERIES)

    for category in categories[1:]:
        InventoryItemFactory(organisation=organisation_a, category=category)

    assert page_queries(client, url, EDIT_QUERIES) == alone


@pytest.mark.django_db
def test_charlie_cannot_open_the_edit_form_of_an_item_of_a(client, alice, charlie, organisation_a):
    item = InventoryItemFactory(
        organisation=organisation_a, category=Category.objects.order_by("pk").first()
    )
    client.force_login(charlie)

    response = client.get(reverse("diagnostic:inventory-edit", args=[item.pk]))

    assert response.status_code == 404
