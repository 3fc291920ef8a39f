"""The set-packing model of a component, its LP relaxation, and plans read from the LP.

The model has one column per feasible group (columns.py) and, for offers, either one column
per bundle (a set of needs one offer can carry) or, when bundles are too many, one column per
offer -> need pair with the offer's twelve monthly capacities as rows. Either way, every plan
of the component is a 0/1 point of the model, so the LP optimum is a valid upper bound on
the component's savings. The LP is solved by sifting (`WorkingLP`): HiGHS holds some of the
columns, the others are priced by the duals in NumPy and join while any is priced positive.
The LP's primal values then guide a plan (`round_lp`: columns by decreasing LP value, kept
while they fit; `dive`: fix, re-solve, round) before local search polishes it (heuristic.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mutualiser.engine.grouping.columns import (
    Columns,
    all_columns,
    capacity_row_arrays,
    group_columns,
    packing_arrays,
)
from mutualiser.engine.grouping.components import Component
from mutualiser.engine.grouping.highs import packing_highs_by_column, run_checked


@dataclass
class Model:
    """max savings.x s.t. A x <= upper, x in {0,1}; `plan` reads chosen columns back."""

    comp: Component
    columns: Columns
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    upper: np.ndarray
    savings: np.ndarray
    edges: list[int] | None  # offer -> need pair columns (capacity rows), else bundles

    @property
    def n_columns(self) -> int:
        return len(self.savings)

    def plan(self, chosen: list[int]) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
        if self.edges is None:
            return self.columns.solution(chosen)
        groups, assignments = [], []
        first = len(self.columns.groups)
        for c in chosen:
            if c < first:
                groups.append(self.columns.groups[c])
            else:
                e = self.edges[c - first]
                assignments.append((int(self.comp.offer_o[e]), int(self.comp.offer_n[e])))
        return groups, assignments


def build_model(comp: Component, column_limit: int) -> Model | None:
    """The component's set packing, or None when its groups number more than `column_limit`."""
    n_needs, n_offers = len(comp.needs), len(comp.offers)
    columns = all_columns(comp, column_limit)
    if columns is not None:
        rows, cols, vals, upper = packing_arrays(columns, n_needs, n_offers)
        return Model(comp, columns, rows, cols, vals, upper, columns.savings, None)
    columns = group_columns(comp, column_limit)
    if columns is None:
        return None
    rows, cols, vals, upper, savings, edges = capacity_row_arrays(comp, columns)
    return Model(comp, columns, rows, cols, vals, upper, savings, edges)


@dataclass
class Relaxation:
    bound: float  # LP optimum (from the duals: valid even if the LP stopped early)
    x: np.ndarray  # LP column values
    reduced: np.ndarray  # reduced savings of each column under the duals
    working: WorkingLP | None = None  # the solved LP, kept for diving (warm starts)
    duals: np.ndarray | None = None  # row duals (>= 0)


# Sifting: the LP holds some of the model's columns; the others are priced in NumPy by the
# duals and the best of those priced positive join it, until none is left. HiGHS's cost of
# one run grows with the columns it holds (measured: 1.9 ms to re-run an optimal LP of 11,241
# columns, 0.2 ms for 950), and an optimal basis needs few of them (350-1,000 of 2,000-12,000
# on bench_quality's components): the 21 LPs of more than 2,000 columns went from 0.16 s to
# 0.08 s of CPU, and each dive step from 1-4 ms to a few tenths.
SIFT_START = 500  # columns of the first LP, at least (all of them when the model has fewer)
SIFT_START_PER_ROW = 4  # ... and at least this many per row
SIFT_ADD = 200  # columns added per pricing round, at most (the best reduced savings first)
SIFT_ROUNDS = 50  # LP runs of one solve, at most (a work limit; the bound holds anyway)
DIVE_ROUNDS = 10  # LP runs of one dive step, at most


