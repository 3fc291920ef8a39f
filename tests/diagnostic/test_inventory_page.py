"""The inventory page: grouped items, empty states, read-only viewers, no N+1."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, UserFactory

URL = "/fr/diagnostic/inventory/"


@pytest.fixture
def victor(organisation_a):
    """A viewer of organisation A: reads, never writes."""
    user = UserFactory(email="victor@example.org", full_name="Victor Viewer")
    MembershipFactory(user=user, organisation=organisation_a, role=Role.VIEWER)
    return user


def add(organisation, code, **values):
    return InventoryItemFactory(
        organisation=organisation, category=Category.objects.get(code=code), **values
    )


def test_the_address_is_the_contract():
    with translation.override("fr"):
        _assert_addresses()


def _assert_addresses():
    assert reverse("diagnostic:inventory") == URL
    assert reverse("diagnostic:export-csv") == "/fr/diagnostic/export.csv"
    assert reverse("diagnostic:export-xlsx") == "/fr/diagnostic/export.xlsx"
    assert reverse("diagnostic:import") == "/fr/diagnostic/import/"
    assert reverse("diagnostic:template-xlsx") == "/fr/diagnostic/template.xlsx"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_a_member_without_organisation_is_pointed_to_creating_one(client):
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 200
    assert "/fr/organisations/new/" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_inventory_explains_the_three_directions(client, alice):
    client.force_login(alice)

    response = client.get(URL)

    page = response.content.decode()
    assert "Votre inventaire est vide" in page
    assert "Capacité à partager" in page and "Fait à l'interne" in page
    assert 'id="checklist"' in page


@pytest.mark.django_db
def test_an_empty_inventory_explains_first_then_searches_then_folds_the_list(client, alice):
    client.force_login(alice)

    page = client.get(URL).content.decode()

    explanation = page.index('id="empty-title"')
    search = page.index('id="id_q"')
    checklist = page.index('id="checklist"')
    assert explanation < search < checklist
    assert '<details id="checklist" class="inv-checklist">' in page  # folded
    assert page.count("Choisir dans la liste") == 1  # one action to open the list


@pytest.mark.django_db
def test_asking_for_the_list_opens_it(client, alice):
    client.force_login(alice)

    page = client.get(URL, {"add": "1"}).content.decode()

    assert '<details id="checklist" class="inv-checklist" open>' in page


@pytest.mark.django_db
def test_items_are_shown_grouped_by_family(client, alice, organisation_a):
    add(organisation_a, "payroll", label="Paie des artistes", annual_cost=4800)
    add(organisation_a, "cargo_van", direction="offer")
    client.force_login(alice)

    response = client.get(URL)

    page = response.content.decode()
    assert "Administration et finances" in page and "Équipements" in page
    assert "Paie des artistes" in page
    assert "4\u00a0800\u00a0$ par année" in page
    assert page.index("Administration et finances") < page.index("Équipements")


@pytest.mark.django_db
def test_the_page_is_in_english_under_en(client, alice, organisation_a):
    add(organisation_a, "payroll")
    client.force_login(alice)

    response = client.get("/en/diagnostic/inventory/")

    page = response.content.decode()
    assert "Payroll" in page
    assert "Administration &amp; finance" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "label"),
    [
        ("/fr", "Quantités par mois : jan. 0, fév. 10, mars 20,5, avr. 40, mai 40"),
        ("/en", "Quantities per month : Jan. 0, Feb. 10, March 20.5, April 40, May 40"),
    ],
)
def test_each_row_draws_its_twelve_months_named_for_screen_readers(
    client, alice, organisation_a, prefix, label
):
    add(organisation_a, "payroll", months=[0, 10, 20.5, 40, 40, 0, 0, 0, 0, 0, 0, 0])
    client.force_login(alice)

    page = client.get(f"{prefix}/diagnostic/inventory/").content.decode()

    chart = page[page.index('<div class="inv-bars"') :]
    chart = chart[: chart.index("</div>")]
    assert f'aria-label="{label}, ' in chart
    assert chart.count('class="inv-bar"') == 12
    heights = [part.split('"')[0] for part in chart.split('class="pct-h ')[1:]]
    assert heights[:5] == ["pct-0", "pct-25", "pct-51", "pct-100", "pct-100"]


@pytest.mark.django_db
def test_a_viewer_sees_the_items_but_no_edit_buttons(client, victor, organisation_a):
    item = add(organisation_a, "payroll")
    client.force_login(victor)

    response = client.get(URL)

    page = response.content.decode()
    assert "Paie" in page
    assert f"/fr/diagnostic/inventory/{item.pk}/edit/" not in page
    assert 'id="checklist"' not in page
    assert "lecture seule" in page


@pytest.mark.django_db
def test_charlie_never_sees_the_items_of_organisation_a(client, charlie, organisation_a):
    add(organisation_a, "payroll", label="Secret de A")
    client.force_login(charlie)

    response = client.get(URL)

    assert "Secret de A" not in response.content.decode()


@pytest.mark.django_db
def test_the_page_makes_the_same_number_of_queries_for_3_or_30_items(
    client, alice, organisation_a, django_assert_num_queries
):
    codes = list(Category.objects.values_list("code", flat=True)[:30])
    for code in codes[:3]:
        add(organisation_a, code)
    client.force_login(alice)
    client.get(URL)  # warm the session
    # 9: 8 (the memberships read once for the page and the header), and the header's
    # notification counter (contacts)
    with django_assert_num_queries(9) as few:
        client.get(URL)
    for code in codes[3:]:
        add(organisation_a, code)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    assert response.content.decode().count('class="inv-item') == 30
