"""A live pooling workshop: its participants, the items they enter, obstacles, votes, commitments.

Everything a participant enters belongs to the workshop, never to an organisation's inventory:
the room shares what it chose to say here and nothing else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.models import Organisation

MAX_TITLE = 200
MAX_CARD = 500
MAX_GUEST_NAME = 200


class Phase(models.TextChoices):
    WELCOME = "welcome", _("Accueil")
    INVENTORY = "inventory", _("Inventaire éclair")
    BOARD = "board", _("Tableau des occasions")
    OBSTACLES = "obstacles", _("Obstacles")
    VOTE = "vote", _("Vote")
    NEXT_STEPS = "next_steps", _("Prochaines étapes")


PHASES = [choice for choice, _label in Phase.choices]


class Language(models.TextChoices):
    FR = "fr", _("Français")
    EN = "en", _("Anglais")


class Workshop(models.Model):
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshops_run"
    )
    title = models.CharField(_("titre"), max_length=MAX_TITLE)
    date = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    language = models.CharField(
        _("langue"), max_length=2, choices=Language.choices, default=Language.FR
    )
    anonymous = models.BooleanField(
        _("contributions anonymes"),
        default=False,
        help_text=_(
            "Choisi avant que quiconque se joigne : la salle ne voit pas qui a écrit quoi."
        ),
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    phase = models.CharField(
        _("étape"), max_length=12, choices=Phase.choices, default=Phase.WELCOME
    )
    phase_started_at = models.DateTimeField(_("étape commencée le"), null=True, blank=True)
    joining_locked = models.BooleanField(_("inscriptions fermées"), default=False)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    # Bumped by every change the board shows: the ETag of the board fragment.
    version = models.PositiveIntegerField(_("version"), default=0)
    # Bumped only when what the engine reads changes (items, a participant leaving): votes and
    # cards never cost a solve. The board below is the latest one solved, for board_version;
    # one solver at a time holds the lease board_solving_until (board.py).
    items_version = models.PositiveIntegerField(_("version des éléments"), default=0)
    board = models.JSONField(_("tableau résolu"), default=list, blank=True, editable=False)
    board_version = models.IntegerField(_("version du tableau"), null=True, blank=True)
    board_solving_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Participant(models.Model):
    """An organisation in the room: an existing one (signed in) or a guest with no account."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(_("nom"), max_length=MAX_GUEST_NAME, blank=True)
    guest_discipline = models.CharField(_("discipline"), max_length=40, blank=True)
    guest_municipality = models.CharField(_("municipalité"), max_length=120, blank=True)
    number = models.PositiveSmallIntegerField(_("numéro"), default=0)
    joined_at = models.DateTimeField(_("arrivé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["workshop", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "organisation"], name="workshop_participant_once"
            ),
            models.UniqueConstraint(
                fields=["workshop", "number"], name="workshop_participant_number_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.organisation.name if self.organisation_id else self.guest_name

    @property
    def is_guest(self) -> bool:
        return self.organisation_id is None

    def label(self, *, anonymous: bool) -> str:
        """The name the room sees: none when the workshop is anonymous."""
        if anonymous:
            return _("Participant %(number)s") % {"number": self.number}
        return self.name


class Direction(models.TextChoices):
    NEED = "need", _("Besoin")
    OFFER = "offer", _("Capacité à partager")


class WorkshopItem(models.Model):
    """A need or a spare capacity entered in the quick inventory of one workshop."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("sens"), max_length=8, choices=Direction.choices)
    quantity = models.FloatField(_("quantité par mois"))
    season = models.CharField(_("saison"), max_length=8)
    months = models.JSONField(_("quantités mensuelles"), default=list)

    class Meta:
        verbose_name = _("élément d'atelier")
        verbose_name_plural = _("éléments d'atelier")
        ordering = ["participant", "category__code", "direction"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "category", "direction"], name="workshop_item_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.category.code} · {self.direction}"


class ObstacleKind(models.TextChoices):
    TRUST = "trust", _("Confiance")
    GOVERNANCE = "governance", _("Gouvernance")
    LEGAL = "legal", _("Juridique")
    MONEY = "money", _("Argent")
    PEOPLE = "people", _("Personnes")
    LOGISTICS = "logistics", _("Logistique")
    TIME = "time", _("Temps")
    OTHER = "other", _("Autre")


class Obstacle(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="obstacles")
    kind = models.CharField(_("type"), max_length=12, choices=ObstacleKind.choices)
    text = models.CharField(_("texte"), max_length=MAX_CARD)
    hidden = models.BooleanField(_("masqué"), default=False)
    # The key of the board's opportunity the card is about (blank: the whole room's); carried
    # into that opportunity's project risk register.
    opportunity = models.CharField(_("occasion"), max_length=400, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One dot on one opportunity of the board. Its key names the kind, the category and the
    participants (board.Opportunity.key), not items nor a place on the board: a dot survives
    inventories sent again and opportunities moving around it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    opportunity = models.CharField(_("occasion"), max_length=400)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "opportunity"], name="workshop_vote_once"
            )
        ]

    def __str__(self) -> str:
        return self.opportunity


class Commitment(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.CharField(_("engagement"), max_length=MAX_CARD)
    due = models.DateField(_("d'ici le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ProposedLink(models.Model):
    """An opportunity the engine missed, proposed by a participant: it enters the vote."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="proposals")
    partner = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("précision"), max_length=MAX_CARD, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("occasion proposée")
        verbose_name_plural = _("occasions proposées")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.participant} + {self.partner} · {self.category.code}"

    @property
    def key(self) -> str:
        return f"p:{self.pk}"
