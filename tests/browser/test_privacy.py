"""A member downloads their data, deletes their organisation, then their account.

The other side of a shared thread then reads « Organisme supprimé » and « Ancien membre ».
French on a phone (390 px), English on a desktop (1280 px); every page fits the screen.
"""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from django.contrib.auth import get_user_model

from mutualiser.contacts.models import ContactRequest, RequestMessage
from mutualiser.organisations.models import Organisation

from .conftest import DESKTOP, PHONE, fits_the_screen, signed_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "fr": {
        "download": "Télécharger l'archive (ZIP)",
        "delete_org": "Supprimer cet organisme…",
        "confirm": "Supprimer définitivement",
        "deleted": "Théâtre des Alizés est supprimé.",
        "delete_account": "Supprimer mon compte…",
        "confirm_account": "Supprimer mon compte définitivement",
        "gone": "Votre compte est supprimé.",
        "removed": "Organisme supprimé",
        "former": "Ancien membre",
    },
    "en": {
        "download": "Download the archive (ZIP)",
        "delete_org": "Delete this organisation…",
        "confirm": "Delete for good",
        "deleted": "Théâtre des Alizés is deleted.",
        "delete_account": "Delete my account…",
        "confirm_account": "Delete my account for good",
        "gone": "Your account is deleted.",
        "removed": "Deleted organisation",
        "former": "Former member",
    },
}


@pytest.fixture
def shared_thread(two_organisations):
    alice, charlie = two_organisations
    alizes = alice.memberships.get().organisation
    boreale = charlie.memberships.get().organisation
    request = ContactRequest.objects.create(
        sender=alizes, recipient=boreale, sent_by=alice, message="Partageons", first_step="Café"
    )
    RequestMessage.objects.create(
        request=request, organisation=alizes, author=alice, body="Bonjour de A"
    )
    return alice, charlie, request


@pytest.mark.parametrize(
    ("lang", "viewport"), [("fr", PHONE), ("en", DESKTOP)], ids=["fr-phone", "en-desktop"]
)
def test_a_member_takes_their_data_and_leaves_without_breaking_the_thread(
    new_context, live_server, shared_thread, lang, viewport
):
    alice, charlie, request = shared_thread
    words = WORDS[lang]
    page = signed_in(new_context, live_server, alice, viewport, lang)

    page.goto(f"{live_server.url}/{lang}/privacy/my-data/")
    assert fits_the_screen(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name=words["download"]).click()
    archive = zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read()))
    assert json.loads(archive.read("account.json"))["email"] == "alice@example.org"
    assert "organisations/theatre-des-alizes/requests.json" in archive.namelist()

    page.get_by_role("link", name=words["delete_org"]).click()
    page.wait_for_url("**/organisations/theatre-des-alizes/delete/")
    assert fits_the_screen(page)
    page.locator("input[name=name]").fill("Théâtre des Alizés")
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url("**/privacy/my-data/")
    assert words["deleted"] in page.locator(".messages").inner_text()

    page.get_by_role("link", name=words["delete_account"]).click()
    page.wait_for_url("**/privacy/my-data/delete-account/")
    assert fits_the_screen(page)
    page.locator("input[name=secret]").fill("correct horse battery")
    page.get_by_role("button", name=words["confirm_account"]).click()
    page.wait_for_url(f"**/{lang}/")
    assert words["gone"] in page.locator(".messages").inner_text()

    assert not get_user_model().objects.filter(email="alice@example.org").exists()
    assert Organisation.objects.get(pk=request.sender_id).is_removed
    other = signed_in(new_context, live_server, charlie, viewport, lang)
    other.goto(f"{live_server.url}/{lang}/requests/{request.pk}/")
    thread = other.locator("#thread").inner_text()
    assert words["removed"] in thread
    assert words["former"] in thread
    assert "Alice" not in thread and "Alizés" not in thread
