"""The emails: our own templates, plain text and HTML, in each reader's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from mutualiser.contacts import services
from tests.factories import CategoryFactory

from .factories import ContactRequestFactory

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def speaks(user, language):
    type(user).objects.filter(pk=user.pk).update(language=language)


def html_of(message) -> str:
    (content, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return content


def by_recipient() -> dict:
    return {m.to[0]: m for m in mail.outbox}


def test_the_invitation_email_is_in_each_readers_language_in_text_and_html(
    django_capture_on_commit_callbacks, alice, charlie, carla, organisation_a
):
    CategoryFactory(code="accounting-mail", label_fr="Comptabilité", label_en="Accounting")
    speaks(carla, "en")

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_request_send(
            sender=organisation_a,
            user=alice,
            recipient_slugs=["danse-boreale"],
            message="Nos saisons se complètent.\nParlons-en <vite> !",
            first_step="Une rencontre d'une heure",
            trial_months=3,
            category_code="accounting-mail",
            now=SENT,
        )

    french, english = by_recipient()["charlie@example.org"], by_recipient()["carla@example.org"]
    assert french.subject == "[Mutualiser] Théâtre des Alizés vous propose de mutualiser"
    assert english.subject == "[Mutualiser] Théâtre des Alizés suggests pooling with you"
    assert "Bonjour Charlie Roy," in french.body
    assert (
        "Théâtre des Alizés invite Danse Boréale à explorer une mutualisation : Comptabilité."
        in (french.body)
    )
    assert "un essai de 3 mois" in french.body
    assert "> Parlons-en <vite> !" in french.body  # the message quoted as written, unescaped
    assert "16 mars 2026" in french.body  # expiry: 14 days after sending
    assert "/fr/requests/" in french.body
    assert "Hello Carla Dubé," in english.body
    assert "Théâtre des Alizés invites Danse Boréale to explore pooling: Accounting." in (
        english.body
    )
    assert "a 3-month trial" in english.body
    assert "March 16, 2026" in english.body
    assert "/en/requests/" in english.body
    html = html_of(english)
    assert '<html lang="en-CA">' in html
    assert "Parlons-en &lt;vite&gt; !" in html  # escaped in HTML
    assert "Read the request and reply" in html
    assert 'lang="fr-CA"' in html_of(french)


def test_the_answer_emails_in_both_languages(
    django_capture_on_commit_callbacks, alice, bob, charlie, a_to_b
):
    speaks(bob, "en")

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_request_decline(
            request=a_to_b, user=charlie, reason="Pas avant l'automne", now=SENT
        )

    french, english = by_recipient()["alice@example.org"], by_recipient()["bob@example.org"]
    assert french.subject == "[Mutualiser] Danse Boréale a décliné votre demande"
    assert english.subject == "[Mutualiser] Danse Boréale declined your request"
    assert "Pas avant l'automne" in french.body
    assert "Pas avant l&#x27;automne" in html_of(english)
    assert "1er avril 2026" in french.body  # 30 days after the answer
    assert "April 1, 2026" in english.body


def test_the_accept_reminder_expiry_and_message_emails_say_what_happened(
    django_capture_on_commit_callbacks, alice, charlie, organisation_b
):
    speaks(alice, "en")
    first = ContactRequestFactory(
        sender=alice.memberships.get().organisation, recipient=organisation_b, created_at=SENT
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_request_accept(request=first, user=charlie, now=SENT)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_message_post(
            request=first, user=charlie, organisation=organisation_b, body="Un café jeudi ?"
        )
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "[Mutualiser] Danse Boréale accepted your request",
        "[Mutualiser] New message on the request Théâtre des Alizés → Danse Boréale",
    ]
    assert "Un café jeudi ?" in mail.outbox[1].body

    mail.outbox.clear()
    second = ContactRequestFactory(
        sender=organisation_b, recipient=alice.memberships.get().organisation, created_at=SENT
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_requests_remind(now=SENT + timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_requests_remind(now=SENT + timedelta(days=14))
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("alice@example.org", "[Mutualiser] Reminder: Danse Boréale is waiting for your answer"),
        (
            "charlie@example.org",
            "[Mutualiser] Votre demande à Théâtre des Alizés a expiré sans réponse",
        ),  # charlie reads French, alice English
    ]
    assert second.pk


def test_the_language_used_on_the_pages_is_the_one_of_the_next_emails(
    client, django_capture_on_commit_callbacks, alice, charlie, a_to_b
):
    client.force_login(alice)
    client.get("/en/requests/")

    with django_capture_on_commit_callbacks(execute=True):
        services.contact_request_accept(request=a_to_b, user=charlie)

    assert mail.outbox[0].subject == "[Mutualiser] Danse Boréale accepted your request"


def test_a_mail_server_failure_keeps_the_answer_and_the_page_answers(
    client, monkeypatch, django_capture_on_commit_callbacks, charlie, alice, a_to_b
):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    client.force_login(charlie)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/fr/requests/{a_to_b.pk}/accept/")

    assert callbacks  # the email was attempted
    a_to_b.refresh_from_db()
    assert response.status_code == 302 and a_to_b.status == "accepted"
