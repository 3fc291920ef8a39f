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


def participant_list(workshop: Workshop):
    return workshop.participants.select_related("organisation").order_by("number")
