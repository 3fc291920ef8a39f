"""On a 390 px phone: the simulator shows every partner's result, and no select clips its text."""

from __future__ import annotations

import os

import pytest

from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.organisations.choices import Role

from ..factories import InventoryItemFactory, MembershipFactory, OrganisationFactory, UserFactory
from .test_header_menus import signed_in_page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390

# Four partners, the third paying more than alone under several keys (a summer festival with a
# small budget, the defaults' pattern), the fourth filled in so that four cards are shown.
FOUR_PARTNERS = (
    "?category=accounting"
    "&p1-name=Théâtre+des+Alizés&p1-use=30&p1-season=year&p1-budget=450000"
    "&p2-name=Danse+Boréale&p2-use=40&p2-season=season&p2-budget=800000"
    "&p3-name=Festival+du+Fleuve&p3-use=50&p3-season=summer&p3-budget=300000"
    "&p4-name=Musée+du+Quai&p4-use=10&p4-season=year&p4-budget=200000"
)

# How much of each select's text box the chosen option's text needs, measured with the
# select's own font; a select's text never wraps, so what does not fit is cut off.
SELECT_FITS = """(select) => {
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const box = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const chosen = select.options[select.selectedIndex];
  const text = chosen ? chosen.text : '';
  return {box, text, width: context.measureText(text).width};
}"""
TOLERANCE = 2  # px: canvas and form-control text metrics differ by a fraction of a pixel


# Lists of names, not of choices we word: a few of the longest taxonomy categories and
# municipalities stay wider than a 390 px phone; every other select must show each choice whole.
def test_every_partner_result_of_the_simulator_is_readable_on_a_phone(new_context, live_server):
    page = new_context(viewport={"width": PHONE_WIDTH, "height": 844}).new_page()

    page.goto(f"{live_server.url}/fr/guide/partage-des-couts/exemple/{FOUR_PARTNERS}")

    cards = page.locator("#cost-result .cs-card")
    assert cards.count() == 4
    assert page.locator("#cost-result .cs-table").is_hidden()  # six columns do not fit
    for index in range(4):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        box = card.bounding_box()
        assert card.is_visible()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
        assert card.locator(".cs-card-rows li").count() == 6  # one line per key
    festival = cards.filter(has_text="Festival du Fleuve")
    alert = festival.locator(".cs-card-alert")
    assert alert.is_visible()
    assert "Paie plus que seul avec" in alert.inner_text()
    over = festival.locator("li.cs-over")
    assert over.count() >= 1
    assert over.first.locator(".cs-warning").inner_text() == "paie plus que seul"
    assert over.first.locator(".cs-warning").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def test_the_simulator_keeps_its_table_and_aligned_partner_cards_on_a_desktop(
    new_context, live_server
):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()

    page.goto(f"{live_server.url}/fr/guide/partage-des-couts/exemple/")

    assert page.locator("#cost-result .cs-table").is_visible()
    assert page.locator("#cost-result .cs-cards").is_hidden()
    tops = {
        round(box["y"])
        for box in map(lambda f: f.bounding_box(), page.locator(".cs-partner").all())
    }
    assert len(tops) == 1, f"the partner cards start at different heights: {tops}"
    season = page.locator("#id_p2-season")
    assert season.input_value() == "season"  # « De septembre à mai »
    fit = season.evaluate(SELECT_FITS)
    assert fit["width"] <= fit["box"] + TOLERANCE, fit


@pytest.fixture
def editor_with_an_item(db):
    """A member whose organisation has one item, to open every form with a select."""
    taxonomy_load()
    user = UserFactory(email="nadia@example.org")
    organisation = OrganisationFactory(name="Les Productions du Fleuve", slug="productions-fleuve")
    MembershipFactory(user=user, organisation=organisation, role=Role.OWNER)
    item = InventoryItemFactory(
        organisation=organisation, category=Category.objects.get(code="accounting")
    )
    return user, organisation, item


def clipped_selects(page) -> list[str]:
    """Each visible select, set in turn to each of its choices, whose text is cut off."""
    clipped = []
    for select in page.locator("main select").all():
        if not select.is_visible():
            continue
        name = select.get_attribute("name")
        values = select.evaluate("s => [...s.options].map(o => o.value)")
        chosen = select.input_value()
        for value in values:
            select.evaluate("(s, v) => { s.value = v; }", value)
            fit = select.evaluate(SELECT_FITS)
            if fit["width"] > fit["box"] + TOLERANCE:
                clipped.append(
                    f"{name}: {fit['text']!r} needs {fit['width']:.0f} of {fit['box']:.0f} px"
                )
        select.evaluate("(s, v) => { s.value = v; }", chosen)
    return clipped


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_select_of_any_form_clips_its_text_on_a_phone(
    new_context, live_server, editor_with_an_item, lang
):
    user, organisation, item = editor_with_an_item
    page = signed_in_page(new_context, live_server, user, PHONE_WIDTH, lang)
    paths = [
        "/guide/partage-des-couts/exemple/",
        "/organisations/",
        "/organisations/new/?region=06",
        f"/organisations/{organisation.slug}/edit/",
        f"/organisations/{organisation.slug}/members/",
        f"/diagnostic/inventory/{item.pk}/edit/",
        "/diagnostic/weights/",
        "/readiness/new/",
    ]

    clipped = {}
    for path in paths:
        page.goto(f"{live_server.url}/{lang}{path}")
        page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
        clipped_here = clipped_selects(page)
        if clipped_here:
            clipped[path] = clipped_here
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, path

    assert clipped == {}


def test_the_empty_inventory_explains_then_searches_and_unfolds_its_list_on_demand(
    new_context, live_server
):
    taxonomy_load()
    user = UserFactory(email="nadia@example.org")
    organisation = OrganisationFactory(name="Les Productions du Fleuve", slug="productions-fleuve")
    MembershipFactory(user=user, organisation=organisation, role=Role.OWNER)
    page = signed_in_page(new_context, live_server, user, PHONE_WIDTH)

    page.goto(f"{live_server.url}/fr/diagnostic/inventory/")

    explanation = page.locator(".inv-directions-explained").bounding_box()
    search = page.locator("#id_q").bounding_box()
    summary = page.locator("#checklist > summary")
    assert explanation["y"] < search["y"] < summary.bounding_box()["y"]
    assert page.locator(".inv-family-box").first.is_hidden()
    assert summary.bounding_box()["y"] < 844 * 1.5  # within a thumb's scroll of the top
    summary.click()
    assert page.locator(".inv-family-box").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
