"""Choose disjoint pooling groups and offer assignments that maximise total savings.

The candidate graph (matching.py) falls apart into independent components: one category,
items linked by pool or offer pairs. Each component is solved on its own:

- heuristic always: a savings-driven greedy growth of groups, offers filling with what is
  left or worth more, then local search (move, swap, merge, split) within a time budget;
- exact when small: every feasible, undominated group (a clique of the compatibility graph,
  2 to `max_group_size` needs, peak within capacity, positive savings, every member adding
  savings) and every offer bundle becomes a column of a set packing (each need and offer at
  most once), solved by a DP over subsets when small, else by the LP route: LP bound from
  the duals, exact cover of the zero-priced columns, reduced-cost fixing, then HiGHS's MILP
  on the columns left; the component is reported proven optimal, or keeps its bound and gap.
  When the columns can still be enumerated, `bound_limit` gives heuristic components the LP
  bound and gap.

Optimality is relative to the candidate graph: see matching.py for the k-nearest cap that
applies to dense categories only.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.sparse import coo_matrix, csc_matrix
from scipy.sparse.csgraph import connected_components

from mutualiser.engine.costmodel import (
    MONTHS,
    CostParams,
    cost_from_peak,
    offer_assignment_savings,
)
from mutualiser.engine.instance import (
    Assignment,
    ComponentStats,
    Group,
    Instance,
    Result,
)
from mutualiser.engine.matching import Candidates, ItemArrays, chord_to_km, find_candidates

EPSILON = 1e-6
DEFAULT_EXACT_LIMIT = 60  # items (needs + offers) of a component tried exactly, at most
DEFAULT_EXACT_BUDGET = 10.0  # seconds of exact solving per run, all components together
MILP_SECONDS = 5.0  # a MILP not proven optimal by then keeps its gap; the better plan wins
WORKSHOP_ITEMS = 1_000  # up to this many items, exact solving gets more time:
WORKSHOP_MILP_SECONDS = 10.0  # per component
WORKSHOP_EXACT_BUDGET = 20.0  # per run
MILP_COLUMN_LIMIT = 60_000  # beyond, HiGHS may overrun its time limit on the root LP
TIGHT_COLUMN_LIMIT = 5_000  # columns priced at zero by the LP, tried first as a small MILP
DEFAULT_COLUMN_LIMIT = 150_000  # candidate groups enumerated for one MILP, at most
DEFAULT_BOUND_LIMIT = 300_000  # columns for the LP bound of a heuristic component, at most
EXACT_FLOOR_SECONDS = 0.02  # MILP time of a small component in a run with a time limit
SECONDS_PER_NEED = 2e-5  # default local-search budget when no time limit is given

Progress = Callable[[int, int], None]


@dataclass
class _Component:
    category: int
    params: CostParams
    needs: np.ndarray  # global item indices
    offers: np.ndarray  # global item indices
    months: np.ndarray  # (n_needs, 12)
    alone: np.ndarray  # (n_needs,) standalone yearly cost
    pool_a: np.ndarray  # local need indices, a < b
    pool_b: np.ndarray
    offer_o: np.ndarray  # local offer index
    offer_n: np.ndarray  # local need index
    offer_sav: np.ndarray
    capacity: np.ndarray  # (n_offers, 12) spare capacity of each offer

    @property
    def size(self) -> int:
        return len(self.needs) + len(self.offers)


@dataclass
class _Solution:
    groups: list[tuple[int, ...]]  # local need indices
    assignments: list[tuple[int, int]]  # (local offer, local need)
    savings: float
    method: str
    optimal: bool
    gap: float | None = None
    bound: float | None = None


# --- components ------------------------------------------------------------------------------


def _components(candidates: Candidates) -> list[_Component]:
    instance, arrays = candidates.instance, candidates.arrays
    n = len(instance.items)
    rows = np.concatenate((candidates.pool_a, candidates.offer))
    cols = np.concatenate((candidates.pool_b, candidates.offer_need))
    if len(rows) == 0:
        return []
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    touched = np.unique(np.concatenate((rows, cols)))
    touched = touched[np.argsort(labels[touched], kind="stable")]
    starts = np.flatnonzero(np.diff(labels[touched], prepend=-1))
    ends = np.append(starts[1:], len(touched))
    label_slot = np.full(labels.max() + 1, -1, dtype=np.int64)
    label_slot[labels[touched[starts]]] = np.arange(len(starts))
    local = np.full(n, -1, dtype=np.int64)

    pool_comp = label_slot[labels[candidates.pool_a]]
    pool_order = np.argsort(pool_comp, kind="stable")
    pool_bounds = np.searchsorted(pool_comp[pool_order], np.arange(len(starts) + 1))
    offer_comp = label_slot[labels[candidates.offer]]
    offer_order = np.argsort(offer_comp, kind="stable")
    offer_bounds = np.searchsorted(offer_comp[offer_order], np.arange(len(starts) + 1))

    components = []
    for slot, (start, end) in enumerate(zip(starts, ends, strict=True)):
        members = touched[start:end]
        is_offer = arrays.is_offer[members]
        needs, offers = members[~is_offer], members[is_offer]
        local[needs] = np.arange(len(needs))
        local[offers] = np.arange(len(offers))
        category = int(arrays.category[members[0]])
        params = instance.categories[category].params
        months = arrays.months[needs]
        pe = pool_order[pool_bounds[slot] : pool_bounds[slot + 1]]
        oe = offer_order[offer_bounds[slot] : offer_bounds[slot + 1]]
        components.append(
            _Component(
                category=category,
                params=params,
                needs=needs,
                offers=offers,
                months=months,
                alone=params.standalone_rate * months.sum(axis=1),
                pool_a=local[candidates.pool_a[pe]],
                pool_b=local[candidates.pool_b[pe]],
                offer_o=local[candidates.offer[oe]],
                offer_n=local[candidates.offer_need[oe]],
                offer_sav=candidates.offer_savings[oe],
                capacity=arrays.months[offers],
            )
        )
    return components


# --- exact: enumerate groups, solve the set-packing MILP ---------------------------------------


def _enumerate_groups(
    comp: _Component, limit: int
) -> tuple[list[np.ndarray], list[np.ndarray]] | None:
    """Feasible groups with positive savings, level by level; None when more than `limit`.

    Level k+1 extends each level-k clique with a need of higher index adjacent to all its
    members; a group over capacity is not extended (adding members never lowers the peak).
    A group is kept only when every member adds savings: if dropping member j saves at least
    as much, the smaller group (and j alone) is never worse, so some optimum avoids it.
    """
    p = comp.params
    n = len(comp.needs)
    kept_sets: list[np.ndarray] = []
    kept_savings: list[np.ndarray] = []
    if len(comp.pool_a) == 0 or p.max_group_size < 2:
        return kept_sets, kept_savings
    adjacency = np.zeros((n, n), dtype=bool)
    adjacency[comp.pool_a, comp.pool_b] = True
    adjacency[comp.pool_b, comp.pool_a] = True
    level = np.column_stack((comp.pool_a, comp.pool_b))
    sums = comp.months[level[:, 0]] + comp.months[level[:, 1]]
    total = 0
    size = 2
    indices = np.arange(n)
    bits = n <= 62  # subsets as int64 bit masks, for the dominance test
    previous: tuple[np.ndarray, np.ndarray] | None = None  # sorted keys, savings of level-1
    while len(level):
        total += len(level)
        if total > limit:
            return None
        peaks = sums.max(axis=1)
        savings = comp.alone[level].sum(axis=1) - cost_from_peak(p, peaks, size)
        good = savings > EPSILON
        if bits:
            keys = (np.int64(1) << level).sum(axis=1)
            if previous is not None:
                prev_keys, prev_savings = previous
                for k in range(size):
                    sub = keys - (np.int64(1) << level[:, k])
                    pos = np.minimum(np.searchsorted(prev_keys, sub), len(prev_keys) - 1)
                    good &= savings > prev_savings[pos] + EPSILON
            order = np.argsort(keys)
            previous = (keys[order], savings[order])
        kept_sets.append(level[good])
        kept_savings.append(savings[good])
        if size == p.max_group_size:
            break
        mask = adjacency[level[:, 0]]
        for k in range(1, size):
            mask &= adjacency[level[:, k]]
        mask &= indices[None, :] > level[:, -1][:, None]
        rows, extra = np.nonzero(mask)
        if len(rows) + total > limit:
            return None
        new_sums = sums[rows] + comp.months[extra]
        fits = new_sums.max(axis=1) <= p.unit_capacity + 1e-9
        level = np.column_stack((level[rows[fits]], extra[fits]))
        sums = new_sums[fits]
        size += 1
    return kept_sets, kept_savings


def _enumerate_bundles(
    comp: _Component, limit: int
) -> list[tuple[int, np.ndarray, np.ndarray]] | None:
    """Per offer, every set of its candidate needs that fits its capacity in every month.

    Returns (offer, need sets (m, k) for each size..., savings) flattened per size level;
    None when there are more than `limit` in all (the MILP then uses capacity rows).
    """
    bundles: list[tuple[int, np.ndarray, np.ndarray]] = []
    total = 0
    good = comp.offer_sav > EPSILON
    for offer in range(len(comp.offers)):
        edges = np.flatnonzero(good & (comp.offer_o == offer))
        if len(edges) == 0:
            continue
        needs = comp.offer_n[edges]
        value = comp.offer_sav[edges]
        capacity = comp.capacity[offer] + 1e-9
        level = np.arange(len(needs))[:, None]
        sums = comp.months[needs]
        while len(level):
            total += len(level)
            if total > limit:
                return None
            bundles.append((offer, needs[level], value[level].sum(axis=1)))
            rows, extra = np.nonzero(np.arange(len(needs))[None, :] > level[:, -1][:, None])
            new_sums = sums[rows] + comp.months[needs[extra]]
            fits = np.all(new_sums <= capacity, axis=1)
            level = np.column_stack((level[rows[fits]], extra[fits]))
            sums = new_sums[fits]
    return bundles


_HIGHS_BANNER_SHOWN = False


def _new_highs():  # noqa: ANN202
    """A silent HiGHS; its one-time banner goes to /dev/null, not to our stdout."""
    import highspy

    global _HIGHS_BANNER_SHOWN
    if _HIGHS_BANNER_SHOWN:
        highs = highspy.Highs()
    else:
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                highs = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _HIGHS_BANNER_SHOWN = True
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    return highs


def _run_highs(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    row_upper: np.ndarray,
    savings: np.ndarray,
    *,
    integral: bool,
    time_limit: float | None,
    duals: list[np.ndarray] | None = None,
) -> tuple[np.ndarray | None, float, bool, float | None]:
    """max savings.x s.t. A x <= row_upper, 0 <= x <= 1: chosen columns, value, optimal, gap.

    For the LP (`integral=False`), `duals` receives the row duals (>= 0).
    """
    import highspy

    n_rows, n_cols = len(row_upper), len(savings)
    matrix = csc_matrix((values, (rows, cols)), shape=(n_rows, n_cols))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_cols, n_rows
    lp.col_cost_ = savings.astype(float)
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.ones(n_cols)
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    lp.row_upper_ = row_upper.astype(float)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(float)
    if integral:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    highs = _new_highs()
    highs.setOptionValue("mip_rel_gap", 1e-9)
    if time_limit is not None:
        highs.setOptionValue("time_limit", max(0.01, float(time_limit)))
    highs.passModel(lp)
    highs.run()
    optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    info = highs.getInfo()
    if integral and info.primal_solution_status == 0:  # no feasible point found in time
        return None, 0.0, False, None
    result = highs.getSolution()
    solution = np.asarray(result.col_value)
    if duals is not None:
        duals.append(np.maximum(np.asarray(result.row_dual, dtype=float), 0.0))
    chosen = np.flatnonzero(solution > 0.5) if integral else solution
    gap = 0.0 if optimal else (float(info.mip_gap) if integral else None)
    return chosen, float(info.objective_function_value), optimal, gap


@dataclass
class _Columns:
    """Candidate columns of the set packing: groups, then offer bundles."""

    groups: list[tuple[int, ...]]
    group_savings: np.ndarray
    bundles: list[tuple[int, tuple[int, ...]]]  # (offer, needs)
    bundle_savings: np.ndarray

    @property
    def savings(self) -> np.ndarray:
        return np.concatenate((self.group_savings, self.bundle_savings))

    def __len__(self) -> int:
        return len(self.groups) + len(self.bundles)

    def elements(self, n_needs: int) -> list[tuple[int, ...]]:
        """Each column's elements: its needs, and n_needs + offer for a bundle's offer."""
        return [*self.groups, *((n_needs + o, *nd) for o, nd in self.bundles)]

    def solution(
        self, chosen: Sequence[int]
    ) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
        groups, assignments = [], []
        for c in chosen:
            if c < len(self.groups):
                groups.append(self.groups[c])
            else:
                offer, needs = self.bundles[c - len(self.groups)]
                assignments.extend((offer, n) for n in needs)
        return groups, assignments


def _group_columns(comp: _Component, limit: int) -> _Columns | None:
    """The component's groups as columns, without offer bundles; None when more than `limit`."""
    groups = _enumerate_groups(comp, limit)
    if groups is None:
        return None
    return _Columns(
        groups=[tuple(int(x) for x in row) for level in groups[0] for row in level.tolist()],
        group_savings=np.concatenate([np.zeros(0), *groups[1]]),
        bundles=[],
        bundle_savings=np.zeros(0),
    )


