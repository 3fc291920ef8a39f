"""An owner deletes an organisation; what partners still need stays, anonymised."""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation

from mutualiser.contacts.models import ContactRequest, RequestMessage, RequestStatus
from mutualiser.diagnostic.models import InventoryItem
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.privacy import services
from mutualiser.projects.models import (
    AllocationSnapshot,
    Decision,
    DecisionAnswer,
    HistoryEntry,
    PoolingProject,
    ProjectPartner,
)
from mutualiser.readiness.models import ReadinessAssessment
from mutualiser.workshops.models import Obstacle, Participant

pytestmark = pytest.mark.django_db

URL = "organisations:delete"


def _url(organisation) -> str:
    return reverse(URL, args=[organisation.slug])


def test_the_page_names_what_goes_and_what_stays(client, alice, world, organisation_a):
    client.force_login(alice)

    response = client.get(_url(organisation_a))

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 élément d'inventaire" in page
    assert "3 membres perdent l'accès" in page
    assert "Direction technique partagée" in page  # the shared project, kept
    assert "« Organisme supprimé »" in page
    assert "Votre place dans 1 atelier" in page


@pytest.mark.parametrize("persona", ["bob", "vera", "charlie"])
def test_only_an_owner_reaches_the_page(client, persona, request, world, organisation_a):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(_url(organisation_a)).status_code == 404
    assert client.post(_url(organisation_a), {"name": organisation_a.name}).status_code == 404
    assert Organisation.objects.filter(pk=organisation_a.pk, removed_at__isnull=True).exists()


def test_an_unknown_slug_is_a_404(client, alice):
    client.force_login(alice)

    assert client.get(reverse(URL, args=["nope"])).status_code == 404


@pytest.mark.parametrize("typed", ["", "Théâtre", "x" * 500])
def test_a_wrong_name_deletes_nothing(client, alice, world, organisation_a, typed):
    client.force_login(alice)

    response = client.post(_url(organisation_a), {"name": typed})

    assert response.status_code == 200
    assert InventoryItem.objects.filter(organisation=organisation_a).exists()
    organisation_a.refresh_from_db()
    assert organisation_a.removed_at is None


def test_deleting_keeps_the_shared_project_and_thread_anonymised(
    client, alice, carol, world, organisation_a, organisation_c
):
    snapshot = AllocationSnapshot.objects.create(
        project=world["project"],
        rule="equal",
        cost=1000.0,
        shares=[{"organisation": "Théâtre des Alizés", "share": 500.0}],
    )
    client.force_login(alice)

    response = client.post(_url(organisation_a), {"name": "  théâtre des alizés "})

    assert response.status_code == 302
    organisation_a.refresh_from_db()
    assert organisation_a.is_removed
    assert organisation_a.name == "Organisme supprimé"
    assert organisation_a.description == "" and organisation_a.latitude is None
    assert not Membership.objects.filter(organisation=organisation_a).exists()
    assert not InventoryItem.objects.filter(organisation=organisation_a).exists()
    assert not ReadinessAssessment.objects.filter(organisation=organisation_a).exists()
    # The project stays for C, with A's decision and C's answer; C now leads it.
    project = PoolingProject.objects.get(pk=world["project"].pk)
    assert Decision.objects.filter(project=project).count() == 1
    assert DecisionAnswer.objects.filter(decision__project=project).count() == 1
    assert project.partners.get(organisation=organisation_c).role == "lead"
    snapshot.refresh_from_db()
    assert snapshot.shares[0]["organisation"] == "Organisme supprimé"
    assert not HistoryEntry.objects.filter(params__name="Théâtre des Alizés").exists()
    # The thread with B stays, its pending request closed.
    request = ContactRequest.objects.get(pk=world["request"].pk)
    assert request.status == RequestStatus.WITHDRAWN
    assert RequestMessage.objects.filter(request=request).count() == 2
    # The workshop keeps A's cards, not who wrote them.
    seat = Participant.objects.get(organisation=organisation_a)
    assert seat.user is None and Obstacle.objects.filter(participant=seat).exists()


