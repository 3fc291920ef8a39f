"""Pooling potential of one inventory item: the weighted grid of domain.md §3.

Twelve criteria, each scored 1–5 from the item's fields by a documented rule (docs/scoring.md)
or left out when it does not apply to the item's direction, weighted (DEFAULT_WEIGHTS are
domain.md's), and normalised to 0–100 over the criteria that apply:
`score = 100 * sum(w * (s - 1)) / (4 * sum(w))`, so all-1 gives 0 and all-5 gives 100.
The band (strong / moderate / weak) needs more than a score: a strong item also meets the
conditions of a good first candidate, a serious brake makes it weak (`judge_band`).
The recommended level is the category's typical level, lowered by a modest score or band and
capped by the gating rule (highly critical task with an immature partner or a hard transition).
An item without monthly quantities gets no verdict at all (`Diagnosis.missing`).
Every criterion carries a `Reason` that `words.reasons.render` turns into a sentence.
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
        # Not in domain.md's grid: how many compatible partners the partner search found
        # nearby (the caller passes the count; None leaves the criterion out).
        "partners_nearby": 2.0,
    }
)
CRITERIA: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)

# The potential's bands (docs/scoring.md, "Les seuils"): from STRONG the criteria are
# favourable on average (a note of 4 out of 5), from MODERATE more for than against.
STRONG = 75.0
MODERATE = 50.0
BANDS = ("strong", "moderate", "weak")
# The conditions of a good first candidate (domain.md §3: fractional, recurring, support,
# generic, not confidential; partners that do not compete; easy to reverse): the least note
# each criterion needs for the item to be "strong", whatever its score.
STRONG_CONDITIONS: Mapping[str, int] = MappingProxyType(
    {
        "recurrence": 4,
        "fractional_volume": 4,
        "support_core": 4,
        "standardisability": 4,
        "confidentiality": 3,
        "competition": 3,
        "transition_ease": 3,
        "proximity": 2,
    }
)
# Serious brakes (domain.md §3 and §5): the worst note (1) on one of these makes the item
# "weak" for now, whatever its score. Confidentiality is not one: it is framed in the
# agreement (Gironde guide), so it only keeps an item from "strong".
BRAKES: tuple[str, ...] = (
    "recurrence",
    "fractional_volume",
    "support_core",
    "standardisability",
    "competition",
    "transition_ease",
)
BAND_LEVEL_CAPS: Mapping[str, str] = MappingProxyType({"moderate": "L2", "weak": "L1"})
# Below each threshold the recommended level is capped at the paired level: a weak item at
# coordination (L1, information exchange under 30), a moderate one at a loan or one-off
# exchange (L2); a strong item gets its category's typical level.
LEVEL_CAPS: tuple[tuple[float, str], ...] = ((30.0, "L0"), (MODERATE, "L1"), (STRONG, "L2"))
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
    # Organisations nearby with a compatible need or offer (the partner search's candidates);
    # None: unknown (private organisation, in-house task, no search yet), criterion left out.
    partners_nearby: int | None = None

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
        if self.partners_nearby is not None and self.partners_nearby < 0:
            raise ValueError("partners_nearby must be >= 0 or None")
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
    score: int | None  # 1..5; None: does not apply to this item, left out of the score
    weight: float
    reason: Reason

    @property
    def applies(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on one item, or its absence: `missing` names what a verdict needs.

    An item without any monthly quantity has no score, level, band or reasons (`missing`
    is `("months",)`): nothing in the grid can be judged without knowing how much is at stake.
    """

    score: float | None  # 0..100; None without a verdict
    level: str | None  # recommended level L0..L5, after gating
    uncapped_level: str | None  # the level before the gating rule
    criteria: tuple[CriterionScore, ...]
    reasons_for: tuple[Reason, ...]  # strongest first
    reasons_against: tuple[Reason, ...]  # strongest first
    gated: bool  # the gating rule applies (its cap may equal the level already)
    gate_reason: Reason | None
    band: str | None = None  # strong | moderate | weak (`judge_band`); None without a verdict
    held_back: tuple[Reason, ...] = ()  # why the band is below the score's band
    missing: tuple[str, ...] = ()  # what the item lacks for a verdict ("months")

    @property
    def has_verdict(self) -> bool:
        return not self.missing

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Reasons for, then against."""
        return self.reasons_for + self.reasons_against

    def criterion(self, code: str) -> CriterionScore:
        for item in self.criteria:
            if item.code == code:
                return item
        raise KeyError(code)


def band_of(score: float) -> str:
    """The score's band alone: strong from STRONG, moderate from MODERATE, else weak."""
    if score >= STRONG:
        return "strong"
    return "moderate" if score >= MODERATE else "weak"


