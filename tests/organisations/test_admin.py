"""Staff manage organisations, members, invitations and users in the admin."""

import pytest

from tests.factories import InvitationFactory, UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/organisations/organisation/",
        "/admin/organisations/organisation/?region__exact=06&legal_kind__exact=nonprofit",
        "/admin/organisations/organisation/?q=Montr%C3%A9al",
        "/admin/organisations/membership/",
        "/admin/organisations/invitation/",
        "/admin/accounts/user/",
    ],
)
def test_admin_lists_load(client, staff, alice, bob, organisation_a, path):
    InvitationFactory(organisation=organisation_a)
    client.force_login(staff)

    response = client.get(path)

    assert response.status_code == 200


@pytest.mark.django_db
def test_organisation_admin_shows_memberships_inline(client, staff, alice, organisation_a):
    client.force_login(staff)

    response = client.get(f"/admin/organisations/organisation/{organisation_a.id}/change/")

    assert response.status_code == 200
    assert "Alice Tremblay" in response.content.decode()
