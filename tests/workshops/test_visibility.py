"""The visibility "workshop participants": a profile seen by the organisations that sat in
a workshop with it, and by no one else."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mutualiser.contacts.services import resolve_recipients
from mutualiser.organisations.choices import Visibility
from mutualiser.organisations.selectors import organisation_visible_list
from mutualiser.workshops import services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def met(organisation_a):
    """A's profile opens to workshop participants; A sat in the workshop."""
    organisation_a.visibility = Visibility.WORKSHOP
    organisation_a.save(update_fields=["visibility"])
    return organisation_a


def _sit(workshop, organisation):
    services.participant_join_as_organisation(
        workshop=workshop, organisation=organisation, user=None
    )


def _profile(client, user, organisation):
    client.force_login(user)
    return client.get(reverse("organisations:detail", args=[organisation.slug]))


def test_an_organisation_that_sat_in_the_same_workshop_sees_the_profile(
    client, workshop, met, charlie, organisation_b
):
    _sit(workshop, met)
    _sit(workshop, organisation_b)

    response = _profile(client, charlie, met)

    assert response.status_code == 200
    assert met in organisation_visible_list(charlie)


def test_an_organisation_of_another_workshop_or_of_none_gets_404(
    client, facilitator, workshop, met, charlie, organisation_b
):
    elsewhere = services.workshop_create(
        facilitator=facilitator, title="Ailleurs", date=datetime.date(2026, 12, 4)
    )
    _sit(workshop, met)
    _sit(elsewhere, organisation_b)
    nowhere = UserFactory()
    MembershipFactory(user=nowhere, organisation=OrganisationFactory())

    assert _profile(client, charlie, met).status_code == 404
    assert _profile(client, nowhere, met).status_code == 404
    client.logout()
    assert client.get(reverse("organisations:detail", args=[met.slug])).status_code == 302
    assert met not in organisation_visible_list(charlie)


def test_a_guest_seat_or_the_facilitator_opens_nothing(
    client, facilitator, workshop, met, charlie, organisation_b
):
    _sit(workshop, met)
    services.participant_join_as_guest(workshop=workshop, name=organisation_b.name)

    assert _profile(client, charlie, met).status_code == 404
    assert _profile(client, facilitator, met).status_code == 404


def test_a_private_organisation_stays_private_even_after_a_workshop(
    client, workshop, organisation_a, charlie, organisation_b
):
    _sit(workshop, organisation_a)  # private by default
    _sit(workshop, organisation_b)

    assert _profile(client, charlie, organisation_a).status_code == 404


def test_a_contact_request_reaches_an_organisation_met_in_a_workshop_only(
    facilitator, workshop, met, charlie, organisation_b
):
    with pytest.raises(ValidationError):
        resolve_recipients(sender=organisation_b, user=charlie, slugs=[met.slug])
    _sit(workshop, met)
    _sit(workshop, organisation_b)

    assert resolve_recipients(sender=organisation_b, user=charlie, slugs=[met.slug]) == [met]