class WorkingLP:
    """The LP relaxation over a working set of the model's columns, in one HiGHS object.

    `optimise` runs it, prices every column of the model by the row duals (rc = savings -
    A'y) and adds those of positive reduced savings, until none is left: the LP over the
    working set is then optimal for the whole model (every column outside it is at zero
    with rc <= 0). Bound changes (the dive) keep the basis, so re-solves are warm.
    """

    def __init__(self, model: Model, first: np.ndarray) -> None:
        self.model = model
        n = model.n_columns
        order = np.argsort(model.cols, kind="stable")
        self.starts = np.concatenate(([0], np.cumsum(np.bincount(model.cols, minlength=n))))
        self.index = model.rows[order].astype(np.int32)
        self.values = model.vals[order].astype(float)
        self.position = np.full(n, -1, dtype=np.int64)  # HiGHS column of each model column
        self.position[first] = np.arange(len(first))
        self.columns = first  # model column of each HiGHS column
        starts, index, values = self.slice(first)
        self.highs = packing_highs_by_column(
            starts, index, values, model.upper, model.savings[first], integral=False
        )
        self.tolerance = 1e-9 * max(1.0, float(np.abs(model.savings).max(initial=0.0)))

    def slice(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The model's matrix restricted to `columns`, column-wise (starts, rows, values)."""
        lengths = self.starts[columns + 1] - self.starts[columns]
        starts = np.cumsum(lengths) - lengths
        at = np.arange(int(lengths.sum())) + np.repeat(self.starts[columns] - starts, lengths)
        return starts.astype(np.int32), self.index[at], self.values[at]

    def add(self, columns: np.ndarray) -> None:
        starts, index, values = self.slice(columns)
        count = len(columns)
        self.highs.addCols(
            count, self.model.savings[columns], np.zeros(count), np.ones(count), len(index),
            starts, index, values,
        )  # fmt: skip
        self.position[columns] = len(self.columns) + np.arange(count)
        self.columns = np.concatenate((self.columns, columns))

    def fix(self, columns: np.ndarray) -> None:
        """Columns of the model (in the working set) fixed to 1."""
        at = self.position[columns].astype(np.int32)
        self.highs.changeColsBounds(len(at), at, np.ones(len(at)), np.ones(len(at)))

    def optimise(self, rounds: int, strategy: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Run and price, at most `rounds` runs (the first with simplex `strategy`, then the
        primal simplex: added columns keep the basis primal feasible). Returns the row duals
        y >= 0, the column values and the reduced savings of every model column."""
        model = self.model
        for done in range(1, rounds + 1):
            self.highs.setOptionValue("simplex_strategy", strategy if done == 1 else 4)
            run_checked(self.highs)
            solution = self.highs.getSolution()
            y = np.maximum(np.asarray(solution.row_dual, dtype=float), 0.0)
            x = np.zeros(model.n_columns)
            values = np.asarray(solution.col_value, dtype=float)
            if len(y) != len(model.upper) or len(values) != len(self.columns):
                y, values = np.zeros(len(model.upper)), np.zeros(len(self.columns))
            x[self.columns] = values
            used = np.bincount(
                model.cols, weights=model.vals * y[model.rows], minlength=model.n_columns
            )
            reduced = model.savings - used
            if not self.optimal() or done == rounds:
                break
            priced = np.flatnonzero((reduced > self.tolerance) & (self.position < 0))
            if len(priced) == 0:
                break
            best = priced[np.lexsort((priced, -reduced[priced]))[:SIFT_ADD]]
            self.add(np.sort(best))
        return y, x, reduced

    def optimal(self) -> bool:
        import highspy

        return self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal


def first_columns(model: Model) -> np.ndarray:
    """The columns of the first LP: those of best savings per need served (all of them when
    there are few); ties to the lowest index."""
    n = model.n_columns
    size = max(SIFT_START, SIFT_START_PER_ROW * len(model.upper))
    if n <= size:
        return np.arange(n)
    needs = np.bincount(model.cols[model.rows < len(model.comp.needs)], minlength=n)
    score = model.savings / np.maximum(needs, 1)
    return np.sort(np.lexsort((np.arange(n), -score))[:size])


def solve_lp(model: Model) -> Relaxation:
    """The LP relaxation; its bound is recomputed from the duals, y.b + sum(max(0, rc)), which
    is an upper bound for any y >= 0 (weak duality), whatever the simplex's status."""
    if model.n_columns == 0:
        return Relaxation(0.0, np.zeros(0), np.zeros(0), None, np.zeros(len(model.upper)))
    working = WorkingLP(model, first_columns(model))
    # Measured on the set packings of bench_quality (21 LPs of 500-12,000 columns): 0.28 s
    # of CPU with the defaults, 0.14 s without presolve and with the primal simplex (the
    # same optimum; the dive switches back to the dual simplex for its bound changes).
    working.highs.setOptionValue("presolve", "off")
    y, x, reduced = working.optimise(SIFT_ROUNDS, 4)
    bound = float(y @ model.upper + np.maximum(reduced, 0.0).sum())
    return Relaxation(bound, x, reduced, working, y)


INTEGRAL = 1e-6
DIVE_STEPS = 30  # LP re-solves of one dive, at most (a work limit); then rounding


def dive(model: Model, lp: Relaxation, floor: float = -np.inf) -> list[int]:
    """A plan by LP diving: fix the column of largest fractional value to 1, re-solve the LP
    from the previous basis (a few dual simplex iterations, then pricing), until the LP is
    integral, its value falls to `floor` (the incumbent's savings: no plan below that LP is
    worth more) or DIVE_STEPS re-solves are done; then `round_lp` on the last LP values.

    Fixing a column that the feasible LP uses keeps the LP feasible, so each step fixes one
    more column; ties go to the lowest index.
    """
    working = lp.working
    x = lp.x.copy()
    fixed = np.zeros(model.n_columns, dtype=bool)
    for _ in range(DIVE_STEPS):
        ones = np.flatnonzero((x >= 1.0 - INTEGRAL) & ~fixed)
        fractional = np.flatnonzero((x > INTEGRAL) & (x < 1.0 - INTEGRAL))
        if len(fractional) == 0:
            break
        pick = fractional[np.argmax(x[fractional])]  # argmax: first index among ties
        chosen = np.append(ones, pick)
        fixed[chosen] = True
        working.fix(chosen)
        # Dual simplex first: the basis stays dual feasible after bound changes.
        _, values, _ = working.optimise(DIVE_ROUNDS, 1)
        if not working.optimal():
            break
        x = values
        # A sum, not `@`: a BLAS dot product of this length may start threads.
        if float((model.savings * x).sum()) <= floor + 1e-9 * max(1.0, abs(floor)):
            break
    return round_lp(model, Relaxation(lp.bound, x, lp.reduced))


def round_lp(model: Model, lp: Relaxation) -> list[int]:
    """Columns by decreasing LP value (then reduced savings, savings), kept while they fit.

    Then every other column of positive savings, best reduced savings first: a greedy plan
    that follows the LP. Deterministic (stable sorts on fixed keys).

    The columns the LP uses (a few dozen) go one by one; then the others that touch a need
    or offer already taken are dropped at once in NumPy (they can never fit again), and only
    the rest go one by one (measured: 7 ms to 1 ms on an LP of 11,241 columns).
    """
    comp = model.comp
    n_needs = len(comp.needs)
    rounded = np.round(lp.x, 9)
    order = np.lexsort((-model.savings, -lp.reduced, -rounded))
    order = order[model.savings[order] > 1e-6]
    used = [False] * (n_needs + len(comp.offers))
    left = len(used)
    load = np.zeros((len(comp.offers), comp.capacity.shape[1] if len(comp.offers) else 12))
    capacity = comp.capacity + 1e-9
    first = len(model.columns.groups)
    groups, bundles = model.columns.groups, model.columns.bundles
    chosen: list[int] = []

    def take(columns: list[int]) -> None:
        nonlocal left
        for c in columns:
            if left == 0:
                return  # every need and offer is taken: nothing else fits
            if c < first or model.edges is None:
                if c < first:
                    members: tuple[int, ...] = groups[c]
                else:
                    offer, needs = bundles[c - first]
                    members = (n_needs + offer, *needs)
                if not any(used[m] for m in members):
                    for m in members:
                        used[m] = True
                    left -= len(members)
                    chosen.append(c)
            else:
                e = model.edges[c - first]
                offer, need = int(comp.offer_o[e]), int(comp.offer_n[e])
                if not used[need] and np.all(load[offer] + comp.months[need] <= capacity[offer]):
                    used[need] = True
                    left -= 1
                    load[offer] += comp.months[need]
                    chosen.append(c)

    lead = int(np.count_nonzero(rounded[order] > 0))  # the LP's columns come first
    take(order[:lead].tolist())
    rest = order[lead:]
    if left and len(rest):
        # Rows of the model that are needs or offers (not the capacity rows of offer pairs).
        elements = model.rows < (n_needs if model.edges is not None else len(used))
        taken = np.asarray(used)[model.rows[elements]]
        touched = np.bincount(model.cols[elements], weights=taken, minlength=model.n_columns)
        take(rest[touched[rest] == 0].tolist())
    return chosen
