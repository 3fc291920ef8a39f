"""share_costs: the vectorised cost sharing of many groups equals share_cost group by group,
and both equal a plain per-coalition reference built on the cost model's scalar functions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualiser.engine.costmodel import (
    CostParams,
    coalition_cost,
    group_cost,
    group_peak,
    standalone_cost,
)
from mutualiser.engine.costsharing import (
    RULES,
    CostSharing,
    serial_split,
    shapley_value,
    share_cost,
    share_costs,
)

# A shared accountant (as in test_costsharing): 140 h a month, groups of at most 6.
PARAMS = CostParams(
    code="accounting",
    standalone_rate=65.0,
    unit_capacity=140.0,
    unit_cost=7000.0,
    min_fraction=0.25,
    member_overhead=100.0,
    max_group_size=6,
)


def assert_same(actual: CostSharing, expected: CostSharing, rel: float = 1e-9) -> None:
    """Same numbers within `rel` of the group's cost, same flags, same notes."""
    scale = max(1.0, abs(expected.cost), sum(expected.standalone.values()))
    approx = {"rel": rel, "abs": rel * scale}
    assert actual.cost == pytest.approx(expected.cost, **approx)
    assert list(actual.standalone) == list(expected.standalone)
    assert actual.standalone == pytest.approx(expected.standalone, **approx)
    assert list(actual.shares) == list(expected.shares)
    for org, shares in expected.shares.items():
        assert list(actual.shares[org]) == list(RULES)
        assert actual.shares[org] == pytest.approx(shares, **approx)
        assert actual.savings[org] == pytest.approx(expected.savings[org], **approx)
    assert actual.in_core == expected.in_core
    assert (actual.core_exact, actual.shapley_exact) == (
        expected.core_exact,
        expected.shapley_exact,
    )
    assert actual.shapley_error == pytest.approx(expected.shapley_error, **approx)
    assert actual.feasible == expected.feasible
    assert [note.id for note in actual.notes] == [note.id for note in expected.notes]
    for mine, theirs in zip(actual.notes, expected.notes, strict=True):
        assert dict(mine.params) == pytest.approx(dict(theirs.params), **approx)


# ----- share_costs == share_cost, group by group -------------------------------------------------

quantity = st.one_of(st.just(0.0), st.floats(0, 60, allow_nan=False), st.integers(0, 70))
months = st.one_of(
    st.just([0.0] * 12),  # no use at all
    st.lists(quantity, min_size=12, max_size=12),
    st.lists(st.floats(0, 15, allow_nan=False), min_size=12, max_size=12),  # fits in groups
)
group_sizes = st.one_of(st.integers(2, 3), st.integers(1, 8))  # mostly pairs and triples


@st.composite
def instances(draw):
    """Groups of mixed sizes 1..8 (7 and 8 exceed max_group_size), some over capacity, some
    with no use; budgets for some organisations only, some zero."""
    groups = []
    for g in range(draw(st.integers(1, 14))):
        size = draw(group_sizes)
        groups.append({f"g{g}o{i}": draw(months) for i in range(size)})
    orgs = [org for group in groups for org in group]
    budgets = draw(
        st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {},
                optional={org: st.sampled_from([0.0, 5e4, 2e5, 1e6]) for org in orgs},
            ),
            st.just({org: 1e5 * (1 + i % 4) for i, org in enumerate(orgs)}),
        )
    )
    return groups, budgets


@settings(max_examples=60, deadline=None)
@given(instances(), st.floats(0, 1), st.sampled_from([16, 4]))
def test_share_costs_is_share_cost_of_each_group(instance, fixed_share, exact_limit):
    groups, budgets = instance
    options = {
        "budgets": budgets,
        "fixed_share": fixed_share,
        "shapley_exact_limit": exact_limit,  # 4: groups of 5 and more are sampled
        "samples": 64,
        "seed": 3,
    }

    batch = share_costs(PARAMS, groups, **options)

    assert len(batch) == len(groups)
    for group, sharing in zip(groups, batch, strict=True):
        assert_same(sharing, share_cost(PARAMS, group, **options))


def test_large_bucket_is_priced_in_chunks_and_keeps_the_order():
    rng = np.random.default_rng(11)
    sizes = rng.choice([2, 3, 6, 2, 4, 3], size=600)
    groups = [
        {f"g{g}o{i}": list(rng.uniform(0, 30, 12)) for i in range(n)} for g, n in enumerate(sizes)
    ]

    batch = share_costs(PARAMS, groups)

    assert [list(s.shares) for s in batch] == [list(group) for group in groups]
    for index in (0, 1, 299, 599):
        assert_same(batch[index], share_cost(PARAMS, groups[index]))


def test_group_above_the_exact_limit_is_sampled_like_share_cost():
    rng = np.random.default_rng(5)
    big = {f"o{i}": list(rng.uniform(0, 8, 12)) for i in range(17)}
    small = {"a": [35.0] * 12, "b": [70.0] * 12}

    batch = share_costs(PARAMS, [small, big, small], samples=200)

    assert not batch[1].shapley_exact and not batch[1].core_exact
    assert_same(batch[1], share_cost(PARAMS, big, samples=200))
    assert_same(batch[0], share_cost(PARAMS, small))
    assert_same(batch[2], batch[0])


