"""A stale edit in the browser (issue 8): someone else saves the item while the form is open;
saving is refused, the page lists what changed, and the member's entries stay in the form.
Screenshots at 390 and 1280 px, French and English, in /tmp/inventory-reliability-2-shots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.diagnostic.services import inventory_item_update, taxonomy_load
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, OrganisationFactory, UserFactory
from .conftest import signed_in_context

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/inventory-reliability-2-shots")
WORDS = {
    "fr": ("Quelqu'un a modifié cet élément", "Notes : Écrit dans l'autre onglet"),
    "en": ("Someone changed this item", "Notes: Écrit dans l'autre onglet"),
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_stale_edit_is_refused_on_the_page_with_what_changed(
    new_context, live_server, lang, width
):
    taxonomy_load()
    user = UserFactory(email="nadia@example.org")
    organisation = OrganisationFactory(name="Les Productions du Fleuve", slug="productions-fleuve")
    MembershipFactory(user=user, organisation=organisation, role=Role.OWNER)
    item = InventoryItemFactory(
        organisation=organisation, category=Category.objects.get(code="accounting"), months=[2] * 12
    )
    context = signed_in_context(new_context, live_server, user, {"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/diagnostic/inventory/")
    page.click(f"#item-{item.pk} a[href$='/edit/']")
    page.wait_for_selector(f"#item-{item.pk} form textarea[name=notes]")
    page.fill(f"#item-{item.pk} textarea[name=notes]", "Mon ajout")

    inventory_item_update(
        item=InventoryItem.objects.get(pk=item.pk),
        data={"notes": "Écrit dans l'autre onglet", "annual_cost": 900},
        version=1,
    )
    page.click(f"#item-{item.pk} button[type=submit]:not([name])")
    page.wait_for_selector("#stale-edit")

    headline, change = WORDS[lang]
    text = page.inner_text("#stale-edit")
    assert headline in text
    assert change in text
    assert page.input_value(f"#item-{item.pk} textarea[name=notes]") == "Mon ajout"
    assert InventoryItem.objects.get(pk=item.pk).notes == "Écrit dans l'autre onglet"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#stale-edit").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"stale-edit-{lang}-{width}.png"))

    page.click(f"#item-{item.pk} button[type=submit]:not([name])")
    page.wait_for_selector(f"#item-{item.pk}:not(.inv-editing)")
    saved = InventoryItem.objects.get(pk=item.pk)
    assert (saved.notes, saved.version) == ("Mon ajout", 3)
