"""The engine's message catalogue, in French and English.

The engine never returns prose: it returns `Reason(id, params)`. The web layer and the CLI turn
a reason into a sentence with `render(reason, lang)`. Placeholders use `str.format` syntax with
our own format specs, so numbers follow each language's conventions:

- `{x:money}` whole dollars: "6 200 $" (fr, narrow no-break space) / "$6,200" (en)
- `{x:percent}` a fraction 0..1: "35 %" / "35%"
- `{x:number}` up to 2 decimals: "1,5" / "1.5";  `{x:int}` rounded integer
- `{x:km}` a distance, or "non précisée" / "not given" for None
- `{x:list}` a list of names: "A, B et C" / "A, B and C"
- `{x:@prefix}` the catalogue entry `prefix.<x>`, e.g. `{level:@level}` → "Entente formelle"
- `{x:unit}` the name of the reason's `unit` parameter, agreeing with x: "1 heure", "2 heures",
  "1,5 heure" (French singular below 2) / "1 hour", "1.5 hours"; `{x:unit=month}` names a
  fixed unit: "{n:int} {n:unit=month}" → "1 mois" / "1 month", "3 months"
"""

from __future__ import annotations

import math
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("fr", "en")
NBSP = "\u00a0"  # before $ and units, before a French colon
NNBSP = "\u202f"  # narrow no-break space: French thousands separator and before %


