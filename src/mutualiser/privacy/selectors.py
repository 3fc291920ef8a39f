"""What a deletion takes and what it keeps, read by the confirmation pages and the services."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from mutualiser.contacts.models import ContactRequest, RequestMessage
from mutualiser.organisations.choices import Role
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.projects.models import Decision, PoolingProject, ProjectPartner
from mutualiser.workshops.models import Participant, Workshop


@dataclass(frozen=True)
class OrganisationDeletionPlan:
    organisation: Organisation
    deleted_projects: QuerySet[PoolingProject]
    kept_projects: QuerySet[PoolingProject]
    deleted_requests: QuerySet[ContactRequest]
    kept_requests: QuerySet[ContactRequest]
    workshop_participants: QuerySet[Participant]


def organisation_deletion_plan(organisation: Organisation) -> OrganisationDeletionPlan:
    """A project or a request stays when another live organisation takes part in it."""
    projects = PoolingProject.objects.filter(
        pk__in=ProjectPartner.objects.filter(organisation=organisation).values("project_id")
    )
    live_other = ProjectPartner.objects.filter(
        project=OuterRef("pk"), organisation__removed_at__isnull=True
    ).exclude(organisation=organisation)
    requests = ContactRequest.objects.filter(Q(sender=organisation) | Q(recipient=organisation))
    other_live = Q(sender=organisation, recipient__removed_at__isnull=True) | Q(
        recipient=organisation, sender__removed_at__isnull=True
    )
    return OrganisationDeletionPlan(
        organisation=organisation,
        deleted_projects=projects.exclude(Exists(live_other)),
        kept_projects=projects.filter(Exists(live_other)),
        deleted_requests=requests.exclude(other_live),
        kept_requests=requests.filter(other_live),
        workshop_participants=Participant.objects.filter(organisation=organisation),
    )


@dataclass(frozen=True)
class OrganisationDeletionSummary:
    """The counts the confirmation page names."""

    members: list[Membership]
    invitations: int
    items: int
    assessments: int
    requests_deleted: int
    requests_kept: int
    messages_kept: int
    projects_deleted: list[PoolingProject]
    projects_kept: list[PoolingProject]
    decisions_kept: int
    workshop_seats: int

    @property
    def keeps_anything(self) -> bool:
        return bool(self.requests_kept or self.projects_kept or self.workshop_seats)

    # Names joined here so that the whole sentence, list included, is one msgid.
    @property
    def member_names(self) -> str:
        return ", ".join(str(m.user) for m in self.members)

    @property
    def projects_deleted_titles(self) -> str:
        return ", ".join(p.title for p in self.projects_deleted)

    @property
    def projects_kept_titles(self) -> str:
        return ", ".join(p.title for p in self.projects_kept)


def organisation_deletion_summary(organisation: Organisation) -> OrganisationDeletionSummary:
    plan = organisation_deletion_plan(organisation)
    kept_projects = list(plan.kept_projects.select_related("category"))
    return OrganisationDeletionSummary(
        members=list(organisation.memberships.select_related("user").order_by("user__email")),
        invitations=organisation.invitations.filter(accepted_at__isnull=True).count(),
        items=organisation.inventory_items.count(),
        assessments=organisation.readiness_assessments.count(),
        requests_deleted=plan.deleted_requests.count(),
        requests_kept=plan.kept_requests.count(),
        messages_kept=RequestMessage.objects.filter(
            request__in=plan.kept_requests, organisation=organisation
        ).count(),
        projects_deleted=list(plan.deleted_projects),
        projects_kept=kept_projects,
        decisions_kept=Decision.objects.filter(
            project__in=kept_projects, proposed_by__organisation=organisation
        ).count(),
        workshop_seats=plan.workshop_participants.count(),
    )


def organisations_alone(user) -> QuerySet[Organisation]:
    """The organisations the user is the only member of: they go with the account."""
    # (the membership filter in a subquery: filtered on the same join, the count would only
    # ever see the user's own membership)
    mine = Membership.objects.filter(user=user).values("organisation_id")
    return (
        Organisation.objects.filter(pk__in=mine)
        .annotate(member_count=Count("memberships", distinct=True))
        .filter(member_count=1)
    )


def organisations_blocking(user) -> QuerySet[Organisation]:
    """The organisations the user is the only owner of while others are members."""
    other_owner = Membership.objects.filter(organisation=OuterRef("pk"), role=Role.OWNER).exclude(
        user=user
    )
    other_member = Membership.objects.filter(organisation=OuterRef("pk")).exclude(user=user)
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.OWNER).filter(
        ~Exists(other_owner), Exists(other_member)
    )


@dataclass(frozen=True)
class AccountDeletionSummary:
    blocking: list[Organisation]
    deleted_organisations: list[tuple[Organisation, OrganisationDeletionSummary]]
    left_organisations: list[Membership]
    workshops: list[Workshop]
    messages_kept: int
    answers_kept: int

    @property
    def workshop_titles(self) -> str:
        return ", ".join(w.title for w in self.workshops)


def account_deletion_summary(user) -> AccountDeletionSummary:
    alone = list(organisations_alone(user))
    alone_ids = {o.pk for o in alone}
    from mutualiser.projects.models import DecisionAnswer

    return AccountDeletionSummary(
        blocking=list(organisations_blocking(user)),
        deleted_organisations=[(o, organisation_deletion_summary(o)) for o in alone],
        left_organisations=[
            m
            for m in Membership.objects.filter(user=user).select_related("organisation")
            if m.organisation_id not in alone_ids
        ],
        workshops=list(Workshop.objects.filter(facilitator=user)),
        messages_kept=RequestMessage.objects.filter(author=user).count(),
        answers_kept=DecisionAnswer.objects.filter(answered_by=user).count()
        + Decision.objects.filter(proposed_by_user=user).count(),
    )
