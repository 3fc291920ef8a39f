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

from mutualiser.engine.costmodel import cost_from_peak
from mutualiser.engine.grouping.components import Component
from mutualiser.engine.grouping.highs import run_highs

WINDOW = 60  # needs of one window (before the members of its groups join), at most
SWEEPS = 2  # passes over the component's needs, at most (a pass that gains nothing ends it)
NODES = 50  # branch-and-bound nodes of one window's set packing


class Plan:
    """The plan's groups (by index; None once replaced) and each need's group."""

    def __init__(self, comp: Component, groups: list[tuple[int, ...]]) -> None:
        self.comp = comp
        self.groups: list[tuple[int, ...] | None] = []
        self.savings: list[float] = []
        self.group_of = np.full(len(comp.needs), -1, dtype=np.int64)
        for members in groups:
            self.add(members)

    def add(self, members: tuple[int, ...]) -> None:
        self.group_of[list(members)] = len(self.groups)
        self.groups.append(tuple(sorted(members)))
        self.savings.append(group_value(self.comp, members))

    def drop(self, index: int) -> None:
        members = self.groups[index]
        if members is not None:
            self.group_of[list(members)] = -1
        self.groups[index] = None

    def current(self) -> list[tuple[int, ...]]:
        return [g for g in self.groups if g is not None]


def group_value(comp: Component, members: tuple[int, ...]) -> float:
    """The group's savings: its members' standalone costs less the shared resource's."""
    peak = float(comp.months[list(members)].sum(axis=0).max())
    return float(comp.alone[list(members)].sum()) - cost_from_peak(comp.params, peak, len(members))


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
    known = sorted({tuple(sorted(c)) for c in columns} | {tuple(sorted(g)) for g in groups})
    known = [c for c in known if not served[list(c)].any()]
    sizes = np.fromiter((len(c) for c in known), dtype=np.int64, count=len(known))
    entry_column = np.repeat(np.arange(len(known)), sizes)
    entry_need = np.fromiter((m for c in known for m in c), dtype=np.int64, count=int(sizes.sum()))
    value = np.array([group_value(comp, c) for c in known])
    hood = neighbourhoods(comp)
    plan = Plan(comp, groups)
    for _ in range(sweeps):
        gained = False
        started = np.zeros(n, dtype=bool)
        for seed in range(n):
            if started[seed] or served[seed]:
                continue
            ball = breadth_first(hood, seed, window, served)
            started[ball] = True
            freed = np.zeros(n, dtype=bool)
            freed[ball] = True
            touched = np.unique(plan.group_of[ball])
            for index in touched[touched >= 0].tolist():
                freed[list(plan.groups[index])] = True
            inside = np.bincount(entry_column, weights=freed[entry_need], minlength=len(known))
            candidates = np.flatnonzero(inside == sizes)
            before = sum(plan.savings[i] for i in touched[touched >= 0].tolist())
            chosen = best_packing(candidates, entry_column, entry_need, sizes, value, nodes)
            if chosen is None or value[chosen].sum() <= before + 1e-7 * max(1.0, abs(before)):
                continue
            for index in touched[touched >= 0].tolist():
                plan.drop(index)
            for c in chosen.tolist():
                plan.add(known[c])
            gained = True
        if not gained:
            break
    return plan.current(), assignments


def best_packing(
    candidates: np.ndarray, entry_column: np.ndarray, entry_need: np.ndarray,
    sizes: np.ndarray, value: np.ndarray, nodes: int,
) -> np.ndarray | None:  # fmt: skip
    """The candidate columns of the best disjoint packing found within `nodes` nodes."""
    if len(candidates) == 0:
        return None
    local = np.full(len(sizes), -1, dtype=np.int64)
    local[candidates] = np.arange(len(candidates))
    keep = local[entry_column] >= 0
    needs, rows = np.unique(entry_need[keep], return_inverse=True)
    chosen, _, _, _ = run_highs(
        rows, local[entry_column[keep]], np.ones(int(keep.sum())), np.ones(len(needs)),
        value[candidates], integral=True, time_limit=None, node_limit=nodes,
    )  # fmt: skip
    return None if chosen is None else candidates[chosen]


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
