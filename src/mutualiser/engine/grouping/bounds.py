"""Upper bounds on a component's savings: the LP relaxation of its set packing."""

from __future__ import annotations

from mutualiser.engine.grouping.columns import (
    all_columns,
    capacity_row_arrays,
    group_columns,
    packing_arrays,
)
from mutualiser.engine.grouping.components import Component
from mutualiser.engine.grouping.highs import run_highs


def lp_bound(comp: Component, limit: int) -> float | None:
    """Upper bound on the component's savings: LP relaxation of the set packing."""
    n_needs, n_offers = len(comp.needs), len(comp.offers)
    columns = all_columns(comp, limit)
    if columns is not None:
        if len(columns) == 0:
            return 0.0
        rows, cols, vals, upper = packing_arrays(columns, n_needs, n_offers)
        savings = columns.savings
    else:
        columns = group_columns(comp, limit)
        if columns is None:
            return None
        rows, cols, vals, upper, savings, _ = capacity_row_arrays(comp, columns)
        if len(savings) == 0:
            return 0.0
    _, value, _, _ = run_highs(rows, cols, vals, upper, savings, integral=False, time_limit=None)
    return value
