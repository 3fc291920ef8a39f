"""The member's current organisation.

A user may belong to several organisations; the one they work in is kept in the session and
switched from the header. Views call `get_current_membership(request)`.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import Membership, Organisation
from .selectors import membership_list

SESSION_KEY = "current_organisation_id"


def _find_current_membership(request: HttpRequest) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    memberships = membership_list(request.user)
    chosen = request.session.get(SESSION_KEY)
    membership = memberships.filter(organisation_id=chosen).first() if chosen else None
    return membership or memberships.order_by("created_at", "id").first()


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
