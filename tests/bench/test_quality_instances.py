"""The quality benchmark's instance generator: deterministic, valid, shaped as announced."""

from __future__ import annotations

import pytest
from quality_instances import CITIES, SIZES, SPREAD_KM, generate
from reference_exact import haversine_km

from mutualiser.engine.instance import instance_from_dict


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_same_seed_gives_the_same_instance_and_another_seed_another(size):
    first = generate(size, 1)

    assert generate(size, 1) == first
    assert generate(size, 2) != first


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_size_is_a_valid_contract_instance(size):
    data = generate(size, 3)

    instance = instance_from_dict(data)

    assert len(instance.organisations) == SIZES[size].organisations
    assert len(instance.categories) == 5
    assert all(3 <= c.params.max_group_size <= 6 for c in instance.categories)
    assert instance.exclusions


@pytest.mark.parametrize("size", sorted(SIZES))
def test_organisations_lie_within_sixty_km_of_one_of_their_cities(size):
    data = generate(size, 4)

    centres = [CITIES[c] for c in SIZES[size].cities]
    for org in data["organisations"]:
        nearest = min(haversine_km(org["lat"], org["lon"], lat, lon) for lat, lon, _ in centres)
        assert nearest <= SPREAD_KM * 1.001  # offsets are laid on a flat map


def test_long_distance_sizes_reach_beyond_sixty_km_and_four_cities_are_used():
    long = generate("80 one city long", 1)
    region = generate("400 four cities", 1)

    assert max(i["max_distance_km"] for i in long["items"]) > SPREAD_KM
    assert min(i["max_distance_km"] for i in long["items"]) >= 20
    assert {o["region"] for o in region["organisations"]} == {r for _, _, r in CITIES.values()}


def test_needs_are_seasonal_and_offers_mostly_below_the_market_rate():
    data = generate("400 four cities", 2)
    rate = {c["code"]: c["standalone_rate"] for c in data["categories"]}

    needs = [i for i in data["items"] if i["direction"] == "need"]
    offers = [i for i in data["items"] if i["direction"] == "offer"]
    below = [o for o in offers if o["rate"] < rate[o["category"]]]

    assert any(0 in n["months"] for n in needs)
    assert all(sum(n["months"]) > 0 for n in needs)
    assert 0.8 * len(offers) <= len(below) < len(offers)
