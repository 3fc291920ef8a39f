"""A project between A (alice owns, bob edits, vera reads) and C (carol owns); charlie owns B.

B is outside the project: every project URL gives charlie a 404.
"""

from __future__ import annotations

import pytest
from django.utils import translation

from mutualiser.projects.services import project_create

from ..factories import CategoryFactory

MONTHS_A = [90, 90, 100, 100, 60, 10, 0, 10, 80, 110, 110, 70]
MONTHS_C = [0, 0, 10, 20, 50, 120, 130, 120, 30, 0, 0, 0]


@pytest.fixture(autouse=True)
def _french_first():
    """Each test starts in French: a request to /en/ leaves English active in the thread."""
    with translation.override("fr"):
        yield


@pytest.fixture
def category(db):
    return CategoryFactory(
        code="technical_direction",
        label_fr="Direction technique",
        label_en="Technical direction",
        standalone_rate=60,
        unit_capacity=140,
        unit_cost=6000,
        min_fraction=0.4,
        member_overhead=120,
        max_group_size=4,
    )


@pytest.fixture
def project(alice, bob, vera, carol, charlie, organisation_a, organisation_c, category):
    return project_create(
        created_by=alice,
        lead=organisation_a,
        partners=[organisation_c],
        category=category,
        title="Direction technique partagée",
        months_by_partner={organisation_a.pk: MONTHS_A, organisation_c.pk: MONTHS_C},
        place="Montréal",
    )


@pytest.fixture
def partner_a(project, organisation_a):
    return project.partners.get(organisation=organisation_a)


@pytest.fixture
def partner_c(project, organisation_c):
    return project.partners.get(organisation=organisation_c)
