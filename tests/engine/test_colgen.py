"""Column generation (grouping/colgen.py): its bound is never below the exact optimum, at
any round and under any work limit; it converges to the LP over every column; the plans of
price-and-branch stay below it; the same component gives the same answer twice."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualiser.engine.costmodel import group_savings
from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import colgen
from mutualiser.engine.grouping.bounds import share_bound
from mutualiser.engine.grouping.colgen import generate_columns
from mutualiser.engine.grouping.components import build_components
from mutualiser.engine.grouping.heuristic import solve_heuristic
from mutualiser.engine.grouping.highs import run_highs
from mutualiser.engine.grouping.relaxation import build_model, solve_lp
from mutualiser.engine.grouping.strategy import Limits, price_and_branch, solve_component
from mutualiser.engine.instance import instance_from_dict
from mutualiser.engine.matching import find_candidates


def components(orgs: int, seed: int, city: str = "Montréal"):
    instance = instance_from_dict(generate_instance(orgs, seed, cities=[city]))
    return [c for c in build_components(find_candidates(instance)) if c.size >= 3]


def optimum(comp) -> float | None:
    """The exact optimum: every undominated group and bundle, the MILP solved to the end."""
    model = build_model(comp, 200_000)
    if model is None:
        return None
    if model.n_columns == 0:
        return 0.0
    chosen, value, optimal, _ = run_highs(
        model.rows, model.cols, model.vals, model.upper, model.savings,
        integral=True, time_limit=None,
    )  # fmt: skip
    assert optimal
    return value


def tolerance(value: float) -> float:
    return 1e-6 * max(1.0, abs(value))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_column_generation_bound_is_above_the_exact_optimum_and_reaches_the_lp(seed):
    checked = 0
    for comp in components(40, seed):
        best = optimum(comp)
        if best is None:
            continue
        heuristic = solve_heuristic(comp, max_passes=0)
        generated = generate_columns(comp, heuristic.groups, heuristic.assignments, rounds=60)
        # Every round's bound is valid, not only the last one.
        assert all(b >= best - tolerance(best) for b in generated.history)
        assert generated.bound >= best - tolerance(best)
        assert generated.value <= generated.bound + tolerance(generated.bound)
        model = build_model(comp, 200_000)
        if model is not None and model.n_columns and model.edges is None:
            lp = solve_lp(model).bound  # the LP over every column (bundles enumerated)
            assert generated.bound >= lp - tolerance(lp)
            assert generated.bound <= lp + 1e-3 * max(1.0, lp)  # converged
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("seed", [4, 5])
def test_work_limits_loosen_the_bound_but_never_below_the_optimum(seed):
    for comp in components(40, seed):
        best = optimum(comp)
        if best is None:
            continue
        heuristic = solve_heuristic(comp, max_passes=0)
        # (30, 5): exact rounds cut by the work limit fall back on the pricing MILPs.
        for rounds, partials in ((1, 5), (2, 20), (4, 1_000), (30, 5)):
            cut = generate_columns(
                comp, heuristic.groups, heuristic.assignments, rounds=rounds, partials=partials
            )
            assert cut.bound >= best - tolerance(best)
            assert all(b >= best - tolerance(best) for b in cut.history)


@pytest.mark.parametrize("seed", [4, 5])
def test_cut_exact_rounds_without_the_group_milp_keep_a_valid_bound(seed, monkeypatch):
    # A national component has millions of non-adjacent pairs, so its group pricing MILP is
    # skipped (APART_LIMIT): the offers' MILPs alone must not replace the enumeration's bound.
    monkeypatch.setattr(colgen, "APART_LIMIT", 0)
    monkeypatch.setattr(colgen, "BEAM", 0)
    checked = 0
    for comp in components(40, seed):
        best = optimum(comp)
        if best is None or not len(comp.offers):
            continue
        heuristic = solve_heuristic(comp, max_passes=0)
        for rounds, partials in ((1, 3), (3, 5), (30, 5)):
            cut = generate_columns(
                comp, heuristic.groups, heuristic.assignments, rounds=rounds, partials=partials
            )
            assert all(b >= best - tolerance(best) for b in cut.history)
        checked += 1
    assert checked >= 1


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)  # fmt: skip
@given(
    seed=st.integers(min_value=1, max_value=10_000), orgs=st.integers(10, 30),
    rounds=st.integers(1, 40), partials=st.integers(1, 60),
)  # fmt: skip
def test_random_instances_bound_above_optimum_and_plan_below_bound(seed, orgs, rounds, partials):
    limits = Limits(exact_limit=250, column_limit=0)  # nothing enumerated: price-and-branch
    for comp in components(orgs, seed, city="Québec"):
        best = optimum(comp)
        if best is None:
            continue
        heuristic = solve_heuristic(comp, max_passes=0)
        cut = generate_columns(
            comp, heuristic.groups, heuristic.assignments, rounds=rounds, partials=partials
        )
        assert min(cut.history) >= best - tolerance(best)
        solution = price_and_branch(comp, heuristic, float("inf"), limits, float("inf"), 2)
        assert solution.bound >= best - tolerance(best)
        assert solution.savings <= best + tolerance(best)
        assert solution.savings <= solution.bound + tolerance(solution.bound)
        check_plan(comp, solution)


def check_plan(comp, solution) -> None:
    """Disjoint, feasible groups and assignments whose savings add up to the plan's."""
    p = comp.params
    seen: set[int] = set()
    adjacent = set(zip(comp.pool_a.tolist(), comp.pool_b.tolist(), strict=True))
    total = 0.0
    for members in solution.groups:
        assert 2 <= len(members) <= p.max_group_size
        assert not seen & set(members)
        seen |= set(members)
        for i in members:
            for j in members:
                if i < j:
                    assert (i, j) in adjacent or (j, i) in adjacent
        demands = comp.months[list(members)].tolist()
        assert comp.months[list(members)].sum(axis=0).max() <= p.unit_capacity + 1e-9
        total += group_savings(p, demands)
    load = np.zeros_like(comp.capacity)
    value = {
        (int(o), int(n)): float(s)
        for o, n, s in zip(comp.offer_o, comp.offer_n, comp.offer_sav, strict=True)
    }
    for offer, need in solution.assignments:
        assert need not in seen
        seen.add(need)
        load[offer] += comp.months[need]
        total += value[(offer, need)]
    assert np.all(load <= comp.capacity + 1e-9)
    assert abs(total - solution.savings) <= 1e-6 * max(1.0, total)


