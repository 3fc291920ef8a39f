"""What a signed-in member has done in the guide: chapters read and quiz answers.

Chapters live in Markdown files, not in the database, so progress refers to them by slug
(the same in every language).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChapterRead(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chapters_read"
    )
    slug = models.SlugField(_("chapitre"), max_length=80)
    read_at = models.DateTimeField(_("lu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("chapitre lu")
        verbose_name_plural = _("chapitres lus")
        constraints = [
            models.UniqueConstraint(fields=["user", "slug"], name="guide_one_read_per_chapter")
        ]
        ordering = ["-read_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.slug}"


class QuizAnswer(models.Model):
    """The member's last answer to one quiz question (answering again replaces it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_answers"
    )
    slug = models.SlugField(_("chapitre"), max_length=80)
    question = models.PositiveSmallIntegerField(_("question"))
    choice = models.PositiveSmallIntegerField(_("choix"))
    correct = models.BooleanField(_("bonne réponse"))
    answered_at = models.DateTimeField(_("répondu le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse au quiz")
        verbose_name_plural = _("réponses aux quiz")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "slug", "question"], name="guide_one_answer_per_question"
            )
        ]
        ordering = ["slug", "question"]

    def __str__(self) -> str:
        return f"{self.user} · {self.slug} #{self.question}"
