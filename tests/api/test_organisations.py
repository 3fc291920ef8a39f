"""My organisations through the API: the profile form's rules, the services' writes."""

from __future__ import annotations

import pytest

from mutualiser.organisations.models import Membership, Organisation

from .conftest import assert_error_shape, call

LIST = "/api/v1/organisations"


@pytest.mark.django_db
def test_my_organisations_are_listed_with_my_role(client, alice_write, bob, organisation_b):
    response = call(client, "GET", LIST, token=alice_write)

    assert response.status_code == 200
    assert [(o["slug"], o["role"]) for o in response.json()] == [("theatre-des-alizes", "owner")]


@pytest.mark.django_db
def test_a_member_reads_the_profile(client, bob_write, organisation_a):
    response = call(client, "GET", f"{LIST}/{organisation_a.slug}", token=bob_write)

    assert response.status_code == 200
    assert response.json()["name"] == "Théâtre des Alizés"
    assert response.json()["role"] == "editor"


@pytest.mark.django_db
def test_creating_an_organisation_makes_me_its_owner(client, charlie_write, charlie):
    body = {
        "name": "  Cirque   du Nord ",
        "legal_kind": "collective",
        "region": "06",
        "municipality": "Montréal",
        "disciplines": ["circus"],
        "staff_fte": 2.5,
    }

    response = call(client, "POST", LIST, token=charlie_write, body=body)

    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(slug=response.json()["slug"])
    assert organisation.name == "Cirque du Nord"
    assert str(organisation.staff_fte) == "2.5"
    assert organisation.latitude is not None
    assert Membership.objects.get(user=charlie, organisation=organisation).role == "owner"


@pytest.mark.django_db
def test_creating_refuses_what_the_form_refuses_field_by_field(client, charlie_write):
    body = {
        "name": "",
        "legal_kind": "empire",
        "region": "99",
        "disciplines": ["opera"],
        "website": "pas une adresse",
    }

    response = call(client, "POST", LIST, token=charlie_write, body=body)

    answer = assert_error_shape(response, 422)
    fields = {e["field"] for e in answer["errors"]}
    assert {"name", "legal_kind", "region", "disciplines", "website"} <= fields
    assert not Organisation.objects.filter(name="").exists()


@pytest.mark.django_db
def test_creating_names_a_missing_field(client, charlie_write):
    response = call(client, "POST", LIST, token=charlie_write, body={"name": "Sans région"})

    answer = assert_error_shape(response, 422)
    assert {"field": "legal_kind", "message": "Ce champ est obligatoire."} in answer["errors"]


@pytest.mark.django_db
def test_an_editor_changes_only_the_fields_given(client, bob_write, organisation_a):
    response = call(
        client,
        "PATCH",
        f"{LIST}/{organisation_a.slug}",
        token=bob_write,
        body={"description": "Théâtre de création", "visibility": "directory"},
    )

    assert response.status_code == 200, response.content
    organisation_a.refresh_from_db()
    assert organisation_a.description == "Théâtre de création"
    assert organisation_a.visibility == "directory"
    assert organisation_a.name == "Théâtre des Alizés"
    assert organisation_a.slug == "theatre-des-alizes"


@pytest.mark.django_db
def test_a_refused_change_writes_nothing(client, alice_write, organisation_a):
    response = call(
        client,
        "PATCH",
        f"{LIST}/{organisation_a.slug}",
        token=alice_write,
        body={"description": "Nouveau", "municipality": "Gotham"},
    )

    answer = assert_error_shape(response, 422)
    assert answer["errors"][0]["field"] == "municipality"
    organisation_a.refresh_from_db()
    assert organisation_a.description != "Nouveau"


@pytest.mark.django_db
def test_another_organisations_profile_is_404_even_in_the_directory(
    client, alice_write, organisation_b
):
    organisation_b.visibility = "directory"
    organisation_b.save(update_fields=["visibility"])

    read = call(client, "GET", f"{LIST}/{organisation_b.slug}", token=alice_write)
    write = call(
        client, "PATCH", f"{LIST}/{organisation_b.slug}", token=alice_write, body={"name": "Pris"}
    )

    assert_error_shape(read, 404)
    assert_error_shape(write, 404)
    organisation_b.refresh_from_db()
    assert organisation_b.name == "Danse Boréale"
