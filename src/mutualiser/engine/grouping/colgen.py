"""Column generation: the LP relaxation of the set packing without enumerating its groups.

The LP is the set packing of relaxation.py with the offers' capacity rows (one column per
offer -> need pair, twelve capacity rows per offer), whose pair columns are all present
from the start, and only some of the groups: those of the seed plan, then those that the
pricing finds. Each round solves the restricted LP (HiGHS keeps its basis when columns
are added, so a round is a few primal simplex iterations), reads the row duals y, and
prices: it looks for the feasible groups of largest reduced savings

    rc(S) = savings(S) - sum over i in S of y_i
          = sum over i in S of a_i - 12 U max(m, P(S) / K),   a_i = alone_i - 12 o - y_i

by an enumeration of cliques rooted at their lowest member, level by level in NumPy,
pruned by an upper bound on the reduced savings of every extension (below).

**The bound, valid at every round.** For any y >= 0 and any plan x (0/1, feasible),

    savings.x = sum over c of (rc_c + sum over rows r of A_rc y_r) x_c <= y.b + sum_c rc_c x_c

A plan's groups are disjoint, so no two of them have the same lowest member (root); with
d_r >= max(0, the largest rc of any group rooted at r), the groups of x add at most
sum_r d_r, and its offer pairs at most the sum of their positive rc. Hence

    bound = y.b + sum over pair columns of max(0, rc) + sum over roots of d_r

is an upper bound on the component's savings, whatever the round (the LP need not be
optimal, nor the pricing complete). The pricing gives d_r: the largest rc it met at root
r, or the upper bound of any subtree it did not explore (pruned because that bound was
below `theta`, or cut by the work limit). When no group of rc > theta is left, the bound
is the LP optimum up to n * theta (theta is tiny).

**The pruning bound.** For a clique S with peak P in month t* and candidates C (common
neighbours after its last member that fit the capacity with S), any extension S + T,
T in C, |S + T| <= G, has P(S + T) >= P + sum over T of months_j[t*], so

    rc(S + T) <= A_S - 12 U P / K + (top G - |S| positive values of a_j - 12 U months_j[t*] / K)
    rc(S + T) <= A_S - 12 U max(m, P / K) + (top G - |S| positive values of a_j)

(A_S: the sum of a over S); the smaller of the two bounds every group below S.

Every limit is a count (rounds, partial groups per level, columns), never seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mutualiser.engine.costmodel import cost_from_peak
from mutualiser.engine.grouping.columns import Columns, packing_arrays
from mutualiser.engine.grouping.components import EPSILON, Component
from mutualiser.engine.grouping.highs import MIP_OPTIONS, new_highs, packing_highs, run_checked
from mutualiser.engine.grouping.relaxation import Model, Relaxation

ROUNDS = 30  # LP re-solves and pricings of one component, at most
PARTIALS = 40_000  # partial groups kept at one level of one pricing round (then cut)
COLUMNS_PER_ROOT = 2  # new columns per root and round, at most (the best reduced savings)
MAX_COLUMNS = 30_000  # group columns of one component, at most
THETA = 1e-6  # relative to the bound: a root's groups below theta * bound / n are pruned
CONVERGED = 1e-4  # stop when the bound is within this share of the LP value
BEAM = 4  # partial columns kept per root and level while looking for columns


@dataclass
class Tree:
    """Rooted enumeration trees of one pricing: the groups rooted at a need (their lowest
    member), or the bundles of an offer. Each root has a `forward` list of items that may
    join (padded with -1); `later[r, p, q]` says whether item q may follow item p in the
    same column (groups: adjacent, q after p; bundles: q after p); `capacity` per root."""

    forward: np.ndarray  # (R, D) local need indices, -1 past the end
    later: np.ndarray  # (R, D, D) bool, or (1, D, D) shared by every root
    capacity: np.ndarray  # (R, 12) or (1, 12)
    start_months: np.ndarray  # (R, 12): the root's own months (groups) or zeros (bundles)
    roots: np.ndarray  # root ids (need or offer local indices)
    first_size: int  # members of a root-only partial column (1 for a group, 0 for a bundle)
    max_size: int  # members of a column, at most


def group_tree(comp: Component) -> Tree:
    """Groups rooted at their lowest member: the root's neighbours of higher index."""
    n = len(comp.needs)
    lo = np.minimum(comp.pool_a, comp.pool_b)
    hi = np.maximum(comp.pool_a, comp.pool_b)
    order = np.lexsort((hi, lo))
    lo, hi = lo[order], hi[order]
    count = np.bincount(lo, minlength=n)
    width = max(1, int(count.max()))
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    slot = np.arange(len(lo)) - start[lo]
    roots = np.flatnonzero(count > 0)
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[roots] = np.arange(len(roots))
    forward = np.full((len(roots), width), -1, dtype=np.int64)
    forward[row_of[lo], slot] = hi
    valid = forward >= 0
    keys = np.sort(np.concatenate((lo * n + hi, hi * n + lo)))
    f = np.maximum(forward, 0)
    pairs = (f[:, :, None] * n + f[:, None, :]).ravel()
    found = np.minimum(np.searchsorted(keys, pairs), len(keys) - 1)
    later = (keys[found] == pairs).reshape(len(roots), width, width)
    later &= valid[:, :, None] & valid[:, None, :]
    later &= np.arange(width)[None, None, :] > np.arange(width)[None, :, None]
    p = comp.params
    return Tree(
        forward, later, np.full((1, 12), p.unit_capacity + 1e-9), comp.months[roots], roots,
        1, p.max_group_size,
    )  # fmt: skip


