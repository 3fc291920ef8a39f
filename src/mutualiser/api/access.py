"""The API's access helpers: the same answers as the pages' (another organisation: 404)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from mutualiser.diagnostic.models import InventoryItem
from mutualiser.organisations.models import Membership
from mutualiser.organisations.selectors import get_membership_for_member

from .auth import require_write
from .errors import Forbidden


def membership_for_reader(request: HttpRequest, slug: str) -> Membership:
    """The caller's membership in the organisation `slug`, or 404 (not a member)."""
    return get_membership_for_member(request.auth.user, slug)


def membership_for_writer(request: HttpRequest, slug: str) -> Membership:
    """As `membership_for_reader`, for a write: a read token or a viewer gets 403."""
    membership = membership_for_reader(request, slug)
    require_write(request)
    if not membership.can_edit:
        raise Forbidden(_("Votre rôle dans cet organisme permet de consulter, pas de modifier."))
    return membership


def item_of(membership: Membership, item_id: int) -> InventoryItem:
    """The organisation's item `item_id`, or 404 (another organisation's, or none)."""
    item = (
        InventoryItem.objects.select_related("category__family", "organisation")
        .filter(pk=item_id, organisation=membership.organisation)
        .first()
    )
    if item is None:
        raise Http404
    item.organisation = membership.organisation
    return item
