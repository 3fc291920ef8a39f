"""Grouping: hand-computed cases, feasibility and optimality properties."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualiser.engine.costmodel import group_savings, offer_assignment_savings
from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import instance_from_dict
from tests.engine.builders import (
    SEASON,
    SUMMER,
    check_feasible,
    make_category,
    make_instance,
    make_item,
    make_offer,
    make_org,
    make_params,
)

VAN = make_category("cargo_van", standalone_rate=150, unit_capacity=22, unit_cost=1100,
                    min_fraction=1.0, member_overhead=50, max_group_size=4)  # fmt: skip


def test_a_summer_festival_and_a_winter_theatre_share_one_van():
    festival = [0, 0, 0, 0, 4, 12, 14, 14, 4, 0, 0, 0]
    theatre = [10, 10, 10, 8, 6, 0, 0, 0, 8, 10, 10, 10]
    instance = make_instance(
        [
            make_item("i1", "o1", festival, category="cargo_van"),
            make_item("i2", "o2", theatre, category="cargo_van"),
        ],
        categories=[VAN],
    )

    result = solve(instance)

    (group,) = result.groups
    # Alone: 150 * (48 + 82) = 19,500. Together: 12 * (1100 * max(1, 14/22) + 50 * 2) = 14,400.
    assert group.items == ("i1", "i2")
    assert group.cost == pytest.approx(14_400)
    assert group.savings == pytest.approx(5_100)
    assert result.total_savings == pytest.approx(5_100)
    assert result.components[0].method == "exact" and result.components[0].optimal


def test_six_part_time_accountants_pool_into_one_position():
    items = [make_item(f"i{k}", f"o{k}", 15) for k in range(1, 7)]

    result = solve(make_instance(items))

    (group,) = result.groups
    # Alone 6 * 65 * 180 = 70,200; together 12 * (6200 * 90/140 + 150 * 6) = 58,628.57.
    # Two groups of three would each pay the 40 % minimum and lose money.
    assert len(group.items) == 6
    assert group.savings == pytest.approx(70_200 - 12 * (6200 * 90 / 140 + 900))
    assert set(group.shares) == {f"o{k}" for k in range(1, 7)}


def test_two_small_needs_stay_alone_when_pooling_costs_more():
    result = solve(make_instance([make_item("i1", "o1", 20), make_item("i2", "o2", 20)]))

    assert result.groups == () and result.total_savings == 0


def test_an_offer_serves_the_needs_that_fit_its_capacity():
    items = [
        make_offer("i1", "o1", 30, rate=45),
        make_item("i2", "o2", 20),
        make_item("i3", "o3", 15),
    ]

    result = solve(make_instance(items))

    # Only one of the two fits in 30 a month; the larger saves more: 20 * 12 * 20.
    assert [(a.offer, a.need) for a in result.assignments] == [("i1", "i2")]
    assert result.total_savings == pytest.approx(4_800)


def test_excluded_organisations_are_never_grouped():
    items = [make_item(f"i{k}", f"o{k}", 20) for k in range(1, 7)]

    result = solve(make_instance(items, exclusions=[["o1", "o2"]]))

    for group in result.groups:
        assert not {"i1", "i2"} <= set(group.items)


def test_groups_are_sorted_and_the_result_is_deterministic():
    instance = instance_from_dict(generate_instance(30, 4, cities=["Sherbrooke"]))

    first, second = solve(instance), solve(instance)

    assert first == second
    keys = [(g.category, g.items) for g in first.groups]
    assert keys == sorted(keys)


def test_a_one_city_workshop_is_solved_to_proven_optimality():
    instance = instance_from_dict(generate_instance(40, 11, cities=["Québec"]))

    result = solve(instance)

    check_feasible(instance, result)
    assert all(c.method == "exact" and c.optimal for c in result.components)


def test_the_heuristic_is_feasible_and_close_to_the_exact_optimum():
    instance = instance_from_dict(generate_instance(40, 3, cities=["Montréal"]))

    exact = solve(instance, with_shares=False)
    heuristic = solve(instance, exact_limit=0, with_shares=False)

    check_feasible(instance, heuristic)
    assert all(c.method == "heuristic" for c in heuristic.components)
    assert heuristic.total_savings <= exact.total_savings + 1e-6
    assert heuristic.total_savings >= 0.95 * exact.total_savings


def test_the_lp_bound_of_a_heuristic_component_is_above_what_it_found():
    instance = instance_from_dict(generate_instance(40, 3, cities=["Montréal"]))

    result = solve(instance, exact_limit=0, bound_limit=100_000, with_shares=False)

    bounded = [c for c in result.components if c.bound is not None]
    assert bounded
    for c in bounded:
        assert c.bound >= c.savings - 1e-6 and 0 <= c.gap <= 1


# --- properties on small random instances --------------------------------------------------

PLACES = [(45.50, -73.57), (45.52, -73.60), (45.60, -73.70), (45.90, -73.30)]


@st.composite
def small_instances(draw, max_items: int = 8):
    n = draw(st.integers(2, max_items))
    n_orgs = draw(st.integers(2, 5))
    orgs = [
        make_org(f"o{k}", *PLACES[draw(st.integers(0, len(PLACES) - 1))])
        for k in range(1, n_orgs + 1)
    ]
    month = st.integers(0, 60)
    items = []
    for k in range(1, n + 1):
        months = draw(st.lists(month, min_size=12, max_size=12))
        org = f"o{draw(st.integers(1, n_orgs))}"
        distance = draw(st.sampled_from([5, 30, 80]))
        if draw(st.integers(0, 4)) == 0:
            rate = draw(st.sampled_from([30, 50, 64]))
            items.append(make_offer(f"i{k}", org, months, rate=rate, max_distance_km=distance))
        else:
            items.append(make_item(f"i{k}", org, months, max_distance_km=distance))
    category = make_category(
        min_fraction=draw(st.sampled_from([0.0, 0.2, 0.4])),
        member_overhead=draw(st.sampled_from([0, 50, 150])),
        unit_cost=draw(st.sampled_from([3000, 6200])),
        max_group_size=draw(st.integers(2, 4)),
    )
    exclusions = []
    if draw(st.booleans()):
        exclusions = [["o1", "o2"]]
    return make_instance(items, orgs=orgs, categories=[category], exclusions=exclusions)


def _compatible(instance, a, b) -> bool:
    from mutualiser.engine.matching import haversine_km

    oa, ob = instance.organisation_by_id[a.org], instance.organisation_by_id[b.org]
    km = haversine_km(oa.lat, oa.lon, ob.lat, ob.lon)
    return (
        a.org != b.org
        and km <= min(a.max_distance_km, b.max_distance_km) + 1e-9
        and not instance.is_excluded(a.org, b.org)
    )


def brute_force_optimum(instance) -> float:
    """Best total savings over every way to place each need: alone, a group, or an offer."""
    params = instance.categories[0].params
    needs = [i for i in instance.items if i.direction == "need"]
    offers = [i for i in instance.items if i.direction == "offer"]
    best = 0.0

    def place(k: int, groups: list[list], served: dict[str, list], total_offers: float) -> None:
        nonlocal best
        if k == len(needs):
            value = total_offers
            for members in groups:
                if len(members) < 2:
                    continue
                if len(members) > params.max_group_size:
                    return
                demands = [m.months for m in members]
                if max(sum(d[t] for d in demands) for t in range(12)) > params.unit_capacity:
                    return
                if any(
                    not _compatible(instance, a, b) for a, b in itertools.combinations(members, 2)
                ):
                    return
                value += max(0.0, group_savings(params, demands))
            best = max(best, value)
            return
        need = needs[k]
        place(k + 1, groups, served, total_offers)  # alone
        for members in groups:  # join an existing group
            members.append(need)
            place(k + 1, groups, served, total_offers)
            members.pop()
        groups.append([need])  # start a new group
        place(k + 1, groups, served, total_offers)
        groups.pop()
        for offer in offers:  # be served by an offer
            if offer.rate >= params.standalone_rate or not _compatible(instance, offer, need):
                continue
            load = served.setdefault(offer.id, [0.0] * 12)
            if any(load[t] + need.months[t] > offer.months[t] for t in range(12)):
                continue
            for t in range(12):
                load[t] += need.months[t]
            gain = offer_assignment_savings(params, offer.rate, need.months)
            place(k + 1, groups, served, total_offers + gain)
            for t in range(12):
                load[t] -= need.months[t]

    place(0, [], {}, 0.0)
    return best


@settings(max_examples=60, deadline=None)
@given(small_instances())
def test_every_result_is_feasible_and_its_savings_follow_the_contract(instance):
    result = solve(instance)

    check_feasible(instance, result)


@settings(max_examples=40, deadline=None)
@given(small_instances())
def test_the_heuristic_alone_is_feasible(instance):
    result = solve(instance, exact_limit=0, with_shares=False)

    check_feasible(instance, result)


@settings(max_examples=60, deadline=None)
@given(small_instances(max_items=7))
def test_grouping_equals_the_brute_force_optimum_on_small_instances(instance):
    result = solve(instance, with_shares=False)

    assert result.total_savings == pytest.approx(brute_force_optimum(instance), abs=1e-6)


def test_savings_claimed_are_those_of_the_cost_model():
    items = [make_item(f"i{k}", f"o{k}", SUMMER if k % 2 else SEASON) for k in range(1, 9)]
    instance = make_instance(items)
    params = make_params()

    result = solve(instance)

    for group in result.groups:
        demands = [instance.item_by_id[i].months for i in group.items]
        assert group.savings == pytest.approx(group_savings(params, demands))
    check_feasible(instance, result)


# --- exact solving of hard components, large groups, time limits ---------------------------


def test_many_interchangeable_needs_are_solved_fast_and_proven_optimal():
    # 17 part-time bookkeepers, all compatible, groups of up to 8: ~64,000 feasible groups
    # whose LP is massively degenerate (the demo's slow component). The LP bound and an
    # exact cover of its zero-priced columns prove the optimum at once.
    import time

    quantities = [9, 15, 21, 13, 9, 5, 6, 18, 16, 25, 12, 24, 11, 23, 10, 21, 11]
    category = make_category(
        "bookkeeping", standalone_rate=45, unit_capacity=140, unit_cost=4500,
        min_fraction=0.3, member_overhead=100, max_group_size=8,
    )  # fmt: skip
    items = [
        make_item(f"i{k}", f"o{k}", [q] * 12, category="bookkeeping")
        for k, q in enumerate(quantities, start=1)
    ]
    instance = make_instance(items, categories=[category])

    started = time.perf_counter()
    result = solve(instance, with_shares=False)
    seconds = time.perf_counter() - started

    check_feasible(instance, result)
    (component,) = result.components
    assert component.method == "exact" and component.optimal
    assert component.bound == pytest.approx(result.total_savings)
    assert seconds < 10


def test_a_large_group_is_searched_without_enumerating_its_bipartitions():
    # 30 identical small needs, groups of up to 30: local search must not try 2^29 splits.
    import time

    category = make_category(
        "group_insurance", standalone_rate=250, unit_capacity=20, unit_cost=3800,
        min_fraction=0.25, member_overhead=15, max_group_size=30,
    )  # fmt: skip
    items = [make_item(f"i{k}", f"o{k}", 1, category="group_insurance") for k in range(1, 31)]
    instance = make_instance(items, categories=[category])

    started = time.perf_counter()
    result = solve(instance, exact_limit=0, with_shares=False)

    assert time.perf_counter() - started < 5
    check_feasible(instance, result)
    # Beyond 5 members each one saves 250 * 12 - 12 * (3800 / 20 + 15) = 540 a year.
    assert result.total_savings == pytest.approx(540 * 30)


def test_the_set_packing_lp_route_finds_the_optimum_of_small_packings():
    import numpy as np

    from mutualiser.engine.grouping.exact import packing_milp as _packing_milp

    rng = np.random.default_rng(7)
    for _ in range(20):
        n_rows, n_cols = 6, 14
        columns = [
            sorted(rng.choice(n_rows, size=int(rng.integers(1, 4)), replace=False).tolist())
            for _ in range(n_cols)
        ]
        savings = rng.integers(1, 20, n_cols).astype(float)
        rows = np.array([r for c in columns for r in c])
        cols = np.array([k for k, c in enumerate(columns) for _ in c])
        arrays = (rows, cols, np.ones(len(rows)), np.ones(n_rows))
        best = 0.0
        for mask in range(1 << n_cols):
            chosen = [k for k in range(n_cols) if mask >> k & 1]
            used = [r for k in chosen for r in columns[k]]
            if len(used) == len(set(used)):
                best = max(best, float(savings[chosen].sum()))
        for incumbent in (0.0, best / 2, best):
            chosen, value, optimal, _, bound = _packing_milp(arrays, savings, incumbent, None)
            assert optimal and value == pytest.approx(best) and bound >= best - 1e-6
            if chosen is not None:
                assert float(savings[chosen].sum()) == pytest.approx(best)


def test_the_subset_dp_skips_elements_no_column_covers_and_keeps_its_plan():
    import numpy as np

    from mutualiser.engine.grouping.exact import solve_dp

    rng = np.random.default_rng(11)
    for _ in range(20):
        # 12 elements, of which only 5 to 7 appear in the columns (a sparse component).
        used = sorted(rng.choice(12, size=int(rng.integers(5, 8)), replace=False).tolist())
        columns = [
            tuple(sorted(rng.choice(used, size=int(rng.integers(1, 4)), replace=False).tolist()))
            for _ in range(10)
        ]
        savings = rng.integers(1, 20, len(columns)).astype(float)
        best = 0.0
        for mask in range(1 << len(columns)):
            chosen = [k for k in range(len(columns)) if mask >> k & 1]
            items = [x for k in chosen for x in columns[k]]
            if len(items) == len(set(items)):
                best = max(best, float(savings[chosen].sum()))
        chosen, value = solve_dp(columns, savings, 12)
        items = [x for k in chosen for x in columns[k]]
        assert len(items) == len(set(items))
        assert value == best == pytest.approx(float(savings[chosen].sum()))
        # The same columns with the elements renumbered 0..len(used)-1: the same choice.
        number = {x: k for k, x in enumerate(used)}
        dense = [tuple(number[x] for x in c) for c in columns]
        assert solve_dp(dense, savings, len(used)) == (chosen, value)


def test_a_time_limit_bounds_the_grouping():
    import time

    instance = instance_from_dict(generate_instance(300, 5))

    started = time.perf_counter()
    result = solve(instance, time_limit=0.5, with_shares=False)

    assert time.perf_counter() - started < 5
    check_feasible(instance, result)
    assert result.total_savings > 0


def test_reasons_are_ids_with_the_figures_of_the_group_and_the_assignment():
    festival = [0, 0, 0, 0, 4, 12, 14, 14, 4, 0, 0, 0]
    theatre = [10, 10, 10, 8, 6, 0, 0, 0, 8, 10, 10, 10]
    instance = make_instance(
        [
            make_item("i1", "o1", festival, category="cargo_van"),
            make_item("i2", "o2", theatre, category="cargo_van"),
            make_offer("i3", "o3", 30, rate=45),
            make_item("i4", "o4", 20),
        ],
        categories=[VAN, make_category("accounting")],
    )

    result = solve(instance)

    (group,) = result.groups
    by_id = {r.id: dict(r.params) for r in group.reasons}
    assert list(by_id) == ["group.distance", "group.peak", "group.complement", "group.savings"]
    assert by_id["group.distance"]["count"] == 2
    assert by_id["group.peak"]["peak"] == 14 and by_id["group.peak"]["capacity"] == 22
    assert by_id["group.peak"]["fraction"] == pytest.approx(14 / 22, abs=1e-4)
    # Individual peaks 14 + 10 = 24, combined 14: 10 below.
    assert by_id["group.complement"] == {"combined": 14, "below": 10, "individual": 24,
                                         "unit": by_id["group.peak"]["unit"]}  # fmt: skip
    assert by_id["group.savings"] == {"savings": 5100, "alone": 19500}
    (assignment,) = result.assignments
    assert [r.id for r in assignment.reasons] == ["assignment.covers", "assignment.savings"]
    assert dict(assignment.reasons[1].params) == {"savings": 4800}
    assert dict(assignment.reasons[0].params)["rate"] == 45
