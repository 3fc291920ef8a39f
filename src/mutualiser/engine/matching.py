"""Candidate partners: offer -> need, and need <-> need pairs that could share a resource.

Nothing is compared all-pairs. Items are bucketed by category; inside a category a k-d tree
(scipy cKDTree on 3-D unit vectors, distances as chords) finds the items within reach, and
the 12-month calendars of all the pairs found are checked at once with NumPy.

When a category is dense (more pairs within reach than `exact_pair_limit` allows, as in a
city of thousands of organisations) each item keeps only its `neighbours` nearest items
within reach, before the calendar and capacity filters: the candidate graph is then a
k-nearest graph, and grouping is exact with respect to it only. Small instances (a
workshop, a region's few hundred items per category) are never capped.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace

import numpy as np
from scipy.spatial import cKDTree

from mutualiser.engine.costmodel import MONTHS, CostParams, cost_from_peak
from mutualiser.engine.instance import OFFER, Instance

EARTH_RADIUS_KM = 6371.0088
EPSILON = 1e-9
DEFAULT_NEIGHBOURS = 16
DEFAULT_EXACT_PAIR_LIMIT = 16  # pairs per item, see `find_candidates`
PRICE_FIGURES = ("unit_capacity", "unit_cost", "min_fraction", "member_overhead")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, so that Euclidean (chord) distance orders like km."""
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


def km_to_chord(km: np.ndarray | float) -> np.ndarray | float:
    return 2.0 * np.sin(
        np.minimum(np.asarray(km, dtype=float), math.pi * EARTH_RADIUS_KM) / (2 * EARTH_RADIUS_KM)
    )


def chord_to_km(chord: np.ndarray) -> np.ndarray:
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))


@dataclass(frozen=True)
class ItemArrays:
    """The instance's items as NumPy arrays (row i is `instance.items[i]`)."""

    months: np.ndarray  # (n, 12) float
    xyz: np.ndarray  # (n, 3) unit vectors of the item's organisation
    max_km: np.ndarray  # (n,)
    org: np.ndarray  # (n,) index into instance.organisations
    category: np.ndarray  # (n,) index into instance.categories
    is_offer: np.ndarray  # (n,) bool
    rate: np.ndarray  # (n,) offer rate, NaN for needs
    exclusion_keys: np.ndarray  # sorted int64 keys lo * n_orgs + hi of excluded org pairs


def item_arrays(instance: Instance) -> ItemArrays:
    """Vectorised view of the instance, built once per solve."""
    org_index = {o.id: k for k, o in enumerate(instance.organisations)}
    cat_index = {c.code: k for k, c in enumerate(instance.categories)}
    items = instance.items
    n = len(items)
    months = np.fromiter(
        itertools.chain.from_iterable(i.months for i in items), dtype=float, count=n * MONTHS
    ).reshape(n, MONTHS)
    org = np.fromiter((org_index[i.org] for i in items), dtype=np.int64, count=n)
    lat = np.array([o.lat for o in instance.organisations], dtype=float)
    lon = np.array([o.lon for o in instance.organisations], dtype=float)
    xyz = unit_vectors(lat, lon)[org] if n else np.zeros((0, 3))
    n_orgs = max(1, len(instance.organisations))
    keys = sorted(
        min(org_index[a], org_index[b]) * n_orgs + max(org_index[a], org_index[b])
        for a, b in instance.exclusions
    )
    built = ItemArrays(
        months=months,
        xyz=xyz,
        max_km=np.fromiter((i.max_distance_km for i in items), dtype=float, count=n),
        org=org,
        category=np.fromiter((cat_index[i.category] for i in items), dtype=np.int64, count=n),
        is_offer=np.fromiter((i.direction == OFFER for i in items), dtype=bool, count=n),
        rate=np.fromiter(
            (np.nan if i.rate is None else i.rate for i in items), dtype=float, count=n
        ),
        exclusion_keys=np.array(keys, dtype=np.int64),
    )
    for array in vars(built).values():
        array.flags.writeable = False  # shared through `Instance.arrays`: nobody writes
    return built


@dataclass(frozen=True)
class Candidate:
    """One candidate pair with its reasons, in readable form."""

    kind: str  # "pool" (two needs that may share) or "offer" (offer `a` may serve need `b`)
    category: str
    a: str
    b: str
    distance_km: float
    complementarity: float  # pool: sum of peaks - combined peak; offer: least monthly headroom
    savings: float  # pool: savings of the pair alone (may be negative); offer: the assignment's


