"""The diagnostic's results: every inventory item scored by the engine, ranked, explained.

Models -> the engine's `ItemProfile` (`item_profile`), `score_item` with the active weights of
the scoring grid, and a plain result the results page and the PDF report both render
(`diagnostic_results`). The scoring grid's weights are edited by facilitators
(`scoring_weights_update`, `scoring_weights_restore_defaults`).

"Strategic importance" (the chart's y axis) is ours, not the engine's: how much an item is
tied to the organisation's identity, 0–100, from the member's own answers:
`100 * (0.4 * core + 0.3 * specificity + 0.3 * confidentiality)` where core is 1 for the core of
the mission and 0 for support, and specificity and confidentiality count low 0, medium 0.5,
high 1. A support task is at most 60, a core task at least 40. docs/diagnostic.md explains it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mutualiser.engine import taxonomy as engine_taxonomy
from mutualiser.engine.costmodel import standalone_cost
from mutualiser.engine.diagnostic import (  # noqa: F401 (STRONG, MODERATE: for the views)
    CRITERIA,
    DEFAULT_WEIGHTS,
    MODERATE,
    STRONG,
    Diagnosis,
    ItemProfile,
    score_item,
)
from mutualiser.kept import KeptMemory
from mutualiser.organisations.choices import BUDGET_BAND_MIDPOINTS
from mutualiser.organisations.models import Organisation
from mutualiser.words.reasons import label, render, unit_name

from . import results_cache
from .models import Category, Direction, InventoryItem, ScoringWeights

FACILITATORS_GROUP = "facilitateurs"

# The potential's bands (STRONG, MODERATE and the conditions of a first candidate) are the
# engine's, documented in docs/scoring.md.
# The chart's horizontal split: above it, an item is tied to the organisation's identity.
STRATEGIC = 50.0

_GRADE = {"low": 0.0, "medium": 0.5, "high": 1.0}
SUMMARY_BEST = 3

# What each recommended level means, in plain words.
LEVEL_MEANINGS: Mapping[str, object] = {
    "L0": _("Partager de l'information, des contacts et des bonnes pratiques."),
    "L1": _("Se coordonner : calendriers, achats ou démarches menés ensemble, sans engagement."),
    "L2": _("Se prêter ou s'échanger une ressource au besoin, avec une entente simple."),
    "L3": _("Partager une ressource par une entente écrite : coûts, horaire, durée, sortie."),
    "L4": _("Confier la tâche à une structure de services partagés entre plusieurs organismes."),
    "L5": _("Créer une structure commune, voire fusionner : un engagement de long terme."),
}

CRITERION_DESCRIPTIONS: Mapping[str, object] = {
    "recurrence": _("Le besoin revient-il tous les mois, ou seulement quelques mois par année ?"),
    "fractional_volume": _(
        "Le besoin n'occupe-t-il qu'une fraction d'une ressource complète (un poste, un local) ?"
    ),
    "specialisation": _(
        "La ressource est-elle chère ou rare pour un organisme de votre taille (budget, équipe) ?"
    ),
    "underuse": _("Un bien possédé seul resterait-il inutilisé une bonne partie du temps ?"),
    "standardisability": _("La tâche est-elle générique plutôt que propre à votre organisme ?"),
    "support_core": _("S'agit-il d'une fonction de soutien plutôt que du cœur de la mission ?"),
    "confidentiality": _("La tâche touche-t-elle peu de données sensibles ?"),
    "competition": _("Les partenaires évitent-ils de se disputer le résultat (dates, publics) ?"),
    "peak_compatibility": _(
        "Les pointes du besoin sont-elles saisonnières, donc faciles à combiner avec d'autres ?"
    ),
    "proximity": _("La tâche peut-elle se faire à distance, sans présence sur place ?"),
    "cost_weight": _("Le poste pèse-t-il lourd dans votre budget annuel ?"),
    "transition_ease": _("Serait-il facile de reprendre la tâche si un partenaire se retirait ?"),
    "partners_nearby": _(
        "Des organismes du répertoire, à proximité, ont-ils un besoin ou une capacité compatible ?"
    ),
}

# What to do next, by kind: (title, explanation).
NEXT_STEPS: Mapping[str, tuple[object, object]] = {
    "find_partners": (
        _("Cherchez des partenaires"),
        _("Bon candidat : repérez des organismes qui ont le même besoin ou une capacité à offrir."),
    ),
    "offer": (
        _("Proposez cette capacité"),
        _("Votre capacité inutilisée peut servir à d'autres : précisez un tarif et offrez-la."),
    ),
    "explore": (
        _("Explorez avec un ou deux pairs"),
        _("Potentiel réel mais incertain : commencez petit, par un échange ou un prêt ponctuel."),
    ),
    "keep_strategic": (
        _("Gardez à l'interne"),
        _("Tâche liée à votre identité : mieux vaut la garder, quitte à échanger des pratiques."),
    ),
    "keep_for_now": (
        _("Gardez à l'interne pour l'instant"),
        _("Peu à gagner aujourd'hui : revoyez ce choix si votre situation change."),
    ),
}


# --- the adapter: models -> engine ------------------------------------------------------------


def engine_category(category: Category) -> engine_taxonomy.Category:
    """The engine's form of a Category row (its figures, so admin edits reach the engine)."""
    return engine_taxonomy.Category(
        code=category.code,
        family=category.family.code,
        label_fr=category.label_fr,
        label_en=category.label_en,
        description_fr=category.description_fr,
        description_en=category.description_en,
        kind=category.kind,
        unit=category.unit,
        support_or_core=category.support_or_core,
        typical_level=category.typical_level,
        confidentiality=category.confidentiality,
        proximity_need=category.proximity_need,
        competitive_sensitivity=category.competitive_sensitivity,
        standalone_rate=float(category.standalone_rate),
        unit_capacity=float(category.unit_capacity),
        unit_cost=float(category.unit_cost),
        min_fraction=float(category.min_fraction),
        member_overhead=float(category.member_overhead),
        max_group_size=int(category.max_group_size),
        source=category.source,
    )


