"""Personas of the contact requests: A invites B.

alice owns A, bob edits A, vera views A; charlie owns B, carla edits B, victor views B;
dan owns C, a third organisation of the directory that takes no part in the request.
"""

from __future__ import annotations

import pytest

from mutualiser.organisations.choices import Role, Visibility
from tests.factories import OrganisationFactory, persona

from .factories import ContactRequestFactory


@pytest.fixture
def organisation_a(db):
    return OrganisationFactory(
        name="Théâtre des Alizés", slug="theatre-des-alizes", visibility=Visibility.DIRECTORY
    )


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(
        name="Danse Boréale", slug="danse-boreale", visibility=Visibility.DIRECTORY
    )


@pytest.fixture
def organisation_c(db):
    return OrganisationFactory(
        name="Musée du Fil", slug="musee-du-fil", visibility=Visibility.DIRECTORY
    )


@pytest.fixture
def vera(organisation_a):
    return persona("vera@example.org", "Vera Lapointe", organisation_a, Role.VIEWER)


@pytest.fixture
def carla(organisation_b):
    return persona("carla@example.org", "Carla Dubé", organisation_b, Role.EDITOR)


@pytest.fixture
def victor(organisation_b):
    return persona("victor@example.org", "Victor Hamel", organisation_b, Role.VIEWER)


@pytest.fixture
def dan(organisation_c):
    return persona("dan@example.org", "Dan Côté", organisation_c, Role.OWNER)


@pytest.fixture
def everyone(alice, bob, vera, charlie, carla, victor, dan):
    return {
        "alice": alice,
        "bob": bob,
        "vera": vera,
        "charlie": charlie,
        "carla": carla,
        "victor": victor,
        "dan": dan,
    }


@pytest.fixture
def a_to_b(alice, organisation_a, organisation_b):
    """A pending request from A to B, sent by alice."""
    return ContactRequestFactory(sender=organisation_a, recipient=organisation_b, sent_by=alice)
