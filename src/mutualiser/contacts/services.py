"""Writes about contact requests: send, answer, write in the thread, remind and expire.

Every function is keyword-only and runs in a transaction: a refused request writes nothing.
`now` may be passed (tests, the reminder command); otherwise it is `timezone.now()`.
Notifications are written with the change; their emails leave once it is committed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutualiser.diagnostic.models import Category
from mutualiser.organisations.choices import Role, Visibility
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.organisations.selectors import organisation_met_list
from mutualiser.words import formats
from mutualiser.words.language import current_language

from .models import (
    FIRST_STEP_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ContactRequest,
    Notification,
    NotificationKind,
    RequestMessage,
    RequestStatus,
    TrialLength,
)
from .rules import (
    DECLINE_COOLDOWN_DAYS,
    EXPIRE_AFTER_DAYS,
    MAX_PENDING_SENT,
    MAX_RECIPIENTS,
    REMIND_AFTER_DAYS,
)
from .texts import email_text

logger = logging.getLogger(__name__)

# Members who get the emails: those who may answer. Viewers see the notifications in the site.
EMAIL_ROLES = (Role.OWNER, Role.EDITOR)


# --- language and notifications ----------------------------------------------------------


def _languages(users) -> dict[int, str]:
    """Each reader's language: the one they last read the site in (User.language)."""
    return {user.pk: user.language or settings.LANGUAGE_CODE for user in users}


