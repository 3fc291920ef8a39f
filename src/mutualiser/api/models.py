"""Personal access tokens: how a member's own tools call the JSON API on their behalf."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Lecture seule")
    WRITE = "write", _("Lecture et écriture")


class PersonalAccessToken(models.Model):
    """A token a member made for a tool: only its hash is kept, and a prefix to recognise it.

    The token itself is shown once, when it is made (services.token_create); a lost token is
    revoked and replaced, never shown again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("membre"),
    )
    name = models.CharField(_("nom"), max_length=100)
    scope = models.CharField(_("portée"), max_length=5, choices=Scope.choices, default=Scope.READ)
    # The token's first characters, shown in the list so that the member knows which is which.
    prefix = models.CharField(_("début du jeton"), max_length=16, db_index=True, editable=False)
    # SHA-256 of the whole token, in hex: a token has 256 bits of randomness, so a plain hash
    # is enough (no salt, no slow hash), and it is looked up by equality.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'accès personnel")
        verbose_name_plural = _("jetons d'accès personnels")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE
