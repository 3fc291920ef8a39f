"""Result records: groups priced at once in NumPy, assignments, their reasons, the shares.

Reasons are ids with plain numbers (`messages.Reason`), never sentences; the catalogue in
`messages.py` words them. Group reasons: `group.distance` {count, km}, `group.peak` {peak,
capacity, fraction, unit}, `group.complement` {combined, below, individual, unit} (only when
the calendars do complement), `group.savings` {savings, alone}. Assignment reasons:
`assignment.covers` {rate, standalone_rate, unit}, `assignment.savings` {savings}.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import replace

import numpy as np

from mutualiser.engine.costmodel import CostParams, cost_from_peak, offer_assignment_savings
from mutualiser.engine.grouping.components import EPSILON, Component, Members, Solution
from mutualiser.engine.instance import Assignment, ComponentStats, Group, Instance, Result
from mutualiser.engine.matching import ItemArrays, chord_to_km
from mutualiser.words.reasons import Reason


@functools.cache
def unit_of(code: str) -> str | None:
    """The taxonomy's unit of a category (hour, day, m2, item, month); None when unknown."""
    try:
        from mutualiser.engine.taxonomy import load_taxonomy

        return load_taxonomy().get(code).unit
    except (ImportError, KeyError, ValueError, OSError):
        return None


def org_budgets(instance: Instance) -> dict[str, float] | None:
    budgets = {o.id: o.budget for o in instance.organisations if o.budget is not None}
    return budgets or None


def share_groups(
    instance: Instance,
    params: CostParams,
    members: Sequence[Sequence[int]],
    budgets: dict[str, float] | None,
    budget_of: np.ndarray | None = None,
) -> list[tuple[dict[str, dict[str, float]], dict[str, bool]]]:
    """Shares by rule and core answers of many groups of one category (item indices).
    `budget_of`: `budget_array(instance, budgets)` when the caller has it already.

    The groups are bucketed by size and their (G, n, 12) demands gathered from the item
    arrays at once; `costsharing.share_arrays` prices each bucket: the same numbers, group
    by group, as `share_cost` on {org: months} in member order. A group with two items of
    one organisation (never from `solve`: pool pairs join different organisations) goes
    through `share_costs` on that dict, as before. Its dicts are fresh: kept, not copied.
    """
    from mutualiser.engine.costsharing import RULES, share_arrays, share_costs

    if not members:
        return []
    arrays = instance.arrays
    org_ids = instance.organisation_ids
    out: list[tuple[dict[str, dict[str, float]], dict[str, bool]] | None] = [None] * len(members)
    by_size: dict[int, list[int]] = {}
    for g, group in enumerate(members):
        by_size.setdefault(len(group), []).append(g)
    if budget_of is None:
        budget_of = budget_array(instance, budgets)
    rules = RULES
    for n, positions in by_size.items():
        index = np.fromiter(
            itertools.chain.from_iterable([members[g] for g in positions]),
            dtype=np.int64,
            count=n * len(positions),
        ).reshape(-1, n)
        orgs = arrays.org[index]
        ranked = np.sort(orgs, axis=1)
        distinct = np.all(ranked[:, 1:] != ranked[:, :-1], axis=1) if n > 1 else None
        if distinct is not None and not distinct.all():
            for row in np.flatnonzero(~distinct).tolist():
                group = members[positions[row]]
                demands = {instance.items[i].org: instance.items[i].months for i in group}
                sharing = share_costs(params, [demands], budgets=budgets)[0]
                out[positions[row]] = (sharing.shares, sharing.in_core)
            keep = np.flatnonzero(distinct)
            positions = [positions[k] for k in keep.tolist()]
            index, orgs = index[keep], orgs[keep]
            if not positions:
                continue
        values = None if budget_of is None else budget_of[orgs]
        keyed, in_core = share_arrays(params, arrays.months[index], budgets=values)
        flat = iter(keyed.ravel().tolist())
        names = iter([org_ids[k] for k in orgs.ravel().tolist()])
        cores = iter(in_core.ravel().tolist())
        r0, r1, r2, r3, r4, r5 = rules
        for g in positions:
            shares = {}
            for _ in range(n):
                shares[next(names)] = {
                    r0: next(flat), r1: next(flat), r2: next(flat),
                    r3: next(flat), r4: next(flat), r5: next(flat),
                }  # fmt: skip
            core = {
                r0: next(cores), r1: next(cores), r2: next(cores),
                r3: next(cores), r4: next(cores), r5: next(cores),
            }  # fmt: skip
            out[g] = (shares, core)
    return out  # type: ignore[return-value]


def budget_array(instance: Instance, budgets: dict[str, float] | None) -> np.ndarray | None:
    """Each organisation's budget (NaN without one), by organisation index; None without
    budgets."""
    if budgets is None:
        return None
    return np.array([budgets.get(o, np.nan) for o in instance.organisation_ids], dtype=float)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic records: in a national
    run each collection would traverse millions of live objects and find nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def core_of(in_core_by_rule: dict[str, bool]) -> bool:
    return bool(in_core_by_rule.get("shapley", in_core_by_rule.get("proportional", False)))


