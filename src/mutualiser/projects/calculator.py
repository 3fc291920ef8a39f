"""The shared resource's cost and each partner's share, from the engine's cost model.

Only the engine's public functions are called (costmodel, costsharing): the shares, savings
and core checks are the engine's figures. This module adds what a page needs around them:
the editable parameters, and for each key the coalition that would do best alone (in words).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mutualiser.engine.costmodel import CostParams, group_peak, standalone_cost
from mutualiser.engine.costsharing import (
    RULES,
    CoreViolation,
    coalition_table,
    share_cost,
    subset_sums,
)
from mutualiser.organisations.choices import BUDGET_BAND_MIDPOINTS
from mutualiser.words import formats
from mutualiser.words.reasons import Reason, render

from .models import PoolingProject, ProjectPartner

RULE_LABELS = {
    "equal": _("À parts égales"),
    "proportional": _("À l'usage"),
    "budget": _("Au budget"),
    "fixed_variable": _("Fixe et variable"),
    "serial": _("Sérielle"),
    "shapley": _("Shapley"),
}
RULE_EXPLANATIONS = {
    "equal": _("Chacun paie la même part, quel que soit son usage."),
    "proportional": _("Chacun paie selon les quantités qu'il utilise dans l'année."),
    "budget": _("Chacun paie selon la taille de son budget annuel."),
    "fixed_variable": _("Une part fixe répartie également, le reste selon l'usage."),
    "serial": _(
        "Le coût est construit par paliers ; chaque palier est partagé par ceux qui en ont "
        "besoin : un petit usager ne paie jamais la croissance d'un grand."
    ),
    "shapley": _(
        "La moyenne de ce que chacun ajoute au coût, sur tous les ordres d'arrivée possibles."
    ),
}
CORE_EXACT_LIMIT = 16  # 2^16 coalitions: the worst coalition is found exactly below this

# The parameters a partner edits, with their bounds (a nonsense number gets a clear message).
PARAMETER_BOUNDS: dict[str, tuple[float, float]] = {
    "standalone_rate": (0.0, 100_000.0),
    "salary": (0.0, 10_000_000.0),
    "overheads_percent": (0.0, 300.0),
    "unit_capacity": (0.01, 1_000_000.0),
    "min_fraction": (0.0, 1.0),
    "member_overhead": (0.0, 1_000_000.0),
    "fixed_share_percent": (0.0, 100.0),
}


def default_parameters(project: PoolingProject) -> dict[str, float]:
    category = project.category
    return {
        "standalone_rate": category.standalone_rate,
        "salary": category.unit_cost,
        "overheads_percent": 0.0,
        "unit_capacity": category.unit_capacity,
        "min_fraction": category.min_fraction,
        "member_overhead": category.member_overhead,
        "fixed_share_percent": 50.0,
    }


def project_parameters(project: PoolingProject) -> dict[str, float]:
    """The category's figures, overridden by what the partners set (ignored when out of bounds)."""
    values = default_parameters(project)
    for key, value in (project.cost_parameters or {}).items():
        if key in PARAMETER_BOUNDS and isinstance(value, int | float) and math.isfinite(value):
            low, high = PARAMETER_BOUNDS[key]
            if low <= value <= high:
                values[key] = float(value)
    return values


def cost_params(project: PoolingProject, values: dict[str, float] | None = None) -> CostParams:
    values = values or project_parameters(project)
    category = project.category
    return CostParams(
        code=category.code,
        standalone_rate=values["standalone_rate"],
        unit_capacity=values["unit_capacity"],
        unit_cost=values["salary"] * (1 + values["overheads_percent"] / 100),
        min_fraction=values["min_fraction"],
        member_overhead=values["member_overhead"],
        # A project's partners are already chosen: the category's cap does not undo the group.
        max_group_size=max(category.max_group_size, project.partners.count()),
    )


def partner_budget(partner: ProjectPartner) -> float | None:
    if partner.budget is not None:
        return partner.budget
    band = partner.organisation.budget_band
    return float(BUDGET_BAND_MIDPOINTS[band]) if band in BUDGET_BAND_MIDPOINTS else None


@dataclass(frozen=True)
class PartnerRow:
    partner: ProjectPartner
    use: float
    standalone: float
    shares: dict[str, float]
    savings: dict[str, float]


@dataclass(frozen=True)
class RuleCheck:
    rule: str
    label: Any
    explanation: Any
    in_core: bool
    text: str  # the core check in words
    total: float


@dataclass(frozen=True)
class Calculation:
    params: CostParams
    values: dict[str, float]
    cost: float
    alone: float
    peak: float
    rows: list[PartnerRow]
    checks: list[RuleCheck]
    feasible: bool
    notes: list[str] = field(default_factory=list)

    @property
    def savings(self) -> float:
        return self.alone - self.cost

    def check(self, rule: str) -> RuleCheck:
        return next(c for c in self.checks if c.rule == rule)


