"""The demo member goes from a diagnostic result to the partners for that item, in Chromium.

Sees each partner's savings and why it fits, then the opportunity's page with the other
compatible partners: in French on a desktop, in English on a phone (and the other way round).
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.management import call_command

from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.organisations.models import Membership
from mutualiser.partners.models import OpportunityKind, OpportunityMember
from mutualiser.words import formats

from .conftest import DESKTOP, PHONE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    # Transactional tests flush the tables, the taxonomy loaded by a migration with them.
    taxonomy_load()
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def sign_in(page, live_server, lang: str) -> None:
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_login", settings.DEMO_EMAIL)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/{lang}/")


def a_group_of_mine() -> OpportunityMember:
    """A pooling group of the demo login's current organisation (its first membership)."""
    membership = (
        Membership.objects.filter(user__email=settings.DEMO_EMAIL)
        .order_by("created_at", "id")
        .first()
    )
    return (
        OpportunityMember.objects.filter(
            organisation=membership.organisation, opportunity__kind=OpportunityKind.GROUP
        )
        .order_by("-gain")
        .first()
    )


WORDS = {
    "fr": {"link": "Voir les partenaires pour cet élément", "why": "Pourquoi ça marche",
           "saved": "d'économie par année", "others": "Les autres partenaires compatibles"},
    "en": {"link": "See the partners for this item", "why": "Why it works",
           "saved": "saved a year", "others": "The other compatible partners"},
}  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "viewport"), [("fr", DESKTOP), ("en", PHONE), ("en", DESKTOP), ("fr", PHONE)]
)
def test_the_demo_member_goes_from_a_result_to_its_partners_and_sees_why(
    live_server, new_context, demo, lang, viewport
):
    words = WORDS[lang]
    mine = a_group_of_mine()
    partners = [
        m for m in mine.opportunity.members.select_related("organisation") if m.pk != mine.pk
    ]
    page = new_context(viewport=viewport).new_page()
    sign_in(page, live_server, lang)

    page.goto(f"{live_server.url}/{lang}/diagnostic/")
    card = page.locator(f"#item-{mine.item_id}")
    card.get_by_role("link", name=words["link"]).click()
    page.wait_for_url(f"**/{lang}/opportunities/?item={mine.item_id}")

    opportunity = page.locator(f"#opportunity-{mine.opportunity_id}")
    assert opportunity.is_visible()
    text = opportunity.inner_text()
    assert formats.money(mine.gain, lang) in text.replace("\u202f", "\u00a0")
    for partner in partners[:4]:
        assert partner.organisation.name in text
        assert formats.money(partner.gain, lang) in text.replace("\u202f", "\u00a0")
    assert words["saved"] in text.replace("\u2019", "'")
    opportunity.get_by_text(words["why"]).click()
    assert opportunity.locator(".opportunity-why li").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    opportunity.locator("h3 a").click()
    page.wait_for_url(f"**/{lang}/opportunities/{mine.opportunity_id}/")
    assert page.get_by_role("heading", name=words["others"]).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
