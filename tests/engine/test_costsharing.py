"""Cost sharing: the six keys, the airport example, Shapley's properties and the core check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualiser.engine.costmodel import CostParams, coalition_cost
from mutualiser.engine.costsharing import (
    RULES,
    coalition_table,
    core_violations,
    serial_split,
    shapley_value,
    share_cost,
)
from mutualiser.words.reasons import render

# A shared accountant: 65 $/h alone; one position = 140 h/month for 7 000 $/month; at least
# a quarter of a position; 100 $/month of coordination per member.
PARAMS = CostParams(
    code="accounting",
    standalone_rate=65.0,
    unit_capacity=140.0,
    unit_cost=7000.0,
    min_fraction=0.25,
    member_overhead=100.0,
    max_group_size=6,
)
# a uses 35 h every month (420 h a year), b 70 h (840 h): peak 105 h = 0.75 of a position.
# C = 12 * (7000 * 0.75 + 2 * 100) = 65 400 $; alone: a 27 300 $, b 54 600 $.
SMALL, LARGE = [35.0] * 12, [70.0] * 12


def _shares(rule: str, **kwargs) -> dict[str, float]:
    result = share_cost(PARAMS, {"a": SMALL, "b": LARGE}, **kwargs)
    return result.by_rule(rule)


def test_group_cost_is_the_contract_formula():
    result = share_cost(PARAMS, {"a": SMALL, "b": LARGE})

    assert result.cost == pytest.approx(65_400)
    assert result.standalone == pytest.approx({"a": 27_300, "b": 54_600})
    assert result.feasible


def test_equal_split_gives_each_partner_the_same_share():
    assert _shares("equal") == pytest.approx({"a": 32_700, "b": 32_700})


def test_proportional_split_follows_yearly_use():
    assert _shares("proportional") == pytest.approx({"a": 21_800, "b": 43_600})


def test_budget_split_follows_annual_budgets():
    shares = _shares("budget", budgets={"a": 200_000, "b": 600_000})

    assert shares == pytest.approx({"a": 16_350, "b": 49_050})


def test_budget_split_without_budgets_is_equal_and_says_so():
    result = share_cost(PARAMS, {"a": SMALL, "b": LARGE}, budgets={"a": 200_000})

    assert result.by_rule("budget") == pytest.approx({"a": 32_700, "b": 32_700})
    assert "share.budget_missing" in [note.id for note in result.notes]


def test_fixed_variable_split_shares_the_fixed_part_equally_and_the_rest_by_use():
    # fixed 50 %: 16 350 each; variable 32 700 by use: a 10 900, b 21 800
    assert _shares("fixed_variable") == pytest.approx({"a": 27_250, "b": 38_150})


def test_fixed_variable_split_with_no_fixed_part_is_proportional():
    assert _shares("fixed_variable", fixed_share=0.0) == pytest.approx(_shares("proportional"))


def test_serial_split_shares_each_increment_among_those_who_need_it():
    # level 1: both at a's use, 70 h peak = 0.5 position = 42 000 $, split in two;
    # level 2: full group, 0.75 position = 63 000 $: the 21 000 $ increment is b's alone.
    # Each adds its own 1 200 $ of coordination.
    assert _shares("serial") == pytest.approx({"a": 22_200, "b": 43_200})


def test_shapley_split_averages_marginal_costs():
    # c(a) = min(27 300, 12 * (1 750 + 100)) = 22 200; c(b) = min(54 600, 43 200) = 43 200
    # phi_a = (22 200 + 65 400 - 43 200) / 2 = 22 200
    assert _shares("shapley") == pytest.approx({"a": 22_200, "b": 43_200})


def test_savings_are_standalone_cost_minus_share():
    result = share_cost(PARAMS, {"a": SMALL, "b": LARGE})

    assert result.savings["a"]["shapley"] == pytest.approx(27_300 - 22_200)
    assert result.savings["b"]["equal"] == pytest.approx(54_600 - 32_700)


def test_core_check_flags_keys_that_overcharge_a_partner():
    result = share_cost(PARAMS, {"a": SMALL, "b": LARGE})

    # equal: a pays 32 700 > 22 200 alone; proportional: b pays 43 600 > 43 200 alone
    assert result.in_core == {
        "equal": False,
        "proportional": False,
        "budget": False,
        "fixed_variable": False,
        "serial": True,
        "shapley": True,
    }
    assert result.core_exact and result.shapley_exact and result.shapley_error == 0.0


def test_core_violations_name_the_coalition_and_the_excess():
    violations = core_violations(PARAMS, {"a": SMALL, "b": LARGE}, {"a": 21_800, "b": 43_600})

    assert len(violations) == 1
    assert violations[0].coalition == ("b",)
    assert violations[0].excess == pytest.approx(400)
    assert "400" in render(violations[0].reason(), "en")


def test_airport_example_gives_2_3_4_9():
    assert serial_split([8, 11, 13, 18]) == pytest.approx([2, 3, 4, 9])


def test_airport_game_shapley_value_is_the_serial_split():
    runways = [8, 11, 13, 18]

    def longest(mask: int) -> float:
        return max((runways[i] for i in range(4) if mask >> i & 1), default=0)

    values, errors = shapley_value(4, longest)

    assert values == pytest.approx([2, 3, 4, 9])
    assert list(errors) == [0, 0, 0, 0]


def test_serial_split_keeps_small_shares_when_the_largest_user_grows():
    seasonal = [10.0] * 6 + [30.0] * 6
    before = share_cost(PARAMS, {"s": [5.0] * 12, "m": seasonal, "l": [20.0] * 12})
    after = share_cost(PARAMS, {"s": [5.0] * 12, "m": seasonal, "l": [60.0] * 12})

    assert after.shares["s"]["serial"] == pytest.approx(before.shares["s"]["serial"])
    assert after.shares["m"]["serial"] == pytest.approx(before.shares["m"]["serial"])
    assert after.shares["s"]["proportional"] != pytest.approx(before.shares["s"]["proportional"])


def test_seasonal_partners_share_one_resource_at_half_its_cost():
    winter = [70.0] * 6 + [0.0] * 6
    summer = [0.0] * 6 + [70.0] * 6

    result = share_cost(PARAMS, {"theatre": winter, "festival": summer})

    # peak 70 h = 0.5 position: 12 * (3 500 + 200) = 44 400 $, 22 200 $ each under any key
    assert result.cost == pytest.approx(44_400)
    for rule in RULES:
        assert result.shares["theatre"][rule] == pytest.approx(22_200)


def test_group_over_capacity_is_flagged_infeasible():
    result = share_cost(PARAMS, {"a": [100.0] * 12, "b": [100.0] * 12})

    assert not result.feasible
    assert "share.infeasible" in [note.id for note in result.notes]


def test_zero_use_group_splits_equally_and_says_so():
    result = share_cost(PARAMS, {"a": [0.0] * 12, "b": [0.0] * 12})

    assert result.by_rule("proportional") == pytest.approx(result.by_rule("equal"))
    assert "share.no_use" in [note.id for note in result.notes]


def test_share_cost_refuses_bad_input():
    with pytest.raises(ValueError):
        share_cost(PARAMS, {})
    with pytest.raises(ValueError):
        share_cost(PARAMS, {"a": [1.0] * 11})
    with pytest.raises(ValueError):
        share_cost(PARAMS, {"a": [-1.0] * 12})
    with pytest.raises(ValueError):
        share_cost(PARAMS, {"a": SMALL}, fixed_share=1.5)


def test_coalition_table_matches_the_cost_model_for_every_coalition():
    rng = np.random.default_rng(7)
    demands = rng.integers(0, 45, size=(6, 12)).astype(float)

    table = coalition_table(PARAMS, demands)

    for mask in range(1 << 6):
        members = [list(demands[i]) for i in range(6) if mask >> i & 1]
        assert table[mask] == pytest.approx(coalition_cost(PARAMS, members))


def test_shapley_is_exact_up_to_fifteen_partners_by_default():
    demands = {f"o{i}": [1.0 + i % 3] * 12 for i in range(15)}

    result = share_cost(PARAMS, demands)

    assert result.shapley_exact and result.core_exact


def test_sampled_shapley_is_close_to_exact_within_its_standard_error():
    rng = np.random.default_rng(3)
    demands = {f"o{i}": list(rng.uniform(0, 25, 12)) for i in range(7)}

    exact = share_cost(PARAMS, demands)
    sampled = share_cost(PARAMS, demands, shapley_exact_limit=0, samples=4000, seed=1)

    assert not sampled.shapley_exact and not sampled.core_exact
    assert 0 < sampled.shapley_error < 0.02 * exact.cost
    for org in demands:
        gap = abs(sampled.shares[org]["shapley"] - exact.shares[org]["shapley"])
        assert gap <= 5 * sampled.shapley_error + 1e-6
    assert sum(sampled.by_rule("shapley").values()) == pytest.approx(exact.cost)
    assert "share.shapley_sampled" in [note.id for note in sampled.notes]


def test_generic_shapley_gives_nothing_to_a_null_player():
    # player 2 adds nothing to any coalition
    base = {0b000: 0, 0b001: 5, 0b010: 7, 0b011: 9}

    values, _ = shapley_value(3, lambda mask: base[mask & 0b011])

    assert values == pytest.approx([3.5, 5.5, 0.0])


def test_every_note_renders_in_both_languages():
    result = share_cost(
        PARAMS, {"a": [100.0] * 12, "b": [100.0] * 12}, shapley_exact_limit=0, samples=50
    )

    for note in result.notes:
        assert render(note, "fr") and render(note, "en")


# ----- properties -----------------------------------------------------------------------------

months = st.lists(st.floats(0, 60, allow_nan=False), min_size=12, max_size=12)
groups = st.lists(months, min_size=1, max_size=7)


@settings(max_examples=40, deadline=None)
@given(groups, st.floats(0, 1))
def test_shares_sum_to_the_group_cost_under_every_rule(demand_list, fixed_share):
    demands = {f"o{i}": d for i, d in enumerate(demand_list)}
    budgets = {org: 1000.0 * (i + 1) for i, org in enumerate(demands)}

    result = share_cost(PARAMS, demands, budgets=budgets, fixed_share=fixed_share)

    for rule in RULES:
        assert sum(result.by_rule(rule).values()) == pytest.approx(result.cost, rel=1e-9)


@settings(max_examples=30, deadline=None)
@given(months, groups)
def test_identical_partners_pay_the_same_shapley_share(twin, others):
    demands = {"twin1": twin, "twin2": twin} | {f"o{i}": d for i, d in enumerate(others[:5])}

    result = share_cost(PARAMS, demands)

    assert result.shares["twin1"]["shapley"] == pytest.approx(
        result.shares["twin2"]["shapley"], abs=1e-6
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2**4, max_size=2**4))
def test_generic_shapley_is_efficient(values):
    table = [0.0] + values[1:]

    shapley, _ = shapley_value(4, lambda mask: table[mask])

    assert shapley.sum() == pytest.approx(table[-1], abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2**3, max_size=2**3))
def test_generic_shapley_gives_nothing_to_any_null_player(values):
    # a fourth player who changes no coalition's cost
    def cost(mask: int) -> float:
        return 0.0 if mask & 0b0111 == 0 else values[mask & 0b0111]

    shapley, _ = shapley_value(4, cost)

    assert shapley[3] == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(groups)
def test_serial_split_never_charges_the_smallest_user_more_than_equal(demand_list):
    demands = {f"o{i}": d for i, d in enumerate(demand_list)}

    result = share_cost(PARAMS, demands)

    smallest = min(demands, key=lambda org: sum(demands[org]))
    assert result.shares[smallest]["serial"] <= result.shares[smallest]["equal"] + 1e-6