def organisation_budget(organisation: Organisation) -> float | None:
    """A representative yearly budget: the midpoint of the organisation's budget band."""
    midpoint = BUDGET_BAND_MIDPOINTS.get(organisation.budget_band)
    return None if midpoint is None else float(midpoint)


def _optional_float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def item_profile(
    item: InventoryItem,
    *,
    organisation: Organisation,
    category: engine_taxonomy.Category | None = None,
    partners_nearby: int | None = None,
) -> ItemProfile:
    """The engine's view of an inventory item with its organisation's budget and team.

    Blank "how it is done" and blank criticality mean unknown (None). A highly critical item
    whose transition is hard is capped at L3 (the gating rule); the inventory has no partner
    maturity yet, so the L2 cap for an immature partner never applies from here. Raises
    ValueError when the item's data is out of the engine's range (e.g. a negative month
    imported by hand).
    """
    return ItemProfile(
        category=category or engine_category(item.category),
        direction=item.direction,
        months=[float(q) for q in item.months],
        how_done=item.how_done or None,
        annual_cost=_optional_float(item.annual_cost),
        satisfaction=item.satisfaction,
        importance=item.importance or None,
        confidentiality=item.confidentiality or None,
        specificity=item.specificity or "medium",
        criticality=item.criticality or None,
        max_distance_km=_optional_float(item.max_distance_km),
        annual_budget=organisation_budget(organisation),
        staff_fte=_optional_float(organisation.staff_fte),
        partners_nearby=partners_nearby,
    )


def strategic_importance(item: InventoryItem) -> float:
    """0–100: how tied the item is to the organisation's identity (see the module docstring)."""
    core = 1.0 if item.importance == "core" else 0.0
    specificity = _GRADE.get(item.specificity, 0.5)
    confidentiality = _GRADE.get(item.confidentiality, 0.0)
    return round(100 * (0.4 * core + 0.3 * specificity + 0.3 * confidentiality), 1)


# --- the results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionRow:
    code: str
    label: str
    description: str
    score: int | None  # 1..5; None: does not apply to this item
    weight: float
    reason: str
    # "4 sur 5", the pips' label: put in words with the row rather than by the page's
    # blocktranslate, once per criterion row of every item shown (13 a result card)
    score_label: str = ""


