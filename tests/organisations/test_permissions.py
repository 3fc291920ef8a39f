"""Charlie (owner of B) never reaches A's private data: 404 by URL, form or guessed id/token."""

import pytest

from mutualiser.organisations.choices import Role
from mutualiser.organisations.models import Invitation, Membership
from tests.factories import InvitationFactory

A = "/fr/organisations/theatre-des-alizes"


@pytest.fixture
def a_invitation(alice, organisation_a):
    return InvitationFactory(organisation=organisation_a, email="x@example.org", invited_by=alice)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/edit/", "/members/", "/leave/"])
def test_charlie_gets_404_on_a_private_organisations_pages(client, alice, charlie, path):
    client.force_login(charlie)

    assert client.get(A + path).status_code == 404


@pytest.mark.django_db
def test_charlie_cannot_edit_a_by_posting_the_form(client, alice, charlie, organisation_a):
    client.force_login(charlie)

    response = client.post(
        A + "/edit/",
        {"name": "Pirate", "legal_kind": "company", "region": "06", "visibility": "directory"},
    )

    assert response.status_code == 404
    organisation_a.refresh_from_db()
    assert organisation_a.name == "Théâtre des Alizés"


@pytest.mark.django_db
def test_charlie_cannot_change_roles_or_remove_members_of_a(client, alice, bob, charlie):
    bob_row = Membership.objects.get(user=bob)
    client.force_login(charlie)

    role = client.post(f"{A}/members/{bob_row.id}/role/", {"role": "viewer"})
    remove = client.post(f"{A}/members/{bob_row.id}/remove/")

    assert role.status_code == 404 and remove.status_code == 404
    bob_row.refresh_from_db()
    assert bob_row.role == Role.EDITOR


@pytest.mark.django_db
def test_charlie_cannot_reach_as_members_through_his_own_organisation(client, alice, bob, charlie):
    bob_row = Membership.objects.get(user=bob)
    client.force_login(charlie)

    role = client.post(
        f"/fr/organisations/danse-boreale/members/{bob_row.id}/role/", {"role": "owner"}
    )
    remove = client.post(f"/fr/organisations/danse-boreale/members/{bob_row.id}/remove/")

    assert role.status_code == 404 and remove.status_code == 404
    assert Membership.objects.filter(id=bob_row.id, role=Role.EDITOR).exists()


@pytest.mark.django_db
def test_charlie_cannot_invite_into_a(client, alice, charlie):
    client.force_login(charlie)

    response = client.post(f"{A}/invite/", {"email": "spy@example.org", "role": "owner"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_charlie_cannot_revoke_as_invitations_by_guessing_the_id(
    client, alice, charlie, a_invitation
):
    client.force_login(charlie)

    own_org = client.post(f"/fr/organisations/danse-boreale/invitations/{a_invitation.id}/revoke/")
    a_org = client.post(f"{A}/invitations/{a_invitation.id}/revoke/")

    assert own_org.status_code == 404 and a_org.status_code == 404
    assert Invitation.objects.filter(id=a_invitation.id).exists()


@pytest.mark.django_db
def test_a_guessed_invitation_token_gives_404(client, charlie):
    client.force_login(charlie)

    response = client.post("/fr/organisations/invitations/guessed-token-123/")

    assert response.status_code == 404
    assert not Membership.objects.filter(user=charlie).exclude(role=Role.OWNER).exists()


@pytest.mark.django_db
def test_charlie_does_not_see_as_pending_invitations(client, alice, charlie, a_invitation):
    client.force_login(charlie)

    content = client.get("/fr/organisations/danse-boreale/members/").content.decode()

    assert a_invitation.token not in content
    assert "x@example.org" not in content


@pytest.mark.django_db
def test_charlie_cannot_switch_to_a(client, alice, charlie):
    client.force_login(charlie)

    response = client.post("/fr/organisations/switch/", {"organisation": "theatre-des-alizes"})

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_listed_in_the_directory_shows_its_profile_but_not_its_members(
    client, alice, charlie, organisation_a
):
    organisation_a.visibility = "directory"
    organisation_a.save()
    client.force_login(charlie)

    profile = client.get(A + "/")
    members = client.get(A + "/members/")

    assert profile.status_code == 200
    assert "Alice Tremblay" not in profile.content.decode()
    assert "Modifier le profil" not in profile.content.decode()
    assert members.status_code == 404


@pytest.mark.django_db
def test_signed_out_visitor_is_sent_to_log_in_for_every_page(client, alice):
    for path in ["/", "/edit/", "/members/"]:
        response = client.get(A + path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