def judge_band(score: float, criteria: Sequence[CriterionScore]) -> tuple[str, tuple[Reason, ...]]:
    """The item's band and, when it is below the score's band, the reasons that hold it back.

    Weak: a score under MODERATE, or the worst note on one of BRAKES. Strong: a score from
    STRONG and every STRONG_CONDITIONS met. Criteria that do not apply or weigh 0 are not
    conditions. The reasons are the criteria's own, in display order.
    """
    counted = [c for c in criteria if c.score is not None and c.weight > 0]
    brakes = tuple(c.reason for c in counted if c.code in BRAKES and c.score <= 1)
    by_score = band_of(score)
    if by_score == "weak":
        return "weak", ()
    if brakes:
        return "weak", brakes
    if by_score == "moderate":
        return "moderate", ()
    unmet = tuple(
        c.reason
        for c in counted
        if c.code in STRONG_CONDITIONS and c.score < STRONG_CONDITIONS[c.code]
    )
    return ("moderate", unmet) if unmet else ("strong", ())


def missing_for_verdict(item: ItemProfile) -> tuple[str, ...]:
    """What the item lacks for a verdict: its monthly quantities, when every month is 0."""
    return () if any(item.months) else ("months",)


def _band(value: float, thresholds: Sequence[float]) -> int:
    """5 when value >= thresholds[0], 4 when >= thresholds[1], and so on; else 1."""
    for position, threshold in enumerate(thresholds):
        if value >= threshold:
            return 5 - position
    return 1


def _clamp(score: int) -> int:
    return max(1, min(5, score))


# ----- the rules (twelve from domain.md, and partners nearby) ------------------------------
# Each returns (score 1..5, Reason), or (None, Reason) when the criterion does not apply to the
# item's direction or kind: it is then left out of the score. Each reason speaks to the item's
# direction (a need, spare capacity to share, a task done in-house): the months are the need
# for a need or an in-house item, the spare capacity for an offer. docs/scoring.md documents
# the rules; keep the two in step.

Rule = tuple[int | None, Reason]
_TIME_UNITS = ("hour", "day", "month")


def _offer(item: ItemProfile) -> str:
    return "_offer" if item.direction == "offer" else ""


def break_even_share(category: Category) -> float:
    """Smallest share of one resource (peak / K) at which pooling can pay for a need.

    A group of `max_group_size` identical flat needs, each using share f of a resource,
    saves money when `r K f g > U max(m, g f) + o g` (the cost model of DESIGN.md). Below the
    returned share, even the largest group would pay more together than each member alone.
    Infinite when the shared resource never beats buying alone (r K <= U and no m region).
    """
    rate, capacity = category.standalone_rate, category.unit_capacity
    cost, minimum = category.unit_cost, category.min_fraction
    overhead, size = category.member_overhead, category.max_group_size
    below_minimum = (cost * minimum + overhead * size) / (rate * capacity * size)
    if below_minimum <= minimum / size:
        return below_minimum
    if rate * capacity > cost:
        return max(minimum / size, overhead / (rate * capacity - cost))
    return math.inf


def rule_recurrence(item: ItemProfile) -> Rule:
    active = [q for q in item.months if q > 0]
    offer = _offer(item)
    if not active:
        return 1, Reason("diag.recurrence.none")
    score = _band(len(active), (10, 7, 4, 2))
    mean = sum(active) / len(active)
    spread = math.sqrt(sum((q - mean) ** 2 for q in active) / len(active)) / mean
    params = {"active": len(active)}
    if spread > 0.75 and score > 1:
        return score - 1, Reason(f"diag.recurrence.irregular{offer}", params)
    if len(active) == MONTHS:
        return score, Reason(f"diag.recurrence.every_month{offer}")
    kind = "regular" if len(active) >= 7 else "occasional"
    return score, Reason(f"diag.recurrence.{kind}{offer}", params)


