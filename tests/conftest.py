"""Personas shared by the view tests: alice owns A, bob edits A, vera views A, charlie owns B;
carol owns C, an organisation of the directory."""

from __future__ import annotations

import pytest

from mutualiser.diagnostic import results_cache
from mutualiser.organisations.choices import Role, Visibility

from .factories import MembershipFactory, OrganisationFactory, UserFactory


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
    user = UserFactory(email="alice@example.org", full_name="Alice Tremblay")
    MembershipFactory(user=user, organisation=organisation_a, role=Role.OWNER)
    return user


@pytest.fixture
def bob(organisation_a):
    user = UserFactory(email="bob@example.org", full_name="Bob Gagnon")
    MembershipFactory(user=user, organisation=organisation_a, role=Role.EDITOR)
    return user


@pytest.fixture
def charlie(organisation_b):
    user = UserFactory(email="charlie@example.org", full_name="Charlie Roy")
    MembershipFactory(user=user, organisation=organisation_b, role=Role.OWNER)
    return user


@pytest.fixture
def vera(organisation_a):
    user = UserFactory(email="vera@example.org", full_name="Vera Viewer")
    MembershipFactory(user=user, organisation=organisation_a, role=Role.VIEWER)
    return user


@pytest.fixture
def carol(organisation_c):
    user = UserFactory(email="carol@example.org", full_name="Carol Roy")
    MembershipFactory(user=user, organisation=organisation_c, role=Role.OWNER)
    return user
