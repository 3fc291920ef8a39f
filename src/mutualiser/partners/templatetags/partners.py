"""The profile's « Vos occasions avec cet organisme »: what the current organisation and
the profile's organisation could share, as the last partner search found it."""

from __future__ import annotations

from django import template

from mutualiser.organisations.models import Organisation

from ..selectors import opportunities_with

register = template.Library()


@register.inclusion_tag("partners/includes/with-mine.html", takes_context=True)
def opportunities_with_mine(context, organisation: Organisation) -> dict:
    """The current organisation's places in the opportunities it shares with `organisation`."""
    membership = context.get("current_membership")
    mine = membership.organisation if membership is not None else None
    rows = [] if mine is None else opportunities_with(organisation=mine, partner=organisation)
    return {"mine": mine, "rows": rows, "partner": organisation}
