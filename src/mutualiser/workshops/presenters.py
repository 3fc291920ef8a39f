"""What the board, the screen and the report show: labels the room may see, and only those."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import get_language

from mutualiser.contacts.selectors import new_request_url
from mutualiser.diagnostic.models import Category
from mutualiser.partners.rules import MILIEUS

from .board import Opportunity, board_for, board_state
from .models import Obstacle, ObstacleKind, Phase, ProposedLink, Vote, Workshop
from .selectors import participant_list


@dataclass(frozen=True)
class BoardRow:
    key: str
    kind: str
    category: str
    names: list[str]
    savings: float | None  # None for a link proposed by the room (the engine did not price it)
    votes: int
    mine: bool
    voted: bool
    unexpected: bool = False
    note: str = ""
    request_url: str = ""  # a contact request to the other partners, on their own phone only


def _milieus(participant) -> set[str]:
    disciplines = (
        list(participant.organisation.disciplines or [])
        if participant.organisation_id
        else [participant.guest_discipline] * bool(participant.guest_discipline)
    )
    return {MILIEUS.get(d, d) for d in disciplines}


def is_unexpected(milieus: list[set[str]]) -> bool:
    """Partners from milieus that share nothing (a festival and a museum): the links a room
    would not have looked for, as the partners' pages say (partners.rules)."""
    known = [m for m in milieus if m]
    return any(not a & b for i, a in enumerate(known) for b in known[i + 1 :])


def board_rows(
    workshop: Workshop, *, participant=None, reveal_votes=False, people=None
) -> list[BoardRow]:
    """`people`: the workshop's participants when the caller already read them."""
    board: list[Opportunity] = board_for(workshop)
    people = list(participant_list(workshop)) if people is None else people
    labels = {p.pk: p.label(anonymous=workshop.anonymous) for p in people}
    milieus = {p.pk: _milieus(p) for p in people}
    categories = dict(
        (c.code, c.label) for c in Category.objects.filter(code__in={o.category for o in board})
    )
    counts = Counter(
        Vote.objects.filter(participant__workshop=workshop).values_list("opportunity", flat=True)
    )
    my_votes = (
        set(participant.votes.values_list("opportunity", flat=True)) if participant else set()
    )
    # Silent vote: counts appear once the vote phase is over (domain.md §6).
    show_counts = reveal_votes or workshop.phase == Phase.NEXT_STEPS or workshop.is_closed
    slugs = {p.pk: p.organisation.slug for p in people if p.organisation_id}

    def request_url(pks, category_code: str) -> str:
        """Only for a named workshop, an organisation's seat in the link, every partner an
        organisation: a slug would unmask an anonymous room."""
        if workshop.anonymous or participant is None or participant.pk not in pks:
            return ""
        others = [pk for pk in pks if pk != participant.pk]
        if participant.pk not in slugs or any(pk not in slugs for pk in others):
            return ""
        return new_request_url(to=[slugs[pk] for pk in others], category=category_code)

    rows = []
    for o in board:
        names = [labels.get(pk, "?") for pk in o.participant_ids]
        rows.append(
            BoardRow(
                key=o.key,
                kind=o.kind,
                category=categories.get(o.category, o.category),
                names=names,
                savings=o.savings,
                votes=counts.get(o.key, 0) if show_counts else 0,
                mine=participant is not None and participant.pk in o.participant_ids,
                voted=o.key in my_votes,
                unexpected=is_unexpected([milieus.get(pk, set()) for pk in o.participant_ids]),
                request_url=request_url(o.participant_ids, o.category),
            )
        )
    proposals = ProposedLink.objects.filter(participant__workshop=workshop).select_related(
        "category"
    )
    for link in proposals:
        pair = (link.participant_id, link.partner_id)
        rows.append(
            BoardRow(
                key=link.key,
                kind="proposed",
                category=link.category.label,
                names=[labels.get(pk, "?") for pk in pair],
                savings=None,
                votes=counts.get(link.key, 0) if show_counts else 0,
                mine=participant is not None and participant.pk in pair,
                voted=link.key in my_votes,
                unexpected=is_unexpected([milieus.get(pk, set()) for pk in pair]),
                note=link.note,
                request_url=request_url(pair, link.category.code),
            )
        )
    if show_counts:
        rows.sort(key=lambda r: -r.votes)
    return rows


def vote_keys(workshop: Workshop) -> list[str]:
    """What a dot may go on: the engine's opportunities and the links the room proposed."""
    proposals = ProposedLink.objects.filter(participant__workshop=workshop)
    return [o.key for o in board_for(workshop)] + [p.key for p in proposals]


def obstacle_groups(workshop: Workshop, *, include_hidden: bool = False):
    """Obstacle cards grouped by kind, in the kinds' order."""
    cards = Obstacle.objects.filter(participant__workshop=workshop).select_related("participant")
    if not include_hidden:
        cards = cards.filter(hidden=False)
    by_kind: dict[str, list[Obstacle]] = {}
    for card in cards.order_by("pk"):
        by_kind.setdefault(card.kind, []).append(card)
    return [(label, by_kind[value]) for value, label in ObstacleKind.choices if value in by_kind]


def board_etag(workshop: Workshop, *, viewer: str) -> str:
    """The workshop's version (votes, cards, phase) and the solved board's: a board solved
    after the last change gives a new tag, so phones fetch it on their next poll."""
    solved = board_state(workshop)[1]
    return (
        f'W/"ws{workshop.pk}-v{workshop.version}-b{solved}-{workshop.phase}-{viewer}-'
        f'{get_language()}"'
    )


def not_modified(request: HttpRequest, etag: str) -> bool:
    return etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]


def with_etag(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # The browser revalidates on every poll; an unchanged board costs a 304 and no solve.
    response["Cache-Control"] = "no-cache, private"
    return response


def not_modified_response(etag: str) -> HttpResponse:
    return with_etag(HttpResponseNotModified(), etag)
