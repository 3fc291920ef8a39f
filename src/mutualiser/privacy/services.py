"""Deleting an account and an organisation (Law 25 / GDPR), in one transaction each.

What goes and what stays is one rule, read by the confirmation pages (selectors) and applied
here:
- an organisation's own rows go: profile, members, invitations, inventory, readiness
  assessments, its opportunities, its projects and requests that no other organisation
  takes part in;
- a pooling project or a contact request that another (live) organisation still takes part
  in stays for it: the deleted organisation's row is emptied and named « Organisme
  supprimé » (Organisation.removed_at), its pending requests are closed, and a project it led
  passes to another partner;
- an account goes with its memberships, notifications, guide progress and the workshops it
  runs; what it wrote in shared places (messages, answers, decisions) stays, signed « Ancien
  membre » (the foreign keys to the user are SET_NULL).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutualiser.contacts.models import ContactRequest, Notification, RequestStatus
from mutualiser.organisations.choices import Visibility
from mutualiser.organisations.models import REMOVED_NAME, Membership, Organisation
from mutualiser.projects.calculator import partner_budget
from mutualiser.projects.choices import PartnerRole
from mutualiser.projects.models import AllocationSnapshot, HistoryEntry, ProjectPartner
from mutualiser.workshops.models import Participant

from . import selectors

# The demo login and its organisations are shared by every visitor of a demo site:
# `manage.py demo` resets them; nobody deletes them from the pages.
DEMO_REFUSAL = gettext_lazy(
    "Les données de démonstration ne se suppriment pas : la démo se réinitialise avec "
    "« manage.py demo »."
)


def is_demo_account(user) -> bool:
    return user.email.casefold() == settings.DEMO_EMAIL.casefold()


def _close_pending_requests(organisation: Organisation, kept: list[int]) -> None:
    """A request nobody can answer any more is closed: withdrawn if the organisation sent it,
    declined if it received it (the other side reads the thread, cannot write in it)."""
    now = timezone.now()
    pending = ContactRequest.objects.filter(pk__in=kept, status=RequestStatus.PENDING)
    pending.filter(sender=organisation).update(status=RequestStatus.WITHDRAWN, answered_at=now)
    pending.filter(recipient=organisation).update(status=RequestStatus.DECLINED, answered_at=now)


def _hand_over_projects(organisation: Organisation, kept: list[int]) -> None:
    """Keep each shared project's figures as they were, and its lead with a live partner."""
    for partner in ProjectPartner.objects.filter(
        organisation=organisation, project_id__in=kept
    ).select_related("organisation"):
        # The budget key read the profile's band: keep that figure, the profile is emptied.
        if partner.budget is None:
            partner.budget = partner_budget(partner)
        was_lead = partner.role == PartnerRole.LEAD
        partner.role = PartnerRole.MEMBER
        partner.save(update_fields=["budget", "role"])
        if was_lead:
            successor = (
                ProjectPartner.objects.filter(
                    project_id=partner.project_id, organisation__removed_at__isnull=True
                )
                .exclude(organisation=organisation)
                .order_by("joined_at", "pk")
                .first()
            )
            if successor is not None:
                successor.role = PartnerRole.LEAD
                successor.save(update_fields=["role"])


def _anonymise_names(name: str, kept_projects: list[int]) -> None:
    """The organisation's name written into kept projects' history and sharing snapshots."""
    for entry in HistoryEntry.objects.filter(project_id__in=kept_projects):
        params = {
            key: REMOVED_NAME if value == name else value for key, value in entry.params.items()
        }
        if params != entry.params:
            entry.params = params
            entry.save(update_fields=["params"])
    for snapshot in AllocationSnapshot.objects.filter(project_id__in=kept_projects):
        shares = [
            {**row, "organisation": REMOVED_NAME}
            if isinstance(row, dict) and row.get("organisation") == name
            else row
            for row in snapshot.shares
        ]
        if shares != snapshot.shares:
            snapshot.shares = shares
            snapshot.save(update_fields=["shares"])


def _empty_profile(organisation: Organisation) -> None:
    organisation.name = REMOVED_NAME
    organisation.slug = f"organisme-supprime-{secrets.token_hex(6)}"
    organisation.legal_kind = ""
    organisation.disciplines = []
    organisation.municipality = ""
    organisation.latitude = None
    organisation.longitude = None
    organisation.budget_band = ""
    organisation.staff_fte = None
    organisation.visibility = Visibility.PRIVATE
    organisation.description = ""
    organisation.website = ""
    organisation.removed_at = timezone.now()
    organisation.save()


