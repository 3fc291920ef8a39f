"""How much work each component gets: local search on a schedule, exact-solving budgets."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

DEFAULT_EXACT_LIMIT = 250  # items (needs + offers) of a component tried by LP and MILP, at most
DEFAULT_EXACT_BUDGET = 10.0  # seconds of exact solving per run, all components together
MILP_SECONDS = 5.0  # a MILP not proven optimal by then keeps its gap; the better plan wins
WORKSHOP_ITEMS = 1_000  # up to this many items, exact solving gets more time:
WORKSHOP_MILP_SECONDS = 10.0  # per component
WORKSHOP_EXACT_BUDGET = 20.0  # per run
DEFAULT_COLUMN_LIMIT = 60_000  # groups visited while enumerating one component, at most
EXACT_FLOOR_SECONDS = 0.02  # MILP time of a small component in a run with a time limit
SECONDS_PER_NEED = 2e-5  # default local-search budget when no time limit is given


@dataclass
class Budget:
    time_limit: float | None
    total_items: int
    started: float = field(default_factory=time.perf_counter)

    def deadline_for(self, done: int, size: int, n_needs: int) -> float:
        """Local-search deadline of a component, on a schedule by size: the components
        before it and this one (`done + size` items) get `time_limit` in proportion, so that
        time one overspends (a long greedy) is taken from the next ones, not added."""
        now = time.perf_counter()
        if self.time_limit is None:
            return now + max(0.005, SECONDS_PER_NEED * n_needs)
        return self.started + self.time_limit * (done + size) / max(1, self.total_items)

    def behind(self, items: int) -> bool:
        """Whether the run is late for the component ending `items` items into it."""
        if self.time_limit is None:
            return False
        due = self.started + self.time_limit * items / max(1, self.total_items)
        return time.perf_counter() > due

    def exact_seconds(self, size: int) -> float:
        """MILP time of a component under a time limit: a few times its share, at least
        EXACT_FLOOR_SECONDS, never beyond what remains; unlimited (inf) without a limit."""
        if self.time_limit is None:
            return float("inf")
        share = self.time_limit * size / max(1, self.total_items)
        return min(max(EXACT_FLOOR_SECONDS, 4 * share), self.remaining() or 0.0)

    def remaining(self) -> float | None:
        if self.time_limit is None:
            return None
        return self.started + self.time_limit - time.perf_counter()

    def has_time(self) -> bool:
        remaining = self.remaining()
        return remaining is None or remaining > 0
