"""`solve(workers=2)`: components solved in two forked processes give the one-process result."""

from __future__ import annotations

import os

import pytest

from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import parallel, solve
from mutualiser.engine.grouping.components import Components, build_components
from mutualiser.engine.instance import instance_from_dict, result_to_dict
from mutualiser.engine.matching import find_candidates

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs the fork start method")


@pytest.fixture(scope="module")
def instance():
    return instance_from_dict(generate_instance(150, 3, cities=["Montréal", "Laval"]))


@pytest.fixture(autouse=True)
def parallel_at_any_size(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_ITEMS", 0)


def test_two_processes_give_exactly_the_one_process_result(instance):
    single = result_to_dict(solve(instance))
    twice = result_to_dict(solve(instance, workers=2))

    assert len(single["components"]) > 10
    assert twice == single  # groups, shares, assignments, bounds, gaps: all of it


def test_a_failing_child_leaves_its_components_to_the_parent(instance, monkeypatch):
    parent = os.getpid()
    solve_component = parallel.solve_component

    def only_in_the_parent(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("a child that breaks")
        return solve_component(*args, **kwargs)

    monkeypatch.setattr(parallel, "solve_component", only_in_the_parent)

    assert result_to_dict(solve(instance, workers=2)) == result_to_dict(solve(instance))


def test_progress_reaches_every_item_with_two_processes(instance):
    seen = []
    solve(instance, workers=2, progress=lambda done, total: seen.append((done, total)))

    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_components_built_on_demand_equal_those_built_at_once(instance):
    candidates = find_candidates(instance)
    lazy = Components(candidates)
    eager = build_components(candidates)

    assert len(lazy) == len(eager) > 10
    assert [w for w, _ in lazy.weights()] == [len(c.pool_a) + len(c.offer_o) for c in eager]
    for k in (0, len(eager) // 2, -1):
        one, other = lazy[k], eager[k]
        assert vars(one).keys() == vars(other).keys()
        for name, value in vars(one).items():
            assert str(value) == str(getattr(other, name)) or (value == getattr(other, name))
        members = lazy.members(k % len(lazy))
        assert (members.needs == other.needs).all() and (members.offers == other.offers).all()
    with pytest.raises(IndexError):
        lazy[len(lazy)]
