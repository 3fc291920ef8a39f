"""Deleting an item asks first, and can be undone for a few minutes."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, UserFactory

HTMX = {"HX-Request": "true"}
RESTORE = "/fr/diagnostic/inventory/restore/"


@pytest.fixture
def item(organisation_a):
    return InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="payroll"),
        label="Paie des artistes",
        months=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        annual_cost="4800.00",
        notes="à garder",
    )


def url(item):
    return f"/fr/diagnostic/inventory/{item.pk}/delete/"


@pytest.mark.django_db
def test_delete_asks_for_confirmation_first(client, alice, item):
    client.force_login(alice)

    htmx = client.get(url(item), headers=HTMX)
    plain = client.get(url(item))

    assert "Supprimer « Paie » de l'inventaire ?" in htmx.content.decode()
    assert "<html" not in htmx.content.decode()
    assert "<html" in plain.content.decode()
    assert InventoryItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_an_htmx_delete_replaces_the_row_with_an_undo(client, alice, item):
    client.force_login(alice)

    response = client.post(url(item), headers=HTMX)

    page = response.content.decode()
    assert "<html" not in page
    assert "Annuler la suppression" in page
    assert not InventoryItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_undo_brings_the_item_back_whole(client, alice, item):
    client.force_login(alice)
    client.post(url(item))

    response = client.post(RESTORE, {"item": item.pk}, headers=HTMX)

    restored = InventoryItem.objects.get(pk=item.pk)
    assert restored.label == "Paie des artistes"
    assert restored.months == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert str(restored.annual_cost) == "4800.00"
    assert restored.notes == "à garder"
    assert "Paie des artistes" in response.content.decode()


@pytest.mark.django_db
def test_without_javascript_the_page_offers_the_undo(client, alice, item):
    client.force_login(alice)

    response = client.post(url(item), follow=True)

    page = response.content.decode()
    assert "« Paie des artistes » est supprimé." in page
    assert "Annuler la suppression" in page


@pytest.mark.django_db
def test_an_old_delete_can_no_longer_be_undone(client, alice, item):
    client.force_login(alice)
    client.post(url(item))
    session = client.session
    entries = session["inventory_undo"]
    entries[0]["deleted_at"] = (timezone.now() - timedelta(hours=1)).isoformat()
    session["inventory_undo"] = entries
    session.save()

    page = client.get("/fr/diagnostic/inventory/").content.decode()
    response = client.post(RESTORE, {"item": item.pk}, follow=True)

    assert "Annuler la suppression" not in page
    assert "ne peut plus être annulée" in response.content.decode()
    assert not InventoryItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_undo_of_an_unknown_item_is_404(client, alice):
    client.force_login(alice)

    assert client.post(RESTORE, {"item": 12345}).status_code == 404
    assert client.post(RESTORE, {"item": "abc"}).status_code == 404


@pytest.mark.django_db
def test_a_viewer_cannot_delete(client, organisation_a, item):
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation_a, role=Role.VIEWER)
    client.force_login(viewer)

    assert client.get(url(item)).status_code == 403
    assert client.post(url(item)).status_code == 403
    assert InventoryItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_charlie_gets_404_when_deleting_an_item_of_a(client, charlie, item):
    client.force_login(charlie)

    assert client.get(url(item)).status_code == 404
    assert client.post(url(item)).status_code == 404
    assert InventoryItem.objects.filter(pk=item.pk).exists()


@pytest.fixture
def alice_in_b(alice, organisation_b):
    MembershipFactory(user=alice, organisation=organisation_b, role=Role.EDITOR)
    return alice


@pytest.mark.django_db
def test_a_restore_refused_in_another_organisation_keeps_the_undo(
    client, alice_in_b, organisation_a, organisation_b, item
):
    client.force_login(alice_in_b)
    client.post("/fr/organisations/switch/", {"organisation": organisation_a.slug, "next": "/"})
    client.post(url(item))
    client.post("/fr/organisations/switch/", {"organisation": organisation_b.slug, "next": "/"})

    refused = unescape(client.post(RESTORE, {"item": item.pk}, follow=True).content.decode())

    assert not InventoryItem.objects.filter(pk=item.pk).exists()
    assert "« Paie des artistes » a été supprimé dans l'inventaire de « Théâtre des Alizés »" in (
        refused
    )
    assert "Passez à cet organisme" in refused
    assert len(client.session["inventory_undo"]) == 1

    client.post("/fr/organisations/switch/", {"organisation": organisation_a.slug, "next": "/"})
    page = client.get("/fr/diagnostic/inventory/").content.decode()
    restored = client.post(RESTORE, {"item": item.pk}, follow=True).content.decode()

    assert "Annuler la suppression" in page
    assert "« Paie des artistes » est rétabli." in restored
    assert InventoryItem.objects.get(pk=item.pk).notes == "à garder"
    assert client.session["inventory_undo"] == []


@pytest.mark.django_db
def test_a_restore_refused_for_a_full_inventory_keeps_the_undo(client, alice, item, settings):
    client.force_login(alice)
    client.post(url(item))
    InventoryItemFactory(
        organisation=item.organisation, category=Category.objects.get(code="accounting")
    )
    settings.INVENTORY_MAX_ITEMS = 1

    refused = client.post(RESTORE, {"item": item.pk}, follow=True).content.decode()

    assert "il en permet 1 au plus" in refused
    assert len(client.session["inventory_undo"]) == 1
    assert not InventoryItem.objects.filter(pk=item.pk).exists()
