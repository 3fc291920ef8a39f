"""Concurrent edits (issue 8): an edit started on an older version of an item is refused,
says what changed meanwhile, and writes nothing; of many edits at once, one per version wins."""

from __future__ import annotations

import re
import threading
from html import unescape

import pytest
from django.db import connections
from django.test import Client

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.diagnostic.services import StaleEdit, inventory_item_update, taxonomy_load

from ..factories import InventoryItemFactory, MembershipFactory, OrganisationFactory, UserFactory
from .item_form import form_data

HTMX = {"HX-Request": "true"}
STALE = "Quelqu'un a modifié cet élément pendant que vous le modifiiez ; rien n'a été enregistré."


@pytest.fixture
def item(organisation_a):
    return InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="payroll"),
        months=[10] * 12,
        notes="Début",
    )


def url(item):
    return f"/fr/diagnostic/inventory/{item.pk}/edit/"


def opened_form(client, item) -> dict[str, object]:
    """What the member's browser holds after opening the edit form: the hidden fields too."""
    page = client.get(url(item), headers=HTMX).content.decode()
    hidden = dict(
        re.findall(r'<input type="hidden" name="(version|started)" value="([^"]*)"', page)
    )
    return {**form_data(item), **hidden}


@pytest.mark.django_db
def test_the_edit_form_carries_the_version(client, alice, item):
    client.force_login(alice)

    assert opened_form(client, item)["version"] == "1"


@pytest.mark.django_db
def test_each_save_moves_the_version_on(client, alice, item):
    client.force_login(alice)

    client.post(url(item), {**opened_form(client, item), "notes": "Un"}, headers=HTMX)
    client.post(url(item), {**opened_form(client, item), "notes": "Deux"}, headers=HTMX)

    item.refresh_from_db()
    assert (item.version, item.notes) == (3, "Deux")


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_shows_what_changed(client, alice, bob, item):
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice)
    bob_client.force_login(bob)
    alices = opened_form(alice_client, item)
    bob_client.post(
        url(item),
        {**opened_form(bob_client, item), "notes": "Écrit par Bob", "annual_cost": "1200"},
        headers=HTMX,
    )

    response = alice_client.post(url(item), {**alices, "notes": "Écrit par Alice"}, headers=HTMX)

    page = unescape(response.content.decode())
    item.refresh_from_db()
    assert (item.notes, item.annual_cost, item.version) == ("Écrit par Bob", 1200, 2)
    assert STALE in page
    assert "Notes : Écrit par Bob" in page
    assert "Coût annuel ($) : 1\xa0200,00\xa0$" in page
    assert "Satisfaction" not in page.split('id="stale-edit"')[1].split("</div>")[0]
    assert 'value="Écrit par Alice"' not in page  # a textarea: the entry is its content
    assert "Écrit par Alice</textarea>" in page
    assert 'name="version" value="2"' in page


@pytest.mark.django_db
def test_after_the_refusal_saving_again_replaces_the_values_knowingly(client, alice, bob, item):
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice)
    bob_client.force_login(bob)
    alices = {**opened_form(alice_client, item), "notes": "Écrit par Alice"}
    bob_client.post(url(item), {**opened_form(bob_client, item), "notes": "Bob"}, headers=HTMX)
    refused = alice_client.post(url(item), alices, headers=HTMX).content.decode()
    hidden = dict(
        re.findall(r'<input type="hidden" name="(version|started)" value="([^"]*)"', refused)
    )

    saved = alice_client.post(url(item), {**alices, **hidden}, headers=HTMX)

    item.refresh_from_db()
    assert saved.status_code == 200
    assert STALE not in unescape(saved.content.decode())
    assert (item.notes, item.version) == ("Écrit par Alice", 3)


@pytest.mark.django_db
def test_a_stale_edit_without_javascript_is_refused_too(client, alice, item):
    client.force_login(alice)
    data = {**opened_form(client, item), "notes": "Ancien onglet"}
    inventory_item_update(item=item, data={"notes": "Autre onglet"}, version=1)

    response = client.post(url(item), data)

    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "<html" in page
    assert STALE in page
    assert InventoryItem.objects.get(pk=item.pk).notes == "Autre onglet"


