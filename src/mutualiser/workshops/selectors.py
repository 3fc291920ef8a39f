"""Reads and access helpers: another facilitator's workshop, or another workshop's
participant, is a 404 (nothing says it exists)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from mutualiser.diagnostic.scoring import user_is_facilitator

from .models import Participant, Workshop

SESSION_KEY = "workshop_participants"


def get_workshop_for_facilitator(user, pk: int) -> Workshop:
    if not user_is_facilitator(user):
        raise Http404
    return get_object_or_404(Workshop, pk=pk, facilitator=user)


def workshop_list_for_facilitator(user):
    return Workshop.objects.filter(facilitator=user).order_by("-date", "-pk")


def remember_participant(request: HttpRequest, participant: Participant) -> None:
    seats = dict(request.session.get(SESSION_KEY, {}))
    seats[str(participant.workshop_id)] = participant.pk
    request.session[SESSION_KEY] = seats


def current_participant(request: HttpRequest, workshop: Workshop) -> Participant | None:
    """This browser's seat in the workshop: kept in the session (guests have no account)."""
    pk = request.session.get(SESSION_KEY, {}).get(str(workshop.pk))
    if pk is None:
        return None
    return (
        Participant.objects.filter(pk=pk, workshop=workshop).select_related("organisation").first()
    )


def seat_for_code(request: HttpRequest, code: str) -> Participant | None:
    """This browser's seat in the workshop of `code`, with its workshop, in one query (every
    phone asks for it every poll), or None."""
    seats = [pk for pk in request.session.get(SESSION_KEY, {}).values() if isinstance(pk, int)]
    if not seats:
        return None
    return (
        Participant.objects.filter(pk__in=seats, workshop__code=code)
        .select_related("workshop", "organisation")
        .first()
    )


def participant_list(workshop: Workshop):
    return workshop.participants.select_related("organisation").order_by("number")


def organisations_met_in_workshops(user):
    """Ids of the organisations that sat in a workshop where one of the user's organisations
    sat too (what the visibility "workshop participants" opens to). A subquery: no rows read."""
    from mutualiser.organisations.models import Membership

    if not user.is_authenticated:
        return Participant.objects.none().values("organisation_id")
    mine = Membership.objects.filter(user=user).values("organisation_id")
    rooms = Participant.objects.filter(organisation_id__in=mine).values("workshop_id")
    return Participant.objects.filter(workshop_id__in=rooms, organisation__isnull=False).values(
        "organisation_id"
    )
