"""Bounds: the share bound and the LP bound are never below a proven optimum."""

import pytest

from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping.bounds import share_bound
from mutualiser.engine.grouping.components import build_components
from mutualiser.engine.grouping.relaxation import build_model, solve_lp
from mutualiser.engine.grouping.strategy import Limits, solve_component
from mutualiser.engine.instance import instance_from_dict
from mutualiser.engine.matching import find_candidates


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_share_bound_and_the_lp_bound_are_above_every_proven_optimum(seed):
    instance = instance_from_dict(generate_instance(40, seed, cities=["Montréal"]))
    limits = Limits(exact_limit=250, column_limit=60_000)
    proven = 0
    for comp in build_components(find_candidates(instance)):
        solution = solve_component(comp, limits, float("inf"))
        if not solution.optimal:
            continue
        proven += 1
        tolerance = 1e-6 * max(1.0, solution.savings)
        assert share_bound(comp) >= solution.savings - tolerance
        model = build_model(comp, 60_000)
        if model is not None and model.n_columns:
            assert solve_lp(model).bound >= solution.savings - tolerance
    assert proven > 10


def test_the_reported_bound_is_never_below_the_plan():
    instance = instance_from_dict(generate_instance(60, 7, cities=["Québec"]))
    limits = Limits(exact_limit=0, column_limit=60_000)  # the heuristic and the share bound
    for comp in build_components(find_candidates(instance)):
        solution = solve_component(comp, limits, float("inf"))
        assert solution.bound is not None and solution.bound >= solution.savings
        assert solution.gap is not None and 0.0 <= solution.gap <= 1.0
