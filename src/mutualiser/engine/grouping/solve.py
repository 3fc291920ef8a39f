"""`solve`: every component by `strategy.solve_component`; the records at the end."""

from __future__ import annotations

import time
from collections.abc import Sequence

from mutualiser.engine.grouping.budget import DEFAULT_COLUMN_LIMIT, DEFAULT_EXACT_LIMIT
from mutualiser.engine.grouping.colgen import ROUNDS
from mutualiser.engine.grouping.components import Component, Components, Solution
from mutualiser.engine.grouping.parallel import Progress, solve_all
from mutualiser.engine.grouping.records import Records
from mutualiser.engine.grouping.strategy import Limits
from mutualiser.engine.grouping.windows import WINDOW
from mutualiser.engine.instance import Assignment, ComponentStats, Group, Instance, Result
from mutualiser.engine.matching import Candidates, ItemArrays, find_candidates

REGIONAL_ITEMS = 5_000
LARGE_EXACT_LIMIT = 24
LARGE_PASSES = 0
# Price-and-branch on a national run's components beyond LARGE_EXACT_LIMIT items, up to
# this many items (0: none; 10**9: all), within these rounds. Measured on the national
# bench: the bounds fall to the LP's (gap 14 % -> about 2 %), for about 1.5-2 ms of CPU per
# item (250 s for the 284 large components); off by default to keep the run's seconds.
LARGE_COLGEN_ITEMS = 0
LARGE_COLGEN_ROUNDS = 8
LARGE_BEAM_ROUNDS = 4
# How much work a run does: "fast" (the default: a national run's large components keep the
# greedy plan and the share bound) or "thorough" (price-and-branch on every component,
# degenerate ones included, with the full column-generation rounds, and on pricing trees up
# to THOROUGH_COLGEN_WIDTH wide). Measured on the national bench: docs/performance.md.
EFFORTS = ("fast", "thorough")
# The widest pricing trees of the national bench's components are 33-35 (0.4-3 s of column
# generation each); the dense cities' 40-85 are those whose enumeration explodes.
THOROUGH_COLGEN_WIDTH = 40


def solve(
    instance: Instance,
    *,
    time_limit: float | None = None,
    exact_limit: int | None = None,
    column_limit: int = DEFAULT_COLUMN_LIMIT,
    bound_limit: int = 0,
    exact_budget: float | None = None,
    candidates: Candidates | None = None,
    with_shares: bool = True,
    progress: Progress | None = None,
    workers: int = 1,
    effort: str = "fast",
) -> Result:
    """Choose groups and offer assignments maximising total savings (DESIGN.md contract).

    Each component goes through `strategy.solve_component`: heuristic and share bound, then
    (up to `exact_limit` items and `column_limit` enumerated groups) the DP, or the LP
    bound, its rounding and if needed a node-limited MILP. Every component reports a bound
    and its gap. The plan depends on the instance and these counts only; `time_limit`
    (seconds) is an outer safety net: components reached after it keep their heuristic plan
    and share bound, marked `stopped`. `bound_limit` and `exact_budget` are accepted for
    older callers and ignored. Groups are sorted by category then item ids.

    `workers` > 1 solves the components in that many processes (`parallel.solve_all`,
    forked, Linux): each component's plan depends on the component only, so the result is
    the same as with one process. `effort` (EFFORTS) sets the work limits: `limits_for`.
    """
    del bound_limit, exact_budget
    if candidates is None:
        candidates = find_candidates(instance)
    components = Components(candidates)  # each built when solved, then dropped
    arrays = candidates.arrays
    del candidates  # the caller's, if it passed them; else freed with the components' own
    limits = limits_for(len(instance.items), exact_limit, column_limit, effort)
    deadline = float("inf") if time_limit is None else time.perf_counter() + time_limit
    records = Records(instance, arrays, with_shares, workers)
    solve_all(
        components, limits, deadline, workers=workers, progress=progress,
        on_solved=lambda k, solution: records.add(k, components.members(k), solution),
    )  # fmt: skip
    # The shares need the components' members only: the pairs go before they are built
    # (the records of the groups are built as each plan arrives, while a child solves).
    components.release()
    return records.result()


def limits_for(
    items: int, exact_limit: int | None, column_limit: int, effort: str = "fast"
) -> Limits:
    """The work limits of a run: counts fixed by the instance's size and the options only.

    Up to REGIONAL_ITEMS items (a city, a region's few hundred organisations) components of
    up to DEFAULT_EXACT_LIMIT items get the LP, the dive and restricted MILPs. Beyond, as in
    a national run, only components of up to LARGE_EXACT_LIMIT items get the LP and the dive,
    without MILPs, and local search makes LARGE_PASSES passes (measured: degenerate
    packings, such as equipment that costs a full unit
    whatever its use, take HiGHS seconds at the root node; thousands of them would add
    minutes). `exact_limit` overrides the size limit.

    A "thorough" run gives every component beyond the exact limit price-and-branch with
    the full rounds (`Limits.large_*`), degenerate ones included, and wider pricing trees.
    """
    if effort not in EFFORTS:
        raise ValueError(f"effort must be one of {EFFORTS}, not {effort!r}")
    large = items > REGIONAL_ITEMS
    if exact_limit is None:
        exact_limit = LARGE_EXACT_LIMIT if large else DEFAULT_EXACT_LIMIT
    if effort == "thorough":
        return Limits(
            exact_limit, column_limit, milp=not large, passes=LARGE_PASSES if large else None,
            large_items=10**9, large_rounds=ROUNDS, large_beam_rounds=ROUNDS,
            large_degenerate=True, colgen_width=THOROUGH_COLGEN_WIDTH, windows=WINDOW,
        )  # fmt: skip
    if not large:
        return Limits(exact_limit, column_limit)
    return Limits(
        exact_limit, column_limit, milp=False, passes=LARGE_PASSES,
        large_items=LARGE_COLGEN_ITEMS, large_rounds=LARGE_COLGEN_ROUNDS,
        large_beam_rounds=LARGE_BEAM_ROUNDS,
    )  # fmt: skip


def assemble(
    instance: Instance,
    arrays: ItemArrays,
    components: Sequence[Component] | Components,
    solutions: list[Solution],
    with_shares: bool,
) -> Result:
    """Records of the components' plans: assignments per component, groups per category."""
    records = Records(instance, arrays, with_shares)
    for k, solution in enumerate(solutions):
        comp = components.members(k) if isinstance(components, Components) else components[k]
        records.add(k, comp, solution)
    return records.result()


def build_result(
    groups: list[Group], assignments: list[Assignment], stats: list[ComponentStats]
) -> Result:
    groups = sorted(groups, key=lambda g: (g.category, g.items))
    assignments = sorted(assignments, key=lambda a: (a.category, a.offer, a.need))
    stats = sorted(stats, key=lambda s: (s.category, -s.size, -s.savings))
    total = sum(g.savings for g in groups) + sum(a.savings for a in assignments)
    return Result(tuple(groups), tuple(assignments), total, tuple(stats))