def _columns(comp: _Component, limit: int) -> _Columns | None:
    columns = _group_columns(comp, limit)
    if columns is None:
        return None
    bundles = _enumerate_bundles(comp, limit - len(columns.groups))
    if bundles is None:
        return None
    return replace(
        columns,
        bundles=[(o, tuple(row)) for o, level, _ in bundles for row in level.tolist()],
        bundle_savings=np.concatenate([np.zeros(0), *(s for _, _, s in bundles)]),
    )


def _dp_work(elements: list[tuple[int, ...]], size: int) -> float:
    return float(sum(2.0 ** (size - 1 - min(e)) for e in elements))


def _solve_dp(
    elements: list[tuple[int, ...]], savings: np.ndarray, size: int
) -> tuple[list[int], float]:
    """Exact set packing over `size` elements by dynamic programming on subsets.

    f(M) for every subset M, processed by lowest element i from the last down: either i
    stays out, f(M - i), or a column whose lowest element is i and that lies in M is taken.
    Work: sum over columns of 2^(size - 1 - lowest element), all in NumPy.
    """
    masks = np.array([sum(1 << x for x in e) for e in elements], dtype=np.int64)
    lowest = np.array([min(e) for e in elements])
    best = np.zeros(1 << size)
    choice = np.full(1 << size, -1, dtype=np.int64)
    for i in range(size - 1, -1, -1):
        rest = np.arange(1 << (size - 1 - i), dtype=np.int64) << (i + 1)
        full = rest | (1 << i)
        value, arg = best[rest].copy(), np.full(len(full), -1, dtype=np.int64)
        for k in np.flatnonzero(lowest == i).tolist():
            mask = masks[k]
            inside = (full & mask) == mask
            candidate = np.where(inside, savings[k] + best[full ^ mask], -np.inf)
            better = candidate > value + 1e-9
            value = np.where(better, candidate, value)
            arg = np.where(better, k, arg)
        best[full], choice[full] = value, arg
    chosen, mask = [], (1 << size) - 1
    while mask:
        k = int(choice[mask])
        if k < 0:
            mask &= mask - 1
        else:
            chosen.append(k)
            mask ^= int(masks[k])
    return chosen, float(best[(1 << size) - 1])