def bundle_tree(comp: Component) -> tuple[Tree, np.ndarray]:
    """Bundles of each offer: its candidate needs; also each (root, slot)'s pair index."""
    good = np.flatnonzero(comp.offer_sav > EPSILON)
    o = comp.offer_o[good]
    order = np.lexsort((comp.offer_n[good], o))
    good, o = good[order], o[order]
    m = len(comp.offers)
    count = np.bincount(o, minlength=m)
    width = max(1, int(count.max()) if len(count) else 1)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    slot = np.arange(len(o)) - start[o]
    roots = np.flatnonzero(count > 0)
    row_of = np.full(m, -1, dtype=np.int64)
    row_of[roots] = np.arange(len(roots))
    forward = np.full((len(roots), width), -1, dtype=np.int64)
    forward[row_of[o], slot] = comp.offer_n[good]
    pair = np.full((len(roots), width), -1, dtype=np.int64)
    pair[row_of[o], slot] = good
    later = np.triu(np.ones((width, width), dtype=bool), 1)[None, :, :]
    tree = Tree(
        forward, later, comp.capacity[roots] + 1e-9, np.zeros((len(roots), 12)), roots,
        0, width,
    )  # fmt: skip
    return tree, pair


@dataclass
class Priced:
    columns: list[tuple[int, tuple[int, ...]]]  # (root, sorted members) of the new columns
    reduced: np.ndarray  # their reduced savings
    best: float  # sum over roots of d_r >= 0: bound on the reduced savings rooted at r
    complete: bool = True  # False when the work limit cut the enumeration (bound looser)


def top_positive(row: np.ndarray, value: np.ndarray, k: int, count: int) -> np.ndarray:
    """Per row, the sum of its k largest positive values (pairs given as row, value)."""
    keep = value > 0.0
    row, value = row[keep], value[keep]
    if k < 1 or not len(row):
        return np.zeros(count)
    order = np.lexsort((-value, row))
    row, value = row[order], value[order]
    rank = np.arange(len(row)) - np.searchsorted(row, row)
    inside = rank < k
    return np.bincount(row[inside], weights=value[inside], minlength=count)


CHUNK = 4_096  # partial columns per block of the dense bounds (memory: CHUNK x D x 12)


