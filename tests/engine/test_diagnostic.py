"""The pooling-potential grid: each criterion's rule, the score, the level, gating, messages."""

from __future__ import annotations

import dataclasses

import pytest

from mutualiser.engine.diagnostic import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    STRONG,
    ItemProfile,
    break_even_share,
    recommended_level,
    rule_fractional_volume,
    rule_recurrence,
    score_item,
)
from mutualiser.engine.taxonomy import Category, load_taxonomy
from mutualiser.words.reasons import NBSP, Reason, UnknownMessage, render

ACCOUNTING = Category(
    code="accounting",
    family="ADM",
    label_fr="Comptabilité",
    label_en="Accounting",
    description_fr="Comptabilité.",
    description_en="Accounting.",
    kind="human",
    unit="hour",
    support_or_core="support",
    typical_level="L3",
    confidentiality="medium",
    proximity_need="low",
    competitive_sensitivity="low",
    standalone_rate=65.0,
    unit_capacity=140.0,
    unit_cost=6200.0,
    min_fraction=0.4,
    member_overhead=150.0,
    max_group_size=6,
    source="Test figures.",
)
VAN = dataclasses.replace(
    ACCOUNTING,
    code="cargo_van",
    family="EQU",
    kind="material",
    unit="day",
    proximity_need="medium",
    standalone_rate=150.0,
    unit_capacity=22.0,
    unit_cost=1100.0,
    min_fraction=1.0,
)


def make_item(**overrides) -> ItemProfile:
    fields = {"category": ACCOUNTING, "direction": "need", "months": [20.0] * 12}
    fields.update(overrides)
    return ItemProfile(**fields)


def criterion(item: ItemProfile, code: str) -> tuple[int, str]:
    found = score_item(item).criterion(code)
    return found.score, found.reason.id


# ----- the whole grid ---------------------------------------------------------------------


def test_default_weights_are_the_domain_grid():
    assert len(CRITERIA) == 13
    assert sum(DEFAULT_WEIGHTS.values()) == 26
    assert DEFAULT_WEIGHTS["fractional_volume"] == 3 and DEFAULT_WEIGHTS["support_core"] == 3
    assert DEFAULT_WEIGHTS["confidentiality"] == 1 and DEFAULT_WEIGHTS["proximity"] == 1


def test_score_is_the_weighted_grid_normalised_to_100():
    # under-use does not apply to a need: 5 5 3 . 3 5 3 5 3 5 3 4 -> 68 out of 4 * 22 = 88
    diagnosis = score_item(make_item())

    assert [c.score for c in diagnosis.criteria] == [5, 5, 3, None, 3, 5, 3, 5, 3, 5, 3, 4, None]
    assert diagnosis.score == pytest.approx(100 * 68 / 88)


def test_a_criterion_that_does_not_apply_is_left_out_of_the_score():
    only_underuse = {code: 0.0 for code in CRITERIA} | {"underuse": 1.0}

    diagnosis = score_item(make_item(), weights=only_underuse)

    assert diagnosis.criterion("underuse").score is None
    assert diagnosis.score == pytest.approx(50.0)  # nothing applicable: neutral
    assert diagnosis.reasons == ()


def test_an_item_without_quantities_gets_no_verdict():
    diagnosis = score_item(make_item(months=[0.0] * 12, how_done="not_done"))

    assert not diagnosis.has_verdict
    assert diagnosis.missing == ("months",)
    assert diagnosis.score is None and diagnosis.level is None and diagnosis.band is None
    assert diagnosis.criteria == () and diagnosis.reasons == ()


def test_reasons_for_come_strongest_first_and_at_most_three():
    diagnosis = score_item(make_item())

    assert [r.id for r in diagnosis.reasons_for] == [
        "diag.volume.small",
        "diag.support_core.support",
        "diag.recurrence.every_month",
    ]
    assert diagnosis.reasons_against == ()


def test_reasons_against_collect_the_low_scores():
    # strength = weight * distance from 3: specificity 2 * 2, core 3 * 1, confidentiality 1 * 2
    item = make_item(importance="core", specificity="high", confidentiality="high")

    ids = [r.id for r in score_item(item).reasons_against]

    assert ids == [
        "diag.standard.high",
        "diag.support_core.mostly_core",
        "diag.confidentiality.high",
    ]


def test_weights_can_single_out_one_criterion():
    only_recurrence = {code: 0.0 for code in CRITERIA} | {"recurrence": 1.0}

    regular = score_item(make_item(), weights=only_recurrence)
    occasional = score_item(make_item(months=[20.0] * 5 + [0.0] * 7), weights=only_recurrence)

    assert regular.score == pytest.approx(100.0)
    assert occasional.score == pytest.approx(50.0)


def test_weights_refuse_unknown_criteria_and_all_zeros():
    with pytest.raises(ValueError, match="unknown"):
        score_item(make_item(), weights={"charm": 2})
    with pytest.raises(ValueError):
        score_item(make_item(), weights={code: 0 for code in CRITERIA})


def test_item_profile_refuses_bad_fields():
    with pytest.raises(ValueError, match="months"):
        make_item(months=[1.0] * 11)
    with pytest.raises(ValueError, match="direction"):
        make_item(direction="wish")
    with pytest.raises(ValueError, match="satisfaction"):
        make_item(satisfaction=6)


# ----- one test per rule ------------------------------------------------------------------


def test_recurrence_rewards_needs_that_come_back_every_month():
    assert criterion(make_item(), "recurrence") == (5, "diag.recurrence.every_month")
    assert criterion(make_item(months=[20.0] * 8 + [0.0] * 4), "recurrence") == (
        4,
        "diag.recurrence.regular",
    )
    assert criterion(make_item(months=[20.0] * 6 + [0.0] * 6), "recurrence") == (
        3,
        "diag.recurrence.occasional",
    )
    assert criterion(make_item(months=[20.0] + [0.0] * 11), "recurrence") == (
        1,
        "diag.recurrence.occasional",
    )
    assert rule_recurrence(make_item(months=[0.0] * 12)) == (1, Reason("diag.recurrence.none"))


def test_recurrence_loses_a_point_when_the_months_are_very_uneven():
    uneven = [1.0] * 11 + [100.0]

    assert criterion(make_item(months=uneven), "recurrence") == (4, "diag.recurrence.irregular")


def test_fractional_volume_rewards_needs_well_under_one_position():
    assert criterion(make_item(), "fractional_volume") == (5, "diag.volume.small")  # 14 %
    assert criterion(make_item(months=[60.0] * 12), "fractional_volume") == (4, "diag.volume.part")
    assert criterion(make_item(months=[100.0] * 12), "fractional_volume") == (3, "diag.volume.most")
    assert criterion(make_item(months=[130.0] * 12), "fractional_volume")[0] == 2  # 93 %
    assert criterion(make_item(months=[200.0] * 12), "fractional_volume") == (
        1,
        "diag.volume.more_than_one",
    )
    assert rule_fractional_volume(make_item(months=[0.0] * 12)) == (3, Reason("diag.volume.none"))


def test_break_even_share_is_where_the_largest_group_stops_paying_more_than_alone():
    # (U m + o g) / (r K g) = (6 200 * 0.4 + 150 * 6) / (65 * 140 * 6)
    assert break_even_share(ACCOUNTING) == pytest.approx(3380 / 54600)


def test_a_need_too_small_for_even_the_largest_group_is_not_fractional_but_tiny():
    tiny = make_item(months=[5.0] * 12)  # 3.6 % of a position, break-even 6.2 %

    score, reason = criterion(tiny, "fractional_volume")

    assert (score, reason) == (2, "diag.volume.tiny")
    assert score_item(tiny).criterion("fractional_volume").reason.params["size"] == 6


def test_fractional_volume_of_an_offer_rewards_large_spare_capacity():
    assert criterion(make_item(direction="offer", months=[70.0] * 12), "fractional_volume") == (
        5,
        "diag.volume.spare_large",
    )
    assert criterion(make_item(direction="offer", months=[10.0] * 12), "fractional_volume") == (
        2,
        "diag.volume.spare_little",
    )


