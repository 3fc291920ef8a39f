"""The demo project: in progress, with the demo login's organisation among its partners."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from mutualiser.core.demo import demo_build, demo_delete
from mutualiser.projects.models import PoolingProject

pytestmark = pytest.mark.django_db


def test_the_demo_project_has_two_steps_done_decisions_closed_and_open_a_risk_and_a_rule(client):
    demo_build()
    project = PoolingProject.objects.get(is_demo=True)
    login_orgs = set(
        project.partners.filter(
            organisation__memberships__user__email=settings.DEMO_EMAIL
        ).values_list("organisation__slug", flat=True)
    )

    assert login_orgs
    assert project.steps.filter(status="done").count() == 2
    assert project.decisions.filter(status="open").count() == 1
    assert project.decisions.filter(status="adopted").count() >= 1
    assert project.risks.exists()
    assert project.chosen_rule and project.snapshots.filter(rule=project.chosen_rule).exists()
    assert mail.outbox == []  # built without writing to fictional addresses

    client.login(email=settings.DEMO_EMAIL, password=settings.DEMO_PASSWORD)
    for name in ("detail", "costs", "decisions", "risks", "governance", "evaluation", "history"):
        assert client.get(reverse(f"projects:{name}", args=[project.pk])).status_code == 200


def test_deleting_the_demo_deletes_its_project():
    demo_build()

    demo_delete()

    assert not PoolingProject.objects.exists()
