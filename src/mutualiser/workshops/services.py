"""Business actions of a workshop: keyword-only, they check the phase rules and raise
ValidationError with a message for the user when an action is not allowed now."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.models import Organisation

from .board import items_changed
from .models import (
    MAX_CARD,
    PHASES,
    Commitment,
    Direction,
    Obstacle,
    ObstacleKind,
    Participant,
    Phase,
    ProposedLink,
    Vote,
    Workshop,
    WorkshopItem,
)

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or from the back of a room stays unambiguous.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
DOTS_PER_PARTICIPANT = 3
MAX_QUANTITY = 100_000

SEASON_MONTHS = {
    "year": range(1, 13),
    "summer": range(5, 10),  # May to September: festivals, outdoor seasons
    "winter": (1, 2, 3, 4, 10, 11, 12),  # the indoor season
}
SEASONS = tuple(SEASON_MONTHS)

# What a participant may do in each phase (the inventory stays open while the board shows).
INVENTORY_PHASES = (Phase.INVENTORY, Phase.BOARD)


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:16]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def season_months(*, season: str, quantity: float) -> list[float]:
    active = SEASON_MONTHS[season]
    return [float(quantity) if month in active else 0.0 for month in range(1, 13)]


def season_of(months: list[float]) -> str:
    """The season that best describes twelve monthly quantities (for a starting inventory)."""
    used = {month for month, q in enumerate(months, start=1) if q > 0}
    for season in ("summer", "winter"):
        if used and used <= set(SEASON_MONTHS[season]):
            return season
    return "year"


def _touch(workshop: Workshop, *, items: bool = False, shown: bool = True) -> None:
    """Bump the version the ETags carry (`shown`: names, votes, cards, phase); with `items`,
    the one the board is solved for (a solver starts once the transaction commits). An
    inventory changes only the items: the phones see it when its board is solved (the board's
    version is in the ETag too), in one refresh rather than two."""
    bumps = {}
    if shown:
        bumps["version"] = F("version") + 1
    if items:
        bumps["items_version"] = F("items_version") + 1
        items_changed(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(**bumps)
    # Counted here rather than read again: one statement less while the row is locked.
    workshop.version += int(shown)
    workshop.items_version += int(items)


def _open(workshop: Workshop) -> None:
    if workshop.is_closed:
        raise ValidationError(_("Cet atelier est clos : on peut le consulter, plus le modifier."))


def _in_phase(workshop: Workshop, phases: Iterable[str], message: str) -> None:
    _open(workshop)
    if workshop.phase not in phases:
        raise ValidationError(message)


@transaction.atomic
def workshop_create(
    *,
    facilitator,
    title: str,
    date: datetime.date,
    place: str = "",
    language: str = "fr",
    anonymous: bool = False,
) -> Workshop:
    for _attempt in range(20):
        code = new_code()
        if not Workshop.objects.filter(code=code).exists():
            break
    return Workshop.objects.create(
        facilitator=facilitator,
        title=title.strip(),
        date=date,
        place=place.strip(),
        language=language,
        anonymous=anonymous,
        code=code,
    )


def workshop_set_phase(*, workshop: Workshop, phase: str) -> Workshop:
    """Go to any phase, forward or back (reopening an earlier one)."""
    _open(workshop)
    if phase not in PHASES:
        raise ValidationError(_("Étape inconnue."))
    workshop.phase = phase
    workshop.phase_started_at = timezone.now()
    workshop.save(update_fields=["phase", "phase_started_at"])
    _touch(workshop)
    return workshop


def workshop_set_joining_locked(*, workshop: Workshop, locked: bool) -> Workshop:
    _open(workshop)
    workshop.joining_locked = locked
    workshop.save(update_fields=["joining_locked"])
    return workshop


def workshop_close(*, workshop: Workshop) -> Workshop:
    _open(workshop)
    workshop.closed_at = timezone.now()
    workshop.save(update_fields=["closed_at"])
    _touch(workshop)
    return workshop


def workshop_for_joining(*, code: str) -> Workshop:
    """The workshop a new participant may join with this code, or a message saying why not."""
    workshop = Workshop.objects.filter(code=normalise_code(code)).first()
    if workshop is None:
        raise ValidationError(_("Aucun atelier ne porte ce code. Vérifiez-le à l'écran."))
    if workshop.is_closed:
        raise ValidationError(_("Cet atelier est clos : on ne peut plus s'y joindre."))
    if workshop.joining_locked:
        raise ValidationError(
            _("Les inscriptions à cet atelier sont fermées. Demandez à l'animateur de les rouvrir.")
        )
    return workshop


def _next_number(workshop: Workshop) -> int:
    """The next seat number; called in a transaction, it also bumps the workshop's version.
    That UPDATE takes the workshop's row lock first (on SQLite, the write lock): it orders
    the joins, so that two guests arriving together never share a number (the database's
    constraint `workshop_participant_number_once` holds it too), in one statement."""
    _touch(workshop)
    return (workshop.participants.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def participant_join_as_organisation(
    *, workshop: Workshop, organisation: Organisation, user
) -> Participant:
    """The organisation's seat in the room; joining twice gives the same seat back."""
    existing = workshop.participants.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                workshop=workshop,
                organisation=organisation,
                user=user,
                number=_next_number(workshop),
            )
    except IntegrityError:
        workshop.refresh_from_db(fields=["version"])
        return workshop.participants.get(organisation=organisation)
    return participant


