"""A plan improved window by window: small set packings solved exactly (large neighbourhoods).

After column generation a large component has thousands of good groups (the generated
columns), but its plan comes from rounding the LP and local search, 1-6 % below the bound
on the national bench. A window is a ball of WINDOW needs around a seed, breadth first in
the pool graph (neighbours are near each other, so a ball is a neighbourhood on the map).
Freed are the window's needs that no offer serves and every member of a plan group that
meets the window. The set packing over the known groups that lie within the freed needs
(the generated columns and the plan's own groups, so the current plan is one of its
points) is solved by HiGHS within a node limit; when its plan is worth more, it replaces
those groups. Needs served by offers keep their offer.

Every limit is a count (window size, sweeps, nodes) and the seeds go in index order, each
need starting at most one window per sweep: the same plan on any machine.
"""

from __future__ import annotations

import numpy as np

from mutualiser.engine.grouping.colgen import group_savings
from mutualiser.engine.grouping.components import Component
from mutualiser.engine.grouping.highs import run_highs

WINDOW = 40  # needs of one window (before the members of its groups join), at most
SWEEPS = 2  # passes over the component's needs, at most (a pass that gains nothing ends it)
NODES = 50  # branch-and-bound nodes of one window's set packing


class Known:
    """The known groups (no need served by an offer among them) as flat arrays: entry k
    puts need `entry_need[k]` in group `entry_column[k]`."""

    def __init__(self, comp: Component, groups: list[tuple[int, ...]], served: np.ndarray):
        unique = sorted({tuple(sorted(g)) for g in groups})
        self.groups = [g for g in unique if not served[list(g)].any()]
        count = len(self.groups)
        self.sizes = np.fromiter((len(g) for g in self.groups), dtype=np.int64, count=count)
        self.entry_column = np.repeat(np.arange(count), self.sizes)
        self.entry_need = np.fromiter(
            (m for g in self.groups for m in g), dtype=np.int64, count=int(self.sizes.sum())
        )
        self.value = group_savings(comp, self.groups)
        self.index = {g: k for k, g in enumerate(self.groups)}

    def within(self, freed: np.ndarray) -> np.ndarray:
        """The groups whose members are all freed."""
        inside = np.bincount(
            self.entry_column, weights=freed[self.entry_need], minlength=len(self.groups)
        )
        return np.flatnonzero(inside == self.sizes)

    def best_packing(self, candidates: np.ndarray, nodes: int) -> np.ndarray | None:
        """The candidates of the best disjoint packing HiGHS finds within `nodes` nodes."""
        if len(candidates) == 0:
            return None
        local = np.full(len(self.groups), -1, dtype=np.int64)
        local[candidates] = np.arange(len(candidates))
        keep = local[self.entry_column] >= 0
        needs, rows = np.unique(self.entry_need[keep], return_inverse=True)
        chosen, _, _, _ = run_highs(
            rows, local[self.entry_column[keep]], np.ones(int(keep.sum())),
            np.ones(len(needs)), self.value[candidates], integral=True, time_limit=None,
            node_limit=nodes,
        )  # fmt: skip
        return None if chosen is None else candidates[chosen]


class Plan:
    """The plan's groups (by index; None once replaced), their savings and each need's
    group. Every group of the plan is a known group: its savings are read, not priced."""

    def __init__(self, known: Known, groups: list[tuple[int, ...]], n_needs: int) -> None:
        self.known = known
        self.groups: list[tuple[int, ...] | None] = []
        self.savings: list[float] = []
        self.group_of = np.full(n_needs, -1, dtype=np.int64)
        for members in groups:
            self.add(known.index[tuple(sorted(members))])

    def add(self, column: int) -> None:
        members = self.known.groups[column]
        self.group_of[list(members)] = len(self.groups)
        self.groups.append(members)
        self.savings.append(float(self.known.value[column]))

    def drop(self, index: int) -> None:
        members = self.groups[index]
        if members is not None:
            self.group_of[list(members)] = -1
        self.groups[index] = None

    def current(self) -> list[tuple[int, ...]]:
        return [g for g in self.groups if g is not None]


def improve_by_windows(
    comp: Component,
    columns: list[tuple[int, ...]],
    groups: list[tuple[int, ...]],
    assignments: list[tuple[int, int]],
    *,
    window: int = WINDOW,
    sweeps: int = SWEEPS,
    nodes: int = NODES,
) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
    """The plan (`groups`, `assignments`) with windows re-solved over `columns` (groups of
    the component's needs, feasible): never worth less than the plan it starts from."""
    n = len(comp.needs)
    if n == 0 or not columns:
        return groups, assignments
    served = np.zeros(n, dtype=bool)
    served[[need for _, need in assignments]] = True
    known = Known(comp, [*columns, *groups], served)
    hood = neighbourhoods(comp)
    plan = Plan(known, groups, n)
    for _ in range(sweeps):
        gained = False
        started = np.zeros(n, dtype=bool)
        for seed in range(n):
            if started[seed] or served[seed]:
                continue
            ball = breadth_first(hood, seed, window, served)
            started[ball] = True
            gained |= resolve_window(plan, known, ball, nodes)
        if not gained:
            break
    return plan.current(), assignments


def resolve_window(plan: Plan, known: Known, ball: np.ndarray, nodes: int) -> bool:
    """Free the ball and the members of the plan's groups that meet it; put in the best
    packing of the known groups within them if it is worth more. Whether it was."""
    freed = np.zeros(len(plan.group_of), dtype=bool)
    freed[ball] = True
    touched = np.unique(plan.group_of[ball])
    touched = touched[touched >= 0].tolist()
    for index in touched:
        freed[list(plan.groups[index])] = True
    chosen = known.best_packing(known.within(freed), nodes)
    before = sum(plan.savings[i] for i in touched)
    if chosen is None or known.value[chosen].sum() <= before + 1e-7 * max(1.0, abs(before)):
        return False
    for index in touched:
        plan.drop(index)
    for c in chosen.tolist():
        plan.add(c)
    return True


def neighbourhoods(comp: Component) -> tuple[np.ndarray, np.ndarray]:
    """The pool graph as CSR arrays (starts, neighbours), neighbours in index order."""
    n = len(comp.needs)
    a = np.concatenate((comp.pool_a, comp.pool_b)).astype(np.int64)
    b = np.concatenate((comp.pool_b, comp.pool_a)).astype(np.int64)
    order = np.lexsort((b, a))
    starts = np.concatenate(([0], np.cumsum(np.bincount(a, minlength=n))))
    return starts, b[order]


def breadth_first(
    hood: tuple[np.ndarray, np.ndarray], seed: int, limit: int, served: np.ndarray
) -> np.ndarray:
    """Up to `limit` needs no offer serves, breadth first from `seed` (neighbours in index
    order): a ball on the map."""
    starts, neighbours = hood
    seen = {seed}
    ball = [seed]
    head = 0
    while head < len(ball) and len(ball) < limit:
        need = ball[head]
        head += 1
        for other in neighbours[starts[need] : starts[need + 1]].tolist():
            if other not in seen and not served[other]:
                seen.add(other)
                ball.append(other)
                if len(ball) == limit:
                    break
    return np.array(ball, dtype=np.int64)