def dense_top(
    row: np.ndarray, slot: np.ndarray, gain: np.ndarray, _: None, k: int, count: int, width: int
) -> np.ndarray:
    """Per partial column, the sum of its k largest positive candidate values."""
    if k < 1 or not len(row):
        return np.zeros(count)
    dense = np.zeros((count, width))
    dense[row, slot] = np.maximum(gain, 0.0)
    if k < width:
        dense = -np.partition(-dense, k - 1, axis=1)[:, :k]
    return dense.sum(axis=1)


def by_months(
    row: np.ndarray, slot: np.ndarray, gain: np.ndarray, load: np.ndarray, per_unit: float,
    total: np.ndarray, sums: np.ndarray, k: int, count: int, width: int,
) -> np.ndarray:  # fmt: skip
    """min over months t of total - per_unit sums_t + (k largest positive gain_j - per_unit
    months_j[t]): the peak is at least each month's load. Dense blocks of CHUNK partials."""
    out = np.empty(count)
    order = np.argsort(row, kind="stable")
    row, slot, gain, load = row[order], slot[order], gain[order], load[order]
    bounds = np.searchsorted(row, np.arange(0, count + CHUNK, CHUNK))
    for block, start in enumerate(range(0, count, CHUNK)):
        stop = min(count, start + CHUNK)
        lo, hi = bounds[block], bounds[block + 1]
        dense = np.zeros((stop - start, width, 12))
        dense[row[lo:hi] - start, slot[lo:hi]] = np.maximum(
            gain[lo:hi, None] - per_unit * load[lo:hi], 0.0
        )
        if k < width:
            dense = -np.partition(-dense, k - 1, axis=1)[:, :k]
        top = dense.sum(axis=1)  # (block, 12)
        out[start:stop] = (total[start:stop, None] - per_unit * sums[start:stop] + top).min(axis=1)
    return out