@dataclass(frozen=True)
class ScoredItem:
    """One inventory item with its diagnosis, rendered in one language."""

    item: InventoryItem
    diagnosis: Diagnosis
    rank: int
    name: str
    short_name: str
    family_code: str
    family_label: str
    strategic_importance: float
    annual_cost: float | None  # given by the member, else estimated (needs, in-house)
    cost_estimated: bool
    lang: str
    # The sentences below are put in words when a page, a PDF or a test reads them, not for
    # every item of a large inventory (a page shows a screenful; issue 8).

    @cached_property
    def reasons_for(self) -> tuple[str, ...]:
        return tuple(render(r, self.lang) for r in self.diagnosis.reasons_for)

    @cached_property
    def reasons_against(self) -> tuple[str, ...]:
        return tuple(render(r, self.lang) for r in self.diagnosis.reasons_against)

    @cached_property
    def held_back(self) -> tuple[str, ...]:
        """Why the band is below what the score alone would give."""
        return tuple(render(r, self.lang) for r in self.diagnosis.held_back)

    @cached_property
    def gate_note(self) -> str:
        # the gating note only when it lowers the level (a weak or moderate band may already)
        diagnosis = self.diagnosis
        gated = diagnosis.gate_reason is not None and diagnosis.level != diagnosis.uncapped_level
        return render(diagnosis.gate_reason, self.lang) if gated and diagnosis.gate_reason else ""

    @cached_property
    def level_label(self) -> str:
        return label(f"level.{self.diagnosis.level or 'L0'}", self.lang)

    @cached_property
    def level_meaning(self) -> str:
        with translation.override(self.lang):
            return str(LEVEL_MEANINGS.get(self.diagnosis.level or "L0", ""))

    @cached_property
    def criteria(self) -> tuple[CriterionRow, ...]:
        with translation.override(self.lang):
            return tuple(
                CriterionRow(
                    code=c.code,
                    label=label(f"criterion.{c.code}", self.lang),
                    description=str(CRITERION_DESCRIPTIONS.get(c.code, "")),
                    score=c.score,
                    weight=c.weight,
                    reason=render(c.reason, self.lang),
                    score_label=(
                        translation.gettext("%(score)s sur 5") % {"score": c.score}
                        if c.score
                        else ""
                    ),
                )
                for c in self.diagnosis.criteria
            )

    @property
    def score(self) -> float:
        return float(self.diagnosis.score or 0.0)

    @property
    def score_rounded(self) -> int:
        return round(self.score)

    @property
    def level(self) -> str:
        return self.diagnosis.level or ""

    @property
    def band(self) -> str:
        """strong | moderate | weak (the engine's verdict), the colour of the score bar."""
        return self.diagnosis.band or "weak"

    @property
    def is_strategic(self) -> bool:
        return self.strategic_importance >= STRATEGIC

    @property
    def next_step(self) -> str:
        """What to do next, a key of NEXT_STEPS."""
        if self.item.direction == Direction.OFFER:
            return "offer" if self.band != "weak" else "keep_for_now"
        if self.is_strategic and self.band != "strong":
            return "keep_strategic"
        return {"strong": "find_partners", "moderate": "explore"}.get(self.band, "keep_for_now")

    @property
    def next_step_title(self) -> str:
        return str(NEXT_STEPS[self.next_step][0])

    @property
    def next_step_text(self) -> str:
        return str(NEXT_STEPS[self.next_step][1])


@dataclass(frozen=True)
class IncompleteItem:
    """An item without a verdict yet: what it lacks, and what else would sharpen it."""

    item: InventoryItem
    name: str
    family_label: str
    missing: tuple[str, ...]  # the fields a verdict needs, in words
    also_useful: tuple[str, ...]  # blank fields that would sharpen the verdict


# Cards and charts kept with one state of the results: a few pages in two languages.
FRAGMENTS_KEPT = 256


@dataclass(frozen=True)
class DiagnosticResults:
    """The ranked items of one organisation and the figures of the summary.

    Items without monthly quantities have no verdict: they are `to_complete`, apart from the
    ranking, the counts and the money at stake, and make the diagnostic provisional.
    """

    items: tuple[ScoredItem, ...]  # by pooling potential, strongest first
    weights: Mapping[str, float]
    custom_weights: bool  # a facilitator changed the grid
    unscored: tuple[InventoryItem, ...] = field(default=())  # data out of the engine's range
    to_complete: tuple[IncompleteItem, ...] = field(default=())
    # The page's rendered cards and chart, kept with the results they show: the results are
    # kept per state of their inputs (results_cache), so a change of any input drops them too.
    fragments: KeptMemory = field(
        default_factory=lambda: KeptMemory(FRAGMENTS_KEPT), compare=False, repr=False
    )

    @property
    def provisional(self) -> bool:
        return bool(self.to_complete)

    @property
    def any_items(self) -> bool:
        """Something in the inventory to show: ranked or to complete."""
        return bool(self.items or self.to_complete)

    @property
    def strong(self) -> tuple[ScoredItem, ...]:
        return tuple(s for s in self.items if s.band == "strong")

    @property
    def best(self) -> tuple[ScoredItem, ...]:
        return self.items[:SUMMARY_BEST]

    @property
    def strong_annual_cost(self) -> float:
        """What the strong candidates cost a year today (given or estimated), offers aside."""
        return sum(s.annual_cost or 0.0 for s in self.strong)

    @property
    def strong_cost_estimated(self) -> bool:
        return any(s.cost_estimated for s in self.strong)

    @property
    def total_annual_cost(self) -> float:
        return sum(s.annual_cost or 0.0 for s in self.items)

    @property
    def any_estimated_cost(self) -> bool:
        return any(s.cost_estimated for s in self.items)

    def filtered(self, *, direction: str = "", family: str = "") -> tuple[ScoredItem, ...]:
        return tuple(
            s
            for s in self.items
            if (not direction or s.item.direction == direction)
            and (not family or s.family_code == family)
        )

    def families(self) -> list[tuple[str, str]]:
        """(code, label) of the families the inventory uses, in taxonomy order."""
        seen: dict[str, tuple[int, str]] = {}
        for s in self.items:
            family = s.item.category.family
            seen.setdefault(family.code, (family.order, s.family_label))
        return [(code, text) for code, (_order, text) in sorted(seen.items(), key=lambda kv: kv[1])]


