"""Two forked processes (`solve`, `find_candidates`, `add_shares` with `workers=2`) give the
one-process result."""

from __future__ import annotations

import os

import pytest

from mutualiser.engine import matching
from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import add_shares, parallel, records, solve
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


def test_records_after_the_solving_give_the_same_result_as_records_beside_it(instance, monkeypatch):
    reserves = []
    reserve_start = parallel.reserve_start
    monkeypatch.setattr(
        parallel, "reserve_start", lambda *a: reserves.append(a) or reserve_start(*a)
    )

    beside = result_to_dict(solve(instance, workers=2))
    assert len(reserves) == 1  # a region's run: the records beside the child's last solves
    monkeypatch.setattr(parallel, "RECORDS_OVERLAP_ITEMS", 0)  # a national run's choice
    after = result_to_dict(solve(instance, workers=2))

    assert len(reserves) == 1  # no reserve: the records after this process's solving
    assert after == beside == result_to_dict(solve(instance))


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


def arrays_of(candidates):
    names = ("pool_a", "pool_b", "offer", "offer_need", "offer_savings")
    return [getattr(candidates, name).tobytes() for name in names]


def test_candidates_in_two_processes_are_those_of_one(instance, monkeypatch):
    monkeypatch.setattr(matching, "PARALLEL_MIN_ITEMS", 0)
    single = find_candidates(instance)
    twice = find_candidates(instance, workers=2)

    assert len(single) > 1000
    assert arrays_of(twice) == arrays_of(single)
    assert twice.capped_categories == single.capped_categories


def test_shares_in_two_processes_are_those_of_one(instance, monkeypatch):
    monkeypatch.setattr(records, "PARALLEL_MIN_GROUPS", 0)
    plan = solve(instance, with_shares=False)

    single = result_to_dict(add_shares(instance, plan))
    twice = result_to_dict(add_shares(instance, plan, workers=2))

    assert any(group["shares"] for group in single["groups"])
    assert twice == single == result_to_dict(solve(instance))


def test_run_shared_runs_here_what_a_failing_child_took():
    parent = os.getpid()

    def square(k):
        if os.getpid() != parent and k == 3:
            raise RuntimeError("a child that breaks")
        return k * k

    assert parallel.run_shared(square, [5, 4, 3, 2, 1, 0], 2) == {k: k * k for k in range(6)}