def price(
    tree: Tree, value: np.ndarray, root_value: np.ndarray, per_unit: float, floor: float,
    months: np.ndarray, theta: float, *, partials: int = PARTIALS,
    per_root: int = COLUMNS_PER_ROOT, beam: int = 0,
) -> Priced:  # fmt: skip
    """Columns of reduced savings above theta, and the bound sum of d_r, by enumeration.

    `value[r, p]`: what item p of root r adds (a_j for a group, offer savings - y_j for a
    bundle); `root_value[r]` what the root adds (a_r, or -y_offer); a column's reduced
    savings are the sum less max(floor, per_unit * peak) (0 for bundles).
    """
    n_roots, width = tree.forward.shape
    best = np.zeros(n_roots)
    if n_roots == 0:
        return Priced([], np.zeros(0), 0.0)
    ids = np.arange(n_roots)
    members = np.zeros((n_roots, 0), dtype=np.int64)  # slots of the root's forward list
    sums = tree.start_months.copy()
    total = root_value.astype(float).copy()
    cand = tree.forward >= 0
    size = tree.first_size
    found_rows: list[np.ndarray] = []
    found_members: list[np.ndarray] = []
    found_rc: list[np.ndarray] = []
    complete = True
    shared_capacity = len(tree.capacity) == 1
    while len(ids) and size < tree.max_size:
        count = len(ids)
        row, slot = np.nonzero(cand)
        item = tree.forward[ids[row], slot]
        capacity = tree.capacity[0] if shared_capacity else tree.capacity[ids[row]]
        fits = np.all(sums[row] + months[item] <= capacity, axis=1)
        cand[row[~fits], slot[~fits]] = False
        row, slot, item = row[fits], slot[fits], item[fits]
        gain = value[ids[row], slot]
        peak = sums.max(axis=1)
        left = tree.max_size - size
        # P(S + T) >= sums_S[t] + sum over T of months_j[t] for every month t: each month
        # gives a bound, the least is kept (and the one without the peak, by the floor).
        upper = total - np.maximum(floor, per_unit * peak)
        if per_unit > 0.0 and len(row):
            upper = np.minimum(upper + dense_top(row, slot, gain, None, left, count, width),
                               by_months(row, slot, gain, months[item], per_unit, total, sums,
                                         left, count, width))  # fmt: skip
        else:
            upper = upper + dense_top(row, slot, gain, None, left, count, width)
        has = np.bincount(row, minlength=count) > 0
        alive = (upper > theta) & has
        # Pruned subtrees: no column below reaches theta; their bound still counts in d_r.
        dead = ~alive & has
        np.maximum.at(best, ids[dead], np.maximum(upper[dead], 0.0))
        go = alive[row]
        row, slot, item, gain = row[go], slot[go], item[go], gain[go]
        if len(row) > partials:
            complete = False
            # Work limit: the partial columns of largest bound are extended; the others
            # count their bound in d_r (a valid bound, only looser).
            rank = np.argsort(-upper, kind="stable")
            position = np.empty(count, dtype=np.int64)
            position[rank] = np.arange(count)
            order = np.lexsort((slot, position[row]))
            row, slot, item, gain = row[order], slot[order], item[order], gain[order]
            # A partial column with any extension cut counts its whole bound (valid).
            cut_rows = np.unique(row[partials:])
            np.maximum.at(best, ids[cut_rows], np.maximum(upper[cut_rows], 0.0))
            row, slot, item, gain = (
                row[:partials],
                slot[:partials],
                item[:partials],
                gain[:partials],
            )
            order = np.lexsort((slot, row))
            row, slot, item, gain = row[order], slot[order], item[order], gain[order]
        parent_upper = upper[row]
        later = tree.later[0, slot] if len(tree.later) == 1 else tree.later[ids[row], slot]
        cand = cand[row] & later
        members = np.column_stack((members[row], slot))
        sums = sums[row] + months[item]
        total = total[row] + gain
        ids = ids[row]
        size += 1
        rc = total - np.maximum(floor, per_unit * sums.max(axis=1))
        np.maximum.at(best, ids, np.maximum(rc, 0.0))
        good = rc > theta
        if good.any():
            found_rows.append(ids[good])
            found_members.append(tree.forward[ids[good][:, None], members[good]])
            found_rc.append(rc[good])
        if beam and len(ids):
            # Beam search (column finding only): each root keeps its `beam` partial
            # columns of best reduced savings; the others count their parent's bound in d_r.
            order = np.lexsort((np.arange(len(ids)), -rc, ids))
            rank = np.empty(len(ids), dtype=np.int64)
            rank[order] = np.arange(len(ids)) - np.searchsorted(ids[order], ids[order])
            keep = rank < beam
            np.maximum.at(best, ids[~keep], np.maximum(parent_upper[~keep], 0.0))
            members, sums, total, ids, cand = (
                members[keep],
                sums[keep],
                total[keep],
                ids[keep],
                cand[keep],
            )
    columns: list[tuple[int, tuple[int, ...]]] = []
    reduced: list[float] = []
    if found_rc:
        rows_all = np.concatenate(found_rows)
        rc_all = np.concatenate(found_rc)
        order = np.lexsort((np.arange(len(rc_all)), -rc_all, rows_all))
        sorted_rows = rows_all[order]
        rank = np.arange(len(order)) - np.searchsorted(sorted_rows, sorted_rows)
        chosen = np.sort(order[rank < per_root])
        offsets = np.cumsum([0, *(len(f) for f in found_members)])
        for c in chosen.tolist():
            level = int(np.searchsorted(offsets, c, side="right")) - 1
            items = found_members[level][c - offsets[level]].tolist()
            root = int(tree.roots[rows_all[c]])
            if tree.first_size:  # the root is a member (a group)
                items.append(root)
            columns.append((root, tuple(sorted(items))))
            reduced.append(float(rc_all[c]))
    return Priced(columns, np.array(reduced), float(best.sum()), complete)


def price_groups(
    comp: Component, tree: Tree, y: np.ndarray, theta: float, partials: int, beam: int = 0
) -> Priced:
    p = comp.params
    a = comp.alone - 12.0 * p.member_overhead - y
    value = np.where(tree.forward >= 0, a[np.maximum(tree.forward, 0)], 0.0)
    return price(
        tree, value, a[tree.roots], 12.0 * p.unit_cost / p.unit_capacity,
        12.0 * p.unit_cost * p.min_fraction, comp.months, theta, partials=partials, beam=beam,
    )  # fmt: skip


