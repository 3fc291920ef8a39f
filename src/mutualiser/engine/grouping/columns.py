"""Columns of the set packing: feasible groups (cliques within capacity) and offer bundles.

A column is a set of elements (needs, and for a bundle its offer) with its savings; a plan
takes disjoint columns. Enumeration is exhaustive and gives up (None) beyond a column limit.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from mutualiser.engine.costmodel import MONTHS, cost_from_peak
from mutualiser.engine.grouping.components import EPSILON, Component


@dataclass
class Columns:
    """Candidate columns of the set packing: groups, then offer bundles."""

    groups: list[tuple[int, ...]]
    group_savings: np.ndarray
    bundles: list[tuple[int, tuple[int, ...]]]  # (offer, needs)
    bundle_savings: np.ndarray

    @property
    def savings(self) -> np.ndarray:
        return np.concatenate((self.group_savings, self.bundle_savings))

    def __len__(self) -> int:
        return len(self.groups) + len(self.bundles)

    def elements(self, n_needs: int) -> list[tuple[int, ...]]:
        """Each column's elements: its needs, and n_needs + offer for a bundle's offer."""
        return [*self.groups, *((n_needs + o, *nd) for o, nd in self.bundles)]

    def solution(
        self, chosen: Sequence[int]
    ) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
        groups, assignments = [], []
        for c in chosen:
            if c < len(self.groups):
                groups.append(self.groups[c])
            else:
                offer, needs = self.bundles[c - len(self.groups)]
                assignments.extend((offer, n) for n in needs)
        return groups, assignments


def group_columns(comp: Component, limit: int) -> Columns | None:
    """The component's groups as columns, without offer bundles; None when more than `limit`."""
    groups = enumerate_groups(comp, limit)
    if groups is None:
        return None
    return Columns(
        groups=[tuple(row) for level in groups[0] for row in level.tolist()],
        group_savings=np.concatenate([np.zeros(0), *groups[1]]),
        bundles=[],
        bundle_savings=np.zeros(0),
    )


def all_columns(comp: Component, limit: int) -> Columns | None:
    columns = group_columns(comp, limit)
    if columns is None:
        return None
    bundles = enumerate_bundles(comp, limit - len(columns.groups))
    if bundles is None:
        return None
    return replace(
        columns,
        bundles=[(o, tuple(row)) for o, level, _ in bundles for row in level.tolist()],
        bundle_savings=np.concatenate([np.zeros(0), *(s for _, _, s in bundles)]),
    )


def enumerate_groups(
    comp: Component, limit: int
) -> tuple[list[np.ndarray], list[np.ndarray]] | None:
    """Feasible groups with positive savings, level by level; None when more than `limit`.

    Level k+1 extends each level-k clique with a need of higher index adjacent to all its
    members; a group over capacity is not extended (adding members never lowers the peak).
    A group is kept only when every member adds savings: if dropping member j saves at least
    as much, the smaller group (and j alone) is never worse, so some optimum avoids it.
    """
    p = comp.params
    n = len(comp.needs)
    kept_sets: list[np.ndarray] = []
    kept_savings: list[np.ndarray] = []
    if len(comp.pool_a) == 0 or p.max_group_size < 2:
        return kept_sets, kept_savings
    adjacency = np.zeros((n, n), dtype=bool)
    adjacency[comp.pool_a, comp.pool_b] = True
    adjacency[comp.pool_b, comp.pool_a] = True
    level = np.column_stack((comp.pool_a, comp.pool_b))
    sums = comp.months[level[:, 0]] + comp.months[level[:, 1]]
    capacity = p.unit_capacity + 1e-9
    total = 0
    size = 2
    indices = np.arange(n)
    bits = n <= 62  # subsets as int64 bit masks, for the dominance test
    previous: tuple[np.ndarray, np.ndarray] | None = None  # sorted keys, savings of level-1
    while len(level):
        total += len(level)
        if total > limit:
            return None
        peak_month = sums.argmax(axis=1)
        peaks = sums[np.arange(len(sums)), peak_month]
        savings = comp.alone[level].sum(axis=1) - cost_from_peak(p, peaks, size)
        good = savings > EPSILON
        if bits:
            keys = (np.int64(1) << level).sum(axis=1)
            if previous is not None:
                prev_keys, prev_savings = previous
                at = np.flatnonzero(good)  # only a group that saves can be dominated
                for k in range(size):
                    sub = keys[at] - (np.int64(1) << level[at, k])
                    pos = np.minimum(np.searchsorted(prev_keys, sub), len(prev_keys) - 1)
                    at = at[savings[at] > prev_savings[pos] + EPSILON]
                good = np.zeros(len(level), dtype=bool)
                good[at] = True
            order = np.argsort(keys)
            previous = (keys[order], savings[order])
        kept_sets.append(level[good])
        kept_savings.append(savings[good])
        if size == p.max_group_size:
            break
        mask = adjacency[level[:, 0]]
        for k in range(1, size):
            mask &= adjacency[level[:, k]]
        mask &= indices[None, :] > level[:, -1][:, None]
        rows, extra = np.nonzero(mask)
        if len(rows) + total > limit:
            return None
        # The month of the group's peak first (one value per extension): most extensions
        # over capacity fail there, before their twelve months are added up.
        near = peaks[rows] + comp.months[extra, peak_month[rows]] <= capacity
        rows, extra = rows[near], extra[near]
        new_sums = sums[rows] + comp.months[extra]
        fits = new_sums.max(axis=1) <= capacity
        level = np.column_stack((level[rows[fits]], extra[fits]))
        sums = new_sums[fits]
        size += 1
    return kept_sets, kept_savings


