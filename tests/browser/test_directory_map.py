"""A member filters the directory, sees the map with clustered markers, opens a profile.

With no network at all: every request that does not go to the test server is refused and
recorded, and the map must still draw its outline of the provinces and its markers. In French
and English, on a phone (390 px) and a desktop (1280 px).
"""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

from mutualiser.diagnostic.models import Direction
from mutualiser.organisations.choices import Role, Visibility
from mutualiser.places.loader import locate

from ..factories import (
    CategoryFactory,
    InventoryItemFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from .conftest import signed_in_context

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLACES = [  # (municipality, region, how many organisations there)
    ("Montréal", "06", 5),
    ("Laval", "13", 3),
    ("Longueuil", "16", 2),
    ("Québec", "03", 4),
    ("Sherbrooke", "05", 2),
]


@pytest.fixture
def member_in_montreal(db):
    """Nadia's theatre in Montréal, and 16 listed organisations around Québec's south."""
    user = UserFactory(email="nadia@example.org")
    own = OrganisationFactory(name="Théâtre Nadia", slug="theatre-nadia", region="06")
    MembershipFactory(user=user, organisation=own, role=Role.OWNER)
    # a transactional test may start with an empty taxonomy: the one category it needs
    accounting = CategoryFactory(code="accounting", label_fr="Comptabilité", label_en="Accounting")
    for municipality, region, count in PLACES:
        location = locate(municipality, region)
        for number in range(count):
            organisation = OrganisationFactory(
                name=f"Compagnie {municipality} {number + 1}",
                slug=f"compagnie-{region}-{number + 1}",
                municipality=municipality,
                region=region,
                latitude=location.lat,
                longitude=location.lon,
                visibility=Visibility.DIRECTORY,
            )
            if number == 0:
                InventoryItemFactory(
                    organisation=organisation, category=accounting, direction=Direction.NEED
                )
    return user


def offline_page(new_context, live_server, user, width: int, lang: str):
    """A signed-in page whose browser reaches the test server and nothing else."""
    viewport = {"width": width, "height": 844 if width < 500 else 900}
    context = signed_in_context(new_context, live_server, user, viewport)
    refused = []

    def only_the_test_server(route):
        host = urlparse(route.request.url).hostname
        if host in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_test_server)
    page = context.new_page()
    page.refused = refused
    return page


# The organisations the map stands for: each cluster's number plus the single pins. While a
# zoom animates, Leaflet.markercluster shows the old and new icons together: poll until stable.
MARKERS_DRAWN = """(expected) => {
  const map = document.querySelector('#directory-map');
  const clusters = [...map.querySelectorAll('.map-cluster')].map(e => parseInt(e.innerText, 10));
  const drawn = clusters.reduce((a, b) => a + b, 0) + map.querySelectorAll('.map-pin').length;
  return drawn === expected;
}"""


def wait_for_markers_drawn(page, expected: int) -> None:
    page.wait_for_function(MARKERS_DRAWN, arg=expected)


def wait_for_markers_listed(page, expected: int) -> None:
    """The map has loaded this many points (its data-markers)."""
    page.wait_for_function(
        "(n) => document.querySelector('#directory-map')?.dataset.markers === n", arg=str(expected)
    )


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_member_filters_the_directory_reads_the_map_and_opens_a_profile(
    new_context, live_server, member_in_montreal, settings, width, lang
):
    settings.MAP_TILES_URL = ""
    page = offline_page(new_context, live_server, member_in_montreal, width, lang)

    page.goto(f"{live_server.url}/{lang}/organisations/")
    page.wait_for_selector("#directory-map[data-outline-drawn='true']")
    wait_for_markers_listed(page, 17)

    # the outline: one shape per province or territory, drawn from the vendored file
    assert page.locator("#directory-map .leaflet-overlay-pane path").count() >= 13
    # the markers: the 17 organisations (Nadia's own among them), clustered by place
    assert page.locator("#directory-map .map-cluster").count() >= 1
    wait_for_markers_drawn(page, 17)
    assert page.locator("#directory-map").is_visible()
    assert page.refused == []

    if not page.locator("#id_distance").is_visible():  # folded on a phone
        page.locator("#more-filters summary").click()
    page.locator("#id_distance").select_option("25")
    wait_for_markers_listed(page, 11)

    cards = page.locator("#directory-results .org-card")
    assert cards.count() == 11  # Montréal, Laval, Longueuil: not Québec nor Sherbrooke
    assert "distance=25" in page.url  # the address keeps the filter (HTMX pushed it)
    assert page.locator("#directory-map path[stroke='#e07a3f']").count() == 1  # the 25 km circle

    page.locator("#id_category").select_option("accounting")
    wait_for_markers_listed(page, 3)
    assert cards.count() == 3

    cards.first.locator("h3 a").click()
    page.wait_for_load_state()

    heading = (
        "Ce que l'organisme recherche" if lang == "fr" else "What this organisation is looking for"
    )
    accounting = "Comptabilité" if lang == "fr" else "Accounting"
    needs = page.locator("section", has_text=heading)
    assert needs.is_visible()
    assert accounting in needs.inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.refused == []