@transaction.atomic
def participant_join_as_guest(
    *, workshop: Workshop, name: str, discipline: str = "", municipality: str = ""
) -> Participant:
    participant = Participant.objects.create(
        workshop=workshop,
        guest_name=name.strip(),
        guest_discipline=discipline,
        guest_municipality=municipality.strip(),
        number=_next_number(workshop),
    )
    return participant


@transaction.atomic
def participant_remove(*, participant: Participant) -> None:
    workshop = participant.workshop
    _open(workshop)
    participant.delete()
    _touch(workshop, items=True)


@transaction.atomic
def quick_inventory_save(
    *,
    participant: Participant,
    entries: Mapping[tuple[int, str], tuple[float, str]],
) -> int:
    """Replace the participant's workshop items by these: (category pk, direction) ->
    (quantity per month, season). Returns how many items are kept."""
    workshop = participant.workshop
    _in_phase(
        workshop,
        INVENTORY_PHASES,
        _("L'inventaire éclair n'est pas ouvert à cette étape de l'atelier."),
    )
    categories = Category.objects.in_bulk([pk for pk, _direction in entries])
    wanted: dict[tuple[int, str], tuple[float, str]] = {}
    for (category_pk, direction), (quantity, season) in entries.items():
        category = categories.get(category_pk)
        if category is None or direction not in Direction.values or season not in SEASONS:
            raise ValidationError(_("Un élément de l'inventaire n'est pas valide."))
        if not 0 < quantity <= MAX_QUANTITY:
            raise ValidationError(
                _("Une quantité doit être positive et au plus %(max)s.") % {"max": MAX_QUANTITY}
            )
        wanted[(category_pk, direction)] = (float(quantity), season)
    # Only the differences are written, in one short transaction: a phone sending the same
    # inventory again writes nothing and costs the room no solve.
    kept = {(i.category_id, i.direction): i for i in participant.items.all()}
    gone = [i.pk for key, i in kept.items() if key not in wanted]
    changed, added = [], []
    for key, (quantity, season) in wanted.items():
        item = kept.get(key)
        if item is None:
            added.append(
                WorkshopItem(
                    participant=participant,
                    category_id=key[0],
                    direction=key[1],
                    quantity=quantity,
                    season=season,
                    months=season_months(season=season, quantity=quantity),
                )
            )
        elif (item.quantity, item.season) != (quantity, season):
            item.quantity, item.season = quantity, season
            item.months = season_months(season=season, quantity=quantity)
            changed.append(item)
    if gone:
        WorkshopItem.objects.filter(pk__in=gone).delete()
    if changed:
        WorkshopItem.objects.bulk_update(changed, ["quantity", "season", "months"])
    if added:
        WorkshopItem.objects.bulk_create(added)
    if gone or changed or added:
        _touch(workshop, items=True, shown=False)
    return len(wanted)


def obstacle_add(
    *, participant: Participant, kind: str, text: str, opportunity: str = ""
) -> Obstacle:
    """A card; `opportunity`, the key of one of the board's opportunities, ties it to that one
    (its project's risk register gets it), blank for the whole room."""
    from .presenters import vote_keys

    workshop = participant.workshop
    _in_phase(workshop, (Phase.OBSTACLES,), _("Les obstacles se notent à l'étape « Obstacles »."))
    text = (text or "").strip()
    if not text or len(text) > MAX_CARD:
        raise ValidationError(
            _("Une carte dit l'obstacle en 1 à %(max)s signes.") % {"max": MAX_CARD}
        )
    if kind not in ObstacleKind.values:
        raise ValidationError(_("Choisissez le type d'obstacle."))
    opportunity = (opportunity or "").strip()
    if opportunity and opportunity not in set(vote_keys(workshop)):
        raise ValidationError(_("Cette occasion n'est plus au tableau."))
    obstacle = Obstacle.objects.create(
        participant=participant, kind=kind, text=text, opportunity=opportunity
    )
    _touch(workshop)
    return obstacle


def obstacle_set_hidden(*, obstacle: Obstacle, hidden: bool) -> Obstacle:
    workshop = obstacle.participant.workshop
    _open(workshop)
    obstacle.hidden = hidden
    obstacle.save(update_fields=["hidden"])
    _touch(workshop)
    return obstacle


