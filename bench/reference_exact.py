"""The exact optimum of a pooling instance, straight from the contract (DESIGN.md).

    solve_exact(data) -> ExactResult      # data: the contract's JSON instance, as a dict
    check_plan(data, groups, assignments) -> float   # a plan's savings, or PlanError

Slow and plain on purpose: an independent check of the engine, sharing none of its code
(it reads the JSON dict itself and never imports `mutualiser`).

1. Compatibility, per category. Two needs are compatible when they belong to different
   organisations, each lies within the other's max distance (haversine, km), their
   organisations have not excluded each other, and their summed months fit one resource
   (`unit_capacity`) in every month. An offer can serve a need of another organisation
   when its rate is below the standalone rate, each lies within the other's max distance,
   there is no exclusion, and the need fits the offer's spare capacity in every month.
2. Components: the connected components of that graph (needs and offers as nodes). No
   group or assignment crosses two components, so each is solved alone.
3. Columns, per component: every feasible group (2 to `max_group_size` pairwise compatible
   needs whose peak fits the capacity) with positive savings, found by depth-first search
   over cliques in increasing index order, and every possible offer assignment with
   positive savings. Groups with savings <= 0 are left out: an optimum never needs them.
4. The set-packing MILP over those columns, solved to optimality by HiGHS (relative gap 0):
   maximise total savings; each need in at most one column; for each offer and month, the
   needs it serves fit its spare capacity. A MILP that does not reach optimality raises.

Cost: the number of feasible groups, which grows like n^max_group_size in a dense
component; fine up to a few hundred needs per category at the benchmark's densities.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

MONTHS = 12
EARTH_RADIUS_KM = 6371.0088
EPSILON = 1e-9  # slack on distances and capacities, as the contract's comparisons are <=


class PlanError(ValueError):
    """A plan that breaks the contract; `errors` lists every problem found."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors[:20]))


@dataclass(frozen=True)
class Category:
    code: str
    standalone_rate: float
    unit_capacity: float
    unit_cost: float
    min_fraction: float
    member_overhead: float
    max_group_size: int


@dataclass(frozen=True)
class Item:
    id: str
    org: str
    category: str
    direction: str  # "need" or "offer"
    months: tuple[float, ...]
    max_distance_km: float
    rate: float | None
    lat: float
    lon: float


@dataclass(frozen=True)
class Problem:
    """The instance as plain records, read from the JSON dict without the engine."""

    categories: dict[str, Category]
    items: dict[str, Item]
    exclusions: frozenset[tuple[str, str]]

    def excluded(self, a: str, b: str) -> bool:
        return (min(a, b), max(a, b)) in self.exclusions


@dataclass(frozen=True)
class ComponentOptimum:
    """One connected component of one category and its exact optimum."""

    category: str
    needs: tuple[str, ...]
    offers: tuple[str, ...]
    groups: int  # feasible groups with positive savings (MILP columns)
    assignments: int  # possible offer assignments with positive savings (MILP columns)
    optimum: float
    seconds: float

    @property
    def size(self) -> int:
        return len(self.needs) + len(self.offers)


@dataclass(frozen=True)
class ExactResult:
    total_savings: float
    groups: tuple[tuple[str, tuple[str, ...], float], ...]  # category, need ids, savings
    assignments: tuple[tuple[str, str, float], ...]  # offer id, need id, savings
    components: tuple[ComponentOptimum, ...]
    seconds: float


# --- reading and the cost model -------------------------------------------------------------


