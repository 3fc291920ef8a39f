import datetime

import pytest
from django.contrib.auth.models import Group

from mutualiser.diagnostic.scoring import FACILITATORS_GROUP
from mutualiser.workshops import services
from tests.factories import UserFactory


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
