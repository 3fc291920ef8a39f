"""Contact requests between organisations, their thread, and the notifications they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Longest message and first step a form and the services accept (characters).
MESSAGE_MAX_LENGTH = 2000
FIRST_STEP_MAX_LENGTH = 300
REASON_MAX_LENGTH = 500


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")
    EXPIRED = "expired", _("Expirée sans réponse")
    WITHDRAWN = "withdrawn", _("Retirée")


class TrialLength(models.IntegerChoices):
    ONE = 1, _("1 mois")
    TWO = 2, _("2 mois")
    THREE = 3, _("3 mois")
    SIX = 6, _("6 mois")


class ContactRequest(models.Model):
    """One organisation invites another to explore pooling; one row per invited organisation."""

    sender = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="contact_requests_sent",
        verbose_name=_("organisme qui invite"),
    )
    recipient = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="contact_requests_received",
        verbose_name=_("organisme invité"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("envoyée par"),
    )
    category = models.ForeignKey(
        "diagnostic.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catégorie"),
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    first_step = models.CharField(_("premier pas proposé"), max_length=FIRST_STEP_MAX_LENGTH)
    trial_months = models.PositiveSmallIntegerField(
        _("durée de l'essai"), choices=TrialLength.choices, default=TrialLength.THREE
    )
    status = models.CharField(
        _("état"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réponse de"),
    )
    decline_reason = models.CharField(
        _("raison du refus"), max_length=REASON_MAX_LENGTH, blank=True
    )
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande de contact")
        verbose_name_plural = _("demandes de contact")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")),
                name="contact_request_not_to_itself",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="contact_request_due_idx")]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING

    @property
    def is_open(self) -> bool:
        """The thread takes messages while the request waits or once it is accepted."""
        return self.status in (RequestStatus.PENDING, RequestStatus.ACCEPTED)


class RequestMessage(models.Model):
    """A message of a request's thread, written by a member of one side."""

    request = models.ForeignKey(
        ContactRequest, on_delete=models.CASCADE, related_name="messages", verbose_name=_("demande")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisme"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)

    class Meta:
        verbose_name = _("message d'une demande")
        verbose_name_plural = _("messages des demandes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.created_at:%Y-%m-%d %H:%M}"


class NotificationKind(models.TextChoices):
    RECEIVED = "received", _("Demande reçue")
    REMINDER = "reminder", _("Rappel : demande sans réponse")
    ACCEPTED = "accepted", _("Demande acceptée")
    DECLINED = "declined", _("Demande déclinée")
    EXPIRED = "expired", _("Demande expirée")
    MESSAGE = "message", _("Nouveau message")
    # A pooling project's (projects.notify): the sentence is the project's email subject.
    DECISION_PROPOSED = "decision_proposed", _("Décision à prendre")
    DECISION_CLOSED = "decision_closed", _("Décision close")
    STEP_DUE = "step_due", _("Étape à échéance")


class Notification(models.Model):
    """Something a member should see about a request; its sentence is written when shown,
    in the reader's language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("destinataire"),
    )
    # About a contact request, or about a pooling project (one of the two).
    request = models.ForeignKey(
        ContactRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("demande"),
    )
    project = models.ForeignKey(
        "projects.PoolingProject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("projet"),
    )
    decision = models.ForeignKey(
        "projects.Decision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décision"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=NotificationKind.choices)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
