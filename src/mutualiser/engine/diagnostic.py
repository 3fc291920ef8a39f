"""Pooling potential of one inventory item: the weighted grid of domain.md §3.

Twelve criteria, each scored 1–5 from the item's fields by a documented rule (docs/scoring.md),
weighted (DEFAULT_WEIGHTS are domain.md's), and normalised to 0–100:
`score = 100 * sum(w * (s - 1)) / (4 * sum(w))`, so all-1 gives 0 and all-5 gives 100.
The recommended level is the category's typical level, lowered when the score is modest and
capped by the gating rule (highly critical task with an immature partner or a hard transition).
Every criterion carries a `Reason` that `messages.render` turns into a sentence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from mutualiser.engine.costmodel import MONTHS, standalone_cost
from mutualiser.engine.taxonomy import LEVELS, Category
from mutualiser.words.reasons import Reason

DIRECTIONS = ("need", "offer", "inhouse")
HOW_DONE = ("staff", "freelance", "volunteer", "not_done", "owned_asset", "shared")
LOW_MEDIUM_HIGH = ("low", "medium", "high")

Weights = Mapping[str, float]

# Order = display order; weights from domain.md §3.
DEFAULT_WEIGHTS: Weights = MappingProxyType(
    {
        "recurrence": 2.0,
        "fractional_volume": 3.0,
        "specialisation": 2.0,
        "underuse": 2.0,
        "standardisability": 2.0,
        "support_core": 3.0,
        "confidentiality": 1.0,
        "competition": 2.0,
        "peak_compatibility": 2.0,
        "proximity": 1.0,
        "cost_weight": 2.0,
        "transition_ease": 2.0,
    }
)
CRITERIA: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)

# Score bands: below each threshold, the recommended level is capped at the paired level.
LEVEL_CAPS: tuple[tuple[float, str], ...] = ((30.0, "L0"), (45.0, "L1"), (60.0, "L2"), (75.0, "L3"))
GATE_IMMATURE_PARTNER = "L2"
GATE_HARD_TRANSITION = "L3"
TOP_REASONS = 3

_LOW_IS_GOOD = {"low": 5, "medium": 3, "high": 1}


@dataclass(frozen=True)
class ItemProfile:
    """One inventory item with the context of its organisation, as the diagnostic sees it.

    `months` are quantities per month in the category's unit: the need for a need or in-house
    item, the spare capacity for an offer. Optional fields left to None fall back to the
    category's defaults or to a neutral score, as docs/scoring.md says per criterion.
    """

    category: Category
    direction: str  # need | offer | inhouse
    months: Sequence[float]
    how_done: str | None = None  # staff | freelance | volunteer | not_done | owned_asset | shared
    annual_cost: float | None = None  # $ per year today
    satisfaction: int | None = None  # 1..5
    importance: str | None = None  # core | support; None: the category's
    confidentiality: str | None = None  # low | medium | high; None: the category's
    specificity: str = "medium"  # low | medium | high: how specific to this organisation
    max_distance_km: float | None = None
    annual_budget: float | None = None  # of the organisation, $ per year
    staff_fte: float | None = None
    criticality: str | None = None  # low | medium | high: what if it stopped for a month?
    partner_maturity: str | None = None  # low | medium | high: of the intended partner(s)

    def __post_init__(self) -> None:
        months = tuple(float(q) for q in self.months)
        if len(months) != MONTHS or any(not math.isfinite(q) or q < 0 for q in months):
            raise ValueError("months must be 12 finite quantities >= 0")
        object.__setattr__(self, "months", months)
        _check_choice("direction", self.direction, DIRECTIONS)
        _check_choice("how_done", self.how_done, HOW_DONE, optional=True)
        _check_choice("importance", self.importance, ("core", "support"), optional=True)
        _check_choice("confidentiality", self.confidentiality, LOW_MEDIUM_HIGH, optional=True)
        _check_choice("specificity", self.specificity, LOW_MEDIUM_HIGH)
        _check_choice("criticality", self.criticality, LOW_MEDIUM_HIGH, optional=True)
        _check_choice("partner_maturity", self.partner_maturity, LOW_MEDIUM_HIGH, optional=True)
        if self.satisfaction is not None and self.satisfaction not in range(1, 6):
            raise ValueError("satisfaction must be 1..5 or None")
        for name in ("annual_cost", "annual_budget", "staff_fte", "max_distance_km"):
            value = getattr(self, name)
            if value is not None and (not math.isfinite(value) or value < 0):
                raise ValueError(f"{name} must be >= 0 or None")


def _check_choice(
    name: str, value: object, choices: tuple[str, ...], optional: bool = False
) -> None:
    if value is None and optional:
        return
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


@dataclass(frozen=True)
class CriterionScore:
    code: str
    score: int  # 1..5
    weight: float
    reason: Reason


@dataclass(frozen=True)
class Diagnosis:
    score: float  # 0..100
    level: str  # recommended level L0..L5, after gating
    uncapped_level: str  # the level before the gating rule
    criteria: tuple[CriterionScore, ...]
    reasons_for: tuple[Reason, ...]  # strongest first
    reasons_against: tuple[Reason, ...]  # strongest first
    gated: bool  # the gating rule applies (its cap may equal the level already)
    gate_reason: Reason | None

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Reasons for, then against."""
        return self.reasons_for + self.reasons_against

    def criterion(self, code: str) -> CriterionScore:
        for item in self.criteria:
            if item.code == code:
                return item
        raise KeyError(code)