def test_partners_read_organisme_supprime_in_their_language(
    client, alice, carol, world, organisation_a
):
    AllocationSnapshot.objects.create(
        project=world["project"],
        rule="equal",
        cost=1000.0,
        shares=[{"organisation": "Théâtre des Alizés", "share": 500.0}],
    )
    services.organisation_delete(organisation=organisation_a)
    client.force_login(carol)

    french = client.get(reverse("projects:detail", args=[world["project"].pk]))
    with translation.override("en"):
        english = client.get(f"/en/projects/{world['project'].pk}/history/")
        costs = client.get(f"/en/projects/{world['project'].pk}/costs/")

    assert "Organisme supprimé" in french.content.decode()
    assert "Théâtre des Alizés" not in french.content.decode()
    assert "Deleted organisation" in english.content.decode()
    assert "Théâtre des Alizés" not in english.content.decode()
    assert "Deleted organisation" in costs.content.decode()
    assert "Organisme supprimé" not in costs.content.decode()


def test_an_organisation_nobody_else_needs_is_deleted_outright(client, charlie, organisation_b):
    client.force_login(charlie)

    response = client.post(_url(organisation_b), {"name": organisation_b.name})

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation_b.pk).exists()


def test_a_project_with_no_other_live_partner_goes(
    alice, carol, world, organisation_a, organisation_c
):
    services.organisation_delete(organisation=organisation_c)

    services.organisation_delete(organisation=organisation_a)

    assert not PoolingProject.objects.filter(pk=world["project"].pk).exists()
    # A and C stay emptied: B still has a thread with each.
    assert Organisation.objects.get(pk=organisation_a.pk).is_removed
    assert Organisation.objects.get(pk=organisation_c.pk).is_removed


def test_a_deleted_organisation_nobody_refers_to_any_more_goes_for_good(
    alice, carol, charlie, world, organisation_a, organisation_b, organisation_c
):
    for organisation in (organisation_a, organisation_c, organisation_b):
        services.organisation_delete(organisation=organisation)

    remaining = Organisation.objects.filter(
        pk__in=[organisation_a.pk, organisation_b.pk, organisation_c.pk]
    )
    # Only the workshop's seats still refer to A and B (C runs it through carol's account).
    assert set(remaining.values_list("pk", flat=True)) == {organisation_a.pk, organisation_b.pk}
    assert not ContactRequest.objects.exists()
    assert not PoolingProject.objects.exists()


def test_a_plain_delete_cannot_take_a_shared_projects_decisions(world, organisation_a):
    with pytest.raises(ProtectedError):
        organisation_a.delete()

    assert Decision.objects.filter(project=world["project"]).exists()


def test_a_failure_halfway_leaves_everything_as_it_was(alice, world, organisation_a, monkeypatch):
    def broken(organisation):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_empty_profile", broken)

    with pytest.raises(RuntimeError):
        services.organisation_delete(organisation=organisation_a)

    organisation_a.refresh_from_db()
    assert organisation_a.removed_at is None
    assert Membership.objects.filter(organisation=organisation_a).count() == 3
    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 1
    assert ProjectPartner.objects.get(organisation=organisation_a).role == "lead"
    assert ContactRequest.objects.get(pk=world["request"].pk).status == RequestStatus.PENDING


def test_a_deleted_organisation_leaves_the_directory(client, alice, charlie, organisation_a):
    organisation_a.visibility = "directory"
    organisation_a.save()
    services.organisation_delete(organisation=organisation_a)
    client.force_login(charlie)

    page = client.get(reverse("organisations:directory")).content.decode()

    assert "Théâtre des Alizés" not in page


def test_a_demo_organisation_cannot_be_deleted_from_the_pages(client, alice, organisation_a):
    Organisation.objects.filter(pk=organisation_a.pk).update(is_demo=True)
    client.force_login(alice)

    response = client.post(_url(organisation_a), {"name": organisation_a.name})

    assert response.status_code == 200
    assert "manage.py demo" in response.content.decode()
    assert Organisation.objects.get(pk=organisation_a.pk).removed_at is None
