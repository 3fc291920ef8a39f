"""Inventories through the API: the inventory form's rules, its services, its versions."""

from __future__ import annotations

import pytest

from mutualiser.diagnostic.models import InventoryItem

from .conftest import assert_error_shape, call


def url(organisation, item=None) -> str:
    base = f"/api/v1/organisations/{organisation.slug}/inventory"
    return base if item is None else f"{base}/{getattr(item, 'pk', item)}"


@pytest.mark.django_db
def test_a_member_reads_the_whole_item(client, alice_read, organisation_a, item_a):
    response = call(client, "GET", url(organisation_a), token=alice_read)

    assert response.status_code == 200
    answer = response.json()
    assert answer["count"] == 1
    item = answer["items"][0]
    assert item["category"] == "accounting"
    assert item["label"] == "Paie"
    assert item["notes"] == "notes de A"
    assert item["months"] == [20.0] * 12
    assert item["version"] == 1


@pytest.mark.django_db
def test_the_list_is_by_pages_and_filters(client, alice_read, organisation_a, accounting):
    from tests.factories import InventoryItemFactory

    for n in range(5):
        InventoryItemFactory(organisation=organisation_a, category=accounting, label=f"n{n}")
    InventoryItemFactory(organisation=organisation_a, category=accounting, direction="offer")

    page = call(client, "GET", url(organisation_a) + "?limit=2&offset=2", token=alice_read)
    offers = call(client, "GET", url(organisation_a) + "?direction=offer", token=alice_read)
    too_many = call(client, "GET", url(organisation_a) + "?limit=100000", token=alice_read)

    assert page.json()["count"] == 6 and len(page.json()["items"]) == 2
    assert [i["direction"] for i in offers.json()["items"]] == ["offer"]
    assert_error_shape(too_many, 422)


@pytest.mark.django_db
def test_adding_an_item_takes_its_categorys_defaults(client, bob_write, organisation_a, accounting):
    response = call(
        client,
        "POST",
        url(organisation_a),
        token=bob_write,
        body={
            "category": "accounting",
            "direction": "need",
            "months": [10, 10, 10, 10, 10, 10, 0, 0, 10, 10, 10, 10],
        },
    )

    assert response.status_code == 201, response.content
    item = InventoryItem.objects.get(pk=response.json()["id"])
    assert item.organisation == organisation_a
    assert item.months[0] == 10 and item.months[6] == 0
    assert item.confidentiality == accounting.confidentiality
    assert item.max_distance_km == 250  # the category's "low" need of proximity


@pytest.mark.django_db
def test_adding_refuses_what_the_inventory_form_refuses(
    client, alice_write, organisation_a, item_a
):
    response = call(
        client,
        "POST",
        url(organisation_a),
        token=alice_write,
        body={
            "category": "accounting",
            "direction": "need",
            "label": "paie",
            "rate": 12,
            "satisfaction": 9,
            "max_distance_km": 999999,
        },
    )

    answer = assert_error_shape(response, 422)
    messages = {e["field"]: e["message"] for e in answer["errors"]}
    assert "existe déjà" in messages["label"]
    assert "tarif" in messages["rate"]
    assert "satisfaction" in messages
    assert "max_distance_km" in messages
    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 1


@pytest.mark.django_db
def test_an_unknown_category_or_direction_is_named(client, alice_write, organisation_a, accounting):
    response = call(
        client,
        "POST",
        url(organisation_a),
        token=alice_write,
        body={"category": "nope", "direction": "sideways"},
    )

    answer = assert_error_shape(response, 422)
    assert {e["field"] for e in answer["errors"]} == {"category", "direction"}


@pytest.mark.django_db
def test_months_must_be_twelve_non_negative_numbers(
    client, alice_write, organisation_a, accounting
):
    short = call(
        client,
        "POST",
        url(organisation_a),
        token=alice_write,
        body={"category": "accounting", "direction": "need", "months": [1, 2]},
    )
    negative = call(
        client,
        "POST",
        url(organisation_a),
        token=alice_write,
        body={"category": "accounting", "direction": "need", "months": [-1] * 12},
    )

    assert assert_error_shape(short, 422)["errors"][0]["field"] == "months"
    assert assert_error_shape(negative, 422)["errors"][0]["field"].startswith("months")


