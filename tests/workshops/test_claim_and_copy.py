"""A guest who creates its organisation keeps what it entered, and may copy its quick
inventory into the organisation's inventory: its choice, one click, nothing twice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.organisations.choices import Role
from mutualiser.workshops import services
from mutualiser.workshops.board import board_for
from mutualiser.workshops.models import Phase
from tests.factories import InventoryItemFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

COPY = "Copier dans notre inventaire"


def _claimed(client, workshop):
    """A guest fills two needs and a capacity, votes, writes a card, then claims its seat."""
    director = Category.objects.get(code="technical_direction")
    other = Category.objects.exclude(pk=director.pk).order_by("pk").first()
    client.post(
        reverse("join:room", args=[workshop.code]),
        {"as": "guest", "name": "Théâtre invité", "municipality": "Rimouski"},
    )
    seat = workshop.participants.get()
    partner = services.participant_join_as_guest(workshop=workshop, name="Festival")
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    half = director.unit_capacity / 2
    services.quick_inventory_save(
        participant=seat,
        entries={(director.pk, "need"): (half, "summer"), (other.pk, "offer"): (4, "year")},
    )
    services.quick_inventory_save(
        participant=partner, entries={(director.pk, "need"): (half, "winter")}
    )
    services.workshop_set_phase(workshop=workshop, phase=Phase.OBSTACLES)
    services.obstacle_add(participant=seat, kind="trust", text="On se connaît peu")
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    key = board_for(workshop)[0].key
    services.vote_toggle(participant=seat, opportunity=key, board_keys=[key])
    user = UserFactory()
    client.force_login(user)  # the session keeps the seat through the sign-in
    client.post(
        reverse("join:claim", args=[workshop.code]), {"region": "01", "legal_kind": "nonprofit"}
    )
    seat.refresh_from_db()
    return seat, user, director, other, key


def test_a_claimed_guest_keeps_its_items_cards_vote_and_opportunity(client, workshop):
    seat, user, _director, _other, key = _claimed(client, workshop)

    assert not seat.is_guest and seat.organisation.memberships.get().user == user
    assert seat.items.count() == 2 and seat.obstacles.count() == 1
    assert list(seat.votes.values_list("opportunity", flat=True)) == [key]
    assert key in [o.key for o in board_for(workshop)]


def test_the_claimed_seat_copies_its_quick_inventory_once_with_its_quantities(client, workshop):
    seat, _user, director, other, _key = _claimed(client, workshop)
    page = client.get(reverse("join:room", args=[workshop.code])).content.decode()
    url = reverse("join:copy-items", args=[workshop.code])

    first = client.post(url, follow=True).content.decode()
    client.post(url)  # a second click copies nothing

    assert COPY in page and "ces 2 éléments" in page
    items = InventoryItem.objects.filter(organisation=seat.organisation)
    assert sorted(items.values_list("category_id", "direction")) == sorted(
        [(director.pk, "need"), (other.pk, "offer")]
    )
    need = items.get(direction="need")
    assert need.months[6] == director.unit_capacity / 2 and need.months[0] == 0
    assert "2 éléments copiés" in first
    assert COPY not in first  # nothing left to copy: no button


def test_an_item_the_inventory_already_has_is_not_copied_again(client, workshop):
    seat, _user, director, _other, _key = _claimed(client, workshop)
    InventoryItemFactory(
        organisation=seat.organisation, category=director, direction="need", label="Régie"
    )

    copied = services.workshop_items_copy_to_inventory(participant=seat, user=_user)

    assert copied == 1
    assert InventoryItem.objects.filter(organisation=seat.organisation).count() == 2


def test_a_viewer_or_a_stranger_copies_nothing(client, workshop):
    seat, _user, _director, _other, _key = _claimed(client, workshop)
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=seat.organisation, role=Role.VIEWER)

    for user in (viewer, UserFactory()):
        with pytest.raises(services.ValidationError, match="Seul un responsable ou un éditeur"):
            services.workshop_items_copy_to_inventory(participant=seat, user=user)
    client.force_login(viewer)  # another account on the phone: the session, and its seat, go
    response = client.post(reverse("join:copy-items", args=[workshop.code]))

    assert response.status_code == 404
    assert not InventoryItem.objects.filter(organisation=seat.organisation).exists()


def test_a_guest_seat_has_nothing_to_copy_and_no_seat_gets_404(client, workshop):
    client.post(reverse("join:room", args=[workshop.code]), {"as": "guest", "name": "Invité"})
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    page = client.get(reverse("join:room", args=[workshop.code])).content.decode()

    response = client.post(reverse("join:copy-items", args=[workshop.code]), follow=True)
    stranger = client.__class__().post(reverse("join:copy-items", args=[workshop.code]))

    assert COPY not in page
    assert "Seul un responsable ou un éditeur" in response.content.decode()
    assert stranger.status_code == 404