@pytest.mark.django_db
def test_a_stale_edit_in_english_says_so_in_english(client, alice, bob, item):
    client.force_login(alice)
    data = {**opened_form(client, item), "notes": "Old tab"}
    inventory_item_update(item=item, data={"label": "Artistes"}, version=1)

    page = unescape(
        client.post(
            f"/en/diagnostic/inventory/{item.pk}/edit/", data, headers=HTMX
        ).content.decode()
    )

    assert "Someone changed this item while you were editing it; nothing was saved." in page
    assert "Artistes" in page


@pytest.mark.django_db
def test_the_service_refuses_an_old_version_and_writes_nothing(item):
    inventory_item_update(item=item, data={"notes": "Premier"}, version=1)

    with pytest.raises(StaleEdit) as refused:
        inventory_item_update(
            item=InventoryItem.objects.get(pk=item.pk), data={"notes": "X"}, version=1
        )

    assert refused.value.current.notes == "Premier"
    assert InventoryItem.objects.get(pk=item.pk).version == 2


@pytest.mark.django_db
def test_an_import_moves_the_version_on(client, alice, item):
    from mutualiser.diagnostic.services import inventory_import

    header = "categorie;sens;precision;jan;fev;mar;avr;mai;juin;juil;aou;sep;oct;nov;dec"
    row = "payroll;besoin;;2;2;2;2;2;2;2;2;2;2;2;2"
    inventory_import(
        organisation=item.organisation, name="i.csv", data=f"{header}\r\n{row}\r\n".encode()
    )

    assert InventoryItem.objects.get(pk=item.pk).version == 2


@pytest.mark.django_db
def test_charlie_gets_404_when_editing_an_item_of_a(client, charlie, item):
    client.force_login(charlie)

    assert client.post(url(item), {**form_data(item), "version": 1}).status_code == 404
    assert InventoryItem.objects.get(pk=item.pk).version == 1


EDITORS = 13


@pytest.mark.django_db(transaction=True)
def test_thirteen_concurrent_edits_one_wins_per_version_and_none_is_lost_silently():
    taxonomy_load()  # an earlier transactional test may have emptied the tables
    organisation = OrganisationFactory()
    item = InventoryItemFactory(
        organisation=organisation, category=Category.objects.get(code="payroll"), months=[1] * 12
    )
    clients = []
    for index in range(EDITORS):
        user = UserFactory(email=f"editeur{index}@example.org")
        MembershipFactory(user=user, organisation=organisation)
        client = Client()
        client.force_login(user)
        clients.append(client)

    waiting = set(range(EDITORS))  # the editors whose note is not written yet
    written: list[int] = []
    rounds = 0
    while waiting:
        rounds += 1
        version = InventoryItem.objects.get(pk=item.pk).version
        base = {**form_data(InventoryItem.objects.get(pk=item.pk)), "version": version}
        outcome: dict[int, str] = {}
        barrier = threading.Barrier(len(waiting))

        def edit(index: int, base=base, outcome=outcome, barrier=barrier, rounds=rounds) -> None:
            # The first round through the page (all 13 at once), the next ones (12, 11 …)
            # through the service the page calls, to keep the test short.
            try:
                if rounds > 1:
                    mine = InventoryItem.objects.get(pk=item.pk)
                barrier.wait()
                if rounds > 1:
                    try:
                        inventory_item_update(
                            item=mine, data={"notes": f"note {index}"}, version=base["version"]
                        )
                    except StaleEdit:
                        outcome[index] = "refused"
                    else:
                        outcome[index] = "saved"
                    return
                response = clients[index].post(
                    url(item), {**base, "notes": f"note {index}"}, headers=HTMX
                )
                page = unescape(response.content.decode())
                if response.status_code != 200:
                    outcome[index] = f"status {response.status_code}"
                elif STALE in page:
                    outcome[index] = "refused"
                else:
                    outcome[index] = "saved"
            except BaseException as error:  # noqa: BLE001 - recorded, asserted below
                outcome[index] = repr(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=edit, args=(index,)) for index in sorted(waiting)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        saved = [index for index, result in outcome.items() if result == "saved"]
        assert sorted(outcome) == sorted(waiting)
        assert set(outcome.values()) <= {"saved", "refused"}, outcome
        assert len(saved) == 1, outcome
        current = InventoryItem.objects.get(pk=item.pk)
        assert (current.version, current.notes) == (version + 1, f"note {saved[0]}")
        written.extend(saved)
        waiting -= set(saved)

    assert rounds == EDITORS
    assert sorted(written) == list(range(EDITORS))
    assert InventoryItem.objects.get(pk=item.pk).version == EDITORS + 1
