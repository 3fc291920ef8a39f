from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mutualiser.organisations.models import Organisation
from mutualiser.words.language import is_english
from mutualiser.words.reasons import MESSAGES

MONTHS = 12
# The limits of an item, one definition for the form, the import and the database: the fields
# below carry them as validators; importexport reads them from there.
MAX_MONTHLY_QUANTITY = 1_000_000
MAX_DISTANCE_KM = 5000
MAX_NOTES = 5000


def _level_label(code: str) -> str:
    # the level's one name, shared with the engine's reasons ("plafonné à « Entente formelle »")
    return format_lazy("{} · {}", code, _(MESSAGES[f"level.{code}"]))


class Level(models.TextChoices):
    L0 = "L0", _level_label("L0")
    L1 = "L1", _level_label("L1")
    L2 = "L2", _level_label("L2")
    L3 = "L3", _level_label("L3")
    L4 = "L4", _level_label("L4")
    L5 = "L5", _level_label("L5")


class Kind(models.TextChoices):
    HUMAN = "human", _("Ressource humaine")
    MATERIAL = "material", _("Ressource matérielle")
    IMMATERIAL = "immaterial", _("Ressource immatérielle")
    SERVICE = "service", _("Service")


class Grade(models.TextChoices):
    """A grade of a feminine noun (confidentialité, spécificité, criticité, proximité nécessaire,
    sensibilité concurrentielle): the French label agrees, « Confidentialité : moyenne »."""

    LOW = "low", pgettext_lazy("grade", "Faible")
    MEDIUM = "medium", pgettext_lazy("grade", "Moyenne")
    HIGH = "high", pgettext_lazy("grade", "Élevée")


class Importance(models.TextChoices):
    SUPPORT = "support", _("Soutien")
    CORE = "core", _("Cœur de mission")


class Direction(models.TextChoices):
    NEED = "need", _("Besoin")
    OFFER = "offer", _("Capacité à partager")
    INHOUSE = "inhouse", _("Fait à l'interne")


class HowDone(models.TextChoices):
    STAFF = "staff", _("Par notre personnel")
    FREELANCE = "freelance", _("Par un pigiste ou un fournisseur")
    VOLUNTEER = "volunteer", _("Par des bénévoles")
    OWNED_ASSET = "owned_asset", _("Avec un bien qui nous appartient")
    SHARED = "shared", _("Déjà partagé avec d'autres")
    NOT_DONE = "not_done", _("Pas fait aujourd'hui")


