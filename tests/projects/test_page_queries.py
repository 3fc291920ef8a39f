"""The project pages of the members' bench (bench/bench_members.py) read a fixed number of
queries: more partners, steps carried, risks and open decisions add none (no N+1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutualiser.organisations.choices import Visibility
from mutualiser.projects.models import PoolingProject, ProjectPartner

from ..factories import DecisionFactory, OrganisationFactory, RiskFactory

# session, user, memberships (the access and the header), project, its partners with their
# organisations, open decisions, steps (with who carries them), risks, the header's
# notifications, the organisations to invite (and, once a rule is chosen, its snapshot)
PROJECT_QUERIES = 10
# session, user, memberships, project, partners, open rule decisions, snapshots, notifications
COSTS_QUERIES = 8
# session, user, projects, their partners, their organisations, their steps, memberships,
# notifications
LIST_QUERIES = 8


def _grow(project, count: int) -> None:
    """`count` more partners, each carrying a step, owning a risk and proposing a decision."""
    steps = list(project.steps.all())
    for number in range(count):
        organisation = OrganisationFactory(
            name=f"Partenaire {number:02d}", visibility=Visibility.DIRECTORY
        )
        partner = ProjectPartner.objects.create(
            project=project, organisation=organisation, months=[10] * 12
        )
        steps[number % len(steps)].carried_by = partner
        steps[number % len(steps)].save(update_fields=["carried_by"])
        RiskFactory(project=project, owner=partner)
        DecisionFactory(proposed_by=partner)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "limit"),
    [("projects:detail", PROJECT_QUERIES), ("projects:costs", COSTS_QUERIES)],
)
def test_a_project_page_reads_the_same_few_queries_for_2_or_6_partners(
    client, alice, project, page_queries, name, limit
):
    url = reverse(name, args=[project.pk])
    client.force_login(alice)
    small = page_queries(client, url, limit)

    _grow(project, 4)

    assert page_queries(client, url, limit) == small


@pytest.mark.django_db
def test_the_project_list_reads_the_same_few_queries_for_1_or_3_projects(
    client, alice, project, page_queries
):
    url = reverse("projects:index")
    client.force_login(alice)
    small = page_queries(client, url, LIST_QUERIES)

    _grow(project, 3)
    for title in ("Deuxième projet", "Troisième projet"):
        other = PoolingProject.objects.create(title=title, category=project.category)
        ProjectPartner.objects.create(
            project=other, organisation=alice.memberships.get().organisation, role="lead"
        )

    assert page_queries(client, url, LIST_QUERIES) == small
