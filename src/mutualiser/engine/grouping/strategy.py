"""How one component is solved: the cheapest step that proves the plan close enough wins.

1. The heuristic (greedy, offers, local search) and the share bound (bounds.py), always.
   A plan that meets its bound is proven optimal; stop.
2. Small components (at most DP_SIZE items): the exact DP over subsets (exact.py).
3. Components whose groups can be enumerated (at most `column_limit`): the LP relaxation
   of the set packing (relaxation.py) gives a tight bound; its rounding, polished by local
   search, usually comes within GAP_TARGET of it; stop there.
4. Otherwise the MILP over the columns that reduced-cost fixing keeps (a plan using any
   other column is worth less than the incumbent), within a node limit.

Every limit is a count (columns, passes, nodes), never seconds, so a plan does not depend
on the machine's load; `deadline` is only the outer safety net of a run with a time limit
(when it fires, the component keeps its heuristic plan and says so: `stopped`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from mutualiser.engine.grouping.bounds import share_bound
from mutualiser.engine.grouping.colgen import ROUNDS, generate_columns
from mutualiser.engine.grouping.components import Component, Solution, relative_gap
from mutualiser.engine.grouping.exact import exact_cover, solve_exact
from mutualiser.engine.grouping.heuristic import passes_for, polish, solve_heuristic
from mutualiser.engine.grouping.highs import run_highs
from mutualiser.engine.grouping.relaxation import (
    Model,
    Relaxation,
    build_model,
    dive,
    round_lp,
    solve_lp,
)
from mutualiser.engine.grouping.windows import improve_by_windows

GAP_TARGET = 0.009  # a plan within 0.9 % of its bound (so >= 99 % of the optimum) is kept
DP_SIZE = 24  # items of a component solved by the DP over subsets (when its work allows)
SMALL_COLUMN_LIMIT = 100_000  # columns of a component of at most DP_SIZE items, at most
LP_COLUMN_LIMIT = 15_000  # columns of one LP relaxation, at most (beyond: the share bound)
MILP_COLUMN_LIMIT = 400  # columns of one MILP, at most (after reduced-cost fixing)
MILP_NODE_LIMIT = (
    30  # branch-and-bound nodes of one MILP (a node of a degenerate packing can take 10 ms)
)
RESTRICTED_START = 200  # columns of the first restricted MILP (at least twice the rows)
POLISH_PASSES = 2  # local-search passes after the dive (the MILPs close what is left)
# Local-search passes of price-and-branch on a national run's large component, at least
# (measured on the 20 largest: without them its plans were 1.7 % lower, at 10 % less CPU).
LARGE_POLISH_PASSES = 1
# Column generation runs on components whose pricing trees are at most this wide: a need
# with more neighbours of higher index makes the rooted enumeration of cliques explode
# (measured: 40-130 s on the dense 50-90-need components of a 300-organisation city,
# against 1-4 s for 1,500-2,300 needs of 19 neighbours each in the national bench).
COLGEN_WIDTH = 32


@dataclass(frozen=True)
class Limits:
    exact_limit: int  # items of a component beyond which only heuristic + share bound run
    column_limit: int  # feasible groups enumerated for one component, at most
    gap_target: float = GAP_TARGET
    node_limit: int = MILP_NODE_LIMIT
    milp: bool = True  # whether restricted MILPs may close the gap left by the dive
    passes: int | None = None  # local-search passes (None: by component size, heuristic.py)
    colgen: bool = True  # column generation where groups cannot be enumerated
    # Components beyond exact_limit of at most this many items get price-and-branch with
    # the counts below (a national run's large components); none by default.
    large_items: int = 0
    large_rounds: int = ROUNDS  # column-generation rounds of such a component, at most
    large_beam_rounds: int = ROUNDS  # of which beam rounds, at most (then exact pricing)
    large_milp: bool = True  # the MILP over its generated columns
    # Whether such components include the degenerate ones (min_fraction 1, see `degenerate`).
    large_degenerate: bool = False
    colgen_width: int = COLGEN_WIDTH  # widest pricing tree given column generation
    # Needs of one window re-solved after price-and-branch's rounding (windows.py; half as
    # many on degenerate components, whose small packings take HiGHS the longest); 0: none.
    windows: int = 0


def proven(solution: Solution, bound: float) -> bool:
    return solution.savings >= bound - 1e-7 * max(1.0, abs(bound))


def with_bound(solution: Solution, bound: float, *, exact: bool = True) -> Solution:
    """The plan with its bound and gap; optimal (and "exact" unless `exact` is False: the
    caller asked for the heuristic alone) when it meets the bound."""
    bound = max(bound, solution.savings)  # rounding noise never puts a bound below a plan
    if proven(solution, bound):
        method = "exact" if exact else solution.method
        return replace(solution, method=method, optimal=True, gap=0.0, bound=bound)
    return replace(solution, gap=relative_gap(bound, solution.savings), bound=bound)


def better(a: Solution, b: Solution) -> Solution:
    """The plan of larger savings; on a tie the first (determinism)."""
    return b if b.savings > a.savings + 1e-9 else a


def solve_component(comp: Component, limits: Limits, deadline: float) -> Solution:
    bound = share_bound(comp)
    passes = passes_for(comp) if limits.passes is None else limits.passes
    if comp.size > limits.exact_limit:
        if comp.size <= limits.large_items and (limits.large_degenerate or not degenerate(comp)):
            heuristic = solve_heuristic(comp, deadline, 0)
            passes = max(passes, LARGE_POLISH_PASSES)
            return price_and_branch(comp, heuristic, bound, limits, deadline, passes)
        return with_bound(solve_heuristic(comp, deadline, passes), bound, exact=False)
    # The LP route follows: the greedy plan alone, local search only where the LP is not run.
    heuristic = solve_heuristic(comp, deadline, 0)
    best = with_bound(heuristic, bound)
    if best.optimal:
        return best
    if time.perf_counter() > deadline:
        return replace(best, stopped=True)
    if comp.size <= DP_SIZE:
        exact = solve_exact(comp, limits.column_limit, None, heuristic, dp_only=True)
        if exact is not None and exact.optimal:
            return with_bound(better(exact, heuristic), exact.savings)
    small = comp.size <= DP_SIZE  # few rows: a large LP stays cheap
    model = build_model(comp, SMALL_COLUMN_LIMIT if small else limits.column_limit)
    if model is None or model.n_columns > (SMALL_COLUMN_LIMIT if small else LP_COLUMN_LIMIT):
        return price_and_branch(comp, heuristic, bound, limits, deadline, passes)
    if model.n_columns == 0:
        return Solution([], [], 0.0, "exact", True, 0.0, 0.0)
    lp = solve_lp(model)
    bound = min(bound, lp.bound)
    best = with_bound(best, bound)
    if best.optimal:
        return best
    cover = tight_cover(model, lp)
    if cover is not None:
        best = with_bound(better(best, cover), bound)
    if best.optimal or (best.gap or 0.0) <= limits.gap_target:
        return best
    # The LP's rounding first (a few milliseconds): often within the target already, and
    # better than the dive on some components (measured: 12 of bench_quality's 38 dives
    # started from a rounding within the target; 6 of the others from a better one).
    rounded = planned(model, round_lp(model, lp))
    best = with_bound(better(best, rounded), bound)
    if best.optimal or (best.gap or 0.0) <= limits.gap_target:
        return best
    dived = planned(model, dive(model, lp, best.savings))
    start = better(rounded, dived)
    polished = polish(comp, start.groups, start.assignments, deadline, min(passes, POLISH_PASSES))
    best = with_bound(better(best, better(dived, polished)), bound)
    if best.optimal or (best.gap or 0.0) <= limits.gap_target:
        return best
    if not limits.milp:
        return best
    if time.perf_counter() > deadline:
        return replace(best, stopped=True)
    return milp(model, lp.reduced, bound, best, limits)


def price_and_branch(
    comp: Component, heuristic: Solution, bound: float, limits: Limits, deadline: float,
    passes: int,
) -> Solution:  # fmt: skip
    """Groups too many to enumerate: the LP by column generation (colgen.py), whose bound
    holds at every round; then its rounding polished by local search, then one MILP over
    the generated columns the LP uses or prices best. Optimality is claimed only when a
    plan meets the column-generation bound (a MILP over generated columns proves nothing
    about the others)."""
    searched = polish(comp, heuristic.groups, heuristic.assignments, deadline, passes)
    best = better(heuristic, searched)
    if time.perf_counter() > deadline:
        return replace(with_bound(best, bound), stopped=True)
    if not limits.colgen or forward_width(comp) > limits.colgen_width:
        return with_bound(best, bound)
    large = comp.size > limits.exact_limit
    if large:
        generated = generate_columns(
            comp, best.groups, best.assignments, rounds=limits.large_rounds,
            beam_rounds=limits.large_beam_rounds,
        )  # fmt: skip
    else:
        generated = generate_columns(comp, best.groups, best.assignments)
    bound = min(bound, generated.bound)
    best = with_bound(best, bound)
    if best.optimal or (best.gap or 0.0) <= limits.gap_target:
        return best
    model, lp = generated.model, generated.lp
    groups, assignments = model.plan(round_lp(model, lp))
    rounded = polish(comp, groups, assignments, deadline, min(passes, POLISH_PASSES))
    best = with_bound(better(best, rounded), bound)
    if best.optimal or (best.gap or 0.0) <= limits.gap_target:
        return best
    if limits.windows:
        # Measured on the national bench's venue (923 items): rounding 2.1 % below the
        # bound, windows of 40 needs 0.5 % (1 s); the restricted MILP below gains nothing
        # on such components (a few hundred columns of thousands of rows).
        size = limits.windows // 2 if degenerate(comp) else limits.windows
        groups, assignments = improve_by_windows(
            comp, model.columns.groups, best.groups, best.assignments, window=size
        )
        windowed = polish(comp, groups, assignments, deadline, 1)
        return with_bound(better(best, windowed), bound)
    if not (limits.large_milp if large else limits.milp):
        return best
    # The LP's support and as many columns again of best reduced savings: a small MILP
    # (measured: 358 generated columns of a degenerate equipment packing took HiGHS 1.7 s at
    # 30 nodes; its LP support and the next best columns, 0.1 s, the same plan).
    order = np.lexsort((np.arange(model.n_columns), -lp.reduced, -np.round(lp.x, 9)))
    support = int((lp.x > 1e-9).sum())
    columns = np.sort(order[: min(MILP_COLUMN_LIMIT, 4 * max(support, len(model.upper) // 2))])
    found, _ = restricted_milp(model, columns, limits.node_limit)
    if found is not None:
        found = polish(comp, found.groups, found.assignments, deadline, 1)
        best = with_bound(better(best, found), bound)
    return best


def planned(model: Model, chosen: list[int]) -> Solution:
    """The plan of some of the model's columns (disjoint, within capacity), unproven."""
    groups, assignments = model.plan(chosen)
    return Solution(groups, assignments, float(model.savings[chosen].sum()), "heuristic", False)


