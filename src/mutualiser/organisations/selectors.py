"""Reads about organisations, shared by views, the API and the middleware."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .choices import Visibility
from .models import Membership, Organisation


def membership_list(user) -> QuerySet[Membership]:
    """The user's memberships, with their organisations, by organisation name."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def membership_get(user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def get_membership_for_member(user, slug: str) -> Membership:
    """The user's membership in the organisation `slug`, or 404 (never 403: no leak)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("organisation"), user=user, organisation__slug=slug
    )


def organisation_visible_list(user) -> QuerySet[Organisation]:
    """Organisations a user may see: the directory, plus the user's own."""
    directory = Organisation.objects.filter(visibility=Visibility.DIRECTORY)
    if not user.is_authenticated:
        return directory.none()
    own = Organisation.objects.filter(memberships__user=user)
    return (directory | own).distinct()


def get_organisation_for_viewer(user, slug: str) -> Organisation:
    """An organisation's profile if the user may see it, else 404."""
    return get_object_or_404(organisation_visible_list(user), slug=slug)