def test_an_owned_goods_spare_capacity_is_judged_once_under_underuse():
    offer = score_item(make_item(category=VAN, direction="offer", months=[15.0] * 12))

    assert offer.criterion("fractional_volume").score is None
    assert offer.criterion("fractional_volume").reason.id == "diag.volume.offer_asset"
    assert offer.criterion("underuse").score == 5  # 68 % of the van is free


def test_specialisation_compares_one_whole_resource_with_the_budget():
    # 12 * 6 200 = 74 400 $ a year
    assert criterion(make_item(annual_budget=300_000), "specialisation") == (
        4,
        "diag.specialisation.ratio_high",
    )  # 24.8 %
    assert criterion(make_item(annual_budget=1_000_000), "specialisation") == (
        3,
        "diag.specialisation.ratio_mid",
    )  # 7.4 %
    assert criterion(make_item(annual_budget=5_000_000), "specialisation") == (
        1,
        "diag.specialisation.ratio_low",
    )  # 1.5 %: within reach alone, said so
    assert criterion(make_item(annual_budget=300_000, how_done="not_done"), "specialisation") == (
        5,
        "diag.specialisation.ratio_unmet",
    )


def test_specialisation_falls_back_on_team_size_then_neutral():
    assert criterion(make_item(staff_fte=0.5), "specialisation") == (
        5,
        "diag.specialisation.team_high",
    )
    assert criterion(make_item(staff_fte=8), "specialisation") == (
        2,
        "diag.specialisation.team_low",
    )
    assert criterion(make_item(), "specialisation") == (3, "diag.specialisation.unknown_budget")
    assert criterion(make_item(how_done="not_done"), "specialisation") == (
        4,
        "diag.specialisation.unknown_unmet",
    )


def test_underuse_measures_how_idle_an_owned_good_is():
    two_days = make_item(category=VAN, direction="inhouse", months=[2.0] * 12)  # 91 % idle
    half_used = make_item(category=VAN, direction="inhouse", months=[11.0] * 12)  # 50 % idle
    spare = make_item(category=VAN, direction="offer", months=[15.0] * 12)  # 68 % free

    assert criterion(two_days, "underuse") == (5, "diag.underuse.idle_days")
    assert score_item(two_days).criterion("underuse").reason.params == {"days": 6}
    assert criterion(half_used, "underuse")[0] == 3
    assert criterion(spare, "underuse") == (5, "diag.underuse.idle_days_offer")
    assert criterion(make_item(direction="inhouse"), "underuse") == (
        None,
        "diag.underuse.not_asset",
    )


def test_underuse_never_applies_to_a_need():
    for how_done in (None, "owned_asset", "freelance"):
        item = make_item(category=VAN, months=[2.0] * 12, how_done=how_done)
        assert criterion(item, "underuse") == (None, "diag.underuse.need")


def test_underuse_applies_to_an_owned_asset_of_any_kind():
    item = make_item(direction="inhouse", how_done="owned_asset", months=[14.0] * 12)

    assert criterion(item, "underuse") == (5, "diag.underuse.idle_days")


def test_standardisability_follows_specificity_and_outsourcing():
    assert criterion(make_item(specificity="low"), "standardisability") == (
        5,
        "diag.standard.low",
    )
    assert criterion(make_item(), "standardisability") == (3, "diag.standard.medium")
    assert criterion(make_item(specificity="high"), "standardisability") == (
        1,
        "diag.standard.high",
    )
    assert criterion(make_item(how_done="freelance"), "standardisability") == (
        4,
        "diag.standard.outsourced",
    )
    assert criterion(make_item(direction="offer", how_done="freelance"), "standardisability") == (
        3,
        "diag.standard.medium_offer",
    )
    assert criterion(make_item(specificity="high", how_done="freelance"), "standardisability")[
        0
    ] == (1)


def test_support_core_combines_the_item_and_its_category():
    core_category = dataclasses.replace(ACCOUNTING, support_or_core="core")

    assert criterion(make_item(), "support_core") == (5, "diag.support_core.support")
    assert criterion(make_item(category=core_category, importance="support"), "support_core")[
        0
    ] == (4)
    assert criterion(make_item(importance="core"), "support_core")[0] == 2
    assert criterion(make_item(category=core_category), "support_core") == (
        1,
        "diag.support_core.core",
    )