def degenerate(comp: Component) -> bool:
    """Whether a group pays a full unit whatever its use (min_fraction 1): its packing LP is
    massively degenerate, so column generation costs the most there and gains the least
    (measured on the national bench: 50 % of the CPU, 13 % of the gain)."""
    return comp.params.min_fraction >= 1.0


def forward_width(comp: Component) -> int:
    """The most neighbours of higher index of one need: the width of its pricing tree."""
    if len(comp.pool_a) == 0:
        return 0
    return int(np.bincount(np.minimum(comp.pool_a, comp.pool_b)).max())


def tight_cover(model: Model, lp: Relaxation) -> Solution | None:
    """Columns priced at zero by the LP that cover every row of positive dual exactly once:
    such a plan is worth the bound (complementary slackness). A depth-first search with a
    node limit (exact.exact_cover); it proves degenerate packings at once."""
    y = lp.duals
    tolerance = 1e-7 * max(1.0, abs(lp.bound))
    tight = np.flatnonzero(lp.reduced >= -tolerance)
    found = exact_cover(model.rows, model.cols, model.vals, model.upper, y, tight, tolerance)
    if found is None:
        return None
    groups, assignments = model.plan(found.tolist())
    return Solution(groups, assignments, float(model.savings[found].sum()), "exact", False)