def read_problem(data: Mapping[str, Any]) -> Problem:
    """The records of a contract instance (assumed valid: the engine's loader checks that)."""
    categories = {
        c["code"]: Category(
            c["code"],
            float(c["standalone_rate"]),
            float(c["unit_capacity"]),
            float(c["unit_cost"]),
            float(c["min_fraction"]),
            float(c["member_overhead"]),
            int(c["max_group_size"]),
        )
        for c in data["categories"]
    }
    where = {o["id"]: (float(o["lat"]), float(o["lon"])) for o in data["organisations"]}
    items = {}
    for record in data["items"]:
        lat, lon = where[record["org"]]
        rate = record.get("rate")
        items[record["id"]] = Item(
            record["id"],
            record["org"],
            record["category"],
            record["direction"],
            tuple(float(v) for v in record["months"]),
            float(record["max_distance_km"]),
            None if rate is None else float(rate),
            lat,
            lon,
        )
    exclusions = frozenset((min(a, b), max(a, b)) for a, b in data.get("exclusions", []))
    return Problem(categories, items, exclusions)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def within_reach(problem: Problem, a: Item, b: Item) -> bool:
    """Different organisations, each within the other's max distance, no exclusion."""
    if a.org == b.org or problem.excluded(a.org, b.org):
        return False
    km = haversine_km(a.lat, a.lon, b.lat, b.lon)
    return km <= min(a.max_distance_km, b.max_distance_km) + EPSILON


def standalone(category: Category, months: Sequence[float]) -> float:
    return category.standalone_rate * sum(months)


def group_cost(category: Category, peak: float, members: int) -> float:
    """C(S) = 12 * (U * max(m, P(S)/K) + o * |S|)."""
    fraction = max(category.min_fraction, peak / category.unit_capacity)
    return MONTHS * (category.unit_cost * fraction + category.member_overhead * members)


def group_savings(category: Category, demands: Sequence[Sequence[float]]) -> float:
    peak = max(sum(d[m] for d in demands) for m in range(MONTHS))
    alone = sum(standalone(category, d) for d in demands)
    return alone - group_cost(category, peak, len(demands))


def assignment_savings(category: Category, offer: Item, need: Item) -> float:
    assert offer.rate is not None
    return (category.standalone_rate - offer.rate) * sum(need.months)


def needs_compatible(problem: Problem, a: Item, b: Item) -> bool:
    capacity = problem.categories[a.category].unit_capacity
    fits = all(x + y <= capacity + EPSILON for x, y in zip(a.months, b.months, strict=True))
    return fits and within_reach(problem, a, b)


def can_serve(problem: Problem, offer: Item, need: Item) -> bool:
    category = problem.categories[need.category]
    assert offer.rate is not None
    if offer.rate >= category.standalone_rate:
        return False
    fits = all(q <= c + EPSILON for q, c in zip(need.months, offer.months, strict=True))
    return fits and within_reach(problem, offer, need)


# --- components, columns, MILP --------------------------------------------------------------


