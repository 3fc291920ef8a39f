"""Exact set packing of a component: DP over subsets, or the LP route then HiGHS's MILP.

Every undominated feasible group and offer bundle is a column (columns.py). Small packings
go to a dynamic programme over subsets; the others to the LP (upper bound from its duals),
an exact cover of the columns the LP prices at zero, reduced-cost fixing, then the MILP on
the columns left, within a node limit. The better of the incumbent and the MILP's plan wins.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from mutualiser.engine.grouping.columns import (
    all_columns,
    capacity_row_arrays,
    group_columns,
    packing_arrays,
)
from mutualiser.engine.grouping.components import Component, Solution, relative_gap
from mutualiser.engine.grouping.highs import run_highs


def dp_work(elements: list[tuple[int, ...]], size: int) -> float:
    return float(sum(2.0 ** (size - 1 - min(e)) for e in elements))


def solve_dp(
    elements: list[tuple[int, ...]], savings: np.ndarray, size: int
) -> tuple[list[int], float]:
    """Exact set packing over `size` elements by dynamic programming on subsets.

    f(M) for every subset M, processed by lowest element i from the last down: either i
    stays out, f(M - i), or a column whose lowest element is i and that lies in M is taken.
    Work: sum over columns of 2^(size - 1 - lowest element), all in NumPy.

    Elements in no column are dropped first (the others renumbered in their order): f
    does not depend on them, and the subsets' arrays shrink by a factor of two for each
    (a 22-item component of 17 columns covering 13 needs: 2^22 subsets, 0.35 s -> 2^13).
    """
    used = sorted({x for e in elements for x in e})
    if len(used) < size:
        number = {x: k for k, x in enumerate(used)}
        elements = [tuple(number[x] for x in e) for e in elements]
        size = len(used)
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
            # Only the subsets that contain the column (half of them or fewer) are priced:
            # the others could never take it.
            inside = np.flatnonzero((full & mask) == mask)
            candidate = savings[k] + best[full[inside] ^ mask]
            better = candidate > value[inside] + 1e-9
            taken = inside[better]
            value[taken] = candidate[better]
            arg[taken] = k
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


MILP_COLUMN_LIMIT = 60_000  # beyond, HiGHS may overrun its time limit on the root LP
TIGHT_COLUMN_LIMIT = 5_000  # columns priced at zero by the LP, tried first as a small MILP
DP_WORK_LIMIT = 2e7  # about 0.15 s of NumPy; beyond, the LP route is usually faster
DP_WORK_PER_SECOND = 1.2e8  # under a time limit, the DP's work stays within the MILP's time
DP_WORK_MAX = 2.4e8  # about 2 s: the DP after the LP route's cheap proofs, before the MILP


def packing_milp(
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
    run_highs(rows, cols, vals, upper, savings, integral=False, time_limit=time_limit, duals=duals)
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
        chosen, value, optimal, _ = run_highs(
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
    cover = exact_cover(rows, cols, vals, upper, y, tight, tolerance)
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
        return found, value, False, relative_gap(bound, value), bound
    chosen, milp_value, optimal = restricted(keep, left())
    if chosen is not None and milp_value > value + tolerance:
        found, value = chosen, milp_value
    optimal = optimal or value >= bound - tolerance
    return found, value, optimal, 0.0 if optimal else relative_gap(bound, value), bound


COVER_NODE_LIMIT = 20_000


def exact_cover(
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


def solve_exact(
    comp: Component,
    column_limit: int,
    time_limit: float | None,
    incumbent: Solution | None = None,
    *,
    dp_only: bool = False,
) -> Solution | None:
    """Proven optimum of the component, or None when it is too large to enumerate.

    With an `incumbent` (the heuristic's plan), the MILP path may prove it optimal (returned
    as `method="exact"`) or return the better plan found, with the LP bound and gap.
    """
    base = incumbent.savings if incumbent is not None else 0.0

    def from_incumbent(optimal: bool, gap: float | None, bound: float | None) -> Solution | None:
        if incumbent is None:
            return None
        if optimal:
            return replace(incumbent, method="exact", optimal=True, gap=0.0, bound=bound)
        return replace(incumbent, gap=gap, bound=bound)

    if dp_only and comp.size > 24:
        return None
    n_needs, n_offers = len(comp.needs), len(comp.offers)
    columns = all_columns(comp, column_limit)
    if columns is None and dp_only:
        return None
    if columns is None:
        # Offers with many small needs: keep their capacity as rows instead of bundles.
        columns = group_columns(comp, column_limit)
        if columns is None:
            return None
        rows, cols, vals, upper, savings, edges = capacity_row_arrays(comp, columns)
        if len(savings) == 0:
            return Solution([], [], 0.0, "exact", True, 0.0, 0.0)
        chosen, value, optimal, gap, bound = packing_milp(
            (rows, cols, vals, upper), savings, base, time_limit
        )
        if chosen is None:
            return from_incumbent(optimal, relative_gap(bound, base), bound)
        groups_out, assignments = [], []
        for c in chosen.tolist():
            if c < len(columns.groups):
                groups_out.append(columns.groups[c])
            else:
                e = edges[c - len(columns.groups)]
                assignments.append((int(comp.offer_o[e]), int(comp.offer_n[e])))
        return Solution(groups_out, assignments, value, "exact", optimal, gap, bound)
    if len(columns) == 0:
        return Solution([], [], 0.0, "exact", True, 0.0, 0.0)
    elements = columns.elements(n_needs)
    savings = columns.savings
    size = n_needs + n_offers
    started = time.perf_counter()
    work = dp_work(elements, size) if size <= 24 else float("inf")

    def dp_allowed(limit: float) -> bool:
        if time_limit is None:
            return work <= limit
        left = time_limit - (time.perf_counter() - started)
        return work <= min(limit, DP_WORK_PER_SECOND * left)

    def by_dp() -> Solution:
        chosen, value = solve_dp(elements, savings, size)
        groups, assignments = columns.solution(chosen)
        return Solution(groups, assignments, value, "exact", True, 0.0, value)

    if dp_allowed(DP_WORK_LIMIT):
        return by_dp()
    if dp_only:
        return None
    arrays = packing_arrays(columns, n_needs, n_offers)
    if work <= DP_WORK_MAX:
        # The LP route without its MILP first (usually proves it); else the longer DP.
        chosen, value, optimal, gap, bound = packing_milp(
            arrays, savings, base, time_limit, milp=False
        )
        if optimal and chosen is None:
            return from_incumbent(True, 0.0, bound)
        if optimal:
            groups, assignments = columns.solution(chosen.tolist())
            return Solution(groups, assignments, value, "exact", True, 0.0, bound)
        if dp_allowed(DP_WORK_MAX):
            return by_dp()
    if time_limit is not None:
        time_limit = max(0.01, time_limit - (time.perf_counter() - started))
    chosen, value, optimal, gap, bound = packing_milp(arrays, savings, base, time_limit)
    if chosen is None:
        return from_incumbent(optimal, relative_gap(bound, base), bound)
    groups, assignments = columns.solution(chosen.tolist())
    return Solution(groups, assignments, value, "exact", optimal, gap, bound)
