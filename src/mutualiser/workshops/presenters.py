"""What the board, the screen and the report show: labels the room may see, and only those."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, replace

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


@dataclass(frozen=True)
class _SharedRow:
    row: BoardRow
    participant_ids: tuple[int, ...]
    category_code: str


# The rows every phone of a room shares, per process, for one version of the workshop and of
# its board: after a change, a hundred phones fetching the board read the room once per
# process instead of once each. Any change the rows show bumps a version, so nothing stale
# is served from here (an organisation renamed in its profile shows on the next change).
_SHARED_ROWS: dict[tuple, tuple[list[_SharedRow], dict[int, str]]] = {}
_SHARED_ROWS_MAX = 64
_shared_lock = threading.Lock()


def _shared_rows(workshop: Workshop, *, show_counts: bool, people=None):
    board: list[Opportunity] = board_for(workshop)
    key = (
        workshop.pk,
        workshop.code,  # ids repeat in rolled-back tests, a random code with them does not
        workshop.version,
        workshop.board_version,
        workshop.anonymous,
        show_counts,
        get_language(),
    )
    with _shared_lock:
        found = _SHARED_ROWS.get(key)
    if found is not None:
        return found
    people = list(participant_list(workshop)) if people is None else people
    labels = {p.pk: p.label(anonymous=workshop.anonymous) for p in people}
    milieus = {p.pk: _milieus(p) for p in people}
    categories = dict(
        (c.code, c.label) for c in Category.objects.filter(code__in={o.category for o in board})
    )
    counts = (
        Counter(
            Vote.objects.filter(participant__workshop=workshop).values_list(
                "opportunity", flat=True
            )
        )
        if show_counts
        else Counter()
    )
    slugs = {p.pk: p.organisation.slug for p in people if p.organisation_id}
    shared = []
    for o in board:
        row = BoardRow(
            key=o.key,
            kind=o.kind,
            category=categories.get(o.category, o.category),
            names=[labels.get(pk, "?") for pk in o.participant_ids],
            savings=o.savings,
            votes=counts.get(o.key, 0),
            mine=False,
            voted=False,
            unexpected=is_unexpected([milieus.get(pk, set()) for pk in o.participant_ids]),
        )
        shared.append(_SharedRow(row, o.participant_ids, o.category))
    proposals = ProposedLink.objects.filter(participant__workshop=workshop).select_related(
        "category"
    )
    for link in proposals:
        pair = (link.participant_id, link.partner_id)
        row = BoardRow(
            key=link.key,
            kind="proposed",
            category=link.category.label,
            names=[labels.get(pk, "?") for pk in pair],
            savings=None,
            votes=counts.get(link.key, 0),
            mine=False,
            voted=False,
            unexpected=is_unexpected([milieus.get(pk, set()) for pk in pair]),
            note=link.note,
        )
        shared.append(_SharedRow(row, pair, link.category.code))
    found = (shared, slugs)
    with _shared_lock:
        if len(_SHARED_ROWS) >= _SHARED_ROWS_MAX:
            _SHARED_ROWS.pop(next(iter(_SHARED_ROWS)))
        _SHARED_ROWS[key] = found
    return found


def board_rows(
    workshop: Workshop, *, participant=None, reveal_votes=False, people=None
) -> list[BoardRow]:
    """The board as `participant` sees it (its own opportunities marked, its dots), or as the
    screen and the report do. `people`: the workshop's participants if already read."""
    # Silent vote: counts appear once the vote phase is over (domain.md §6).
    show_counts = reveal_votes or workshop.phase == Phase.NEXT_STEPS or workshop.is_closed
    shared, slugs = _shared_rows(workshop, show_counts=show_counts, people=people)
    my_votes = (
        set(participant.votes.values_list("opportunity", flat=True)) if participant else set()
    )

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
    for item in shared:
        mine = participant is not None and participant.pk in item.participant_ids
        voted = item.row.key in my_votes
        url = request_url(item.participant_ids, item.category_code) if mine else ""
        rows.append(
            replace(item.row, mine=mine, voted=voted, request_url=url)
            if mine or voted
            else item.row
        )
    if show_counts:
        rows.sort(key=lambda r: -r.votes)
    return rows


def vote_keys(workshop: Workshop) -> list[str]:
    """What a dot may go on: the engine's opportunities and the links the room proposed."""
    proposals = ProposedLink.objects.filter(participant__workshop=workshop)
    return [o.key for o in board_for(workshop)] + [p.key for p in proposals]


def obstacle_groups(workshop: Workshop, *, include_hidden: bool = False, rows=None):
    """Obstacle cards grouped by kind, in the kinds' order. With the board's `rows`, a card
    tied to an opportunity says which one (`card.about`)."""
    cards = Obstacle.objects.filter(participant__workshop=workshop).select_related("participant")
    if not include_hidden:
        cards = cards.filter(hidden=False)
    about = {row.key: f"{row.category} · {' + '.join(row.names)}" for row in rows or ()}
    by_kind: dict[str, list[Obstacle]] = {}
    for card in cards.order_by("pk"):
        card.about = about.get(card.opportunity, "")
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


def quick_inventory_html(rows, seasons) -> SafeString:
    """The quick inventory's fields, one fieldset per category of the taxonomy.

    Written in Python rather than in the template: every phone of the room gets this page
    after joining and after sending its inventory, and the template engine took two thirds of
    the page's time for these few hundred inputs. Every value is escaped."""
    need, offer = escape(_("Besoin")), escape(_("À partager"))
    per_month, season_label = escape(_("Par mois")), escape(_("Saison"))
    options = [(escape(value), escape(label)) for value, label in seasons]
    parts = []
    for row in rows:
        ticked = row["ticked"]
        parts.append(
            f"<details{' open' if ticked else ''}><summary>{escape(row['family'].label)}"
            f"{f' · {ticked}' if ticked else ''}</summary>"
        )
        for c in row["categories"]:
            category = c["category"]
            pk = int(category.pk)
            chosen = c["season"]
            select = "".join(
                f'<option value="{value}"{" selected" if value == chosen else ""}>{label}</option>'
                for value, label in options
            )
            parts.append(
                '<fieldset class="quick-item">'
                f"<legend>{escape(category.label)} "
                f"<small>({escape(category.unit)})</small></legend>"
                f'<label><input type="checkbox" name="need_{pk}" value="1"'
                f"{' checked' if c['need'] else ''}> {need}</label>"
                f'<label><input type="checkbox" name="offer_{pk}" value="1"'
                f"{' checked' if c['offer'] else ''}> {offer}</label>"
                f'<label>{per_month} <input type="number" inputmode="decimal" min="0" step="any" '
                f'name="qty_{pk}" value="{escape(c["quantity"])}"></label>'
                f'<label>{season_label} <select name="season_{pk}">{select}</select></label>'
                "</fieldset>"
            )
        parts.append("</details>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
