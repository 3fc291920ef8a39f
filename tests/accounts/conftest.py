import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """allauth keeps its rate limits in the cache (the database's); each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    """Léa, whose one address is confirmed: she can log in."""
    user = UserFactory(email="lea@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