def item_name(item: InventoryItem, lang: str) -> str:
    category = item.category.label_en if lang == "en" else item.category.label_fr
    return f"{category} — {item.label}" if item.label else category


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,—-") + "…"


def active_weights() -> tuple[dict[str, float], bool]:
    """The weights in force and whether a facilitator changed them (one query)."""
    row = ScoringWeights.objects.filter(is_active=True).only("weights").first()
    resolved = dict(DEFAULT_WEIGHTS)
    if row is not None:
        resolved.update({code: float(w) for code, w in row.weights.items() if code in resolved})
    return resolved, resolved != dict(DEFAULT_WEIGHTS)


def _annual_cost(
    item: InventoryItem, category: engine_taxonomy.Category
) -> tuple[float | None, bool]:
    if item.direction == Direction.OFFER:
        return None, False
    if item.annual_cost is not None:
        return float(item.annual_cost), False
    if not any(item.months):
        return None, False
    return standalone_cost(category.cost_params(), [float(q) for q in item.months]), True


def _missing_fields(item: InventoryItem, lang: str) -> tuple[str, ...]:
    """The fields a verdict needs, named as the inventory's form names them."""
    units = unit_name(item.category.unit, 2, lang)
    with translation.override(lang):
        if item.direction == Direction.OFFER:
            text = _("la capacité libre de chaque mois (en %(unit)s)")
        else:
            text = _("les quantités de chaque mois (en %(unit)s)")
        return (str(text) % {"unit": units},)


def _also_useful(item: InventoryItem, lang: str) -> tuple[str, ...]:
    """Blank fields that would sharpen the verdict (each has a neutral default meanwhile)."""
    fields = []
    if not item.how_done:
        fields.append(_("comment c'est fait aujourd'hui"))
    if item.annual_cost is None and item.direction != Direction.OFFER:
        fields.append(_("le coût annuel (sinon estimé au tarif de référence)"))
    if not item.criticality and item.direction != Direction.OFFER:
        fields.append(_("la criticité"))
    with translation.override(lang):
        return tuple(str(f) for f in fields)


def _score(
    item: InventoryItem,
    *,
    organisation: Organisation,
    weights: Mapping[str, float],
    lang: str,
    categories: dict[int, engine_taxonomy.Category],
    partners: Mapping[int, int] | None = None,
) -> ScoredItem | IncompleteItem:
    category = categories.get(item.category_id)
    if category is None:
        category = categories[item.category_id] = engine_category(item.category)
    nearby = partners.get(item.pk) if partners is not None else None
    profile = item_profile(
        item, organisation=organisation, category=category, partners_nearby=nearby
    )
    diagnosis = score_item(profile, weights=weights)
    name = item_name(item, lang)
    family = item.category.family
    family_label = family.label_en if lang == "en" else family.label_fr
    if not diagnosis.has_verdict:
        return IncompleteItem(
            item=item,
            name=name,
            family_label=family_label,
            missing=_missing_fields(item, lang),
            also_useful=_also_useful(item, lang),
        )
    cost, estimated = _annual_cost(item, category)
    return ScoredItem(
        item=item,
        diagnosis=diagnosis,
        rank=0,
        name=name,
        short_name=_short(item.label or name),
        family_code=family.code,
        family_label=family_label,
        strategic_importance=strategic_importance(item),
        annual_cost=cost,
        cost_estimated=estimated,
        lang=lang,
    )