def test_column_generation_gives_the_same_answer_twice():
    comp = max(components(60, 7), key=lambda c: c.size)
    heuristic = solve_heuristic(comp, max_passes=0)
    first = generate_columns(comp, heuristic.groups, heuristic.assignments)
    second = generate_columns(comp, heuristic.groups, heuristic.assignments)
    assert first.history == second.history
    assert first.model.columns.groups == second.model.columns.groups
    limits = Limits(exact_limit=250, column_limit=0)
    a = price_and_branch(comp, heuristic, float("inf"), limits, float("inf"), 2)
    b = price_and_branch(comp, heuristic, float("inf"), limits, float("inf"), 2)
    assert (a.groups, a.assignments, a.savings, a.bound) == (
        b.groups,
        b.assignments,
        b.savings,
        b.bound,
    )


def test_price_and_branch_runs_where_groups_cannot_be_enumerated():
    limits = Limits(exact_limit=250, column_limit=0)
    for comp in components(40, 1)[:6]:
        solution = solve_component(comp, limits, float("inf"))
        assert solution.bound is not None and solution.bound >= solution.savings
        check_plan(comp, solution)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_national_large_component_gets_price_and_branch_within_its_rounds(seed):
    # exact_limit 5 makes every component "large", as the national run's beyond 24 items.
    limits = Limits(
        exact_limit=5, column_limit=60_000, milp=False, passes=0, large_items=250,
        large_rounds=3, large_beam_rounds=1,
    )  # fmt: skip
    checked = tighter = 0
    for comp in components(40, seed):
        best = optimum(comp)
        if best is None or comp.size <= 5:
            continue
        greedy = solve_heuristic(comp, max_passes=0)
        solution = solve_component(comp, limits, float("inf"))
        assert solution.bound >= best - tolerance(best)
        assert greedy.savings - tolerance(best) <= solution.savings <= best + tolerance(best)
        check_plan(comp, solution)
        if comp.params.min_fraction >= 1.0:  # degenerate: the greedy plan and share bound
            assert solution.method == "heuristic"
        tighter += solution.bound < share_bound(comp) - tolerance(best)
        checked += 1
    assert checked >= 3
    assert tighter >= 1  # column generation ran: an LP bound below the share bound


def test_without_large_items_a_large_component_keeps_the_greedy_plan_and_share_bound():
    comp = max(components(40, 1), key=lambda c: c.size)
    limits = Limits(exact_limit=5, column_limit=60_000, milp=False, passes=0)
    solution = solve_component(comp, limits, float("inf"))
    assert solution.savings == solve_heuristic(comp, max_passes=0).savings
    assert solution.bound == max(share_bound(comp), solution.savings)
