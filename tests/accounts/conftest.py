import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    """allauth keeps its rate limits in the cache (the database's); each test starts with none."""
    cache.clear()
    yield
    cache.clear()
