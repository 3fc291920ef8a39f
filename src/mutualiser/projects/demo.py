"""The demo pooling project: a theatre, a festival and a presenter share a technical director.

Called by the demo builder (core/demo/builder.py) once the organisations, members and
inventories exist. The demo login owns the lead (Marée Haute) and edits the festival, so it
sees the project from both sides: two steps done, one rule chosen by a closed decision, one
decision open for its answer, risks in the register.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.models import Organisation

from . import services
from .choices import Answer, DecisionKind, GovernanceForm, Grade, RiskKind, StepCode, StepStatus
from .knowledge import STEP_BY_CODE
from .models import PoolingProject
from .notify import notifications_paused

LEAD, FESTIVAL, PRESENTER = "maree-haute", "ruelles", "quai-des-arts"
PRESENTER_MONTHS = [20, 20, 15, 15, 10, 0, 0, 0, 10, 20, 20, 15]


def _first_user(organisation: Organisation):
    membership = organisation.memberships.select_related("user").order_by("pk").first()
    return membership.user if membership else None


def demo_project_build(*, organisations: dict[str, Organisation], login) -> PoolingProject:
    """The demo project, written through the services (so its history is real)."""
    lead, festival, presenter = (organisations[k] for k in (LEAD, FESTIVAL, PRESENTER))
    presenter_user = _first_user(presenter)
    today = timezone.localdate()
    with notifications_paused():
        project = services.project_create(
            created_by=login,
            lead=lead,
            partners=[festival, presenter],
            category=Category.objects.get(code="technical_direction"),
            title="Direction technique partagée",
            place="Montréal : Plateau, Rosemont et Verdun",
            origin="demo",
            months_by_partner={presenter.pk: PRESENTER_MONTHS},
        )
        project.is_demo = True
        project.start_date = today - datetime.timedelta(days=75)
        project.trial_end = today + datetime.timedelta(days=240)
        project.save(update_fields=["is_demo", "start_date", "trial_end"])
        partners = {p.organisation_id: p for p in project.partners.all()}
        p_lead, p_festival, p_presenter = (partners[o.pk] for o in (lead, festival, presenter))

        for step in project.steps.all():
            if step.code in (StepCode.FEASIBILITY, StepCode.GOVERNANCE):
                status, ticks = StepStatus.DONE, [True] * len(STEP_BY_CODE[step.code].checklist)
            elif step.code == StepCode.RULES:
                status, ticks = StepStatus.DOING, [True, False, True, False, False]
            else:
                status, ticks = StepStatus.TODO, []
            services.step_update(
                step=step,
                user=login,
                organisation=lead,
                status=status,
                due_date=step.due_date - datetime.timedelta(days=75),
                carried_by=p_festival if step.code == StepCode.PILOT else p_lead,
                checklist=ticks,
            )

        closes = timezone.now() + datetime.timedelta(days=10)
        governance = services.decision_propose(
            project=project,
            partner=p_lead,
            user=login,
            closes_at=closes,
            kind=DecisionKind.GOVERNANCE,
            payload={"form": GovernanceForm.AGREEMENT},
            title="Adopter la forme « Entente de services (convention) »",
            text="Le Théâtre emploie la directrice technique et refacture les autres selon la clé.",
        )
        rule = services.decision_propose(
            project=project,
            partner=p_lead,
            user=login,
            closes_at=closes,
            kind=DecisionKind.RULE,
            payload={"rule": "shapley"},
            title="Retenir la clé « Shapley »",
            text="Chacun paie ce qu'il ajoute au coût du poste ; personne ne paie plus que seul.",
        )
        for decision in (governance, rule):
            services.decision_answer(
                decision=decision, partner=p_lead, user=login, answer=Answer.AGREE
            )
            services.decision_answer(
                decision=decision, partner=p_festival, user=login, answer=Answer.AGREE
            )
            services.decision_answer(
                decision=decision,
                partner=p_presenter,
                user=presenter_user,
                answer=Answer.ABSTAIN if decision is governance else Answer.AGREE,
                reason="Notre conseil se prononcera sur la forme en juin."
                if decision is governance
                else "",
            )
        access = services.decision_propose(
            project=project,
            partner=p_presenter,
            user=presenter_user,
            closes_at=timezone.now() + datetime.timedelta(days=12),
            title="Donner la priorité d'accès au festival de juin à août",
            text="Hors de l'été, priorité au Théâtre ; le Quai réserve deux semaines d'avance.",
        )
        services.decision_answer(
            decision=access, partner=p_presenter, user=presenter_user, answer=Answer.AGREE
        )

        services.risk_create(
            project=project,
            user=login,
            organisation=lead,
            data={
                "kind": RiskKind.HR,
                "likelihood": Grade.MEDIUM,
                "impact": Grade.HIGH,
                "description": "La directrice technique partagée se sent sans équipe et part en cours d'essai.",  # noqa: E501
                "mitigation": "Un port d'attache au Théâtre, une rencontre mensuelle des trois partenaires.",  # noqa: E501
                "owner": p_lead,
            },
        )
        services.risk_create(
            project=project,
            user=login,
            organisation=lead,
            data={
                "kind": RiskKind.LOGISTICS,
                "likelihood": Grade.HIGH,
                "impact": Grade.MEDIUM,
                "description": "Chevauchement en septembre entre la rentrée du Théâtre et le démontage du festival.",  # noqa: E501
                "mitigation": "Calendrier partagé dès mai ; le Quai décale ses montages d'une semaine.",  # noqa: E501
                "owner": p_festival,
            },
        )
    return project


def demo_projects_delete() -> int:
    count, _ = PoolingProject.objects.filter(is_demo=True).delete()
    return count