def milp(
    model: Model, reduced: np.ndarray, bound: float, best: Solution, limits: Limits
) -> Solution:
    """MILPs over growing sets of columns until the plan is proven or within the gap target.

    With the LP's duals, a plan using column c saves at most bound - max(0, rc_c) + rc_c
    (rc: reduced savings), so only the columns for which that reaches the incumbent can be
    in a better plan ("fixing"). When they are few, one MILP over them proves the optimum.
    Otherwise a MILP over the RESTRICTED_START columns of best reduced savings (then four
    times more, and so on) finds a better incumbent, which fixes more columns.
    """
    tolerance = 1e-7 * max(1.0, abs(bound))
    best_with = bound - np.maximum(reduced, 0.0) + reduced
    order = np.lexsort((np.arange(model.n_columns), -reduced))
    size = max(RESTRICTED_START, 2 * len(model.upper))
    while True:
        keep = np.flatnonzero(best_with >= best.savings - tolerance)
        if len(keep) == 0:
            return with_bound(best, best.savings)
        final = len(keep) <= size
        if final:
            if len(keep) > MILP_COLUMN_LIMIT:
                return best
            columns = keep
        else:
            columns = np.sort(order[:size])
        found, optimal = restricted_milp(model, columns, limits.node_limit)
        if found is not None and found.savings > best.savings + tolerance:
            best = found
        if final:
            # Optimal over the kept columns, and no plan using another beats the incumbent.
            return with_bound(best, best.savings if optimal else bound)
        best = with_bound(best, bound)
        if best.optimal or (best.gap or 0.0) <= limits.gap_target or size >= MILP_COLUMN_LIMIT:
            return best
        size *= 4


def restricted_milp(
    model: Model, columns: np.ndarray, node_limit: int
) -> tuple[Solution | None, bool]:
    """The set packing over some of the model's columns: its plan, and whether it is optimal."""
    remap = np.full(model.n_columns, -1, dtype=np.int64)
    remap[columns] = np.arange(len(columns))
    inside = remap[model.cols] >= 0
    chosen, _, optimal, _ = run_highs(
        model.rows[inside], remap[model.cols[inside]], model.vals[inside], model.upper,
        model.savings[columns], integral=True, time_limit=None, node_limit=node_limit,
    )  # fmt: skip
    if chosen is None:
        return None, False
    picked = columns[chosen]
    groups, assignments = model.plan(picked.tolist())
    value = float(model.savings[picked].sum())
    return Solution(groups, assignments, value, "exact", False), optimal
