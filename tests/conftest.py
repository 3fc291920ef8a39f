"""Personas shared by the view tests: alice owns A, bob edits A, vera views A, charlie owns B;
carol owns C, an organisation of the directory."""

from __future__ import annotations

import pytest

from mutualiser.diagnostic import results_cache
from mutualiser.organisations.choices import Role, Visibility

from .factories import OrganisationFactory, persona


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Ids and timestamps repeat across rolled-back tests: each test starts with no results kept.
    results_cache.memory.clear()


@pytest.fixture
def organisation_a(db):
    return OrganisationFactory(name="Théâtre des Alizés", slug="theatre-des-alizes")


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="Danse Boréale", slug="danse-boreale")


@pytest.fixture
def organisation_c(db):
    return OrganisationFactory(
        name="Festival des Ruelles", slug="festival-des-ruelles", visibility=Visibility.DIRECTORY
    )


@pytest.fixture
def alice(organisation_a):
    return persona("alice@example.org", "Alice Tremblay", organisation_a, Role.OWNER)


@pytest.fixture
def bob(organisation_a):
    return persona("bob@example.org", "Bob Gagnon", organisation_a, Role.EDITOR)


@pytest.fixture
def charlie(organisation_b):
    return persona("charlie@example.org", "Charlie Roy", organisation_b, Role.OWNER)


@pytest.fixture
def vera(organisation_a):
    return persona("vera@example.org", "Vera Viewer", organisation_a, Role.VIEWER)


@pytest.fixture
def carol(organisation_c):
    return persona("carol@example.org", "Carol Roy", organisation_c, Role.OWNER)


@pytest.fixture
def page_queries(django_assert_max_num_queries):
    """`count(client, url, limit)`: the queries of a GET of `url` once the session is warm and
    the templates loaded (a first GET), failing beyond `limit`; the page must answer 200."""

    def count(client, url: str, limit: int) -> int:
        client.get(url)
        with django_assert_max_num_queries(limit) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries)

    return count
