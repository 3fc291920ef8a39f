"""Every project URL: partners see it, a viewer cannot change it, anybody else gets 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualiser.projects.models import Decision, Risk
from mutualiser.projects.services import decision_propose, risk_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(project, partner_a, alice):
    return decision_propose(
        project=project,
        partner=partner_a,
        user=alice,
        title="Réunion mensuelle",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )


@pytest.fixture
def risk(project, alice, organisation_a):
    return risk_create(
        project=project,
        user=alice,
        organisation=organisation_a,
        data={
            "kind": "hr",
            "description": "Départ",
            "likelihood": "low",
            "impact": "high",
        },
    )


def project_urls(project, partner, decision, risk) -> list[str]:
    pk = project.pk
    return [
        reverse("projects:detail", args=[pk]),
        reverse("projects:edit", args=[pk]),
        reverse("projects:quantities", args=[pk, partner.pk]),
        reverse("projects:step", args=[pk, "feasibility"]),
        reverse("projects:governance", args=[pk]),
        reverse("projects:risks", args=[pk]),
        reverse("projects:risk-edit", args=[pk, risk.pk]),
        reverse("projects:costs", args=[pk]),
        reverse("projects:history", args=[pk]),
        reverse("projects:agreement-pdf", args=[pk]),
        reverse("projects:agreement-docx", args=[pk]),
        reverse("projects:decisions", args=[pk]),
        reverse("projects:decision", args=[pk, decision.pk]),
        reverse("projects:evaluation", args=[pk]),
    ]


def test_a_non_partner_gets_404_on_every_project_url(
    client, charlie, project, partner_a, decision, risk
):
    client.force_login(charlie)

    for url in project_urls(project, partner_a, decision, risk):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "x"}).status_code in (404, 405), url


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, project, partner_a, decision, risk):
    for url in project_urls(project, partner_a, decision, risk):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_every_member_of_a_partner_organisation_reads_every_page(
    client, vera, carol, project, partner_a, decision, risk
):
    for user in (vera, carol):
        client.force_login(user)
        for url in project_urls(project, partner_a, decision, risk):
            if url.endswith("/edit/") or "/quantities/" in url:
                continue  # pages that only change things
            assert client.get(url).status_code == 200, (user, url)


def test_a_viewer_cannot_propose_a_decision(client, vera, project):
    client.force_login(vera)

    response = client.post(
        reverse("projects:decisions", args=[project.pk]),
        {
            "title": "Acheter un camion",
            "kind": "general",
            "closes_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 403
    assert "lecteur" in response.content.decode()
    assert not Decision.objects.filter(title="Acheter un camion").exists()


def test_a_viewer_cannot_answer_edit_or_add(client, vera, project, partner_a, decision, risk):
    client.force_login(vera)
    pk = project.pk

    posts = [
        (reverse("projects:decision", args=[pk, decision.pk]), {"answer": "agree"}),
        (
            reverse("projects:risks", args=[pk]),
            {"kind": "hr", "description": "x", "likelihood": "low", "impact": "low"},
        ),
        (reverse("projects:risk-delete", args=[pk, risk.pk]), {}),
        (reverse("projects:costs", args=[pk]), {"standalone_rate": "1"}),
        (reverse("projects:step", args=[pk, "feasibility"]), {"status": "done"}),
        (reverse("projects:edit", args=[pk]), {"title": "Autre"}),
        (reverse("projects:evaluation", args=[pk]), {"actual_cost": "1"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url

    assert decision.answers.count() == 0
    assert Risk.objects.filter(pk=risk.pk).exists()
    project.refresh_from_db()
    assert project.title == "Direction technique partagée"


def test_another_projects_decision_or_risk_id_gives_404(
    client, carol, project, decision, risk, organisation_c, category, charlie, organisation_b
):
    from mutualiser.projects.services import project_create

    other = project_create(
        created_by=charlie,
        lead=organisation_b,
        partners=[organisation_c],
        category=category,
        title="Autre projet",
    )
    client.force_login(carol)

    assert client.get(reverse("projects:decision", args=[other.pk, decision.pk])).status_code == 404
    assert client.get(reverse("projects:risk-edit", args=[other.pk, risk.pk])).status_code == 404


def test_a_partner_edits_only_its_own_quantities_unless_it_leads(
    client, carol, alice, project, partner_a, partner_c
):
    client.force_login(carol)
    assert (
        client.get(reverse("projects:quantities", args=[project.pk, partner_a.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("projects:quantities", args=[project.pk, partner_c.pk])).status_code
        == 200
    )

    client.force_login(alice)
    assert (
        client.get(reverse("projects:quantities", args=[project.pk, partner_c.pk])).status_code
        == 200
    )


def test_the_list_shows_only_the_users_projects(
    client, alice, charlie, project, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("projects:index"))
    assert project.title in response.content.decode()

    client.force_login(charlie)
    assert project.title not in client.get(reverse("projects:index")).content.decode()