@transaction.atomic
def vote_toggle(*, participant: Participant, opportunity: str, board_keys: Iterable[str]) -> bool:
    """Put or take back a dot; True when the dot is now on the opportunity."""
    workshop = participant.workshop
    _in_phase(workshop, (Phase.VOTE,), _("Le vote n'est pas ouvert à cette étape de l'atelier."))
    if opportunity not in set(board_keys):
        raise ValidationError(_("Cette occasion n'est plus au tableau."))
    existing = participant.votes.filter(opportunity=opportunity).first()
    if existing is not None:
        existing.delete()
        _touch(workshop)
        return False
    if participant.votes.count() >= DOTS_PER_PARTICIPANT:
        raise ValidationError(
            _("Vous avez placé vos %(dots)s points : retirez-en un pour voter ailleurs.")
            % {"dots": DOTS_PER_PARTICIPANT}
        )
    Vote.objects.create(participant=participant, opportunity=opportunity)
    _touch(workshop)
    return True


def commitment_add(
    *, participant: Participant, text: str, due: datetime.date | None = None
) -> Commitment:
    _in_phase(
        participant.workshop,
        (Phase.NEXT_STEPS,),
        _("Les engagements se prennent à l'étape « Prochaines étapes »."),
    )
    text = (text or "").strip()
    if not text or len(text) > MAX_CARD:
        raise ValidationError(_("Un engagement tient en 1 à %(max)s signes.") % {"max": MAX_CARD})
    commitment = Commitment.objects.create(participant=participant, text=text, due=due)
    _touch(participant.workshop)
    return commitment


PROPOSAL_PHASES = (Phase.BOARD, Phase.OBSTACLES, Phase.VOTE)


def proposal_add(
    *, participant: Participant, partner_pk: int, category_pk: int, note: str = ""
) -> ProposedLink:
    """A link the engine missed, between the participant and another one of the room."""
    workshop = participant.workshop
    _in_phase(
        workshop,
        PROPOSAL_PHASES,
        _("Une occasion se propose entre le tableau et la fin du vote."),
    )
    partner = workshop.participants.filter(pk=partner_pk).exclude(pk=participant.pk).first()
    category = Category.objects.filter(pk=category_pk).first()
    if partner is None or category is None:
        raise ValidationError(_("Choisissez un autre participant de la salle et une catégorie."))
    note = (note or "").strip()
    if len(note) > MAX_CARD:
        raise ValidationError(_("Une précision tient en %(max)s signes.") % {"max": MAX_CARD})
    proposal = ProposedLink.objects.create(
        participant=participant, partner=partner, category=category, note=note
    )
    _touch(workshop)
    return proposal


@transaction.atomic
def guest_claim(*, participant: Participant, user, region: str, legal_kind: str) -> Organisation:
    """A guest creates its organisation's profile with its new account and keeps its seat: what
    it entered in the workshop (items, cards, votes, commitments) now belongs to that profile's
    seat. The user becomes the profile's owner."""
    from mutualiser.organisations.services import organisation_create

    if not user.is_authenticated:
        raise ValidationError(_("Connectez-vous d'abord pour créer le profil de votre organisme."))
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not participant.is_guest:
        raise ValidationError(_("Ce participant a déjà son organisme."))
    data = {
        "name": participant.guest_name,
        "legal_kind": legal_kind,
        "region": region,
        "municipality": participant.guest_municipality,
        "disciplines": [participant.guest_discipline] if participant.guest_discipline else [],
    }
    organisation = organisation_create(user=user, data=data)
    participant.organisation = organisation
    participant.user = user
    participant.save(update_fields=["organisation", "user"])
    _touch(participant.workshop, items=True)  # its place on the map changed
    return organisation


def items_to_copy(*, participant: Participant) -> list[WorkshopItem]:
    """The participant's quick-inventory items its organisation's inventory does not have yet
    (no item in that category and direction, whatever its precision)."""
    if participant.organisation_id is None:
        return []
    from mutualiser.diagnostic.models import InventoryItem

    present = set(
        InventoryItem.objects.filter(organisation_id=participant.organisation_id).values_list(
            "category_id", "direction"
        )
    )
    return [
        item
        for item in participant.items.select_related("category").order_by("pk")
        if (item.category_id, item.direction) not in present
    ]


@transaction.atomic
def workshop_items_copy_to_inventory(*, participant: Participant, user) -> int:
    """Copy into the organisation's inventory what its seat entered here (the participant's
    choice, one click): one item per need or capacity, with the quick inventory's monthly
    quantities and the category's defaults. An item the inventory already has in that
    category and direction is not copied again, so a second click copies nothing. Only a
    signed-in owner or editor of the organisation. Returns how many were copied."""
    from mutualiser.diagnostic.services import inventory_item_create
    from mutualiser.organisations.selectors import membership_get

    organisation = participant.organisation
    membership = membership_get(user, organisation) if organisation is not None else None
    if membership is None or not membership.can_edit:
        raise ValidationError(
            _("Seul un responsable ou un éditeur de l'organisme, connecté, remplit son inventaire.")
        )
    # The organisation's row orders two clicks arriving together: the second sees the first.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
    pending = items_to_copy(participant=participant)
    for item in pending:
        inventory_item_create(
            organisation=organisation,
            category=item.category,
            direction=item.direction,
            data={"months": [float(q) for q in item.months]},
        )
    return len(pending)
