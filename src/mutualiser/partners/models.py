"""The partner search's stored runs: per region, the opportunities the engine found.

A `PartnerRun` is one computation of a region's opportunities over the organisations whose
visibility allows it (`selectors.participants`): it starts an EngineRun of the runs app,
then keeps what the pages read, so that a page reads rows and never waits for the engine.
An `Opportunity` is one exchange (an offer serves a need) or pooling group of that run;
its `OpportunityMember` rows say who takes part, with which item, and what each gains
under the default sharing rule. `PartnerCandidate` rows are the other compatible partners of
an item (the matching's candidate pairs), the alternatives to the plan's suggestion.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.organisations.choices import Region
from mutualiser.organisations.models import Organisation
from mutualiser.runs.models import EngineRun, RunStatus


class PartnerRun(models.Model):
    region = models.CharField(_("région administrative"), max_length=2, choices=Region.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    engine_run = models.OneToOneField(
        EngineRun,
        verbose_name=_("calcul du moteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_run",
    )
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("calculé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("recherche de partenaires")
        verbose_name_plural = _("recherches de partenaires")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The debounce, held by the database: one queued run per region at a time (a
            # queued run reads the inventories when it starts, so one is enough).
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(status=RunStatus.QUEUED),
                name="partners_one_queued_run_per_region",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_region_display()} ({self.get_status_display()})"


class OpportunityKind(models.TextChoices):
    EXCHANGE = "exchange", _("Échange")
    GROUP = "group", _("Regroupement")


class Opportunity(models.Model):
    run = models.ForeignKey(
        PartnerRun, on_delete=models.CASCADE, related_name="opportunities", verbose_name=_("calcul")
    )
    kind = models.CharField(_("type"), max_length=10, choices=OpportunityKind.choices)
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="+", verbose_name=_("catégorie")
    )
    savings = models.FloatField(_("économies par année ($)"))
    cost = models.FloatField(_("coût de la ressource partagée par année ($)"), null=True)
    in_core = models.BooleanField(_("dans le cœur"), null=True)
    distance_km = models.FloatField(_("distance la plus grande (km)"))
    # The 12 months of the shared capacity (a group: one resource; an exchange: the offer's
    # spare capacity) and the engine's reasons as [{"id", "params"}].
    capacity = models.JSONField(_("capacité par mois"))
    reasons = models.JSONField(_("raisons"), default=list)

    class Meta:
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")
        ordering = ["-savings", "pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.category.code}"


class MemberRole(models.TextChoices):
    NEED = "need", _("Besoin")
    OFFER = "offer", _("Capacité à partager")


class OpportunityMember(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("rôle"), max_length=8, choices=MemberRole.choices)
    months = models.JSONField(_("quantités mensuelles"))
    # Under the default sharing rule: a need's yearly savings; an offer's yearly income.
    gain = models.FloatField(_("gain par année ($)"))
    share = models.FloatField(_("part du coût par année ($)"), null=True)
    standalone = models.FloatField(_("coût seul par année ($)"), null=True)

    class Meta:
        verbose_name = _("partenaire d'une occasion")
        verbose_name_plural = _("partenaires des occasions")
        ordering = ["opportunity", "pk"]
        indexes = [models.Index(fields=["organisation", "opportunity"])]

    def __str__(self) -> str:
        return f"{self.organisation} · #{self.opportunity_id}"


class PartnerCandidate(models.Model):
    """A compatible partner for an item: the pair alone, as the matching found it."""

    run = models.ForeignKey(PartnerRun, on_delete=models.CASCADE, related_name="candidates")
    item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="+")
    partner_item = models.ForeignKey(InventoryItem, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # pool: two needs sharing one resource; served: an offer serves this need; serves: this
    # offer serves the partner's need.
    kind = models.CharField(_("type"), max_length=8)
    distance_km = models.FloatField(_("distance (km)"))
    gain = models.FloatField(_("gain par année ($)"))  # this item's organisation's
    complement = models.FloatField(_("complémentarité"), default=0.0)

    class Meta:
        verbose_name = _("partenaire compatible")
        verbose_name_plural = _("partenaires compatibles")
        ordering = ["run", "item", "-gain", "pk"]
        indexes = [models.Index(fields=["run", "item"])]

    def __str__(self) -> str:
        return f"{self.item_id} ↔ {self.partner} ({self.kind})"