def _components(nodes: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    """Connected components (union-find) of the nodes that have at least one edge."""
    parent = {n: n for n in nodes}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    touched: set[str] = set()
    for a, b in edges:
        touched.update((a, b))
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
    by_root: dict[str, list[str]] = {}
    for n in nodes:
        if n in touched:
            by_root.setdefault(root(n), []).append(n)
    return list(by_root.values())


def enumerate_groups(
    category: Category,
    needs: list[Item],
    neighbours: dict[str, set[str]],
) -> list[tuple[tuple[str, ...], float]]:
    """Every feasible group of 2..max_group_size needs with positive savings.

    Depth-first over cliques in list order: a need joins only if it comes after the last
    member, is compatible with every member, and keeps every month within capacity. The
    peak only grows as members join, so an overfull set ends its branch.
    """
    found: list[tuple[tuple[str, ...], float]] = []
    capacity = category.unit_capacity

    def extend(members: list[Item], sums: list[float], candidates: list[Item]) -> None:
        for position, need in enumerate(candidates):
            new_sums = [s + q for s, q in zip(sums, need.months, strict=True)]
            if max(new_sums) > capacity + EPSILON:
                continue
            group = [*members, need]
            if len(group) >= 2:
                value = group_savings(category, [g.months for g in group])
                if value > EPSILON:
                    found.append((tuple(g.id for g in group), value))
            if len(group) < category.max_group_size:
                later = [c for c in candidates[position + 1 :] if c.id in neighbours[need.id]]
                if later:
                    extend(group, new_sums, later)

    if category.max_group_size >= 2:
        extend([], [0.0] * MONTHS, needs)
    return found


def solve_packing(
    need_ids: list[str],
    offers: list[Item],
    groups: list[tuple[tuple[str, ...], float]],
    assignments: list[tuple[Item, Item, float]],
    *,
    time_limit: float | None = None,
) -> tuple[float, list[int], list[int]]:
    """Optimal set packing: (optimum, chosen group indices, chosen assignment indices)."""
    n_columns = len(groups) + len(assignments)
    if n_columns == 0:
        return 0.0, [], []
    need_row = {n: r for r, n in enumerate(need_ids)}
    offer_row = {o.id: len(need_ids) + MONTHS * k for k, o in enumerate(offers)}
    # Column-wise matrix: each group column has a 1 in its needs' rows; each assignment
    # column a 1 in its need's row and the need's months in the offer's twelve rows.
    starts, rows, values, savings = [], [], [], []
    for members, value in groups:
        starts.append(len(rows))
        for n in members:
            rows.append(need_row[n])
            values.append(1.0)
        savings.append(value)
    for offer, need, value in assignments:
        starts.append(len(rows))
        rows.append(need_row[need.id])
        values.append(1.0)
        for month, quantity in enumerate(need.months):
            if quantity > 0:
                rows.append(offer_row[offer.id] + month)
                values.append(quantity)
        savings.append(value)
    upper = [1.0] * len(need_ids)
    for offer in offers:
        upper.extend(offer.months)

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 1e-7)
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    n_rows = len(upper)
    highs.addRows(
        n_rows,
        np.full(n_rows, -highspy.kHighsInf),
        np.array(upper, dtype=float),
        0,
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=np.int32),
        np.zeros(0, dtype=float),
    )
    highs.addCols(
        n_columns,
        np.array(savings, dtype=float),
        np.zeros(n_columns),
        np.ones(n_columns),
        len(rows),
        np.array(starts, dtype=np.int32),
        np.array(rows, dtype=np.int32),
        np.array(values, dtype=float),
    )
    highs.changeColsIntegrality(
        n_columns,
        np.arange(n_columns, dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * n_columns),
    )
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.run()
    status = highs.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"the set-packing MILP was not solved to optimality: {status}")
    chosen = [k for k, x in enumerate(highs.getSolution().col_value) if x > 0.5]
    picked_groups = [k for k in chosen if k < len(groups)]
    picked_assignments = [k - len(groups) for k in chosen if k >= len(groups)]
    total = sum(groups[k][1] for k in picked_groups) + sum(
        assignments[k][2] for k in picked_assignments
    )
    objective = highs.getInfo().objective_function_value
    if abs(total - objective) > 1e-6 * max(1.0, abs(objective)):
        raise RuntimeError(f"HiGHS objective {objective} differs from its columns' sum {total}")
    return total, picked_groups, picked_assignments


def solve_exact(data: Mapping[str, Any], *, time_limit: float | None = None) -> ExactResult:
    """The optimal total savings of the instance, with one optimal plan, per component.

    `time_limit` (seconds, per component MILP) only guards against a runaway run: reaching
    it raises RuntimeError, never returns a non-optimal figure.
    """
    started = time.perf_counter()
    problem = read_problem(data)
    chosen_groups: list[tuple[str, tuple[str, ...], float]] = []
    chosen_assignments: list[tuple[str, str, float]] = []
    components: list[ComponentOptimum] = []
    for code, category in problem.categories.items():
        members = [i for i in problem.items.values() if i.category == code]
        needs = [i for i in members if i.direction == "need"]
        offers = [i for i in members if i.direction == "offer"]
        neighbours: dict[str, set[str]] = {n.id: set() for n in needs}
        edges: list[tuple[str, str]] = []
        if category.max_group_size >= 2:
            for x, a in enumerate(needs):
                for b in needs[x + 1 :]:
                    if needs_compatible(problem, a, b):
                        neighbours[a.id].add(b.id)
                        neighbours[b.id].add(a.id)
                        edges.append((a.id, b.id))
        servable: list[tuple[Item, Item]] = []
        for offer in offers:
            for need in needs:
                if can_serve(problem, offer, need):
                    servable.append((offer, need))
                    edges.append((offer.id, need.id))
        for nodes in _components([i.id for i in members], edges):
            t = time.perf_counter()
            inside = set(nodes)
            comp_needs = [n for n in needs if n.id in inside]
            comp_offers = [o for o in offers if o.id in inside]
            groups = enumerate_groups(category, comp_needs, neighbours)
            assignments = [
                (o, n, value)
                for o, n in servable
                if o.id in inside and (value := assignment_savings(category, o, n)) > EPSILON
            ]
            optimum, picked_groups, picked_assignments = solve_packing(
                [n.id for n in comp_needs],
                comp_offers,
                groups,
                assignments,
                time_limit=time_limit,
            )
            chosen_groups.extend((code, groups[k][0], groups[k][1]) for k in picked_groups)
            chosen_assignments.extend(
                (assignments[k][0].id, assignments[k][1].id, assignments[k][2])
                for k in picked_assignments
            )
            components.append(
                ComponentOptimum(
                    code,
                    tuple(n.id for n in comp_needs),
                    tuple(o.id for o in comp_offers),
                    len(groups),
                    len(assignments),
                    optimum,
                    time.perf_counter() - t,
                )
            )
    total = sum(c.optimum for c in components)
    return ExactResult(
        total,
        tuple(chosen_groups),
        tuple(chosen_assignments),
        tuple(components),
        time.perf_counter() - started,
    )