def test_confidentiality_uses_the_item_then_the_category():
    assert criterion(make_item(), "confidentiality") == (3, "diag.confidentiality.medium")
    assert criterion(make_item(confidentiality="low"), "confidentiality")[0] == 5
    assert criterion(make_item(confidentiality="high"), "confidentiality")[0] == 1


def test_competition_comes_from_the_category():
    booking = dataclasses.replace(ACCOUNTING, competitive_sensitivity="high")

    assert criterion(make_item(), "competition") == (5, "diag.competition.low")
    assert criterion(make_item(category=booking), "competition") == (1, "diag.competition.high")


def test_peak_compatibility_rewards_seasonal_needs():
    summer = [0.0] * 9 + [40.0] * 3  # peak 40, mean 10
    spring = [0.0] * 4 + [30.0] * 8  # peak 30, mean 20
    mild = [26.0] * 6 + [14.0] * 6  # peak 26, mean 20

    assert criterion(make_item(months=summer), "peak_compatibility") == (5, "diag.peak.seasonal")
    assert criterion(make_item(months=spring), "peak_compatibility")[0] == 4
    assert criterion(make_item(months=mild), "peak_compatibility") == (3, "diag.peak.mild")


def test_peak_compatibility_of_a_flat_need_depends_on_its_size():
    assert criterion(make_item(), "peak_compatibility") == (3, "diag.peak.flat_small")
    assert criterion(make_item(months=[100.0] * 12), "peak_compatibility") == (
        2,
        "diag.peak.flat_large",
    )
    assert criterion(make_item(months=[130.0] * 12), "peak_compatibility")[0] == 1


def test_spare_capacity_is_most_useful_when_it_is_there_all_year():
    def offer(months):
        return make_item(category=VAN, direction="offer", months=months)

    assert criterion(offer([9.0] * 12), "peak_compatibility") == (5, "diag.peak.flat_offer")
    assert criterion(offer([13.0] * 6 + [7.0] * 6), "peak_compatibility")[0] == 4
    assert criterion(offer([0.0] * 9 + [10.0] * 3), "peak_compatibility") == (
        2,
        "diag.peak.seasonal_offer",
    )


def test_peak_compatibility_does_not_matter_for_group_purchasing():
    purchase = dataclasses.replace(ACCOUNTING, family="ACH")

    assert criterion(make_item(category=purchase), "peak_compatibility") == (
        5,
        "diag.peak.purchasing",
    )


def test_proximity_follows_the_category_and_the_accepted_distance():
    assert criterion(make_item(), "proximity") == (5, "diag.proximity.low")
    assert criterion(make_item(category=VAN), "proximity") == (3, "diag.proximity.medium")
    assert criterion(make_item(category=VAN, max_distance_km=80), "proximity")[0] == 4
    assert criterion(make_item(category=VAN, max_distance_km=5), "proximity")[0] == 2


def test_cost_weight_compares_the_cost_with_the_budget():
    assert criterion(make_item(annual_cost=30_000, annual_budget=300_000), "cost_weight") == (
        5,
        "diag.cost.share",
    )
    assert criterion(make_item(annual_cost=9_000, annual_budget=300_000), "cost_weight")[0] == 3
    assert criterion(make_item(annual_cost=600, annual_budget=300_000), "cost_weight")[0] == 1


def test_cost_weight_estimates_a_missing_cost_from_the_standalone_rate():
    # 65 $/h * 240 h = 15 600 $, no budget: absolute bands (>= 8 000 $)
    score, reason = criterion(make_item(), "cost_weight")

    assert (score, reason) == (3, "diag.cost.absolute_estimated")
    assert score_item(make_item()).criterion("cost_weight").reason.params["cost"] == 15_600


