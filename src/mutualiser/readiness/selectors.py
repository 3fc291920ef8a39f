"""Reads about readiness assessments, always through the member's organisations."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from mutualiser.organisations.models import Organisation

from .models import ReadinessAssessment


def assessment_list(organisation: Organisation) -> QuerySet[ReadinessAssessment]:
    """An organisation's assessments, the latest first."""
    return ReadinessAssessment.objects.filter(organisation=organisation).select_related(
        "answered_by"
    )


def get_assessment_for_member(user, pk: int) -> ReadinessAssessment:
    """An assessment of one of the user's organisations, or 404 (never 403: no leak)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        ReadinessAssessment.objects.select_related("organisation", "answered_by"),
        pk=pk,
        organisation__memberships__user=user,
    )