def rule_fractional_volume(item: ItemProfile) -> Rule:
    category = item.category
    capacity = category.unit_capacity
    if not any(item.months):
        return 3, Reason("diag.volume.none")
    if item.direction == "offer":
        if _owns_asset(item):
            # an owned good's spare capacity is its idle time, judged under "underuse" once
            return None, Reason("diag.volume.offer_asset")
        spare = sum(item.months) / MONTHS
        score = _band(spare / capacity, (0.5, 0.3, 0.15, 1e-12))
        kind = "large" if score >= 4 else "some" if score == 3 else "little"
        params = {"spare": spare, "capacity": capacity, "unit": category.unit}
        return score, Reason(f"diag.volume.spare_{kind}", params)
    peak = max(item.months)
    fraction = peak / capacity
    params = {"peak": peak, "capacity": capacity, "unit": category.unit}
    if fraction > 1:
        return 1, Reason("diag.volume.more_than_one", params)
    if fraction < break_even_share(category):
        params["size"] = category.max_group_size
        return 2, Reason("diag.volume.tiny", params)
    if category.family == "ACH":
        # group purchasing: a small order is the point, whatever the unit
        score = 5 if fraction <= 0.25 else 4 if fraction <= 0.5 else 3
        return score, Reason("diag.volume.purchase")
    if fraction <= 0.25:
        return 5, Reason("diag.volume.small", params)
    if fraction <= 0.5:
        return 4, Reason("diag.volume.part", params)
    return (3 if fraction <= 0.75 else 2), Reason("diag.volume.most", params)


def rule_specialisation(item: ItemProfile) -> Rule:
    if item.direction == "offer":
        # how hard the resource is to get alone is the partners' question, not the owner's
        return None, Reason("diag.specialisation.offer")
    unmet = item.how_done == "not_done"
    if item.annual_budget:
        yearly = MONTHS * item.category.unit_cost
        share = yearly / item.annual_budget
        score = _clamp(_band(share, (0.25, 0.12, 0.06, 0.03)) + int(unmet))
        kind = "unmet" if unmet and score >= 4 else _grade(score)
        return score, Reason(
            f"diag.specialisation.ratio_{kind}", {"yearly": yearly, "share": share}
        )
    if item.staff_fte is not None:
        fte = item.staff_fte
        score = 5 if fte < 1 else 4 if fte < 3 else 3 if fte < 6 else 2 if fte < 15 else 1
        score = _clamp(score + int(unmet))
        kind = "unmet" if unmet and score >= 4 else _grade(score)
        return score, Reason(f"diag.specialisation.team_{kind}", {"fte": fte})
    if unmet:
        return 4, Reason("diag.specialisation.unknown_unmet")
    return 3, Reason("diag.specialisation.unknown_budget")


def _grade(score: int) -> str:
    return "high" if score >= 4 else "mid" if score == 3 else "low"


def _owns_asset(item: ItemProfile) -> bool:
    """Whether the item is a good the organisation holds (the under-use criterion's object)."""
    if item.direction == "need" or item.category.family == "ACH":
        return False
    if item.how_done == "owned_asset":
        return True
    return item.category.kind == "material" and item.how_done in (None, "staff")


def rule_underuse(item: ItemProfile) -> Rule:
    if item.direction == "need":
        return None, Reason("diag.underuse.need")
    if not _owns_asset(item):
        return None, Reason("diag.underuse.not_asset")
    capacity = item.category.unit_capacity
    mean = sum(item.months) / MONTHS
    used = min(1.0, mean / capacity)
    if item.direction == "offer":
        # the months are the spare capacity: what is free to share, on the offer's bands
        idle = used
        score = _band(idle, (0.5, 0.3, 0.15, 1e-12))
    else:
        idle = 1.0 - used
        score = _band(idle, (0.8, 0.6, 0.4, 0.2))
    offer = _offer(item)
    unit = item.category.unit
    if unit in _TIME_UNITS:
        days = round(7 * idle)
        if days >= 7:
            return score, Reason(f"diag.underuse.idle_always{offer}")
        if days <= 0:
            return score, Reason(f"diag.underuse.idle_never{offer}")
        return score, Reason(f"diag.underuse.idle_days{offer}", {"days": days})
    amount = mean if item.direction == "offer" else capacity - min(mean, capacity)
    params = {"free": amount, "capacity": capacity, "unit": unit}
    return score, Reason(f"diag.underuse.idle_share{offer}", params)