def _send_email(*, request: ContactRequest, kind: str, user, reader, excerpt: str, lang: str):
    with translation.override(lang):
        text = email_text(kind, request, reader=reader, excerpt=excerpt)
        link = settings.SITE_URL.rstrip("/") + request.get_absolute_url()
        context = {"text": text, "link": link, "user": user, "request": request}
        body = render_to_string("contacts/email/notification.txt", context)
        html = render_to_string("contacts/email/notification.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(text.subject.split()),
        body,
        None,
        [user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _notify(
    *,
    request: ContactRequest,
    kind: str,
    organisation: Organisation,
    actor=None,
    now: datetime,
    excerpt: str = "",
) -> int:
    """Notify the members of `organisation` (not the actor); email those who may answer.

    Returns how many members were notified. Emails leave after the commit, each in its
    reader's language.
    """
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .exclude(user_id=getattr(actor, "pk", None))
        .select_related("user")
    )
    Notification.objects.bulk_create(
        [Notification(user=m.user, request=request, kind=kind, created_at=now) for m in memberships]
    )
    emailed = [m.user for m in memberships if m.role in EMAIL_ROLES and m.user.is_active]
    languages = _languages(emailed)

    def send() -> None:
        # One mail server failure must not hide the change (already saved) nor stop the others.
        for user in emailed:
            try:
                _send_email(
                    request=request,
                    kind=kind,
                    user=user,
                    reader=organisation,
                    excerpt=excerpt,
                    lang=languages[user.pk],
                )
            except Exception:
                logger.exception("contact requests: email %s to user %s failed", kind, user.pk)

    transaction.on_commit(send)
    return len(memberships)


@transaction.atomic
def notifications_mark_read(
    *, user, request: ContactRequest | None = None, project=None, now=None
) -> int:
    """Mark the user's unread notifications read (those of one request or project, or all)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if request is not None:
        unread = unread.filter(request=request)
    if project is not None:
        unread = unread.filter(project=project)
    return unread.update(read_at=now or timezone.now())


# --- sending -----------------------------------------------------------------------------


def _day(value: datetime) -> str:
    return formats.date(timezone.localtime(value).date(), current_language())


def _clean_text(value: str, *, max_length: int, empty: str, too_long: str, code: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(empty, code=f"{code}_empty")
    if len(text) > max_length:
        raise ValidationError(
            too_long % {"max": max_length, "length": len(text)}, code=f"{code}_too_long"
        )
    return text


def clean_message(value: str) -> str:
    return _clean_text(
        value,
        max_length=MESSAGE_MAX_LENGTH,
        empty=_("Écrivez un message : quelques phrases sur ce que vous aimeriez partager."),
        too_long=_(
            "Le message fait %(length)s caractères ; il en compte au plus %(max)s. "
            "Gardez le détail pour le fil de la demande."
        ),
        code="message",
    )


def clean_first_step(value: str) -> str:
    return _clean_text(
        value,
        max_length=FIRST_STEP_MAX_LENGTH,
        empty=_("Proposez un premier pas, petit et limité dans le temps."),
        too_long=_(
            "Le premier pas fait %(length)s caractères ; il en compte au plus %(max)s : "
            "un premier pas tient en une phrase."
        ),
        code="first_step",
    )


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def category_for(code: str) -> Category | None:
    """The category of this code, or None (a missing, unknown or malformed code)."""
    if not code or not SLUG.fullmatch(code):
        return None
    return Category.objects.filter(code=code).first()


def resolve_recipients(
    *, sender: Organisation | None, user, slugs: list[str]
) -> list[Organisation]:
    """The organisations `slugs` names, if a request may invite them; else ValidationError.

    Refused: no organisation, more than MAX_RECIPIENTS, a slug that is not in the directory
    (unknown and private organisations get the same answer: nothing leaks), the sender itself
    or another of the user's organisations. Repeated slugs count once.
    """
    unique = list(dict.fromkeys(slug.strip() for slug in slugs if slug and slug.strip()))
    if not unique:
        raise ValidationError(
            _("Choisissez au moins un organisme à inviter, dans le répertoire ou vos occasions."),
            code="no_recipient",
        )
    if len(unique) > MAX_RECIPIENTS:
        raise ValidationError(
            _(
                "Une demande invite au plus %(max)s organismes à la fois ; vous en avez choisi "
                "%(count)s. Choisissez ceux qui vous complètent le mieux."
            )
            % {"max": MAX_RECIPIENTS, "count": len(unique)},
            code="too_many_recipients",
        )
    # Only well-formed slugs reach the database (PostgreSQL refuses a NUL byte in a query).
    well_formed = [slug for slug in unique if SLUG.fullmatch(slug)]
    found = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=well_formed).filter(
            Q(visibility=Visibility.DIRECTORY) | Q(pk__in=organisation_met_list(user).values("pk"))
        )
    }
    mine = dict(
        Membership.objects.filter(user=user).values_list("organisation__slug", "organisation__name")
    )
    if sender is not None:
        mine[sender.slug] = sender.name
    errors = []
    for slug in unique:
        if slug in mine:
            errors.append(
                ValidationError(
                    _("Vous ne pouvez pas inviter votre propre organisme (%(name)s).")
                    % {"name": mine[slug]},
                    code="own_organisation",
                )
            )
        elif slug not in found:
            errors.append(
                ValidationError(
                    _(
                        "Aucun organisme du répertoire ne porte l'identifiant « %(slug)s » : "
                        "il n'existe pas, ou son profil n'est pas public."
                    )
                    % {"slug": slug[:80].replace("\x00", "")},
                    code="unknown_recipient",
                )
            )
    if errors:
        raise ValidationError(errors)
    return [found[slug] for slug in unique]


def _refuse_over_limits(
    *, sender: Organisation, recipients: list[Organisation], now: datetime
) -> None:
    pending = ContactRequest.objects.filter(sender=sender, status=RequestStatus.PENDING).count()
    if pending + len(recipients) > MAX_PENDING_SENT:
        left = max(MAX_PENDING_SENT - pending, 0)
        raise ValidationError(
            ngettext(
                "%(name)s a déjà %(pending)s demande en attente de réponse ; la limite est de "
                "%(max)s demandes en attente par organisme. ",
                "%(name)s a déjà %(pending)s demandes en attente de réponse ; la limite est de "
                "%(max)s demandes en attente par organisme. ",
                pending,
            )
            % {"name": sender.name, "pending": pending, "max": MAX_PENDING_SENT}
            + ngettext(
                "Vous pouvez encore en envoyer %(left)s : attendez une réponse, ou retirez une "
                "demande.",
                "Vous pouvez encore en envoyer %(left)s : attendez des réponses, ou retirez des "
                "demandes.",
                left,
            )
            % {"left": left},
            code="too_many_pending",
        )
    errors = []
    for recipient in recipients:
        waiting = (
            ContactRequest.objects.filter(status=RequestStatus.PENDING)
            .filter(sender=sender, recipient=recipient)
            .first()
        ) or ContactRequest.objects.filter(
            status=RequestStatus.PENDING, sender=recipient, recipient=sender
        ).first()
        if waiting is not None:
            errors.append(
                ValidationError(
                    _(
                        "Une demande entre %(sender)s et %(recipient)s attend déjà une réponse "
                        "(envoyée le %(date)s) : poursuivez-la plutôt."
                    )
                    % {
                        "sender": waiting.sender.name,
                        "recipient": waiting.recipient.name,
                        "date": _day(waiting.created_at),
                    },
                    code="already_pending",
                )
            )
            continue
        declined = (
            ContactRequest.objects.filter(
                sender=sender,
                recipient=recipient,
                status=RequestStatus.DECLINED,
                answered_at__gt=now - timedelta(days=DECLINE_COOLDOWN_DAYS),
            )
            .order_by("-answered_at")
            .first()
        )
        if declined is not None:
            errors.append(
                ValidationError(
                    _(
                        "%(recipient)s a décliné votre demande le %(date)s. Une demande déclinée "
                        "ne peut être refaite au même organisme avant %(days)s jours : vous "
                        "pourrez l'inviter de nouveau à partir du %(again)s."
                    )
                    % {
                        "recipient": recipient.name,
                        "date": _day(declined.answered_at),
                        "days": DECLINE_COOLDOWN_DAYS,
                        "again": _day(declined.answered_at + timedelta(days=DECLINE_COOLDOWN_DAYS)),
                    },
                    code="declined_recently",
                )
            )
    if errors:
        raise ValidationError(errors)


def _refuse_unless_editor(user, organisation: Organisation) -> None:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None or not membership.can_edit:
        raise ValidationError(
            _(
                "Seuls les responsables et les éditeurs de %(name)s peuvent envoyer ou répondre "
                "à une demande."
            )
            % {"name": organisation.name},
            code="not_editor",
        )


@transaction.atomic
def contact_request_send(
    *,
    sender: Organisation,
    user,
    recipient_slugs: list[str],
    message: str,
    first_step: str,
    trial_months: int,
    category_code: str = "",
    now: datetime | None = None,
) -> list[ContactRequest]:
    """Invite the organisations `recipient_slugs` to explore pooling with `sender`.

    One request per invited organisation, all or none: any refusal (ValidationError, listing
    every reason) writes nothing. The invited organisations' members are notified.
    """
    now = now or timezone.now()
    _refuse_unless_editor(user, sender)
    # The sender's row is locked: two members sending at once cannot pass the cap together.
    Organisation.objects.select_for_update().filter(pk=sender.pk).first()
    errors: list[ValidationError] = []

    def check(clean, *args, **kwargs):
        try:
            return clean(*args, **kwargs)
        except ValidationError as error:
            errors.extend(error.error_list)
            return None

    recipients = check(resolve_recipients, sender=sender, user=user, slugs=recipient_slugs)
    message = check(clean_message, message)
    first_step = check(clean_first_step, first_step)
    if trial_months not in TrialLength.values:
        errors.append(ValidationError(_("Choisissez la durée de l'essai proposé."), code="trial"))
    if errors:
        raise ValidationError(errors)
    category = category_for(category_code)
    _refuse_over_limits(sender=sender, recipients=recipients, now=now)
    requests = []
    for recipient in recipients:
        request = ContactRequest.objects.create(
            sender=sender,
            recipient=recipient,
            sent_by=user,
            category=category,
            message=message,
            first_step=first_step,
            trial_months=trial_months,
            created_at=now,
        )
        _notify(
            request=request,
            kind=NotificationKind.RECEIVED,
            organisation=recipient,
            actor=user,
            now=now,
        )
        requests.append(request)
    transaction.on_commit(_schedule_reminders)
    return requests


def _schedule_reminders() -> None:
    """Start the worker's reminder chain; a queue that cannot be reached never undoes a send."""
    from .tasks import schedule_reminders

    try:
        schedule_reminders()
    except Exception:
        logger.exception("contact requests: the reminder task could not be queued")


# --- answering ---------------------------------------------------------------------------


def _locked_pending(request: ContactRequest) -> ContactRequest:
    locked = (
        ContactRequest.objects.select_for_update(of=("self",))  # PostgreSQL: not the joins
        .select_related("sender", "recipient", "category")
        .get(pk=request.pk)
    )
    if locked.status != RequestStatus.PENDING:
        messages = {
            RequestStatus.ACCEPTED: _("Cette demande a déjà été acceptée."),
            RequestStatus.DECLINED: _("Cette demande a déjà été déclinée."),
            RequestStatus.EXPIRED: _(
                "Cette demande a expiré : elle est restée %(days)s jours sans réponse."
            )
            % {"days": EXPIRE_AFTER_DAYS},
            RequestStatus.WITHDRAWN: _("Cette demande a été retirée par l'organisme qui invitait."),
        }
        raise ValidationError(messages[RequestStatus(locked.status)], code="not_pending")
    return locked


@transaction.atomic
def contact_request_accept(
    *, request: ContactRequest, user, now: datetime | None = None
) -> ContactRequest:
    """The invited organisation accepts: the thread goes on, the inviting side is told."""
    now = now or timezone.now()
    _refuse_unless_editor(user, request.recipient)
    request = _locked_pending(request)
    request.status = RequestStatus.ACCEPTED
    request.answered_at = now
    request.answered_by = user
    request.save(update_fields=["status", "answered_at", "answered_by"])
    _notify(
        request=request,
        kind=NotificationKind.ACCEPTED,
        organisation=request.sender,
        actor=user,
        now=now,
    )
    return request


@transaction.atomic
def contact_request_decline(
    *, request: ContactRequest, user, reason: str = "", now: datetime | None = None
) -> ContactRequest:
    """The invited organisation declines, with an optional reason shown to the inviting side.

    The same organisation may not invite it again for DECLINE_COOLDOWN_DAYS days.
    """
    now = now or timezone.now()
    _refuse_unless_editor(user, request.recipient)
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("La raison fait %(length)s caractères ; elle en compte au plus %(max)s.")
            % {"length": len(reason), "max": REASON_MAX_LENGTH},
            code="reason_too_long",
        )
    request = _locked_pending(request)
    request.status = RequestStatus.DECLINED
    request.answered_at = now
    request.answered_by = user
    request.decline_reason = reason
    request.save(update_fields=["status", "answered_at", "answered_by", "decline_reason"])
    _notify(
        request=request,
        kind=NotificationKind.DECLINED,
        organisation=request.sender,
        actor=user,
        now=now,
    )
    return request


