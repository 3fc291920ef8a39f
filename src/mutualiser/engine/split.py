"""Split a large instance into independent pieces that workers can solve in parallel.

A piece holds whole components (one category, items linked by candidate pairs), so no
compatible pair crosses two pieces and the merged results equal one single solve. Small
components of one category share a piece up to `max_piece_items`. A component larger than
that is cut along administrative regions (then by longitude inside a region still too
large); the cut is reported with an upper bound of the savings it may lose.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from mutualiser.engine.costmodel import MONTHS
from mutualiser.engine.grouping.components import build_components
from mutualiser.engine.grouping.solve import build_result, solve
from mutualiser.engine.instance import Cut, Instance, Result, exclusion_key
from mutualiser.engine.matching import Candidates, find_candidates

DEFAULT_MAX_PIECE_ITEMS = 20_000


@dataclass(frozen=True)
class Piece:
    """A sub-instance solvable alone; `cut` is set on the first piece of a cut component."""

    key: str
    category: str
    instance: Instance
    cut: Cut | None = None


def _sub_instance(instance: Instance, item_indices: np.ndarray) -> Instance:
    items = tuple(instance.items[int(i)] for i in np.sort(item_indices))
    org_ids = {i.org for i in items}
    codes = {i.category for i in items}
    return Instance(
        categories=tuple(c for c in instance.categories if c.code in codes),
        organisations=tuple(o for o in instance.organisations if o.id in org_ids),
        items=items,
        exclusions=frozenset(
            exclusion_key(a, b) for a, b in instance.exclusions if a in org_ids and b in org_ids
        ),
    )


def _need_upper_bounds(candidates: Candidates, comp: Any) -> dict[int, float]:
    """Most a need can add to any plan: its standalone cost less its own overhead, or its
    best offer's savings (the shared resource's cost is left out, hence an upper bound)."""
    p = comp.params
    bound = {
        int(g): max(0.0, float(a) - MONTHS * p.member_overhead)
        for g, a in zip(comp.needs, comp.alone, strict=True)
    }
    for n, s in zip(comp.offer_n.tolist(), comp.offer_sav.tolist(), strict=True):
        g = int(comp.needs[n])
        bound[g] = max(bound[g], s)
    return bound


def _cut_component(
    instance: Instance, candidates: Candidates, comp: Any, max_items: int
) -> tuple[list[np.ndarray], Cut]:
    members = np.concatenate((comp.needs, comp.offers))
    orgs = instance.organisation_by_id
    regions = np.array([orgs[instance.items[int(i)].org].region for i in members])
    lons = np.array([orgs[instance.items[int(i)].org].lon for i in members])
    parts: list[np.ndarray] = []
    for region in sorted(set(regions.tolist())):
        inside = members[regions == region]
        if len(inside) <= max_items:
            parts.append(inside)
            continue
        by_lon = inside[np.argsort(lons[regions == region], kind="stable")]
        chunks = -(-len(by_lon) // max_items)
        parts.extend(np.array_split(by_lon, chunks))
    part_of = {int(i): k for k, part in enumerate(parts) for i in part}
    bounds = _need_upper_bounds(candidates, comp)
    needs_set = set(comp.needs.tolist())
    cut_edges, at_risk = 0, set()
    pairs = [
        (candidates.pool_a, candidates.pool_b),
        (candidates.offer, candidates.offer_need),
    ]
    for left, right in pairs:
        for a, b in zip(left.tolist(), right.tolist(), strict=True):
            if a in part_of and b in part_of and part_of[a] != part_of[b]:
                cut_edges += 1
                at_risk.update(x for x in (a, b) if x in needs_set)
    cut = Cut(
        category=comp.params.code,
        pieces=len(parts),
        cut_edges=cut_edges,
        savings_at_risk=sum(bounds[n] for n in at_risk),
    )
    return parts, cut


def split_instance(
    instance: Instance,
    *,
    max_piece_items: int = DEFAULT_MAX_PIECE_ITEMS,
    candidates: Candidates | None = None,
) -> list[Piece]:
    """Independent pieces of at most `max_piece_items` items (unless a region is larger).

    Items with no candidate partner are in no piece: they cannot save anything.
    """
    candidates = candidates if candidates is not None else find_candidates(instance)
    pieces: list[Piece] = []
    open_bins: dict[str, list[np.ndarray]] = {}

    def close(code: str) -> None:
        parts = open_bins.pop(code, [])
        if parts:
            members = np.concatenate(parts)
            key = f"{code}/{len(pieces) + 1}"
            pieces.append(Piece(key, code, _sub_instance(instance, members)))

    for comp in build_components(candidates):
        code = comp.params.code
        members = np.concatenate((comp.needs, comp.offers))
        if len(members) > max_piece_items:
            parts, cut = _cut_component(instance, candidates, comp, max_piece_items)
            for k, part in enumerate(parts):
                key = f"{code}/{len(pieces) + 1}"
                piece_cut = cut if k == 0 else None
                pieces.append(Piece(key, code, _sub_instance(instance, part), piece_cut))
            continue
        current = open_bins.setdefault(code, [])
        if current and sum(len(p) for p in current) + len(members) > max_piece_items:
            close(code)
            current = open_bins.setdefault(code, [])
        current.append(members)
    for code in sorted(open_bins):
        close(code)
    return pieces


def solve_piece(piece: Piece, **options: Any) -> Result:
    """Solve one piece (in any process); options are those of `grouping.solve`."""
    result = solve(piece.instance, **options)
    if piece.cut is not None:
        result = replace(result, cuts=(*result.cuts, piece.cut))
    return result


def merge_results(results: list[Result]) -> Result:
    """One result from the pieces' results, sorted as a single solve sorts it."""
    groups = [g for r in results for g in r.groups]
    assignments = [a for r in results for a in r.assignments]
    stats = [s for r in results for s in r.components]
    merged = build_result(groups, assignments, stats)
    cuts = tuple(sorted((c for r in results for c in r.cuts), key=lambda c: c.category))
    return replace(merged, cuts=cuts)