@transaction.atomic
def organisation_delete(*, organisation: Organisation) -> bool:
    """Delete the organisation; True when its row stays emptied for other partners.

    The caller checked that the user owns it. Everything runs in one transaction: a failure
    halfway leaves the organisation as it was.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_demo:
        raise ValidationError(DEMO_REFUSAL, code="demo")
    name = organisation.name
    took_part = organisation.visibility != Visibility.PRIVATE
    region = organisation.region
    plan = selectors.organisation_deletion_plan(organisation)
    kept_projects = list(plan.kept_projects.values_list("pk", flat=True))
    kept_requests = list(plan.kept_requests.values_list("pk", flat=True))
    member_ids = list(organisation.memberships.values_list("user_id", flat=True))

    plan.deleted_projects.delete()
    plan.deleted_requests.delete()
    kept = bool(kept_projects or kept_requests or plan.workshop_participants.exists())
    # Its name written in the kept projects, and in those it left earlier (their history).
    touched = set(kept_projects) | set(
        HistoryEntry.objects.filter(organisation=organisation).values_list("project_id", flat=True)
    )
    _anonymise_names(name, sorted(touched))
    if not kept:
        organisation.delete()
    else:
        _close_pending_requests(organisation, kept_requests)
        _hand_over_projects(organisation, kept_projects)
        # Former members lose access: their notices about the kept places go with it.
        Notification.objects.filter(user_id__in=member_ids).filter(
            Q(request_id__in=kept_requests) | Q(project_id__in=kept_projects)
        ).delete()
        # The room keeps the cards, not who held the phone.
        plan.workshop_participants.update(user=None)
        organisation.memberships.all().delete()
        organisation.invitations.all().delete()
        organisation.inventory_items.all().delete()  # its opportunities and candidates too
        organisation.readiness_assessments.all().delete()
        _empty_profile(organisation)
    _sweep_removed()
    if took_part and region:
        from mutualiser.partners.services import opportunities_refresh_request

        # The region's opportunities no longer include it (after the commit: a worker reads
        # the deleted state).
        transaction.on_commit(lambda: opportunities_refresh_request(region=region))
    return kept


def _sweep_removed() -> None:
    """Deleted organisations nothing refers to any more (the last partner left) go for good."""
    unused = (
        Organisation.objects.filter(removed_at__isnull=False)
        .exclude(Exists(ProjectPartner.objects.filter(organisation=OuterRef("pk"))))
        .exclude(Exists(ContactRequest.objects.filter(sender=OuterRef("pk"))))
        .exclude(Exists(ContactRequest.objects.filter(recipient=OuterRef("pk"))))
        .exclude(Exists(Participant.objects.filter(organisation=OuterRef("pk"))))
    )
    unused.delete()


def account_blockers(user) -> list[Organisation]:
    """Organisations the user is the only owner of while other people are members: they must
    name another owner, or delete the organisation, before the account can go."""
    return list(selectors.organisations_blocking(user))


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the account, the organisations it alone belongs to, and what is only its own.

    Raises ValidationError while the user is the only owner of an organisation with other
    members (nobody could manage it any more). One transaction.
    """
    if is_demo_account(user):
        raise ValidationError(DEMO_REFUSAL, code="demo")
    # Lock the memberships: nobody joins or leaves the organisations while we decide.
    list(
        Membership.objects.select_for_update()
        .filter(organisation__memberships__user=user)
        .values_list("pk", flat=True)
    )
    blockers = account_blockers(user)
    if blockers:
        raise ValidationError(
            _(
                "Vous êtes le seul responsable de %(names)s : nommez d'abord un autre "
                "responsable, ou supprimez l'organisme."
            )
            % {"names": ", ".join(o.name for o in blockers)},
            code="sole_owner",
        )
    for organisation in selectors.organisations_alone(user):
        organisation_delete(organisation=organisation)
    # Workshop seats keep the room's cards, without the person (SET_NULL does it too; said
    # here so that the rule reads in one place).
    Participant.objects.filter(user=user).update(user=None)
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    addresses = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=addresses).delete()
    user.delete()