@dataclass(frozen=True)
class Reason:
    """A message id and its parameters; `render` turns it into a sentence."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)


class UnknownMessage(KeyError):
    """No catalogue entry for this message id."""


_ = NBSP  # shorthand inside the French catalogue below

# id -> (French, English)
CATALOGUE: dict[str, tuple[str, str]] = {
    # ----- labels -------------------------------------------------------------------------
    "criterion.recurrence": ("Récurrence", "Recurrence"),
    "criterion.fractional_volume": ("Volume fractionnaire", "Fractional volume"),
    "criterion.specialisation": ("Spécialisation, rareté", "Specialisation, scarcity"),
    "criterion.underuse": ("Sous-utilisation d’un bien", "Under-use of an asset"),
    "criterion.standardisability": ("Standardisation", "Standardisability"),
    "criterion.support_core": ("Soutien plutôt que cœur de mission", "Support rather than core"),
    "criterion.confidentiality": ("Faible confidentialité", "Low confidentiality"),
    "criterion.competition": ("Faible concurrence", "Low competitive sensitivity"),
    "criterion.peak_compatibility": ("Pointes compatibles", "Peak compatibility"),
    "criterion.proximity": ("Faible besoin de proximité", "Low proximity need"),
    "criterion.cost_weight": ("Poids dans le budget", "Cost weight"),
    "criterion.transition_ease": ("Transition facile, faible criticité", "Easy transition"),
    "level.L0": ("Échange d’information", "Information exchange"),
    "level.L1": ("Coordination", "Coordination"),
    "level.L2": ("Prêt ou échange ponctuel", "Ad hoc loan or swap"),
    "level.L3": ("Entente formelle", "Formal agreement"),
    "level.L4": ("Structure de services partagés", "Shared-service entity"),
    "level.L5": ("Structure commune ou fusion", "Joint structure or merger"),
    "rule.equal": ("Parts égales", "Equal shares"),
    "rule.proportional": ("Au prorata de l’usage", "Proportional to use"),
    "rule.budget": ("Au prorata du budget", "Proportional to budget"),
    "rule.fixed_variable": ("Part fixe et part variable", "Fixed plus variable"),
    "rule.serial": ("Répartition sérielle", "Serial cost sharing"),
    "rule.shapley": ("Valeur de Shapley", "Shapley value"),
    # a unit's name for several (`unit.<unit>`) and for one (`unit.<unit>.one`)
    "unit.hour": ("heures", "hours"),
    "unit.hour.one": ("heure", "hour"),
    "unit.day": ("jours", "days"),
    "unit.day.one": ("jour", "day"),
    "unit.m2": ("m²", "m²"),
    "unit.m2.one": ("m²", "m²"),
    "unit.item": ("unités", "items"),
    "unit.item.one": ("unité", "item"),
    "unit.month": ("mois", "months"),
    "unit.month.one": ("mois", "month"),
    # ----- diagnostic: one reason per criterion -------------------------------------------
    "diag.recurrence.regular": (
        f"Besoin régulier{_}: {{active:int}} {{active:unit=month}} sur 12.",
        "Regular need: {active:int} {active:unit=month} out of 12.",
    ),
    "diag.recurrence.irregular": (
        "Besoin présent {active:int} {active:unit=month} sur 12, mais en dents de scie.",
        "Need present {active:int} {active:unit=month} out of 12, but very uneven.",
    ),
    "diag.recurrence.occasional": (
        f"Besoin ponctuel{_}: {{active:int}} {{active:unit=month}} sur 12.",
        "Occasional need: {active:int} {active:unit=month} out of 12.",
    ),
    # an offer's months are the capacity it has to spare
    "diag.recurrence.regular_offer": (
        f"Capacité disponible régulièrement{_}: {{active:int}} {{active:unit=month}} sur 12.",
        "Capacity available regularly: {active:int} {active:unit=month} out of 12.",
    ),
    "diag.recurrence.irregular_offer": (
        "Capacité disponible {active:int} {active:unit=month} sur 12, mais en dents de scie.",
        "Capacity available {active:int} {active:unit=month} out of 12, but very uneven.",
    ),
    "diag.recurrence.occasional_offer": (
        f"Capacité disponible ponctuellement{_}: {{active:int}} {{active:unit=month}} sur 12.",
        "Capacity available now and then: {active:int} {active:unit=month} out of 12.",
    ),
    "diag.recurrence.none": (
        "Aucune quantité mensuelle indiquée.",
        "No monthly quantity given.",
    ),
    "diag.volume.fraction": (
        "Au mois le plus chargé, {peak:number}"
        f"{_}{{peak:unit}}, soit {{fraction:percent}} d’une ressource partagée.",
        "At the busiest month, {peak:number} {peak:unit}, that is {fraction:percent} of one "
        "shared resource.",
    ),
    "diag.volume.more_than_one": (
        f"Le besoin dépasse une ressource complète ({{fraction:percent}}){_}: partager apporte "
        "peu.",
        "The need exceeds one whole resource ({fraction:percent}): sharing adds little.",
    ),
    "diag.volume.spare": (
        f"Capacité offerte{_}: en moyenne {{fraction:percent}} d’une ressource complète.",
        "Capacity offered: on average {fraction:percent} of one whole resource.",
    ),
    "diag.volume.none": (
        "Aucune quantité indiquée, volume inconnu.",
        "No quantity given, volume unknown.",
    ),
    "diag.specialisation.ratio": (
        "Une ressource complète coûterait {yearly:money} par année, soit {share:percent} de "
        "votre budget.",
        "One whole resource would cost {yearly:money} a year, {share:percent} of your budget.",
    ),
    "diag.specialisation.ratio_unmet": (
        "Besoin non comblé aujourd’hui, et une ressource complète coûterait {yearly:money} par "
        "année, soit {share:percent} de votre budget.",
        "Unmet need today, and one whole resource would cost {yearly:money} a year, "
        "{share:percent} of your budget.",
    ),
    "diag.specialisation.unknown_budget": (
        "Budget annuel inconnu, difficulté d’y accéder seul non évaluée.",
        "Annual budget unknown, so how hard it is to get alone was not assessed.",
    ),
    "diag.specialisation.team": (
        "Une équipe de {fte:number} ETP peut difficilement porter seule cette ressource.",
        "A team of {fte:number} FTE can hardly carry this resource alone.",
    ),
    "diag.specialisation.team_unmet": (
        "Besoin non comblé aujourd’hui, et une équipe de {fte:number} ETP peut difficilement "
        "porter seule cette ressource.",
        "Unmet need today, and a team of {fte:number} FTE can hardly carry this resource alone.",
    ),
    "diag.specialisation.unknown_unmet": (
        "Besoin non comblé aujourd’hui, signe qu’il est difficile d’y accéder seul.",
        "Unmet need today, a sign that it is hard to get alone.",
    ),
    "diag.underuse.idle": (
        "Une unité possédée seule resterait inutilisée {idle:percent} du temps.",
        "One unit owned alone would stand idle {idle:percent} of the time.",
    ),
    "diag.underuse.offer": (
        f"Capacité inutilisée à partager{_}: {{idle:percent}} d’une unité.",
        "Idle capacity to share: {idle:percent} of one unit.",
    ),
    "diag.underuse.not_asset": (
        "Sans objet, ce n’est pas un bien matériel (note neutre).",
        "Not applicable, this is not a physical asset (neutral score).",
    ),
    "diag.standard.low": (
        "Tâche générique, peu propre à votre organisme.",
        "Generic task, not specific to your organisation.",
    ),
    "diag.standard.medium": (
        "Tâche en partie propre à votre organisme.",
        "Task partly specific to your organisation.",
    ),
    "diag.standard.high": (
        "Tâche très propre à votre organisme, difficile à standardiser.",
        "Task very specific to your organisation, hard to standardise.",
    ),
    "diag.standard.outsourced": (
        "Déjà confiée à l’externe, la tâche se détache bien de l’organisme.",
        "Already done outside, the task separates well from the organisation.",
    ),
    "diag.support_core.support": (
        "Fonction de soutien, peu liée à l’identité artistique.",
        "Support function, weakly linked to artistic identity.",
    ),
    "diag.support_core.mostly_support": (
        "Vous la jugez de soutien, mais ce type de tâche touche souvent la mission.",
        "You see it as support, but this kind of task often touches the mission.",
    ),
    "diag.support_core.mostly_core": (
        "Vous la jugez stratégique, même si ce type de tâche relève souvent du soutien.",
        "You see it as strategic, although this kind of task is usually support.",
    ),
    "diag.support_core.core": (
        "Cœur de mission, liée à l’identité artistique.",
        "Core of the mission, tied to artistic identity.",
    ),
    "diag.confidentiality.low": (
        "Peu de données sensibles en jeu.",
        "Little sensitive data involved.",
    ),
    "diag.confidentiality.medium": (
        "Quelques données sensibles, à encadrer dans l’entente.",
        "Some sensitive data, to be covered by the agreement.",
    ),
    "diag.confidentiality.high": (
        "Données sensibles (donateurs, artistes, finances ou salaires).",
        "Sensitive data (donors, artists, finances or salaries).",
    ),
    "diag.competition.low": (
        "Les partenaires ne se disputent pas le résultat.",
        "Partners do not compete for the outcome.",
    ),
    "diag.competition.medium": (
        "Les partenaires pourraient se disputer une partie du résultat.",
        "Partners may compete for part of the outcome.",
    ),
    "diag.competition.high": (
        "Les partenaires se disputeraient le même résultat (dates, donateurs, publics).",
        "Partners would compete for the same outcome (dates, donors, audiences).",
    ),
    "diag.peak.purchasing": (
        "Achat groupé, des demandes simultanées ne nuisent pas.",
        "Group purchasing, simultaneous demand does no harm.",
    ),
    "diag.peak.seasonal": (
        "Besoin saisonnier (pointe de {ratio:number} fois la moyenne), facile à combiner avec "
        "des partenaires d’autres saisons.",
        "Seasonal need (peak {ratio:number} times the average), easy to combine with partners "
        "of other seasons.",
    ),
    "diag.peak.mild": (
        "Besoin un peu saisonnier (pointe de {ratio:number} fois la moyenne).",
        "Somewhat seasonal need (peak {ratio:number} times the average).",
    ),
    "diag.peak.flat_small": (
        "Besoin constant mais petit, il laisse de la place aux partenaires.",
        "Steady but small need, it leaves room for partners.",
    ),
    "diag.peak.flat_large": (
        "Besoin constant et important, peu de place pour les pointes des partenaires.",
        "Steady and large need, little room for partners' peaks.",
    ),
    "diag.peak.seasonal_offer": (
        "Capacité disponible surtout en saison (pointe de {ratio:number} fois la moyenne), utile "
        "aux partenaires dont le besoin tombe à ces mois-là.",
        "Capacity available mostly in season (peak {ratio:number} times the average), useful "
        "to partners whose need falls in those months.",
    ),
    "diag.peak.mild_offer": (
        "Capacité un peu saisonnière (pointe de {ratio:number} fois la moyenne).",
        "Somewhat seasonal capacity (peak {ratio:number} times the average).",
    ),
    "diag.peak.flat_small_offer": (
        "Capacité modeste mais disponible toute l’année.",
        "Modest capacity, but available all year round.",
    ),
    "diag.peak.flat_large_offer": (
        "Capacité importante et disponible toute l’année.",
        "Large capacity, available all year round.",
    ),
    "diag.peak.none": (
        "Calendrier inconnu (note neutre).",
        "Calendar unknown (neutral score).",
    ),
    "diag.proximity.low": (
        "Se fait bien à distance.",
        "Works well remotely.",
    ),
    "diag.proximity.medium": (
        f"Une certaine proximité aide; distance acceptée{_}: {{distance:km}}.",
        "Some proximity helps; distance accepted: {distance:km}.",
    ),
    "diag.proximity.high": (
        f"Demande une présence sur place; distance acceptée{_}: {{distance:km}}.",
        "Needs presence on site; distance accepted: {distance:km}.",
    ),
    "diag.cost.share": (
        "Poste de {cost:money} par année, soit {share:percent} de votre budget.",
        "A budget line of {cost:money} a year, {share:percent} of your budget.",
    ),
    "diag.cost.share_estimated": (
        "Coût estimé à {cost:money} par année, soit {share:percent} de votre budget.",
        "Estimated cost of {cost:money} a year, {share:percent} of your budget.",
    ),
    "diag.cost.absolute": (
        "Poste de {cost:money} par année (budget inconnu).",
        "A budget line of {cost:money} a year (budget unknown).",
    ),
    "diag.cost.absolute_estimated": (
        "Coût estimé à {cost:money} par année (budget inconnu).",
        "Estimated cost of {cost:money} a year (budget unknown).",
    ),
    "diag.transition.easy": (
        "Facile à reprendre à l’interne si un partenaire se retire.",
        "Easy to take back in-house if a partner withdraws.",
    ),
    "diag.transition.moderate": (
        "Transition faisable, avec un plan de retour prévu dans l’entente.",
        "Transition feasible, with a way back written into the agreement.",
    ),
    "diag.transition.hard": (
        "Tâche critique ou difficile à transférer, un échec coûterait cher.",
        "Critical or hard-to-transfer task, a failure would be costly.",
    ),
    "diag.gate.immature_partner": (
        "Tâche très critique et partenaire peu expérimenté, niveau plafonné à « {level:@level} ».",
        "Highly critical task and an inexperienced partner, level capped at “{level:@level}”.",
    ),
    "diag.gate.hard_transition": (
        "Tâche très critique et transition difficile, niveau plafonné à « {level:@level} ».",
        "Highly critical task and a hard transition, level capped at “{level:@level}”.",
    ),
    # ----- cost sharing ---------------------------------------------------------------------
    "share.budget_missing": (
        "Budgets manquants, la clé « budget » répartit à parts égales.",
        "Budgets missing, the “budget” key splits equally.",
    ),
    "share.no_use": (
        "Aucun usage déclaré, les clés liées à l’usage répartissent à parts égales.",
        "No use declared, the use-based keys split equally.",
    ),
    "share.infeasible": (
        "Le groupe dépasse une ressource ({peak:number} pour une capacité de {capacity:number}) "
        "ou la taille maximale, le coût est indicatif.",
        "The group exceeds one resource ({peak:number} for a capacity of {capacity:number}) or "
        "the maximum size, so the cost is indicative.",
    ),
    "share.not_worthwhile": (
        "Le coût du groupe ({cost:money}) dépasse la somme des coûts en solo ({alone:money}).",
        "The group's cost ({cost:money}) exceeds the sum of standalone costs ({alone:money}).",
    ),
    "share.shapley_sampled": (
        "Valeur de Shapley estimée sur {samples:int} permutations (erreur type au plus "
        "{error:money}).",
        "Shapley value estimated from {samples:int} permutations (standard error at most "
        "{error:money}).",
    ),
    "share.core_partial": (
        "Vérification du cœur partielle ({checked:int} coalitions examinées sur {total:int}).",
        "Partial core check ({checked:int} coalitions examined out of {total:int}).",
    ),
    "share.core_violation": (
        "{members:list} paieraient {paid:money} ensemble, soit {excess:money} de plus que "
        "{alone:money} en se regroupant sans les autres.",
        "{members:list} would pay {paid:money} together, {excess:money} more than the "
        "{alone:money} they would pay on their own.",
    ),
}
del _


def _french_quotes(text: str) -> str:
    # French guillemets take a no-break space inside; writing it by hand is error-prone.
    return text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")


CATALOGUE = {key: (_french_quotes(fr), en) for key, (fr, en) in CATALOGUE.items()}


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def format_number(value: float, lang: str, decimals: int = 2) -> str:
    """A number with up to `decimals` decimals (trailing zeros dropped), grouped by thousands."""
    if not math.isfinite(value):
        return str(value)
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    sign = "-" if value < 0 and (whole.strip("0") or fraction) else ""
    if lang == "fr":
        # French groups thousands with a narrow no-break space (4 digits too, for tables).
        body = _group(whole, NNBSP) + ("," + fraction if fraction else "")
    else:
        body = _group(whole, ",") + ("." + fraction if fraction else "")
    return sign + body


def format_money(value: float, lang: str) -> str:
    """Whole dollars: "6 200 $" in French, "$6,200" in English."""
    amount = format_number(round(value), lang, decimals=0)
    if lang == "fr":
        return f"{amount}{NBSP}$"
    return f"-${amount[1:]}" if amount.startswith("-") else f"${amount}"


def format_percent(value: float, lang: str) -> str:
    """A fraction as a percentage, one decimal under 10 %, none above."""
    pct = value * 100
    number = format_number(pct, lang, decimals=1 if abs(pct) < 10 else 0)
    return f"{number}{NNBSP}%" if lang == "fr" else f"{number}%"


def _format_list(items: Any, lang: str) -> str:
    names = [str(item) for item in items]
    if len(names) <= 1:
        return "".join(names)
    last = " et " if lang == "fr" else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def unit_name(unit: str, quantity: float, lang: str = "fr") -> str:
    """The unit's name agreeing with the quantity: French uses the singular below 2 ("1,5
    heure"), English only for exactly 1 (as displayed, to 2 decimals)."""
    shown = abs(round(float(quantity), 2))
    one = shown == 1 if lang == "en" else shown < 2
    return label(f"unit.{unit}.one" if one else f"unit.{unit}", lang)


