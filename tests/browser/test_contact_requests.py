"""Two organisations find each other: A sends a request from B's profile, B accepts.

In French and English, on a phone (390 px) and a desktop (1280 px); every page fits the
screen's width, and the header's bell counts what B has not read yet.
"""

from __future__ import annotations

import os

import pytest

from mutualiser.contacts.models import ContactRequest, RequestStatus

from .conftest import DESKTOP, PHONE, fits_the_screen, signed_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "fr": {
        "button": "Proposer de mutualiser",
        "send": "Envoyer la demande",
        "sent": "Demande envoyée à Danse Boréale",
        "accept": "Accepter d'en parler",
        "accepted": "Demande acceptée",
        "status": "Acceptée",
        "bell": "Notifications : 1 non lue",
    },
    "en": {
        "button": "Suggest pooling",
        "send": "Send the request",
        "sent": "Request sent to Danse Boréale",
        "accept": "Accept to talk",
        "accepted": "Request accepted",
        "status": "Accepted",
        "bell": "Notifications: 1 unread",
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_one_organisation_invites_another_from_its_profile_and_the_other_accepts(
    new_context, live_server, two_organisations, lang, viewport
):
    alice, charlie = two_organisations
    words = WORDS[lang]

    sender = signed_in(new_context, live_server, alice, viewport, lang)
    sender.goto(f"{live_server.url}/{lang}/organisations/danse-boreale/")
    sender.get_by_role("button", name=words["button"]).click()
    sender.wait_for_url("**/requests/new/?to=danse-boreale")
    assert fits_the_screen(sender)
    sender.locator("textarea[name=message]").fill("Nos saisons se complètent : parlons-en !")
    sender.get_by_role("button", name=words["send"]).click()
    sender.wait_for_url("**/requests/*/")
    assert words["sent"] in sender.locator(".messages").inner_text()

    receiver = signed_in(new_context, live_server, charlie, viewport, lang)
    receiver.goto(f"{live_server.url}/{lang}/")
    bell = receiver.locator("a.notification-bell")
    assert bell.get_attribute("aria-label") == words["bell"]
    bell.click()
    receiver.locator(".notification.unread a").first.click()
    receiver.wait_for_url("**/requests/*/")
    assert "Nos saisons se complètent" in receiver.locator(".request-message").inner_text()
    assert fits_the_screen(receiver)
    receiver.get_by_role("button", name=words["accept"]).click()
    receiver.wait_for_load_state()
    assert words["accepted"] in receiver.locator(".messages").inner_text()
    # the thread takes a message (HTMX), without reloading the page
    receiver.locator("textarea[name=body]").fill("Un café jeudi ?")
    receiver.locator(".message-form button[type=submit]").click()
    receiver.locator(".thread-message", has_text="Un café jeudi ?").wait_for()

    request = ContactRequest.objects.get()
    assert request.status == RequestStatus.ACCEPTED
    sender.reload()
    assert words["status"] in sender.locator(".request-status").inner_text()
    assert "Un café jeudi ?" in sender.locator("#thread").inner_text()
    assert fits_the_screen(sender)
