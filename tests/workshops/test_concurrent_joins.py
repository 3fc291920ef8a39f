"""Guests arriving together each get their own seat number (an anonymous workshop names them
by it), on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group

from mutualiser.diagnostic.scoring import FACILITATORS_GROUP
from mutualiser.workshops import services
from tests.factories import UserFactory
from tests.test_concurrent_writers import run_together

GUESTS = 12


@pytest.mark.django_db(transaction=True)
def test_twelve_guests_joining_at_once_get_twelve_numbers():
    facilitator = UserFactory()
    facilitator.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])
    workshop = services.workshop_create(
        facilitator=facilitator, title="Atelier", date=datetime.date(2026, 12, 3)
    )

    errors = run_together(
        lambda index: services.participant_join_as_guest(workshop=workshop, name=f"Invité {index}"),
        GUESTS,
    )

    assert errors == []
    numbers = sorted(workshop.participants.values_list("number", flat=True))
    assert numbers == list(range(1, GUESTS + 1))