@dataclass(frozen=True)
class Candidates:
    """All candidate pairs as parallel arrays of item indices (rows of `instance.items`).

    The pairs' readable figures (distance, complementarity, the pair's own savings, an
    offer's headroom) are computed on first use from the item arrays, by the same formulas
    as the filters that found the pairs (the same values): grouping never reads them, and
    at 1,000,000 items they would hold about 270 MB.
    """

    instance: Instance
    arrays: ItemArrays
    pool_a: np.ndarray  # need index, pool_a < pool_b
    pool_b: np.ndarray
    offer: np.ndarray  # offer index
    offer_need: np.ndarray  # need index
    offer_savings: np.ndarray
    capped_categories: tuple[str, ...]  # categories where the k-nearest cap was applied

    @cached_property
    def pool_km(self) -> np.ndarray:
        xyz = self.arrays.xyz
        return chord_to_km(np.linalg.norm(xyz[self.pool_a] - xyz[self.pool_b], axis=1))

    @cached_property
    def _pool_combined(self) -> np.ndarray:
        months = self.arrays.months
        return (months[self.pool_a] + months[self.pool_b]).max(axis=1)

    @cached_property
    def pool_complementarity(self) -> np.ndarray:
        peaks = self.arrays.months.max(axis=1)
        return peaks[self.pool_a] + peaks[self.pool_b] - self._pool_combined

    @cached_property
    def pool_savings(self) -> np.ndarray:
        """The pair's savings as a group of two (may be negative), by its category's figures."""
        category = self.arrays.category[self.pool_a]
        figures = [c.params for c in self.instance.categories]

        def per_pair(name: str) -> np.ndarray:
            return np.array([getattr(f, name) for f in figures], dtype=float)[category]

        params = SimpleNamespace(
            **{name: per_pair(name) for name in PRICE_FIGURES}
        )  # cost_from_peak reads these four figures only, element-wise here
        volume = self.arrays.months.sum(axis=1)
        rate = per_pair("standalone_rate")
        alone_a, alone_b = rate * volume[self.pool_a], rate * volume[self.pool_b]
        return alone_a + alone_b - cost_from_peak(params, self._pool_combined, 2)

    @cached_property
    def offer_km(self) -> np.ndarray:
        xyz = self.arrays.xyz
        return chord_to_km(np.linalg.norm(xyz[self.offer] - xyz[self.offer_need], axis=1))

    @cached_property
    def offer_headroom(self) -> np.ndarray:
        months = self.arrays.months
        return (months[self.offer] - months[self.offer_need]).min(axis=1)

    def __len__(self) -> int:
        return len(self.pool_a) + len(self.offer)

    def pairs(self) -> Iterator[Candidate]:
        """The candidates as readable objects, pools first (for tests, reports, the web app)."""
        items = self.instance.items
        for k in range(len(self.pool_a)):
            a, b = items[self.pool_a[k]], items[self.pool_b[k]]
            yield Candidate(
                "pool", a.category, a.id, b.id, float(self.pool_km[k]),
                float(self.pool_complementarity[k]), float(self.pool_savings[k]),
            )  # fmt: skip
        for k in range(len(self.offer)):
            a, b = items[self.offer[k]], items[self.offer_need[k]]
            yield Candidate(
                "offer", a.category, a.id, b.id, float(self.offer_km[k]),
                float(self.offer_headroom[k]), float(self.offer_savings[k]),
            )  # fmt: skip