def rule_standardisability(item: ItemProfile) -> Rule:
    score = _LOW_IS_GOOD[item.specificity]
    if item.specificity != "high":
        if item.how_done == "shared":
            return _clamp(score + 1), Reason("diag.standard.shared")
        if item.how_done == "freelance" and item.direction != "offer":
            return _clamp(score + 1), Reason("diag.standard.outsourced")
    return score, Reason(f"diag.standard.{item.specificity}{_offer(item)}")


def rule_support_core(item: ItemProfile) -> Rule:
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


def rule_confidentiality(item: ItemProfile) -> Rule:
    level = item.confidentiality or item.category.confidentiality
    return _LOW_IS_GOOD[level], Reason(f"diag.confidentiality.{level}")


def rule_competition(item: ItemProfile) -> Rule:
    level = item.category.competitive_sensitivity
    return _LOW_IS_GOOD[level], Reason(f"diag.competition.{level}")


def _times(ratio: float) -> float:
    """A peak-to-mean ratio to the nearest half: "about 3 times an average month"."""
    return max(1.5, round(2 * ratio) / 2)


def rule_peak_compatibility(item: ItemProfile) -> Rule:
    if item.category.family == "ACH":
        return 5, Reason("diag.peak.purchasing")
    total = sum(item.months)
    if total == 0:
        return 3, Reason("diag.peak.none")
    peak = max(item.months)
    ratio = peak / (total / MONTHS)
    if item.direction == "offer":
        # spare capacity serves needs that fit in it every month: the flatter, the more it serves
        if ratio >= 1.5:
            score = 2 if ratio >= 2 else 3
            return score, Reason("diag.peak.seasonal_offer", {"times": _times(ratio)})
        if ratio >= 1.2:
            return 4, Reason("diag.peak.mild_offer")
        return 5, Reason("diag.peak.flat_offer")
    if ratio >= 1.5:
        return _band(ratio, (2.0, 1.5)), Reason("diag.peak.seasonal", {"times": _times(ratio)})
    if ratio >= 1.2:
        return 3, Reason("diag.peak.mild")
    fraction = peak / item.category.unit_capacity
    if fraction <= 0.5:
        return 3, Reason("diag.peak.flat_small")
    return (2 if fraction <= 0.75 else 1), Reason("diag.peak.flat_large")


def rule_proximity(item: ItemProfile) -> Rule:
    level = item.category.proximity_need
    if level == "low":
        return 5, Reason("diag.proximity.low")
    score = _LOW_IS_GOOD[level]
    distance = item.max_distance_km
    reach = (
        "" if distance is None else "_far" if distance >= 50 else "_near" if distance < 10 else ""
    )
    score = _clamp(score + {"_far": 1, "_near": -1}.get(reach, 0))
    if level == "high" and reach == "_near":
        reach = ""  # already the lowest note: say it plainly
    return score, Reason(f"diag.proximity.{level}{reach}", {"distance": distance})


def rule_cost_weight(item: ItemProfile) -> Rule:
    offer = _offer(item)
    if item.annual_cost is None:
        if item.direction == "offer":
            # spare capacity priced at the standalone rate is not what the owner pays for it
            return 3, Reason("diag.cost.unknown_offer")
        cost, suffix = standalone_cost(item.category.cost_params(), item.months), "_estimated"
    else:
        cost, suffix = item.annual_cost, offer
    if cost <= 0:
        return 1, Reason(f"diag.cost.nothing{offer}")
    if item.annual_budget:
        share = cost / item.annual_budget
        score = _band(share, (0.10, 0.05, 0.02, 0.005))
        low = "_low" if score <= 2 else ""  # a small line: say so, it is a reason against
        return score, Reason(f"diag.cost.share{suffix}{low}", {"cost": cost, "share": share})
    score = _band(cost, (50_000, 20_000, 8_000, 2_000))
    low = "_low" if score <= 2 else ""
    return score, Reason(f"diag.cost.absolute{suffix}{low}", {"cost": cost})


