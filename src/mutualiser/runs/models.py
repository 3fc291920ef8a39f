"""Background engine runs: a run over a region (or all of Québec) and its pieces.

A run's instance is split into independent pieces (engine/split.py); each piece is solved
by one background task, possibly on another machine, and the task that finishes the last
piece merges the pieces' results into the run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mutualiser.organisations.choices import Region


class Effort(models.TextChoices):
    """How much work the engine does (engine/grouping/solve.py, EFFORTS)."""

    FAST = "fast", _("Rapide")
    THOROUGH = "thorough", _("Approfondi")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échoué")


class EngineRun(models.Model):
    region = models.CharField(
        _("région administrative"),
        max_length=2,
        choices=Region.choices,
        blank=True,
        help_text=_("Vide : tout le Québec."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engine_runs",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    effort = models.CharField(
        _("effort"),
        max_length=10,
        choices=Effort.choices,
        default=Effort.FAST,
        help_text=_(
            "Approfondi : des bornes et des plans à quelques pour cent du meilleur possible, "
            "en minutes plutôt qu'en secondes."
        ),
    )
    pieces_total = models.PositiveIntegerField(_("morceaux"), default=0)
    pieces_done = models.PositiveIntegerField(_("morceaux résolus"), default=0)
    # The merged result, in the engine's JSON result format (DESIGN.md).
    result = models.JSONField(_("résultat"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)

    class Meta:
        verbose_name = _("calcul du moteur")
        verbose_name_plural = _("calculs du moteur")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.scope_label}"

    @property
    def scope_label(self) -> str:
        return str(self.get_region_display()) if self.region else str(_("Tout le Québec"))

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class EngineRunPiece(models.Model):
    run = models.ForeignKey(
        EngineRun, verbose_name=_("calcul"), on_delete=models.CASCADE, related_name="pieces"
    )
    index = models.PositiveIntegerField(_("numéro"))
    key = models.CharField(_("clé"), max_length=120)  # "<category>/<n>", from split.py
    category = models.CharField(_("catégorie"), max_length=64)
    # The piece's sub-instance, in the engine's JSON instance format.
    instance = models.JSONField(_("instance"))
    # A component too large for one piece is cut: the Cut, on its first piece only.
    cut = models.JSONField(_("coupure"), null=True, blank=True)
    # The piece's engine result at full precision (dataclasses.asdict), read back to merge.
    result = models.JSONField(_("résultat"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    error = models.TextField(_("erreur"), blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)

    class Meta:
        verbose_name = _("morceau d'un calcul")
        verbose_name_plural = _("morceaux des calculs")
        ordering = ["run", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="runs_piece_unique_index")
        ]

    def __str__(self) -> str:
        return f"#{self.run_id}.{self.index} {self.key}"