def _packing_arrays(
    columns: _Columns, n_needs: int, n_offers: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    elements = columns.elements(n_needs)
    sizes = np.array([len(e) for e in elements], dtype=np.int64)
    rows = np.fromiter((x for e in elements for x in e), dtype=np.int64, count=int(sizes.sum()))
    cols = np.repeat(np.arange(len(elements)), sizes)
    return rows, cols, np.ones(len(rows)), np.ones(n_needs + n_offers)


def _capacity_row_arrays(
    comp: _Component, columns: _Columns
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Groups plus one column per offer -> need pair, offers' capacity as 12 rows each."""
    n_needs = len(comp.needs)
    rows_g, cols_g, vals_g, _ = _packing_arrays(
        _Columns(columns.groups, columns.group_savings, [], np.zeros(0)), n_needs, 0
    )
    edges = np.flatnonzero(comp.offer_sav > EPSILON)
    first = len(columns.groups)
    ids = first + np.arange(len(edges))
    month_rows = n_needs + comp.offer_o[edges][:, None] * MONTHS + np.arange(MONTHS)[None, :]
    load = comp.months[comp.offer_n[edges]]
    nonzero = load > 0
    rows = np.concatenate((rows_g, comp.offer_n[edges], month_rows[nonzero]))
    cols = np.concatenate((cols_g, ids, np.broadcast_to(ids[:, None], load.shape)[nonzero]))
    vals = np.concatenate((vals_g, np.ones(len(edges)), load[nonzero]))
    upper = np.concatenate((np.ones(n_needs), comp.capacity.ravel() + 1e-9))
    savings = np.concatenate((columns.group_savings, comp.offer_sav[edges]))
    return rows, cols, vals, upper, savings, edges.tolist()


DP_WORK_LIMIT = 2e7  # about 0.15 s of NumPy; beyond, the LP route is usually faster
DP_WORK_PER_SECOND = 1.2e8  # under a time limit, the DP's work stays within the MILP's time
DP_WORK_MAX = 2.4e8  # about 2 s: the DP after the LP route's cheap proofs, before the MILP


def _packing_milp(
    arrays: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    savings: np.ndarray,
    incumbent: float,
    time_limit: float | None,
    *,
    milp: bool = True,
) -> tuple[np.ndarray | None, float, bool, float | None, float | None]:
    """Set packing by LP, reduced-cost fixing, then the MILP on the columns left.

    The LP's row duals y >= 0 give, for any plan x, savings.x <= z = y.b + sum(max(0, rc))
    with rc = savings - A'y; a plan using column c is worth at most z - max(0, rc_c) + rc_c,
    so columns for which that is below `incumbent` (the heuristic's savings) cannot be part
    of a better plan and are dropped (usually all but a few hundred). Returns chosen columns
    (None: the incumbent is optimal or nothing was found), value, optimal, gap, bound z.
    """
    rows, cols, vals, upper = arrays
    started = time.perf_counter()
    duals: list[np.ndarray] = []
    _run_highs(rows, cols, vals, upper, savings, integral=False, time_limit=time_limit, duals=duals)
    y = duals[0] if duals and len(duals[0]) == len(upper) else np.zeros(len(upper))
    reduced = savings - np.bincount(cols, weights=vals * y[rows], minlength=len(savings))
    bound = float(y @ upper + np.maximum(reduced, 0.0).sum())
    tolerance = 1e-7 * max(1.0, abs(bound))
    if incumbent >= bound - tolerance:
        return None, incumbent, True, 0.0, bound
    best_with = bound - np.maximum(reduced, 0.0) + reduced

    def restricted(
        keep: np.ndarray, seconds: float | None
    ) -> tuple[np.ndarray | None, float, bool]:
        remap = np.full(len(savings), -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        inside = remap[cols] >= 0
        chosen, value, optimal, _ = _run_highs(
            rows[inside], remap[cols[inside]], vals[inside], upper, savings[keep],
            integral=True, time_limit=seconds,
        )  # fmt: skip
        return (None if chosen is None else keep[chosen]), value, optimal

    def left() -> float | None:
        if time_limit is None:
            return None
        return max(0.01, time_limit - (time.perf_counter() - started))

    # First the columns the LP prices at zero: a plan of them covering every row of positive
    # dual exactly once is worth the bound (complementary slackness), hence optimal.
    found, value = None, incumbent
    tight = np.flatnonzero(best_with >= bound - tolerance)
    cover = _exact_cover(rows, cols, vals, upper, y, tight, tolerance)
    if cover is not None:
        cover_value = float(savings[cover].sum())
        if cover_value >= bound - 10 * tolerance and cover_value > value:
            return cover, cover_value, True, 0.0, bound
    if milp and 0 < len(tight) <= TIGHT_COLUMN_LIMIT:
        seconds = left()
        chosen, tight_value, _ = restricted(tight, None if seconds is None else seconds / 4)
        if chosen is not None and tight_value > value + tolerance:
            found, value = chosen, tight_value
            if value >= bound - tolerance:
                return found, value, True, 0.0, bound
    keep = np.flatnonzero(best_with >= value - tolerance)
    if not milp or len(keep) > MILP_COLUMN_LIMIT:
        return found, value, False, _gap(bound, value), bound
    chosen, milp_value, optimal = restricted(keep, left())
    if chosen is not None and milp_value > value + tolerance:
        found, value = chosen, milp_value
    optimal = optimal or value >= bound - tolerance
    return found, value, optimal, 0.0 if optimal else _gap(bound, value), bound


COVER_NODE_LIMIT = 20_000


def _exact_cover(
    rows: np.ndarray,
    cols: np.ndarray,
    vals: np.ndarray,
    upper: np.ndarray,
    y: np.ndarray,
    tight: np.ndarray,
    tolerance: float,
) -> np.ndarray | None:
    """Tight columns covering each row of positive dual exactly once (depth-first search).

    Only for pure packing rows (0/1 entries, upper bound 1) of at most 62 rows; the columns
    are bit masks. Gives up after COVER_NODE_LIMIT nodes.
    """
    n_rows = len(upper)
    if n_rows > 62 or len(tight) == 0 or not (np.all(vals == 1.0) and np.all(upper == 1.0)):
        return None
    masks = np.zeros(int(cols.max()) + 1, dtype=np.int64)
    np.bitwise_or.at(masks, cols, np.int64(1) << rows.astype(np.int64))
    masks = masks[tight]
    must = int(sum(1 << int(r) for r in np.flatnonzero(y > tolerance)))
    by_row = [tight[(masks >> r) & 1 == 1] for r in range(n_rows)]
    mask_of = dict(zip(tight.tolist(), masks.tolist(), strict=True))
    nodes = 0

    def search(covered: int) -> list[int] | None:
        nonlocal nodes
        todo = must & ~covered
        if todo == 0:
            return []
        row = (todo & -todo).bit_length() - 1
        for c in by_row[row].tolist():
            nodes += 1
            if nodes > COVER_NODE_LIMIT:
                return None
            m = mask_of[c]
            if m & covered:
                continue
            rest = search(covered | m)
            if rest is not None:
                return [c, *rest]
            if nodes > COVER_NODE_LIMIT:
                return None
        return None

    found = search(0)
    return None if found is None else np.array(found, dtype=np.int64)


def _solve_exact(
    comp: _Component,
    column_limit: int,
    time_limit: float | None,
    incumbent: _Solution | None = None,
    *,
    dp_only: bool = False,
) -> _Solution | None:
    """Proven optimum of the component, or None when it is too large to enumerate.

    With an `incumbent` (the heuristic's plan), the MILP path may prove it optimal (returned
    as `method="exact"`) or return the better plan found, with the LP bound and gap.
    """
    base = incumbent.savings if incumbent is not None else 0.0

    def from_incumbent(optimal: bool, gap: float | None, bound: float | None) -> _Solution | None:
        if incumbent is None:
            return None
        if optimal:
            return replace(incumbent, method="exact", optimal=True, gap=0.0, bound=bound)
        return replace(incumbent, gap=gap, bound=bound)

    if dp_only and comp.size > 24:
        return None
    n_needs, n_offers = len(comp.needs), len(comp.offers)
    columns = _columns(comp, column_limit)
    if columns is None and dp_only:
        return None
    if columns is None:
        # Offers with many small needs: keep their capacity as rows instead of bundles.
        columns = _group_columns(comp, column_limit)
        if columns is None:
            return None
        rows, cols, vals, upper, savings, edges = _capacity_row_arrays(comp, columns)
        if len(savings) == 0:
            return _Solution([], [], 0.0, "exact", True, 0.0, 0.0)
        chosen, value, optimal, gap, bound = _packing_milp(
            (rows, cols, vals, upper), savings, base, time_limit
        )
        if chosen is None:
            return from_incumbent(optimal, _gap(bound, base), bound)
        groups_out, assignments = [], []
        for c in chosen.tolist():
            if c < len(columns.groups):
                groups_out.append(columns.groups[c])
            else:
                e = edges[c - len(columns.groups)]
                assignments.append((int(comp.offer_o[e]), int(comp.offer_n[e])))
        return _Solution(groups_out, assignments, value, "exact", optimal, gap, bound)
    if len(columns) == 0:
        return _Solution([], [], 0.0, "exact", True, 0.0, 0.0)
    elements = columns.elements(n_needs)
    savings = columns.savings
    size = n_needs + n_offers
    started = time.perf_counter()
    work = _dp_work(elements, size) if size <= 24 else float("inf")

    def dp_allowed(limit: float) -> bool:
        if time_limit is None:
            return work <= limit
        left = time_limit - (time.perf_counter() - started)
        return work <= min(limit, DP_WORK_PER_SECOND * left)

    def by_dp() -> _Solution:
        chosen, value = _solve_dp(elements, savings, size)
        groups, assignments = columns.solution(chosen)
        return _Solution(groups, assignments, value, "exact", True, 0.0, value)

    if dp_allowed(DP_WORK_LIMIT):
        return by_dp()
    if dp_only:
        return None
    arrays = _packing_arrays(columns, n_needs, n_offers)
    if work <= DP_WORK_MAX:
        # The LP route without its MILP first (usually proves it); else the longer DP.
        chosen, value, optimal, gap, bound = _packing_milp(
            arrays, savings, base, time_limit, milp=False
        )
        if optimal and chosen is None:
            return from_incumbent(True, 0.0, bound)
        if optimal:
            groups, assignments = columns.solution(chosen.tolist())
            return _Solution(groups, assignments, value, "exact", True, 0.0, bound)
        if dp_allowed(DP_WORK_MAX):
            return by_dp()
    if time_limit is not None:
        time_limit = max(0.01, time_limit - (time.perf_counter() - started))
    chosen, value, optimal, gap, bound = _packing_milp(arrays, savings, base, time_limit)
    if chosen is None:
        return from_incumbent(optimal, _gap(bound, base), bound)
    groups, assignments = columns.solution(chosen.tolist())
    return _Solution(groups, assignments, value, "exact", optimal, gap, bound)


def _gap(bound: float | None, found: float) -> float | None:
    if bound is None:
        return None
    return max(0.0, (bound - found) / bound) if bound > EPSILON else 0.0


# --- heuristic: greedy growth, offers, local search -------------------------------------------

FREE, SERVED = -1, -2
SPLIT_EXHAUSTIVE = 12  # groups up to this size try every bipartition in local search
_SPLIT_MASKS: dict[int, np.ndarray] = {}


def _split_masks(n: int) -> np.ndarray:
    """0/1 rows (float) of the bipartitions tried for a group of n: member 0 on side A.

    Both sides have at least 2 members; all of them up to SPLIT_EXHAUSTIVE members,
    otherwise those whose side A or side B has 2 or 3 members.
    """
    if n not in _SPLIT_MASKS:
        if n <= SPLIT_EXHAUSTIVE:
            codes = np.arange(1 << (n - 1), dtype=np.int64)
            rows = np.zeros((len(codes), n))
            rows[:, 0] = 1.0
            rows[:, 1:] = (codes[:, None] >> np.arange(n - 1)) & 1
        else:
            chosen = []
            for r in (1, 2, n - 4, n - 3):
                chosen.extend(itertools.combinations(range(1, n), r))
            rows = np.zeros((len(chosen), n))
            rows[:, 0] = 1.0
            for k, c in enumerate(chosen):
                rows[k, list(c)] = 1.0
        size = rows.sum(axis=1)
        _SPLIT_MASKS[n] = rows[(size >= 2) & (size <= n - 2)]
    return _SPLIT_MASKS[n]


class _Neighbours:
    """Each need's neighbours as a set, built on first use (local search reaches few)."""

    def __init__(self, adj: np.ndarray, ptr: np.ndarray) -> None:
        self.adj, self.ptr = adj, ptr
        self.sets: list[set[int] | None] = [None] * (len(ptr) - 1)

    def __getitem__(self, need: int) -> set[int]:
        found = self.sets[need]
        if found is None:
            found = self.sets[need] = set(self.adj[self.ptr[need] : self.ptr[need + 1]].tolist())
        return found


class _Search:
    """Mutable state of the heuristic on one component (local need indices)."""

    def __init__(self, comp: _Component) -> None:
        self.comp = comp
        self.p = comp.params
        n = len(comp.needs)
        self.n = n
        self.months = comp.months
        self.alone = comp.alone
        # Adjacency as CSR (rows sorted) for NumPy, and as sets for membership tests.
        rows = np.concatenate((comp.pool_a, comp.pool_b))
        cols = np.concatenate((comp.pool_b, comp.pool_a))
        order = np.argsort(rows * max(1, n) + cols, kind="stable")
        self.adj_ptr = np.searchsorted(rows[order], np.arange(n + 1))
        self.adj = cols[order]
        self.neighbours = _Neighbours(self.adj, self.adj_ptr)
        self.mark = np.zeros(n, dtype=bool)
        self.free = np.ones(n, dtype=bool)
        # A seed whose best pair saves nothing never starts a group (the first step of
        # `grow` only depends on the seed and the partner): it is `hopeless`.
        p = comp.params
        # The first step of `grow` for every (seed, neighbour) in CSR order, computed as
        # `grow` would: the pair's peak and the neighbour's marginal savings.
        seeds = rows[order]
        peaks = (comp.months[comp.pool_a] + comp.months[comp.pool_b]).max(axis=1)
        self.pair_peak = np.concatenate((peaks, peaks))[order]  # a + b == b + a exactly
        own_cost = cost_from_peak(p, comp.months.max(axis=1), 1)
        self.first_gain = comp.alone[self.adj] - (
            cost_from_peak(p, self.pair_peak, 2) - own_cost[seeds]
        )
        best_gain = np.full(n, -np.inf)
        np.maximum.at(best_gain, seeds, self.first_gain)
        self.hopeless = (best_gain <= EPSILON).tolist()
        self.offers_of: list[list[tuple[float, int]]] = [[] for _ in range(n)]
        good = comp.offer_sav > EPSILON
        for o, nd, s in zip(
            comp.offer_o[good].tolist(),
            comp.offer_n[good].tolist(),
            comp.offer_sav[good].tolist(),
            strict=True,
        ):
            self.offers_of[nd].append((s, o))
        for options in self.offers_of:
            if len(options) > 1:
                options.sort(reverse=True)
        self.group_of = [FREE] * n
        self.groups: dict[int, list[int]] = {}
        self.sums: dict[int, np.ndarray] = {}
        self.value: dict[int, float] = {}
        self.next_id = 0
        self.served_by = [-1] * n
        self.served_value = [0.0] * n
        self.load = np.zeros((len(comp.offers), MONTHS))
        self.load_rows = self.load.tolist()
        self.month_rows = comp.months.tolist() if len(comp.offers) else []
        self.capacity_rows = (comp.capacity + 1e-9).tolist()

    # -- pricing
    def savings_of(self, members: list[int], sums: np.ndarray) -> float:
        if len(members) < 2:
            return 0.0
        alone = float(sum(self.alone[m] for m in members))
        return alone - float(cost_from_peak(self.p, float(sums.max()), len(members)))

    def fits(self, sums: np.ndarray) -> bool:
        return float(sums.max()) <= self.p.unit_capacity + 1e-9

    def compatible(self, need: int, members: list[int]) -> bool:
        near = self.neighbours[need]
        return all(m in near for m in members)

    def total(self) -> float:
        return sum(self.value.values()) + sum(self.served_value)

    # -- changes
    def add_group(self, members: list[int], sums: np.ndarray, value: float) -> None:
        gid = self.next_id
        self.next_id += 1
        self.groups[gid] = list(members)
        self.sums[gid] = sums
        self.value[gid] = value
        for m in members:
            self.group_of[m] = gid
            self.free[m] = False

    def drop_group(self, gid: int) -> None:
        for m in self.groups.pop(gid):
            self.group_of[m] = FREE
            self.free[m] = True
        del self.sums[gid], self.value[gid]

    def set_group(self, gid: int, members: list[int], sums: np.ndarray) -> None:
        """Replace a group's members; a group left with <2 members or no savings dissolves."""
        for m in self.groups[gid]:
            if self.group_of[m] == gid:  # a swap may already have moved it elsewhere
                self.group_of[m] = FREE
                self.free[m] = True
        value = self.savings_of(members, sums)
        if len(members) < 2 or value <= EPSILON:
            del self.groups[gid], self.sums[gid], self.value[gid]
            return
        self.groups[gid] = list(members)
        self.sums[gid] = sums
        self.value[gid] = value
        for m in members:
            self.group_of[m] = gid
            self.free[m] = False

    def serve(self, need: int, offer: int, value: float) -> None:
        self.group_of[need] = SERVED
        self.free[need] = False
        self.served_by[need] = offer
        self.served_value[need] = value
        self.load[offer] += self.months[need]
        self.load_rows[offer] = self.load[offer].tolist()

    def unserve(self, need: int) -> None:
        offer = self.served_by[need]
        self.load[offer] -= self.months[need]
        self.load_rows[offer] = self.load[offer].tolist()
        self.group_of[need] = FREE
        self.free[need] = True
        self.served_by[need] = -1
        self.served_value[need] = 0.0

    # -- greedy
    def grow(self, seed: int) -> None:
        """Grow a group from `seed`, adding the free neighbour of largest marginal savings.

        Candidates are the free neighbours adjacent to every member, in NumPy; those over
        capacity leave the pool for good (adding members never lowers the peak). Ties go to
        the lowest index.
        """
        if self.hopeless[seed]:
            return
        p = self.p
        cap = p.unit_capacity + 1e-9
        months, alone, adj, ptr, mark = self.months, self.alone, self.adj, self.adj_ptr, self.mark
        # First step from the precomputed pair gains.
        start = ptr[seed]
        slots = np.flatnonzero(self.free[adj[start : ptr[seed + 1]]]) + start
        if not len(slots):
            return
        gains = self.first_gain[slots]
        best = int(gains.argmax())
        if not gains[best] > EPSILON:
            return
        slot = slots[best]
        chosen = int(adj[slot])
        members = [seed, chosen]
        total = 0 + alone[seed] + alone[chosen]  # in member order, as `savings_of` sums
        sums = months[seed] + months[chosen]
        cost = cost_from_peak(p, float(self.pair_peak[slot]), 2)
        pool = adj[slots]
        near = adj[ptr[chosen] : ptr[chosen + 1]]
        mark[near] = True
        pool = pool[mark[pool]]
        mark[near] = False
        while len(pool) and len(members) < p.max_group_size:
            new_sums = sums + months[pool]
            peaks = new_sums.max(axis=1)
            fits = peaks <= cap
            if not fits.all():
                pool, new_sums, peaks = pool[fits], new_sums[fits], peaks[fits]
                if not len(pool):
                    break
            gains = alone[pool] - (cost_from_peak(p, peaks, len(members) + 1) - cost)
            best = int(gains.argmax())
            if not gains[best] > EPSILON:
                break
            chosen = int(pool[best])
            members.append(chosen)
            total += alone[chosen]
            sums = new_sums[best]
            cost = cost_from_peak(p, float(peaks[best]), len(members))
            near = adj[ptr[chosen] : ptr[chosen + 1]]
            mark[near] = True
            keep = mark[pool]
            mark[near] = False
            pool = pool[keep]
        if len(members) < 2:
            return
        value = float(total) - float(cost)
        if value > EPSILON:
            self.add_group(members, sums.copy(), value)

    def greedy(self) -> None:
        for seed in np.argsort(-self.alone, kind="stable").tolist():
            if self.group_of[seed] == FREE and not self.hopeless[seed]:
                self.grow(seed)

    def offer_fits(self, offer: int, need: int) -> bool:
        """load + need <= capacity + 1e-9 in every month (Python floats: same IEEE sums)."""
        return all(
            a + b <= c
            for a, b, c in zip(
                self.load_rows[offer],
                self.month_rows[need],
                self.capacity_rows[offer],
                strict=True,
            )
        )

    # -- local search
    def leave_loss(self, need: int) -> float:
        """Savings lost if `need` leaves its group or offer (the rest of the group stays)."""
        state = self.group_of[need]
        if state == SERVED:
            return self.served_value[need]
        if state == FREE:
            return 0.0
        members = [m for m in self.groups[state] if m != need]
        rest = self.savings_of(members, self.sums[state] - self.months[need])
        return self.value[state] - max(0.0, rest)

    def leave(self, need: int) -> None:
        state = self.group_of[need]
        if state == SERVED:
            self.unserve(need)
        elif state >= 0:
            members = [m for m in self.groups[state] if m != need]
            self.set_group(state, members, self.sums[state] - self.months[need])

    def try_move(self, need: int) -> bool:
        """Move `need` to the best other group or offer, if that raises total savings."""
        loss = self.leave_loss(need)
        here = self.group_of[need]
        best_gain, best_target = EPSILON, None
        for value, offer in self.offers_of[need]:
            if value - loss <= best_gain:
                break
            if self.served_by[need] != offer and self.offer_fits(offer, need):
                best_gain, best_target = value - loss, ("offer", offer, value)
                break
        seen = set()
        for other in self.neighbours[need]:
            gid = self.group_of[other]
            if gid < 0 or gid == here or gid in seen:
                continue
            seen.add(gid)
            members = self.groups[gid]
            if len(members) >= self.p.max_group_size or not self.compatible(need, members):
                continue
            sums = self.sums[gid] + self.months[need]
            if not self.fits(sums):
                continue
            gain = self.savings_of([*members, need], sums) - self.value[gid] - loss
            if gain > best_gain:
                best_gain, best_target = gain, ("group", gid, sums)
        if best_target is None:
            return False
        self.leave(need)
        kind, target, extra = best_target
        if kind == "offer":
            self.serve(need, target, extra)
        else:
            self.set_group(target, [*self.groups[target], need], extra)
        return True

    def try_swap(self, need: int) -> bool:
        gid = self.group_of[need]
        if gid < 0:
            return False
        members = self.groups[gid]
        for other in self.neighbours[need]:
            hid = self.group_of[other]
            if hid < 0 or hid == gid:
                continue
            ours = [m for m in members if m != need]
            theirs = [m for m in self.groups[hid] if m != other]
            if not (self.compatible(other, ours) and self.compatible(need, theirs)):
                continue
            ours_sums = self.sums[gid] - self.months[need] + self.months[other]
            theirs_sums = self.sums[hid] - self.months[other] + self.months[need]
            if not (self.fits(ours_sums) and self.fits(theirs_sums)):
                continue
            before = self.value[gid] + self.value[hid]
            after = self.savings_of([*ours, other], ours_sums) + self.savings_of(
                [*theirs, need], theirs_sums
            )
            if after > before + EPSILON:
                self.set_group(gid, [*ours, other], ours_sums)
                self.set_group(hid, [*theirs, need], theirs_sums)
                return True
        return False

    def try_merge(self, gid: int) -> bool:
        members = self.groups[gid]
        others = {self.group_of[o] for m in members for o in self.neighbours[m]}
        for hid in sorted(h for h in others if h >= 0 and h != gid):
            theirs = self.groups[hid]
            if len(members) + len(theirs) > self.p.max_group_size:
                continue
            if not all(self.compatible(t, members) for t in theirs):
                continue
            sums = self.sums[gid] + self.sums[hid]
            if not self.fits(sums):
                continue
            merged = [*members, *theirs]
            if self.savings_of(merged, sums) > self.value[gid] + self.value[hid] + EPSILON:
                self.drop_group(hid)
                self.set_group(gid, merged, sums)
                return True
        return False

    def try_split(self, gid: int) -> bool:
        """Split a group in two when the parts save more, all bipartitions priced at once.

        Groups of at most SPLIT_EXHAUSTIVE members try every bipartition; larger ones those
        where one side has two or three members (a cheap, bounded neighbourhood).
        """
        members = self.groups[gid]
        n = len(members)
        if n < 4:
            return False
        masks = _split_masks(n)
        months = self.months[members]
        alone = self.alone[members]
        sums_a = masks @ months
        sums_b = self.sums[gid][None, :] - sums_a
        size_a = masks.sum(axis=1)
        alone_a = masks @ alone
        alone_b = float(alone.sum()) - alone_a
        p = self.p
        value_a = alone_a - cost_from_peak(p, sums_a.max(axis=1), size_a)
        value_b = alone_b - cost_from_peak(p, sums_b.max(axis=1), n - size_a)
        value = np.maximum(value_a, 0.0) + np.maximum(value_b, 0.0)
        k = int(np.argmax(value))
        if not value[k] > self.value[gid] + EPSILON:
            return False
        inside = masks[k] > 0
        part = [m for m, x in zip(members, inside.tolist(), strict=True) if x]
        other = [m for m, x in zip(members, inside.tolist(), strict=True) if not x]
        self.set_group(gid, part, sums_a[k].copy())
        self.add_group_if_good(other, sums_b[k].copy())
        return True

    def add_group_if_good(self, members: list[int], sums: np.ndarray) -> None:
        value = self.savings_of(members, sums)
        if len(members) >= 2 and value > EPSILON:
            self.add_group(members, sums, value)

    def local_search(self, deadline: float, max_passes: int = 6) -> None:
        for _ in range(max_passes):
            improved = False
            for need in range(self.n):
                if self.try_move(need) or self.try_swap(need):
                    improved = True
                if (need & 255) == 0 and time.perf_counter() > deadline:
                    return
            for gid in sorted(self.groups):
                if gid in self.groups and (self.try_merge(gid) or self.try_split(gid)):
                    improved = True
            for seed in np.argsort(-self.alone, kind="stable").tolist():
                if self.group_of[seed] == FREE and self.adj_ptr[seed + 1] > self.adj_ptr[seed]:
                    before = len(self.groups)
                    self.grow(seed)
                    improved |= len(self.groups) > before
            if not improved or time.perf_counter() > deadline:
                return

    def fill_offers(self) -> None:
        """Give offers the needs they serve better than the needs' current place."""
        order = np.argsort(-self.comp.offer_sav, kind="stable")
        for e in order.tolist():
            value = float(self.comp.offer_sav[e])
            if value <= EPSILON:
                break
            offer, need = int(self.comp.offer_o[e]), int(self.comp.offer_n[e])
            if self.group_of[need] == SERVED or not self.offer_fits(offer, need):
                continue
            if value > self.leave_loss(need) + EPSILON:
                self.leave(need)
                self.serve(need, offer, value)

    def solution(self) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
        groups = [tuple(sorted(m)) for m in self.groups.values()]
        assignments = [(self.served_by[n], n) for n in range(self.n) if self.group_of[n] == SERVED]
        return groups, assignments


def _solve_heuristic(comp: _Component, deadline: float) -> _Solution:
    search = _Search(comp)
    search.greedy()
    search.fill_offers()
    search.local_search(deadline)
    groups, assignments = search.solution()
    return _Solution(groups, assignments, search.total(), "heuristic", False)


def _lp_bound(comp: _Component, limit: int) -> float | None:
    """Upper bound on the component's savings: LP relaxation of the set packing."""
    n_needs, n_offers = len(comp.needs), len(comp.offers)
    columns = _columns(comp, limit)
    if columns is not None:
        if len(columns) == 0:
            return 0.0
        rows, cols, vals, upper = _packing_arrays(columns, n_needs, n_offers)
        savings = columns.savings
    else:
        columns = _group_columns(comp, limit)
        if columns is None:
            return None
        rows, cols, vals, upper, savings, _ = _capacity_row_arrays(comp, columns)
        if len(savings) == 0:
            return 0.0
    _, value, _, _ = _run_highs(rows, cols, vals, upper, savings, integral=False, time_limit=None)
    return value


# --- results ----------------------------------------------------------------------------------


def _budgets(instance: Instance) -> dict[str, float] | None:
    budgets = {o.id: o.budget for o in instance.organisations if o.budget is not None}
    return budgets or None


def _share_groups(
    instance: Instance,
    params: CostParams,
    members: Sequence[Sequence[int]],
    budgets: dict[str, float] | None,
) -> list[tuple[dict[str, dict[str, float]], dict[str, bool]]]:
    """Shares by rule and core answers of many groups of one category (item indices).

    One call of `costsharing.share_costs` for them all (vectorised by group size); the
    same answer, group by group, as `share_cost`. Its dicts are fresh: kept, not copied.
    """
    from mutualiser.engine.costsharing import share_costs

    items = instance.items
    demands = [{items[i].org: items[i].months for i in group} for group in members]
    sharings = share_costs(params, demands, budgets=budgets)
    return [(sharing.shares, sharing.in_core) for sharing in sharings]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic records: in a national
    run each collection would traverse millions of live objects and find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def group_shares(
    params: CostParams,
    demands: dict[str, list[float]],
    budgets: dict[str, float] | None = None,
) -> tuple[dict[str, dict[str, float]], dict[str, bool]]:
    """Each partner's yearly share by rule, and which rules' allocations are in the core."""
    from mutualiser.engine.costsharing import share_cost

    sharing = share_cost(params, demands, budgets=budgets)
    return (
        {org: dict(rules) for org, rules in sharing.shares.items()},
        dict(sharing.in_core),
    )


def _core(in_core_by_rule: dict[str, bool]) -> bool:
    return bool(in_core_by_rule.get("shapley", in_core_by_rule.get("proportional", False)))


def _pair_index(size: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.triu_indices(size, 1)
    return a, b


def _group_records(
    instance: Instance,
    arrays: ItemArrays,
    params: CostParams,
    members: list[list[int]],
    with_shares: bool,
    budgets: dict[str, float] | None = None,
) -> list[Group]:
    """Group records of one category, priced at once in NumPy (cost, savings, reasons)."""
    if not members:
        return []
    sizes = np.array([len(m) for m in members], dtype=np.int64)
    flat = np.fromiter((i for m in members for i in m), dtype=np.int64, count=int(sizes.sum()))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    months = arrays.months[flat]
    sums = np.add.reduceat(months, starts, axis=0)
    peak = sums.max(axis=1)
    cost = cost_from_peak(params, peak, sizes)
    alone = params.standalone_rate * np.add.reduceat(months.sum(axis=1), starts)
    savings = alone - cost
    own_peaks = np.add.reduceat(months.max(axis=1), starts)
    chord = np.zeros(len(members))
    for size in np.unique(sizes).tolist():
        which = np.flatnonzero(sizes == size)
        a, b = _pair_index(size)
        base = starts[which][:, None]
        xa, xb = arrays.xyz[flat[base + a]], arrays.xyz[flat[base + b]]
        chord[which] = np.linalg.norm(xa - xb, axis=2).max(axis=1)
    km = chord_to_km(chord)
    shares = _share_groups(instance, params, members, budgets) if with_shares else None
    items = instance.items
    records = []
    capacity = params.unit_capacity
    for g, group in enumerate(members):
        ids = sorted(items[i].id for i in group)
        p_g, own, sav = float(peak[g]), float(own_peaks[g]), float(savings[g])
        reasons = [
            f"{len(group)} organisations at most {km[g]:.1f} km apart",
            f"peak month {p_g:g} of capacity {capacity:g} "
            f"({100 * p_g / capacity:.0f}% of one shared resource)",
        ]
        if own - p_g > EPSILON:
            reasons.append(
                f"calendars complement: combined peak {p_g:g} is {own - p_g:g} below "
                f"the sum of individual peaks {own:g}"
            )
        reasons.append(f"saves {sav:.0f} a year against {float(alone[g]):.0f} bought alone")
        share, in_core = shares[g] if shares is not None else ({}, {})
        records.append(
            Group(
                category=params.code,
                items=tuple(ids),
                cost=float(cost[g]),
                savings=sav,
                shares=share,
                in_core=_core(in_core),
                reasons=tuple(reasons),
                in_core_by_rule=in_core,
            )
        )
    return records


def add_shares(instance: Instance, result: Result) -> Result:
    """Fill each group's cost shares (the "shares" stage, separate for benchmarks).

    One `share_costs` call per category for all its groups.
    """
    index = {item.id: k for k, item in enumerate(instance.items)}
    by_category: dict[str, list[int]] = {}
    for k, g in enumerate(result.groups):
        by_category.setdefault(g.category, []).append(k)
    groups = list(result.groups)
    budgets = _budgets(instance)
    with _collector_paused():
        for code, positions in by_category.items():
            params = instance.category_by_code[code].params
            members = [[index[i] for i in result.groups[k].items] for k in positions]
            shared = _share_groups(instance, params, members, budgets)
            for k, (shares, in_core) in zip(positions, shared, strict=True):
                groups[k] = replace(
                    groups[k], shares=shares, in_core=_core(in_core), in_core_by_rule=in_core
                )
    return replace(result, groups=tuple(groups))


@dataclass
class _Budget:
    time_limit: float | None
    total_items: int
    started: float = field(default_factory=time.perf_counter)

    def deadline_for(self, done: int, size: int, n_needs: int) -> float:
        """Local-search deadline of a component, on a schedule by size: the components
        before it and this one (`done + size` items) get `time_limit` in proportion, so that
        time one overspends (a long greedy) is taken from the next ones, not added."""
        now = time.perf_counter()
        if self.time_limit is None:
            return now + max(0.005, SECONDS_PER_NEED * n_needs)
        return self.started + self.time_limit * (done + size) / max(1, self.total_items)

    def behind(self, items: int) -> bool:
        """Whether the run is late for the component ending `items` items into it."""
        if self.time_limit is None:
            return False
        due = self.started + self.time_limit * items / max(1, self.total_items)
        return time.perf_counter() > due

    def exact_seconds(self, size: int) -> float:
        """MILP time of a component under a time limit: a few times its share, at least
        EXACT_FLOOR_SECONDS, never beyond what remains; unlimited (inf) without a limit."""
        if self.time_limit is None:
            return float("inf")
        share = self.time_limit * size / max(1, self.total_items)
        return min(max(EXACT_FLOOR_SECONDS, 4 * share), self.remaining() or 0.0)

    def remaining(self) -> float | None:
        if self.time_limit is None:
            return None
        return self.started + self.time_limit - time.perf_counter()

    def has_time(self) -> bool:
        remaining = self.remaining()
        return remaining is None or remaining > 0


def solve(
    instance: Instance,
    *,
    time_limit: float | None = None,
    exact_limit: int = DEFAULT_EXACT_LIMIT,
    column_limit: int = DEFAULT_COLUMN_LIMIT,
    bound_limit: int = 0,
    exact_budget: float = DEFAULT_EXACT_BUDGET,
    candidates: Candidates | None = None,
    with_shares: bool = True,
    progress: Progress | None = None,
) -> Result:
    """Choose groups and offer assignments maximising total savings (DESIGN.md contract).

    Components of at most `exact_limit` items whose feasible groups number at most
    `column_limit` are solved exactly (MILP, proven optimal unless `time_limit` cuts it);
    the others by the heuristic. `bound_limit` > 0 computes the LP-relaxation bound of
    heuristic components with at most that many columns (costly: off by default).
    `time_limit` (seconds) is shared among components by size; without it, local search
    gets about 20 µs per need. Every component gets the heuristic first; the exact solve
    (DP on subsets when small, else MILP capped at MILP_SECONDS) then replaces it when it is
    at least as good, as long as `exact_budget` seconds of exact solving are not spent.
    Groups are sorted by category then item ids.
    """
    if candidates is None:
        candidates = find_candidates(instance)
    components = _components(candidates)
    total_items = sum(c.size for c in components)
    budget = _Budget(time_limit, total_items)
    done = 0
    exact_spent = 0.0
    milp_seconds = MILP_SECONDS
    if len(instance.items) <= WORKSHOP_ITEMS:
        # A workshop's instance: proven optima are worth a few more seconds.
        milp_seconds = WORKSHOP_MILP_SECONDS
        exact_budget = max(exact_budget, WORKSHOP_EXACT_BUDGET)
    groups: list[Group] = []
    assignments: list[Assignment] = []
    stats: list[ComponentStats] = []
    pending: dict[int, list[list[int]]] = {}  # category -> groups (item indices)
    component_of: dict[int, list[int]] = {}  # category -> stats index of each pending group
    for comp in components:
        solution = _solve_heuristic(comp, budget.deadline_for(done, comp.size, len(comp.needs)))
        if comp.size <= exact_limit and budget.has_time() and exact_spent < exact_budget:
            exact_started = time.perf_counter()
            seconds = min(milp_seconds, exact_budget - exact_spent, budget.exact_seconds(comp.size))
            # Behind schedule (a long greedy before), only a quick DP is tried.
            behind = budget.behind(done + comp.size)
            exact = _solve_exact(comp, column_limit, seconds, solution, dp_only=behind)
            exact_spent += time.perf_counter() - exact_started
            if exact is not None and exact.savings >= solution.savings - EPSILON:
                solution = exact
            elif exact is not None and exact.bound is not None:
                solution = replace(
                    solution, bound=exact.bound, gap=_gap(exact.bound, solution.savings)
                )
        if solution.method == "heuristic" and bound_limit > 0 and budget.has_time():
            bound = _lp_bound(comp, bound_limit)
            if bound is not None:
                gap = (bound - solution.savings) / bound if bound > EPSILON else 0.0
                solution = replace(solution, bound=bound, gap=max(0.0, gap))
        code = comp.params.code
        pending.setdefault(comp.category, []).extend(
            [int(comp.needs[m]) for m in members] for members in solution.groups
        )
        found = 0.0
        for offer, need in solution.assignments:
            o_item = instance.items[int(comp.offers[offer])]
            n_item = instance.items[int(comp.needs[need])]
            savings = offer_assignment_savings(comp.params, o_item.rate or 0.0, n_item.months)
            reasons = (
                f"spare capacity covers the need in every month at {o_item.rate:g} "
                f"instead of {comp.params.standalone_rate:g} per unit",
                f"saves {savings:.0f} a year",
            )
            assignments.append(Assignment(o_item.id, n_item.id, savings, code, reasons))
            found += savings
        component_of.setdefault(comp.category, []).extend([len(stats)] * len(solution.groups))
        stats.append(
            ComponentStats(
                category=code,
                size=comp.size,
                method=solution.method,
                optimal=solution.optimal,
                gap=solution.gap,
                savings=found,
                bound=solution.bound,
            )
        )
        done += comp.size
        if progress is not None:
            progress(done, total_items)
    # Group records category by category, priced (and shared) in NumPy batches.
    arrays = candidates.arrays
    group_savings_of = np.zeros(len(stats))
    budgets = _budgets(instance) if with_shares else None
    with _collector_paused():
        for category in sorted(pending):
            params = instance.categories[category].params
            records = _group_records(
                instance, arrays, params, pending[category], with_shares, budgets
            )
            np.add.at(group_savings_of, component_of[category], [r.savings for r in records])
            groups.extend(records)
    stats = [
        replace(s, savings=s.savings + float(extra))
        for s, extra in zip(stats, group_savings_of.tolist(), strict=True)
    ]
    return _result(groups, assignments, stats)


def _result(
    groups: list[Group], assignments: list[Assignment], stats: list[ComponentStats]
) -> Result:
    groups = sorted(groups, key=lambda g: (g.category, g.items))
    assignments = sorted(assignments, key=lambda a: (a.category, a.offer, a.need))
    stats = sorted(stats, key=lambda s: (s.category, -s.size, -s.savings))
    total = sum(g.savings for g in groups) + sum(a.savings for a in assignments)
    return Result(tuple(groups), tuple(assignments), total, tuple(stats))
