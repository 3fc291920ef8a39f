"""Reasons: what the engine returns (an id and its parameters) turned into sentences.

The engine never returns prose. It returns `Reason(id, params)`; `render(reason, lang)` looks
the id's French template up below, translates it through the gettext catalogues (the same
`django.po` the pages use) and fills it with `str.format`, with our own format specs so that
figures follow each language's conventions (all formatted by `words.formats`):

- `{x:money}` whole dollars: "6 200 $" / "$6,200"; `{x:percent}` a fraction 0..1: "35 %" / "35%"
- `{x:number}` up to 2 decimals: "1,5" / "1.5"; `{x:int}` rounded; `{x:km}` a distance or
  "non précisée" / "not given" for None; `{x:list}` "A, B et C" / "A, B and C"
- `{x:@prefix}` the name of id `prefix.<x>`, e.g. `{level:@level}` → "Entente formelle"
- `{x:unit}` the name of the reason's `unit` parameter agreeing with x ("1,5 heure",
  "2 heures" / "1.5 hours"); `{x:unit=month}` names a fixed unit; `{u:one}` the singular
  name of unit code u ("par heure").

French templates are written with ordinary spaces; `french_typography` puts the no-break
spaces before « : ; ? ! » and inside guillemets when the sentence is rendered.
Pure Python: the engine's command line renders with it too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mutualiser.words import formats
from mutualiser.words.catalogue import gettext_noop, pgettext_noop, translate, translate_in

NBSP = formats.NBSP
NNBSP = "\u202f"


@dataclass(frozen=True)
class Reason:
    """A message id and its parameters; `render` turns it into a sentence."""

    id: str
    params: Mapping[str, Any] = field(default_factory=dict)


class UnknownMessage(KeyError):
    """No template for this message id."""


# a unit's name for one and for several, told apart by their gettext context (written out
# in each call: xgettext reads only literal strings)
UNIT_CONTEXT_ONE, UNIT_CONTEXT_SEVERAL = "unité, une", "unité, plusieurs"
UNITS: dict[str, tuple[str, str]] = {
    "hour": (
        pgettext_noop("unité, une", "heure"),
        pgettext_noop("unité, plusieurs", "heures"),
    ),
    "day": (pgettext_noop("unité, une", "jour"), pgettext_noop("unité, plusieurs", "jours")),
    "m2": (pgettext_noop("unité, une", "m²"), pgettext_noop("unité, plusieurs", "m²")),
    "item": (
        pgettext_noop("unité, une", "unité"),
        pgettext_noop("unité, plusieurs", "unités"),
    ),
    "month": (pgettext_noop("unité, une", "mois"), pgettext_noop("unité, plusieurs", "mois")),
}

# id -> French template (the msgid)
MESSAGES: dict[str, str] = {
    "criterion.recurrence": gettext_noop("Récurrence"),
    "criterion.fractional_volume": gettext_noop("Volume fractionnaire"),
    "criterion.specialisation": gettext_noop("Spécialisation, rareté"),
    "criterion.underuse": gettext_noop("Sous-utilisation d'un bien"),
    "criterion.standardisability": gettext_noop("Standardisation"),
    "criterion.support_core": gettext_noop("Soutien plutôt que cœur de mission"),
    "criterion.confidentiality": gettext_noop("Faible confidentialité"),
    "criterion.competition": gettext_noop("Faible concurrence"),
    "criterion.peak_compatibility": gettext_noop("Pointes compatibles"),
    "criterion.proximity": gettext_noop("Faible besoin de proximité"),
    "criterion.cost_weight": gettext_noop("Poids dans le budget"),
    "criterion.transition_ease": gettext_noop("Transition facile, faible criticité"),
    "level.L0": gettext_noop("Échange d'information"),
    "level.L1": gettext_noop("Coordination"),
    "level.L2": gettext_noop("Prêt ou échange ponctuel"),
    "level.L3": gettext_noop("Entente formelle"),
    "level.L4": gettext_noop("Entité de services partagés"),
    "level.L5": gettext_noop("Structure commune ou fusion"),
    "rule.equal": gettext_noop("Parts égales"),
    "rule.proportional": gettext_noop("Au prorata de l'usage"),
    "rule.budget": gettext_noop("Au prorata du budget"),
    "rule.fixed_variable": gettext_noop("Part fixe et part variable"),
    "rule.serial": gettext_noop("Répartition sérielle"),
    "rule.shapley": gettext_noop("Valeur de Shapley"),
    "diag.recurrence.every_month": gettext_noop("Revient chaque mois de l'année."),
    "diag.recurrence.regular": gettext_noop("Revient {active:int} mois sur 12."),
    "diag.recurrence.occasional": gettext_noop(
        "Seulement {active:int} mois sur 12 : ponctuel plutôt que régulier."
    ),
    "diag.recurrence.irregular": gettext_noop(
        "Revient {active:int} mois sur 12, mais avec de grands écarts d'un mois à l'autre."
    ),
    "diag.recurrence.every_month_offer": gettext_noop("Capacité libre chaque mois de l'année."),
    "diag.recurrence.regular_offer": gettext_noop("Capacité libre {active:int} mois sur 12."),
    "diag.recurrence.occasional_offer": gettext_noop(
        "Capacité libre seulement {active:int} mois sur 12."
    ),
    "diag.recurrence.irregular_offer": gettext_noop(
        "Capacité libre {active:int} mois sur 12, avec de grands écarts d'un mois à l'autre."
    ),
    "diag.recurrence.none": gettext_noop("Aucune quantité mensuelle indiquée."),
    "diag.volume.small": gettext_noop(
        "Au mois le plus chargé, {peak:number} {peak:unit} sur les {capacity:number} d'une ressource complète : seul, vous n'en utiliseriez qu'une petite part."
    ),
    "diag.volume.part": gettext_noop(
        "Au mois le plus chargé, {peak:number} {peak:unit} sur les {capacity:number} d'une ressource complète : moins de la moitié, le reste pourrait servir à d'autres."
    ),
    "diag.volume.most": gettext_noop(
        "Au mois le plus chargé, {peak:number} {peak:unit} sur les {capacity:number} d'une ressource complète : plus de la moitié, peu de place pour des partenaires."
    ),
    "diag.volume.more_than_one": gettext_noop(
        "Au mois le plus chargé, {peak:number} {peak:unit}, plus qu'une ressource complète ({capacity:number}) : assez pour l'avoir à vous seul."
    ),
    "diag.volume.tiny": gettext_noop(
        "Au mois le plus chargé, {peak:number} {peak:unit} seulement : même à {size:int} partenaires, une ressource partagée coûterait plus cher que d'acheter chacun de son côté."
    ),
    "diag.volume.spare_large": gettext_noop(
        "Capacité libre de {spare:number} {spare:unit} par mois en moyenne, sur les {capacity:number} d'une ressource complète : de quoi servir un ou plusieurs partenaires."
    ),
    "diag.volume.spare_some": gettext_noop(
        "Capacité libre de {spare:number} {spare:unit} par mois en moyenne, sur les {capacity:number} d'une ressource complète : de quoi servir un petit besoin."
    ),
    "diag.volume.spare_little": gettext_noop(
        "Capacité libre de {spare:number} {spare:unit} par mois en moyenne seulement, sur les {capacity:number} d'une ressource complète : peu à offrir."
    ),
    "diag.volume.offer_asset": gettext_noop(
        "Sans objet : pour un bien, la capacité libre est jugée sous « Sous-utilisation d'un bien »."
    ),
    "diag.volume.purchase": gettext_noop(
        "Achat modeste pour un organisme seul : groupé avec d'autres, il pèse davantage auprès des fournisseurs."
    ),
    "diag.volume.none": gettext_noop("Aucune quantité indiquée, volume inconnu."),
    "diag.specialisation.ratio_high": gettext_noop(
        "Une ressource complète coûterait {yearly:money} par année, soit {share:percent} de votre budget : difficile à porter seul."
    ),
    "diag.specialisation.ratio_mid": gettext_noop(
        "Une ressource complète coûterait {yearly:money} par année, soit {share:percent} de votre budget : un effort réel pour un organisme seul."
    ),
    "diag.specialisation.ratio_low": gettext_noop(
        "Une ressource complète coûterait {yearly:money} par année, seulement {share:percent} de votre budget : à votre portée seul."
    ),
    "diag.specialisation.ratio_unmet": gettext_noop(
        "Besoin non comblé aujourd'hui, et une ressource complète coûterait {yearly:money} par année, soit {share:percent} de votre budget."
    ),
    "diag.specialisation.team_high": gettext_noop(
        "Avec une équipe de {fte:number} ETP, difficile de porter seul cette ressource."
    ),
    "diag.specialisation.team_mid": gettext_noop(
        "Avec une équipe de {fte:number} ETP, porter seul cette ressource demande un effort réel."
    ),
    "diag.specialisation.team_low": gettext_noop(
        "Avec une équipe de {fte:number} ETP, vous pouvez porter seul cette ressource."
    ),
    "diag.specialisation.team_unmet": gettext_noop(
        "Besoin non comblé aujourd'hui, et une équipe de {fte:number} ETP peut difficilement porter seule cette ressource."
    ),
    "diag.specialisation.unknown_budget": gettext_noop(
        "Budget annuel inconnu : impossible de dire si vous pourriez porter seul cette ressource (note neutre)."
    ),
    "diag.specialisation.unknown_unmet": gettext_noop(
        "Besoin non comblé aujourd'hui, signe qu'il est difficile d'y accéder seul."
    ),
    "diag.specialisation.offer": gettext_noop(
        "Sans objet pour une capacité à partager : la rareté compte pour vos partenaires, pas pour vous."
    ),
    "diag.underuse.need": gettext_noop(
        "Sans objet pour un besoin : ce critère porte sur un bien que vous possédez."
    ),
    "diag.underuse.not_asset": gettext_noop("Sans objet : ce n'est pas un bien que vous possédez."),
    "diag.underuse.idle_days": gettext_noop(
        "Ce bien reste inutilisé environ {days:int} {days:unit=day} sur 7."
    ),
    "diag.underuse.idle_always": gettext_noop("Ce bien reste inutilisé presque tout le temps."),
    "diag.underuse.idle_never": gettext_noop(
        "Ce bien sert presque tout le temps : peu de temps libre à partager."
    ),
    "diag.underuse.idle_share": gettext_noop(
        "En moyenne, {free:number} {free:unit} sur {capacity:number} restent libres."
    ),
    "diag.underuse.idle_days_offer": gettext_noop(
        "Votre bien est libre environ {days:int} {days:unit=day} sur 7 : autant de temps à partager."
    ),
    "diag.underuse.idle_always_offer": gettext_noop(
        "Votre bien est libre presque tout le temps : beaucoup à partager."
    ),
    "diag.underuse.idle_never_offer": gettext_noop(
        "Votre bien est rarement libre : peu de temps à partager."
    ),
    "diag.underuse.idle_share_offer": gettext_noop(
        "En moyenne, {free:number} {free:unit} sur {capacity:number} sont libres à partager."
    ),
    "diag.standard.low": gettext_noop("Générique, peu propre à votre organisme."),
    "diag.standard.medium": gettext_noop("En partie propre à votre organisme."),
    "diag.standard.high": gettext_noop("Très propre à votre organisme, difficile à standardiser."),
    "diag.standard.low_offer": gettext_noop("Capacité générique, utile à bien des organismes."),
    "diag.standard.medium_offer": gettext_noop("Capacité en partie propre à votre organisme."),
    "diag.standard.high_offer": gettext_noop(
        "Capacité très propre à votre organisme : peu d'autres pourront s'en servir telle quelle."
    ),
    "diag.standard.outsourced": gettext_noop(
        "Un pigiste ou un fournisseur s'en charge déjà : cela se détache bien de votre organisme."
    ),
    "diag.standard.shared": gettext_noop(
        "Déjà en partage avec d'autres : cela se détache bien de votre organisme."
    ),
    "diag.support_core.support": gettext_noop(
        "Fonction de soutien, peu liée à l'identité artistique."
    ),
    "diag.support_core.mostly_support": gettext_noop(
        "Soutien selon vous, même si ce type de tâche touche souvent la mission."
    ),
    "diag.support_core.mostly_core": gettext_noop(
        "Stratégique selon vous, même si ce type de tâche relève souvent du soutien."
    ),
    "diag.support_core.core": gettext_noop("Cœur de mission, lié à l'identité artistique."),
    "diag.confidentiality.low": gettext_noop("Peu de données sensibles en jeu."),
    "diag.confidentiality.medium": gettext_noop(
        "Quelques données sensibles, à encadrer dans l'entente."
    ),
    "diag.confidentiality.high": gettext_noop(
        "Données sensibles en jeu (donateurs, artistes, finances ou salaires)."
    ),
    "diag.competition.low": gettext_noop("Les partenaires ne se disputent pas le résultat."),
    "diag.competition.medium": gettext_noop(
        "Les partenaires pourraient se disputer une partie du résultat."
    ),
    "diag.competition.high": gettext_noop(
        "Les partenaires se disputeraient le même résultat (dates, donateurs, publics)."
    ),
    "diag.peak.purchasing": gettext_noop(
        "Achat groupé : que tous achètent en même temps ne gêne pas."
    ),
    "diag.peak.seasonal": gettext_noop(
        "Au mois le plus chargé, environ {times:number} fois plus qu'un mois moyen : facile à combiner avec des partenaires d'autres saisons."
    ),
    "diag.peak.mild": gettext_noop("Un peu plus chargé certains mois, sans vraie saison."),
    "diag.peak.flat_small": gettext_noop(
        "À peu près constant et petit, ce qui laisse de la place aux partenaires."
    ),
    "diag.peak.flat_large": gettext_noop(
        "À peu près constant et important : peu de place pour les pointes des partenaires."
    ),
    "diag.peak.seasonal_offer": gettext_noop(
        "Libre surtout certains mois (au plus, environ {times:number} fois un mois moyen) : utile seulement aux partenaires dont le besoin tombe à ces mois-là."
    ),
    "diag.peak.mild_offer": gettext_noop("Capacité libre un peu variable selon les mois."),
    "diag.peak.flat_offer": gettext_noop(
        "Capacité libre à peu près égale toute l'année : elle s'accorde avec des calendriers variés."
    ),
    "diag.peak.none": gettext_noop("Calendrier inconnu (note neutre)."),
    "diag.proximity.low": gettext_noop("Se fait bien à distance."),
    "diag.proximity.medium": gettext_noop(
        "Demande une certaine proximité (distance acceptée : {distance:km})."
    ),
    "diag.proximity.medium_far": gettext_noop(
        "Demande une certaine proximité, mais vous acceptez des partenaires jusqu'à {distance:km}."
    ),
    "diag.proximity.medium_near": gettext_noop(
        "Demande une certaine proximité, et vous limitez les partenaires à {distance:km}."
    ),
    "diag.proximity.high": gettext_noop(
        "Demande une présence sur place (distance acceptée : {distance:km})."
    ),
    "diag.proximity.high_far": gettext_noop(
        "Demande une présence sur place, même si vous acceptez des partenaires jusqu'à {distance:km}."
    ),
    "diag.cost.share": gettext_noop(
        "Coûte {cost:money} par année, soit {share:percent} de votre budget."
    ),
    "diag.cost.share_estimated": gettext_noop(
        "Coût estimé à {cost:money} par année (quantités × tarif de référence), soit {share:percent} de votre budget."
    ),
    "diag.cost.absolute": gettext_noop("Coûte {cost:money} par année (budget annuel inconnu)."),
    "diag.cost.absolute_estimated": gettext_noop(
        "Coût estimé à {cost:money} par année (quantités × tarif de référence ; budget annuel inconnu)."
    ),
    "diag.cost.share_low": gettext_noop(
        "Coûte {cost:money} par année, seulement {share:percent} de votre budget : peu d'argent en jeu."
    ),
    "diag.cost.share_estimated_low": gettext_noop(
        "Coût estimé à {cost:money} par année (quantités × tarif de référence), seulement {share:percent} de votre budget : peu d'argent en jeu."
    ),
    "diag.cost.absolute_low": gettext_noop(
        "Coûte {cost:money} par année (budget annuel inconnu) : peu d'argent en jeu."
    ),
    "diag.cost.absolute_estimated_low": gettext_noop(
        "Coût estimé à {cost:money} par année (quantités × tarif de référence) : peu d'argent en jeu."
    ),
    "diag.cost.share_offer_low": gettext_noop(
        "Ce bien ou ce service vous coûte {cost:money} par année, seulement {share:percent} de votre budget : le partager l'allège peu."
    ),
    "diag.cost.absolute_offer_low": gettext_noop(
        "Ce bien ou ce service vous coûte {cost:money} par année : le partager l'allège peu."
    ),
    "diag.cost.share_offer": gettext_noop(
        "Ce bien ou ce service vous coûte {cost:money} par année, soit {share:percent} de votre budget : partager sa capacité libre en allège le poids."
    ),
    "diag.cost.absolute_offer": gettext_noop(
        "Ce bien ou ce service vous coûte {cost:money} par année : partager sa capacité libre en allège le poids."
    ),
    "diag.cost.nothing": gettext_noop(
        "Ne coûte rien aujourd'hui : peu d'argent à économiser, même si partager peut soulager l'équipe."
    ),
    "diag.cost.nothing_offer": gettext_noop(
        "Ne vous coûte rien aujourd'hui : pas de dépense à alléger en le partageant."
    ),
    "diag.cost.unknown_offer": gettext_noop(
        "Coût de ce bien ou de ce service non indiqué : poids dans le budget inconnu (note neutre)."
    ),
    "diag.transition.easy": gettext_noop(
        "Peu critique : facile à reprendre ou à confier ailleurs si un partenaire se retire."
    ),
    "diag.transition.nothing_to_undo": gettext_noop(
        "Rien à défaire aujourd'hui : facile d'essayer, et de revenir en arrière."
    ),
    "diag.transition.moderate": gettext_noop(
        "Transition faisable, avec un plan de retour prévu dans l'entente."
    ),
    "diag.transition.critical": gettext_noop(
        "Tâche très critique : si le partage échouait, l'arrêt coûterait cher."
    ),
    "diag.transition.staff": gettext_noop(
        "Votre personnel s'en charge : partager touche un emploi, une transition à préparer."
    ),
    "diag.transition.core": gettext_noop(
        "Touche la mission : le retrait d'un partenaire serait difficile à rattraper."
    ),
    "diag.transition.easy_offer": gettext_noop(
        "Peu de risque pour vous : si le partage cesse, vous retrouvez votre capacité."
    ),
    "diag.transition.moderate_offer": gettext_noop(
        "Partage à encadrer : prévoyez dans l'entente vos priorités d'usage et un préavis."
    ),
    "diag.transition.hard_offer": gettext_noop(
        "Ressource critique pour vous : la partager demande des règles claires de priorité."
    ),
    "diag.gate.immature_partner": gettext_noop(
        "Tâche très critique et partenaire peu expérimenté, niveau plafonné à « {level:@level} »."
    ),
    "diag.gate.hard_transition": gettext_noop(
        "Tâche très critique et transition difficile, niveau plafonné à « {level:@level} »."
    ),
    "share.budget_missing": gettext_noop(
        "Budgets manquants, la clé « budget » répartit à parts égales."
    ),
    "share.no_use": gettext_noop(
        "Aucun usage déclaré, les clés liées à l'usage répartissent à parts égales."
    ),
    "share.infeasible": gettext_noop(
        "Le groupe dépasse une ressource ({peak:number} pour une capacité de {capacity:number}) ou la taille maximale, le coût est indicatif."
    ),
    "share.not_worthwhile": gettext_noop(
        "Le coût du groupe ({cost:money}) dépasse la somme des coûts en solo ({alone:money})."
    ),
    "share.shapley_sampled": gettext_noop(
        "Valeur de Shapley estimée sur {samples:int} permutations (erreur type au plus {error:money})."
    ),
    "share.core_partial": gettext_noop(
        "Vérification du cœur partielle ({checked:int} coalitions examinées sur {total:int})."
    ),
    "share.core_violation": gettext_noop(
        "{members:list} paieraient {paid:money} ensemble, soit {excess:money} de plus que {alone:money} en se regroupant sans les autres."
    ),
    # ----- grouping, offers and the engine's command line -----
    "group.distance": gettext_noop("{count:int} organismes, au plus {km:km} les uns des autres."),
    "group.peak": gettext_noop(
        "Au mois le plus chargé, le groupe utilise {peak:number} {peak:unit} sur {capacity:number}, soit {fraction:percent} d'une ressource partagée."
    ),
    "group.complement": gettext_noop(
        "Les calendriers se complètent : au mois le plus chargé, le groupe utilise {below:number} {below:unit} de moins que la somme des mois les plus chargés de chacun ({individual:number})."
    ),
    "group.savings": gettext_noop(
        "Économie de {savings:money} par année, par rapport à {alone:money} si chacun achète seul."
    ),
    "assignment.covers": gettext_noop(
        "La capacité disponible couvre le besoin chaque mois, à {rate:money} plutôt que {standalone_rate:money} par {unit:one}."
    ),
    "assignment.savings": gettext_noop("Économie de {savings:money} par année."),
    # ----- the partner search (partners app) -----
    "band.10": gettext_noop("à moins de 10 km"),
    "band.25": gettext_noop("à moins de 25 km"),
    "band.50": gettext_noop("à moins de 50 km"),
    "band.100": gettext_noop("à moins de 100 km"),
    "band.200": gettext_noop("à moins de 200 km"),
    "band.far": gettext_noop("à plus de 200 km"),
    "partners.distance.group": gettext_noop(
        "{count:int} organismes, tous {band:@band} les uns des autres."
    ),
    "partners.distance.pair": gettext_noop(
        "Les deux organismes sont {band:@band} l'un de l'autre."
    ),
    "partners.unexpected.discipline": gettext_noop(
        "Un autre milieu que le vôtre : vous ne visez ni les mêmes publics ni les mêmes subventions."
    ),
    "partners.unexpected.kind": gettext_noop(
        "Autre forme juridique que la vôtre : une collaboration à laquelle on ne pense pas d'emblée."
    ),
    "partners.unexpected.far": gettext_noop(
        "Hors de votre cercle habituel ({band:@band}), mais dans la distance que chacun accepte."
    ),
    "partners.fits.complement": gettext_noop(
        "Vos calendriers se complètent : au mois le plus chargé, {below:number} {below:unit} de moins que vos deux pointes additionnées."
    ),
    "partners.fits.pool": gettext_noop(
        "À deux, sur une ressource partagée, vous économiseriez {gain:money} par année."
    ),
    "partners.fits.served": gettext_noop(
        "Sa capacité disponible couvre votre besoin chaque mois : {gain:money} d'économie par année."
    ),
    "partners.fits.serves": gettext_noop(
        "Votre capacité disponible couvre son besoin chaque mois : {gain:money} de revenu par année."
    ),
    "criterion.partners_nearby": gettext_noop("Partenaires disponibles à proximité"),
    "diag.partners.none": gettext_noop(
        "Aucun organisme compatible à proximité pour l'instant parmi ceux du répertoire."
    ),
    "diag.partners.one": gettext_noop(
        "Un organisme compatible à proximité : de quoi commencer à deux."
    ),
    "diag.partners.some": gettext_noop("{count:int} organismes compatibles à proximité."),
    "diag.partners.many": gettext_noop(
        "{count:int} organismes compatibles à proximité : de quoi choisir."
    ),
    "diag.partners.unknown": gettext_noop(
        "La recherche de partenaires ne porte pas sur cet élément (organisme privé, tâche faite à l'interne ou calcul à venir)."
    ),
    # An engine instance's problems (engine/instance.py); the place (`items[3] (id "i4")`)
    # and the JSON field names stay as they are written in the instance.
    "instance.missing": gettext_noop('"{name}" est absent'),
    "instance.not_number": gettext_noop('"{name}" doit être un nombre, reçu {got}'),
    "instance.not_positive": gettext_noop('"{name}" doit être positif, reçu {got}'),
    "instance.too_small": gettext_noop('"{name}" doit valoir au moins {low:number}, reçu {got}'),
    "instance.too_large": gettext_noop('"{name}" doit valoir au plus {high:number}, reçu {got}'),
    "instance.not_text": gettext_noop('"{name}" doit être un texte non vide, reçu {got}'),
    "instance.duplicate_category": gettext_noop('code de catégorie en double "{value}"'),
    "instance.duplicate_organisation": gettext_noop('identifiant d\'organisme en double "{value}"'),
    "instance.duplicate_item": gettext_noop('identifiant d\'élément en double "{value}"'),
    "instance.not_object": gettext_noop("doit être un objet"),
    "instance.not_list": gettext_noop('"{name}" doit être une liste, reçu {kind}'),
    "instance.not_instance": gettext_noop("une instance doit être un objet JSON, reçu {kind}"),
    "instance.group_size": gettext_noop(
        '"max_group_size" doit être un nombre entier d\'au moins 1, reçu {got}'
    ),
    "instance.disciplines": gettext_noop('"disciplines" doit être une liste de textes'),
    "instance.unknown_organisation": gettext_noop('"org" nomme un organisme inconnu "{value}"'),
    "instance.unknown_category": gettext_noop('"category" nomme une catégorie inconnue "{value}"'),
    "instance.direction": gettext_noop('"direction" doit être "need" ou "offer", reçu {got}'),
    "instance.months_not_list": gettext_noop('"months" doit être une liste de {count:int} nombres'),
    "instance.months_length": gettext_noop(
        '"months" doit compter {count:int} valeurs, reçu {got:int}'
    ),
    "instance.month_not_number": gettext_noop('"months"[{month}] doit être un nombre, reçu {got}'),
    "instance.month_negative": gettext_noop(
        '"months"[{month}] ne doit pas être négatif, reçu {got}'
    ),
    "instance.exclusions_not_list": gettext_noop(
        "\"exclusions\" doit être une liste de paires [id d'organisme, id d'organisme]"
    ),
    "instance.exclusion_not_pair": gettext_noop(
        "doit être une paire d'identifiants d'organismes, reçu {got}"
    ),
    "instance.exclusion_unknown": gettext_noop('organisme inconnu "{value}"'),
    "instance.unreadable": gettext_noop("impossible de lire {source} : {reason}"),
    "instance.malformed_json": gettext_noop(
        "JSON mal formé à la ligne {line:int}, colonne {column:int} : {reason}"
    ),
    "instance.more_errors": gettext_noop("… et {count:int} autres erreurs"),
    "cli.invalid": gettext_noop("Instance invalide. Erreurs : {count:int}"),
    "cli.summary": gettext_noop(
        "Groupes : {groups:int} ; offres qui servent un besoin : {assignments:int} ; économies totales : {total:money} par année"
    ),
    "cli.components": gettext_noop(
        "Composantes : {count:int} ; résolues exactement : {exact:int}, dont prouvées optimales : {optimal:int} ; par heuristique : {heuristic:int}"
    ),
    "cli.bound": gettext_noop(
        "Meilleur plan possible : au plus {bound:money} par année. Ce plan en est à {gap:percent} au plus (écart prouvé par une borne sur chaque composante)."
    ),
    "cli.thorough_hint": gettext_noop(
        "Pour resserrer cet écart, relancez avec --effort thorough : génération de colonnes sur chaque grande composante, en minutes plutôt qu'en secondes à l'échelle nationale."
    ),
    "cli.stopped": gettext_noop(
        "Limite de temps atteinte : {count:int} composantes ont gardé leur plan heuristique."
    ),
    "cli.none": gettext_noop("Aucun regroupement avantageux trouvé."),
    "cli.group": gettext_noop("Groupe {k:int} — {category} : {orgs:list}"),
    "cli.cost": gettext_noop(
        "Ressource partagée : {cost:money} par année ; économies : {savings:money} par année"
    ),
    "cli.shares": gettext_noop("Parts par organisme ({rules}) :"),
    "cli.share_row": gettext_noop("{org} : {amounts}"),
    "cli.core.yes": gettext_noop(
        "Répartition de Shapley dans le cœur : aucun sous-groupe ne ferait mieux seul."
    ),
    "cli.core.no": gettext_noop(
        "Répartition de Shapley hors du cœur : un sous-groupe ferait mieux seul."
    ),
    "cli.assignment": gettext_noop(
        "Offre {offer} ({offer_org}) → besoin {need} ({need_org}), {category} : économie de {savings:money} par année"
    ),
    "cli.matching": gettext_noop("appariement"),
    "cli.grouping": gettext_noop("groupes"),
}


def french_typography(text: str) -> str:
    """No-break spaces where French wants them: before : ; ? ! and inside « »."""
    for mark in (":", ";", "?", "!"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


def unit_name(unit: str, quantity: float, lang: str | None = "fr") -> str:
    """The unit's name agreeing with the quantity (see `formats.singular_for`)."""
    try:
        one, several = UNITS[unit]
    except KeyError:
        raise UnknownMessage(f"unit.{unit}") from None
    if formats.singular_for(quantity, lang):
        return translate_in(UNIT_CONTEXT_ONE, one, lang)
    return translate_in(UNIT_CONTEXT_SEVERAL, several, lang)


