"""What another organisation's member sees of a partner: its categories, never its details."""

from decimal import Decimal

import pytest

from mutualiser.diagnostic.models import Category, Direction
from mutualiser.organisations.choices import Visibility
from tests.factories import InventoryItemFactory, OrganisationFactory

# Unique strings planted in every private field; none may reach another organisation's screen.
SECRETS = {
    "label": "LABEL-8f3a-secret",
    "notes": "NOTES-51c9-secret",
    "cost": "987654",
    "rate": "45678",
    # the decimals of the exact point, whatever the decimal mark of the language
    "latitude": "612345",
    "longitude": "712345",
}


@pytest.fixture
def partner_with_secrets(db):
    """B is listed in the directory; its items carry private details, its point is exact."""
    partner = OrganisationFactory(
        name="Danse Boréale",
        slug="danse-boreale",
        visibility=Visibility.DIRECTORY,
        municipality="Laval",
        region="13",
        latitude=45.612345,
        longitude=-73.712345,
    )
    InventoryItemFactory(
        organisation=partner,
        category=Category.objects.get(code="accounting"),
        direction=Direction.NEED,
        label=SECRETS["label"],
        notes=SECRETS["notes"],
        annual_cost=Decimal(SECRETS["cost"]),
        satisfaction=2,
    )
    InventoryItemFactory(
        organisation=partner,
        category=Category.objects.get(code="payroll"),
        direction=Direction.OFFER,
        label=SECRETS["label"] + "-offer",
        notes=SECRETS["notes"] + "-offer",
        rate=Decimal(SECRETS["rate"]),
        satisfaction=5,
    )
    return partner


@pytest.fixture
def hidden_organisations(db):
    """A private organisation and a workshop-only one, each with an item in the category."""
    hidden = []
    for name, visibility in (
        ("Compagnie Secrète", Visibility.PRIVATE),
        ("Atelier Partagé", Visibility.WORKSHOP),
    ):
        organisation = OrganisationFactory(name=name, visibility=visibility)
        InventoryItemFactory(
            organisation=organisation,
            category=Category.objects.get(code="accounting"),
            label=f"{name} LABEL-private",
        )
        hidden.append(organisation)
    return hidden


def pages_seen_by(client, partner) -> dict[str, str]:
    """Every directory page, fragment and map answer that can show the partner."""
    urls = {
        "directory": ("/fr/organisations/", {}),
        "directory, category filter": ("/fr/organisations/", {"category": "accounting"}),
        "directory, htmx": ("/fr/organisations/", {"q": "danse"}),
        "directory, english": ("/en/organisations/", {"direction": "need"}),
        "map": ("/fr/organisations/map.json", {}),
        "map, category filter": ("/fr/organisations/map.json", {"category": "accounting"}),
        "profile": (partner.get_absolute_url(), {}),
        "profile, english": ("/en/organisations/danse-boreale/", {}),
    }
    seen = {}
    for name, (url, params) in urls.items():
        headers = {"HX-Request": "true"} if "htmx" in name else {}
        response = client.get(url, params, headers=headers)
        assert response.status_code == 200, name
        seen[name] = response.content.decode()
    return seen


@pytest.mark.django_db
def test_another_member_sees_the_partners_categories_and_none_of_its_private_fields(
    client, alice, partner_with_secrets, hidden_organisations
):
    client.force_login(alice)

    seen = pages_seen_by(client, partner_with_secrets)

    assert "Comptabilité" in seen["profile"] and "Paie" in seen["profile"]
    assert "Danse Boréale" in seen["directory, category filter"]
    for page, content in seen.items():
        for field, secret in SECRETS.items():
            assert secret not in content, f"{field} leaked on {page}"
        assert "satisfaction" not in content.lower(), page
        for hidden in hidden_organisations:
            assert hidden.name not in content, f"{hidden.name} listed on {page}"
            assert "LABEL-private" not in content, page


@pytest.mark.django_db
def test_a_private_organisations_profile_is_404_for_another_organisation(
    client, alice, hidden_organisations
):
    client.force_login(alice)

    for hidden in hidden_organisations:
        assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_private_organisation_never_appears_in_the_directory_or_the_map(
    client, alice, hidden_organisations
):
    client.force_login(alice)

    for params in ({}, {"category": "accounting"}, {"direction": "need"}, {"distance": "250"}):
        page = client.get("/fr/organisations/", params).content.decode()
        points = client.get("/fr/organisations/map.json", params).json()["points"]

        names = {point["name"] for point in points}
        assert "Compagnie Secrète" not in page and "Atelier Partagé" not in page
        assert names <= {"Théâtre des Alizés"}


@pytest.mark.django_db
def test_members_see_their_own_private_organisation_with_its_categories(client, charlie):
    """Privacy is about others: one's own private profile shows everything it offers."""
    own = charlie.memberships.get().organisation
    InventoryItemFactory(organisation=own, category=Category.objects.get(code="payroll"))
    client.force_login(charlie)

    profile = client.get(own.get_absolute_url()).content.decode()
    directory = client.get("/fr/organisations/").content.decode()

    assert "Paie" in profile
    assert own.name in directory


@pytest.mark.django_db
def test_distances_are_measured_to_the_municipality_not_to_the_stored_point(client, alice):
    """Distances from several origins would give an exact point away: they never use it."""
    OrganisationFactory(
        name="Point exact",
        visibility=Visibility.DIRECTORY,
        municipality="Laval",
        region="13",
        latitude=45.75,  # stored by hand, 30 km north of Laval's point
        longitude=-73.69,
    )
    client.force_login(alice)

    content = client.get("/fr/organisations/").content.decode()

    assert "à 11\u00a0km" in content  # Montréal to Laval's point
    assert "à 27\u00a0km" not in content and "à 28\u00a0km" not in content
