"""Switching the current organisation from the header."""

import pytest

from mutualiser.organisations.choices import Role
from mutualiser.organisations.middleware import SESSION_KEY
from tests.factories import MembershipFactory, OrganisationFactory

SWITCH = "/fr/organisations/switch/"


@pytest.fixture
def second_organisation(alice):
    organisation = OrganisationFactory(name="Festival du Nord", slug="festival-du-nord")
    MembershipFactory(user=alice, organisation=organisation, role=Role.VIEWER)
    return organisation


@pytest.mark.django_db
def test_member_switches_to_another_of_her_organisations(client, alice, second_organisation):
    client.force_login(alice)

    response = client.post(SWITCH, {"organisation": "festival-du-nord", "next": "/fr/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert client.session[SESSION_KEY] == second_organisation.id
    page = client.get("/fr/").content.decode()
    assert '<span class="summary-label">Festival du Nord</span></summary>' in page


@pytest.mark.django_db
def test_switching_to_an_organisation_one_is_not_member_of_gives_404(client, alice, organisation_b):
    client.force_login(alice)

    response = client.post(SWITCH, {"organisation": "danse-boreale", "next": "/fr/"})

    assert response.status_code == 404
    assert client.session.get(SESSION_KEY) != organisation_b.id


@pytest.mark.django_db
def test_switch_ignores_a_next_address_on_another_site(client, alice, second_organisation):
    client.force_login(alice)

    response = client.post(
        SWITCH, {"organisation": "festival-du-nord", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_switch_only_answers_post(client, alice):
    client.force_login(alice)

    assert client.get(SWITCH).status_code == 405


@pytest.mark.django_db
def test_header_lists_only_the_users_organisations(client, alice, second_organisation, charlie):
    client.force_login(alice)

    page = client.get("/fr/organisations/").content.decode()

    assert 'value="festival-du-nord"' in page
    assert 'value="theatre-des-alizes"' in page
    assert 'value="danse-boreale"' not in page
