"""The member's current organisation.

A user may belong to several organisations; the one they work in is kept in the session and
switched from the header. Views call `get_current_membership(request)`.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import Membership, Organisation
from .selectors import membership_list

SESSION_KEY = "current_organisation_id"


def get_memberships(request: HttpRequest) -> list[Membership]:
    """The user's memberships with their organisations, read once per request.

    The view (its current organisation, a project's partner) and the header's switcher both
    need them: one query serves every page. Views that change the user's memberships redirect
    afterwards, or say so through `set_current_organisation`.
    """
    if not request.user.is_authenticated:
        return []
    if not hasattr(request, "_memberships"):
        request._memberships = list(membership_list(request.user))
    return request._memberships


def _find_current_membership(request: HttpRequest) -> Membership | None:
    memberships = get_memberships(request)
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        for membership in memberships:
            if str(membership.organisation_id) == str(chosen):
                return membership
    return min(memberships, key=lambda m: (m.created_at, m.pk))


def get_current_membership(request: HttpRequest) -> Membership | None:
    """The membership the user works in now, looked up once per request."""
    if not hasattr(request, "_current_membership"):
        request._current_membership = _find_current_membership(request)
    return request._current_membership


def get_current_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation the member works in now: its data are the only ones a page shows."""
    membership = get_current_membership(request)
    return membership.organisation if membership is not None else None


def set_current_organisation(request: HttpRequest, membership: Membership) -> None:
    request.session[SESSION_KEY] = membership.organisation_id
    request._current_membership = membership
    # A new organisation or an accepted invitation: the switcher reads them again.
    request.__dict__.pop("_memberships", None)