@pytest.mark.django_db
def test_a_full_inventory_refuses_one_more(client, settings, alice_write, organisation_a, item_a):
    settings.INVENTORY_MAX_ITEMS = 1

    response = call(
        client,
        "POST",
        url(organisation_a),
        token=alice_write,
        body={"category": "accounting", "direction": "offer"},
    )

    answer = assert_error_shape(response, 422)
    assert "au plus" in answer["errors"][0]["message"]


@pytest.mark.django_db
def test_a_change_moves_the_version_on(client, alice_write, organisation_a, item_a):
    response = call(
        client,
        "PATCH",
        url(organisation_a, item_a),
        token=alice_write,
        body={"version": 1, "notes": "Nouvelle note", "annual_cost": 4800.5},
    )

    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    item_a.refresh_from_db()
    assert item_a.notes == "Nouvelle note"
    assert str(item_a.annual_cost) == "4800.50"
    assert item_a.label == "Paie" and item_a.months == [20.0] * 12


@pytest.mark.django_db
def test_a_change_started_on_an_old_version_is_409_and_writes_nothing(
    client, alice_write, bob_write, organisation_a, item_a
):
    first = call(
        client,
        "PATCH",
        url(organisation_a, item_a),
        token=bob_write,
        body={"version": 1, "notes": "Bob"},
    )
    second = call(
        client,
        "PATCH",
        url(organisation_a, item_a),
        token=alice_write,
        body={"version": 1, "notes": "Alice"},
    )

    assert first.status_code == 200
    answer = assert_error_shape(second, 409)
    assert answer["errors"][0]["field"] == "version"
    assert "2" in answer["errors"][0]["message"]
    item_a.refresh_from_db()
    assert item_a.notes == "Bob"


@pytest.mark.django_db
def test_a_change_needs_the_version(client, alice_write, organisation_a, item_a):
    response = call(
        client,
        "PATCH",
        url(organisation_a, item_a),
        token=alice_write,
        body={"notes": "Sans version"},
    )

    answer = assert_error_shape(response, 422)
    assert answer["errors"] == [{"field": "version", "message": "Ce champ est obligatoire."}]


@pytest.mark.django_db
def test_an_offer_turned_need_loses_its_rate(client, alice_write, organisation_a, accounting):
    from tests.factories import InventoryItemFactory

    offer = InventoryItemFactory(
        organisation=organisation_a, category=accounting, direction="offer", rate=30
    )

    response = call(
        client,
        "PATCH",
        url(organisation_a, offer),
        token=alice_write,
        body={"version": 1, "direction": "need", "rate": None},
    )

    assert response.status_code == 200, response.content
    offer.refresh_from_db()
    assert offer.direction == "need" and offer.rate is None


@pytest.mark.django_db
def test_deleting_an_item(client, bob_write, organisation_a, item_a):
    response = call(client, "DELETE", url(organisation_a, item_a), token=bob_write)

    assert response.status_code == 204
    assert not InventoryItem.objects.filter(pk=item_a.pk).exists()


@pytest.mark.django_db
def test_an_id_that_is_not_a_number_is_422_not_500(client, alice_write, organisation_a):
    response = call(client, "GET", url(organisation_a, "abc"), token=alice_write)

    answer = assert_error_shape(response, 422)
    assert answer["errors"][0]["field"] == "item_id"


@pytest.mark.django_db
def test_another_organisations_inventory_is_404_and_untouched(
    client, alice_write, organisation_b, item_b
):
    listing = call(client, "GET", url(organisation_b), token=alice_write)
    deleted = call(client, "DELETE", url(organisation_b, item_b), token=alice_write)

    assert_error_shape(listing, 404)
    assert_error_shape(deleted, 404)
    assert InventoryItem.objects.filter(pk=item_b.pk).exists()
    assert b"ZQX" not in listing.content + deleted.content
