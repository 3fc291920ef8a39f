"""The heuristic of one component: greedy growth, offers, then local search.

Greedy: needs by decreasing standalone cost seed a group, which grows by the free
neighbour (adjacent to every member) of largest marginal savings while that is positive.
Offers then take the needs they serve better. Local search moves, swaps, merges and splits
within a work limit counted in passes and moves (never in seconds).
"""

from __future__ import annotations

import itertools
import time

import numpy as np

from mutualiser.engine.costmodel import MONTHS, cost_from_peak
from mutualiser.engine.grouping.components import EPSILON, Component, Solution

# --- heuristic: greedy growth, offers, local search -------------------------------------------

FREE, SERVED = -1, -2
SMALL_POOL = 8  # candidates of `grow` below which plain Python steps beat NumPy's overhead
SPLIT_EXHAUSTIVE = 12  # groups up to this size try every bipartition in local search
_SPLIT_MASKS: dict[int, np.ndarray] = {}


def split_masks(n: int) -> np.ndarray:
    """0/1 rows (float) of the bipartitions tried for a group of n: member 0 on side A.

    Both sides have at least 2 members; all of them up to SPLIT_EXHAUSTIVE members,
    otherwise those whose side A or side B has 2 or 3 members.
    """
    if n not in _SPLIT_MASKS:
        if n <= SPLIT_EXHAUSTIVE:
            codes = np.arange(1 << (n - 1), dtype=np.int64)
            rows = np.zeros((len(codes), n))
            rows[:, 0] = 1.0
            rows[:, 1:] = (codes[:, None] >> np.arange(n - 1)) & 1
        else:
            chosen = []
            for r in (1, 2, n - 4, n - 3):
                chosen.extend(itertools.combinations(range(1, n), r))
            rows = np.zeros((len(chosen), n))
            rows[:, 0] = 1.0
            for k, c in enumerate(chosen):
                rows[k, list(c)] = 1.0
        size = rows.sum(axis=1)
        _SPLIT_MASKS[n] = rows[(size >= 2) & (size <= n - 2)]
    return _SPLIT_MASKS[n]


class Neighbours:
    """Each need's neighbours as a set, built on first use (local search reaches few)."""

    def __init__(self, adj: np.ndarray, ptr: np.ndarray) -> None:
        self.adj, self.ptr = adj, ptr
        self.sets: list[set[int] | None] = [None] * (len(ptr) - 1)

    def __getitem__(self, need: int) -> set[int]:
        found = self.sets[need]
        if found is None:
            found = self.sets[need] = set(self.adj[self.ptr[need] : self.ptr[need + 1]].tolist())
        return found