def test_share_costs_refuses_bad_input_and_accepts_no_group():
    assert share_costs(PARAMS, []) == []
    with pytest.raises(ValueError):
        share_costs(PARAMS, [{"a": [1.0] * 12}, {}])
    with pytest.raises(ValueError):
        share_costs(PARAMS, [{"a": [1.0] * 12, "b": [1.0] * 11}])
    with pytest.raises(ValueError):
        share_costs(PARAMS, [{"a": [1.0] * 12}, {"b": [-1.0] * 12}])
    with pytest.raises(ValueError):
        share_costs(PARAMS, [{"a": [math.nan] * 12}])
    with pytest.raises(ValueError):
        share_costs(PARAMS, [{"a": [1.0] * 12}], fixed_share=-0.1)


# ----- against a plain reference built on the scalar cost model --------------------------------


def reference(params: CostParams, demands: dict[str, list[float]], fixed_share: float):
    """Every key and core flag from costmodel's scalar functions, one coalition at a time."""
    orgs = list(demands)
    rows = [demands[org] for org in orgs]
    n = len(rows)
    cost = group_cost(params, rows)
    alone = [standalone_cost(params, row) for row in rows]
    use = [sum(row) for row in rows]
    equal = [cost / n] * n
    proportional = [cost * u / sum(use) for u in use] if sum(use) > 0 else equal
    fixed = fixed_share * cost
    if sum(use) > 0:
        fixed_variable = [fixed / n + (cost - fixed) * u / sum(use) for u in use]
    else:
        fixed_variable = [fixed / n + (cost - fixed) / n] * n

    order = sorted(range(n), key=lambda i: use[i])
    levels = []
    for k, own in enumerate(order):
        profile = [
            sum(
                rows[j][t] * (1.0 if rank < k or use[j] == 0 else use[own] / use[j])
                for rank, j in enumerate(order)
            )
            for t in range(12)
        ]
        levels.append(
            12 * params.unit_cost * max(params.min_fraction, max(profile) / params.unit_capacity)
        )
    serial = [0.0] * n
    for rank, share in zip(order, serial_split(levels), strict=True):
        serial[rank] = share + 12 * params.member_overhead

    def game(mask: int) -> float:
        if mask == (1 << n) - 1:
            return cost
        return coalition_cost(params, [rows[i] for i in range(n) if mask >> i & 1])

    shapley, _ = shapley_value(n, game)
    keyed = {
        "equal": equal,
        "proportional": proportional,
        "budget": equal,
        "fixed_variable": fixed_variable,
        "serial": serial,
        "shapley": list(shapley),
    }
    tolerance = 1e-6 * max(1.0, cost)
    in_core = {
        rule: all(
            sum(keyed[rule][i] for i in range(n) if mask >> i & 1)
            <= coalition_cost(params, [rows[i] for i in range(n) if mask >> i & 1]) + tolerance
            for mask in range(1, 1 << n)
        )
        for rule in RULES
    }
    feasible = group_peak(rows) <= params.unit_capacity + 1e-9 and n <= params.max_group_size
    return cost, alone, keyed, in_core, feasible


@pytest.mark.parametrize("seed", range(6))
def test_share_costs_matches_the_scalar_cost_model(seed):
    rng = np.random.default_rng(seed)
    groups = []
    for g in range(40):
        n = int(rng.integers(1, 8))
        scale = rng.choice([8.0, 30.0, 60.0])  # fits, sometimes over capacity, often over
        groups.append({f"g{g}o{i}": list(rng.uniform(0, scale, 12)) for i in range(n)})
    groups.append({"z1": [0.0] * 12, "z2": [0.0] * 12})
    fixed_share = float(rng.uniform())

    batch = share_costs(PARAMS, groups, fixed_share=fixed_share)

    for group, sharing in zip(groups, batch, strict=True):
        cost, alone, keyed, in_core, feasible = reference(PARAMS, group, fixed_share)
        assert sharing.cost == pytest.approx(cost, rel=1e-9)
        assert list(sharing.standalone.values()) == pytest.approx(alone, rel=1e-9)
        for rule in RULES:
            assert list(sharing.by_rule(rule).values()) == pytest.approx(
                keyed[rule], rel=1e-9, abs=1e-9 * max(1.0, cost)
            ), rule
        assert sharing.in_core == in_core
        assert sharing.feasible == feasible
        assert sharing.core_exact and sharing.shapley_exact


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=0, max_value=10_000),
    st.booleans(),
)
def test_share_arrays_gives_the_numbers_of_share_costs(n, count, seed, with_budgets):
    """The array path of a national result (no CostSharing per group) and share_costs agree."""
    from mutualiser.engine.costsharing import share_arrays

    rng = np.random.default_rng(seed)
    demands = np.round(rng.uniform(0, 40, (count, n, 12)), 1)
    budgets = None
    if with_budgets:
        budgets = rng.uniform(0, 1e6, (count, n))
        budgets[rng.random((count, n)) < 0.2] = np.nan
    orgs = [f"o{k}" for k in range(n)]
    groups = [
        {org: row.tolist() for org, row in zip(orgs, group, strict=True)} for group in demands
    ]

    keyed, in_core = share_arrays(PARAMS, demands, budgets=budgets)

    for g, group in enumerate(groups):
        named = None
        if budgets is not None:
            named = {o: b for o, b in zip(orgs, budgets[g].tolist(), strict=True) if b == b}
        expected = share_costs(PARAMS, [group], budgets=named)[0]
        for k, org in enumerate(orgs):
            assert keyed[g, k].tolist() == pytest.approx([expected.shares[org][r] for r in RULES])
        assert in_core[g].tolist() == [expected.in_core[r] for r in RULES]
