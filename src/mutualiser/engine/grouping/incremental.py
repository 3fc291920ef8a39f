"""Re-solve only what an edit touches: `IncrementalSolver`.

Candidates never cross categories (matching.py) and components never cross candidates, so
an item added, changed or removed touches one category. `update(instance)` finds the
categories whose items differ from the last instance's, recomputes their candidates alone
(on a sub-instance holding that category's items, every organisation and exclusion), and
solves again only the components that are new: a component whose items, calendars, pairs
and costs are the same as before keeps its plan (a cache keyed by all of them). The other
categories keep their records as they were.

The result is the one `solve` would give on the whole instance: candidates of a category
depend on that category's items only, `solve_component` on its component only, and both
count their work instead of timing it. A change to the organisations, the exclusions or
the categories re-solves every category (still through the cache).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from mutualiser.engine.grouping.budget import DEFAULT_COLUMN_LIMIT
from mutualiser.engine.grouping.components import Component, Solution, build_components
from mutualiser.engine.grouping.solve import assemble, build_result, limits_for
from mutualiser.engine.grouping.strategy import solve_component
from mutualiser.engine.instance import Instance, Item, Result
from mutualiser.engine.matching import find_candidates


def component_key(comp: Component, instance: Instance) -> bytes:
    """A digest of everything `solve_component` reads: same key, same plan."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(repr(comp.params).encode())
    items = instance.items
    digest.update("\x1f".join(items[int(i)].id for i in comp.needs).encode())
    digest.update(b"\x1e")
    digest.update("\x1f".join(items[int(i)].id for i in comp.offers).encode())
    for array in (
        comp.months, comp.alone, comp.pool_a, comp.pool_b,
        comp.offer_o, comp.offer_n, comp.offer_sav, comp.capacity,
    ):  # fmt: skip
        digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(b"|")
    return digest.digest()


@dataclass
class CategoryPart:
    items: tuple[Item, ...]
    result: Result  # groups, assignments and component stats of this category alone
    keys: tuple[bytes, ...]  # its components' cache keys


class IncrementalSolver:
    """Keeps the last result per category and a cache of component plans."""

    def __init__(
        self,
        instance: Instance,
        *,
        exact_limit: int | None = None,
        column_limit: int = DEFAULT_COLUMN_LIMIT,
        with_shares: bool = True,
        effort: str = "fast",
    ) -> None:
        # The limits of the first instance stay (an edit never changes how much work a
        # component gets): `solve` gives the same result with the same limits.
        self.limits = limits_for(len(instance.items), exact_limit, column_limit, effort)
        self.with_shares = with_shares
        self.cache: dict[bytes, Solution] = {}
        self.parts: dict[str, CategoryPart] = {}
        self.instance: Instance | None = None
        self.solved_components = 0  # components solved by the last call (not from the cache)
        self.result = self.update(instance)

    def update(self, instance: Instance) -> Result:
        """The result for `instance`, solving again only the components that changed."""
        by_category = items_by_category(instance)
        same_frame = self.instance is not None and (
            self.instance.categories == instance.categories
            and self.instance.organisations == instance.organisations
            and self.instance.exclusions == instance.exclusions
        )
        parts: dict[str, CategoryPart] = {}
        self.solved_components = 0
        for category in instance.categories:
            code = category.code
            items = by_category.get(code, ())
            old = self.parts.get(code)
            if same_frame and old is not None and old.items == items:
                parts[code] = old
            else:
                parts[code] = self.solve_category(instance, items)
        # Plans of components no category uses any more leave the cache.
        used = {key for part in parts.values() for key in part.keys}
        self.cache = {key: plan for key, plan in self.cache.items() if key in used}
        self.parts, self.instance = parts, instance
        groups = [g for p in parts.values() for g in p.result.groups]
        assignments = [a for p in parts.values() for a in p.result.assignments]
        stats = [s for p in parts.values() for s in p.result.components]
        self.result = build_result(groups, assignments, stats)
        return self.result

    def solve_category(self, instance: Instance, items: tuple[Item, ...]) -> CategoryPart:
        sub = Instance(
            categories=instance.categories,
            organisations=instance.organisations,
            items=items,
            exclusions=instance.exclusions,
        )
        candidates = find_candidates(sub)
        components = build_components(candidates)
        solutions = []
        keys = []
        for comp in components:
            key = component_key(comp, sub)
            keys.append(key)
            solution = self.cache.get(key)
            if solution is None:
                solution = solve_component(comp, self.limits, float("inf"))
                self.cache[key] = solution
                self.solved_components += 1
            solutions.append(solution)
        result = assemble(sub, candidates.arrays, components, solutions, self.with_shares)
        return CategoryPart(items, result, tuple(keys))


def items_by_category(instance: Instance) -> dict[str, tuple[Item, ...]]:
    found: dict[str, list[Item]] = {}
    for item in instance.items:
        found.setdefault(item.category, []).append(item)
    return {code: tuple(items) for code, items in found.items()}