def _round(value: float, digits: int = 2) -> float:
    return round(float(value), digits)


def group_records(
    instance: Instance,
    arrays: ItemArrays,
    params: CostParams,
    members: list[list[int]],
    with_shares: bool,
    budgets: dict[str, float] | None = None,
) -> list[Group]:
    """Group records of one category, priced at once in NumPy (cost, savings, reasons)."""
    if not members:
        return []
    sizes = np.array([len(m) for m in members], dtype=np.int64)
    flat = np.fromiter((i for m in members for i in m), dtype=np.int64, count=int(sizes.sum()))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    months = arrays.months[flat]
    sums = np.add.reduceat(months, starts, axis=0)
    peak = sums.max(axis=1)
    cost = cost_from_peak(params, peak, sizes)
    alone = params.standalone_rate * np.add.reduceat(months.sum(axis=1), starts)
    savings = alone - cost
    own_peaks = np.add.reduceat(months.max(axis=1), starts)
    chord = np.zeros(len(members))
    for size in np.unique(sizes).tolist():
        which = np.flatnonzero(sizes == size)
        a, b = np.triu_indices(size, 1)
        base = starts[which][:, None]
        xa, xb = arrays.xyz[flat[base + a]], arrays.xyz[flat[base + b]]
        chord[which] = np.linalg.norm(xa - xb, axis=2).max(axis=1)
    km = chord_to_km(chord)
    shares = share_groups(instance, params, members, budgets) if with_shares else None
    ids_of = instance.item_ids
    records = []
    capacity = float(params.unit_capacity)
    unit = unit_of(params.code)
    code = params.code
    # Every figure leaves NumPy once (tolist), then plain floats: the same values as
    # float(array[g]), without a NumPy scalar per field.
    rnd = round
    for g, (group, km_g, p_g, own, sav, alone_g, cost_g) in enumerate(
        zip(
            members,
            km.tolist(),
            peak.tolist(),
            own_peaks.tolist(),
            savings.tolist(),
            alone.tolist(),
            cost.tolist(),
            strict=True,
        )  # fmt: skip
    ):
        ids = sorted([ids_of[i] for i in group])
        reasons = [
            Reason("group.distance", {"count": len(group), "km": rnd(km_g, 1)}),
            Reason(
                "group.peak",
                {
                    "peak": rnd(p_g, 2),
                    "capacity": capacity,
                    "fraction": rnd(p_g / capacity, 4),
                    "unit": unit,
                },
            ),  # fmt: skip
        ]
        if own - p_g > EPSILON:
            reasons.append(
                Reason(
                    "group.complement",
                    {
                        "combined": rnd(p_g, 2),
                        "below": rnd(own - p_g, 2),
                        "individual": rnd(own, 2),
                        "unit": unit,
                    },
                )  # fmt: skip
            )
        reasons.append(Reason("group.savings", {"savings": rnd(sav, 2), "alone": rnd(alone_g, 2)}))
        share, in_core = shares[g] if shares is not None else ({}, {})
        records.append(
            Group(
                category=code,
                items=tuple(ids),
                cost=cost_g,
                savings=sav,
                shares=share,
                in_core=core_of(in_core),
                reasons=tuple(reasons),
                in_core_by_rule=in_core,
            )
        )
    return records


def assignment_records(
    instance: Instance, comp: Component, pairs: Sequence[tuple[int, int]]
) -> list[Assignment]:
    """Assignment records of a component's (local offer, local need) pairs, with reasons."""
    p = comp.params
    unit = unit_of(p.code)
    records = []
    for offer, need in pairs:
        o_item = instance.items[int(comp.offers[offer])]
        n_item = instance.items[int(comp.needs[need])]
        rate = o_item.rate or 0.0
        savings = offer_assignment_savings(p, rate, n_item.months)
        reasons = (
            Reason(
                "assignment.covers",
                {"rate": float(rate), "standalone_rate": float(p.standalone_rate), "unit": unit},
            ),
            Reason("assignment.savings", {"savings": _round(savings)}),
        )
        records.append(Assignment(o_item.id, n_item.id, savings, p.code, reasons))
    return records


def group_with_shares(g: Group, shares: dict, in_core: dict[str, bool]) -> Group:
    """The group with its shares: `dataclasses.replace` without its per-call field lookups."""
    return Group(
        g.category, g.items, g.cost, g.savings, shares, core_of(in_core), g.reasons, in_core
    )


PARALLEL_MIN_GROUPS = 2_000  # below this, the shares are not worth a second process


