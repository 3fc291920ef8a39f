"""The board under load: solved once per change of items, by one solver at a time, while the
phones keep getting the latest solved board (its version in the ETag) without solving."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from mutualiser.diagnostic.models import Category
from mutualiser.diagnostic.scoring import FACILITATORS_GROUP
from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.workshops import board, services
from mutualiser.workshops.models import Phase, Workshop
from tests.factories import UserFactory


def _room(phase=Phase.BOARD):
    """Two guests who could share a technical director (committed: threads see them)."""
    taxonomy_load()  # transactional tests flush the taxonomy the migration loaded
    facilitator = UserFactory()
    facilitator.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])
    workshop = services.workshop_create(
        facilitator=facilitator, title="Atelier", date=datetime.date(2026, 12, 3)
    )
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    category = Category.objects.get(code="technical_direction")
    seats = []
    for name, season in [("Festival d'été", "summer"), ("Théâtre d'hiver", "winter")]:
        seat = services.participant_join_as_guest(workshop=workshop, name=name)
        services.quick_inventory_save(
            participant=seat, entries={(category.pk, "need"): (category.unit_capacity / 2, season)}
        )
        seats.append(seat)
    services.workshop_set_phase(workshop=workshop, phase=phase)
    return workshop, seats, category


def _wait_until_solved(workshop: Workshop, seconds: float = 10.0) -> Workshop:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workshop.refresh_from_db()
        if workshop.board_version == workshop.items_version and not workshop.board_solving_until:
            return workshop
        time.sleep(0.05)
    raise AssertionError("the board was not solved in time")


def _counting(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = board.compute_board

    def counted(workshop):
        calls.append(workshop.pk)
        return real(workshop)

    monkeypatch.setattr(board, "compute_board", counted)
    return calls


def _phone(client, workshop, seat):
    session = client.session
    session["workshop_participants"] = {str(workshop.pk): seat.pk}
    session.save()
    return client


@pytest.mark.django_db(transaction=True)
def test_a_change_of_items_is_solved_once_and_polling_phones_never_solve(client, monkeypatch):
    workshop, seats, category = _room()
    _wait_until_solved(workshop)
    calls = _counting(monkeypatch)
    phone = _phone(client, workshop, seats[0])
    url = reverse("join:board", args=[workshop.code])

    services.quick_inventory_save(
        participant=seats[1], entries={(category.pk, "need"): (45, "winter")}
    )
    _wait_until_solved(workshop)
    tags = {phone.get(url)["ETag"] for _ in range(20)}

    assert calls == [workshop.pk]
    assert len(tags) == 1 and f"-b{workshop.items_version}-" in tags.pop()


@pytest.mark.django_db(transaction=True)
def test_while_a_solver_holds_the_lease_phones_get_the_previous_board_then_the_new_one(client):
    workshop, seats, category = _room()
    _wait_until_solved(workshop)
    before = workshop.items_version
    phone = _phone(client, workshop, seats[0])
    url = reverse("join:board", args=[workshop.code])
    first = phone.get(url)
    assert board._acquire(workshop.pk)  # as if a solver of another process were running

    services.quick_inventory_save(
        participant=seats[1], entries={(category.pk, "offer"): (10, "year")}
    )
    meanwhile = phone.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    board._release(workshop.pk)
    phone.get(url)  # a phone seeing a stale board and no lease starts a solver
    _wait_until_solved(workshop)
    after = phone.get(url, HTTP_IF_NONE_MATCH=meanwhile["ETag"])

    # Meanwhile the phone keeps the previous board: nothing it shows has changed yet.
    assert meanwhile.status_code == 304 and f"-b{before}-" in meanwhile["ETag"]
    assert "Festival d&#x27;été + Théâtre d&#x27;hiver" in first.content.decode()
    assert after.status_code == 200 and f"-b{workshop.items_version}-" in after["ETag"]


@pytest.mark.django_db(transaction=True)
def test_a_lease_left_by_a_solver_that_died_expires_and_the_board_catches_up(client):
    workshop, seats, category = _room()
    _wait_until_solved(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(
        items_version=workshop.items_version + 1,
        board_solving_until=timezone.now() - datetime.timedelta(seconds=1),
    )

    _phone(client, workshop, seats[0]).get(reverse("join:board", args=[workshop.code]))

    assert _wait_until_solved(workshop).board_version == workshop.items_version


@pytest.mark.django_db
def test_votes_cards_and_phases_cost_no_solve(workshop, monkeypatch):
    category = Category.objects.get(code="technical_direction")
    a = services.participant_join_as_guest(workshop=workshop, name="A")
    b = services.participant_join_as_guest(workshop=workshop, name="B")
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    for seat, season in [(a, "summer"), (b, "winter")]:
        services.quick_inventory_save(
            participant=seat, entries={(category.pk, "need"): (category.unit_capacity / 2, season)}
        )
    key = board.board_for(workshop)[0].key
    calls = _counting(monkeypatch)
    items_version = workshop.items_version

    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    services.obstacle_add(participant=a, kind="trust", text="On se connaît peu")
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    services.vote_toggle(participant=a, opportunity=key, board_keys=[key])
    board.board_for(workshop)

    workshop.refresh_from_db()
    assert workshop.items_version == items_version
    assert calls == []


@pytest.mark.django_db
def test_an_inventory_sent_again_unchanged_writes_nothing_and_keeps_its_items(workshop):
    category = Category.objects.get(code="technical_direction")
    seat = services.participant_join_as_guest(workshop=workshop, name="A")
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    entries = {(category.pk, "need"): (30.0, "summer")}
    services.quick_inventory_save(participant=seat, entries=entries)
    item = seat.items.get()
    workshop.refresh_from_db()
    version = workshop.items_version

    services.quick_inventory_save(participant=seat, entries=entries)
    services.quick_inventory_save(
        participant=seat, entries={(category.pk, "need"): (40.0, "summer")}
    )

    workshop.refresh_from_db()
    assert workshop.items_version == version + 1  # the second send changed nothing
    assert seat.items.get().pk == item.pk and seat.items.get().months[5] == 40.0


@pytest.mark.django_db
def test_the_participant_page_reads_the_room_in_a_bounded_number_of_queries(
    client, workshop, django_assert_max_num_queries
):
    category = Category.objects.get(code="technical_direction")
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    for index in range(30):
        seat = services.participant_join_as_guest(workshop=workshop, name=f"Organisme {index}")
        services.quick_inventory_save(
            participant=seat, entries={(category.pk, "need"): (10 + index, "summer")}
        )
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)
    client.post(reverse("join:room", args=[workshop.code]), {"as": "guest", "name": "Moi"})
    board.board_for(workshop)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("join:room", args=[workshop.code]))

    assert response.status_code == 200 and "Organisme 29" in response.content.decode()
