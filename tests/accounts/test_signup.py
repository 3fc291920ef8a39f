"""Signing up: a confirmation email, whose link logs the newcomer in."""

import re

import pytest
from django.core import mail

from mutualiser.accounts.models import User
from tests.factories import InvitationFactory

SIGNUP = "/fr/accounts/signup/"
PASSWORD = "Tres-bon-mot-de-passe-42"


def confirmation_link(message) -> str:
    return re.search(r"https?://testserver(/\S+/confirm-email/\S+/)", message.body).group(1)


def sign_up(client, email="nadia@example.org", url=SIGNUP):
    return client.post(url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.django_db
def test_signup_page_is_in_our_layout_in_french(client):
    response = client.get(SIGNUP)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="mutualiser-layout" content="account"' in content
    assert 'class="auth-form"' in content
    assert "Mutualiser" in content and "Courriel" in content


@pytest.mark.django_db
def test_signup_page_says_what_the_account_is_for_and_links_to_login(client):
    response = client.get(SIGNUP)

    content = response.content.decode()
    assert "<h1>Créer un compte</h1>" in content
    assert "Vous choisissez ce que les autres organismes voient." in content
    assert "Création de compte" not in content
    assert 'placeholder="Adresse courriel"' in content
    assert 'href="/fr/accounts/login/"' in content


@pytest.mark.django_db
def test_signup_sends_a_confirmation_email(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert User.objects.filter(email="nadia@example.org").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert "/fr/accounts/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_the_confirmation_link_logs_the_newcomer_in(client):
    sign_up(client)
    link = confirmation_link(mail.outbox[0])

    page = client.get(link)
    response = client.post(link)

    assert page.status_code == 200
    assert response.status_code == 302
    home = client.get("/fr/")
    assert "nadia@example.org" in home.content.decode()
    assert home.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_an_unconfirmed_account_cannot_log_in(client):
    sign_up(client)
    client.logout()

    response = client.post(
        "/fr/accounts/login/", {"login": "nadia@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert not client.get("/fr/").wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_signup_errors_are_shown_next_to_the_fields_in_french(client):
    response = client.post(SIGNUP, {"email": "pas-un-courriel", "password1": "1", "password2": "2"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide." in content
    assert not User.objects.exists()


@pytest.mark.django_db
def test_signup_from_an_invitation_comes_back_to_it_after_confirming(client, alice):
    invitation = InvitationFactory(organisation=alice.memberships.get().organisation)
    path = invitation.get_absolute_url()
    sign_up(client, email="dina@example.org", url=f"{SIGNUP}?next={path}")
    link = confirmation_link(mail.outbox[0])

    response = client.post(link)

    assert response["Location"] == path


@pytest.mark.django_db
def test_after_signup_the_newcomer_is_told_to_check_their_email(client):
    response = client.post(
        SIGNUP,
        {"email": "nadia@example.org", "password1": PASSWORD, "password2": PASSWORD},
        follow=True,
    )

    content = response.content.decode()
    assert "Courriel de confirmation envoyé à nadia@example.org." in content
    assert "<h1>Confirmez votre courriel</h1>" in content
