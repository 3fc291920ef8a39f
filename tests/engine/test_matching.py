"""Candidate pairs: distance, calendars, capacity, exclusions, offers."""

import pytest

from mutualiser.engine.generator import generate_instance
from mutualiser.engine.instance import instance_from_dict
from mutualiser.engine.matching import find_candidates, haversine_km, index_dtype
from tests.engine.builders import (
    SEASON,
    SUMMER,
    make_instance,
    make_item,
    make_offer,
    make_org,
)

QUEBEC = (46.8139, -71.2080)


def pools(instance):
    return {(c.a, c.b) for c in find_candidates(instance).pairs() if c.kind == "pool"}


def offers(instance):
    return {(c.a, c.b) for c in find_candidates(instance).pairs() if c.kind == "offer"}


def test_haversine_gives_the_montreal_quebec_distance():
    assert haversine_km(45.5019, -73.5674, *QUEBEC) == pytest.approx(233, abs=2)


def test_a_summer_festival_and_a_winter_theatre_are_candidates_with_their_complementarity():
    instance = make_instance([make_item("i1", "o1", SUMMER), make_item("i2", "o2", SEASON)])

    (candidate,) = find_candidates(instance).pairs()

    assert (candidate.kind, candidate.a, candidate.b) == ("pool", "i1", "i2")
    assert candidate.distance_km == pytest.approx(0, abs=1e-6)
    # Peaks 70 and 60 alone; together July and August peak at 70 + 0.
    assert candidate.complementarity == pytest.approx(70 + 60 - 70)


def test_needs_beyond_either_max_distance_are_not_candidates():
    items = [make_item("i1", "o1", max_distance_km=300), make_item("i2", "o2", max_distance_km=100)]
    orgs = [make_org("o1"), make_org("o2", *QUEBEC)]

    assert pools(make_instance(items, orgs=orgs)) == set()


def test_needs_whose_combined_peak_exceeds_capacity_are_not_candidates():
    instance = make_instance([make_item("i1", "o1", 80), make_item("i2", "o2", 61)])

    assert pools(instance) == set()


def test_needs_of_the_same_or_excluded_organisations_are_not_candidates():
    items = [make_item("i1", "o1"), make_item("i2", "o1"), make_item("i3", "o2")]

    assert pools(make_instance(items, orgs=[make_org("o1"), make_org("o2")])) == {
        ("i1", "i3"),
        ("i2", "i3"),
    }
    assert pools(make_instance(items, exclusions=[["o2", "o1"]])) == set()


def test_an_offer_serves_only_needs_it_covers_every_month_at_a_lower_rate():
    items = [
        make_offer("i1", "o1", 30, rate=45),
        make_item("i2", "o2", 30),
        make_item("i3", "o3", [31] + [10] * 11),
        make_offer("i4", "o4", 40, rate=70),  # dearer than buying alone at 65
    ]

    instance = make_instance(items)

    assert offers(instance) == {("i1", "i2")}
    (candidate,) = [c for c in find_candidates(instance).pairs() if c.kind == "offer"]
    assert candidate.savings == pytest.approx((65 - 45) * 30 * 12)


def test_dense_categories_are_capped_to_the_nearest_neighbours():
    instance = instance_from_dict(generate_instance(3000, 5, cities=["Montréal"]))

    candidates = find_candidates(instance, neighbours=8, exact_pair_limit=2)

    assert candidates.capped_categories
    degree = {}
    for a in (*candidates.pool_a.tolist(), *candidates.pool_b.tolist()):
        degree[a] = degree.get(a, 0) + 1
    assert sum(degree.values()) / len(degree) <= 2 * 8


def test_capped_candidates_are_a_subset_of_all_compatible_pairs():
    instance = instance_from_dict(generate_instance(300, 2, cities=["Québec", "Lévis"]))

    capped = find_candidates(instance, neighbours=4, exact_pair_limit=0)
    full = find_candidates(instance)

    assert not full.capped_categories
    capped_pairs = set(zip(capped.pool_a.tolist(), capped.pool_b.tolist(), strict=True))
    full_pairs = set(zip(full.pool_a.tolist(), full.pool_b.tolist(), strict=True))
    assert capped_pairs and capped_pairs <= full_pairs


def test_density_is_claimed_only_when_the_pairs_exceed_the_limit():
    import numpy as np
    from scipy.spatial import cKDTree

    from mutualiser.engine.matching import _surely_dense, km_to_chord, unit_vectors

    rng = np.random.default_rng(3)
    lat = 45.5 + rng.normal(0, 0.2, 4000)
    lon = -73.6 + rng.normal(0, 0.3, 4000)
    xyz = unit_vectors(lat, lon)
    tree = cKDTree(xyz)
    for km in (1, 5, 30):
        radius = float(km_to_chord(km))
        pairs = (int(tree.count_neighbors(tree, radius)) - len(xyz)) // 2
        for limit in (pairs // 4, pairs - 1, pairs, 2 * pairs):
            if _surely_dense(xyz, tree, radius, True, limit):
                assert pairs > limit


def test_the_pairs_hold_item_indices_in_32_bits_while_they_fit():
    import numpy as np

    candidates = find_candidates(instance_from_dict(generate_instance(60, 1)))

    assert candidates.pool_a.dtype == candidates.offer_need.dtype == np.int32
    assert index_dtype(2**31 - 1) is np.int32
    assert index_dtype(2**31) is np.int64  # beyond, an int32 index would wrap round
