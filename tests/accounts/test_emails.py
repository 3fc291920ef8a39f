"""Every email the site sends speaks our words, in French and English, through the real flows.

allauth's stock text greets with the host ("Bonjour, c'est 127.0.0.1:8000 !"), says « e-mail »
and titles the reset email "Password Reset Email"; ours greet, say « courriel » and sign with
the site's name.
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from mutualiser.organisations.choices import Role
from tests.factories import UserFactory

PASSWORD = "Tres-bon-mot-de-passe-42"
NEW_PASSWORD = "Un-nouveau-mot-de-passe-7"
HOSTS = ("testserver", "127.0.0.1", "localhost", "example.com")
WORDS = {
    "fr": {"greeting": "Bonjour,", "signature": "L'équipe Mutualiser"},
    "en": {"greeting": "Hello,", "signature": "The Mutualiser team"},
}
STOCK_PHRASES = ("Hello from", "Thank you for using", "Bonjour de", "Merci d'utiliser", "c'est ")


def assert_reads_as_ours(message, language: str) -> None:
    """Subject and text: our greeting and signature, no host, no « e-mail », no stock phrase."""
    words = WORDS[language]
    lines = message.body.strip().splitlines()
    # Lines that are only a link may (must) carry the host; the sentences must not.
    sentences = [line for line in lines if not re.fullmatch(r"\s*https?://\S+\s*", line)]
    text = "\n".join(sentences)

    assert message.subject.startswith("[Mutualiser] "), message.subject
    assert lines[0] == words["greeting"], lines[0]
    assert lines[-1] == words["signature"], lines[-1]
    for host in HOSTS:
        assert host not in message.subject
        assert host not in text, (host, text)
    assert "e-mail" not in (message.subject + text).lower()
    if language == "fr":
        assert not re.search(r"\bemail\b", message.subject + text.replace("@", " "))
    for phrase in STOCK_PHRASES:
        assert phrase not in text
    assert "{{" not in text and "{%" not in text


@pytest.fixture
def client():
    """A browser from a documentation address: the notifications name the visitor's IP."""
    return Client(REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Firefox/140.0")


@pytest.fixture
def member(db):
    user = UserFactory(email="lea@example.org", full_name="Léa Bouchard")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def notifications(settings):
    """allauth sends the 'your account changed' emails only when this is on."""
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_signup_confirmation_email_is_ours(client, language):
    client.post(
        f"/{language}/accounts/signup/",
        {"email": "nadia@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    (message,) = mail.outbox
    assert_reads_as_ours(message, language)
    assert re.search(r"^https?://testserver/\S+/confirm-email/\S+/$", message.body, re.M)
    expected = {
        "fr": ("[Mutualiser] Activez votre compte", "Bienvenue sur Mutualiser."),
        "en": ("[Mutualiser] Activate your account", "Welcome to Mutualiser."),
    }[language]
    assert message.subject == expected[0]
    assert expected[1] in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_signing_up_again_with_a_known_address_sends_the_account_exists_email(
    client, member, language
):
    client.post(
        f"/{language}/accounts/signup/",
        {"email": "lea@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    (message,) = mail.outbox
    assert_reads_as_ours(message, language)
    assert (
        message.subject
        == {
            "fr": "[Mutualiser] Vous avez déjà un compte",
            "en": "[Mutualiser] You already have an account",
        }[language]
    )
    assert "lea@example.org" in message.body
    assert re.search(
        rf"^https?://testserver/{language}/accounts/password/reset/$", message.body, re.M
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_password_reset_email_for_a_known_address_is_ours(client, member, language):
    client.post(f"/{language}/accounts/password/reset/", {"email": "lea@example.org"})

    (message,) = mail.outbox
    assert_reads_as_ours(message, language)
    assert (
        message.subject
        == {
            "fr": "[Mutualiser] Choisir un nouveau mot de passe",
            "en": "[Mutualiser] Choose a new password",
        }[language]
    )
    assert "Password Reset Email" not in message.subject
    assert re.search(r"^https?://testserver/\S+/password/reset/key/\S+/$", message.body, re.M)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_password_reset_for_an_unknown_address_says_no_account_uses_it(client, language):
    client.post(f"/{language}/accounts/password/reset/", {"email": "personne@example.org"})

    (message,) = mail.outbox
    assert_reads_as_ours(message, language)
    assert message.to == ["personne@example.org"]
    assert (
        message.subject
        == {
            "fr": "[Mutualiser] Aucun compte à cette adresse",
            "en": "[Mutualiser] No account at this address",
        }[language]
    )
    assert re.search(rf"^https?://testserver/{language}/accounts/signup/$", message.body, re.M)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_adding_an_address_sends_a_confirmation_email_to_it(client, member, language):
    client.force_login(member)

    client.post(f"/{language}/accounts/email/", {"email": "lea.b@example.org", "action_add": ""})

    (message,) = mail.outbox
    assert message.to == ["lea.b@example.org"]
    assert_reads_as_ours(message, language)
    assert (
        message.subject
        == {
            "fr": "[Mutualiser] Confirmez votre adresse courriel",
            "en": "[Mutualiser] Confirm your email address",
        }[language]
    )
    assert "lea.b@example.org" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_account_change_notifications_are_ours(client, member, notifications, language):
    EmailAddress.objects.create(user=member, email="lea.b@example.org", verified=True)
    client.force_login(member)

    client.post(
        f"/{language}/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.post(
        f"/{language}/accounts/email/", {"email": "lea.b@example.org", "action_primary": ""}
    )
    client.post(f"/{language}/accounts/email/", {"email": "lea@example.org", "action_remove": ""})

    subjects = [message.subject for message in mail.outbox]
    assert (
        subjects
        == {
            "fr": [
                "[Mutualiser] Mot de passe changé",
                "[Mutualiser] Adresse courriel principale changée",
                "[Mutualiser] Adresse courriel retirée",
            ],
            "en": [
                "[Mutualiser] Password changed",
                "[Mutualiser] Primary email address changed",
                "[Mutualiser] Email address removed",
            ],
        }[language]
    )
    for message in mail.outbox:
        assert_reads_as_ours(message, language)
        assert "198.51.100.7" in message.body and "Firefox/140.0" in message.body
    changed, removed = mail.outbox[1], mail.outbox[2]
    assert changed.to == ["lea@example.org"]
    assert "lea.b@example.org" in changed.body and "lea@example.org" in changed.body
    assert "lea@example.org" in removed.body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_reset_and_set_password_notifications_are_ours(client, member, notifications, language):
    client.post(f"/{language}/accounts/password/reset/", {"email": "lea@example.org"})
    link = re.search(r"https?://testserver(/\S+/password/reset/key/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    newcomer = UserFactory(email="sam@example.org")
    newcomer.set_unusable_password()
    newcomer.save()
    EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=True, primary=True)
    client.force_login(newcomer)
    client.post(
        f"/{language}/accounts/password/set/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    reset_done, password_set = mail.outbox[1], mail.outbox[2]
    assert (
        reset_done.subject
        == {
            "fr": "[Mutualiser] Nouveau mot de passe enregistré",
            "en": "[Mutualiser] New password saved",
        }[language]
    )
    assert (
        password_set.subject
        == {
            "fr": "[Mutualiser] Mot de passe choisi",
            "en": "[Mutualiser] Password chosen",
        }[language]
    )
    for message in (reset_done, password_set):
        assert_reads_as_ours(message, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_invitation_email_is_signed_by_the_mutualiser_team(
    client, alice, language, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/{language}/organisations/theatre-des-alizes/invite/",
            {"email": "dina@example.org", "role": Role.EDITOR},
        )

    (message,) = mail.outbox
    assert_reads_as_ours(message, language)
    assert "Théâtre des Alizés" in message.subject
    assert "Alice Tremblay" in message.body


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "template",
    ["login_code", "password_reset_code", "email_confirm"],
)
def test_emails_of_flows_not_switched_on_are_ours_too(language, template):
    """Sign-in and reset by code are off, and allauth no longer sends email_confirm; if that
    changes, the text is already ours."""
    context = {
        "code": "K7Q-4MZ",
        "email": "lea@example.org",
        "timestamp": timezone.now(),
        "ip": "198.51.100.7",
        "user_agent": "Firefox",
    }

    with translation.override(language):
        subject = render_to_string(f"account/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"account/email/{template}_message.txt", context)
    message = mail.EmailMessage("[Mutualiser] " + subject, body)

    assert_reads_as_ours(message, language)
    if "code" in template:
        assert "K7Q-4MZ" in body