def _band(value: float, thresholds: Sequence[float]) -> int:
    """5 when value >= thresholds[0], 4 when >= thresholds[1], and so on; else 1."""
    for position, threshold in enumerate(thresholds):
        if value >= threshold:
            return 5 - position
    return 1


def _clamp(score: int) -> int:
    return max(1, min(5, score))


# ----- the twelve rules ----------------------------------------------------------------------
# Each returns (score 1..5, Reason). docs/scoring.md documents them; keep the two in step.


def rule_recurrence(item: ItemProfile) -> tuple[int, Reason]:
    active = [q for q in item.months if q > 0]
    if not active:
        return 1, Reason("diag.recurrence.none")
    score = _band(len(active), (10, 7, 4, 2))
    mean = sum(active) / len(active)
    spread = math.sqrt(sum((q - mean) ** 2 for q in active) / len(active)) / mean
    offer = "_offer" if item.direction == "offer" else ""  # the months are spare capacity
    if spread > 0.75 and score > 1:
        return score - 1, Reason(f"diag.recurrence.irregular{offer}", {"active": len(active)})
    kind = "regular" if len(active) >= 7 else "occasional"
    return score, Reason(f"diag.recurrence.{kind}{offer}", {"active": len(active)})


def rule_fractional_volume(item: ItemProfile) -> tuple[int, Reason]:
    capacity = item.category.unit_capacity
    if not any(item.months):
        return 3, Reason("diag.volume.none")
    if item.direction == "offer":
        fraction = sum(item.months) / MONTHS / capacity
        return _band(fraction, (0.5, 0.3, 0.15, 1e-12)), Reason(
            "diag.volume.spare", {"fraction": fraction}
        )
    peak = max(item.months)
    fraction = peak / capacity
    if fraction > 1:
        return 1, Reason("diag.volume.more_than_one", {"fraction": fraction})
    score = 5 if fraction <= 0.25 else 4 if fraction <= 0.5 else 3 if fraction <= 0.75 else 2
    params = {"peak": peak, "unit": item.category.unit, "fraction": fraction}
    return score, Reason("diag.volume.fraction", params)


def rule_specialisation(item: ItemProfile) -> tuple[int, Reason]:
    unmet = item.how_done == "not_done"
    suffix = "_unmet" if unmet else ""
    if item.annual_budget:
        yearly = MONTHS * item.category.unit_cost
        share = yearly / item.annual_budget
        score = _band(share, (0.25, 0.12, 0.06, 0.03)) + int(unmet)
        params = {"yearly": yearly, "share": share}
        return _clamp(score), Reason(f"diag.specialisation.ratio{suffix}", params)
    if item.staff_fte is not None:
        fte = item.staff_fte
        score = 5 if fte < 1 else 4 if fte < 3 else 3 if fte < 6 else 2 if fte < 15 else 1
        return _clamp(score + int(unmet)), Reason(f"diag.specialisation.team{suffix}", {"fte": fte})
    if unmet:
        return 4, Reason("diag.specialisation.unknown_unmet")
    return 3, Reason("diag.specialisation.unknown_budget")


