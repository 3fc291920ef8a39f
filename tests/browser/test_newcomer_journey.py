"""A newcomer's first visit, end to end in Chromium.

Signs up, confirms the email, creates the organisation, invites a colleague (who signs up in
another browser and accepts), then switches the site to English.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail

from mutualiser.organisations.models import Membership, Organisation

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"


@pytest.fixture(autouse=True)
def _emails_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def last_link(pattern: str, live_server) -> str:
    """The last link matching `pattern` in the emails sent so far, made relative to the server."""
    for message in reversed(mail.outbox):
        found = re.search(r"https?://[^/\s]+(/\S*" + pattern + r"\S*)", message.body)
        if found:
            return live_server.url + found.group(1)
    raise AssertionError(f"no email with a link matching {pattern!r}")


def sign_up_and_confirm(page, live_server, email: str) -> None:
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("form.auth-form button[type=submit]")
    page.wait_for_url(re.compile(r"/confirm-email/"))
    page.goto(last_link("confirm-email/", live_server))
    page.click("form.auth-form button[type=submit]")


def test_newcomer_signs_up_creates_an_organisation_invites_a_colleague_and_reads_english(
    live_server, page, new_context
):
    # Sign up and confirm the email: the confirmation logs the newcomer in.
    page.goto(live_server.url + "/fr/accounts/signup/")
    sign_up_and_confirm(page, live_server, "nadia@example.org")
    page.wait_for_url(live_server.url + "/fr/")
    assert "Créez le profil de votre organisme" in page.content()

    # Create the organisation; the municipality list follows the region.
    page.goto(live_server.url + "/fr/organisations/new/")
    page.fill("#id_name", "Les Productions du Fleuve")
    page.select_option("#id_legal_kind", "collective")
    page.check("input[name=disciplines][value=theatre]")
    page.select_option("#id_region", "03")
    page.wait_for_selector("#id_municipality option[value='Québec']", state="attached")
    page.select_option("#id_municipality", "Québec")
    page.fill("#id_staff_fte", "2,5")
    page.check("input[name=visibility][value=directory]")
    page.click("form.org-form button[type=submit]")
    page.wait_for_url(re.compile(r"/fr/organisations/les-productions-du-fleuve/$"))
    assert "Les Productions du Fleuve" in page.inner_text("h1")
    organisation = Organisation.objects.get(slug="les-productions-du-fleuve")
    assert organisation.municipality == "Québec"

    # Invite a colleague.
    page.click("text=Gérer les membres et inviter un collègue")
    page.fill("#id_email", "samuel@example.org")
    page.select_option("#id_role", "editor")
    page.click("#invite-form button[type=submit]")
    page.wait_for_selector("text=Invitation envoyée à samuel@example.org")
    invitation_link = last_link("organisations/invitations/", live_server)
    assert page.input_value(".copy-link input") == invitation_link

    # The colleague, in another browser, opens the link, signs up, comes back and accepts.
    colleague = new_context(viewport={"width": 390, "height": 844}).new_page()
    colleague.goto(invitation_link)
    assert "vous invite à rejoindre Les Productions du Fleuve" in colleague.content()
    colleague.click("main >> text=Créer un compte")
    sign_up_and_confirm(colleague, live_server, "samuel@example.org")
    colleague.wait_for_url(invitation_link)
    colleague.click("text=Accepter l'invitation")
    colleague.wait_for_selector("text=Bienvenue dans Les Productions du Fleuve !")
    assert Membership.objects.filter(
        user__email="samuel@example.org", organisation=organisation, role="editor"
    ).exists()

    # Back to the newcomer: the colleague is listed; the site switches to English.
    page.reload()
    assert "samuel@example.org" in page.content()
    page.click("button[name=language][value=en]")
    page.wait_for_url(re.compile(r"/en/organisations/les-productions-du-fleuve/members/$"))
    assert page.get_attribute("html", "lang") == "en-CA"
    assert "Invite a colleague" in page.content()
