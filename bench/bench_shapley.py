"""Timing of cost sharing: exact Shapley + core check for 10 and 15 partners, sampled for 18.

Run: .venv/bin/python bench/bench_shapley.py   (prints one line per size; target < 100 ms at 15)
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
    coalition_table,
    shapley_from_table,
    share_cost,
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


def best_of(function, repeat: int = 7) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


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


if __name__ == "__main__":
    main()
