import datetime

import pytest
from django.contrib.auth.models import Group

from mutualiser.diagnostic.scoring import FACILITATORS_GROUP
from mutualiser.workshops import presenters, services
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _no_rows_kept():
    """Each test reads its own room: the per-process rows of earlier tests are forgotten."""
    presenters._SHARED_ROWS.clear()


@pytest.fixture
def facilitator(db):
    user = UserFactory(email="anim@example.org")
    user.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])
    return user


@pytest.fixture
def other_facilitator(db):
    user = UserFactory(email="other-anim@example.org")
    user.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])
    return user


@pytest.fixture
def workshop(facilitator):
    return services.workshop_create(
        facilitator=facilitator, title="Atelier BSL", date=datetime.date(2026, 12, 3)
    )
