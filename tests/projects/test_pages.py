"""Creating a project, its roadmap, risks, quantities and evaluation, with hostile input."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mutualiser.organisations.choices import Visibility
from mutualiser.projects.models import Evaluation, HistoryEntry, PoolingProject, Risk
from mutualiser.projects.services import (
    decision_answer,
    decision_propose,
    evaluation_record,
    step_reminders_send,
)
from mutualiser.words import formats

from ..factories import InventoryItemFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HUGE = "x" * 100_000


def test_creating_from_scratch_invites_directory_organisations_and_starts_the_roadmap(
    client, alice, organisation_a, organisation_c, category
):
    InventoryItemFactory(organisation=organisation_c, category=category, months=[7.0] * 12)
    client.force_login(alice)
    form = client.get(reverse("projects:create")).content.decode()
    assert "Festival des Ruelles" in form

    response = client.post(
        reverse("projects:create"),
        {
            "title": "Régie partagée",
            "category": category.pk,
            "partners": [organisation_c.pk],
            "place": "Montréal",
        },
    )

    project = PoolingProject.objects.get(title="Régie partagée")
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    lead, member = project.partners.order_by("role")
    assert (lead.organisation, lead.role) == (organisation_a, "lead")
    assert (member.organisation, member.months) == (organisation_c, [7.0] * 12)
    assert [s.code for s in project.steps.all()] == [
        "feasibility",
        "governance",
        "rules",
        "pilot",
        "evaluation",
    ]
    assert project.steps.get(code="feasibility").status == "doing"
    assert HistoryEntry.objects.filter(project=project, action="project.created").exists()


def test_a_private_organisation_of_another_member_cannot_be_invited(
    client, alice, organisation_b, category
):
    assert organisation_b.visibility == Visibility.PRIVATE
    client.force_login(alice)

    response = client.post(
        reverse("projects:create"),
        {
            "title": "Essai",
            "category": category.pk,
            "partners": [organisation_b.pk],
        },
    )

    assert response.status_code == 200
    assert "Corrigez les champs signalés" in response.content.decode()
    assert not PoolingProject.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "partners": "[c]"},
        {"title": HUGE, "partners": "[c]"},
        {"title": "Ok", "partners": ""},
        {"title": "Ok", "partners": "999999"},
        {"title": "Ok", "partners": "abc"},
    ],
)
def test_hostile_creation_gives_a_message_and_writes_nothing(
    client, alice, organisation_c, category, data
):
    client.force_login(alice)
    partners = str(organisation_c.pk) if data["partners"] == "[c]" else data["partners"]

    response = client.post(
        reverse("projects:create"),
        {
            "title": data["title"],
            "category": category.pk,
            "partners": partners,
        },
    )

    assert response.status_code == 200
    assert "Corrigez les champs signalés" in response.content.decode()
    assert not PoolingProject.objects.exists()


def test_a_viewer_is_told_who_may_start_a_project(client, vera, organisation_a):
    from mutualiser.organisations.models import Membership

    Membership.objects.filter(user__email="alice@example.org").delete()
    client.force_login(vera)

    response = client.get(reverse("projects:create"))

    assert "Vous êtes lecteur" in response.content.decode()


@pytest.mark.parametrize("value", ["-1", "nan", "1e400", "abc", "", "99999999"])
def test_nonsense_quantities_give_a_message_and_change_nothing(
    client, alice, project, partner_c, value
):
    client.force_login(alice)
    before = list(partner_c.months)
    data = {f"m{i}": "10" for i in range(1, 13)}
    data["m5"] = value

    response = client.post(reverse("projects:quantities", args=[project.pk, partner_c.pk]), data)

    assert response.status_code == 200
    assert "Corrigez les champs signalés" in response.content.decode()
    partner_c.refresh_from_db()
    assert partner_c.months == before


def test_quantities_are_saved_and_the_history_says_so(client, carol, project, partner_c):
    client.force_login(carol)

    response = client.post(
        reverse("projects:quantities", args=[project.pk, partner_c.pk]),
        {**{f"m{i}": "12.5" for i in range(1, 13)}, "budget": "250000"},
    )

    assert response.status_code == 302
    partner_c.refresh_from_db()
    assert partner_c.months == [12.5] * 12 and partner_c.budget == 250000
    assert HistoryEntry.objects.filter(project=project, action="partner.quantities").exists()


def test_a_huge_risk_description_is_refused_and_nothing_is_added(client, alice, project):
    client.force_login(alice)

    response = client.post(
        reverse("projects:risks", args=[project.pk]),
        {
            "kind": "money",
            "description": HUGE,
            "likelihood": "high",
            "impact": "high",
        },
    )

    assert response.status_code == 200
    assert "Corrigez les champs signalés" in response.content.decode()
    assert not Risk.objects.exists()


def test_a_risk_owner_from_another_project_is_refused(
    client, alice, project, charlie, organisation_b, organisation_c, category
):
    from mutualiser.projects.services import project_create

    other = project_create(
        created_by=charlie,
        lead=organisation_b,
        partners=[organisation_c],
        category=category,
        title="Autre",
    )
    foreign = other.partners.first()
    client.force_login(alice)

    response = client.post(
        reverse("projects:risks", args=[project.pk]),
        {
            "kind": "money",
            "description": "Dépassement",
            "likelihood": "high",
            "impact": "high",
            "owner": foreign.pk,
        },
    )

    assert response.status_code == 200
    assert not Risk.objects.exists()


def test_a_step_is_ticked_done_and_the_next_one_starts(client, bob, project):
    client.force_login(bob)
    url = reverse("projects:step", args=[project.pk, "feasibility"])

    response = client.post(
        url, {"status": "done", "checklist": ["0", "1", "2", "3", "4"], "due_date": ""}
    )

    assert response.status_code == 302
    steps = {s.code: s for s in project.steps.all()}
    assert steps["feasibility"].status == "done" and all(steps["feasibility"].checklist)
    assert steps["governance"].status == "doing"


def test_a_step_with_a_guessed_carrier_or_checklist_item_is_refused(client, bob, project):
    client.force_login(bob)

    response = client.post(
        reverse("projects:step", args=[project.pk, "rules"]),
        {"status": "done", "carried_by": "999999", "checklist": ["42"]},
    )

    assert response.status_code == 200
    assert project.steps.get(code="rules").status == "todo"


def test_an_unknown_step_gives_404(client, bob, project):
    client.force_login(bob)

    assert client.get(reverse("projects:step", args=[project.pk, "nonsense"])).status_code == 404


def test_a_step_that_falls_due_emails_the_partners_once(
    project, django_capture_on_commit_callbacks
):
    step = project.steps.get(code="feasibility")
    step.due_date = timezone.localdate()
    step.save(update_fields=["due_date"])

    with django_capture_on_commit_callbacks(execute=True):
        first = step_reminders_send()
        second = step_reminders_send()

    assert (first, second) == (1, 0)
    subjects = {m.subject for m in mail.outbox}
    assert any("une étape arrive à échéance" in s for s in subjects)
    assert {m.to[0] for m in mail.outbox} >= {"alice@example.org", "carol@example.org"}


def test_an_evaluation_then_adjust_reopens_the_cost_sharing(
    project, partner_a, partner_c, alice, carol, organisation_a
):
    project.chosen_rule = "shapley"
    project.save(update_fields=["chosen_rule"])
    evaluation = evaluation_record(
        project=project,
        user=alice,
        organisation=organisation_a,
        actual_cost=80_000,
        note="",
        rows={partner_a.pk: (700.0, 4), partner_c.pk: (500.0, 2)},
    )
    decision = decision_propose(
        project=project,
        partner=partner_a,
        user=alice,
        title="Ajuster",
        kind="evaluation",
        payload={"outcome": "adjust", "evaluation": evaluation.pk},
        closes_at=timezone.now() + datetime.timedelta(days=5),
    )

    decision_answer(decision=decision, partner=partner_a, user=alice, answer="agree")
    decision_answer(decision=decision, partner=partner_c, user=carol, answer="agree")

    project.refresh_from_db()
    evaluation.refresh_from_db()
    assert evaluation.outcome == "adjust"
    assert project.chosen_rule == ""
    assert project.steps.get(code="rules").status == "doing"


def test_the_evaluation_page_shows_use_against_plan_and_satisfaction(client, alice, project):
    client.force_login(alice)
    partners = list(project.partners.all())
    data = {"actual_cost": "70000", "note": "Bon essai"}
    for partner in partners:
        data[f"use_{partner.pk}"] = str(partner.yearly_use / 2)
        data[f"satisfaction_{partner.pk}"] = "4"

    client.post(reverse("projects:evaluation", args=[project.pk]), data)
    page = client.get(reverse("projects:evaluation", args=[project.pk])).content.decode()

    assert Evaluation.objects.filter(project=project).count() == 1
    assert formats.percent(0.5, "fr") in page  # actual use against plan
    assert f"{formats.number(4.0, 'fr', 1)} / 5" in page
    assert "Proposer la suite" in page


@pytest.mark.parametrize(
    "field,value", [("actual_cost", "-3"), ("actual_cost", "1e400"), ("satisfaction", "9")]
)
def test_hostile_evaluation_input_gives_a_message_and_writes_nothing(
    client, alice, project, field, value
):
    client.force_login(alice)
    partner = project.partners.first()
    data = {"actual_cost": "100", f"satisfaction_{partner.pk}": "3"}
    if field == "satisfaction":
        data[f"satisfaction_{partner.pk}"] = value
    else:
        data[field] = value

    response = client.post(reverse("projects:evaluation", args=[project.pk]), data)

    assert response.status_code == 200
    assert "Corrigez les champs signalés" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_huge_or_empty_proposal_is_refused_with_a_message(client, alice, project):
    client.force_login(alice)
    closes = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()

    for title in ("", HUGE):
        response = client.post(
            reverse("projects:decisions", args=[project.pk]),
            {"title": title, "kind": "general", "closes_on": closes},
        )
        assert response.status_code == 200
        assert "Corrigez les champs signalés" in response.content.decode()
    response = client.post(
        reverse("projects:decisions", args=[project.pk]),
        {"title": "Clé", "kind": "rule", "rule": "nonsense", "closes_on": closes},
    )
    assert response.status_code == 200
    assert project.decisions.count() == 0


def test_the_directory_organisation_is_added_as_a_partner(client, alice, project):
    newcomer = OrganisationFactory(name="Danse Nouvelle", visibility=Visibility.DIRECTORY)
    client.force_login(alice)

    client.post(reverse("projects:partner-add", args=[project.pk]), {"organisation": newcomer.pk})

    assert project.partners.filter(organisation=newcomer).exists()


def test_the_invite_list_offers_directory_organisations_not_yet_partners(client, alice, project):
    newcomer = OrganisationFactory(name="Danse Nouvelle", visibility=Visibility.DIRECTORY)
    hidden = OrganisationFactory(name="Compagnie Secrète", visibility=Visibility.PRIVATE)
    client.force_login(alice)

    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()

    select = page[page.index('<select name="organisation"') : page.index("</select>")]
    assert f'<option value="{newcomer.pk}">Danse Nouvelle</option>' in select
    assert hidden.name not in select
    assert "Festival des Ruelles" not in select  # already a partner


def test_the_history_lists_every_change_in_the_readers_language(client, carol, project):
    carol.language = "en"
    carol.save(update_fields=["language"])
    client.force_login(carol)

    page = client.get("/en" + reverse("projects:history", args=[project.pk])[3:]).content.decode()

    assert "Project created" in page and "Festival des Ruelles joins the project." in page


def test_each_step_links_to_its_section_of_the_guide(client, bob, project):
    client.force_login(bob)

    page = client.get(reverse("projects:step", args=[project.pk, "governance"])).content.decode()
    guide = client.get(reverse("guide:chapter", args=["demarche"])).content.decode()

    anchor = page.split("/guide/demarche/#", 1)[1].split('"', 1)[0]
    assert anchor.startswith("5-")
    assert f'id="{anchor}"' in guide