class Search:
    """Mutable state of the heuristic on one component (local need indices)."""

    def __init__(self, comp: Component) -> None:
        self.comp = comp
        self.p = comp.params
        n = len(comp.needs)
        self.n = n
        self.months = comp.months
        self.alone = comp.alone
        # Adjacency as CSR (rows sorted) for NumPy, and as sets for membership tests.
        rows = np.concatenate((comp.pool_a, comp.pool_b))
        cols = np.concatenate((comp.pool_b, comp.pool_a))
        order = np.argsort(rows * max(1, n) + cols, kind="stable")
        self.adj_ptr = np.searchsorted(rows[order], np.arange(n + 1))
        self.adj = cols[order]
        self.neighbours = Neighbours(self.adj, self.adj_ptr)
        self.mark = np.zeros(n, dtype=bool)
        self.free = np.ones(n, dtype=bool)
        # A seed whose best pair saves nothing never starts a group (the first step of
        # `grow` only depends on the seed and the partner): it is `hopeless`.
        p = comp.params
        # The first step of `grow` for every (seed, neighbour) in CSR order, computed as
        # `grow` would: the pair's peak and the neighbour's marginal savings.
        seeds = rows[order]
        peaks = (comp.months[comp.pool_a] + comp.months[comp.pool_b]).max(axis=1)
        self.pair_peak = np.concatenate((peaks, peaks))[order]  # a + b == b + a exactly
        own_cost = cost_from_peak(p, comp.months.max(axis=1), 1)
        self.first_gain = comp.alone[self.adj] - (
            cost_from_peak(p, self.pair_peak, 2) - own_cost[seeds]
        )
        best_gain = np.full(n, -np.inf)
        np.maximum.at(best_gain, seeds, self.first_gain)
        self.hopeless = (best_gain <= EPSILON).tolist()
        self.offers_of: list[list[tuple[float, int]]] = [[] for _ in range(n)]
        good = comp.offer_sav > EPSILON
        for o, nd, s in zip(
            comp.offer_o[good].tolist(),
            comp.offer_n[good].tolist(),
            comp.offer_sav[good].tolist(),
            strict=True,
        ):
            self.offers_of[nd].append((s, o))
        for options in self.offers_of:
            if len(options) > 1:
                options.sort(reverse=True)
        self.group_of = [FREE] * n
        self.groups: dict[int, list[int]] = {}
        self.sums: dict[int, np.ndarray] = {}
        self.value: dict[int, float] = {}
        self.next_id = 0
        self.served_by = [-1] * n
        self.served_value = [0.0] * n
        self.load = np.zeros((len(comp.offers), MONTHS))
        self.load_rows = self.load.tolist()
        self.month_rows = comp.months.tolist()
        self.alone_rows = comp.alone.tolist()
        self.capacity_rows = (comp.capacity + 1e-9).tolist()
        # Offers that never served a need hold a load of exact zeros, and 0.0 + b == b: for
        # them `offer_fits` is the need's months against the capacity, tested here at once.
        self.loaded: set[int] = set()
        self.fits_empty = (
            (comp.months[comp.offer_n] <= (comp.capacity + 1e-9)[comp.offer_o]).all(axis=1).tolist()
            if len(comp.offer_n)
            else []
        )

    # -- pricing
    def savings_of(self, members: list[int], sums: np.ndarray) -> float:
        if len(members) < 2:
            return 0.0
        alone = float(sum(self.alone[m] for m in members))
        return alone - float(cost_from_peak(self.p, float(sums.max()), len(members)))

    def fits(self, sums: np.ndarray) -> bool:
        return float(sums.max()) <= self.p.unit_capacity + 1e-9

    def compatible(self, need: int, members: list[int]) -> bool:
        near = self.neighbours[need]
        return all(m in near for m in members)

    def total(self) -> float:
        return sum(self.value.values()) + sum(self.served_value)

    # -- changes
    def add_group(self, members: list[int], sums: np.ndarray, value: float) -> None:
        gid = self.next_id
        self.next_id += 1
        self.groups[gid] = list(members)
        self.sums[gid] = sums
        self.value[gid] = value
        for m in members:
            self.group_of[m] = gid
            self.free[m] = False

    def drop_group(self, gid: int) -> None:
        for m in self.groups.pop(gid):
            self.group_of[m] = FREE
            self.free[m] = True
        del self.sums[gid], self.value[gid]

    def set_group(self, gid: int, members: list[int], sums: np.ndarray) -> None:
        """Replace a group's members; a group left with <2 members or no savings dissolves."""
        for m in self.groups[gid]:
            if self.group_of[m] == gid:  # a swap may already have moved it elsewhere
                self.group_of[m] = FREE
                self.free[m] = True
        value = self.savings_of(members, sums)
        if len(members) < 2 or value <= EPSILON:
            del self.groups[gid], self.sums[gid], self.value[gid]
            return
        self.groups[gid] = list(members)
        self.sums[gid] = sums
        self.value[gid] = value
        for m in members:
            self.group_of[m] = gid
            self.free[m] = False

    def serve(self, need: int, offer: int, value: float) -> None:
        self.group_of[need] = SERVED
        self.free[need] = False
        self.served_by[need] = offer
        self.served_value[need] = value
        self.loaded.add(offer)
        self.load[offer] += self.months[need]
        self.load_rows[offer] = self.load[offer].tolist()

    def unserve(self, need: int) -> None:
        offer = self.served_by[need]
        self.load[offer] -= self.months[need]
        self.load_rows[offer] = self.load[offer].tolist()
        self.group_of[need] = FREE
        self.free[need] = True
        self.served_by[need] = -1
        self.served_value[need] = 0.0

    # -- greedy
    def grow(self, seed: int) -> None:
        """Grow a group from `seed`, adding the free neighbour of largest marginal savings.

        Candidates are the free neighbours adjacent to every member, in NumPy; those over
        capacity leave the pool for good (adding members never lowers the peak). Ties go to
        the lowest index.
        """
        if self.hopeless[seed]:
            return
        p = self.p
        cap = p.unit_capacity + 1e-9
        months, alone, adj, ptr, mark = self.months, self.alone, self.adj, self.adj_ptr, self.mark
        # First step from the precomputed pair gains.
        start = ptr[seed]
        slots = np.flatnonzero(self.free[adj[start : ptr[seed + 1]]]) + start
        if not len(slots):
            return
        gains = self.first_gain[slots]
        best = int(gains.argmax())
        if not gains[best] > EPSILON:
            return
        slot = slots[best]
        chosen = int(adj[slot])
        members = [seed, chosen]
        total = 0 + alone[seed] + alone[chosen]  # in member order, as `savings_of` sums
        sums = months[seed] + months[chosen]
        cost = cost_from_peak(p, float(self.pair_peak[slot]), 2)
        pool = adj[slots]
        near = adj[ptr[chosen] : ptr[chosen + 1]]
        mark[near] = True
        pool = pool[mark[pool]]
        mark[near] = False
        while len(pool) > SMALL_POOL and len(members) < p.max_group_size:
            new_sums = sums + months[pool]
            peaks = new_sums.max(axis=1)
            fits = peaks <= cap
            if not fits.all():
                pool, new_sums, peaks = pool[fits], new_sums[fits], peaks[fits]
                if not len(pool):
                    break
            gains = alone[pool] - (cost_from_peak(p, peaks, len(members) + 1) - cost)
            best = int(gains.argmax())
            if not gains[best] > EPSILON:
                break
            chosen = int(pool[best])
            members.append(chosen)
            total += alone[chosen]
            sums = new_sums[best]
            cost = cost_from_peak(p, float(peaks[best]), len(members))
            near = adj[ptr[chosen] : ptr[chosen + 1]]
            mark[near] = True
            keep = mark[pool]
            mark[near] = False
            pool = pool[keep]
        if len(pool) and len(members) < p.max_group_size:
            total, sums, cost = self.grow_small(members, pool.tolist(), total, sums, cost)
        if len(members) < 2:
            return
        value = float(total) - float(cost)
        if value > EPSILON:
            self.add_group(members, sums.copy(), value)

    def grow_small(
        self, members: list[int], pool: list[int], total: float, sums: np.ndarray, cost: float
    ) -> tuple[float, np.ndarray, float]:
        """The steps of `grow` on a small pool in plain Python: the same float operations in
        the same order as the NumPy steps (IEEE doubles either way), ties to the first
        candidate of the pool as `argmax`. Appends to `members`; returns total, sums, cost."""
        p = self.p
        cap = p.unit_capacity + 1e-9
        floor, unit, cost_unit, overhead = (
            p.min_fraction,
            p.unit_capacity,
            p.unit_cost,
            (p.member_overhead),
        )
        rows, alone, neighbours = self.month_rows, self.alone_rows, self.neighbours
        current = sums.tolist()
        changed = False
        while pool and len(members) < p.max_group_size:
            size = len(members) + 1
            kept: list[int] = []
            best_gain = best = best_sums = best_peak = None
            for c in pool:
                new_sums = [a + b for a, b in zip(current, rows[c], strict=True)]
                peak = max(new_sums)
                if not peak <= cap:
                    continue
                kept.append(c)
                # cost_from_peak, inlined: MONTHS * (unit_cost * fraction + overhead * size)
                gain = alone[c] - (
                    MONTHS * (cost_unit * max(floor, peak / unit) + overhead * size) - cost
                )
                if best_gain is None or gain > best_gain:
                    best_gain, best, best_sums, best_peak = gain, c, new_sums, peak
            if best is None or not best_gain > EPSILON:
                break
            members.append(best)
            total += alone[best]
            current = best_sums
            changed = True
            cost = cost_from_peak(p, best_peak, len(members))
            near = neighbours[best]
            pool = [c for c in kept if c in near]
        return total, (np.array(current) if changed else sums), cost

    def greedy(self) -> None:
        for seed in np.argsort(-self.alone, kind="stable").tolist():
            if self.group_of[seed] == FREE and not self.hopeless[seed]:
                self.grow(seed)

    def offer_fits(self, offer: int, need: int) -> bool:
        """load + need <= capacity + 1e-9 in every month (Python floats: same IEEE sums)."""
        return all(
            a + b <= c
            for a, b, c in zip(
                self.load_rows[offer],
                self.month_rows[need],
                self.capacity_rows[offer],
                strict=True,
            )
        )

    # -- local search
    def leave_loss(self, need: int) -> float:
        """Savings lost if `need` leaves its group or offer (the rest of the group stays)."""
        state = self.group_of[need]
        if state == SERVED:
            return self.served_value[need]
        if state == FREE:
            return 0.0
        members = [m for m in self.groups[state] if m != need]
        rest = self.savings_of(members, self.sums[state] - self.months[need])
        return self.value[state] - max(0.0, rest)

    def leave(self, need: int) -> None:
        state = self.group_of[need]
        if state == SERVED:
            self.unserve(need)
        elif state >= 0:
            members = [m for m in self.groups[state] if m != need]
            self.set_group(state, members, self.sums[state] - self.months[need])

    def try_move(self, need: int) -> bool:
        """Move `need` to the best other group or offer, if that raises total savings."""
        loss = self.leave_loss(need)
        here = self.group_of[need]
        best_gain, best_target = EPSILON, None
        for value, offer in self.offers_of[need]:
            if value - loss <= best_gain:
                break
            if self.served_by[need] != offer and self.offer_fits(offer, need):
                best_gain, best_target = value - loss, ("offer", offer, value)
                break
        seen = set()
        for other in self.neighbours[need]:
            gid = self.group_of[other]
            if gid < 0 or gid == here or gid in seen:
                continue
            seen.add(gid)
            members = self.groups[gid]
            if len(members) >= self.p.max_group_size or not self.compatible(need, members):
                continue
            sums = self.sums[gid] + self.months[need]
            if not self.fits(sums):
                continue
            gain = self.savings_of([*members, need], sums) - self.value[gid] - loss
            if gain > best_gain:
                best_gain, best_target = gain, ("group", gid, sums)
        if best_target is None:
            return False
        self.leave(need)
        kind, target, extra = best_target
        if kind == "offer":
            self.serve(need, target, extra)
        else:
            self.set_group(target, [*self.groups[target], need], extra)
        return True

    def try_swap(self, need: int) -> bool:
        gid = self.group_of[need]
        if gid < 0:
            return False
        members = self.groups[gid]
        # The need's group changes only when a swap is made (and then we return): its other
        # members are built once. Compatibility is set inclusion (as `compatible`).
        ours = [m for m in members if m != need]
        ours_set = set(ours)
        near_need = self.neighbours[need]
        for other in near_need:
            hid = self.group_of[other]
            if hid < 0 or hid == gid:
                continue
            if not ours_set <= self.neighbours[other]:
                continue
            theirs = [m for m in self.groups[hid] if m != other]
            if not near_need.issuperset(theirs):
                continue
            ours_sums = self.sums[gid] - self.months[need] + self.months[other]
            theirs_sums = self.sums[hid] - self.months[other] + self.months[need]
            if not (self.fits(ours_sums) and self.fits(theirs_sums)):
                continue
            before = self.value[gid] + self.value[hid]
            after = self.savings_of([*ours, other], ours_sums) + self.savings_of(
                [*theirs, need], theirs_sums
            )
            if after > before + EPSILON:
                self.set_group(gid, [*ours, other], ours_sums)
                self.set_group(hid, [*theirs, need], theirs_sums)
                return True
        return False

    def try_merge(self, gid: int) -> bool:
        members = self.groups[gid]
        others = {self.group_of[o] for m in members for o in self.neighbours[m]}
        for hid in sorted(h for h in others if h >= 0 and h != gid):
            theirs = self.groups[hid]
            if len(members) + len(theirs) > self.p.max_group_size:
                continue
            if not all(self.compatible(t, members) for t in theirs):
                continue
            sums = self.sums[gid] + self.sums[hid]
            if not self.fits(sums):
                continue
            merged = [*members, *theirs]
            if self.savings_of(merged, sums) > self.value[gid] + self.value[hid] + EPSILON:
                self.drop_group(hid)
                self.set_group(gid, merged, sums)
                return True
        return False

    def try_split(self, gid: int) -> bool:
        """Split a group in two when the parts save more, all bipartitions priced at once.

        Groups of at most SPLIT_EXHAUSTIVE members try every bipartition; larger ones those
        where one side has two or three members (a cheap, bounded neighbourhood).
        """
        members = self.groups[gid]
        n = len(members)
        if n < 4:
            return False
        masks = split_masks(n)
        months = self.months[members]
        alone = self.alone[members]
        sums_a = masks @ months
        sums_b = self.sums[gid][None, :] - sums_a
        size_a = masks.sum(axis=1)
        alone_a = masks @ alone
        alone_b = float(alone.sum()) - alone_a
        p = self.p
        value_a = alone_a - cost_from_peak(p, sums_a.max(axis=1), size_a)
        value_b = alone_b - cost_from_peak(p, sums_b.max(axis=1), n - size_a)
        value = np.maximum(value_a, 0.0) + np.maximum(value_b, 0.0)
        k = int(np.argmax(value))
        if not value[k] > self.value[gid] + EPSILON:
            return False
        inside = masks[k] > 0
        part = [m for m, x in zip(members, inside.tolist(), strict=True) if x]
        other = [m for m, x in zip(members, inside.tolist(), strict=True) if not x]
        self.set_group(gid, part, sums_a[k].copy())
        self.add_group_if_good(other, sums_b[k].copy())
        return True

    def add_group_if_good(self, members: list[int], sums: np.ndarray) -> None:
        value = self.savings_of(members, sums)
        if len(members) >= 2 and value > EPSILON:
            self.add_group(members, sums, value)

    def local_search(self, deadline: float, max_passes: int = 6) -> None:
        for _ in range(max_passes):
            improved = False
            for need in range(self.n):
                if self.try_move(need) or self.try_swap(need):
                    improved = True
                if (need & 255) == 0 and time.perf_counter() > deadline:
                    return
            for gid in sorted(self.groups):
                if gid in self.groups and (self.try_merge(gid) or self.try_split(gid)):
                    improved = True
            for seed in np.argsort(-self.alone, kind="stable").tolist():
                if self.group_of[seed] == FREE and self.adj_ptr[seed + 1] > self.adj_ptr[seed]:
                    before = len(self.groups)
                    self.grow(seed)
                    improved |= len(self.groups) > before
            if not improved or time.perf_counter() > deadline:
                return

    def fill_offers(self) -> None:
        """Give offers the needs they serve better than the needs' current place."""
        comp = self.comp
        order = np.argsort(-comp.offer_sav, kind="stable")
        fits_empty = self.fits_empty
        for e, value, offer, need in zip(
            order.tolist(),
            comp.offer_sav[order].tolist(),
            comp.offer_o[order].tolist(),
            comp.offer_n[order].tolist(),
            strict=True,
        ):
            if value <= EPSILON:
                break
            if self.group_of[need] == SERVED:
                continue
            if not (fits_empty[e] if offer not in self.loaded else self.offer_fits(offer, need)):
                continue
            if value > self.leave_loss(need) + EPSILON:
                self.leave(need)
                self.serve(need, offer, value)

    def solution(self) -> tuple[list[tuple[int, ...]], list[tuple[int, int]]]:
        groups = [tuple(sorted(m)) for m in self.groups.values()]
        assignments = [(self.served_by[n], n) for n in range(self.n) if self.group_of[n] == SERVED]
        return groups, assignments


