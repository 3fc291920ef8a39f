"""Upper bounds on a component's savings.

`share_bound` costs nothing (one pass over the needs) and holds for every component, however
large: each need is given the most it could save in any group or from any offer, and no
plan can save more than the sum. It rests on two inequalities of the cost model, for any
group S of at most G members, any lambda in [0, 1] and any weights w >= 0 summing to 1 over
the months:

    max(m, P(S)/K) >= lambda * m + (1 - lambda) * P(S)/K      (a max is above a mean)
    P(S) >= sum over i in S of w.months_i                     (the peak is above any mean)
    lambda * m >= sum over i in S of lambda * m / G            (|S| <= G)

so that savings(S) = alone(S) - 12 (U max(m, P/K) + o |S|) <= sum over i in S of v_i with
v_i = alone_i - 12 o - 12 U (lambda m / G + (1 - lambda) w.months_i / K). A need in no
group saves at most its best offer's savings. The bound is the least over a few (lambda, w).

`relaxation.solve_lp` gives the LP relaxation of the set packing: much
tighter, and affordable when its groups can be enumerated.
"""

from __future__ import annotations

import numpy as np

from mutualiser.engine.costmodel import MONTHS
from mutualiser.engine.grouping.components import EPSILON, Component

LAMBDAS = np.linspace(0.0, 1.0, 11)


def share_bound(comp: Component) -> float:
    """A valid upper bound on the component's savings, in O(needs x months)."""
    p = comp.params
    n = len(comp.needs)
    if n == 0:
        return 0.0
    best_offer = np.zeros(n)
    good = comp.offer_sav > EPSILON
    np.maximum.at(best_offer, comp.offer_n[good], comp.offer_sav[good])
    in_pool = np.zeros(n, dtype=bool)
    in_pool[comp.pool_a] = True
    in_pool[comp.pool_b] = True
    if p.max_group_size < 2 or not in_pool.any():
        return float(best_offer.sum())
    months = comp.months
    weights = [np.full(MONTHS, 1.0 / MONTHS)]
    peak_month = int(np.argmax(months.sum(axis=0)))
    weights.append(np.eye(MONTHS)[peak_month])
    weights.append(0.5 * (weights[0] + weights[1]))
    best = float("inf")
    fixed = comp.alone - 12.0 * p.member_overhead
    for w in weights:
        load = months @ w / p.unit_capacity  # (n,)
        for lam in LAMBDAS.tolist():
            share = fixed - 12.0 * p.unit_cost * (lam * p.min_fraction / p.max_group_size)
            share = share - 12.0 * p.unit_cost * (1.0 - lam) * load
            value = np.where(in_pool, np.maximum(share, best_offer), best_offer)
            best = min(best, float(np.maximum(value, 0.0).sum()))
    return best
