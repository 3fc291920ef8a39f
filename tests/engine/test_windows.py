"""Windows re-solved exactly (grouping/windows.py) and the thorough effort that uses them:
a plan never gets worse, stays feasible and below the optimum, reaches the optimum when a
window holds the whole component, leaves offers alone and is the same twice."""

import pytest

from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import solve, strategy
from mutualiser.engine.grouping.colgen import generate_columns, group_savings
from mutualiser.engine.grouping.components import Solution
from mutualiser.engine.grouping.heuristic import solve_heuristic
from mutualiser.engine.grouping.solve import EFFORTS, limits_for
from mutualiser.engine.grouping.strategy import Limits, solve_component
from mutualiser.engine.grouping.windows import improve_by_windows
from mutualiser.engine.instance import instance_from_dict
from tests.engine.test_colgen import check_plan, components, optimum, tolerance


def value(comp, groups, assignments) -> float:
    offers = {
        (int(o), int(n)): float(s)
        for o, n, s in zip(comp.offer_o, comp.offer_n, comp.offer_sav, strict=True)
    }
    return float(group_savings(comp, groups).sum()) + sum(offers[a] for a in assignments)


def windowed(comp, window: int):
    """The greedy plan (no local search), then windows over the generated columns."""
    greedy = solve_heuristic(comp, max_passes=0)
    columns = generate_columns(comp, greedy.groups, greedy.assignments).model.columns.groups
    groups, assignments = improve_by_windows(
        comp, columns, greedy.groups, greedy.assignments, window=window
    )
    return greedy, groups, assignments


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_windows_never_lose_and_keep_the_plan_feasible_and_below_the_optimum(seed):
    checked = gained = 0
    for comp in components(40, seed):
        best = optimum(comp)
        if best is None or len(comp.needs) < 4:
            continue
        greedy, groups, assignments = windowed(comp, 6)
        found = value(comp, groups, assignments)
        assert found >= greedy.savings - tolerance(greedy.savings)
        assert found <= best + tolerance(best)
        assert assignments == greedy.assignments  # needs served by offers keep their offer
        check_plan(comp, Solution(groups, assignments, found, "heuristic", False))
        gained += found > greedy.savings + tolerance(greedy.savings)
        checked += 1
    assert checked >= 3
    assert gained >= 1


def test_a_window_that_holds_the_component_solves_the_generated_packing_exactly():
    # Every need in one window: the packing of the generated columns, solved to the end.
    reached = 0
    for comp in components(40, 2):
        best = optimum(comp)
        if best is None or len(comp.offers) or len(comp.needs) < 4:
            continue
        greedy, groups, assignments = windowed(comp, len(comp.needs))
        found = value(comp, groups, assignments)
        assert found <= best + tolerance(best)
        reached += found >= best - tolerance(best)
    assert reached >= 1


def test_windows_give_the_same_plan_twice():
    comp = max(components(60, 7), key=lambda c: c.size)
    assert windowed(comp, 8) == windowed(comp, 8)


def test_the_thorough_effort_bounds_tighter_and_plans_better_than_the_fast_one():
    # exact_limit 5 sends every component to the large path, as a national run's large ones.
    instance = instance_from_dict(generate_instance(40, 3, cities=["Montréal"]))
    fast = solve(instance, exact_limit=5, with_shares=False)
    thorough = solve(instance, exact_limit=5, with_shares=False, effort="thorough")
    fast_bound = sum(c.bound for c in fast.components)
    thorough_bound = sum(c.bound for c in thorough.components)
    assert thorough_bound < fast_bound - 1.0
    assert thorough.total_savings > fast.total_savings + 1.0
    assert thorough.total_savings <= thorough_bound + tolerance(thorough_bound)
    exact = solve(instance, with_shares=False)  # the default limits prove these optimal
    assert all(c.optimal for c in exact.components)
    assert thorough_bound >= exact.total_savings - tolerance(exact.total_savings)
    assert thorough.total_savings <= exact.total_savings + tolerance(exact.total_savings)


def test_thorough_large_components_get_column_generation_and_windows(monkeypatch):
    limits = limits_for(10_000, None, 60_000, "thorough")
    assert limits.windows > 0 and limits.large_degenerate and limits.large_items >= 10**9
    windows = []

    def counted(*args, **options):
        windows.append(options["window"])
        return improve_by_windows(*args, **options)

    monkeypatch.setattr(strategy, "improve_by_windows", counted)
    small = Limits(**{**limits.__dict__, "exact_limit": 5})
    for comp in components(40, 1):
        solution = solve_component(comp, small, float("inf"))
        check_plan(comp, solution)
        assert solution.bound >= solution.savings
    assert windows and set(windows) <= {limits.windows, limits.windows // 2}


def test_an_unknown_effort_is_refused_with_the_choices():
    assert EFFORTS == ("fast", "thorough")
    with pytest.raises(ValueError, match="fast"):
        limits_for(100, None, 60_000, "quick")
