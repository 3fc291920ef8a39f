"""An opportunity the room chose becomes a pooling project, its obstacles in the risk register."""

import pytest
from django.urls import reverse

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role
from mutualiser.projects.models import PoolingProject
from mutualiser.workshops import services
from mutualiser.workshops.board import board_for
from mutualiser.workshops.models import Phase
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _room(workshop, alice, organisation_a, *, guest_partner=False):
    category = Category.objects.get(code="technical_direction")
    other = None
    if guest_partner:
        partner = services.participant_join_as_guest(workshop=workshop, name="Invité")
    else:
        other = OrganisationFactory(name="Festival d'hiver", slug="festival-hiver")
        MembershipFactory(user=UserFactory(), organisation=other, role=Role.OWNER)
        partner = services.participant_join_as_organisation(
            workshop=workshop, organisation=other, user=None
        )
    mine = services.participant_join_as_organisation(
        workshop=workshop, organisation=organisation_a, user=alice
    )
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    services.quick_inventory_save(participant=mine, entries={(category.pk, "need"): (70, "summer")})
    services.quick_inventory_save(
        participant=partner, entries={(category.pk, "need"): (70, "winter")}
    )
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    services.obstacle_add(participant=partner, kind="people", text="Qui supervise la personne ?")
    services.workshop_set_phase(workshop=workshop, phase=Phase.NEXT_STEPS)
    return mine, board_for(workshop)[0].key


def _seat(client, workshop, alice, organisation_a):
    client.force_login(alice)
    client.post(
        reverse("join:room", args=[workshop.code]),
        {"as": "organisation", "organisation": organisation_a.pk},
    )


def test_a_member_turns_the_rooms_opportunity_into_a_project_with_its_obstacles(
    client, workshop, alice, organisation_a
):
    _mine, key = _room(workshop, alice, organisation_a)
    _seat(client, workshop, alice, organisation_a)

    response = client.post(reverse("join:project", args=[workshop.code]), {"opportunity": key})

    project = PoolingProject.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.origin == f"workshop:{workshop.pk}"
    assert {p.organisation.slug for p in project.partners.all()} == {
        organisation_a.slug,
        "festival-hiver",
    }
    risk = project.risks.get()
    assert risk.kind == "hr" and risk.description == "Qui supervise la personne ?"


def test_no_project_with_a_guest_partner_and_a_message_says_why(
    client, workshop, alice, organisation_a
):
    _mine, key = _room(workshop, alice, organisation_a, guest_partner=True)
    _seat(client, workshop, alice, organisation_a)

    response = client.post(
        reverse("join:project", args=[workshop.code]), {"opportunity": key}, follow=True
    )

    assert not PoolingProject.objects.exists()
    assert "invité sans compte" in response.content.decode()


def test_a_forged_opportunity_or_a_guest_seat_starts_no_project(
    client, workshop, alice, organisation_a
):
    _room(workshop, alice, organisation_a)
    _seat(client, workshop, alice, organisation_a)

    response = client.post(
        reverse("join:project", args=[workshop.code]), {"opportunity": "g:w1,w999"}, follow=True
    )
    guest = client.__class__()
    guest.post(reverse("join:room", args=[workshop.code]), {"as": "guest", "name": "G"})
    guest_response = guest.post(
        reverse("join:project", args=[workshop.code]), {"opportunity": "g:w1"}, follow=True
    )

    assert response.status_code == 200 and guest_response.status_code == 200
    assert not PoolingProject.objects.exists()


def test_a_member_writes_to_the_partners_of_an_opportunity_from_the_next_steps(
    client, workshop, alice, organisation_a
):
    _room(workshop, alice, organisation_a)
    _seat(client, workshop, alice, organisation_a)

    board = client.get(reverse("join:board", args=[workshop.code])).content.decode()

    assert "/requests/new/?to=festival-hiver&amp;category=technical_direction" in board


def test_no_request_link_in_an_anonymous_workshop(client, facilitator, alice, organisation_a):
    import datetime

    workshop = services.workshop_create(
        facilitator=facilitator, title="Anonyme", date=datetime.date(2026, 12, 3), anonymous=True
    )
    _room(workshop, alice, organisation_a)
    _seat(client, workshop, alice, organisation_a)

    board = client.get(reverse("join:board", args=[workshop.code])).content.decode()

    assert "festival-hiver" not in board and "/requests/new/" not in board
