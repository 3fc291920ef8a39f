"""Reads about projects, and the access helpers every view uses (404 for anybody else)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from mutualiser.organisations.models import Membership

from .models import Decision, PoolingProject, ProjectPartner, Risk


def project_list(user) -> QuerySet[PoolingProject]:
    """Projects one of the user's organisations takes part in."""
    if not user.is_authenticated:
        return PoolingProject.objects.none()
    ids = ProjectPartner.objects.filter(organisation__memberships__user=user).values("project_id")
    return (
        PoolingProject.objects.filter(pk__in=ids)
        .select_related("category")
        .prefetch_related("partners__organisation", "steps")
    )


@dataclass(frozen=True)
class ProjectAccess:
    """What the user may do in a project, and for which partner organisation they act."""

    project: PoolingProject
    partner: ProjectPartner  # the partner the user speaks for
    membership: Membership

    @property
    def can_act(self) -> bool:
        """Owners and editors of a partner organisation propose, answer and edit; viewers read."""
        return self.membership.can_edit

    @property
    def is_lead(self) -> bool:
        return self.partner.role == "lead"


def get_project_for_member(
    user, project_id: int, *, current_organisation_id=None, memberships=None
) -> ProjectAccess:
    """The project if one of the user's organisations is a partner, else 404 (never 403).

    A user in several partner organisations acts for the current one when it is a partner,
    else for the one where they may edit, else the first. The project comes with its partners
    and their organisations (every project page shows them); `memberships`, the user's
    memberships when the page has read them already (the header needs them too), saves a
    query.
    """
    if not user.is_authenticated:
        raise Http404
    project = (
        PoolingProject.objects.select_related("category")
        .prefetch_related(
            Prefetch("partners", queryset=ProjectPartner.objects.select_related("organisation"))
        )
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404
    partners = {partner.organisation_id: partner for partner in project.partners.all()}
    if memberships is None:
        memberships = Membership.objects.filter(
            user=user, organisation_id__in=list(partners)
        ).select_related("organisation")
    candidates = [m for m in memberships if m.user_id == user.pk and m.organisation_id in partners]
    if not candidates:
        raise Http404
    candidates.sort(
        key=lambda m: (m.organisation_id != current_organisation_id, not m.can_edit, m.pk)
    )
    membership = candidates[0]
    return ProjectAccess(
        project=project, partner=partners[membership.organisation_id], membership=membership
    )


def get_decision_for_member(access: ProjectAccess, decision_id: int) -> Decision:
    decision = Decision.objects.filter(project=access.project, pk=decision_id).first()
    if decision is None:
        raise Http404
    return decision


def get_risk_for_member(access: ProjectAccess, risk_id: int) -> Risk:
    risk = Risk.objects.filter(project=access.project, pk=risk_id).first()
    if risk is None:
        raise Http404
    return risk


def get_partner_for_member(access: ProjectAccess, partner_id: int) -> ProjectPartner:
    partner = (
        ProjectPartner.objects.select_related("organisation")
        .filter(project=access.project, pk=partner_id)
        .first()
    )
    if partner is None:
        raise Http404
    return partner