def rule_underuse(item: ItemProfile) -> tuple[int, Reason]:
    if item.category.kind != "material" and item.how_done != "owned_asset":
        return 3, Reason("diag.underuse.not_asset")
    used = min(1.0, sum(item.months) / MONTHS / item.category.unit_capacity)
    if item.direction == "offer":
        idle, message = used, "diag.underuse.offer"  # the months are the spare capacity
    else:
        idle, message = 1.0 - used, "diag.underuse.idle"
    return _band(idle, (0.8, 0.6, 0.4, 0.2)), Reason(message, {"idle": idle})


def rule_standardisability(item: ItemProfile) -> tuple[int, Reason]:
    score = _LOW_IS_GOOD[item.specificity]
    if item.how_done in ("freelance", "shared") and item.specificity != "high":
        return _clamp(score + 1), Reason("diag.standard.outsourced")
    return score, Reason(f"diag.standard.{item.specificity}")


def rule_support_core(item: ItemProfile) -> tuple[int, Reason]:
    category = item.category.support_or_core
    own = item.importance or category
    table = {
        ("support", "support"): (5, "support"),
        ("support", "core"): (4, "mostly_support"),
        ("core", "support"): (2, "mostly_core"),
        ("core", "core"): (1, "core"),
    }
    score, kind = table[(own, category)]
    return score, Reason(f"diag.support_core.{kind}")


def rule_confidentiality(item: ItemProfile) -> tuple[int, Reason]:
    level = item.confidentiality or item.category.confidentiality
    return _LOW_IS_GOOD[level], Reason(f"diag.confidentiality.{level}")


def rule_competition(item: ItemProfile) -> tuple[int, Reason]:
    level = item.category.competitive_sensitivity
    return _LOW_IS_GOOD[level], Reason(f"diag.competition.{level}")


def rule_peak_compatibility(item: ItemProfile) -> tuple[int, Reason]:
    if item.category.family == "ACH":
        return 5, Reason("diag.peak.purchasing")
    total = sum(item.months)
    if total == 0:
        return 3, Reason("diag.peak.none")
    offer = "_offer" if item.direction == "offer" else ""  # the months are spare capacity
    peak = max(item.months)
    ratio = peak / (total / MONTHS)
    if ratio >= 1.5:
        return _band(ratio, (2.0, 1.5)), Reason(f"diag.peak.seasonal{offer}", {"ratio": ratio})
    if ratio >= 1.2:
        return 3, Reason(f"diag.peak.mild{offer}", {"ratio": ratio})
    fraction = peak / item.category.unit_capacity
    if fraction <= 0.5:
        return 3, Reason(f"diag.peak.flat_small{offer}")
    return (2 if fraction <= 0.75 else 1), Reason(f"diag.peak.flat_large{offer}")


def rule_proximity(item: ItemProfile) -> tuple[int, Reason]:
    level = item.category.proximity_need
    score = _LOW_IS_GOOD[level]
    distance = item.max_distance_km
    if level != "low" and distance is not None:
        score += 1 if distance >= 50 else -1 if distance < 10 else 0
    params = {} if level == "low" else {"distance": distance}
    return _clamp(score), Reason(f"diag.proximity.{level}", params)


def rule_cost_weight(item: ItemProfile) -> tuple[int, Reason]:
    estimated = item.annual_cost is None
    if item.annual_cost is None:
        cost = standalone_cost(item.category.cost_params(), item.months)
    else:
        cost = item.annual_cost
    suffix = "_estimated" if estimated else ""
    if item.annual_budget:
        share = cost / item.annual_budget
        score = _band(share, (0.10, 0.05, 0.02, 0.005))
        return score, Reason(f"diag.cost.share{suffix}", {"cost": cost, "share": share})
    score = _band(cost, (50_000, 20_000, 8_000, 2_000))
    return score, Reason(f"diag.cost.absolute{suffix}", {"cost": cost})