@transaction.atomic
def contact_request_withdraw(
    *, request: ContactRequest, user, now: datetime | None = None
) -> ContactRequest:
    """The inviting organisation takes its request back while it waits (frees a place)."""
    now = now or timezone.now()
    _refuse_unless_editor(user, request.sender)
    request = _locked_pending(request)
    request.status = RequestStatus.WITHDRAWN
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    return request


@transaction.atomic
def request_message_post(
    *,
    request: ContactRequest,
    user,
    organisation: Organisation,
    body: str,
    now: datetime | None = None,
) -> RequestMessage:
    """Write in the thread as a member of `organisation` (one side); the other side is told."""
    now = now or timezone.now()
    if organisation.pk not in (request.sender_id, request.recipient_id):
        raise ValidationError(_("Vous ne faites pas partie de cette demande."), code="not_party")
    _refuse_unless_editor(user, organisation)
    body = clean_message(body)
    request = ContactRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(
            _("Cette demande est close : son fil ne prend plus de messages."), code="closed"
        )
    posted = RequestMessage.objects.create(
        request=request, organisation=organisation, author=user, body=body, created_at=now
    )
    other = request.recipient if organisation.pk == request.sender_id else request.sender
    _notify(
        request=request,
        kind=NotificationKind.MESSAGE,
        organisation=other,
        actor=user,
        now=now,
        excerpt=body[:500],
    )
    return posted


