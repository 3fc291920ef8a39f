"""The exact reference of bench/reference_exact.py against a brute force and worked examples."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_exact import PlanError, check_plan, solve_exact

VAN = {
    "code": "van",
    "standalone_rate": 190,
    "unit_capacity": 22,
    "unit_cost": 2300,
    "min_fraction": 0.3,
    "member_overhead": 60,
    "max_group_size": 3,
}
SUMMER = [0, 0, 0, 0, 0, 10, 10, 10, 0, 0, 0, 0]
WINTER = [10, 10, 10, 0, 0, 0, 0, 0, 0, 0, 10, 10]


def make_org(org_id: str, lat: float = 45.5, lon: float = -73.6) -> dict[str, Any]:
    return {"id": org_id, "lat": lat, "lon": lon}


def make_need(item_id: str, org: str, months: list[float], km: float = 50) -> dict[str, Any]:
    return {
        "id": item_id,
        "org": org,
        "category": "van",
        "direction": "need",
        "months": months,
        "max_distance_km": km,
    }


def make_offer(item_id: str, org: str, months: list[float], rate: float) -> dict[str, Any]:
    return {
        "id": item_id,
        "org": org,
        "category": "van",
        "direction": "offer",
        "months": months,
        "rate": rate,
        "max_distance_km": 50,
    }


def make_instance(orgs, items, exclusions=(), categories=(VAN,)) -> dict[str, Any]:
    return {
        "categories": [dict(c) for c in categories],
        "organisations": orgs,
        "items": items,
        "exclusions": [list(p) for p in exclusions],
    }


# --- an independent brute force: every partition of each category's needs ----------------


def _km(a: dict[str, Any], b: dict[str, Any]) -> float:
    p1, p2 = math.radians(a["lat"]), math.radians(b["lat"])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b["lon"] - a["lon"]) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _partitions(elements: list[Any]) -> Iterator[list[list[Any]]]:
    if not elements:
        yield []
        return
    first, rest = elements[0], elements[1:]
    for partition in _partitions(rest):
        yield [[first], *partition]
        for k in range(len(partition)):
            yield [*partition[:k], [first, *partition[k]], *partition[k + 1 :]]


def brute_force(data: dict[str, Any]) -> float:
    """Best savings over every partition of the needs, each singleton alone or on an offer."""
    orgs = {o["id"]: o for o in data["organisations"]}
    excluded = {frozenset(p) for p in data["exclusions"]}

    def reach(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return (
            a["org"] != b["org"]
            and frozenset((a["org"], b["org"])) not in excluded
            and _km(orgs[a["org"]], orgs[b["org"]])
            <= min(a["max_distance_km"], b["max_distance_km"])
        )

    total = 0.0
    for c in data["categories"]:
        r, k_cap, u, m, o = (
            c["standalone_rate"],
            c["unit_capacity"],
            c["unit_cost"],
            c["min_fraction"],
            c["member_overhead"],
        )
        needs = [
            i for i in data["items"] if i["category"] == c["code"] and i["direction"] == "need"
        ]
        offers = [
            i for i in data["items"] if i["category"] == c["code"] and i["direction"] == "offer"
        ]
        best = 0.0
        for partition in _partitions(needs):
            value, feasible = 0.0, True
            for block in (b for b in partition if len(b) > 1):
                peak = max(sum(n["months"][t] for n in block) for t in range(12))
                pairs_ok = all(reach(a, b) for x, a in enumerate(block) for b in block[x + 1 :])
                if len(block) > c["max_group_size"] or peak > k_cap or not pairs_ok:
                    feasible = False
                    break
                alone = r * sum(sum(n["months"]) for n in block)
                value += alone - 12 * (u * max(m, peak / k_cap) + o * len(block))
            if not feasible:
                continue
            singles = [b[0] for b in partition if len(b) == 1]
            best = max(best, value + _best_offers(singles, offers, r, reach))
        total += best
    return total


def _best_offers(singles, offers, rate, reach) -> float:
    """Best savings from serving some singletons by offers, capacities respected."""
    best = 0.0

    def assign(k: int, loads: list[list[float]], value: float) -> None:
        nonlocal best
        if k == len(singles):
            best = max(best, value)
            return
        need = singles[k]
        assign(k + 1, loads, value)
        for f, offer in enumerate(offers):
            if offer["rate"] >= rate or not reach(offer, need):
                continue
            new = [x + q for x, q in zip(loads[f], need["months"], strict=True)]
            if all(x <= cap for x, cap in zip(new, offer["months"], strict=True)):
                saved = (rate - offer["rate"]) * sum(need["months"])
                assign(k + 1, [*loads[:f], new, *loads[f + 1 :]], value + saved)

    assign(0, [[0.0] * 12 for _ in offers], 0.0)
    return best


@st.composite
def tiny_instances(draw) -> dict[str, Any]:
    """One or two categories, up to 6 needs and 2 offers each, 2 to 5 organisations."""
    categories = []
    for code in draw(st.sampled_from([["a"], ["a", "b"]])):
        capacity = draw(st.integers(20, 120))
        rate = draw(st.integers(30, 90))
        categories.append(
            {
                "code": code,
                "standalone_rate": rate,
                "unit_capacity": capacity,
                "unit_cost": draw(st.integers(int(capacity * rate * 0.3), capacity * rate)),
                "min_fraction": draw(st.sampled_from([0.0, 0.2, 0.5])),
                "member_overhead": draw(st.integers(0, 200)),
                "max_group_size": draw(st.integers(2, 4)),
            }
        )
    n_orgs = draw(st.integers(2, 5))
    orgs = [
        make_org(f"o{k}", 45.5 + draw(st.floats(-0.15, 0.15)), -73.6 + draw(st.floats(-0.2, 0.2)))
        for k in range(n_orgs)
    ]
    items = []
    for c in categories:
        calendars = st.lists(
            st.sampled_from([0, 0, c["unit_capacity"] // 5, c["unit_capacity"] // 3]),
            min_size=12,
            max_size=12,
        )
        for _ in range(draw(st.integers(1, 6))):
            items.append(
                {
                    "id": f"i{len(items)}",
                    "org": f"o{draw(st.integers(0, n_orgs - 1))}",
                    "category": c["code"],
                    "direction": "need",
                    "months": draw(calendars),
                    "max_distance_km": draw(st.sampled_from([5, 15, 30, 100])),
                }
            )
        for _ in range(draw(st.integers(0, 2))):
            items.append(
                {
                    "id": f"i{len(items)}",
                    "org": f"o{draw(st.integers(0, n_orgs - 1))}",
                    "category": c["code"],
                    "direction": "offer",
                    "months": [c["unit_capacity"] // 2] * 12,
                    "rate": c["standalone_rate"] * draw(st.sampled_from([0.5, 0.8, 1.0, 1.1])),
                    "max_distance_km": draw(st.sampled_from([5, 15, 30, 100])),
                }
            )
    pairs = [(f"o{a}", f"o{b}") for a in range(n_orgs) for b in range(a + 1, n_orgs)]
    exclusions = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True))
    return make_instance(orgs, items, exclusions, categories)


@settings(max_examples=40, deadline=None)
@given(tiny_instances())
def test_reference_matches_the_brute_force_over_all_partitions(data):
    result = solve_exact(data)

    assert result.total_savings == pytest.approx(brute_force(data), rel=1e-9, abs=1e-6)


@settings(max_examples=20, deadline=None)
@given(tiny_instances())
def test_reference_plan_is_feasible_and_saves_its_total(data):
    result = solve_exact(data)

    groups = [members for _, members, _ in result.groups]
    assignments = [(offer, need) for offer, need, _ in result.assignments]
    assert check_plan(data, groups, assignments) == pytest.approx(result.total_savings, abs=1e-6)


# --- worked examples -----------------------------------------------------------------------


def test_a_summer_festival_and_a_winter_theatre_share_one_van():
    data = make_instance(
        [make_org("fest"), make_org("theatre", 45.52)],
        [make_need("summer", "fest", SUMMER), make_need("winter", "theatre", WINTER)],
    )

    result = solve_exact(data)

    alone = 190 * (30 + 50)
    assert result.total_savings == pytest.approx(alone - 12 * (2300 * 10 / 22 + 2 * 60))
    assert [members for _, members, _ in result.groups] == [("summer", "winter")]


def test_excluded_or_distant_partners_save_nothing():
    orgs = [make_org("a"), make_org("b", 45.52), make_org("far", 46.5)]
    items = [
        make_need("n1", "a", SUMMER),
        make_need("n2", "b", WINTER),
        make_need("n3", "far", WINTER),
    ]

    result = solve_exact(make_instance(orgs, items, exclusions=[("a", "b")]))

    assert result.total_savings == 0
    assert result.groups == ()


def test_an_offer_serves_only_the_needs_that_fit_its_capacity_each_month():
    orgs = [make_org("host"), make_org("a", 45.51), make_org("b", 45.49)]
    items = [
        make_offer("spare", "host", [10] * 12, rate=100),
        make_need("small", "a", [6] * 12),
        make_need("large", "b", [7] * 12),
    ]
    data = make_instance(orgs, items, exclusions=[("a", "b")])

    result = solve_exact(data)

    assert result.assignments == (("spare", "large", pytest.approx(90 * 84)),)
    assert result.total_savings == pytest.approx(90 * 84)


def test_components_are_solved_apart_and_their_optima_add_up():
    orgs = [make_org("a"), make_org("b", 45.52), make_org("c", 47.0), make_org("d", 47.02)]
    items = [
        make_need("n1", "a", SUMMER),
        make_need("n2", "b", WINTER),
        make_need("n3", "c", SUMMER),
        make_need("n4", "d", WINTER),
    ]
    data = make_instance(orgs, items)

    result = solve_exact(data)

    assert sorted(c.needs for c in result.components) == [("n1", "n2"), ("n3", "n4")]
    assert result.total_savings == pytest.approx(sum(c.optimum for c in result.components))
    assert result.total_savings == pytest.approx(brute_force(data))


def test_check_plan_reports_a_need_served_twice_and_a_group_over_capacity():
    orgs = [make_org("a"), make_org("b", 45.52), make_org("c", 45.51)]
    items = [
        make_need("n1", "a", SUMMER),
        make_need("n2", "b", SUMMER),
        make_need("n3", "c", SUMMER),
    ]

    with pytest.raises(PlanError) as error:
        check_plan(make_instance(orgs, items), [("n1", "n2", "n3"), ("n1", "n2")], [])

    text = "\n".join(error.value.errors)
    assert "peak 30 over capacity 22" in text
    assert "need n1 is already served" in text
