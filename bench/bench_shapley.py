"""Timing of cost sharing: exact Shapley + core check for 10 and 15 partners, sampled for 18;
then a result's worth of small groups, `share_costs` at once against `share_cost` in a loop.

Run: .venv/bin/python bench/bench_shapley.py   (targets: < 100 ms at 15 partners; < 0.5 s for
20,000 groups of 2 to 6 partners, 70 % pairs and triples)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mutualiser.engine.costmodel import CostParams  # noqa: E402
from mutualiser.engine.costsharing import (  # noqa: E402
    RULES,
    coalition_table,
    shapley_from_table,
    share_cost,
    share_costs,
)

# A large shared resource so that most coalitions are feasible: the worst case for the game.
PARAMS = CostParams(
    code="bench",
    standalone_rate=65.0,
    unit_capacity=2000.0,
    unit_cost=60000.0,
    min_fraction=0.2,
    member_overhead=150.0,
    max_group_size=30,
)


def demands(n: int, seed: int = 0) -> dict[str, list[float]]:
    rng = np.random.default_rng(seed)
    base = rng.uniform(5, 60, size=(n, 1))
    season = rng.uniform(0.2, 1.8, size=(n, 12))
    return {f"o{i}": list(row) for i, row in enumerate(base * season)}


# A result's groups: a shared accountant, partners of 2 to 6, 70 % pairs and triples.
GROUP_PARAMS = CostParams(
    code="accounting",
    standalone_rate=65.0,
    unit_capacity=140.0,
    unit_cost=7000.0,
    min_fraction=0.25,
    member_overhead=100.0,
    max_group_size=6,
)
GROUP_SIZES, SIZE_WEIGHTS = (2, 3, 4, 5, 6), (0.4, 0.3, 0.15, 0.1, 0.05)


def result_groups(count: int, seed: int = 0) -> list[dict[str, list[float]]]:
    rng = np.random.default_rng(seed)
    groups = []
    for g, n in enumerate(rng.choice(GROUP_SIZES, p=SIZE_WEIGHTS, size=count)):
        base = rng.uniform(2, 40, size=(n, 1))
        season = rng.uniform(0.2, 1.8, size=(n, 12))
        groups.append({f"g{g}o{i}": row.tolist() for i, row in enumerate(base * season)})
    return groups


def best_of(function, repeat: int = 7, clock=time.perf_counter) -> tuple[float, float]:
    """Best and median time in ms; each result is freed after its clock stops, as a caller
    keeps what it computes (freeing 20,000 CostSharing objects takes tens of ms)."""
    times = []
    for _ in range(repeat):
        start = clock()
        result = function()
        times.append(clock() - start)
        del result
    return min(times) * 1000, statistics.median(times) * 1000


def largest_gap(batch, loop) -> float:
    """Largest difference between the two, relative to each group's cost (0 when identical)."""
    gap = 0.0
    for mine, theirs in zip(batch, loop, strict=True):
        if (mine.in_core, mine.notes, mine.feasible) != (
            theirs.in_core,
            theirs.notes,
            theirs.feasible,
        ):
            return float("inf")
        for org, shares in theirs.shares.items():
            for rule in RULES:
                gap = max(gap, abs(mine.shares[org][rule] - shares[rule]) / max(1.0, theirs.cost))
    return gap


def bench_many_groups(count: int = 20_000) -> None:
    groups = result_groups(count)
    sizes = np.bincount([len(group) for group in groups])[2:].tolist()
    print(f"{count} groups of {GROUP_SIZES[0]}..{GROUP_SIZES[-1]} partners (counts {sizes}):")
    start, cpu = time.perf_counter(), time.process_time()
    loop = [share_cost(GROUP_PARAMS, group) for group in groups]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  share_cost in a loop: wall {wall * 1000:7.0f} ms  cpu {cpu * 1000:7.0f} ms")
    for name, clock in (("wall", time.perf_counter), ("cpu", time.process_time)):
        best, median = best_of(lambda: share_costs(GROUP_PARAMS, groups), 5, clock)
        print(f"  share_costs at once:  {name:4s} best {best:5.0f} ms  median {median:5.0f} ms")
    gap = largest_gap(share_costs(GROUP_PARAMS, groups), loop)
    print(f"  largest difference to the loop: {gap:.1e} of the group's cost")


def main() -> None:
    print(f"numpy {np.__version__}; times in ms, best / median of 7 runs")
    for n in (10, 15, 18):
        group = demands(n)
        matrix = np.array(list(group.values()))

        def shapley_only(matrix: np.ndarray = matrix) -> None:
            shapley_from_table(coalition_table(PARAMS, matrix))

        def full(group: dict[str, list[float]] = group) -> None:
            share_cost(PARAMS, group)

        result = share_cost(PARAMS, group)
        mode = "exact" if result.shapley_exact else "sampled"
        best, median = best_of(full)
        line = (
            f"n={n:2d}  share_cost (6 keys + core check, Shapley {mode}): "
            f"best {best:7.1f}  median {median:7.1f}"
        )
        if n <= 16:
            s_best, s_median = best_of(shapley_only)
            line += f"  | exact Shapley alone: best {s_best:6.1f}  median {s_median:6.1f}"
        else:
            line += f"  | Shapley standard error <= {result.shapley_error:.2f} $"
        print(line)
    bench_many_groups()


if __name__ == "__main__":
    main()
