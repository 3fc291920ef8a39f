"""Editing an item in place: HTMX row partials, the full-page fallback, presets, errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role
from tests.diagnostic.item_form import form_data

from ..factories import InventoryItemFactory, MembershipFactory, UserFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def item(organisation_a):
    return InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="payroll"),
        months=[10] * 12,
        max_distance_km=250,
        confidentiality="high",
    )


def url(item):
    return f"/fr/diagnostic/inventory/{item.pk}/edit/"


@pytest.mark.django_db
def test_clicking_modifier_with_htmx_returns_the_row_form_only(client, alice, item):
    client.force_login(alice)

    response = client.get(url(item), headers=HTMX)

    page = response.content.decode()
    assert "<html" not in page
    assert f'id="item-{item.pk}"' in page
    assert 'name="month_12"' in page


@pytest.mark.django_db
def test_without_javascript_the_edit_form_is_a_full_page(client, alice, item):
    client.force_login(alice)

    response = client.get(url(item))

    assert "<html" in response.content.decode()
    assert 'name="month_1"' in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_save_returns_the_updated_row(client, alice, item):
    client.force_login(alice)

    response = client.post(
        url(item),
        form_data(
            item,
            how_done="freelance",
            annual_cost="4 800,50",
            satisfaction="2",
            notes="Contrat à revoir",
            month_7="0",
            month_8="0",
        ),
        headers=HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Par un pigiste ou un fournisseur" in page
    assert 'name="month_1"' not in page
    item.refresh_from_db()
    assert item.annual_cost == Decimal("4800.50")
    assert item.satisfaction == 2
    assert item.months == [10] * 6 + [0, 0] + [10] * 4
    assert item.notes == "Contrat à revoir"


@pytest.mark.django_db
def test_a_plain_save_redirects_to_the_row(client, bob, item):
    client.force_login(bob)

    response = client.post(url(item), form_data(item, label="Paie des techniciens"))

    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert item.label == "Paie des techniciens"


@pytest.mark.django_db
def test_errors_are_shown_in_the_row_and_nothing_is_saved(client, alice, item):
    client.force_login(alice)

    response = client.post(
        url(item),
        form_data(item, month_3="douze", max_distance_km="-4", rate="40"),
        headers=HTMX,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Un nombre, svp." in page
    assert "Un tarif ne s&#x27;applique qu&#x27;à une capacité à partager" in page
    item.refresh_from_db()
    assert item.months == [10] * 12
    assert item.max_distance_km == 250


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preset", "peaks", "expected"),
    [
        ("year", [], [15.0] * 12),
        ("season", [], [15.0] * 5 + [0.0] * 3 + [15.0] * 4),
        ("summer", [], [0.0] * 5 + [15.0] * 3 + [0.0] * 4),
        ("peaks", [3, 11], [0, 0, 15.0, 0, 0, 0, 0, 0, 0, 0, 15.0, 0]),
    ],
)
def test_a_preset_fills_the_twelve_months_on_save(client, alice, item, preset, peaks, expected):
    client.force_login(alice)

    client.post(
        url(item),
        form_data(item, preset=preset, preset_quantity="15", preset_peaks=peaks),
        headers=HTMX,
    )

    item.refresh_from_db()
    assert item.months == expected


@pytest.mark.django_db
def test_apply_shows_the_preset_in_the_months_without_saving(client, alice, item):
    client.force_login(alice)

    response = client.post(
        url(item),
        form_data(item, preset="summer", preset_quantity="7,5", apply_preset="1"),
        headers=HTMX,
    )

    page = response.content.decode()
    assert 'name="month_7" value="7,5"' in page
    assert 'name="month_1" value="0"' in page
    item.refresh_from_db()
    assert item.months == [10] * 12


@pytest.mark.django_db
def test_a_preset_without_quantity_is_an_error(client, alice, item):
    client.force_login(alice)

    response = client.post(url(item), form_data(item, preset="year"), headers=HTMX)

    assert "Indiquez la quantité par mois." in response.content.decode()


@pytest.mark.django_db
def test_an_offer_keeps_its_rate(client, alice, item):
    client.force_login(alice)

    client.post(url(item), form_data(item, direction="offer", rate="45,50"), headers=HTMX)

    item.refresh_from_db()
    assert (item.direction, item.rate) == ("offer", Decimal("45.50"))


@pytest.mark.django_db
def test_the_same_category_direction_and_precision_twice_is_refused(
    client, alice, item, organisation_a
):
    other = InventoryItemFactory(
        organisation=organisation_a,
        category=Category.objects.get(code="payroll"),
        label="Paie des artistes",
    )
    client.force_login(alice)

    response = client.post(url(other), form_data(other, label=""), headers=HTMX)

    assert "Cet élément existe déjà" in response.content.decode()
    other.refresh_from_db()
    assert other.label == "Paie des artistes"


@pytest.mark.django_db
def test_cancel_returns_the_row(client, alice, item):
    client.force_login(alice)

    response = client.get(f"/fr/diagnostic/inventory/{item.pk}/", headers=HTMX)

    assert "<html" not in response.content.decode()
    assert "Modifier" in response.content.decode()


@pytest.mark.django_db
def test_a_viewer_gets_403_and_changes_nothing(client, organisation_a, item):
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation_a, role=Role.VIEWER)
    client.force_login(viewer)

    get = client.get(url(item))
    post = client.post(url(item), form_data(item, label="pirate"))

    assert (get.status_code, post.status_code) == (403, 403)
    item.refresh_from_db()
    assert item.label == ""


@pytest.mark.django_db
def test_charlie_gets_404_on_an_item_of_a_by_its_id(client, charlie, item):
    client.force_login(charlie)

    responses = [
        client.get(url(item)),
        client.post(url(item), form_data(item, label="pirate")),
        client.get(f"/fr/diagnostic/inventory/{item.pk}/", headers=HTMX),
        client.get(f"/fr/diagnostic/inventory/{item.pk + 1000}/edit/"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    item.refresh_from_db()
    assert item.label == ""


@pytest.mark.django_db
def test_charlie_cannot_move_his_item_into_a_category_that_does_not_exist(
    client, charlie, organisation_b
):
    theirs = InventoryItemFactory(
        organisation=organisation_b, category=Category.objects.get(code="audit")
    )
    client.force_login(charlie)

    response = client.post(url(theirs), form_data(theirs, category="999999"), headers=HTMX)

    assert "999999" in response.content.decode() or "Sélectionnez" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.category.code == "audit"