def inventory_for_results(organisation: Organisation) -> Sequence[InventoryItem]:
    """The organisation's items with what scoring reads, in one query."""
    return list(
        InventoryItem.objects.filter(organisation=organisation)
        .select_related("category__family")
        .order_by("id")
    )


def diagnostic_results(
    *,
    organisation: Organisation,
    lang: str,
    weights: Mapping[str, float] | None = None,
    items: Sequence[InventoryItem] | None = None,
) -> DiagnosticResults:
    """Score every inventory item of the organisation and rank them, strongest first.

    Items without monthly quantities get no verdict and are listed apart (`to_complete`).

    `weights` defaults to the active weights of the scoring grid. Ties keep the higher
    annual cost first, then the inventory's order, so the ranking is stable. Items whose data
    the engine refuses are listed apart (`unscored`) instead of breaking the page. The
    organisation's own inventory is scored once per state of its inputs and kept
    (`results_cache`): small queries (weights, the partner search's counts, inventory and
    taxonomy fingerprints) when nothing changed, two more to score it when something did.
    """
    if weights is None:
        weights, custom = active_weights()
    else:
        custom = dict(weights) != dict(DEFAULT_WEIGHTS)
    # The partner search's count of compatible organisations nearby, per need or offer
    # (None for a private organisation, which takes part in no search: no query then).
    # Imported here: the partners app reads the diagnostic's models.
    from mutualiser.partners.selectors import nearby_partner_counts

    partners = nearby_partner_counts(organisation)
    if items is not None:
        return _ranked_results(
            organisation=organisation,
            lang=lang,
            weights=weights,
            custom=custom,
            items=items,
            partners=partners,
        )
    key = results_cache.results_key(
        organisation=organisation, lang=lang, weights=weights, partners=partners
    )
    return results_cache.memory.get_or_build(
        key,
        lambda: _ranked_results(
            organisation=organisation,
            lang=lang,
            weights=weights,
            custom=custom,
            items=inventory_for_results(organisation),
            partners=partners,
        ),
    )


def _ranked_results(
    *,
    organisation: Organisation,
    lang: str,
    weights: Mapping[str, float],
    custom: bool,
    items: Sequence[InventoryItem],
    partners: Mapping[int, int] | None,
) -> DiagnosticResults:
    categories: dict[int, engine_taxonomy.Category] = {}
    scored: list[ScoredItem] = []
    incomplete: list[IncompleteItem] = []
    unscored: list[InventoryItem] = []
    for item in items:
        try:
            result = _score(
                item,
                organisation=organisation,
                weights=weights,
                lang=lang,
                categories=categories,
                partners=partners,
            )
        except ValueError:
            unscored.append(item)
            continue
        (incomplete if isinstance(result, IncompleteItem) else scored).append(result)
    scored.sort(key=lambda s: (-round(s.score, 6), -(s.annual_cost or 0.0), s.item.pk))
    ranked = tuple(replace(s, rank=position) for position, s in enumerate(scored, 1))
    return DiagnosticResults(
        items=ranked,
        weights=dict(weights),
        custom_weights=custom,
        unscored=tuple(unscored),
        to_complete=tuple(incomplete),
    )


# --- the scoring grid's weights ---------------------------------------------------------------


def user_is_facilitator(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Staff, or a member of the "facilitateurs" group, may edit the scoring grid."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff) or user.groups.filter(name=FACILITATORS_GROUP).exists()


@transaction.atomic
def scoring_weights_update(
    *, weights: Mapping[str, float], user: AbstractBaseUser | None
) -> ScoringWeights:
    """Save new weights as the active row; the previous one stays as history.

    Every criterion must be given, finite, between 0 and 5, and one at least positive
    (the form says so to the user; this guards other callers with ValueError).
    """
    values = {code: float(weights[code]) for code in CRITERIA}
    if any(not 0 <= w <= 5 for w in values.values()) or not any(values.values()):
        raise ValueError("weights must be between 0 and 5, one at least positive")
    ScoringWeights.objects.filter(is_active=True).update(is_active=False)
    return ScoringWeights.objects.create(weights=values, is_active=True, created_by=user)


@transaction.atomic
def scoring_weights_restore_defaults(*, user: AbstractBaseUser | None) -> ScoringWeights:
    """Make the engine's default weights the active ones again (kept in the history)."""
    return scoring_weights_update(weights=dict(DEFAULT_WEIGHTS), user=user)
