"""A member deletes their account: what they wrote in shared places stays, unsigned."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mutualiser.contacts.models import RequestMessage
from mutualiser.organisations.choices import Role
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.privacy import services
from mutualiser.projects.models import Decision
from mutualiser.workshops.models import Workshop

from ..factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
URL = reverse("privacy:delete-account")
PASSWORD = "correct horse battery"


def test_the_page_names_what_goes_and_what_stays(client, bob, world):
    RequestMessage.objects.create(
        request=world["request"], organisation=world["request"].sender, author=bob, body="Oui"
    )
    client.force_login(bob)

    page = client.get(URL).content.decode()

    assert "Votre place dans Théâtre des Alizés" in page
    assert "1 message écrit dans une demande de contact" in page
    assert "Ancien membre" in page
    assert 'type="password"' in page


def test_someone_who_wrote_nothing_shared_is_told_nothing_stays(client, vera, world):
    client.force_login(vera)

    page = client.get(URL).content.decode()

    assert "Rien : vous n'avez rien écrit dans un lieu partagé." in page
    assert "Ancien membre" not in page


def test_a_wrong_password_deletes_nothing(client, bob, world):
    client.force_login(bob)

    response = client.post(URL, {"secret": "nope"})

    assert response.status_code == 200
    assert "Ce n&#x27;est pas votre mot de passe." in response.content.decode()
    assert User.objects.filter(pk=bob.pk).exists()


def test_the_sole_owner_of_an_organisation_with_members_must_hand_over_first(client, alice, world):
    client.force_login(alice)

    page = client.get(URL).content.decode()
    response = client.post(URL, {"secret": PASSWORD})

    assert "Vous devez d'abord passer la main." in page
    assert response.status_code == 200
    assert "seul responsable de Théâtre des Alizés" in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_handing_over_then_deleting_keeps_the_organisation(
    client, alice, bob, world, organisation_a
):
    Membership.objects.filter(user=bob).update(role=Role.OWNER)
    client.force_login(alice)

    response = client.post(URL, {"secret": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=alice.pk).exists()
    assert Organisation.objects.get(pk=organisation_a.pk).removed_at is None
    message = RequestMessage.objects.get(body="@SUM(A1) bonjour")
    assert message.author is None
    decision = Decision.objects.get(pk=world["decision"].pk)
    assert decision.proposed_by_user is None
    # Logged out, and the thread shows the former member to the other side.
    assert "_auth_user_id" not in client.session


def test_the_thread_shows_ancien_membre_for_a_deleted_author(client, alice, bob, charlie, world):
    Membership.objects.filter(user=bob).update(role=Role.OWNER)
    services.account_delete(user=alice)
    client.force_login(charlie)

    page = client.get(reverse("contacts:detail", args=[world["request"].pk])).content.decode()

    assert "Ancien membre" in page
    assert "Alice Tremblay" not in page


def test_an_organisation_i_alone_belong_to_goes_with_my_account(
    client, charlie, organisation_b, world
):
    client.force_login(charlie)

    response = client.post(URL, {"secret": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=charlie.pk).exists()
    # B still had a thread with A: its row stays, emptied.
    organisation_b.refresh_from_db()
    assert organisation_b.is_removed


def test_the_workshops_i_run_go_with_my_account(carol, world, organisation_c):
    services.account_delete(user=carol)

    assert not Workshop.objects.filter(pk=world["workshop"].pk).exists()


def test_an_account_without_a_password_confirms_with_its_address(client):
    user = UserFactory(email="sans@example.org")
    user.set_unusable_password()
    user.save()
    MembershipFactory(user=user, organisation=OrganisationFactory(), role=Role.VIEWER)
    client.force_login(user)

    refused = client.post(URL, {"secret": "autre@example.org"})
    accepted = client.post(URL, {"secret": "SANS@example.org"})

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_failure_halfway_leaves_the_account_and_its_organisation(
    charlie, organisation_b, world, monkeypatch
):
    def broken(*, organisation):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "organisation_delete", broken)

    with pytest.raises(RuntimeError):
        services.account_delete(user=charlie)

    assert User.objects.filter(pk=charlie.pk).exists()
    assert Membership.objects.filter(user=charlie, organisation=organisation_b).exists()


def test_anonymous_visitor_is_sent_to_the_login(client):
    assert client.get(URL).status_code == 302
    assert client.post(URL, {"secret": "x"}).status_code == 302


def test_after_five_wrong_passwords_even_the_right_one_waits(client, bob, world):
    client.force_login(bob)
    for _ in range(5):
        client.post(URL, {"secret": "nope"})

    response = client.post(URL, {"secret": PASSWORD})

    assert response.status_code == 200
    assert "Trop d&#x27;essais" in response.content.decode()
    assert User.objects.filter(pk=bob.pk).exists()


def test_the_demo_login_cannot_be_deleted_from_the_pages(client, settings):
    demo = UserFactory(email=settings.DEMO_EMAIL)
    client.force_login(demo)

    page = client.get(URL).content.decode()
    response = client.post(URL, {"secret": PASSWORD})

    assert "manage.py demo" in page
    assert response.status_code == 200
    assert User.objects.filter(pk=demo.pk).exists()
