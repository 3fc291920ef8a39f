"""Votes and obstacle cards point at an opportunity by a stable key (kind, category,
participants): they survive inventories sent again; a card tied to an opportunity goes into
that opportunity's project."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role
from mutualiser.projects.models import PoolingProject
from mutualiser.workshops import services
from mutualiser.workshops.board import board_for
from mutualiser.workshops.models import Obstacle, Phase
from mutualiser.workshops.presenters import board_rows
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _need(seat, category, season, **more):
    entries = {(category.pk, "need"): (category.unit_capacity / 2, season)}
    for other, quantity in more.get("also", {}).items():
        entries[(other.pk, "need")] = (quantity, "year")
    services.quick_inventory_save(participant=seat, entries=entries)


def _two_pairs(workshop):
    """A and B could share a technical director, C and D another resource."""
    director = Category.objects.get(code="technical_direction")
    other = Category.objects.exclude(family=director.family).order_by("pk").first()
    seats = {
        name: services.participant_join_as_guest(workshop=workshop, name=name) for name in "ABCD"
    }
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    _need(seats["A"], director, "summer")
    _need(seats["B"], director, "winter")
    _need(seats["C"], other, "summer")
    _need(seats["D"], other, "winter")
    return seats, director, other


def _key(workshop, seat_a, seat_b):
    return next(
        o.key for o in board_for(workshop) if set(o.participant_ids) == {seat_a.pk, seat_b.pk}
    )


def test_a_vote_key_names_the_kind_the_category_and_the_participants(workshop):
    seats, director, _other = _two_pairs(workshop)

    key = _key(workshop, seats["A"], seats["B"])

    a, b = sorted([seats["A"].pk, seats["B"].pk])
    assert key == f"g:{director.code}:{a},{b}"


def test_the_key_of_a_room_wide_group_fits_its_column_and_stays_the_same():
    from mutualiser.workshops.board import opportunity_key
    from mutualiser.workshops.models import Vote

    members = tuple(range(1000, 1150))

    key = opportunity_key("group", "technical_direction", members)

    assert len(key) <= Vote._meta.get_field("opportunity").max_length
    assert key == opportunity_key("group", "technical_direction", tuple(reversed(members)))
    assert key != opportunity_key("group", "technical_direction", members[1:])


def test_a_vote_survives_inventory_changes_elsewhere_and_in_the_opportunity(workshop):
    seats, director, other = _two_pairs(workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    key = _key(workshop, seats["A"], seats["B"])
    services.vote_toggle(participant=seats["C"], opportunity=key, board_keys=[key])

    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)
    _need(seats["D"], other, "year")  # elsewhere
    # B sends its inventory again with one more need: its items are written again
    _need(seats["B"], director, "winter", also={other: 3.0})
    services.workshop_set_phase(workshop=workshop, phase=Phase.NEXT_STEPS)

    row = next(r for r in board_rows(workshop) if r.key == key)
    assert row.votes == 1
    assert key in [o.key for o in board_for(workshop)]


def test_the_obstacle_form_offers_the_boards_opportunities(client, workshop):
    seats, _director, _other = _two_pairs(workshop)
    client.post(reverse("join:room", args=[workshop.code]), {"as": "guest", "name": "E"})
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)

    content = client.get(reverse("join:room", args=[workshop.code])).content.decode()

    assert f'value="{_key(workshop, seats["A"], seats["B"])}"' in content
    assert "Toute la salle" in content


def test_a_card_tied_to_an_opportunity_says_so_on_the_screen(client, facilitator, workshop):
    seats, _director, _other = _two_pairs(workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    key = _key(workshop, seats["C"], seats["D"])
    client.post(reverse("join:room", args=[workshop.code]), {"as": "guest", "name": "E"})

    client.post(
        reverse("join:obstacle", args=[workshop.code]),
        {"kind": "logistics", "text": "Qui garde les clés ?", "opportunity": key},
    )
    client.force_login(facilitator)
    screen = client.get(reverse("workshops:screen-board", args=[workshop.pk])).content.decode()

    card = Obstacle.objects.get()
    assert card.opportunity == key
    assert 'class="card-about"' in screen and "C + D" in screen


def test_a_card_tied_to_a_forged_opportunity_is_refused_with_a_message(client, workshop):
    _two_pairs(workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    client.post(reverse("join:room", args=[workshop.code]), {"as": "guest", "name": "E"})

    response = client.post(
        reverse("join:obstacle", args=[workshop.code]),
        {"kind": "trust", "text": "Carte", "opportunity": "g:x:1,2" + "9" * 500},
        follow=True,
    )

    assert response.status_code == 200
    assert not Obstacle.objects.exists()
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_the_service_refuses_a_card_tied_to_an_opportunity_no_longer_on_the_board(workshop):
    seats, _director, _other = _two_pairs(workshop)
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)

    with pytest.raises(services.ValidationError):
        services.obstacle_add(
            participant=seats["A"], kind="trust", text="Carte", opportunity="g:gone:1,2"
        )


def test_a_project_carries_its_cards_and_the_partners_general_ones_not_another_opportunitys(
    client, workshop, alice, organisation_a
):
    director = Category.objects.get(code="technical_direction")
    other_category = Category.objects.exclude(family=director.family).order_by("pk").first()
    partner_org = OrganisationFactory(name="Festival d'hiver", slug="festival-hiver")
    MembershipFactory(user=UserFactory(), organisation=partner_org, role=Role.OWNER)
    partner = services.participant_join_as_organisation(
        workshop=workshop, organisation=partner_org, user=None
    )
    mine = services.participant_join_as_organisation(
        workshop=workshop, organisation=organisation_a, user=alice
    )
    c = services.participant_join_as_guest(workshop=workshop, name="C")
    d = services.participant_join_as_guest(workshop=workshop, name="D")
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    _need(mine, director, "summer")
    _need(partner, director, "winter")
    _need(c, other_category, "summer")
    _need(d, other_category, "winter")
    ours, theirs = _key(workshop, mine, partner), _key(workshop, c, d)
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    services.obstacle_add(participant=c, kind="time", text="Tied to ours", opportunity=ours)
    services.obstacle_add(participant=partner, kind="money", text="Partner, whole room")
    services.obstacle_add(
        participant=partner, kind="legal", text="Tied to theirs", opportunity=theirs
    )
    services.obstacle_add(participant=d, kind="trust", text="D, whole room")
    services.workshop_set_phase(workshop=workshop, phase=Phase.NEXT_STEPS)
    client.force_login(alice)
    client.post(
        reverse("join:room", args=[workshop.code]),
        {"as": "organisation", "organisation": organisation_a.pk},
    )

    client.post(reverse("join:project", args=[workshop.code]), {"opportunity": ours})

    project = PoolingProject.objects.get()
    assert sorted(project.risks.values_list("description", flat=True)) == [
        "Partner, whole room",
        "Tied to ours",
    ]


def test_the_migration_points_old_votes_at_the_stable_key(workshop):
    import importlib

    from django.apps import apps

    from mutualiser.workshops.models import Vote

    migration = importlib.import_module("mutualiser.workshops.migrations.0005_live_board")
    seats, _director, _other = _two_pairs(workshop)
    items = [seats[name].items.get() for name in "AB"]
    old = Vote.objects.create(
        participant=seats["C"], opportunity=f"g:w{items[0].pk},w{items[1].pk}"
    )
    gone = Vote.objects.create(participant=seats["D"], opportunity="g:w999998,w999999")

    migration.stable_vote_keys(apps, None)

    old.refresh_from_db()
    gone.refresh_from_db()
    assert old.opportunity == _key(workshop, seats["A"], seats["B"])
    assert gone.opportunity == "g:w999998,w999999"  # its items left: it left the board with them
