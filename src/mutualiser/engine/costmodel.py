"""The cost model of the engine's contract (see DESIGN.md, "The engine's cost model").

Money is per year; quantities are per month (12 values). Every module of the engine that
prices a need, a group or a coalition goes through these functions, so that the matching,
the grouping, the cost-sharing and the tests agree on one formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MONTHS = 12


@dataclass(frozen=True, slots=True)
class CostParams:
    """The economic figures of one category (one kind of shared resource)."""

    code: str
    standalone_rate: float  # cost of one unit bought alone (e.g. a freelance hour)
    unit_capacity: float  # units per month of one shared resource (e.g. 140 h)
    unit_cost: float  # monthly cost of one shared resource
    min_fraction: float  # smallest viable share of one resource (0..1)
    member_overhead: float  # monthly coordination cost per member
    max_group_size: int


def standalone_cost(params: CostParams, months: Sequence[float]) -> float:
    """Yearly cost of a need bought alone: rate times the year's quantity."""
    return params.standalone_rate * float(sum(months))


def group_peak(demands: Sequence[Sequence[float]]) -> float:
    """Largest monthly total of the group's demands (0 for an empty group)."""
    if not demands:
        return 0.0
    return max(sum(d[month] for d in demands) for month in range(MONTHS))


def is_within_capacity(params: CostParams, demands: Sequence[Sequence[float]]) -> bool:
    """Whether one shared resource can carry the group's peak month."""
    return group_peak(demands) <= params.unit_capacity + 1e-9


def group_cost(params: CostParams, demands: Sequence[Sequence[float]]) -> float:
    """Yearly cost C(S) = 12 * (U * max(m, P(S)/K) + o * |S|) of one shared resource.

    Does not check capacity or size: callers decide feasibility.
    """
    return cost_from_peak(params, group_peak(demands), len(demands))


def cost_from_peak(params: CostParams, peak: Any, size: Any) -> Any:
    """C(S) from the group's peak and size, for floats or NumPy arrays (then element-wise).

    The vectorised engine (matching, grouping) prices thousands of groups at once through
    this one formula, so that it cannot drift from `group_cost`. Floats stay pure Python.
    """
    if isinstance(peak, (int, float)):
        higher = max
    else:
        import numpy as np

        higher = np.maximum
    fraction = higher(params.min_fraction, peak / params.unit_capacity)
    return MONTHS * (params.unit_cost * fraction + params.member_overhead * size)


def group_savings(params: CostParams, demands: Sequence[Sequence[float]]) -> float:
    """Sum of the members' standalone costs minus the group's cost (may be negative)."""
    alone = sum(standalone_cost(params, d) for d in demands)
    return alone - group_cost(params, demands)


def coalition_cost(params: CostParams, demands: Sequence[Sequence[float]]) -> float:
    """Cost-game value c(T) = min(alone(T), C(T)); an infeasible T costs alone(T).

    Pair compatibility (distance, exclusions) is the caller's business: the members of a
    group are already pairwise compatible, so every sub-coalition is too.
    """
    alone = sum(standalone_cost(params, d) for d in demands)
    if not demands:
        return 0.0
    if len(demands) > params.max_group_size or not is_within_capacity(params, demands):
        return alone
    return min(alone, group_cost(params, demands))


def offer_assignment_savings(
    params: CostParams, rate: float, need_months: Sequence[float]
) -> float:
    """Yearly savings of serving one whole need from an offer at `rate` per unit."""
    return (params.standalone_rate - rate) * float(sum(need_months))
