"""Independent components of the candidate graph: one category, items linked by pairs.

Each component is solved on its own; its arrays use local indices (needs 0..n-1, offers
0..m-1) so that the heuristic, the exact solve and the bounds never see the whole instance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from mutualiser.engine.costmodel import CostParams
from mutualiser.engine.matching import Candidates

EPSILON = 1e-6


@dataclass
class Component:
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
class Solution:
    groups: list[tuple[int, ...]]  # local need indices
    assignments: list[tuple[int, int]]  # (local offer, local need)
    savings: float
    method: str
    optimal: bool
    gap: float | None = None
    bound: float | None = None
    stopped: bool = False  # the run's time limit (outer safety net) cut this component short


# --- components ------------------------------------------------------------------------------


def build_components(candidates: Candidates) -> list[Component]:
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
            Component(
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


def relative_gap(bound: float | None, found: float) -> float | None:
    """(bound - found) / bound, at least 0; None without a bound."""
    if bound is None:
        return None
    return max(0.0, (bound - found) / bound) if bound > EPSILON else 0.0
