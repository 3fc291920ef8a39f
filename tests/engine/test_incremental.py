"""IncrementalSolver: one item added, changed or removed gives the full solve's result."""

from dataclasses import replace

import pytest

from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import solve
from mutualiser.engine.grouping.incremental import IncrementalSolver
from mutualiser.engine.instance import Instance, instance_from_dict, result_to_dict


@pytest.fixture(scope="module")
def region() -> Instance:
    return instance_from_dict(generate_instance(120, 4, cities=["Montréal", "Québec"]))


def busiest_need(instance: Instance) -> int:
    """Index of a need of the category with the most items (it is in some component)."""
    counts: dict[str, int] = {}
    for item in instance.items:
        counts[item.category] = counts.get(item.category, 0) + 1
    code = max(counts, key=lambda c: (counts[c], c))
    return next(
        k for k, i in enumerate(instance.items) if i.category == code and i.direction == "need"
    )


def edited(instance: Instance, how: str) -> Instance:
    items = list(instance.items)
    k = busiest_need(instance)
    if how == "added":
        items.append(replace(items[k], id="added-need", org=instance.organisations[0].id))
    elif how == "changed":
        months = tuple(m * 0.5 for m in items[k].months)
        items[k] = replace(items[k], months=months)
    else:
        del items[k]
    return replace(instance, items=tuple(items))


@pytest.mark.parametrize("how", ["added", "changed", "removed"])
def test_an_item_added_changed_or_removed_gives_the_full_solve_result(region, how):
    solver = IncrementalSolver(region, with_shares=True)
    assert result_to_dict(solver.result) == result_to_dict(solve(region))
    total = len(solver.result.components)

    after = edited(region, how)
    updated = solver.update(after)

    assert result_to_dict(updated) == result_to_dict(solve(after))
    assert 0 < solver.solved_components < total  # only what the edit touched


def test_an_update_without_change_solves_nothing(region):
    solver = IncrementalSolver(region, with_shares=False)

    again = solver.update(replace(region))

    assert solver.solved_components == 0
    assert result_to_dict(again) == result_to_dict(solver.result)


def test_a_thorough_solver_gives_the_thorough_full_solve_after_an_edit(region):
    # exact_limit 5: the components take the thorough large path (column generation, windows).
    solver = IncrementalSolver(region, exact_limit=5, with_shares=False, effort="thorough")
    after = edited(region, "changed")
    updated = solver.update(after)
    full = solve(after, exact_limit=5, with_shares=False, effort="thorough")
    assert result_to_dict(updated) == result_to_dict(full)
    fast = solve(after, exact_limit=5, with_shares=False)
    assert sum(c.bound for c in full.components) < sum(c.bound for c in fast.components)
