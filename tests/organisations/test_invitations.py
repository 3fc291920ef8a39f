"""Inviting a colleague by email, and the link the colleague opens."""

from datetime import timedelta
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from mutualiser.organisations.choices import Role
from mutualiser.organisations.middleware import SESSION_KEY
from mutualiser.organisations.models import Invitation, Membership
from tests.factories import InvitationFactory, UserFactory

INVITE = "/fr/organisations/theatre-des-alizes/invite/"
MEMBERS = "/fr/organisations/theatre-des-alizes/members/"


@pytest.fixture
def invitation(alice, organisation_a):
    return InvitationFactory(
        organisation=organisation_a, email="dina@example.org", role=Role.EDITOR, invited_by=alice
    )


def confirmed(user, *addresses: str):
    """The user with these addresses confirmed (allauth), the account's own one first."""
    for address in addresses or (user.email,):
        EmailAddress.objects.create(
            user=user, email=address, verified=True, primary=address == user.email
        )
    return user


@pytest.fixture
def dina(db):
    return confirmed(UserFactory(email="dina@example.org", full_name="Dina Côté"))


@pytest.mark.django_db
def test_owner_invites_a_colleague_and_an_email_is_sent(
    client, alice, organisation_a, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INVITE, {"email": "Dina@Example.org", "role": "viewer"}, follow=True)

    invitation = Invitation.objects.get()
    assert invitation.email == "dina@example.org"
    assert invitation.role == Role.VIEWER
    assert invitation.invited_by == alice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dina@example.org"]
    assert "Théâtre des Alizés" in message.subject
    assert f"http://testserver/fr/organisations/invitations/{invitation.token}/" in message.body
    assert "14 jours" in message.body
    content = response.content.decode()
    assert "Invitation envoyée à dina@example.org" in content
    assert f"/fr/organisations/invitations/{invitation.token}/" in content  # link to copy


