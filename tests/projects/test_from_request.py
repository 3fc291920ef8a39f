"""A project started from an accepted contact request: its partner, subject and trial."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mutualiser.contacts.models import ContactRequest, RequestStatus
from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role, Visibility
from mutualiser.projects.models import PoolingProject

from ..factories import MembershipFactory, OrganisationFactory, UserFactory

NEW = "/fr/projects/new/"


@pytest.fixture
def accepted(alice, organisation_a, organisation_b):
    organisation_b.visibility = Visibility.DIRECTORY
    organisation_b.save()
    return ContactRequest.objects.create(
        sender=organisation_b,
        recipient=organisation_a,
        category=Category.objects.get(code="accounting"),
        message="Parlons-en.",
        first_step="Un essai de six mois.",
        trial_months=6,
        status=RequestStatus.ACCEPTED,
        answered_at=timezone.now(),
    )


@pytest.mark.django_db
def test_the_form_starts_with_the_other_side_and_the_subject(client, alice, accepted):
    client.force_login(alice)

    response = client.get(NEW, {"request": accepted.pk})

    form = response.context["form"]
    assert form.initial["partners"] == [accepted.sender_id]
    assert form.initial["category"] == accepted.category_id
    assert form.initial["title"] == "Essai : Comptabilité"
    assert "viennent de la demande acceptée" in response.content.decode()


@pytest.mark.django_db
def test_the_project_keeps_its_origin_and_the_trial_s_length(client, alice, accepted):
    client.force_login(alice)
    data = {
        "title": "Essai : Comptabilité",
        "category": accepted.category_id,
        "partners": [accepted.sender_id],
    }

    client.post(f"{NEW}?request={accepted.pk}", data)

    project = PoolingProject.objects.get()
    assert project.origin == f"request:{accepted.pk}"
    months = (project.trial_end.year - project.start_date.year) * 12 + (
        project.trial_end.month - project.start_date.month
    )
    assert months == 6


@pytest.mark.django_db
def test_a_request_of_other_organisations_is_not_found(client, accepted):
    outsider = UserFactory()
    MembershipFactory(user=outsider, organisation=OrganisationFactory(), role=Role.OWNER)
    client.force_login(outsider)

    assert client.get(NEW, {"request": accepted.pk}).status_code == 404
    assert client.get(NEW, {"request": "nonsense"}).status_code == 404


@pytest.mark.django_db
def test_a_request_not_accepted_starts_an_empty_form(client, alice, accepted):
    accepted.status = RequestStatus.PENDING
    accepted.save()
    client.force_login(alice)

    response = client.get(NEW, {"request": accepted.pk}, follow=True)

    assert response.context["form"].initial == {}
    assert "pas acceptée" in response.content.decode()


@pytest.mark.django_db
def test_the_accepted_request_offers_to_start_a_project(client, alice, accepted):
    client.force_login(alice)

    page = client.get(f"/fr/requests/{accepted.pk}/").content.decode()

    assert f"/fr/projects/new/?request={accepted.pk}" in page
