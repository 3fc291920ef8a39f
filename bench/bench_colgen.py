"""Column generation on the large components of the national bench (issue 9, bounds/gap).

    .venv/bin/python bench/bench_colgen.py [--orgs 10000] [--seed 1] [--largest 0]

Builds the components of `generate_instance(orgs, seed)` (the bench_engine instance), then,
for every component beyond 24 items (those a national run leaves to the greedy plan and the
share bound), compares the national default (greedy, no local search, share bound) with
price-and-branch (`strategy.price_and_branch`: column generation, its bound, the LP's
rounding polished, a MILP over the generated columns). Prints the totals (savings, sum of the
bounds, gap) and the CPU seconds of each, then the largest components one by one.
`--largest N` keeps the N largest components only (a quicker look); `--rounds R
--beam-rounds B` cap the column generation as a national run does (`solve.LARGE_COLGEN_*`);
`--skip-degenerate` leaves the categories of min_fraction 1 to the greedy, as that run does.
CPU seconds are `time.process_time`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mutualiser.engine.generator import generate_instance  # noqa: E402
from mutualiser.engine.grouping.bounds import share_bound  # noqa: E402
from mutualiser.engine.grouping.colgen import ROUNDS  # noqa: E402
from mutualiser.engine.grouping.components import build_components  # noqa: E402
from mutualiser.engine.grouping.heuristic import solve_heuristic  # noqa: E402
from mutualiser.engine.grouping.strategy import (  # noqa: E402
    Limits,
    degenerate,
    price_and_branch,
)
from mutualiser.engine.instance import instance_from_dict  # noqa: E402
from mutualiser.engine.matching import find_candidates  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--largest", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--beam-rounds", type=int, default=ROUNDS)
    parser.add_argument("--skip-degenerate", action="store_true")
    args = parser.parse_args(argv)
    instance = instance_from_dict(generate_instance(args.orgs, args.seed))
    components = [c for c in build_components(find_candidates(instance)) if c.size > 24]
    components.sort(key=lambda c: (-c.size, c.category))
    if args.largest:
        components = components[: args.largest]
    if args.skip_degenerate:
        components = [c for c in components if not degenerate(c)]
    # Every component here is "large" (beyond 24 items): price-and-branch within the rounds.
    limits = Limits(
        exact_limit=24, column_limit=0, large_items=10**9, large_rounds=args.rounds,
        large_beam_rounds=args.beam_rounds,
    )  # fmt: skip
    rows = []
    for comp in components:
        t = time.process_time()
        greedy = solve_heuristic(comp, max_passes=0)
        share = max(share_bound(comp), greedy.savings)
        greedy_s = time.process_time() - t
        t = time.process_time()
        found = price_and_branch(comp, greedy, share, limits, float("inf"), 1)
        rows.append((comp, greedy.savings, share, greedy_s, found, time.process_time() - t))
    savings = sum(r[1] for r in rows)
    bounds = sum(r[2] for r in rows)
    new_savings = sum(r[4].savings for r in rows)
    new_bounds = sum(r[4].bound for r in rows)
    print(f"## {len(rows)} components of more than 24 items, {args.orgs} organisations")
    print("| | savings $ / year | sum of the bounds | gap | CPU s |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| greedy + share bound (national default) | {savings:,.0f} | {bounds:,.0f} "
        f"| {100 * (1 - savings / bounds):.2f} % | {sum(r[3] for r in rows):.2f} |"
    )
    print(
        f"| price-and-branch | {new_savings:,.0f} | {new_bounds:,.0f} "
        f"| {100 * (1 - new_savings / new_bounds):.2f} % | {sum(r[5] for r in rows):.2f} |"
    )
    print("\n| category | items | greedy | share bound | plan | CG bound | gap | CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for comp, greedy, share, _, found, seconds in rows[:12]:
        print(
            f"| {comp.params.code} | {comp.size} | {greedy:,.0f} | {share:,.0f} "
            f"| {found.savings:,.0f} | {found.bound:,.0f} | {100 * (found.gap or 0):.2f} % "
            f"| {seconds:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
