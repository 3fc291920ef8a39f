from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mutualiser.organisations.models import Organisation


class ReadinessAssessment(models.Model):
    """One filled-in readiness questionnaire of an organisation; earlier ones are kept."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="readiness_assessments"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rempli par"),
    )
    # {question id: 1..5}, ids from data/questions.json
    answers = models.JSONField(_("réponses"), default=dict)
    created_at = models.DateTimeField(_("rempli le"), auto_now_add=True)

    class Meta:
        verbose_name = _("autoévaluation")
        verbose_name_plural = _("autoévaluations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("readiness:detail", kwargs={"pk": self.pk})