class Family(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=120)
    label_en = models.CharField(_("libellé (anglais)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("famille")
        verbose_name_plural = _("familles")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if is_english() else self.label_fr


# Category fields copied from the engine's taxonomy file by services.taxonomy_load (all but
# code, family and order); results_cache reads them too.
# migrations/0003_load_taxonomy.py keeps its own copy, frozen at that migration's schema.
TAXONOMY_CATEGORY_FIELDS = (
    "label_fr",
    "label_en",
    "description_fr",
    "description_en",
    "kind",
    "unit",
    "support_or_core",
    "typical_level",
    "confidentiality",
    "proximity_need",
    "competitive_sensitivity",
    "standalone_rate",
    "unit_capacity",
    "unit_cost",
    "min_fraction",
    "member_overhead",
    "max_group_size",
    "source",
)


class Category(models.Model):
    """A kind of task, expertise or resource, with the engine's default cost figures."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="categories")
    label_fr = models.CharField(_("libellé (français)"), max_length=120)
    label_en = models.CharField(_("libellé (anglais)"), max_length=120)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    unit = models.CharField(_("unité"), max_length=12)
    support_or_core = models.CharField(
        _("soutien ou cœur"), max_length=8, choices=Importance.choices
    )
    typical_level = models.CharField(_("niveau typique"), max_length=2, choices=Level.choices)
    confidentiality = models.CharField(_("confidentialité"), max_length=8, choices=Grade.choices)
    proximity_need = models.CharField(
        _("proximité nécessaire"), max_length=8, choices=Grade.choices
    )
    competitive_sensitivity = models.CharField(
        _("sensibilité concurrentielle"), max_length=8, choices=Grade.choices, default=Grade.LOW
    )
    standalone_rate = models.FloatField(_("coût unitaire seul ($)"))
    unit_capacity = models.FloatField(_("capacité d'une ressource (unités/mois)"))
    unit_cost = models.FloatField(_("coût mensuel d'une ressource partagée ($)"))
    min_fraction = models.FloatField(_("fraction minimale"))
    member_overhead = models.FloatField(_("coordination par membre ($/mois)"))
    max_group_size = models.PositiveSmallIntegerField(_("taille maximale d'un groupe"))
    source = models.TextField(_("source des chiffres"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Set when staff edit the category in the admin: `taxonomy` then leaves it alone.
    customised = models.BooleanField(
        _("modifiée par l'équipe"),
        default=False,
        help_text=_("La commande taxonomy ne la remplace qu'avec --update."),
    )

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["family__order", "order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if is_english() else self.label_fr

    @property
    def description(self) -> str:
        english = is_english()
        return self.description_en if english else self.description_fr


def validate_months(value) -> None:
    if not isinstance(value, list) or len(value) != MONTHS:
        raise ValidationError(_("Il faut 12 valeurs mensuelles."), code="months_length")
    for quantity in value:
        if not isinstance(quantity, int | float) or isinstance(quantity, bool):
            raise ValidationError(_("Chaque mois doit être un nombre."), code="months_type")
        if quantity < 0:
            raise ValidationError(_("Une quantité ne peut pas être négative."), code="negative")
        if quantity != quantity or quantity > MAX_MONTHLY_QUANTITY:
            raise ValidationError(_("Quantité trop grande pour un mois."), code="too_large")


def empty_months() -> list[float]:
    return [0.0] * MONTHS


class InventoryItem(models.Model):
    """One task, expertise or resource of an organisation, in one category."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="inventory_items"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    direction = models.CharField(_("sens"), max_length=8, choices=Direction.choices)
    label = models.CharField(_("précision"), max_length=200, blank=True)
    months = models.JSONField(
        _("quantités mensuelles"), default=empty_months, validators=[validate_months]
    )
    how_done = models.CharField(
        _("comment c'est fait aujourd'hui"), max_length=12, choices=HowDone.choices, blank=True
    )
    annual_cost = models.DecimalField(
        _("coût annuel ($)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1 à 5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    importance = models.CharField(
        _("importance stratégique"),
        max_length=8,
        choices=Importance.choices,
        default=Importance.SUPPORT,
    )
    confidentiality = models.CharField(
        _("confidentialité"), max_length=8, choices=Grade.choices, default=Grade.LOW
    )
    specificity = models.CharField(
        _("spécificité"), max_length=8, choices=Grade.choices, default=Grade.MEDIUM
    )
    # Blank is "not said": the engine then judges the transition from the item's importance.
    criticality = models.CharField(
        _("criticité"),
        max_length=8,
        choices=Grade.choices,
        blank=True,
        help_text=_("Si cette tâche s'arrêtait un mois, quelles conséquences ?"),
    )
    max_distance_km = models.PositiveIntegerField(
        _("distance maximale (km)"), default=50, validators=[MaxValueValidator(MAX_DISTANCE_KM)]
    )
    rate = models.DecimalField(
        _("tarif offert par unité ($)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(
        _("notes"), blank=True, max_length=MAX_NOTES, validators=[MaxLengthValidator(MAX_NOTES)]
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Raised by one on every write through the services; an edit started on an older version
    # is refused (services.inventory_item_update), so that no edit is silently overwritten.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("élément d'inventaire")
        verbose_name_plural = _("éléments d'inventaire")
        ordering = ["organisation__name", "category__family__order", "category__order", "id"]
        indexes = [models.Index(fields=["category", "direction"])]
        constraints = [
            # What makes an item the same one on re-import (importexport.item_key), held by the
            # database: two requests at once cannot both add it.
            models.UniqueConstraint(
                "organisation",
                "category",
                "direction",
                Lower("label"),
                name="inventory_item_unique_key",
                violation_error_message=_(
                    "Cet élément existe déjà dans votre inventaire : ajoutez une précision "
                    "pour le distinguer."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.category} ({self.get_direction_display()})"

    def save(self, *args, **kwargs) -> None:
        # `updated_at` moves on with every save, even a partial one: the diagnostic's kept
        # results (results_cache) know the inventory changed from it.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "updated_at" not in update_fields:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    @property
    def yearly_quantity(self) -> float:
        return float(sum(self.months))


class ScoringWeights(models.Model):
    """The weights of the diagnostic's 12 criteria, as a facilitator set them.

    One row is active at a time (the newest saved); older rows stay as history. With no
    active row the engine's DEFAULT_WEIGHTS apply.
    """

    weights = models.JSONField(_("pondérations"), default=dict)
    is_active = models.BooleanField(_("en vigueur"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifiée par"),
    )
    created_at = models.DateTimeField(_("modifiée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pondération de la grille")
        verbose_name_plural = _("pondérations de la grille")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_scoring_weights",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
