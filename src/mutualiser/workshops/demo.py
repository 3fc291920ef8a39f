"""The demo workshop: demo organisations and a few guests, in the vote phase, ready to project.

`manage.py demo_workshop` builds it for the demo login (made a facilitator); the demo
builder may call `demo_workshop_build` once the demo organisations and inventories exist.
Deterministic: organisations by slug, their own needs and offers as the quick inventory.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.db import transaction

from mutualiser.diagnostic.models import Direction as InventoryDirection
from mutualiser.diagnostic.models import InventoryItem
from mutualiser.diagnostic.scoring import FACILITATORS_GROUP
from mutualiser.organisations.models import Organisation

from . import services
from .board import board_for
from .models import Phase, Workshop

DEMO_TITLE = "Atelier de mutualisation — démo"
MAX_ORGANISATIONS = 30
GUESTS = [
    ("Collectif des Battures", "theatre", "Rimouski"),
    ("Festival du Vent", "music", "Matane"),
    ("Atelier Marée", "visual_arts", "Rimouski"),
]


def _season_entries(organisation: Organisation) -> dict:
    entries = {}
    items = InventoryItem.objects.filter(
        organisation=organisation,
        direction__in=[InventoryDirection.NEED, InventoryDirection.OFFER],
    ).order_by("pk")
    for item in items:
        months = [float(q) for q in item.months]
        quantity = round(max(months or [0]))
        if quantity > 0:
            entries[(item.category_id, item.direction)] = (quantity, services.season_of(months))
    return entries


@transaction.atomic
def demo_workshop_build(*, facilitator) -> Workshop:
    facilitator.groups.add(Group.objects.get_or_create(name=FACILITATORS_GROUP)[0])
    Workshop.objects.filter(facilitator=facilitator, title=DEMO_TITLE).delete()
    workshop = services.workshop_create(
        facilitator=facilitator,
        title=DEMO_TITLE,
        date=datetime.date.today(),
        place="Rimouski",
    )
    services.workshop_set_phase(workshop=workshop, phase=Phase.INVENTORY)
    organisations = Organisation.objects.filter(is_demo=True).order_by("slug")[:MAX_ORGANISATIONS]
    seats = []
    for organisation in organisations:
        participant = services.participant_join_as_organisation(
            workshop=workshop, organisation=organisation, user=None
        )
        seats.append((participant, _season_entries(organisation)))
    for name, discipline, municipality in GUESTS:
        participant = services.participant_join_as_guest(
            workshop=workshop, name=name, discipline=discipline, municipality=municipality
        )
        # a guest copies the needs of the organisation before it: a room with echoes
        seats.append((participant, seats[-1][1] if seats else {}))
    for participant, entries in seats:
        if entries:
            services.quick_inventory_save(participant=participant, entries=entries)
    services.workshop_set_phase(workshop=workshop, phase=Phase.VOTE)
    board = board_for(workshop)
    keys = [o.key for o in board]
    for participant, _entries in seats[: len(seats) // 2]:
        mine = [o.key for o in board if participant.pk in o.participant_ids][:2]
        for key in mine:
            services.vote_toggle(participant=participant, opportunity=key, board_keys=keys)
    return workshop