class _Formatter(string.Formatter):
    def __init__(self, lang: str, params: Mapping[str, Any] | None = None) -> None:
        self.lang = lang
        self.params = params or {}

    def format_field(self, value: Any, format_spec: str) -> str:
        lang = self.lang
        if format_spec == "money":
            return format_money(float(value), lang)
        if format_spec == "percent":
            return format_percent(float(value), lang)
        if format_spec == "number":
            return format_number(float(value), lang)
        if format_spec == "int":
            return format_number(round(float(value)), lang, decimals=0)
        if format_spec == "km":
            if value is None:
                return "non précisée" if lang == "fr" else "not given"
            return f"{format_number(float(value), lang, decimals=0)}{NBSP}km"
        if format_spec == "list":
            return _format_list(value, lang)
        if format_spec == "unit" or format_spec.startswith("unit="):
            unit = format_spec.partition("=")[2] or self.params["unit"]
            return unit_name(unit, float(value), lang)
        if format_spec.startswith("@"):
            return label(f"{format_spec[1:]}.{value}", lang)
        return super().format_field(value, format_spec)


def _template(message_id: str, lang: str) -> str:
    try:
        french, english = CATALOGUE[message_id]
    except KeyError:
        raise UnknownMessage(message_id) from None
    return english if lang == "en" else french


def label(message_id: str, lang: str = "fr") -> str:
    """A catalogue entry without parameters (criterion, level, rule and unit names)."""
    return _template(message_id, lang)


def render(reason: Reason, lang: str = "fr") -> str:
    """The reason as a sentence in `lang` ("fr" or "en"; anything else falls back to French).

    Raises UnknownMessage for an id missing from the catalogue and KeyError for a missing
    parameter: both are programming errors that the engine's tests catch.
    """
    params = dict(reason.params)
    return _Formatter(lang, params).vformat(_template(reason.id, lang), (), params)