def test_transition_ease_combines_criticality_how_it_is_done_and_satisfaction():
    assert criterion(make_item(), "transition_ease") == (4, "diag.transition.easy")
    assert criterion(make_item(criticality="high"), "transition_ease") == (
        1,
        "diag.transition.critical",
    )
    assert criterion(make_item(criticality="medium", how_done="staff"), "transition_ease") == (
        2,
        "diag.transition.staff",
    )
    assert criterion(make_item(how_done="not_done"), "transition_ease") == (
        5,
        "diag.transition.nothing_to_undo",
    )
    assert criterion(make_item(how_done="staff"), "transition_ease") == (
        3,
        "diag.transition.moderate",
    )
    assert criterion(make_item(importance="core", how_done="not_done"), "transition_ease")[0] == 3
    assert criterion(make_item(how_done="staff", satisfaction=1), "transition_ease")[0] == 4


# ----- levels and gating -------------------------------------------------------------------


def test_transition_of_an_offer_depends_only_on_how_critical_it_is():
    assert criterion(make_item(direction="offer", how_done="staff"), "transition_ease") == (
        4,
        "diag.transition.easy_offer",
    )
    assert criterion(make_item(direction="offer", criticality="high"), "transition_ease") == (
        1,
        "diag.transition.hard_offer",
    )


# ----- bands: where to start ----------------------------------------------------------------


def good_first_candidate(**overrides) -> ItemProfile:
    """A fractional, recurring, generic support need, not confidential, bought piecemeal."""
    fields = {
        "specificity": "low",
        "confidentiality": "low",
        "how_done": "freelance",
        "criticality": "low",
        "annual_budget": 375_000,
        "annual_cost": 15_600,
    }
    return make_item(**(fields | overrides))


def test_a_fractional_recurring_generic_support_need_is_strong():
    diagnosis = score_item(good_first_candidate())

    assert diagnosis.score >= STRONG
    assert diagnosis.band == "strong" and diagnosis.held_back == ()
    assert diagnosis.level == "L3"


def test_a_core_confidential_full_time_need_is_weak():
    core = dataclasses.replace(ACCOUNTING, support_or_core="core")
    item = make_item(category=core, confidentiality="high", specificity="high", months=[150.0] * 12)

    diagnosis = score_item(item)

    assert diagnosis.band == "weak"
    assert diagnosis.level in ("L0", "L1")


@pytest.mark.parametrize(
    ("overrides", "reason_id"),
    [
        (
            {"specificity": "medium", "how_done": "staff", "criticality": None},
            "diag.standard.medium",
        ),
        ({"confidentiality": "high"}, "diag.confidentiality.high"),
        ({"months": [20.0] * 6 + [0.0] * 6}, "diag.recurrence.occasional"),
        ({"months": [5.0] * 12}, "diag.volume.tiny"),
    ],
)
def test_an_unmet_condition_keeps_a_high_score_from_strong(overrides, reason_id):
    diagnosis = score_item(good_first_candidate(**overrides))

    assert diagnosis.score >= STRONG - 10
    assert diagnosis.band == "moderate"
    assert reason_id in [r.id for r in diagnosis.held_back]
    assert diagnosis.level == "L2"


def test_a_serious_brake_makes_an_item_weak_whatever_its_score():
    diagnosis = score_item(good_first_candidate(specificity="high"))

    assert diagnosis.score >= 50
    assert diagnosis.band == "weak"
    assert [r.id for r in diagnosis.held_back] == ["diag.standard.high"]


def test_a_zero_weight_is_no_condition():
    item = good_first_candidate(confidentiality="high")

    diagnosis = score_item(item, weights={"confidentiality": 0.0})

    assert diagnosis.band == "strong"


def test_recommended_level_is_the_typical_level_capped_by_the_score():
    assert recommended_level(80, "L4") == "L4"
    assert recommended_level(70, "L4") == "L2"
    assert recommended_level(50, "L4") == "L2"
    assert recommended_level(40, "L3") == "L1"
    assert recommended_level(10, "L3") == "L0"
    assert recommended_level(90, "L1") == "L1"