def price_bundles(
    comp: Component,
    tree: Tree,
    pair: np.ndarray,
    y: np.ndarray,
    theta: float,
    partials: int,
    beam: int = 0,
) -> Priced:
    n = len(comp.needs)
    safe = np.maximum(tree.forward, 0)
    value = np.where(tree.forward >= 0, comp.offer_sav[np.maximum(pair, 0)] - y[safe], 0.0)
    return price(
        tree, value, -y[n + tree.roots], 0.0, 0.0, comp.months, theta, partials=partials,
        per_root=1, beam=beam,
    )  # fmt: skip


PRICING_NODES = 200  # branch-and-bound nodes of one pricing MILP (its dual bound stays valid)
# Rows "not both" of the group pricing MILP, at most: beyond, a sparse component (measured:
# 1,766 needs, 1.5 M non-adjacent pairs, 430 s in HiGHS) keeps the enumeration's bound.
APART_LIMIT = 5_000


def pricing_milp(
    value: np.ndarray, months: np.ndarray, capacity: np.ndarray, *, group: Any = None,
    node_limit: int = PRICING_NODES,
) -> tuple[list[int], float, float]:  # fmt: skip
    """The column of largest reduced savings by a small MILP, for dense components whose
    enumeration is cut by its work limit: chosen items, their reduced savings, and an upper
    bound on every column's (HiGHS's dual bound: valid even when the node limit stops it).

    Items z_j in {0, 1} worth value_j; a bundle keeps sum_j months_j z_j <= capacity (12
    rows), at least one item. A group (`group` = (params, non-adjacent pairs)) also pays
    12 U u with u in [m, 1] and K u >= its load every month (so u = max(m, P/K) and the
    peak fits), has 2 to G members and no two non-adjacent ones.
    """
    import highspy

    k = len(value)
    n_cols = k + (1 if group is not None else 0)
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    cost = np.zeros(n_cols)
    cost[:k] = value
    lower, upper = np.zeros(n_cols), np.ones(n_cols)
    starts, index, values, row_lower, row_upper = [], [], [], [], []

    def row(cols: np.ndarray, coefficients: np.ndarray, lo: float, hi: float) -> None:
        starts.append(len(index))
        index.extend(cols.tolist())
        values.extend(coefficients.tolist())
        row_lower.append(lo)
        row_upper.append(hi)

    items = np.arange(k)
    inf = highspy.kHighsInf
    if group is None:
        for t in range(months.shape[1]):
            row(items, months[:, t], -inf, float(capacity[t]))
        row(items, np.ones(k), 1.0, inf)
    else:
        params, apart_a, apart_b = group
        cost[k] = -12.0 * params.unit_cost
        lower[k] = params.min_fraction
        for t in range(months.shape[1]):
            row(np.append(items, k), np.append(months[:, t], -params.unit_capacity), -inf, 0.0)
        row(items, np.ones(k), 2.0, float(params.max_group_size))
        for i, j in zip(apart_a.tolist(), apart_b.tolist(), strict=True):
            row(np.array([i, j]), np.ones(2), -inf, 1.0)
    lp.num_row_ = len(row_lower)
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(row_lower, dtype=float)
    lp.row_upper_ = np.array(row_upper, dtype=float)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array([*starts, len(index)], dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * k + (
        [highspy.HighsVarType.kContinuous] if group is not None else []
    )
    highs = new_highs()
    for name, option in MIP_OPTIONS.items():
        highs.setOptionValue(name, option)
    highs.setOptionValue("mip_max_nodes", int(node_limit))
    highs.setOptionValue("mip_rel_gap", 1e-6)
    highs.passModel(lp)
    run_checked(highs)
    info = highs.getInfo()
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return [], -inf, -inf
    bound = float(info.mip_dual_bound)
    if info.primal_solution_status == 0:
        return [], -inf, bound
    x = np.asarray(highs.getSolution().col_value)
    chosen = np.flatnonzero(x[:k] > 0.5).tolist()
    found = float(info.objective_function_value)
    if status == highspy.HighsModelStatus.kOptimal:
        bound = max(found, min(bound, found + 1e-6 * max(1.0, abs(found))))
    return chosen, found, max(bound, found)


def milp_price(
    comp: Component, y: np.ndarray, hood: Tree | None, offer_tree: Tree | None,
    pair: np.ndarray | None,
) -> tuple[list[tuple[int, ...]], list[tuple[int, tuple[int, ...]]], float]:  # fmt: skip
    """Exact pricing by MILPs: the best group and each offer's best bundle, and the bound

        floor(n / 2) * max(0, max rc of a group) + sum over offers of max(0, max rc of its bundle)

    on sum_c rc_c x_c over any plan (a plan has at most n / 2 groups, one bundle per offer).
    """
    n = len(comp.needs)
    p = comp.params
    groups: list[tuple[int, ...]] = []
    bundles: list[tuple[int, tuple[int, ...]]] = []
    extra = 0.0
    apart = n * (n - 1) // 2 - len(comp.pool_a)
    if hood is not None and apart > APART_LIMIT:
        # No group MILP, so no bound on the groups' term: the offers' MILPs alone would
        # bound nothing (adding only their term put national bounds 11 % below the plan).
        return groups, bundles, float("inf")
    if hood is not None:
        a = comp.alone - 12.0 * p.member_overhead - y[:n]
        adjacent = np.zeros((n, n), dtype=bool)
        adjacent[comp.pool_a, comp.pool_b] = adjacent[comp.pool_b, comp.pool_a] = True
        apart_a, apart_b = np.nonzero(np.triu(~adjacent, 1))
        chosen, found, bound = pricing_milp(
            a, comp.months, np.zeros(12), group=(p, apart_a, apart_b)
        )
        extra += (n // 2) * max(0.0, bound)
        if len(chosen) >= 2 and found > 0.0:
            groups.append(tuple(chosen))
    if offer_tree is not None and pair is not None:
        for r, offer in enumerate(offer_tree.roots.tolist()):
            valid = offer_tree.forward[r] >= 0
            needs = offer_tree.forward[r][valid]
            value = comp.offer_sav[pair[r][valid]] - y[needs]
            chosen, found, bound = pricing_milp(value, comp.months[needs], offer_tree.capacity[r])
            extra += max(0.0, bound - y[n + offer])
            if chosen and found - y[n + offer] > 0.0:
                bundles.append((offer, tuple(sorted(int(needs[c]) for c in chosen))))
    return groups, bundles, extra


@dataclass
class Generated:
    """The outcome of column generation on one component."""

    model: Model  # the generated groups and bundles (relaxation.Model order)
    lp: Relaxation  # x, reduced savings and duals of the last LP, in model order
    bound: float  # the least bound of the rounds (valid, see the module's docstring)
    value: float  # the last restricted LP's value
    rounds: int
    history: list[float] = field(default_factory=list)


def group_savings(comp: Component, groups: list[tuple[int, ...]]) -> np.ndarray:
    """Each group's savings: its members' standalone costs less the shared resource's."""
    out = np.empty(len(groups))
    for k, g in enumerate(groups):
        peak = float(comp.months[list(g)].sum(axis=0).max())
        out[k] = float(comp.alone[list(g)].sum()) - cost_from_peak(comp.params, peak, len(g))
    return out


def bundle_savings(comp: Component, bundles: list[tuple[int, tuple[int, ...]]]) -> np.ndarray:
    value = {
        (int(o), int(nd)): float(s)
        for o, nd, s in zip(comp.offer_o, comp.offer_n, comp.offer_sav, strict=True)
    }
    return np.array([sum(value[(o, nd)] for nd in needs) for o, needs in bundles], dtype=float)


def seed_bundles(
    comp: Component, assignments: list[tuple[int, int]]
) -> list[tuple[int, tuple[int, ...]]]:
    """Every offer -> need pair alone (always within capacity), and the seed plan's bundles."""
    good = comp.offer_sav > EPSILON
    pairs = zip(comp.offer_o[good].tolist(), comp.offer_n[good].tolist(), strict=True)
    found = {(o, (nd,)) for o, nd in pairs}
    served: dict[int, list[int]] = {}
    for o, nd in assignments:
        served.setdefault(int(o), []).append(int(nd))
    found.update((o, tuple(sorted(needs))) for o, needs in served.items())
    return sorted(found)


def generate_columns(
    comp: Component, seed_groups: list[tuple[int, ...]],
    seed_assignments: list[tuple[int, int]] = (), *, rounds: int = ROUNDS,
    partials: int = PARTIALS, max_columns: int = MAX_COLUMNS, milp_pricing: bool = True,
    beam_rounds: int = ROUNDS,
) -> Generated:  # fmt: skip
    """Column generation from the seed plan, within `rounds` and `max_columns` columns.

    The first rounds price by beam search (cheap columns, a loose bound); from the first
    round where it finds nothing new, or after `beam_rounds` rounds, the pricing is exact."""
    n, m = len(comp.needs), len(comp.offers)
    trees = len(comp.pool_a) and comp.params.max_group_size >= 2
    hood = group_tree(comp) if trees else None
    offer_tree, pair = bundle_tree(comp) if m else (None, None)
    groups = sorted({tuple(sorted(g)) for g in seed_groups if len(g) >= 2})
    bundles = seed_bundles(comp, list(seed_assignments))
    known_groups, known_bundles = set(groups), set(bundles)
    columns = Columns(groups, group_savings(comp, groups), bundles, bundle_savings(comp, bundles))
    rows, cols, vals, upper = packing_arrays(columns, n, m)
    highs = packing_highs(rows, cols, vals, upper, columns.savings, integral=False)
    # Primal simplex without presolve: after added columns the last basis stays primal
    # feasible, so a round is a few iterations (presolve would start it over each time).
    highs.setOptionValue("simplex_strategy", 4)
    highs.setOptionValue("presolve", "off")
    kinds = [0] * len(groups) + [1] * len(bundles)  # HiGHS order: 0 group, 1 bundle
    best_bound = float("inf")
    history: list[float] = []
    value = 0.0
    y = np.zeros(n + m)
    x_all = np.zeros(len(kinds))
    done_rounds = 0
    stale = False
    beam = BEAM  # beam pricing finds columns cheaply; exact pricing (beam 0) proves the bound
    for done_rounds in range(1, rounds + 1):  # noqa: B007
        y, x_all, value = solve_restricted(highs, n + m)
        stale = False
        if done_rounds > beam_rounds:
            beam = 0
        theta = THETA * max(1.0, abs(value)) / max(1, n + m)
        base = float(y.sum())
        new_groups: list[tuple[int, ...]] = []
        new_bundles: list[tuple[int, tuple[int, ...]]] = []
        complete = True
        if hood is not None:
            priced = price_groups(comp, hood, y[:n], theta, partials, beam)
            base += priced.best
            complete &= priced.complete
            new_groups = [g for _, g in priced.columns if g not in known_groups]
        if offer_tree is not None:
            offered = price_bundles(comp, offer_tree, pair, y, theta, partials, beam)
            base += offered.best
            complete &= offered.complete
            new_bundles = [b for b in offered.columns if b not in known_bundles]
        if beam == 0 and not complete and milp_pricing:
            # The enumeration was cut (a dense component): price by MILPs instead.
            more_groups, more_bundles, extra = milp_price(comp, y, hood, offer_tree, pair)
            base = min(base, float(y.sum()) + extra)
            new_groups += [g for g in more_groups if g not in known_groups and g not in new_groups]
            new_bundles += [
                b for b in more_bundles if b not in known_bundles and b not in new_bundles
            ]
        best_bound = min(best_bound, base)
        history.append(base)
        room = max(0, max_columns - len(kinds))
        new_groups = new_groups[:room]
        new_bundles = new_bundles[: max(0, room - len(new_groups))]
        if best_bound - value <= CONVERGED * max(1.0, abs(best_bound)):
            break
        if not (new_groups or new_bundles):
            if beam == 0:
                break
            beam = 0  # the beam found nothing more: price exactly from now on
            continue
        known_groups.update(new_groups)
        known_bundles.update(new_bundles)
        add_columns(highs, comp, n, new_groups, new_bundles)
        groups.extend(new_groups)
        bundles.extend(new_bundles)
        kinds.extend([0] * len(new_groups) + [1] * len(new_bundles))
        stale = True
    if stale:
        y, x_all, value = solve_restricted(highs, n + m)
        # The last LP's duals were never priced: one exact pricing bounds them (measured on
        # the national payroll component cut at 4 rounds: 12.2 % above the greedy plan, then
        # 7.8 %, for a tenth of the run's CPU).
        final = exact_bound(comp, hood, offer_tree, pair, y, value, partials)
        best_bound = min(best_bound, final)
        history.append(final)
    columns = Columns(groups, group_savings(comp, groups), bundles, bundle_savings(comp, bundles))
    rows, cols, vals, upper = packing_arrays(columns, n, m)
    model = Model(comp, columns, rows, cols, vals, upper, columns.savings, None)
    kinds_arr = np.array(kinds)
    order = np.concatenate((np.flatnonzero(kinds_arr == 0), np.flatnonzero(kinds_arr == 1)))
    x = x_all[order] if len(x_all) == len(order) else np.zeros(model.n_columns)
    used = np.bincount(cols, weights=vals * y[rows], minlength=model.n_columns)
    relaxation = Relaxation(best_bound, x, model.savings - used, None, y)
    return Generated(model, relaxation, best_bound, value, done_rounds, history)


def exact_bound(
    comp: Component, hood: Tree | None, offer_tree: Tree | None, pair: np.ndarray | None,
    y: np.ndarray, value: float, partials: int,
) -> float:  # fmt: skip
    """The bound y.b + sum of d_r at the duals y by exact pricing (valid even when the work
    limit cuts it: a cut subtree counts its pruning bound)."""
    n, m = len(comp.needs), len(comp.offers)
    theta = THETA * max(1.0, abs(value)) / max(1, n + m)
    bound = float(y.sum())
    if hood is not None:
        bound += price_groups(comp, hood, y[:n], theta, partials).best
    if offer_tree is not None:
        bound += price_bundles(comp, offer_tree, pair, y, theta, partials).best
    return bound


def solve_restricted(highs: Any, n_rows: int) -> tuple[np.ndarray, np.ndarray, float]:
    run_checked(highs)
    solution = highs.getSolution()
    y = np.maximum(np.asarray(solution.row_dual, dtype=float), 0.0)
    if len(y) != n_rows:
        y = np.zeros(n_rows)
    x = np.asarray(solution.col_value, dtype=float)
    return y, x, float(highs.getInfo().objective_function_value)


def add_columns(
    highs: Any, comp: Component, n: int, groups: list[tuple[int, ...]],
    bundles: list[tuple[int, tuple[int, ...]]],
) -> None:  # fmt: skip
    elements = [*groups, *((n + o, *needs) for o, needs in bundles)]
    sizes = np.array([len(e) for e in elements], dtype=np.int32)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int32)
    index = np.fromiter((x for e in elements for x in e), dtype=np.int32, count=int(sizes.sum()))
    cost = np.concatenate((group_savings(comp, groups), bundle_savings(comp, bundles)))
    count = len(elements)
    highs.addCols(
        count, cost, np.zeros(count), np.ones(count), len(index), starts, index,
        np.ones(len(index)),
    )  # fmt: skip


def has_groups(comp: Component) -> bool:
    return len(comp.pool_a) > 0 and comp.params.max_group_size >= 2 and EPSILON > 0
