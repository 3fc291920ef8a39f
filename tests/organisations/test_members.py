"""Members and their roles: the owner manages them, anyone may leave, an owner always remains."""

import pytest

from mutualiser.organisations.choices import Role
from mutualiser.organisations.models import Membership
from tests.factories import MembershipFactory, UserFactory

MEMBERS = "/fr/organisations/theatre-des-alizes/members/"


def bob_membership(bob):
    return Membership.objects.get(user=bob)


def alice_membership(alice):
    return Membership.objects.get(user=alice)


@pytest.mark.django_db
def test_members_page_lists_members_with_their_roles(client, alice, bob):
    client.force_login(bob)

    response = client.get(MEMBERS)

    content = response.content.decode()
    assert "Alice Tremblay" in content and "Bob Gagnon" in content
    assert "Responsable" in content and "Éditeur" in content
    assert "Inviter un collègue" not in content  # bob is not an owner


@pytest.mark.django_db
def test_profile_shows_members_to_members_only(client, alice, bob, organisation_a, charlie):
    organisation_a.visibility = "directory"
    organisation_a.save()

    client.force_login(bob)
    assert "Alice Tremblay" in client.get(organisation_a.get_absolute_url()).content.decode()
    client.force_login(charlie)
    assert "Alice Tremblay" not in client.get(organisation_a.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_owner_changes_a_members_role(client, alice, bob):
    client.force_login(alice)
    membership = bob_membership(bob)

    response = client.post(f"{MEMBERS}{membership.id}/role/", {"role": "viewer"}, follow=True)

    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    assert "Bob Gagnon est maintenant lecteur." in response.content.decode()


@pytest.mark.django_db
def test_editor_cannot_change_roles(client, alice, bob):
    client.force_login(bob)
    membership = alice_membership(alice)

    response = client.post(f"{MEMBERS}{membership.id}/role/", {"role": "viewer"})

    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


@pytest.mark.django_db
def test_the_last_owner_cannot_step_down(client, alice, bob):
    client.force_login(alice)
    membership = alice_membership(alice)

    response = client.post(f"{MEMBERS}{membership.id}/role/", {"role": "editor"}, follow=True)

    membership.refresh_from_db()
    assert membership.role == Role.OWNER
    assert "doit garder au moins un responsable" in response.content.decode()


@pytest.mark.django_db
def test_an_owner_may_step_down_once_another_owner_exists(client, alice, bob):
    bob_row = bob_membership(bob)
    bob_row.role = Role.OWNER
    bob_row.save()
    client.force_login(alice)
    membership = alice_membership(alice)

    client.post(f"{MEMBERS}{membership.id}/role/", {"role": "editor"})

    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


@pytest.mark.django_db
def test_removing_a_member_asks_for_confirmation_first(client, alice, bob):
    client.force_login(alice)
    membership = bob_membership(bob)

    response = client.get(f"{MEMBERS}{membership.id}/remove/")

    assert response.status_code == 200
    assert "Retirer Bob Gagnon ?" in response.content.decode()
    assert Membership.objects.filter(id=membership.id).exists()


@pytest.mark.django_db
def test_owner_removes_a_member_after_confirming(client, alice, bob):
    client.force_login(alice)
    membership = bob_membership(bob)

    response = client.post(f"{MEMBERS}{membership.id}/remove/", follow=True)

    assert not Membership.objects.filter(id=membership.id).exists()
    assert "Bob Gagnon ne fait plus partie de l&#x27;organisme." in response.content.decode()


@pytest.mark.django_db
def test_the_last_owner_cannot_be_removed_by_another_owner_path(client, alice, organisation_a):
    # The only way to remove oneself is to leave; the remove page sends an owner there.
    client.force_login(alice)
    membership = alice_membership(alice)

    response = client.post(f"{MEMBERS}{membership.id}/remove/")

    assert response.status_code == 302
    assert response["Location"].endswith("/leave/")
    assert Membership.objects.filter(id=membership.id).exists()


@pytest.mark.django_db
def test_a_member_leaves_after_confirming(client, alice, bob):
    client.force_login(bob)

    confirm = client.get("/fr/organisations/theatre-des-alizes/leave/")
    response = client.post("/fr/organisations/theatre-des-alizes/leave/", follow=True)

    assert "Quitter Théâtre des Alizés ?" in confirm.content.decode()
    assert not Membership.objects.filter(user=bob).exists()
    assert "Vous avez quitté Théâtre des Alizés." in response.content.decode()


@pytest.mark.django_db
def test_the_last_owner_cannot_leave(client, alice, bob):
    client.force_login(alice)

    response = client.post("/fr/organisations/theatre-des-alizes/leave/", follow=True)

    assert Membership.objects.filter(user=alice).exists()
    assert "seul responsable" in response.content.decode()


@pytest.mark.django_db
def test_one_of_two_owners_may_leave(client, alice, organisation_a):
    other = UserFactory()
    MembershipFactory(user=other, organisation=organisation_a, role=Role.OWNER)
    client.force_login(alice)

    client.post("/fr/organisations/theatre-des-alizes/leave/")

    assert not Membership.objects.filter(user=alice).exists()


@pytest.mark.django_db
def test_an_unknown_role_is_refused(client, alice, bob):
    client.force_login(alice)
    membership = bob_membership(bob)

    client.post(f"{MEMBERS}{membership.id}/role/", {"role": "king"})

    membership.refresh_from_db()
    assert membership.role == Role.EDITOR