def test_critical_task_with_an_immature_partner_is_capped_at_l2():
    shared_service = dataclasses.replace(ACCOUNTING, typical_level="L4")
    item = make_item(
        category=shared_service,
        criticality="high",
        partner_maturity="low",
        how_done="not_done",
        specificity="low",
    )

    # transition not weighed, so that the band alone would allow the typical level
    diagnosis = score_item(item, weights={"transition_ease": 0.0})

    assert diagnosis.uncapped_level in ("L3", "L4")
    assert diagnosis.level == "L2"
    assert diagnosis.gated
    assert diagnosis.gate_reason == Reason("diag.gate.immature_partner", {"level": "L2"})


def test_critical_task_that_is_hard_to_transition_is_capped_at_l3():
    shared_service = dataclasses.replace(ACCOUNTING, typical_level="L4")
    item = good_first_candidate(category=shared_service, criticality="high")

    capped_by_the_gate = score_item(item, weights={"transition_ease": 0.0})
    capped_by_the_band = score_item(item)

    assert capped_by_the_gate.uncapped_level == "L4"
    assert capped_by_the_gate.level == "L3"
    assert capped_by_the_gate.gate_reason is not None
    assert capped_by_the_gate.gate_reason.id == "diag.gate.hard_transition"
    # weighed, a hard transition is a serious brake: weak, below the gate's cap already
    assert capped_by_the_band.band == "weak" and capped_by_the_band.level == "L1"


def test_non_critical_task_is_not_gated():
    diagnosis = score_item(make_item(partner_maturity="low"))

    assert not diagnosis.gated and diagnosis.gate_reason is None
    assert diagnosis.level == diagnosis.uncapped_level


def test_every_packaged_category_scores_between_0_and_100():
    for category in load_taxonomy():
        diagnosis = score_item(make_item(category=category, annual_budget=250_000))
        assert 0 <= diagnosis.score <= 100, category.code


# ----- messages ----------------------------------------------------------------------------


def _varied_items() -> list[ItemProfile]:
    van_offer = make_item(category=VAN, direction="offer", months=[9.0] * 12)
    return [
        make_item(),
        make_item(months=[0.0] * 12, how_done="not_done"),
        make_item(months=[1.0] * 11 + [100.0], annual_budget=200_000, annual_cost=5_000),
        make_item(months=[200.0] * 12, staff_fte=2, how_done="freelance", importance="core"),
        make_item(criticality="high", partner_maturity="low", specificity="high"),
        make_item(criticality="high", how_done="staff"),
        make_item(category=VAN, max_distance_km=30, months=[0.0] * 9 + [10.0] * 3),
        van_offer,
        make_item(category=dataclasses.replace(ACCOUNTING, family="ACH", proximity_need="high")),
        make_item(how_done="not_done", staff_fte=4, months=[26.0] * 6 + [14.0] * 6),
        make_item(how_done="not_done", annual_budget=100_000, months=[100.0] * 12),
    ]


def test_every_reason_renders_in_french_and_english():
    for item in _varied_items():
        diagnosis = score_item(item)
        reasons = [c.reason for c in diagnosis.criteria] + [diagnosis.gate_reason]
        for reason in filter(None, reasons):
            french, english = render(reason, "fr"), render(reason, "en")
            assert french and english and "{" not in french + english, reason.id


def test_french_rendering_uses_french_number_typography():
    reason = Reason("diag.cost.share", {"cost": 12_345.4, "share": 0.056})

    assert render(reason, "fr") == (
        f"Coûte 12{NBSP}345{NBSP}$ par année, soit 5,6{NBSP}% de votre budget."
    )
    assert render(reason, "en") == "Costs $12,345 a year, 5.6% of your budget."


def test_french_rendering_puts_no_break_spaces_inside_guillemets():
    text = render(Reason("diag.gate.hard_transition", {"level": "L3"}), "fr")

    assert f"«{NBSP}Entente formelle{NBSP}»" in text


def test_unknown_language_falls_back_to_french():
    reason = Reason("diag.standard.low")

    assert render(reason, "de") == render(reason, "fr")


def test_unknown_message_id_is_an_error():
    with pytest.raises(UnknownMessage):
        render(Reason("diag.nothing"))
