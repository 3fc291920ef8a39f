"""The map's data: the listed organisations, at their municipality, under the same filters."""

import pytest

from mutualiser.organisations.choices import Visibility
from mutualiser.organisations.selectors import MAP_DECIMALS
from tests.factories import OrganisationFactory

MAP_URL = "/fr/organisations/map.json"


def listed(**kwargs):
    return OrganisationFactory(visibility=Visibility.DIRECTORY, **kwargs)


@pytest.mark.django_db
def test_map_points_are_the_listed_organisations_with_their_profile_and_place(client, alice):
    listed(name="Cirque du Vent", slug="cirque-du-vent", municipality="Laval", region="13")
    OrganisationFactory(name="Compagnie Secrète", visibility=Visibility.PRIVATE)
    OrganisationFactory(name="Atelier Partagé", visibility=Visibility.WORKSHOP)
    client.force_login(alice)

    answer = client.get(MAP_URL).json()

    by_name = {point["name"]: point for point in answer["points"]}
    assert set(by_name) == {"Cirque du Vent", "Théâtre des Alizés"}
    assert by_name["Cirque du Vent"] == {
        "name": "Cirque du Vent",
        "url": "/fr/organisations/cirque-du-vent/",
        "place": "Laval",
        "lat": 45.57,
        "lon": -73.69,
    }
    assert by_name["Théâtre des Alizés"]["mine"] is True  # only one's own are marked
    assert answer["total"] == answer["shown"] == 2


@pytest.mark.django_db
def test_map_points_follow_the_filters(client, alice):
    listed(name="Danse Québec", region="03", municipality="Québec", disciplines=["dance"])
    listed(name="Danse Laval", region="13", municipality="Laval", disciplines=["dance"])
    client.force_login(alice)

    answer = client.get(MAP_URL, {"region": "03", "discipline": "dance"}).json()

    assert [point["name"] for point in answer["points"]] == ["Danse Québec"]


@pytest.mark.django_db
def test_a_point_is_the_municipality_never_the_stored_exact_coordinates(client, alice):
    """Coordinates typed by hand (an import, the admin) stay on the server."""
    listed(
        name="Lieu précis",
        municipality="Laval",
        region="13",
        latitude=45.612345,
        longitude=-73.71234,
    )
    listed(name="Sans municipalité", municipality="", region="05", latitude=45.3, longitude=-71.9)
    client.force_login(alice)

    answer = client.get(MAP_URL)

    text = answer.content.decode()
    points = {point["name"]: point for point in answer.json()["points"]}
    assert "45.612345" not in text and "73.71234" not in text
    assert (points["Lieu précis"]["lat"], points["Lieu précis"]["lon"]) == (45.57, -73.69)
    # no municipality: the region's centre (Sherbrooke), and the region's name as the place
    assert (points["Sans municipalité"]["lat"], points["Sans municipalité"]["lon"]) == (45.4, -71.9)
    assert points["Sans municipalité"]["place"] == "Estrie"
    for point in points.values():
        assert round(point["lat"], MAP_DECIMALS) == point["lat"]


@pytest.mark.django_db
def test_map_data_needs_an_account(client, alice):
    response = client.get(MAP_URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_map_data_is_capped_and_says_so(client, alice, settings, monkeypatch):
    monkeypatch.setattr("mutualiser.organisations.selectors.MAP_POINTS_MAX", 3)
    for number in range(5):
        listed(name=f"Troupe {number}")
    client.force_login(alice)

    answer = client.get(MAP_URL).json()

    assert answer["shown"] == 3 and answer["total"] == 6
    assert len(answer["points"]) == 3


@pytest.mark.django_db
def test_the_page_points_the_map_to_its_data_and_the_offline_outline(client, alice, settings):
    settings.MAP_TILES_URL = ""
    client.force_login(alice)

    content = client.get("/fr/organisations/", {"region": "06"}).content.decode()

    assert 'data-map-url="/fr/organisations/map.json?region=06"' in content
    assert 'data-outline-url="/static/vendor/outline/canada-provinces.geojson"' in content
    assert 'data-tiles-url=""' in content
    assert "vendor/leaflet/leaflet.js" in content
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in content


@pytest.mark.django_db
def test_tiles_are_drawn_only_from_the_configured_address(client, alice, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "© Exemple"
    client.force_login(alice)

    content = client.get("/fr/organisations/").content.decode()

    assert 'data-tiles-url="https://tiles.example.org/{z}/{x}/{y}.png"' in content
    assert 'data-tiles-attribution="© Exemple"' in content


def test_the_vendored_outline_is_small_and_has_quebec(settings):
    import json
    from pathlib import Path

    path = Path(settings.PACKAGE_DIR) / "static/vendor/outline/canada-provinces.geojson"

    outline = json.loads(path.read_text(encoding="utf-8"))

    assert path.stat().st_size < 300_000
    codes = {feature["properties"]["code"] for feature in outline["features"]}
    assert {"QC", "ON", "NB", "NF"} <= codes
    quebec = next(f for f in outline["features"] if f["properties"]["code"] == "QC")
    longitudes = [x for polygon in quebec["geometry"]["coordinates"] for x, _y in polygon[0]]
    assert -80 < min(longitudes) < -79 and -58 < max(longitudes) < -57


@pytest.mark.django_db
def test_map_data_queries_do_not_grow_with_the_number_of_organisations(
    client, alice, django_assert_num_queries
):
    for number in range(30):
        listed(name=f"Troupe {number:02d}", municipality="Laval", region="13")
    client.force_login(alice)
    client.get(MAP_URL)  # warm the session

    # session, user, current membership, the category filter's families and categories,
    # the organisations, their count
    with django_assert_num_queries(7):
        answer = client.get(MAP_URL).json()

    assert answer["shown"] == 31


def test_a_tiles_address_that_is_not_one_is_refused_at_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from mutualiser.settings import envurl

    monkeypatch.setenv("MAP_TILES_URL", "javascript:alert(1)")
    with pytest.raises(ImproperlyConfigured, match="MAP_TILES_URL must start with"):
        envurl("MAP_TILES_URL")
    monkeypatch.setenv("MAP_TILES_URL", " https://tiles.example.org/{z}/{x}/{y}.png ")
    assert envurl("MAP_TILES_URL") == "https://tiles.example.org/{z}/{x}/{y}.png"
    monkeypatch.delenv("MAP_TILES_URL")
    assert envurl("MAP_TILES_URL") == ""
