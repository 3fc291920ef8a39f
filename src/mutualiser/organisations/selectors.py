"""Reads about organisations, shared by views, the API and the middleware."""

from __future__ import annotations

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from mutualiser.places.loader import municipalities_in, normalise_name

from .choices import Role, Visibility
from .models import Invitation, Membership, Organisation


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


def get_membership_for_editor(user, slug: str) -> Membership:
    """The user's membership if they may edit the organisation `slug` (owner, editor), else 404."""
    membership = get_membership_for_member(user, slug)
    if not membership.can_edit:
        raise Http404
    return membership


def get_membership_for_owner(user, slug: str) -> Membership:
    """The user's membership if they own the organisation `slug`, else 404."""
    membership = get_membership_for_member(user, slug)
    if not membership.is_owner:
        raise Http404
    return membership


def member_list(organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's members: owners first, then by name."""
    role_order = Case(
        When(role=Role.OWNER, then=Value(0)),
        When(role=Role.EDITOR, then=Value(1)),
        default=Value(2),
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by(role_order, "user__full_name", "user__email")
    )


def invitation_pending_list(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations not yet accepted (expired ones included, so that they can be revoked)."""
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True
    ).select_related("invited_by", "requested_by")


def organisation_directory(
    user,
    *,
    region: str = "",
    discipline: str = "",
    legal_kind: str = "",
    query: str = "",
) -> QuerySet[Organisation]:
    """The directory as `user` sees it, filtered; `is_mine` marks the user's own organisations.

    Disciplines are a JSON list; matching the quoted code in its text works on SQLite and
    PostgreSQL alike (codes are never quoted inside one another).
    """
    organisations = organisation_visible_list(user).annotate(
        is_mine=Exists(Membership.objects.filter(user_id=user.pk, organisation=OuterRef("pk")))
    )
    if region:
        organisations = organisations.filter(region=region)
    if discipline:
        organisations = organisations.filter(disciplines__icontains=f'"{discipline}"')
    if legal_kind:
        organisations = organisations.filter(legal_kind=legal_kind)
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(municipality__icontains=query)
        )
    return organisations.order_by("name", "id")


def invitation_find(token: str) -> Invitation | None:
    """The invitation with this token, or None (unknown, mistyped or revoked)."""
    return (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )


def municipality_names(region: str) -> list[str]:
    """Names of the region's municipalities, alphabetical (accents ignored); [] if no region."""
    try:
        municipalities = municipalities_in(region)
    except ValueError:
        return []
    names = {m.name for m in municipalities}
    return sorted(names, key=normalise_name)
