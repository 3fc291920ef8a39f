"""Instances for the quality benchmark, written independently of `mutualiser.engine.generator`.

    generate(size, seed) -> dict in the contract's JSON instance format (DESIGN.md)

Sizes (`SIZES`): 40 organisations in one city; 60 and 80 in one city with long max
distances (nearly every pair within reach, so components are large); 400 spread over four
cities (Montréal, Drummondville, Trois-Rivières, Sherbrooke), a few items with long distances
joining the cities into regional components. Organisations lie within 60 km of their city
centre, most of them in the first 15 km. Each has needs in one to four of five categories
(two on average), shaped by a seasonal calendar (theatre season, summer festival, winter,
year-end closing...); a fifth of them offer spare capacity somewhere, and about one in ten
has refused one partner.

Only the standard library is used: the same seed gives the same instance on every machine
(`random.Random` seeded with a string is stable across runs and platforms).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

SPREAD_KM = 60.0  # organisations lie within this distance of their city centre
KM_PER_DEGREE = 111.2

# code, standalone_rate, unit_capacity, unit_cost, min_fraction, member_overhead,
# max_group_size. Units: accounting, communications, technician in hours per month;
# van in days per month; storage in square metres rented per month. A shared resource at
# full use costs 25 to 45 % less per unit than buying alone.
CATEGORIES: tuple[dict[str, Any], ...] = (
    {
        "code": "accounting",
        "standalone_rate": 65,
        "unit_capacity": 140,
        "unit_cost": 6200,
        "min_fraction": 0.4,
        "member_overhead": 150,
        "max_group_size": 6,
    },
    {
        "code": "communications",
        "standalone_rate": 72,
        "unit_capacity": 140,
        "unit_cost": 6900,
        "min_fraction": 0.3,
        "member_overhead": 120,
        "max_group_size": 5,
    },
    {
        "code": "technician",
        "standalone_rate": 58,
        "unit_capacity": 150,
        "unit_cost": 5700,
        "min_fraction": 0.5,
        "member_overhead": 100,
        "max_group_size": 4,
    },
    {
        "code": "van",
        "standalone_rate": 190,
        "unit_capacity": 22,
        "unit_cost": 2300,
        "min_fraction": 0.3,
        "member_overhead": 60,
        "max_group_size": 3,
    },
    {
        "code": "storage",
        "standalone_rate": 24,
        "unit_capacity": 250,
        "unit_cost": 3800,
        "min_fraction": 0.2,
        "member_overhead": 80,
        "max_group_size": 5,
    },
)

# Share of the year's peak used in each month, January to December.
PROFILES: dict[str, tuple[float, ...]] = {
    "year_round": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "theatre_season": (1, 1, 1, 1, 1, 0.2, 0, 0, 1, 1, 1, 1),
    "summer_festival": (0, 0, 0, 0.3, 0.6, 1, 1, 1, 0.3, 0, 0, 0),
    "winter": (1, 1, 1, 0.3, 0, 0, 0, 0, 0, 0.3, 1, 1),
    "spring_fall": (0.4, 0.4, 1, 1, 1, 0.4, 0.4, 0.4, 1, 1, 1, 0.4),
    "year_end": (0.4, 1, 1, 1, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4),
    "touring": (0, 0, 0.5, 1, 1, 0, 0, 0, 0.5, 1, 1, 0),
}

# Which calendars each category's needs follow, with weights.
CATEGORY_PROFILES: dict[str, dict[str, int]] = {
    "accounting": {"year_round": 4, "year_end": 4, "theatre_season": 1, "summer_festival": 1},
    "communications": {
        "theatre_season": 3,
        "summer_festival": 3,
        "spring_fall": 2,
        "winter": 1,
        "year_round": 1,
    },
    "technician": {"theatre_season": 3, "summer_festival": 3, "touring": 2, "winter": 2},
    "van": {"summer_festival": 3, "touring": 3, "winter": 2, "theatre_season": 1},
    "storage": {"year_round": 3, "summer_festival": 2, "theatre_season": 2, "winter": 1},
}

# name, latitude, longitude, administrative region code
CITIES: dict[str, tuple[float, float, str]] = {
    "Montréal": (45.5017, -73.5673, "06"),
    "Drummondville": (45.8833, -72.4833, "17"),
    "Trois-Rivières": (46.3432, -72.5477, "04"),
    "Sherbrooke": (45.4042, -71.8929, "05"),
}

DISCIPLINES = ("theatre", "dance", "music", "visual_arts", "circus", "literature", "media_arts")
KINDS = ("nonprofit", "nonprofit", "nonprofit", "cooperative", "municipal", "company")

NORMAL_KM = (5, 10, 15, 20, 25, 30, 40)
LONG_KM = (20, 30, 40, 60, 80, 100, 150)


@dataclass(frozen=True)
class Size:
    """One benchmark size: how many organisations, where, and how far they reach."""

    name: str
    organisations: int
    cities: tuple[str, ...]
    long_share: float  # share of items whose max distance is drawn from LONG_KM


SIZES: dict[str, Size] = {
    s.name: s
    for s in (
        Size("40 one city", 40, ("Montréal",), 0.1),
        Size("60 one city long", 60, ("Montréal",), 1.0),
        Size("80 one city long", 80, ("Montréal",), 1.0),
        Size("400 four cities", 400, tuple(CITIES), 0.05),
    )
}


def _position(rng: random.Random, city: str) -> tuple[float, float]:
    """A point within SPREAD_KM of the city centre: most in the first 15 km.

    Offsets are laid on a flat map (km per degree, cosine of the centre's latitude): true
    distances differ by up to 0.1 %, so a point may lie a few tens of metres beyond 60 km.
    """
    lat0, lon0, _ = CITIES[city]
    reach = 15.0 if rng.random() < 0.7 else SPREAD_KM
    radius = reach * math.sqrt(rng.random())
    angle = rng.uniform(0.0, 2.0 * math.pi)
    lat = lat0 + radius * math.cos(angle) / KM_PER_DEGREE
    lon = lon0 + radius * math.sin(angle) / (KM_PER_DEGREE * math.cos(math.radians(lat0)))
    return round(lat, 6), round(lon, 6)


def _distance(rng: random.Random, size: Size) -> float:
    choices = LONG_KM if rng.random() < size.long_share else NORMAL_KM
    return float(rng.choice(choices))


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    names = sorted(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def _need_months(rng: random.Random, category: dict[str, Any]) -> list[float]:
    """A part-time need (10 to 50 % of one resource at its peak) on a seasonal calendar."""
    profile = PROFILES[_weighted(rng, CATEGORY_PROFILES[category["code"]])]
    peak = category["unit_capacity"] * rng.uniform(0.1, 0.5)
    months = []
    for share in profile:
        value = peak * share * rng.uniform(0.85, 1.15) if share > 0 else 0.0
        months.append(float(max(0, round(value))) if share > 0 else 0.0)
    if sum(months) == 0:  # a tiny van need rounded away: keep one day in its peak month
        months[profile.index(max(profile))] = 1.0
    return months


def _offer_months(rng: random.Random, category: dict[str, Any]) -> list[float]:
    """Spare capacity of 30 to 90 % of one resource, lower in one busy season."""
    level = category["unit_capacity"] * rng.uniform(0.3, 0.9)
    busy = PROFILES[rng.choice(("theatre_season", "summer_festival", "winter"))]
    return [float(round(level * (1.0 - 0.7 * share))) for share in busy]


def generate(size: str | Size, seed: int) -> dict[str, Any]:
    """A random instance of the given size (a key of SIZES), the same for the same seed."""
    spec = SIZES[size] if isinstance(size, str) else size
    rng = random.Random(f"quality:{spec.name}:{seed}")
    by_code = {c["code"]: c for c in CATEGORIES}
    codes = [c["code"] for c in CATEGORIES]

    organisations: list[dict[str, Any]] = []
    city_of: dict[str, str] = {}
    for number in range(1, spec.organisations + 1):
        city = spec.cities[(number - 1) % len(spec.cities)]
        lat, lon = _position(rng, city)
        org_id = f"o{number:03d}"
        city_of[org_id] = city
        organisations.append(
            {
                "id": org_id,
                "lat": lat,
                "lon": lon,
                "region": CITIES[city][2],
                "disciplines": sorted(rng.sample(DISCIPLINES, rng.choice((1, 1, 2)))),
                "kind": rng.choice(KINDS),
            }
        )

    items: list[dict[str, Any]] = []
    for org in organisations:
        wanted = rng.choices((1, 2, 3, 4), weights=(45, 35, 15, 5))[0]
        chosen = rng.sample(codes, wanted)
        if rng.random() < 0.1:  # a second need in a category already chosen
            chosen.append(rng.choice(chosen))
        for code in chosen:
            items.append(
                {
                    "id": f"i{len(items) + 1}",
                    "org": org["id"],
                    "category": code,
                    "direction": "need",
                    "months": _need_months(rng, by_code[code]),
                    "max_distance_km": _distance(rng, spec),
                }
            )
        if rng.random() < 0.2:
            code = rng.choice([c for c in codes if c not in chosen] or codes)
            category = by_code[code]
            # One offer in ten is priced at or above the market rate: it can serve nobody.
            discount = rng.uniform(0.55, 0.95) if rng.random() < 0.9 else rng.uniform(1.0, 1.1)
            items.append(
                {
                    "id": f"i{len(items) + 1}",
                    "org": org["id"],
                    "category": code,
                    "direction": "offer",
                    "months": _offer_months(rng, category),
                    "rate": round(category["standalone_rate"] * discount, 2),
                    "max_distance_km": _distance(rng, spec),
                }
            )

    exclusions: set[tuple[str, str]] = set()
    ids = [o["id"] for o in organisations]
    for _ in range(max(1, spec.organisations // 10)):
        first = rng.choice(ids)
        same_city = [o for o in ids if o != first and city_of[o] == city_of[first]]
        second = rng.choice(same_city)
        exclusions.add((min(first, second), max(first, second)))

    return {
        "categories": [dict(c) for c in CATEGORIES],
        "organisations": organisations,
        "items": items,
        "exclusions": [list(pair) for pair in sorted(exclusions)],
    }
