"""Small builders and checks for engine tests (no Django, no database)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from mutualiser.engine.costmodel import (
    CostParams,
    group_cost,
    group_peak,
    group_savings,
    offer_assignment_savings,
)
from mutualiser.engine.instance import Instance, Result, instance_from_dict
from mutualiser.engine.matching import haversine_km

MONTREAL = (45.5019, -73.5674)


def make_category(code: str = "accounting", **overrides: Any) -> dict[str, Any]:
    """A category in the JSON form; the figures of DESIGN.md's example by default."""
    record = {
        "code": code,
        "standalone_rate": 65,
        "unit_capacity": 140,
        "unit_cost": 6200,
        "min_fraction": 0.4,
        "member_overhead": 150,
        "max_group_size": 6,
    }
    record.update(overrides)
    return record


def make_params(**overrides: Any) -> CostParams:
    record = make_category(**overrides)
    return CostParams(**record)


def make_org(
    org_id: str, lat: float = MONTREAL[0], lon: float = MONTREAL[1], **overrides: Any
) -> dict[str, Any]:
    record = {
        "id": org_id,
        "lat": lat,
        "lon": lon,
        "region": "06",
        "disciplines": ["theatre"],
        "kind": "nonprofit",
    }
    record.update(overrides)
    return record


def make_item(
    item_id: str,
    org: str,
    months: Sequence[float] | float = 20,
    *,
    category: str = "accounting",
    direction: str = "need",
    max_distance_km: float = 60,
    rate: float | None = None,
) -> dict[str, Any]:
    """A need by default; `months` may be one number for a flat year."""
    values = [float(months)] * 12 if isinstance(months, (int, float)) else list(months)
    record: dict[str, Any] = {
        "id": item_id,
        "org": org,
        "category": category,
        "direction": direction,
        "months": values,
        "max_distance_km": max_distance_km,
    }
    if rate is not None:
        record["rate"] = rate
    return record


def make_offer(
    item_id: str, org: str, months: Sequence[float] | float, rate: float = 45, **kw: Any
) -> dict[str, Any]:
    return make_item(item_id, org, months, direction="offer", rate=rate, **kw)


def make_instance_dict(
    items: list[dict[str, Any]],
    *,
    orgs: list[dict[str, Any]] | None = None,
    categories: list[dict[str, Any]] | None = None,
    exclusions: list[list[str]] | None = None,
) -> dict[str, Any]:
    """An instance; organisations default to one per item's org, all in Montréal."""
    if orgs is None:
        orgs = [make_org(o) for o in dict.fromkeys(i["org"] for i in items)]
    return {
        "categories": categories or [make_category()],
        "organisations": orgs,
        "items": items,
        "exclusions": exclusions or [],
    }


def make_instance(items: list[dict[str, Any]], **kw: Any) -> Instance:
    return instance_from_dict(make_instance_dict(items, **kw))


SUMMER = [0, 0, 0, 0, 20, 60, 70, 70, 20, 0, 0, 0]
SEASON = [60, 60, 60, 50, 30, 0, 0, 0, 40, 60, 60, 60]


def check_feasible(instance: Instance, result: Result) -> None:
    """Assert every rule of the contract on a result (raises AssertionError)."""
    items = instance.item_by_id
    orgs = instance.organisation_by_id
    used: list[str] = []
    for group in result.groups:
        params = instance.category_by_code[group.category].params
        members = [items[i] for i in group.items]
        used.extend(group.items)
        assert 2 <= len(members) <= params.max_group_size, group
        assert all(m.direction == "need" and m.category == group.category for m in members)
        demands = [m.months for m in members]
        assert group_peak(demands) <= params.unit_capacity + 1e-6, group
        assert len({m.org for m in members}) == len(members), group
        for a, b in itertools.combinations(members, 2):
            oa, ob = orgs[a.org], orgs[b.org]
            km = haversine_km(oa.lat, oa.lon, ob.lat, ob.lon)
            assert km <= min(a.max_distance_km, b.max_distance_km) + 1e-6, (group, km)
            assert not instance.is_excluded(a.org, b.org), group
        assert abs(group.cost - group_cost(params, demands)) < 1e-6
        assert abs(group.savings - group_savings(params, demands)) < 1e-6
        assert group.savings > 0, group
    load: dict[str, list[float]] = {}
    for a in result.assignments:
        offer, need = items[a.offer], items[a.need]
        params = instance.category_by_code[need.category].params
        used.append(a.need)
        assert offer.direction == "offer" and need.direction == "need"
        assert offer.category == need.category and offer.org != need.org
        assert offer.rate is not None and offer.rate < params.standalone_rate
        oa, ob = orgs[offer.org], orgs[need.org]
        km = haversine_km(oa.lat, oa.lon, ob.lat, ob.lon)
        assert km <= min(offer.max_distance_km, need.max_distance_km) + 1e-6
        assert not instance.is_excluded(offer.org, need.org)
        assert abs(a.savings - offer_assignment_savings(params, offer.rate, need.months)) < 1e-6
        current = load.setdefault(a.offer, [0.0] * 12)
        for t in range(12):
            current[t] += need.months[t]
            assert current[t] <= offer.months[t] + 1e-6, (a, t)
    assert len(used) == len(set(used)), "an item is used twice"
    total = sum(g.savings for g in result.groups) + sum(a.savings for a in result.assignments)
    assert abs(result.total_savings - total) < 1e-6