def _pairs_within(
    xyz_a: np.ndarray,
    xyz_b: np.ndarray | None,
    radius: float,
    *,
    neighbours: int,
    pair_limit: int,
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Index pairs (i in a, j in b) with chord <= radius; j > i when b is None (same set).

    Exact when the number of such pairs is at most `pair_limit`; otherwise each point keeps
    its `neighbours` nearest within radius (from both sides), and the flag says so.
    """
    same = xyz_b is None
    tree_a = cKDTree(xyz_a)
    tree_b = tree_a if same else cKDTree(xyz_b)
    if _surely_dense(xyz_a, tree_b, radius, same, pair_limit):
        count = pair_limit + 1
    else:
        count = int(tree_a.count_neighbors(tree_b, radius))
        if same:
            count = (count - len(xyz_a)) // 2
    if count <= pair_limit:
        if same:
            pairs = tree_a.query_pairs(radius, output_type="ndarray")
            return pairs[:, 0], pairs[:, 1], False
        found = tree_a.sparse_distance_matrix(tree_b, radius, output_type="ndarray")
        return found["i"].astype(np.int64), found["j"].astype(np.int64), False
    sides = [(tree_b, xyz_a, False)] if same else [(tree_b, xyz_a, False), (tree_a, xyz_b, True)]
    keys = []
    n_b = len(tree_b.data)
    for tree, points, flipped in sides:
        k = min(neighbours + (1 if same else 0), len(tree.data))
        dist, idx = tree.query(points, k=k, distance_upper_bound=radius)
        dist, idx = dist.reshape(len(points), k), idx.reshape(len(points), k)
        rows = np.repeat(np.arange(len(points)), k)
        cols = idx.ravel()
        keep = np.isfinite(dist.ravel())
        rows, cols = rows[keep], cols[keep]
        if flipped:
            rows, cols = cols, rows
        if same:
            lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
            keep = lo != hi
            rows, cols = lo[keep], hi[keep]
        keys.append(rows.astype(np.int64) * n_b + cols)
    unique = np.sort(np.concatenate(keys))
    if len(unique):
        unique = unique[np.concatenate(([True], unique[1:] != unique[:-1]))]
    return unique // n_b, unique % n_b, True


DENSITY_SAMPLE_STEPS = (256, 32, 8)


def _surely_dense(
    xyz_a: np.ndarray, tree_b: cKDTree, radius: float, same: bool, pair_limit: int
) -> bool:
    """Whether the pairs within radius surely exceed `pair_limit`, from a sample of points.

    The neighbours counted around every 256th (then 32nd, 8th) point are a lower bound of
    the pair count (each pair counted at most twice): a cheap proof of density that spares
    the full count, which costs about as much as listing every pair.
    """
    for step in DENSITY_SAMPLE_STEPS:
        sample = xyz_a[::step]
        if len(sample) < 64:
            continue
        found = int(cKDTree(sample).count_neighbors(tree_b, radius))
        if same:
            found = (found - len(sample)) // 2  # each sampled point counts itself once
        if found > pair_limit:
            return True
    return False


def _excluded(arrays: ItemArrays, org_a: np.ndarray, org_b: np.ndarray, n_orgs: int) -> np.ndarray:
    if len(arrays.exclusion_keys) == 0:
        return np.zeros(len(org_a), dtype=bool)
    keys = np.minimum(org_a, org_b) * n_orgs + np.maximum(org_a, org_b)
    pos = np.searchsorted(arrays.exclusion_keys, keys)
    pos = np.minimum(pos, len(arrays.exclusion_keys) - 1)
    return arrays.exclusion_keys[pos] == keys


PARALLEL_MIN_ITEMS = 20_000  # below this, forking a second process is not worth it
CategoryPairs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]


def find_candidates(
    instance: Instance,
    *,
    arrays: ItemArrays | None = None,
    neighbours: int = DEFAULT_NEIGHBOURS,
    exact_pair_limit: int = DEFAULT_EXACT_PAIR_LIMIT,
    workers: int = 1,
) -> Candidates:
    """Find every compatible pair of items, category by category.

    A pool pair: two needs of different, non-excluded organisations, each within the other's
    max distance, whose combined monthly peak fits one resource. An offer pair: an offer whose
    spare capacity covers the need in every month, at a rate below the standalone rate, with
    the same distance and exclusion rules. Exact (every such pair) when a category has at most
    `exact_pair_limit` pairs within reach per item (and at least 20,000 in all); otherwise
    k-nearest (`neighbours`) per item. Cost: O(n log n + pairs) per category.

    `workers` > 1 shares the categories among that many processes (forked, Linux, from
    PARALLEL_MIN_ITEMS items; `grouping.parallel.run_shared`): a category's pairs depend on
    that category only, and they are concatenated in the categories' order, so the
    candidates are those of one process.
    """
    arrays = arrays if arrays is not None else instance.arrays
    n_orgs = max(1, len(instance.organisations))
    peaks = arrays.months.max(axis=1)
    volume = arrays.months.sum(axis=1)
    order = np.argsort(arrays.category, kind="stable")
    bounds = np.searchsorted(arrays.category[order], np.arange(len(instance.categories) + 1))
    sizes = np.diff(bounds).tolist()
    busy = [c for c, size in enumerate(sizes) if size >= 2]

    def run(c: int) -> CategoryPairs:
        return _category_pairs(
            arrays, instance.categories[c].params, order[bounds[c] : bounds[c + 1]], peaks,
            volume, n_orgs, neighbours, exact_pair_limit,
        )  # fmt: skip

    if workers > 1 and len(arrays.months) >= PARALLEL_MIN_ITEMS:
        from mutualiser.engine.grouping.parallel import run_shared

        largest_first = sorted(busy, key=lambda c: (-sizes[c], c))
        found = run_shared(run, largest_first, workers)
    else:
        found = {c: run(c) for c in busy}
    out: dict[str, list[np.ndarray]] = {k: [] for k in ("pa", "pb", "o", "on", "osav")}
    capped: list[str] = []
    for c in busy:
        *parts, was_capped = found.pop(c)
        for key, part in zip(out, parts, strict=True):
            if part is not None:
                out[key].append(part)
        if was_capped:
            capped.append(instance.categories[c].code)

    def cat(key: str, dtype: type) -> np.ndarray:
        # One key at a time, its parts released at once: the parts and the whole never all
        # coexist (at 1,000,000 items the pairs' arrays are about 400 MB).
        parts = out.pop(key)
        if not parts:
            return np.zeros(0, dtype=dtype)
        whole = np.concatenate(parts)
        parts.clear()
        return whole if whole.dtype == dtype else whole.astype(dtype)

    index = index_dtype(len(instance.items))
    return Candidates(
        instance=instance,
        arrays=arrays,
        pool_a=cat("pa", index),
        pool_b=cat("pb", index),
        offer=cat("o", index),
        offer_need=cat("on", index),
        offer_savings=cat("osav", float),
        capped_categories=tuple(capped),
    )


def index_dtype(count: int) -> type:
    """Indices of `count` things in 32 bits where they fit: half the pairs' memory (at
    1,000,000 items, 10 million pairs), else 64."""
    return np.int32 if count < 2**31 else np.int64


def _category_pairs(
    arrays: ItemArrays,
    p: CostParams,
    members: np.ndarray,
    peaks: np.ndarray,
    volume: np.ndarray,
    n_orgs: int,
    neighbours: int,
    exact_pair_limit: int,
) -> CategoryPairs:
    """The pool pairs (a, b), the offer pairs (offer, need, savings) of one category's
    items, and whether the k-nearest cap was applied; None for a kind the category lacks."""
    pa = pb = o = on = osav = None
    offer_mask = arrays.is_offer[members]
    needs, offers = members[~offer_mask], members[offer_mask]
    # Needs with nothing to share (all months zero) save nothing with anyone.
    needs = needs[volume[needs] > EPSILON]
    was_capped = False
    if len(needs) >= 2 and p.max_group_size >= 2:
        radius = float(km_to_chord(arrays.max_km[needs].max()))
        limit = max(20_000, exact_pair_limit * len(needs))
        i, j, cap = _pairs_within(
            arrays.xyz[needs], None, radius, neighbours=neighbours, pair_limit=limit
        )
        was_capped |= cap
        # The tests run on the category's own rows (local indices i, j), contiguous and
        # small enough to stay in cache, cheapest first: organisations and individual
        # peaks (two peaks above capacity cannot fit together), then the distance on
        # what is left, the exclusions, and the 12 months last.
        org_c, peaks_c, max_c = arrays.org[needs], peaks[needs], arrays.max_km[needs]
        keep = (org_c[i] != org_c[j]) & (
            np.maximum(peaks_c[i], peaks_c[j]) <= p.unit_capacity + EPSILON
        )
        i, j = i[keep], j[keep]
        xyz_c = arrays.xyz[needs]
        km = chord_to_km(np.linalg.norm(xyz_c[i] - xyz_c[j], axis=1))
        keep = km <= np.minimum(max_c[i], max_c[j]) + EPSILON
        i, j = i[keep], j[keep]
        keep = ~_excluded(arrays, org_c[i], org_c[j], n_orgs)
        i, j = i[keep], j[keep]
        months_c = arrays.months[needs]
        combined = (months_c[i] + months_c[j]).max(axis=1)
        keep = combined <= p.unit_capacity + EPSILON
        pa, pb = needs[i[keep]], needs[j[keep]]
    if len(needs) >= 1 and len(offers) >= 1:
        offers = offers[arrays.rate[offers] < p.standalone_rate - EPSILON]
    if len(needs) >= 1 and len(offers) >= 1:
        radius = float(km_to_chord(min(arrays.max_km[offers].max(), arrays.max_km[needs].max())))
        limit = max(20_000, exact_pair_limit * (len(needs) + len(offers)))
        i, j, cap = _pairs_within(
            arrays.xyz[offers], arrays.xyz[needs], radius, neighbours=neighbours,
            pair_limit=limit,
        )  # fmt: skip
        was_capped |= cap
        # As for pools: local rows, the 1-D tests first (i: offer, j: need).
        org_o, org_n = arrays.org[offers], arrays.org[needs]
        peaks_o, peaks_n = peaks[offers], peaks[needs]
        keep = (org_o[i] != org_n[j]) & (peaks_n[j] <= peaks_o[i] + EPSILON)
        i, j = i[keep], j[keep]
        xyz_o, xyz_n = arrays.xyz[offers], arrays.xyz[needs]
        km = chord_to_km(np.linalg.norm(xyz_o[i] - xyz_n[j], axis=1))
        keep = km <= np.minimum(arrays.max_km[offers][i], arrays.max_km[needs][j]) + EPSILON
        i, j = i[keep], j[keep]
        keep = ~_excluded(arrays, org_o[i], org_n[j], n_orgs)
        i, j = i[keep], j[keep]
        headroom = (arrays.months[offers][i] - arrays.months[needs][j]).min(axis=1)
        keep = headroom >= -EPSILON
        o, on = offers[i[keep]], needs[j[keep]]
        osav = (p.standalone_rate - arrays.rate[o]) * volume[on]
    return pa, pb, o, on, osav, was_capped
