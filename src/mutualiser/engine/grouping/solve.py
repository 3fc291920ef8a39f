"""`solve`: every component by the heuristic, then exactly when small; the records at the end."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from mutualiser.engine.grouping.bounds import lp_bound
from mutualiser.engine.grouping.budget import (
    DEFAULT_COLUMN_LIMIT,
    DEFAULT_EXACT_BUDGET,
    DEFAULT_EXACT_LIMIT,
    MILP_SECONDS,
    WORKSHOP_EXACT_BUDGET,
    WORKSHOP_ITEMS,
    WORKSHOP_MILP_SECONDS,
    Budget,
)
from mutualiser.engine.grouping.components import EPSILON, build_components, relative_gap
from mutualiser.engine.grouping.exact import solve_exact
from mutualiser.engine.grouping.heuristic import solve_heuristic
from mutualiser.engine.grouping.records import (
    assignment_records,
    collector_paused,
    group_records,
    org_budgets,
)
from mutualiser.engine.instance import Assignment, ComponentStats, Group, Instance, Result
from mutualiser.engine.matching import Candidates, find_candidates

Progress = Callable[[int, int], None]


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
    components = build_components(candidates)
    total_items = sum(c.size for c in components)
    budget = Budget(time_limit, total_items)
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
        solution = solve_heuristic(comp, budget.deadline_for(done, comp.size, len(comp.needs)))
        if comp.size <= exact_limit and budget.has_time() and exact_spent < exact_budget:
            exact_started = time.perf_counter()
            seconds = min(milp_seconds, exact_budget - exact_spent, budget.exact_seconds(comp.size))
            # Behind schedule (a long greedy before), only a quick DP is tried.
            behind = budget.behind(done + comp.size)
            exact = solve_exact(comp, column_limit, seconds, solution, dp_only=behind)
            exact_spent += time.perf_counter() - exact_started
            if exact is not None and exact.savings >= solution.savings - EPSILON:
                solution = exact
            elif exact is not None and exact.bound is not None:
                solution = replace(
                    solution, bound=exact.bound, gap=relative_gap(exact.bound, solution.savings)
                )
        if solution.method == "heuristic" and bound_limit > 0 and budget.has_time():
            bound = lp_bound(comp, bound_limit)
            if bound is not None:
                gap = (bound - solution.savings) / bound if bound > EPSILON else 0.0
                solution = replace(solution, bound=bound, gap=max(0.0, gap))
        code = comp.params.code
        pending.setdefault(comp.category, []).extend(
            [int(comp.needs[m]) for m in members] for members in solution.groups
        )
        records = assignment_records(instance, comp, solution.assignments)
        assignments.extend(records)
        found = sum(r.savings for r in records)
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
    budgets = org_budgets(instance) if with_shares else None
    with collector_paused():
        for category in sorted(pending):
            params = instance.categories[category].params
            records = group_records(
                instance, arrays, params, pending[category], with_shares, budgets
            )
            np.add.at(group_savings_of, component_of[category], [r.savings for r in records])
            groups.extend(records)
    stats = [
        replace(s, savings=s.savings + float(extra))
        for s, extra in zip(stats, group_savings_of.tolist(), strict=True)
    ]
    return build_result(groups, assignments, stats)


def build_result(
    groups: list[Group], assignments: list[Assignment], stats: list[ComponentStats]
) -> Result:
    groups = sorted(groups, key=lambda g: (g.category, g.items))
    assignments = sorted(assignments, key=lambda a: (a.category, a.offer, a.need))
    stats = sorted(stats, key=lambda s: (s.category, -s.size, -s.savings))
    total = sum(g.savings for g in groups) + sum(a.savings for a in assignments)
    return Result(tuple(groups), tuple(assignments), total, tuple(stats))
