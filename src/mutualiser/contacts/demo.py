"""The demo's contact requests: the demo login's organisation has one received and one sent.

Deterministic: fixed organisations, texts and ages (days before the build), no random draw.
Both wait for an answer, so that a newcomer can accept the received one; they were sent a
few days before the build, so the reminder (7 days) and the expiry (14) are still ahead.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role
from mutualiser.organisations.models import Membership, Organisation

from .models import ContactRequest, Notification, NotificationKind, RequestMessage

# (sender key, recipient key, category, days ago, message, first step); "login" is the
# organisation the demo login owns.
RECEIVED = (
    "cormoran",
    "login",
    "rehearsal_studio",
    2,
    "Bonjour ! Nous répétons surtout l'été et à l'automne, et votre studio du Plateau semble "
    "libre à ces périodes. Nous aimerions partager le studio et ses frais, et pourquoi pas "
    "l'entretien du plancher. Seriez-vous ouverts à en parler ?",
    "Deux demi-journées de répétition par semaine dans votre studio, puis un bilan ensemble",
)
SENT = (
    "login",
    "rideau-cramoisi",
    "accounting",
    3,
    "Bonjour, nous cherchons à partager les heures d'une comptable avec une compagnie voisine : "
    "nos besoins tombent surtout en fin d'exercice et les vôtres semblent plus réguliers. "
    "Un café pour en parler ?",
    "Une rencontre d'une heure, puis la tenue de livres partagée sur un trimestre",
)
SENT_REPLY = (
    1,
    "Merci pour votre message ! Nous regardons nos besoins de fin d'année et revenons vers vous "
    "cette semaine.",
)


def _first_owner(organisation: Organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.OWNER)
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def demo_contact_requests(
    *, organisations: dict[str, Organisation], login_organisation: Organisation, user, now=None
) -> list[ContactRequest]:
    """Create the demo login's received and sent requests (and the received one's notice)."""
    now: datetime = now or timezone.now()

    def resolve(key: str) -> Organisation:
        return login_organisation if key == "login" else organisations[key]

    categories = {c.code: c for c in Category.objects.filter(code__in=[RECEIVED[2], SENT[2]])}
    created = []
    for sender_key, recipient_key, code, days, message, first_step in (RECEIVED, SENT):
        sender = resolve(sender_key)
        created.append(
            ContactRequest.objects.create(
                sender=sender,
                recipient=resolve(recipient_key),
                sent_by=user if sender_key == "login" else _first_owner(sender),
                category=categories.get(code),
                message=message,
                first_step=first_step,
                created_at=now - timedelta(days=days),
            )
        )
    received, sent = created
    days, body = SENT_REPLY
    RequestMessage.objects.create(
        request=sent,
        organisation=sent.recipient,
        author=_first_owner(sent.recipient),
        body=body,
        created_at=now - timedelta(days=days),
    )
    Notification.objects.create(
        user=user, request=received, kind=NotificationKind.RECEIVED, created_at=received.created_at
    )
    Notification.objects.create(
        user=user,
        request=sent,
        kind=NotificationKind.MESSAGE,
        created_at=now - timedelta(days=days),
    )
    return created
