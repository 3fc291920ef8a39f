"""A member makes a personal access token from the account menu, sees it once, uses it, and
revokes it. Screenshots at 390 and 1280 px, French and English, in /tmp/api-shots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from mutualiser.organisations.choices import Role

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .conftest import signed_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/api-shots")
WORDS = {
    "fr": {
        "menu": "Mon compte",
        "link": "Accès à l'API",
        "name": "Nom du jeton",
        "write": "Lecture et écriture",
        "create": "Créer le jeton",
        "once": "il ne sera plus jamais affiché",
        "revoke": "Révoquer",
        "revoked": "Révoqué le",
    },
    "en": {
        "menu": "My account",
        "link": "API access",
        "name": "Token name",
        "write": "Read and write",
        "create": "Create the token",
        "once": "it will never be shown again",
        "revoke": "Revoke",
        "revoked": "Revoked on",
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_token_is_made_from_the_account_menu_and_shown_once(
    new_context, live_server, lang, width
):
    words = WORDS[lang]
    user = UserFactory(email="nadia@example.org")
    organisation = OrganisationFactory(name="Les Productions du Fleuve", slug="productions-fleuve")
    MembershipFactory(user=user, organisation=organisation, role=Role.OWNER)
    page = signed_in(new_context, live_server, user, {"width": width, "height": 900}, lang)
    SHOTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/{lang}/")
    page.locator(".account-menu summary").click()
    page.get_by_role("link", name=words["link"]).click()
    page.get_by_label(words["name"]).fill("Tableur de la direction")
    page.get_by_label(words["write"]).check()
    page.get_by_role("button", name=words["create"]).click()

    shown = page.locator("#token-value")
    raw = shown.input_value()
    assert raw.startswith("mut_")
    assert words["once"] in page.locator("#new-token").inner_text()
    page.screenshot(path=str(SHOTS / f"tokens-new-{lang}-{width}.png"), full_page=True)

    answer = Client().get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200
    assert answer.json()[0]["slug"] == "productions-fleuve"

    page.goto(f"{live_server.url}/{lang}/accounts/tokens/")
    assert raw not in page.content()
    assert raw[:12] in page.content()

    page.get_by_role("button", name=words["revoke"]).click()
    assert words["revoked"] in page.locator(".tokens-table").inner_text()
    page.screenshot(path=str(SHOTS / f"tokens-revoked-{lang}-{width}.png"), full_page=True)
    again = Client().get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert again.status_code == 401