@pytest.mark.django_db
def test_invalid_email_is_reported_next_to_the_field(client, alice):
    client.force_login(alice)

    response = client.post(INVITE, {"email": "pas-un-courriel", "role": "editor"})

    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invalid_invitation_with_htmx_returns_only_the_form(client, alice):
    client.force_login(alice)

    response = client.post(INVITE, {"email": "", "role": "editor"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "<html" not in content
    assert 'id="invite-form"' in content


@pytest.mark.django_db
def test_inviting_an_existing_member_is_refused(client, alice, bob):
    client.force_login(alice)

    response = client.post(INVITE, {"email": "bob@example.org", "role": "editor"})

    assert "déjà membre" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_pending_one(client, alice, invitation):
    client.force_login(alice)

    client.post(INVITE, {"email": "dina@example.org", "role": "viewer"})

    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().role == Role.VIEWER


@pytest.mark.django_db
def test_editor_cannot_invite(client, bob):
    client.force_login(bob)

    response = client.post(INVITE, {"email": "x@example.org", "role": "owner"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_owner_revokes_a_pending_invitation_and_its_link_stops_working(client, alice, invitation):
    client.force_login(alice)

    client.post(f"/fr/organisations/theatre-des-alizes/invitations/{invitation.id}/revoke/")

    assert not Invitation.objects.exists()
    response = client.get(f"/fr/organisations/invitations/{invitation.token}/")
    assert response.status_code == 404
    assert "Ce lien d'invitation ne fonctionne pas" in response.content.decode()


@pytest.mark.django_db
def test_signed_out_visitor_is_offered_to_sign_up_or_log_in(client, invitation):
    response = client.get(invitation.get_absolute_url())

    content = response.content.decode()
    assert "Alice Tremblay vous invite à rejoindre Théâtre des Alizés" in content
    path = f"/fr/organisations/invitations/{invitation.token}/"
    assert f"/fr/accounts/signup/?next={path}" in content
    assert f"/fr/accounts/login/?next={path}" in content


@pytest.mark.django_db
def test_signed_in_colleague_accepts_and_the_organisation_becomes_current(
    client, invitation, dina, organisation_a
):
    client.force_login(dina)

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url())

    assert "Accepter l'invitation" in page.content.decode()
    membership = Membership.objects.get(user=dina)
    assert membership.organisation == organisation_a and membership.role == Role.EDITOR
    assert response["Location"] == organisation_a.get_absolute_url()
    assert client.session[SESSION_KEY] == organisation_a.id
    invitation.refresh_from_db()
    assert invitation.accepted_by == dina and invitation.accepted_at is not None


@pytest.mark.django_db
def test_a_reused_link_says_it_was_used_and_links_members_to_the_organisation(
    client, invitation, dina
):
    client.force_login(dina)
    client.post(invitation.get_absolute_url())

    response = client.get(invitation.get_absolute_url())
    again = client.post(invitation.get_absolute_url())

    assert "Cette invitation a déjà été utilisée" in response.content.decode()
    assert 'href="/fr/organisations/theatre-des-alizes/"' in response.content.decode()
    assert "Cette invitation a déjà été utilisée" in again.content.decode()
    assert Membership.objects.filter(user=dina).count() == 1


@pytest.mark.django_db
def test_a_used_link_tells_a_stranger_to_ask_for_a_new_one(client, invitation, dina, charlie):
    client.force_login(dina)
    client.post(invitation.get_absolute_url())
    client.force_login(charlie)

    response = client.get(invitation.get_absolute_url())

    content = response.content.decode()
    assert "demandez un nouveau lien" in content
    assert 'href="/fr/organisations/theatre-des-alizes/"' not in content


@pytest.mark.django_db
def test_an_expired_link_says_so_and_what_to_do(client, invitation, dina):
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    client.force_login(dina)

    page = client.get(invitation.get_absolute_url())
    client.post(invitation.get_absolute_url())

    content = page.content.decode()
    assert "Cette invitation a expiré" in content
    assert "Demandez à Alice Tremblay de vous envoyer une nouvelle invitation." in content
    assert not Membership.objects.filter(user=dina).exists()


@pytest.mark.django_db
def test_invitations_expire_after_the_configured_days(settings, alice, organisation_a):
    settings.INVITATION_DAYS = 3

    invitation = InvitationFactory(organisation=organisation_a)

    remaining = invitation.expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < remaining <= timedelta(days=3)


@pytest.mark.django_db
def test_an_existing_member_accepting_keeps_a_single_membership(client, bob, organisation_a):
    invitation = InvitationFactory(organisation=organisation_a, email="bob@example.org")
    confirmed(bob)
    client.force_login(bob)

    page = client.get(invitation.get_absolute_url())
    client.post(invitation.get_absolute_url())

    assert "Vous en êtes déjà membre" in page.content.decode()
    assert Membership.objects.filter(user=bob, organisation=organisation_a).count() == 1


@pytest.mark.django_db
def test_pending_invitations_are_listed_for_the_owner_with_a_link_to_copy(
    client, alice, invitation
):
    client.force_login(alice)

    response = client.get(MEMBERS)

    content = response.content.decode()
    assert "dina@example.org" in content
    assert f"http://testserver/fr/organisations/invitations/{invitation.token}/" in content
    assert "Copier le lien" in content


@pytest.mark.django_db
def test_invitation_page_is_in_english_under_en(client, invitation):
    response = client.get(f"/en/organisations/invitations/{invitation.token}/")

    assert "invites you to join Théâtre des Alizés" in response.content.decode()


# --- bound to the invited address (issue 8) ------------------------------------------------


def link(invitation) -> str:
    """The link in French (an earlier test may have left English active in this thread)."""
    return f"/fr/organisations/invitations/{invitation.token}/"


@pytest.fixture
def dina_elsewhere(db):
    """Dina, signed up with her personal address rather than the invited one."""
    return confirmed(UserFactory(email="dina.cote@courriel.example", full_name="Dina Côté"))


@pytest.mark.django_db
def test_the_invitation_page_says_which_address_it_was_sent_to(client, invitation):
    page = client.get(link(invitation)).content.decode()

    assert "Cette invitation a été envoyée à <strong>dina@example.org</strong>" in page


@pytest.mark.django_db
def test_another_address_cannot_accept_the_link(client, invitation, dina_elsewhere):
    client.force_login(dina_elsewhere)

    page = unescape(client.get(link(invitation)).content.decode())
    client.post(link(invitation))

    assert "Vous êtes connecté comme dina.cote@courriel.example, une autre adresse." in page
    assert "Accepter l'invitation" not in page
    assert "Demander la confirmation de mon adresse" in page
    assert not Membership.objects.filter(user=dina_elsewhere).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
def test_the_invited_address_is_matched_whatever_its_case_and_among_confirmed_ones(
    client, invitation, organisation_a
):
    user = confirmed(
        UserFactory(email="d.cote@example.org"), "d.cote@example.org", "DINA@Example.ORG"
    )
    client.force_login(user)

    client.post(link(invitation))

    assert Membership.objects.filter(user=user, organisation=organisation_a).exists()


@pytest.mark.django_db
def test_an_unconfirmed_invited_address_does_not_count(client, invitation):
    user = UserFactory(email="dina@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)

    client.post(link(invitation))

    assert not Membership.objects.filter(user=user).exists()


def ask(client, invitation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(link(invitation), {"action": "request"})


@pytest.mark.django_db
def test_asking_sends_the_inviter_a_notice_in_our_words(
    client, invitation, dina_elsewhere, django_capture_on_commit_callbacks
):
    client.force_login(dina_elsewhere)

    page = unescape(ask(client, invitation, django_capture_on_commit_callbacks).content.decode())

    invitation.refresh_from_db()
    assert invitation.requested_by == dina_elsewhere and invitation.confirmed_at is None
    assert "Demande envoyée : Alice Tremblay doit confirmer votre adresse." in page
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["alice@example.org"]
    assert "Théâtre des Alizés" in notice.subject and "adresse à confirmer" in notice.subject
    assert "Dina Côté (dina.cote@courriel.example)" in notice.body
    assert "envoyée à dina@example.org" in notice.body
    assert "http://testserver/fr/organisations/theatre-des-alizes/members/" in notice.body
    assert notice.body.rstrip().endswith("L'équipe Mutualiser")
    assert not Membership.objects.filter(user=dina_elsewhere).exists()


@pytest.mark.django_db
def test_the_inviter_s_notice_is_in_the_inviter_s_language_not_the_asker_s(
    client, alice, invitation, dina_elsewhere, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    client.get("/en/")  # Alice reads the site in English
    client.force_login(dina_elsewhere)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link(invitation), {"action": "request"})  # Dina reads it in French

    alice.refresh_from_db()
    assert alice.language == "en"
    assert len(mail.outbox) == 1
    assert "address to confirm" in mail.outbox[0].subject
    assert "Mutualiser team" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_inviter_sees_the_request_and_confirms_then_the_other_address_accepts(
    client, alice, invitation, dina_elsewhere, organisation_a, django_capture_on_commit_callbacks
):
    client.force_login(dina_elsewhere)
    ask(client, invitation, django_capture_on_commit_callbacks)
    client.post(link(invitation))  # not yet confirmed
    assert not Membership.objects.filter(user=dina_elsewhere).exists()

    client.force_login(alice)
    members = unescape(client.get(MEMBERS).content.decode())
    confirm = f"{MEMBERS[: -len('members/')]}invitations/{invitation.id}/confirm/"
    confirmed_page = unescape(client.post(confirm, follow=True).content.decode())
    client.force_login(dina_elsewhere)
    accepted = client.post(link(invitation))

    assert "Demande à confirmer" in members
    assert "Dina Côté (dina.cote@courriel.example) a ouvert le lien" in members
    assert "Dina Côté peut maintenant accepter l'invitation envoyée à dina@example.org." in (
        confirmed_page
    )
    assert accepted.status_code == 302
    membership = Membership.objects.get(user=dina_elsewhere)
    assert membership.organisation == organisation_a and membership.role == Role.EDITOR


@pytest.mark.django_db
def test_a_confirmation_lets_only_the_account_that_asked_accept(
    client, invitation, dina_elsewhere, django_capture_on_commit_callbacks
):
    client.force_login(dina_elsewhere)
    ask(client, invitation, django_capture_on_commit_callbacks)
    invitation.refresh_from_db()
    invitation.confirmed_at = timezone.now()
    invitation.save()
    intruder = confirmed(UserFactory(email="intrus@example.org"))
    client.force_login(intruder)

    client.post(link(invitation))

    assert not Membership.objects.filter(user=intruder).exists()


@pytest.mark.django_db
def test_charlie_gets_404_when_confirming_an_address_for_an_invitation_of_a(
    client, charlie, invitation, dina_elsewhere, django_capture_on_commit_callbacks
):
    client.force_login(dina_elsewhere)
    ask(client, invitation, django_capture_on_commit_callbacks)
    client.force_login(charlie)

    own = client.post(f"/fr/organisations/danse-boreale/invitations/{invitation.id}/confirm/")
    a = client.post(f"/fr/organisations/theatre-des-alizes/invitations/{invitation.id}/confirm/")

    assert (own.status_code, a.status_code) == (404, 404)
    invitation.refresh_from_db()
    assert invitation.confirmed_at is None


@pytest.mark.django_db
def test_an_editor_cannot_confirm_an_address(
    client, bob, invitation, dina_elsewhere, django_capture_on_commit_callbacks
):
    client.force_login(dina_elsewhere)
    ask(client, invitation, django_capture_on_commit_callbacks)
    client.force_login(bob)

    response = client.post(
        f"/fr/organisations/theatre-des-alizes/invitations/{invitation.id}/confirm/"
    )

    assert response.status_code in (403, 404)
    invitation.refresh_from_db()
    assert invitation.confirmed_at is None


@pytest.mark.django_db
def test_the_invitation_page_names_the_address_in_english_too(client, invitation, dina_elsewhere):
    client.force_login(dina_elsewhere)

    page = client.get(f"/en/organisations/invitations/{invitation.token}/").content.decode()

    assert "This invitation was sent to <strong>dina@example.org</strong>" in page
    assert "Ask for my address to be confirmed" in page
