"""An opportunity the room chose becomes a pooling project in one click, its obstacles carried
into the project's risk register.

Only a signed-in owner or editor of an organisation in the opportunity starts it, in the next
steps phase, and only when every partner is an organisation (a guest has no account to take
part in a project yet). The partners' monthly quantities are those entered in the workshop.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role
from mutualiser.organisations.selectors import membership_get
from mutualiser.projects import services as project_services
from mutualiser.projects.choices import Grade, RiskKind
from mutualiser.projects.models import PoolingProject

from .board import board_for
from .models import Obstacle, Participant, Phase

RISK_OF_OBSTACLE = {"people": RiskKind.HR}  # the other kinds share their code


def _risk_kind(kind: str) -> str:
    mapped = RISK_OF_OBSTACLE.get(kind, kind)
    return mapped if mapped in RiskKind.values else RiskKind.OTHER


@transaction.atomic
def project_from_opportunity(*, participant: Participant, opportunity: str, user) -> PoolingProject:
    workshop = participant.workshop
    if workshop.is_closed or workshop.phase != Phase.NEXT_STEPS:
        raise ValidationError(_("Un projet se démarre à l'étape « Prochaines étapes »."))
    found = next((o for o in board_for(workshop) if o.key == opportunity), None)
    if found is None or participant.pk not in found.participant_ids:
        raise ValidationError(_("Cette occasion n'est plus au tableau."))
    membership = (
        membership_get(user, participant.organisation) if participant.organisation else None
    )
    if membership is None or membership.role not in (Role.OWNER, Role.EDITOR):
        raise ValidationError(
            _("Seul un responsable ou un éditeur de l'organisme, connecté, démarre un projet.")
        )
    partners = list(
        workshop.participants.filter(pk__in=found.participant_ids).select_related("organisation")
    )
    if any(p.is_guest for p in partners):
        raise ValidationError(
            _("Un partenaire est invité sans compte : il crée d'abord son organisme sur le site.")
        )
    category = Category.objects.get(code=found.category)
    months = {}
    for p in partners:
        need = p.items.filter(category=category, direction="need").first()
        months[p.organisation_id] = list(need.months) if need else [0.0] * 12
    project = project_services.project_create(
        created_by=user,
        lead=participant.organisation,
        partners=[p.organisation for p in partners if p.pk != participant.pk],
        category=category,
        title=f"{category.label} — {workshop.title}"[:200],
        months_by_partner=months,
        place=workshop.place,
        origin=f"workshop:{workshop.pk}",
    )
    # The cards tied to this opportunity (whoever wrote them) and the partners' cards about
    # the whole room; a card tied to another opportunity stays with that one.
    cards = (
        Obstacle.objects.filter(participant__workshop=workshop, hidden=False)
        .filter(
            Q(opportunity=found.key)
            | Q(opportunity="", participant__pk__in=[p.pk for p in partners])
        )
        .order_by("pk")
    )
    for card in cards:
        project_services.risk_create(
            project=project,
            user=user,
            organisation=participant.organisation,
            data={
                "kind": _risk_kind(card.kind),
                "description": card.text,
                "likelihood": Grade.MEDIUM,
                "impact": Grade.MEDIUM,
            },
        )
    return project
