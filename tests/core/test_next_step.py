"""The home page's next step leads somewhere that exists."""

from __future__ import annotations

import re

import pytest

from mutualiser.words.journey import JOURNEY

from ..factories import InventoryItemFactory


@pytest.mark.django_db
def test_member_with_an_empty_inventory_is_sent_straight_to_the_inventory(client, alice):
    client.force_login(alice)

    page = client.get("/fr/").content.decode()

    assert "inventaire de Théâtre des Alizés" in page
    assert 'href="/fr/diagnostic/inventory/"' in page


@pytest.mark.django_db
def test_member_with_an_inventory_is_sent_to_a_page_that_exists(client, alice, organisation_a):
    InventoryItemFactory(organisation=organisation_a)
    client.force_login(alice)

    page = client.get("/en/").content.decode()

    next_url = re.search(r'<article class="next-step">.*?href="([^"]+)"', page, re.S).group(1)
    assert client.get(next_url).status_code == 200
    if not JOURNEY[2].url:
        assert "Read the diagnostic of Théâtre des Alizés" in page
        assert next_url == "/en/diagnostic/"


@pytest.mark.django_db
def test_charlie_never_sees_another_organisation_in_his_next_step(client, alice, charlie):
    client.force_login(charlie)

    page = client.get("/fr/").content.decode()

    assert "Danse Boréale" in page
    assert "Théâtre des Alizés" not in page
