"""The header's notification counter and the profile's contact button."""

from __future__ import annotations

from django import template

from mutualiser.organisations.choices import Visibility
from mutualiser.organisations.middleware import get_memberships
from mutualiser.organisations.models import Organisation
from mutualiser.organisations.selectors import organisation_met_list
from mutualiser.projects.notify import notification_title as project_notification_title

from ..models import Notification
from ..selectors import new_request_url, notification_unread_count, pending_request_between
from ..texts import notification_title as title_of

register = template.Library()


@register.filter(name="notification_title")
def notification_title(notification: Notification) -> str:
    """The notification's sentence in the reader's language."""
    if notification.project_id is not None:
        return project_notification_title(notification)
    return title_of(notification.kind, notification.request)


def _unread_count(request) -> int:
    """The user's unread notifications, counted once per request: the header's bell and the
    contacts tabs show the same number."""
    if not request.user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        memberships = get_memberships(request)
        request._unread_notifications = notification_unread_count(
            request.user, organisation_ids=[m.organisation_id for m in memberships]
        )
    return request._unread_notifications


@register.inclusion_tag("contacts/includes/notification-counter.html", takes_context=True)
def notification_counter(context) -> dict:
    """The bell of the header, with the number of unread notifications (one query)."""
    return {"count": _unread_count(context["request"])}


@register.simple_tag(takes_context=True)
def unread_count(context) -> int:
    return _unread_count(context["request"])


@register.inclusion_tag("contacts/includes/contact-button.html", takes_context=True)
def contact_button(context, organisation: Organisation) -> dict:
    """On a profile: invite this organisation to explore pooling, or see the waiting request.

    Shown to a member of another organisation (the current one), for profiles in the
    directory; never on one's own organisations.
    """
    membership = context.get("current_membership")
    user = context["request"].user
    shown = (
        user.is_authenticated
        and membership is not None
        and (
            organisation.visibility == Visibility.DIRECTORY
            or organisation_met_list(user).filter(pk=organisation.pk).exists()
        )
        and not organisation.memberships.filter(user=user).exists()
    )
    if not shown:
        return {"shown": False}
    return {
        "shown": True,
        "organisation": organisation,
        "sender": membership.organisation,
        "can_send": membership.can_edit,
        "pending": pending_request_between(membership.organisation, organisation),
        "url": new_request_url(to=[organisation.slug]),
    }
