"""Realistic random instances for tests, demos and benchmarks (deterministic per seed).

Organisations cluster in ~35 real Québec municipalities, weighted by population (a little
more than proportionally, as cultural organisations concentrate in cities), with a jitter
that grows with the city. Each organisation has a kind (festival, theatre company, presenter,
museum, ...) that shapes its calendar: festivals peak in summer, theatre and dance seasons run
September to May, publishers peak before the book fairs, administration is year-round with a
year-end bump. Needs are part-time (a few percent to about half of one shared resource);
some organisations offer spare capacity, mostly in their off-season, below the market rate;
a few pairs of organisations refuse to work together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# name, lat, lon, administrative region, population
CITIES: tuple[tuple[str, float, float, str, int], ...] = (
    ("Montréal", 45.5019, -73.5674, "06", 1_762_949),
    ("Québec", 46.8139, -71.2080, "03", 549_459),
    ("Laval", 45.6066, -73.7124, "13", 438_366),
    ("Gatineau", 45.4765, -75.7013, "07", 291_041),
    ("Longueuil", 45.5312, -73.5181, "16", 254_483),
    ("Sherbrooke", 45.4042, -71.8929, "05", 172_950),
    ("Lévis", 46.8033, -71.1779, "12", 149_683),
    ("Saguenay", 48.4284, -71.0537, "02", 144_723),
    ("Trois-Rivières", 46.3430, -72.5430, "04", 139_163),
    ("Terrebonne", 45.7004, -73.6473, "14", 119_944),
    ("Saint-Jean-sur-Richelieu", 45.3071, -73.2626, "16", 97_873),
    ("Repentigny", 45.7422, -73.4501, "14", 86_000),
    ("Saint-Jérôme", 45.7804, -74.0036, "15", 80_213),
    ("Drummondville", 45.8803, -72.4843, "17", 79_258),
    ("Granby", 45.4000, -72.7333, "16", 69_025),
    ("Saint-Hyacinthe", 45.6308, -72.9569, "16", 57_239),
    ("Shawinigan", 46.5668, -72.7491, "04", 49_620),
    ("Rimouski", 48.4490, -68.5240, "01", 48_935),
    ("Victoriaville", 46.0571, -71.9658, "17", 47_000),
    ("Rouyn-Noranda", 48.2366, -79.0231, "08", 42_313),
    ("Sorel-Tracy", 46.0430, -73.1140, "16", 35_000),
    ("Saint-Georges", 46.1167, -70.6667, "12", 33_000),
    ("Val-d'Or", 48.0975, -77.7828, "08", 32_491),
    ("Alma", 48.5500, -71.6500, "02", 30_331),
    ("Magog", 45.2667, -72.1500, "05", 28_000),
    ("Thetford Mines", 46.0910, -71.3010, "12", 26_000),
    ("Sept-Îles", 50.2169, -66.3810, "09", 24_569),
    ("Joliette", 46.0167, -73.4500, "14", 21_000),
    ("Baie-Comeau", 49.2167, -68.1500, "09", 20_687),
    ("Rivière-du-Loup", 47.8333, -69.5333, "01", 20_118),
    ("Gaspé", 48.8333, -64.4833, "11", 15_000),
    ("Matane", 48.8500, -67.5333, "01", 14_000),
    ("Mont-Tremblant", 46.1167, -74.6000, "15", 10_000),
    ("Chibougamau", 49.9167, -74.3667, "10", 7_500),
    ("Baie-Saint-Paul", 47.4400, -70.4980, "03", 7_300),
)

# kind, share of organisations, disciplines, calendar (relative activity, January first)
ORG_KINDS: tuple[tuple[str, float, tuple[str, ...], tuple[float, ...]], ...] = (
    ("theatre_company", 0.22, ("theatre",), (1, 1, 1, 1, 0.8, 0.2, 0, 0.1, 0.9, 1, 1, 0.8)),
    ("dance_company", 0.10, ("dance",), (1, 1, 1, 0.9, 0.7, 0.3, 0.1, 0.1, 0.8, 1, 1, 0.7)),
    ("music_ensemble", 0.12, ("music",), (0.8, 1, 1, 1, 0.9, 0.4, 0.2, 0.2, 0.8, 1, 1, 1)),
    (
        "festival",
        0.14,
        ("festival", "music"),
        (0.1, 0.1, 0.2, 0.3, 0.6, 1, 1, 1, 0.4, 0.1, 0.1, 0.1),
    ),
    ("presenter", 0.12, ("presenting",), (0.9, 1, 1, 1, 0.8, 0.5, 0.4, 0.4, 0.9, 1, 1, 0.9)),
    (
        "museum",
        0.10,
        ("heritage", "visual_arts"),
        (0.6, 0.6, 0.7, 0.7, 0.8, 1, 1, 1, 0.8, 0.7, 0.6, 0.7),
    ),
    ("publisher", 0.08, ("literature",), (0.6, 0.7, 0.9, 1, 0.7, 0.5, 0.3, 0.5, 0.8, 1, 1, 0.6)),
    (
        "artist",
        0.12,
        ("visual_arts",),
        (0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5),
    ),
)
LEGAL_KIND = {"artist": "self_employed"}

# Used when the taxonomy module is not available: code, family, unit, cost figures.
_FALLBACK_FIELDS = ("code", "family", "kind", "standalone_rate", "unit_capacity", "unit_cost",
                    "min_fraction", "member_overhead", "max_group_size")  # fmt: skip
FALLBACK_CATEGORIES: tuple[dict[str, Any], ...] = tuple(
    dict(zip(_FALLBACK_FIELDS, row, strict=True))
    for row in (
        ("accounting", "ADM", "human", 65, 140, 6200, 0.4, 150, 6),
        ("payroll", "ADM", "human", 55, 140, 4800, 0.2, 100, 10),
        ("grant_writing", "FIN", "human", 70, 140, 5600, 0.2, 100, 6),
        ("communications", "COM", "human", 70, 140, 5400, 0.3, 120, 6),
        ("booking", "DIF", "human", 60, 140, 5200, 0.4, 150, 4),
        ("technical_direction", "PRO", "human", 60, 140, 6000, 0.4, 120, 4),
        ("rehearsal_studio", "ESP", "material", 35, 200, 3000, 0.4, 80, 8),
        ("storage", "ESP", "material", 25, 130, 1700, 0.3, 40, 10),
        ("cargo_van", "EQU", "material", 150, 22, 1100, 1.0, 50, 4),
        ("it_support", "TI", "human", 95, 140, 5600, 0.15, 60, 12),
    )
)

# Support work is year-round (with a year-end bump); the rest follows the organisation's season.
YEAR_ROUND_FAMILIES = {"ADM", "RH", "FIN", "TI", "ACH", "RES"}
YEAR_END = np.array([1.2, 1.1, 1.3, 1.3, 1, 0.9, 0.7, 0.7, 1, 1, 1, 1.1])
# Physical resources must be near; office work can be shared across a region.
MAX_KM_BY_KIND = {"material": (15.0, 40.0), "human": (30.0, 120.0)}
DEFAULT_MAX_KM = (25.0, 80.0)
ITEMS_PER_ORG = 10
OFFER_SHARE = 0.08
EXCLUSION_SHARE = 0.02


def _categories() -> list[dict[str, Any]]:
    """The taxonomy's categories when the module is there, else a built-in table of ten."""
    try:
        from mutualiser.engine.taxonomy import load_taxonomy
    except ImportError:
        return [dict(c) for c in FALLBACK_CATEGORIES]
    rows = []
    for category in load_taxonomy().categories:
        p = category.cost_params()
        rows.append(
            {
                "code": p.code,
                "family": category.family,
                "kind": category.kind,
                "standalone_rate": p.standalone_rate,
                "unit_capacity": p.unit_capacity,
                "unit_cost": p.unit_cost,
                "min_fraction": p.min_fraction,
                "member_overhead": p.member_overhead,
                "max_group_size": p.max_group_size,
            }
        )
    return rows