def _worst_coalition(
    params: CostParams, demands: np.ndarray, shares: np.ndarray
) -> tuple[int, float, float] | None:
    """(mask, paid, alone) of the coalition paying most above its own cost, or None."""
    costs = coalition_table(params, demands)
    paid = subset_sums(shares)
    excess = paid - costs
    excess[0] = 0.0
    excess[-1] = 0.0  # the whole group pays what it costs under every key
    worst = int(np.argmax(excess))
    if excess[worst] <= 1e-6 * max(1.0, float(costs[-1])):
        return None
    return worst, float(paid[worst]), float(costs[worst])


def _core_text(
    rule: str,
    in_core: bool,
    names: list[str],
    params: CostParams,
    demands: np.ndarray,
    shares: np.ndarray,
    lang: str,
) -> str:
    if in_core:
        return str(_("Aucun sous-groupe ne ferait mieux seul."))
    if len(names) > CORE_EXACT_LIMIT:
        return str(_("Un sous-groupe au moins ferait mieux seul."))
    worst = _worst_coalition(params, demands, shares)
    if worst is None:
        return str(_("Un sous-groupe au moins ferait mieux seul."))
    mask, paid, alone = worst
    members = tuple(names[i] for i in range(len(names)) if mask >> i & 1)
    if len(members) == 1:
        return str(
            _("%(name)s paierait %(paid)s, soit %(excess)s de plus que %(alone)s en faisant seul.")
        ) % {
            "name": members[0],
            "paid": formats.money(paid, lang),
            "excess": formats.money(paid - alone, lang),
            "alone": formats.money(alone, lang),
        }
    return render(CoreViolation(members, paid, alone).reason(), lang)


def calculate(
    project: PoolingProject, *, lang: str, values: dict[str, float] | None = None
) -> Calculation | None:
    """Every key's shares of the project's resource, its texts in `lang`; None without partners."""
    with translation.override(lang):
        return _calculate(project, lang, values)


def _calculate(
    project: PoolingProject, lang: str, values: dict[str, float] | None
) -> Calculation | None:
    partners = project.partner_list()
    if not partners:
        return None
    values = values or project_parameters(project)
    params = cost_params(project, values)
    keys = [f"p{partner.pk}" for partner in partners]
    demands = {key: [float(q) for q in p.months] for key, p in zip(keys, partners, strict=True)}
    budgets = {
        key: budget
        for key, p in zip(keys, partners, strict=True)
        if (budget := partner_budget(p)) is not None
    }
    sharing = share_cost(
        params, demands, budgets=budgets, fixed_share=values["fixed_share_percent"] / 100
    )
    rows = [
        PartnerRow(
            partner=p,
            use=float(sum(demands[key])),
            standalone=standalone_cost(params, demands[key]),
            shares=sharing.shares[key],
            savings=sharing.savings[key],
        )
        for key, p in zip(keys, partners, strict=True)
    ]
    names = [p.organisation.name for p in partners]
    matrix = np.array([demands[key] for key in keys], dtype=float)
    checks = []
    for rule in RULES:
        shares = np.array([sharing.shares[key][rule] for key in keys], dtype=float)
        in_core = bool(sharing.in_core[rule])
        checks.append(
            RuleCheck(
                rule=rule,
                label=RULE_LABELS[rule],
                explanation=RULE_EXPLANATIONS[rule],
                in_core=in_core,
                text=_core_text(rule, in_core, names, params, matrix, shares, lang),
                total=float(shares.sum()),
            )
        )
    notes = [_render_note(note, lang) for note in sharing.notes]
    return Calculation(
        params=params,
        values=values,
        cost=sharing.cost,
        alone=sum(row.standalone for row in rows),
        peak=group_peak(list(demands.values())),
        rows=rows,
        checks=checks,
        feasible=sharing.feasible,
        notes=notes,
    )


def _render_note(note: Reason, lang: str) -> str:
    return render(note, lang)


def snapshot_figures(calculation: Calculation, rule: str) -> dict[str, Any]:
    """What an AllocationSnapshot keeps of a calculation under one key."""
    return {
        "rule": rule,
        "cost": calculation.cost,
        "parameters": dict(calculation.values),
        "in_core": calculation.check(rule).in_core,
        "shares": [
            {
                "partner": row.partner.pk,
                "organisation": row.partner.organisation.name,
                "use": row.use,
                "share": row.shares[rule],
                "standalone": row.standalone,
                "savings": row.savings[rule],
            }
            for row in calculation.rows
        ],
    }