def test_without_javascript_the_list_and_filters_work_and_no_map_box_is_left(
    new_context, live_server, member_in_montreal
):
    page = offline_page(new_context, live_server, member_in_montreal, 390, "fr")
    page.context.route("**/*.js", lambda route: route.abort())

    page.goto(f"{live_server.url}/fr/organisations/?distance=25")

    assert page.locator("#directory-results .org-card").count() == 11
    assert not page.locator("#directory-map").is_visible()  # hidden until a script draws it
    assert page.locator("#id_region").is_visible()  # a filter in use keeps the others open
    page.locator("#id_region").select_option("13")
    page.locator(".filter-submit button").click()
    page.wait_for_url("**region=13**")
    assert page.locator("#directory-results .org-card").count() == 3


@pytest.mark.parametrize("tiles", [False, True])
def test_tiles_are_asked_for_only_when_an_address_is_set(
    new_context, live_server, member_in_montreal, settings, tiles
):
    settings.MAP_TILES_URL = f"{live_server.url}/tiles-test/{{z}}/{{x}}/{{y}}.png" if tiles else ""
    page = offline_page(new_context, live_server, member_in_montreal, 1280, "fr")
    asked = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto(f"{live_server.url}/fr/organisations/")
    page.wait_for_selector("#directory-map[data-outline-drawn='true']")
    wait_for_markers_listed(page, 17)
    page.wait_for_timeout(300)

    tile_requests = [url for url in asked if "/tiles-test/" in url]
    assert bool(tile_requests) is tiles
    assert page.refused == []


def test_a_marker_opens_the_organisations_name_and_profile_link(
    new_context, live_server, member_in_montreal
):
    page = offline_page(new_context, live_server, member_in_montreal, 1280, "en")
    page.goto(f"{live_server.url}/en/organisations/?region=05")
    wait_for_markers_listed(page, 2)
    wait_for_markers_drawn(page, 2)

    page.locator("#directory-map .map-cluster").first.click()  # two at one place: spread out
    page.locator("#directory-map .map-pin").first.click()

    popup = page.locator("#directory-map .leaflet-popup-content")
    assert "Compagnie Sherbrooke" in popup.inner_text()
    assert (
        popup.locator("a", has_text="See the profile")
        .get_attribute("href")
        .startswith("/en/organisations/compagnie-05-")
    )


def test_going_back_after_a_filter_shows_a_live_map_of_the_earlier_list(
    new_context, live_server, member_in_montreal
):
    page = offline_page(new_context, live_server, member_in_montreal, 1280, "fr")
    page.goto(f"{live_server.url}/fr/organisations/")
    wait_for_markers_listed(page, 17)
    page.locator("#id_region").select_option("05")
    wait_for_markers_listed(page, 2)

    page.go_back()

    wait_for_markers_listed(page, 17)
    assert page.locator("#directory-results .org-card").count() == 17
    wait_for_markers_drawn(page, 17)
    page.locator("#directory-map .leaflet-control-zoom-in").click()  # the map answers
    assert "region" not in page.url