def enumerate_bundles(
    comp: Component, limit: int
) -> list[tuple[int, np.ndarray, np.ndarray]] | None:
    """Per offer, every set of its candidate needs that fits its capacity in every month.

    Returns (offer, need sets (m, k) for each size..., savings) flattened per size level;
    None when there are more than `limit` in all (the MILP then uses capacity rows).
    """
    bundles: list[tuple[int, np.ndarray, np.ndarray]] = []
    total = 0
    good = comp.offer_sav > EPSILON
    for offer in range(len(comp.offers)):
        edges = np.flatnonzero(good & (comp.offer_o == offer))
        if len(edges) == 0:
            continue
        needs = comp.offer_n[edges]
        value = comp.offer_sav[edges]
        capacity = comp.capacity[offer] + 1e-9
        level = np.arange(len(needs))[:, None]
        sums = comp.months[needs]
        while len(level):
            total += len(level)
            if total > limit:
                return None
            bundles.append((offer, needs[level], value[level].sum(axis=1)))
            rows, extra = np.nonzero(np.arange(len(needs))[None, :] > level[:, -1][:, None])
            new_sums = sums[rows] + comp.months[needs[extra]]
            fits = np.all(new_sums <= capacity, axis=1)
            level = np.column_stack((level[rows[fits]], extra[fits]))
            sums = new_sums[fits]
    return bundles


def packing_arrays(
    columns: Columns, n_needs: int, n_offers: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    elements = columns.elements(n_needs)
    sizes = np.fromiter(map(len, elements), dtype=np.int64, count=len(elements))
    rows = np.fromiter(
        itertools.chain.from_iterable(elements), dtype=np.int64, count=int(sizes.sum())
    )
    cols = np.repeat(np.arange(len(elements)), sizes)
    return rows, cols, np.ones(len(rows)), np.ones(n_needs + n_offers)


def capacity_row_arrays(
    comp: Component, columns: Columns
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Groups plus one column per offer -> need pair, offers' capacity as 12 rows each."""
    n_needs = len(comp.needs)
    rows_g, cols_g, vals_g, _ = packing_arrays(
        Columns(columns.groups, columns.group_savings, [], np.zeros(0)), n_needs, 0
    )
    edges = np.flatnonzero(comp.offer_sav > EPSILON)
    first = len(columns.groups)
    ids = first + np.arange(len(edges))
    month_rows = n_needs + comp.offer_o[edges][:, None] * MONTHS + np.arange(MONTHS)[None, :]
    load = comp.months[comp.offer_n[edges]]
    nonzero = load > 0
    rows = np.concatenate((rows_g, comp.offer_n[edges], month_rows[nonzero]))
    cols = np.concatenate((cols_g, ids, np.broadcast_to(ids[:, None], load.shape)[nonzero]))
    vals = np.concatenate((vals_g, np.ones(len(edges)), load[nonzero]))
    upper = np.concatenate((np.ones(n_needs), comp.capacity.ravel() + 1e-9))
    savings = np.concatenate((columns.group_savings, comp.offer_sav[edges]))
    return rows, cols, vals, upper, savings, edges.tolist()
