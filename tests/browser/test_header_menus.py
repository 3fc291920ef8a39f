"""The header's menus on a phone and a desktop: every item inside the screen, the header compact.

A member of two organisations, one with a 60-character name, opens the organisation switcher
and the account menu at 360, 390 and 430 px (and 1280 px), in French and in English.
"""

from __future__ import annotations

import os

import pytest

from mutualiser.organisations.choices import Role

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .conftest import signed_in_context

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Coopérative de production des arts de la scène du Bas-Saint-L"  # 61 characters


@pytest.fixture
def member_of_two(db):
    user = UserFactory(email="nadia@example.org")
    first = OrganisationFactory(name=LONG_NAME, slug="cooperative-bas-saint-laurent")
    second = OrganisationFactory(name="Danse Boréale", slug="danse-boreale")
    MembershipFactory(user=user, organisation=first, role=Role.OWNER)
    MembershipFactory(user=user, organisation=second, role=Role.EDITOR)
    return user


def signed_in_page(new_context, live_server, user, width: int, lang: str = "fr"):
    """A page of `width` px whose browser carries `user`'s session (no login form to fill)."""
    context = signed_in_context(new_context, live_server, user, {"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/guide/")
    return page


def items_outside(page, width: int) -> list[str]:
    """The open menu's items whose box is not wholly inside the viewport, with their box."""
    outside = []
    for item in page.locator("header details[open] > ul > li").all():
        box = item.bounding_box()
        assert box is not None, "an item of the open menu is not displayed"
        if box["x"] < 0 or box["x"] + box["width"] > width + 0.5:
            outside.append(f"{item.inner_text()!r} at x={box['x']:.0f}, w={box['width']:.0f}")
    return outside


@pytest.mark.parametrize("width", [360, 390, 430, 1280])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_item_of_every_header_menu_lies_inside_the_screen(
    new_context, live_server, member_of_two, width, lang
):
    page = signed_in_page(new_context, live_server, member_of_two, width, lang)

    menus = page.locator("header details.dropdown")
    assert menus.count() == 2  # the organisation switcher and the account menu
    for index in range(menus.count()):
        menus.nth(index).locator("summary").click()
        assert menus.nth(index).get_attribute("open") is not None
        assert items_outside(page, width) == []
        items = page.locator("header details[open] > ul > li")
        assert items.count() >= 4
        menus.nth(index).locator("summary").click()

    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [360, 390, 430])
def test_the_phone_header_stays_compact_with_a_long_organisation_name(
    new_context, live_server, member_of_two, width
):
    page = signed_in_page(new_context, live_server, member_of_two, width)

    header = page.locator("header.site-header").bounding_box()
    summary = page.locator("header .org-switcher summary")
    # Three short rows: brand and language, the sections, the two menus side by side.
    assert header["height"] <= 150
    assert summary.bounding_box()["y"] == pytest.approx(
        page.locator("header .account-menu summary").bounding_box()["y"], abs=2
    )
    label = summary.locator(".summary-label")
    assert label.evaluate("e => e.scrollWidth > e.clientWidth")  # shortened with an ellipsis
    assert summary.get_attribute("title") == LONG_NAME  # the whole name on hover


def test_signing_out_from_the_phone_menu_is_one_tap_away(new_context, live_server, member_of_two):
    page = signed_in_page(new_context, live_server, member_of_two, 390)

    page.locator("header .account-menu summary").click()
    page.get_by_role("link", name="Se déconnecter").click()

    assert page.get_by_role("heading", level=1, name="Se déconnecter").is_visible()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_wide_header_is_one_row_with_the_five_sections(
    new_context, live_server, member_of_two, lang
):
    page = signed_in_page(new_context, live_server, member_of_two, 1280, lang)

    sections = page.locator("header .site-menu a")
    tops = {round(sections.nth(i).bounding_box()["y"]) for i in range(sections.count())}
    language = page.locator("header .language-switch button").bounding_box()
    account = page.locator("header .account-menu summary").bounding_box()

    assert sections.count() == 5
    assert len(tops) == 1
    assert abs(language["y"] + language["height"] / 2 - (account["y"] + account["height"] / 2)) < 8
    assert page.locator("header.site-header").bounding_box()["height"] <= 110


def test_the_phone_sections_scroll_sideways_instead_of_wrapping(
    new_context, live_server, member_of_two
):
    page = signed_in_page(new_context, live_server, member_of_two, 360, "fr")

    sections = page.locator("header .site-menu a")
    tops = {round(sections.nth(i).bounding_box()["y"]) for i in range(sections.count())}
    menu = page.locator("header .site-menu")

    assert len(tops) == 1
    assert menu.evaluate("m => m.scrollWidth > m.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