def rule_transition_ease(item: ItemProfile) -> tuple[int, Reason]:
    if item.criticality is not None:
        score = _LOW_IS_GOOD[item.criticality]
    else:
        score = 2 if (item.importance or item.category.support_or_core) == "core" else 4
    if item.how_done == "staff":
        score -= 1  # an employee's job to transition
    elif item.how_done in ("not_done", "shared"):
        score += 1  # nothing to dismantle
    if item.satisfaction is not None and item.satisfaction <= 2:
        score += 1  # an unsatisfying arrangement is easy to leave
    score = _clamp(score)
    kind = "easy" if score >= 4 else "moderate" if score == 3 else "hard"
    return score, Reason(f"diag.transition.{kind}")


RULES = {
    "recurrence": rule_recurrence,
    "fractional_volume": rule_fractional_volume,
    "specialisation": rule_specialisation,
    "underuse": rule_underuse,
    "standardisability": rule_standardisability,
    "support_core": rule_support_core,
    "confidentiality": rule_confidentiality,
    "competition": rule_competition,
    "peak_compatibility": rule_peak_compatibility,
    "proximity": rule_proximity,
    "cost_weight": rule_cost_weight,
    "transition_ease": rule_transition_ease,
}


def _resolve_weights(weights: Weights | None) -> dict[str, float]:
    resolved = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(resolved)
        if unknown:
            raise ValueError(f"unknown criteria in weights: {', '.join(sorted(unknown))}")
        resolved.update({code: float(w) for code, w in weights.items()})
    if any(not math.isfinite(w) or w < 0 for w in resolved.values()):
        raise ValueError("weights must be finite and >= 0")
    if sum(resolved.values()) == 0:
        raise ValueError("at least one weight must be positive")
    return resolved


def _min_level(a: str, b: str) -> str:
    return a if LEVELS.index(a) <= LEVELS.index(b) else b


def recommended_level(score: float, typical_level: str) -> str:
    """The category's typical level, capped by the score band (LEVEL_CAPS)."""
    for threshold, cap in LEVEL_CAPS:
        if score < threshold:
            return _min_level(typical_level, cap)
    return typical_level


def score_item(item: ItemProfile, *, weights: Weights | None = None) -> Diagnosis:
    """Score an inventory item's pooling potential (0–100) and recommend a level, with reasons.

    `weights` overrides some or all of DEFAULT_WEIGHTS (unknown codes raise ValueError). A
    zero weight drops a criterion from the score but still reports it.
    """
    resolved = _resolve_weights(weights)
    criteria = []
    for code in CRITERIA:
        score, reason = RULES[code](item)
        criteria.append(CriterionScore(code, score, resolved[code], reason))
    total = sum(c.weight * (c.score - 1) for c in criteria)
    score = 100.0 * total / (4.0 * sum(resolved.values()))

    uncapped = recommended_level(score, item.category.typical_level)
    gate_reason = None
    level = uncapped
    if item.criticality == "high":
        transition = next(c for c in criteria if c.code == "transition_ease").score
        if item.partner_maturity == "low":
            cap, message = GATE_IMMATURE_PARTNER, "diag.gate.immature_partner"
        elif transition <= 2:
            cap, message = GATE_HARD_TRANSITION, "diag.gate.hard_transition"
        else:
            cap = message = None
        if cap is not None and message is not None:
            gate_reason = Reason(message, {"level": cap})
            level = _min_level(uncapped, cap)

    def strength(c: CriterionScore) -> float:
        return c.weight * abs(c.score - 3)

    # sorted() is stable, so ties keep the criteria's display order
    weighted = [c for c in criteria if c.weight > 0]
    pros = sorted((c for c in weighted if c.score >= 4), key=strength, reverse=True)
    cons = sorted((c for c in weighted if c.score <= 2), key=strength, reverse=True)
    return Diagnosis(
        score=score,
        level=level,
        uncapped_level=uncapped,
        criteria=tuple(criteria),
        reasons_for=tuple(c.reason for c in pros[:TOP_REASONS]),
        reasons_against=tuple(c.reason for c in cons[:TOP_REASONS]),
        gated=gate_reason is not None,
        gate_reason=gate_reason,
    )
