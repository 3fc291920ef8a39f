"""The room's opportunity board: the engine solves the workshop's items, nothing else.

The instance holds only what participants entered in this workshop (WorkshopItem), each
participant as one organisation "p<pk>", each item as "w<pk>". Everybody is in the same room,
so the radius is wide: proximity is discussed aloud, not filtered out. An offer entered in a
hurry has no price: it is counted at OFFER_RATE_SHARE of the category's standalone rate.

Solved once per items_version, in one place. A change of items (services, on commit) starts
one solver thread, which holds a lease on the workshop's row so that no other process or
thread solves at the same time; it stores the board on the row and solves again while the
items moved meanwhile. Readers never solve: they serve the latest stored board, possibly one
version behind, and its version is in the ETag (presenters.board_etag), so a phone fetches
the new board on its first poll after the solver stored it. A reader inside a transaction
(tests, a service) solves inline instead: a thread could not see rows not yet committed.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from mutualiser.diagnostic.adapters import category_record
from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import InstanceError, load_instance
from mutualiser.places.loader import region_centre

from .models import Direction, Participant, Workshop, WorkshopItem

ROOM_RADIUS_KM = 5000.0
OFFER_RATE_SHARE = 0.6
SOLVE_SECONDS = 2.0
DEFAULT_REGION = "06"
# Longer than any solve (SOLVE_SECONDS and the reads): a solver that died frees it by itself.
LEASE = datetime.timedelta(seconds=30)
# Past this, a group's participants are named by a digest in its key (Vote.opportunity and
# Obstacle.opportunity hold 400 characters; a category code is at most 60).
MAX_MEMBERS_IN_KEY = 300
# While a room keeps changing (a hundred phones sending their inventories), solves start at
# most this often: the solver takes a fifth of a core instead of all of it, and the board is
# still at most this plus one solve behind. A change after a quiet moment is solved at once.
MIN_SOLVE_INTERVAL = 1.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opportunity:
    key: str  # kind, category and participants: stable across re-sent inventories (votes)
    kind: str  # "group" or "exchange"
    category: str  # category code
    participant_ids: tuple[int, ...]
    savings: float


def _participant_record(participant: Participant) -> dict[str, Any]:
    organisation = participant.organisation
    lat = organisation.latitude if organisation else None
    lon = organisation.longitude if organisation else None
    if lat is None or lon is None:
        lat, lon = region_centre(organisation.region if organisation else DEFAULT_REGION)
    return {"id": f"p{participant.pk}", "lat": float(lat), "lon": float(lon)}


def workshop_instance(workshop: Workshop) -> dict[str, Any]:
    items = (
        WorkshopItem.objects.filter(participant__workshop=workshop)
        .select_related("category")
        .order_by("pk")
    )
    categories: dict[str, Any] = {}
    records = []
    for item in items:
        record = {
            "id": f"w{item.pk}",
            "org": f"p{item.participant_id}",
            "category": item.category.code,
            "direction": item.direction,
            "months": [float(q) for q in item.months],
            "max_distance_km": ROOM_RADIUS_KM,
        }
        if item.direction == Direction.OFFER:
            record["rate"] = round(float(item.category.standalone_rate) * OFFER_RATE_SHARE, 2)
        records.append(record)
        categories.setdefault(item.category.code, item.category)
    participants = workshop.participants.select_related("organisation").order_by("pk")
    return {
        "categories": [category_record(categories[code]) for code in sorted(categories)],
        "organisations": [_participant_record(p) for p in participants],
        "items": records,
        "exclusions": [],
    }


def _pk(engine_id: str) -> int:
    return int(engine_id[1:])


def opportunity_key(kind: str, category: str, participant_ids: tuple[int, ...]) -> str:
    """What votes and cards point at: a participant has one need and one offer per category,
    so the kind, the category and the participants name an opportunity of a board, and the
    same one on the next board as long as the same organisations stay in it."""
    if kind == "exchange":
        offer, need = participant_ids
        return f"a:{category}:{offer}>{need}"
    members = ",".join(str(pk) for pk in sorted(participant_ids))
    if len(members) > MAX_MEMBERS_IN_KEY:
        # A room-wide group: its digest, so that the key fits the votes' and cards' column.
        members = "h" + hashlib.sha256(members.encode()).hexdigest()[:32]
    return f"g:{category}:{members}"


def compute_board(workshop: Workshop) -> list[Opportunity]:
    data = workshop_instance(workshop)
    if not data["items"]:
        return []
    try:
        instance = load_instance(data)
    except InstanceError:
        # A category edited into nonsense in the admin must not take the room down.
        logger.exception("workshop %s: the engine refused its instance", workshop.pk)
        return []
    result = solve(instance, time_limit=SOLVE_SECONDS, with_shares=False)
    item_org = {i.id: _pk(i.org) for i in instance.items}
    opportunities = []
    for group in result.groups:
        members = tuple(sorted({item_org[i] for i in group.items}))
        key = opportunity_key("group", group.category, members)
        opportunities.append(Opportunity(key, "group", group.category, members, group.savings))
    for assignment in result.assignments:
        members = (item_org[assignment.offer], item_org[assignment.need])
        category = instance.item_by_id[assignment.offer].category
        key = opportunity_key("exchange", category, members)
        opportunities.append(Opportunity(key, "exchange", category, members, assignment.savings))
    opportunities.sort(key=lambda o: (-o.savings, o.key))
    return opportunities


def _stored(rows: list[dict]) -> list[Opportunity]:
    return [
        Opportunity(
            key=r["key"],
            kind=r["kind"],
            category=r["category"],
            participant_ids=tuple(r["participant_ids"]),
            savings=float(r["savings"]),
        )
        for r in rows
    ]


def _solve_and_store(pk: int, *, leased: bool = False) -> int:
    """Solve the workshop's items as they are now, store the board; the items_version solved.

    The version is read before the items: a board labelled with it is at least that new."""
    workshop = Workshop.objects.get(pk=pk)
    version = workshop.items_version
    board = [asdict(o) for o in compute_board(workshop)]
    fields: dict[str, Any] = {"board": board, "board_version": version}
    if leased:
        fields["board_solving_until"] = timezone.now() + LEASE
    Workshop.objects.filter(pk=pk).update(**fields)
    return version


def _is_current(pk: int) -> bool:
    row = Workshop.objects.filter(pk=pk).values_list("items_version", "board_version").first()
    return row is None or row[0] == row[1]


def _acquire(pk: int) -> bool:
    """Take the solver's lease on the workshop (one conditional UPDATE: atomic on SQLite and
    PostgreSQL, across processes)."""
    now = timezone.now()
    free = Q(board_solving_until__isnull=True) | Q(board_solving_until__lt=now)
    return Workshop.objects.filter(free, pk=pk).update(board_solving_until=now + LEASE) == 1


def _release(pk: int) -> None:
    Workshop.objects.filter(pk=pk).update(board_solving_until=None)


def _solver(pk: int) -> None:
    """Solve until the stored board is the latest items_version, then give the lease back.

    A change committed while the lease is held cannot start its own solver: the check after
    the release sees it, and this solver takes the lease again (or another one did)."""
    try:
        started: float | None = None
        while True:
            if not _is_current(pk):  # else solved meanwhile (inline, or by the last turn)
                if started is not None:
                    time.sleep(max(0.0, started + MIN_SOLVE_INTERVAL - time.monotonic()))
                started = time.monotonic()
                _solve_and_store(pk, leased=True)
                continue
            _release(pk)
            if _is_current(pk) or not _acquire(pk):
                return
    except Exception:
        logger.exception("workshop %s: the board solver stopped", pk)
        _release(pk)
    finally:
        connection.close()  # this thread's own connection


def start_solver(pk: int) -> bool:
    """Start a solver thread for the workshop unless one holds the lease; True if started."""
    if not _acquire(pk):
        return False
    threading.Thread(target=_solver, args=(pk,), name=f"workshop-board-{pk}", daemon=True).start()
    return True


def _solver_running(pk: int) -> bool:
    until = Workshop.objects.filter(pk=pk).values_list("board_solving_until", flat=True).first()
    return until is not None and until > timezone.now()


def _after_items_changed(pk: int) -> None:
    """Start a solver unless one holds the lease. Read first: a read never waits for the
    workshop's row (the UPDATE that takes the lease would, behind every join and inventory of
    a busy room), and a running solver checks the version again before it lets go."""
    if not _solver_running(pk):
        start_solver(pk)


def items_changed(workshop: Workshop) -> None:
    """Called in the transaction that bumps items_version: once it commits, a solver starts
    (or the one running sees the new version when it checks)."""
    transaction.on_commit(lambda: _after_items_changed(workshop.pk))


def board_state(workshop: Workshop) -> tuple[list[Opportunity], int | None]:
    """The latest solved board and the items_version it was solved for (None: none yet).

    Never solves in a request outside a transaction: it serves what the solver stored, and
    starts a solver if the stored board is behind and no lease is held (a solver that died,
    a board never solved)."""
    if connection.in_atomic_block:
        # Inline: a thread would not see this transaction's rows.
        row = Workshop.objects.filter(pk=workshop.pk).values(
            "items_version", "board_version", "board"
        )
        current = row.first()
        if current is None:
            return [], None
        if current["board_version"] != current["items_version"]:
            _solve_and_store(workshop.pk)
            current = row.first()
        workshop.board, workshop.board_version = current["board"], current["board_version"]
        return _stored(current["board"]), current["board_version"]
    if workshop.board_version != workshop.items_version:
        lease = workshop.board_solving_until
        if lease is None or lease < timezone.now():
            start_solver(workshop.pk)
    return _stored(workshop.board or []), workshop.board_version


def board_for(workshop: Workshop) -> list[Opportunity]:
    """The board to show: the latest solved one (see board_state)."""
    return board_state(workshop)[0]
