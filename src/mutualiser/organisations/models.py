from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import BudgetBand, Discipline, LegalKind, Region, Role, Visibility

# The name a deleted organisation keeps in the projects and threads of other partners; the
# French words are also the msgid, so that a name stored in a project's history reads in
# English too (projects.history.describe).
REMOVED_NAME = "Organisme supprimé"
REMOVED_NAME_LABEL = _("Organisme supprimé")


class Organisation(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    legal_kind = models.CharField(_("forme juridique"), max_length=20, choices=LegalKind.choices)
    disciplines = models.JSONField(_("disciplines"), default=list, blank=True)
    region = models.CharField(_("région administrative"), max_length=2, choices=Region.choices)
    municipality = models.CharField(_("municipalité"), max_length=120, blank=True)
    # Coordinates of the municipality, or of the region's centre when none is given.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    budget_band = models.CharField(
        _("budget annuel"), max_length=12, choices=BudgetBand.choices, blank=True
    )
    staff_fte = models.DecimalField(
        _("personnel (ETP)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    visibility = models.CharField(
        _("visibilité"), max_length=12, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    description = models.TextField(_("présentation"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    is_demo = models.BooleanField(_("démo"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Set when an owner deleted the organisation while other partners still needed its rows
    # (a shared project, a thread): the row stays, emptied, as « Organisme supprimé »
    # (privacy.services.organisation_delete).
    removed_at = models.DateTimeField(_("supprimé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # A deleted organisation's name is read in the reader's language, wherever a page,
        # an export or a PDF shows `organisation.name`.
        # (__dict__: a deferred removed_at must not cost a query per row)
        if instance.__dict__.get("removed_at") is not None:
            instance.name = str(REMOVED_NAME_LABEL)
        return instance

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    def discipline_labels(self) -> list[str]:
        labels = dict(Discipline.choices)
        return [str(labels.get(code, code)) for code in self.disciplines]


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("depuis"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]
        ordering = ["organisation__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.OWNER, Role.EDITOR)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def _default_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("courriel"))
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), default=_default_expiry)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The link is accepted by the invited address only, or by the account that asked to use
    # another address once an owner of the organisation confirmed it.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    requested_at = models.DateTimeField(_("demandée le"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("autre adresse confirmée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("organisations:invitation", kwargs={"token": self.token})

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None