def _round_quantities(values: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Whole units for large capacities (hours), half units for small ones (days)."""
    step = np.where(capacity >= 60, 1.0, 0.5)[:, None]
    return np.round(values / step) * step


def shared_rows(values: np.ndarray) -> list[list[float]]:
    """`values.tolist()` whose equal numbers are one float object: quantities are whole or
    half units, so a million items hold a few thousand distinct values instead of 12
    million floats (about 290 MB); the instance read from it shares them too."""
    distinct, inverse = np.unique(values, return_inverse=True)
    pick = distinct.tolist()
    get = pick.__getitem__
    return [list(map(get, row)) for row in inverse.reshape(values.shape).tolist()]


def generate_instance(
    orgs: int, seed: int, *, cities: Sequence[str] | None = None
) -> dict[str, Any]:
    """An instance in the JSON format with `orgs` organisations and ~10 items each.

    `cities` restricts the organisations to those municipalities (e.g. ["Montréal"] for a
    one-city workshop). The same (orgs, seed, cities) always gives the same instance.
    """
    rng = np.random.default_rng(seed)
    places = [c for c in CITIES if cities is None or c[0] in cities]
    if not places:
        raise ValueError(f"no known city among {list(cities or [])}")
    categories = _categories()
    n_cat = len(categories)

    weights = np.array([p[4] for p in places], dtype=float) ** 1.1
    city = rng.choice(len(places), size=orgs, p=weights / weights.sum())
    lat0 = np.array([p[1] for p in places])[city]
    lon0 = np.array([p[2] for p in places])[city]
    spread_km = 2.0 + 8.0 * np.sqrt(np.array([p[4] for p in places]) / 1.8e6)[city]
    lat = lat0 + rng.normal(0, 1, orgs) * spread_km / 111.0
    lon = lon0 + rng.normal(0, 1, orgs) * spread_km / (111.0 * np.cos(np.radians(lat0)))

    kind_shares = np.array([k[1] for k in ORG_KINDS])
    kind = rng.choice(len(ORG_KINDS), size=orgs, p=kind_shares / kind_shares.sum())
    season = np.array([k[3] for k in ORG_KINDS], dtype=float)[kind]  # (orgs, 12)
    budget = np.round(np.exp(rng.normal(np.log(350_000), 1.0, orgs)), -3)

    organisations = [
        {
            "id": f"o{k + 1}",
            "lat": round(float(lat[k]), 5),
            "lon": round(float(lon[k]), 5),
            "region": places[city[k]][3],
            "disciplines": list(ORG_KINDS[kind[k]][2]),
            "kind": LEGAL_KIND.get(ORG_KINDS[kind[k]][0], "nonprofit"),
            "budget": float(budget[k]),
        }
        for k in range(orgs)
    ]

    # Items: each organisation picks ~10 distinct categories, support families more often.
    counts = np.clip(rng.poisson(ITEMS_PER_ORG, orgs), 1, n_cat)
    family_weight = {"ADM": 2.0, "COM": 1.6, "FIN": 1.5, "RH": 1.0, "TI": 1.0, "PRO": 1.2,
                     "EQU": 1.0, "ESP": 1.0, "DIF": 1.0}  # fmt: skip
    cat_weight = np.array([family_weight.get(c["family"], 0.6) for c in categories])
    # Gumbel top-k: k distinct categories per organisation, weighted, vectorised.
    keys = np.log(cat_weight)[None, :] + rng.gumbel(size=(orgs, n_cat))
    ranked = np.argsort(-keys, axis=1)
    org_of = np.repeat(np.arange(orgs), counts)
    position = np.arange(len(org_of)) - np.repeat(np.cumsum(counts) - counts, counts)
    cat_of = ranked[org_of, position]
    n_items = len(org_of)

    capacity = np.array([float(c["unit_capacity"]) for c in categories])[cat_of]
    rate = np.array([float(c["standalone_rate"]) for c in categories])[cat_of]
    year_round = np.array([c["family"] in YEAR_ROUND_FAMILIES for c in categories])[cat_of]
    kinds = [c.get("kind", "human") for c in categories]
    km_low = np.array([MAX_KM_BY_KIND.get(k, DEFAULT_MAX_KM)[0] for k in kinds])[cat_of]
    km_high = np.array([MAX_KM_BY_KIND.get(k, DEFAULT_MAX_KM)[1] for k in kinds])[cat_of]

    is_offer = rng.random(n_items) < OFFER_SHARE
    profile = season[org_of]
    profile = np.where(year_round[:, None], 0.5 * profile + 0.5 * YEAR_END[None, :], profile)
    # Part-time needs: the peak month uses 4 % to 45 % of one shared resource.
    fraction = rng.uniform(0.04, 0.45, n_items)
    noise = rng.uniform(0.85, 1.15, (n_items, 12))
    need_months = fraction[:, None] * capacity[:, None] * profile * noise
    need_months /= np.maximum(profile.max(axis=1, keepdims=True), 1e-9)
    # Spare capacity is largest in the off-season.
    spare = rng.uniform(0.15, 0.6, n_items)[:, None] * capacity[:, None]
    offer_months = spare * (1.15 - profile / np.maximum(profile.max(axis=1, keepdims=True), 1e-9))
    months = np.where(is_offer[:, None], offer_months, need_months)
    del profile, noise, need_months, offer_months, spare  # (items, 12) each: 96 MB at 1M items
    months = np.maximum(_round_quantities(months, capacity), 0.0)
    offer_rate = np.round(rate * rng.uniform(0.55, 0.9, n_items), 2)
    max_km = np.round(rng.uniform(km_low, km_high), 0)

    codes = [c["code"] for c in categories]
    months_list = shared_rows(months)
    items = []
    for k in range(n_items):
        item: dict[str, Any] = {
            "id": f"i{k + 1}",
            "org": f"o{org_of[k] + 1}",
            "category": codes[cat_of[k]],
            "direction": "offer" if is_offer[k] else "need",
            "months": months_list[k],
            "max_distance_km": float(max_km[k]),
        }
        if is_offer[k]:
            item["rate"] = float(offer_rate[k])
        items.append(item)

    # A few organisations refuse to pool with another one of the same city.
    exclusions = []
    n_exclusions = int(round(orgs * EXCLUSION_SHARE))
    if orgs >= 2:
        for a in rng.choice(orgs, size=n_exclusions, replace=False):
            same_city = np.flatnonzero(city == city[a])
            b = int(rng.choice(same_city)) if len(same_city) > 1 else int(rng.integers(orgs))
            if b != a:
                exclusions.append([f"o{a + 1}", f"o{b + 1}"])

    used = sorted(set(cat_of.tolist()))
    return {
        "categories": [
            {k: v for k, v in categories[c].items() if k not in ("family", "kind")} for c in used
        ],
        "organisations": organisations,
        "items": items,
        "exclusions": exclusions,
    }