# --- reminders and expiry ----------------------------------------------------------------


@dataclass(frozen=True)
class ReminderSummary:
    reminded: int
    expired: int


def contact_requests_remind(*, now: datetime | None = None) -> ReminderSummary:
    """Remind once the requests waiting REMIND_AFTER_DAYS days; expire those waiting
    EXPIRE_AFTER_DAYS days. Idempotent: run it as often as you like, from any number of
    workers at once (each request is changed by one conditional UPDATE, so by one run).

    A request past both dates (the worker was stopped) expires without a reminder.
    """
    now = now or timezone.now()
    expire_before = now - timedelta(days=EXPIRE_AFTER_DAYS)
    remind_before = now - timedelta(days=REMIND_AFTER_DAYS)
    expired = 0
    due = ContactRequest.objects.filter(status=RequestStatus.PENDING, created_at__lte=expire_before)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            changed = ContactRequest.objects.filter(pk=pk, status=RequestStatus.PENDING).update(
                status=RequestStatus.EXPIRED, expired_at=now
            )
            if changed:
                request = ContactRequest.objects.select_related("sender", "recipient").get(pk=pk)
                _notify(
                    request=request,
                    kind=NotificationKind.EXPIRED,
                    organisation=request.sender,
                    now=now,
                )
                expired += 1
    reminded = 0
    due = ContactRequest.objects.filter(
        status=RequestStatus.PENDING,
        reminded_at__isnull=True,
        created_at__lte=remind_before,
        created_at__gt=expire_before,
    )
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            changed = ContactRequest.objects.filter(
                pk=pk, status=RequestStatus.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now)
            if changed:
                request = ContactRequest.objects.select_related(
                    "sender", "recipient", "category"
                ).get(pk=pk)
                _notify(
                    request=request,
                    kind=NotificationKind.REMINDER,
                    organisation=request.recipient,
                    now=now,
                )
                reminded += 1
    return ReminderSummary(reminded=reminded, expired=expired)