# --- checking a plan ------------------------------------------------------------------------


def check_plan(
    data: Mapping[str, Any],
    groups: Iterable[Sequence[str]],
    assignments: Iterable[tuple[str, str]],
) -> float:
    """The yearly savings of a plan (groups of need ids, (offer, need) pairs), recomputed.

    Raises PlanError listing every breach of the contract: an unknown item, a need used
    twice, a group mixing categories, too small or too large, with an incompatible pair or
    a month over capacity; an assignment from an offer that may not serve that need, or an
    offer over its spare capacity in some month.
    """
    problem = read_problem(data)
    errors: list[str] = []
    used: dict[str, str] = {}
    total = 0.0

    def use(need_id: str, where: str) -> Item | None:
        need = problem.items.get(need_id)
        if need is None or need.direction != "need":
            errors.append(f"{where}: {need_id!r} is not a need of the instance")
            return None
        if need_id in used:
            errors.append(f"{where}: need {need_id} is already served by {used[need_id]}")
        used[need_id] = where
        return need

    for number, ids in enumerate(groups):
        where = f"group {number} {list(ids)}"
        members = [n for n in (use(i, where) for i in ids) if n is not None]
        if len(members) != len(ids):
            continue
        codes = {n.category for n in members}
        if len(codes) != 1:
            errors.append(f"{where}: mixes categories {sorted(codes)}")
            continue
        category = problem.categories[codes.pop()]
        if not 2 <= len(members) <= category.max_group_size:
            errors.append(f"{where}: size {len(members)} outside 2..{category.max_group_size}")
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if not within_reach(problem, a, b):
                    errors.append(f"{where}: {a.id} and {b.id} are not compatible")
        peak = max(sum(n.months[m] for n in members) for m in range(MONTHS))
        if peak > category.unit_capacity + EPSILON:
            errors.append(f"{where}: peak {peak:g} over capacity {category.unit_capacity:g}")
        total += group_savings(category, [n.months for n in members])

    load: dict[str, list[float]] = {}
    for offer_id, need_id in assignments:
        where = f"assignment {offer_id} -> {need_id}"
        offer = problem.items.get(offer_id)
        need = use(need_id, where)
        if offer is None or offer.direction != "offer":
            errors.append(f"{where}: {offer_id!r} is not an offer of the instance")
            continue
        if need is None:
            continue
        if offer.category != need.category or not can_serve(problem, offer, need):
            errors.append(f"{where}: the offer may not serve this need")
            continue
        sums = load.setdefault(offer_id, [0.0] * MONTHS)
        for month, quantity in enumerate(need.months):
            sums[month] += quantity
        total += assignment_savings(problem.categories[need.category], offer, need)
    for offer_id, sums in load.items():
        months = problem.items[offer_id].months
        over = [m + 1 for m in range(MONTHS) if sums[m] > months[m] + EPSILON]
        if over:
            errors.append(f"offer {offer_id}: over its spare capacity in months {over}")
    if errors:
        raise PlanError(errors)
    return total
