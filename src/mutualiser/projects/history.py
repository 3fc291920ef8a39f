"""The project's history: one entry per change, rendered in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mutualiser.organisations.models import REMOVED_NAME, REMOVED_NAME_LABEL

from .models import HistoryEntry, PoolingProject

ACTIONS = {
    "project.created": _("Projet créé : « %(title)s »."),
    "project.updated": _("Projet modifié : %(fields)s."),
    "partner.added": _("%(name)s rejoint le projet."),
    "partner.removed": _("%(name)s quitte le projet."),
    "partner.quantities": _("Quantités mensuelles de %(name)s : %(total)s par an."),
    "step.updated": _("Étape « %(step)s » : %(status)s."),
    "risk.added": _("Risque ajouté : %(kind)s, « %(description)s »."),
    "risk.updated": _("Risque modifié : %(kind)s, « %(description)s »."),
    "risk.deleted": _("Risque retiré : %(kind)s, « %(description)s »."),
    "costs.updated": _("Paramètres de coût modifiés."),
    "decision.proposed": _("Proposition : « %(title)s », réponses jusqu'au %(closes)s."),
    "decision.answered": _("%(name)s répond « %(answer)s » à « %(title)s »."),
    "decision.closed": _("Décision « %(title)s » : %(status)s."),
    "rule.chosen": _("Clé de répartition retenue : %(rule)s."),
    "governance.chosen": _("Forme de gouvernance retenue : %(form)s."),
    "evaluation.recorded": _("Évaluation enregistrée."),
    "evaluation.outcome": _("Suite de l'essai : %(outcome)s."),
    "costsharing.reopened": _("Répartition des coûts rouverte pour ajustement."),
}


def record(
    project: PoolingProject, action: str, *, user=None, organisation=None, **params
) -> HistoryEntry:
    """Write one entry; params are plain strings or numbers (kept as written that day)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown history action {action!r}")
    clean = {
        key: value if isinstance(value, int | float) else str(value)
        for key, value in params.items()
    }
    return HistoryEntry.objects.create(
        project=project,
        action=action,
        params=clean,
        user=user if getattr(user, "is_authenticated", False) else None,
        organisation=organisation,
    )


def describe(entry: HistoryEntry) -> str:
    template = ACTIONS.get(entry.action)
    if template is None:
        return entry.action
    # A deleted organisation's name was replaced by the French words, which are a msgid.
    params = {
        key: str(REMOVED_NAME_LABEL) if value == REMOVED_NAME else value
        for key, value in entry.params.items()
    }
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
