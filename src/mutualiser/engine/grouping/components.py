"""Independent components of the candidate graph: one category, items linked by pairs.

Each component is solved on its own; its arrays use local indices (needs 0..n-1, offers
0..m-1) so that the heuristic, the exact solve and the bounds never see the whole instance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from mutualiser.engine.costmodel import CostParams
from mutualiser.engine.matching import Candidates, index_dtype

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


@dataclass
class Members:
    """A component's category and items, without its arrays (what the records read)."""

    category: int
    params: CostParams
    needs: np.ndarray
    offers: np.ndarray

    @property
    def size(self) -> int:
        return len(self.needs) + len(self.offers)


class Components(Sequence[Component]):
    """The components of a candidate graph, each built when asked for (and not kept).

    Labelling the graph is done once; a component's arrays (calendars, local pairs) are
    sliced from the candidates only when it is solved, so that a national run never holds
    all of them at once (about 300 MB at 1,000,000 items). Indexing twice gives equal
    components. `weights` (pairs and items of each) are known without building any.
    """

    def __init__(self, candidates: Candidates) -> None:
        self.candidates: Candidates | None = candidates
        instance, arrays = candidates.instance, candidates.arrays
        self.instance, self.arrays = instance, arrays
        n = len(instance.items)
        rows = np.concatenate((candidates.pool_a, candidates.offer))
        cols = np.concatenate((candidates.pool_b, candidates.offer_need))
        if len(rows) == 0:
            self.count = 0
            return
        graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        del graph, rows, cols
        touched = np.flatnonzero(np.bincount(
            np.concatenate((candidates.pool_a, candidates.pool_b, candidates.offer,
                            candidates.offer_need)), minlength=n,
        ))  # fmt: skip
        touched = touched[np.argsort(labels[touched], kind="stable")]
        starts = np.flatnonzero(np.diff(labels[touched], prepend=-1))
        self.count = len(starts)
        self.touched = touched
        self.starts, self.ends = starts, np.append(starts[1:], len(touched))
        label_slot = np.full(labels.max() + 1, -1, dtype=np.int64)
        label_slot[labels[touched[starts]]] = np.arange(len(starts))
        pool_comp = label_slot[labels[candidates.pool_a]]
        # the pairs' orders are kept for the whole solve: in 32 bits where they fit
        self.pool_order = np.argsort(pool_comp, kind="stable").astype(index_dtype(len(pool_comp)))
        self.pool_bounds = np.searchsorted(pool_comp[self.pool_order], np.arange(self.count + 1))
        del pool_comp
        offer_comp = label_slot[labels[candidates.offer]]
        self.offer_order = np.argsort(offer_comp, kind="stable").astype(
            index_dtype(len(offer_comp))
        )
        self.offer_bounds = np.searchsorted(offer_comp[self.offer_order], np.arange(self.count + 1))
        self.local = np.full(n, -1, dtype=np.int64)
        self.is_offer = arrays.is_offer

    def __len__(self) -> int:
        return self.count

    def weights(self) -> list[tuple[int, int]]:
        """(candidate pairs, items) of each component, without building it."""
        if not self.count:
            return []
        pairs = np.diff(self.pool_bounds) + np.diff(self.offer_bounds)
        return list(zip(pairs.tolist(), (self.ends - self.starts).tolist(), strict=True))

    def members(self, slot: int) -> Members:
        """What the records need of a component (its category and items), cheaply."""
        members = self.touched[self.starts[slot] : self.ends[slot]]
        is_offer = self.is_offer[members]
        category = int(self.arrays.category[members[0]])
        params = self.instance.categories[category].params
        return Members(category, params, members[~is_offer], members[is_offer])

    def release(self) -> None:
        """Drop the candidates and the pair orders once every component is solved; `members`
        still answers (the records), building a component no longer does."""
        self.candidates = None
        self.pool_order = self.offer_order = self.local = None  # type: ignore[assignment]

    def __getitem__(self, slot):  # noqa: ANN001, ANN204 - int or slice, as a Sequence
        if isinstance(slot, slice):
            return [self[k] for k in range(*slot.indices(self.count))]
        if not -self.count <= slot < self.count:
            raise IndexError(slot)
        slot %= self.count
        candidates = self.candidates
        if candidates is None:
            raise RuntimeError("the components were released after solving")
        arrays, local = candidates.arrays, self.local
        members = self.touched[self.starts[slot] : self.ends[slot]]
        is_offer = self.is_offer[members]
        needs, offers = members[~is_offer], members[is_offer]
        local[needs] = np.arange(len(needs))
        local[offers] = np.arange(len(offers))
        category = int(arrays.category[members[0]])
        params = candidates.instance.categories[category].params
        months = arrays.months[needs]
        pe = self.pool_order[self.pool_bounds[slot] : self.pool_bounds[slot + 1]]
        oe = self.offer_order[self.offer_bounds[slot] : self.offer_bounds[slot + 1]]
        return Component(
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


def build_components(candidates: Candidates) -> list[Component]:
    """Every component at once (tests, split.py, incremental.py); `Components` builds them
    one at a time."""
    return list(Components(candidates))


def relative_gap(bound: float | None, found: float) -> float | None:
    """(bound - found) / bound, at least 0; None without a bound."""
    if bound is None:
        return None
    return max(0.0, (bound - found) / bound) if bound > EPSILON else 0.0
