"""A project's decisions reach the partners' members in the site too: the header's bell and
the notifications list, in each reader's language, and only while their organisation takes
part."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mutualiser.contacts.models import Notification
from mutualiser.projects.services import decision_propose


@pytest.fixture
def proposed(project, partner_a, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return decision_propose(
            project=project,
            partner=partner_a,
            user=alice,
            title="Adopter la clé de Shapley",
            closes_at=timezone.now() + timedelta(days=7),
        )


@pytest.mark.django_db
def test_every_partner_member_but_the_proposer_is_notified_in_the_site(proposed, alice, carol):
    notified = set(Notification.objects.filter(decision=proposed).values_list("user", flat=True))

    assert carol.pk in notified
    assert alice.pk not in notified


@pytest.mark.django_db
def test_the_list_says_it_in_the_reader_s_language_and_opens_the_decision(client, proposed, carol):
    client.force_login(carol)

    french = client.get("/fr/requests/notifications/").content.decode()
    english = client.get("/en/requests/notifications/").content.decode()
    notification = Notification.objects.get(user=carol, decision=proposed)
    opened = client.get(f"/fr/requests/notifications/{notification.pk}/")

    assert "Direction technique partagée : une décision attend votre réponse" in french
    assert "Direction technique partagée" in english and "une décision" not in english
    assert opened.status_code == 302
    assert opened["Location"].endswith(proposed.get_absolute_url().split("/", 2)[2])
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_an_organisation_that_left_the_project_no_longer_sees_its_notifications(
    client, proposed, project, carol, organisation_c
):
    project.partners.filter(organisation=organisation_c).delete()
    client.force_login(carol)

    page = client.get("/fr/requests/notifications/").content.decode()

    assert "Direction technique partagée" not in page
    notification = Notification.objects.get(user=carol, decision=proposed)
    assert client.get(f"/fr/requests/notifications/{notification.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_header_counts_the_project_s_notification(client, proposed, carol):
    client.force_login(carol)

    page = client.get("/fr/").content.decode()

    assert 'class="notification-count"' in page