LOCAL_SEARCH_PASSES = 6  # the local search's work limit (passes over every need and group)
LARGE_NEEDS = 300  # beyond this many needs, one pass (a national category: 60 of 2,000 needs)


def passes_for(comp: Component) -> int:
    return LOCAL_SEARCH_PASSES if len(comp.needs) <= LARGE_NEEDS else 1


def solve_heuristic(
    comp: Component, deadline: float = float("inf"), max_passes: int | None = None
) -> Solution:
    """Greedy, offers, local search. `max_passes` is the work limit; `deadline` (seconds of
    perf_counter) is only the outer safety net of a run with a time limit."""
    search = Search(comp)
    search.greedy()
    search.fill_offers()
    search.local_search(deadline, passes_for(comp) if max_passes is None else max_passes)
    groups, assignments = search.solution()
    return Solution(groups, assignments, search.total(), "heuristic", False)


def polish(
    comp: Component,
    groups: list[tuple[int, ...]],
    assignments: list[tuple[int, int]],
    deadline: float = float("inf"),
    max_passes: int = LOCAL_SEARCH_PASSES,
) -> Solution:
    """Local search started from a given plan (the LP's rounding): groups, offers, moves."""
    search = Search(comp)
    offer_value = {
        (int(o), int(n)): float(v)
        for o, n, v in zip(comp.offer_o, comp.offer_n, comp.offer_sav, strict=True)
    }
    for members in groups:
        sums = comp.months[list(members)].sum(axis=0)
        search.add_group_if_good(list(members), sums)
    for offer, need in assignments:
        if search.group_of[need] == FREE and search.offer_fits(offer, need):
            search.serve(need, offer, offer_value[(offer, need)])
    search.fill_offers()
    search.local_search(deadline, max_passes)
    groups_out, assignments_out = search.solution()
    return Solution(groups_out, assignments_out, search.total(), "heuristic", False)
