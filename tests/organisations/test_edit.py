"""Editing an organisation's profile."""

import pytest

from mutualiser.organisations.choices import Role
from mutualiser.places.loader import find_municipality
from tests.factories import MembershipFactory, UserFactory

URL = "/fr/organisations/theatre-des-alizes/edit/"


def form_data(organisation, **overrides) -> dict:
    data = {
        "name": organisation.name,
        "legal_kind": organisation.legal_kind,
        "disciplines": organisation.disciplines,
        "region": organisation.region,
        "municipality": organisation.municipality,
        "budget_band": "",
        "staff_fte": "",
        "visibility": organisation.visibility,
        "description": "",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_owner_sees_the_form_filled_in(client, alice, organisation_a):
    client.force_login(alice)

    response = client.get(URL)

    assert response.status_code == 200
    assert 'value="Théâtre des Alizés"' in response.content.decode()


@pytest.mark.django_db
def test_editor_saves_the_profile_and_coordinates_follow(client, bob, organisation_a):
    client.force_login(bob)

    response = client.post(
        URL,
        form_data(organisation_a, region="05", municipality="Sherbrooke", description="Salle"),
    )

    assert response.status_code == 302
    organisation_a.refresh_from_db()
    sherbrooke = find_municipality("Sherbrooke", "05")
    assert organisation_a.region == "05"
    assert organisation_a.municipality == "Sherbrooke"
    assert organisation_a.latitude == sherbrooke.lat
    assert organisation_a.description == "Salle"


@pytest.mark.django_db
def test_renaming_keeps_the_address(client, alice, organisation_a):
    client.force_login(alice)

    client.post(URL, form_data(organisation_a, name="Théâtre Nouveau"))

    organisation_a.refresh_from_db()
    assert organisation_a.name == "Théâtre Nouveau"
    assert organisation_a.slug == "theatre-des-alizes"


@pytest.mark.django_db
def test_viewer_cannot_edit(client, organisation_a, alice):
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation_a, role=Role.VIEWER)
    client.force_login(viewer)

    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data(organisation_a, name="Pirate")).status_code == 404
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Théâtre des Alizés"


@pytest.mark.django_db
def test_invalid_edit_saves_nothing(client, alice, organisation_a):
    client.force_login(alice)

    response = client.post(URL, form_data(organisation_a, name="", description="Nouveau"))

    assert response.status_code == 200
    organisation_a.refresh_from_db()
    assert organisation_a.description == ""


@pytest.mark.django_db
def test_edit_link_is_shown_to_editors_only(client, alice, organisation_a):
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=organisation_a, role=Role.VIEWER)

    client.force_login(alice)
    assert (
        "Modifier le profil" in client.get("/fr/organisations/theatre-des-alizes/").content.decode()
    )
    client.force_login(viewer)
    assert (
        "Modifier le profil"
        not in client.get("/fr/organisations/theatre-des-alizes/").content.decode()
    )


@pytest.mark.django_db
def test_htmx_region_change_on_edit_lists_that_regions_municipalities(client, alice):
    client.force_login(alice)

    response = client.get(URL, {"region": "13"}, headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode()
    assert "Laval" in response.content.decode()