def rule_transition_ease(item: ItemProfile) -> Rule:
    core = (item.importance or item.category.support_or_core) == "core"
    if item.criticality is not None:
        score = _LOW_IS_GOOD[item.criticality]
    else:
        score = 2 if core else 4
    offer = item.direction == "offer"
    if not offer:
        # an offer keeps its owner's way of working: only how critical it is matters
        if item.how_done == "staff":
            score -= 1  # an employee's job to transition
        elif item.how_done in ("not_done", "shared"):
            score += 1  # nothing to dismantle
        if item.satisfaction is not None and item.satisfaction <= 2:
            score += 1  # an unsatisfying arrangement is easy to leave
    score = _clamp(score)
    if offer:
        kind = "easy" if score >= 4 else "moderate" if score == 3 else "hard"
        return score, Reason(f"diag.transition.{kind}_offer")
    if score >= 4:
        kind = "nothing_to_undo" if item.how_done in ("not_done", "shared") else "easy"
    elif score == 3:
        kind = "moderate"
    elif item.criticality == "high":
        kind = "critical"
    elif item.how_done == "staff":
        kind = "staff"
    else:
        kind = "core"
    return score, Reason(f"diag.transition.{kind}")


def rule_partners_nearby(item: ItemProfile) -> Rule:
    """No partner yet is a brake for now, not a verdict: others may join (2, not 1)."""
    count = item.partners_nearby
    if count is None:
        return None, Reason("diag.partners.unknown")
    if count == 0:
        return 2, Reason("diag.partners.none")
    if count == 1:
        return 3, Reason("diag.partners.one")
    if count == 2:
        return 4, Reason("diag.partners.some", {"count": count})
    return 5, Reason("diag.partners.many", {"count": count})


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
    "partners_nearby": rule_partners_nearby,
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
    zero weight drops a criterion from the score but still reports it; so does a criterion
    that does not apply to the item (its score is None). With no applicable weighted
    criterion the score is the neutral 50. An item without monthly quantities gets no verdict
    (`Diagnosis.missing`).
    """
    resolved = _resolve_weights(weights)
    missing = missing_for_verdict(item)
    if missing:
        return Diagnosis(
            score=None,
            level=None,
            uncapped_level=None,
            criteria=(),
            reasons_for=(),
            reasons_against=(),
            gated=False,
            gate_reason=None,
            missing=missing,
        )
    criteria = []
    for code in CRITERIA:
        note, reason = RULES[code](item)
        criteria.append(CriterionScore(code, note, resolved[code], reason))
    weighted = [c for c in criteria if c.weight > 0 and c.score is not None]
    total_weight = sum(c.weight for c in weighted)
    if total_weight:
        score = 100.0 * sum(c.weight * (c.score - 1) for c in weighted) / (4.0 * total_weight)
    else:
        score = 50.0

    band, held_back = judge_band(score, criteria)
    uncapped = recommended_level(score, item.category.typical_level)
    if band in BAND_LEVEL_CAPS:
        uncapped = _min_level(uncapped, BAND_LEVEL_CAPS[band])
    gate_reason = None
    level = uncapped
    if item.criticality == "high":
        transition = next(c for c in criteria if c.code == "transition_ease").score or 3
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
        return c.weight * abs((c.score or 3) - 3)

    # sorted() is stable, so ties keep the criteria's display order
    pros = sorted((c for c in weighted if (c.score or 0) >= 4), key=strength, reverse=True)
    cons = sorted((c for c in weighted if (c.score or 5) <= 2), key=strength, reverse=True)
    return Diagnosis(
        score=score,
        level=level,
        uncapped_level=uncapped,
        criteria=tuple(criteria),
        reasons_for=tuple(c.reason for c in pros[:TOP_REASONS]),
        reasons_against=tuple(c.reason for c in cons[:TOP_REASONS]),
        gated=gate_reason is not None,
        gate_reason=gate_reason,
        band=band,
        held_back=held_back,
    )
