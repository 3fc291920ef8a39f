"""The sweep's world, built once per module inside a transaction rolled back at the end.

Each test runs in a savepoint of that transaction (pytest-django's `db`), so whatever a
request writes is undone before the next one, and hundreds of requests share one world.
The partner search's small region (tests/partners/conftest.py) serves the fault tests.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from tests.partners.conftest import accounting, region, studio  # noqa: F401

from .sweep import ROLES, csrf_client
from .world import build_world, client_for


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                with translation.override("fr"):
                    built = build_world()
                yield built
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _signed_in(world):
    """One client per role, signed in once: its session row lives in the module's
    transaction, so every test's rollback keeps it. A client is built once because its
    handler loads the middleware (WhiteNoise scans the static files) when it is made."""
    clients = {}
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for role in ROLES:
            client = client_for(world, role, csrf_client())
            clients[role] = (
                client,
                {name: morsel.value for name, morsel in client.cookies.items()},
            )
    return clients


@pytest.fixture
def role_client(_signed_in):
    """The role's client with the cookies it had when it signed in (a test may log out)."""

    def get(role: str):
        client, cookies = _signed_in[role]
        client.cookies.clear()
        for name, value in cookies.items():
            client.cookies[name] = value
        return client

    return get


@pytest.fixture(autouse=True)
def _french_first():
    """Each test starts in French: a request to /en/ leaves English active in the thread."""
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _no_api_rate_limit(settings):
    """The sweep sends hundreds of API calls a minute with each token: the limits (429) are
    tested in tests/api; here every call must reach its view's access check."""
    settings.API_RATE_LIMIT = 1_000_000
    settings.API_ENGINE_RATE_LIMIT = 1_000_000
