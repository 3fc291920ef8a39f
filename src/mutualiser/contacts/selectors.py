"""Reads about contact requests and notifications, with the access helpers the views use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse

from mutualiser.organisations.models import Membership, Organisation
from mutualiser.projects.models import ProjectPartner

from .models import ContactRequest, Notification, RequestStatus


def new_request_url(*, to: list[str], category: str = "") -> str:
    """The address that starts a request to the organisations `to` (slugs), about `category`.

    The opportunities pages and the profile's button link there.
    """
    query = [("to", slug) for slug in to]
    if category:
        query.append(("category", category))
    return reverse("contacts:new") + ("?" + urlencode(query) if query else "")


@dataclass(frozen=True)
class RequestAccess:
    """A member's view of a request: the request and the side they are on."""

    request: ContactRequest
    membership: Membership

    @property
    def is_recipient(self) -> bool:
        return self.membership.organisation_id == self.request.recipient_id

    @property
    def own_organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def other_organisation(self) -> Organisation:
        return self.request.sender if self.is_recipient else self.request.recipient

    @property
    def can_answer(self) -> bool:
        return self.is_recipient and self.membership.can_edit and self.request.is_pending

    @property
    def can_write(self) -> bool:
        return self.membership.can_edit and self.request.is_open

    @property
    def can_withdraw(self) -> bool:
        return not self.is_recipient and self.membership.can_edit and self.request.is_pending


def _first_when(condition: Q) -> Case:
    """An ordering key putting the rows that meet `condition` first."""
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def _request_queryset() -> QuerySet[ContactRequest]:
    return ContactRequest.objects.select_related("sender", "recipient", "category", "sent_by")


def get_request_for_member(user, pk: int) -> RequestAccess:
    """The request if the user is a member of the inviting or the invited organisation, else 404.

    A member of both sides (possible once someone joins the other organisation) answers as the
    invited one: the request waits on that side.
    """
    if not user.is_authenticated:
        raise Http404
    request = _request_queryset().filter(pk=pk).first()
    if request is None:
        raise Http404
    memberships = {
        m.organisation_id: m
        for m in Membership.objects.filter(
            user=user, organisation_id__in=[request.sender_id, request.recipient_id]
        ).select_related("organisation")
    }
    membership = memberships.get(request.recipient_id) or memberships.get(request.sender_id)
    if membership is None:
        raise Http404
    return RequestAccess(request=request, membership=membership)


def get_request_for_editor(user, pk: int) -> RequestAccess:
    """As `get_request_for_member`, for owners and editors only (viewers read, never act)."""
    access = get_request_for_member(user, pk)
    if not access.membership.can_edit:
        raise Http404
    return access


def contact_request_received_list(organisation: Organisation) -> QuerySet[ContactRequest]:
    """Requests the organisation was invited by: those waiting for an answer first."""
    return (
        _request_queryset()
        .filter(recipient=organisation)
        .order_by(_first_when(Q(status=RequestStatus.PENDING)), "-created_at", "-id")
    )


def contact_request_sent_list(organisation: Organisation) -> QuerySet[ContactRequest]:
    return _request_queryset().filter(sender=organisation).order_by("-created_at", "-id")


def pending_request_between(sender: Organisation, recipient: Organisation) -> ContactRequest | None:
    """The request waiting between the two organisations, in either direction, if any."""
    return (
        ContactRequest.objects.filter(status=RequestStatus.PENDING)
        .filter(Q(sender=sender, recipient=recipient) | Q(sender=recipient, recipient=sender))
        .first()
    )


def notification_list(
    user, *, organisation_ids: Iterable[int] | None = None
) -> QuerySet[Notification]:
    """The user's notifications, unread first, then the newest; only those about requests and
    projects that one of the user's organisations still takes part in.

    `organisation_ids`: the user's organisations when the request has read them already
    (the header); PostgreSQL plans the ids in about half the time of their subqueries, and
    every page counts the unread notifications.
    """
    return (
        _notifications_of(user, organisation_ids)
        .select_related(
            "request__sender", "request__recipient", "request__category", "project", "decision"
        )
        .order_by(_first_when(Q(read_at__isnull=True)), "-created_at", "-id")
    )


def _notifications_of(user, organisation_ids: Iterable[int] | None) -> QuerySet[Notification]:
    """The notifications `notification_list` shows, in no order and without their relations."""
    own = (
        Membership.objects.filter(user=user).values("organisation_id")
        if organisation_ids is None
        else list(organisation_ids)
    )
    projects = ProjectPartner.objects.filter(organisation_id__in=own).values("project_id")
    return Notification.objects.filter(user=user).filter(
        Q(request__sender_id__in=own)
        | Q(request__recipient_id__in=own)
        | Q(project_id__in=projects)
    )


def notification_unread_count(user, *, organisation_ids: Iterable[int] | None = None) -> int:
    if not user.is_authenticated:
        return 0
    # without the list's relations and order: the count of every page's header compiled
    # in about half the time (count() drops them from the SQL, not from the compiling)
    notifications = _notifications_of(user, organisation_ids)
    return notifications.filter(read_at__isnull=True).count()
