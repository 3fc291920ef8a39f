"""Reads of the API app."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from .models import PersonalAccessToken


def token_list(user) -> QuerySet[PersonalAccessToken]:
    """The user's tokens, active ones first, newest first."""
    return PersonalAccessToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def get_token_for_owner(user, token_id: int) -> PersonalAccessToken:
    """One of the user's own tokens, or 404 (another member's token does not exist for them)."""
    token = PersonalAccessToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise Http404
    return token