def add_shares(instance: Instance, result: Result, workers: int = 1) -> Result:
    """Fill each group's cost shares (the "shares" stage, separate for benchmarks).

    One `share_groups` call per category for all its groups (`category_shares`).
    """
    position_of = instance.item_index.__getitem__
    category_of = {c.code: k for k, c in enumerate(instance.categories)}
    positions: dict[int, list[int]] = {}
    for k, g in enumerate(result.groups):
        positions.setdefault(category_of[g.category], []).append(k)
    groups = list(result.groups)
    members = {
        c: [list(map(position_of, groups[k].items)) for k in found]
        for c, found in positions.items()
    }
    shared = category_shares(instance, members, workers)
    for c, found in positions.items():
        for k, (shares, in_core) in zip(found, shared[c], strict=True):
            groups[k] = group_with_shares(groups[k], shares, in_core)
    return replace(result, groups=tuple(groups))


def category_shares(
    instance: Instance, members: dict[int, list[list[int]]], workers: int = 1
) -> dict[int, list[tuple[dict[str, dict[str, float]], dict[str, bool]]]]:
    """`share_groups` of each category's groups (item indices), by category index.

    With `workers` > 1 and at least PARALLEL_MIN_GROUPS groups, the categories are shared
    among that many processes (`parallel.run_shared`, largest first): a group's shares
    depend on its category's figures and its own items only, and a child's dicts come back
    pickled, about four times cheaper than building them (measured at 10,000 organisations:
    0.58 s to build, 0.14 s to pickle and unpickle).
    """
    budgets = org_budgets(instance)
    budget_of = budget_array(instance, budgets)  # once for every category
    categories = sorted(members)

    def run(c: int) -> list[tuple[dict[str, dict[str, float]], dict[str, bool]]]:
        params = instance.categories[c].params
        return share_groups(instance, params, members[c], budgets, budget_of)

    with collector_paused():  # many small dicts, here and as a child's are unpickled
        if workers > 1 and sum(len(m) for m in members.values()) >= PARALLEL_MIN_GROUPS:
            from mutualiser.engine.grouping.parallel import run_shared

            largest_first = sorted(categories, key=lambda c: (-len(members[c]), c))
            found = run_shared(run, largest_first, workers)
        else:
            found = {c: run(c) for c in categories}
    return {c: found[c] for c in categories}


class Records:
    """The records of a run's plans, built component by component as each plan arrives
    (in any order: a forked child's plans come while this process still solves), then put
    in the components' order. The same records as in one batch: a group's figures depend on
    its own items only, and the shares, priced per category (`share_groups`), are computed
    at the end on the groups in the batch's order (components' order, then each plan's)."""

    def __init__(
        self, instance: Instance, arrays: ItemArrays, with_shares: bool, workers: int = 1
    ) -> None:
        self.instance, self.arrays, self.with_shares = instance, arrays, with_shares
        self.workers = workers  # processes for the shares (`category_shares`)
        # k -> (category, group item indices, group records, assignment records, stats)
        self.parts: dict[int, tuple[int, list[list[int]], list[Group], list[Assignment],
                                    ComponentStats]] = {}  # fmt: skip

    def add(self, k: int, comp: Component | Members, solution: Solution) -> None:
        instance = self.instance
        needs = comp.needs.tolist()
        members = [[needs[m] for m in group] for group in solution.groups]
        assignments = assignment_records(instance, comp, solution.assignments)
        found = sum(r.savings for r in assignments)
        with collector_paused():
            groups = group_records(instance, self.arrays, comp.params, members, False)
        extra = 0.0  # the groups' savings summed in order, as `np.add.at` did per component
        for g in groups:
            extra += g.savings
        stats = ComponentStats(
            category=comp.params.code,
            size=comp.size,
            method=solution.method,
            optimal=solution.optimal,
            gap=solution.gap,
            savings=found + extra,
            bound=solution.bound,
            stopped=solution.stopped,
        )
        self.parts[k] = (comp.category, members, groups, assignments, stats)

    def result(self) -> Result:
        from mutualiser.engine.grouping.solve import build_result

        parts = [self.parts[k] for k in sorted(self.parts)]
        groups: list[Group] = []
        assignments: list[Assignment] = []
        for _, _, found, served, _ in parts:
            groups.extend(found)
            assignments.extend(served)
        if self.with_shares:
            groups = self.shared(parts)
        return build_result(groups, assignments, [part[4] for part in parts])

    def shared(self, parts: list) -> list[Group]:  # noqa: ANN001
        """Every group with its shares, category by category (`category_shares`)."""
        members: dict[int, list[list[int]]] = {}
        found: dict[int, list[Group]] = {}
        for category, group_items, groups, _, _ in parts:
            members.setdefault(category, []).extend(group_items)
            found.setdefault(category, []).extend(groups)
        shared = category_shares(self.instance, members, self.workers)
        return [
            group_with_shares(g, shares, in_core)
            for category in sorted(found)
            for g, (shares, in_core) in zip(found[category], shared[category], strict=True)
        ]