class _Formatter(string.Formatter):
    def __init__(self, lang: str, params: Mapping[str, Any]) -> None:
        self.lang = lang
        self.params = params

    def format_field(self, value: Any, format_spec: str) -> str:
        lang = self.lang
        simple = {
            "money": formats.money,
            "percent": formats.percent,
            "number": formats.number,
            "int": formats.integer,
            "km": formats.distance,
            "list": formats.listing,
        }
        if format_spec in simple:
            return simple[format_spec](value, lang)
        if format_spec == "unit" or format_spec.startswith("unit="):
            # an instance's own category may have no known unit: it counts items then
            unit = format_spec.partition("=")[2] or self.params["unit"] or "item"
            return unit_name(unit, float(value), lang)
        if format_spec == "one":
            return unit_name(str(value), 1, lang)
        if format_spec.startswith("@"):
            return label(f"{format_spec[1:]}.{value}", lang)
        return super().format_field(value, format_spec)


def _template(message_id: str, lang: str) -> str:
    try:
        french = MESSAGES[message_id]
    except KeyError:
        raise UnknownMessage(message_id) from None
    return translate(french, lang)


def label(message_id: str, lang: str | None = "fr") -> str:
    """A name without parameters (criterion, level, rule)."""
    return _finish(_template(message_id, formats.language_code(lang)), lang)


def render(reason: Reason, lang: str | None = "fr") -> str:
    """The reason as a sentence in `lang` ("fr" or "en"; anything else reads as French).

    Raises UnknownMessage for an id without a template and KeyError for a missing parameter:
    both are programming errors that the tests catch.
    """
    code = formats.language_code(lang)
    params = dict(reason.params)
    return _finish(_Formatter(code, params).vformat(_template(reason.id, code), (), params), code)


_NUMBER_THEN_WORD = re.compile(r"(\d) (?=[^\W\d])")


def _finish(text: str, lang: str | None) -> str:
    if formats.language_code(lang) != "fr":
        return text
    # French keeps a number on the line of its unit ("12 mois", "30 heures")
    return french_typography(_NUMBER_THEN_WORD.sub(rf"\1{NBSP}", text))
