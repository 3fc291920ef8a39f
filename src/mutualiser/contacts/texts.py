"""The sentences of a notification, in the reader's language: one place for the site's list
and the emails, so that both say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutualiser.organisations.models import Organisation
from mutualiser.words import formats
from mutualiser.words.language import current_language

from .models import ContactRequest, NotificationKind
from .rules import DECLINE_COOLDOWN_DAYS, EXPIRE_AFTER_DAYS


def _day(value) -> str:
    return formats.date(timezone.localtime(value).date(), current_language())


def trial_words(months: int) -> str:
    return ngettext("un essai de %(n)s mois", "un essai de %(n)s mois", months) % {"n": months}


def request_topic(request: ContactRequest) -> str:
    """ "la comptabilité" style topic, or a plain phrase when no category was given."""
    if request.category is None:
        return ""
    return request.category.label


def notification_title(kind: str, request: ContactRequest) -> str:
    """One line for the list of notifications and the email's subject."""
    names = {"sender": request.sender.name, "recipient": request.recipient.name}
    titles = {
        NotificationKind.RECEIVED: _("%(sender)s vous propose de mutualiser"),
        NotificationKind.REMINDER: _("Rappel : %(sender)s attend votre réponse"),
        NotificationKind.ACCEPTED: _("%(recipient)s a accepté votre demande"),
        NotificationKind.DECLINED: _("%(recipient)s a décliné votre demande"),
        NotificationKind.EXPIRED: _("Votre demande à %(recipient)s a expiré sans réponse"),
        NotificationKind.MESSAGE: _("Nouveau message sur la demande %(sender)s → %(recipient)s"),
    }
    return titles[NotificationKind(kind)] % names


@dataclass(frozen=True)
class EmailText:
    subject: str
    paragraphs: list[str]
    quote: str = ""
    quote_label: str = ""
    action: str = ""
    notes: list[str] = field(default_factory=list)


def email_text(
    kind: str, request: ContactRequest, *, reader: Organisation, excerpt: str = ""
) -> EmailText:
    """What the email about `kind` says to a member of `reader`, in the active language."""
    kind = NotificationKind(kind)
    subject = notification_title(kind, request)
    topic = request_topic(request)
    first_step = _("Premier pas proposé : %(step)s (%(trial)s).") % {
        "step": request.first_step.rstrip(". "),
        "trial": trial_words(request.trial_months),
    }
    expires_on = _day(request.created_at + timedelta(days=EXPIRE_AFTER_DAYS))
    if kind == NotificationKind.RECEIVED:
        if topic:
            invite = _("%(sender)s invite %(recipient)s à explorer une mutualisation : %(topic)s.")
        else:
            invite = _("%(sender)s invite %(recipient)s à explorer une mutualisation.")
        return EmailText(
            subject=subject,
            paragraphs=[
                invite % {"sender": request.sender.name, "recipient": reader.name, "topic": topic},
                first_step,
            ],
            quote=request.message,
            quote_label=_("Son message"),
            action=_("Lire la demande et répondre"),
            notes=[
                _(
                    "Acceptez pour en parler, ou déclinez (une raison est la bienvenue). "
                    "Sans réponse d'ici le %(date)s, la demande expirera."
                )
                % {"date": expires_on}
            ],
        )
    if kind == NotificationKind.REMINDER:
        return EmailText(
            subject=subject,
            paragraphs=[
                _(
                    "%(sender)s a invité %(recipient)s à explorer une mutualisation le %(date)s "
                    "et attend toujours votre réponse."
                )
                % {
                    "sender": request.sender.name,
                    "recipient": reader.name,
                    "date": _day(request.created_at),
                },
                first_step,
            ],
            quote=request.message,
            quote_label=_("Son message"),
            action=_("Répondre à la demande"),
            notes=[
                _(
                    "Un non est aussi une réponse utile. Sans réponse d'ici le %(date)s, "
                    "la demande expirera ; c'est le seul rappel."
                )
                % {"date": expires_on}
            ],
        )
    if kind == NotificationKind.ACCEPTED:
        return EmailText(
            subject=subject,
            paragraphs=[
                _("%(recipient)s accepte d'explorer la mutualisation avec %(sender)s.")
                % {"recipient": request.recipient.name, "sender": reader.name},
                _("Convenez ensemble du premier pas dans le fil de la demande : %(step)s.")
                % {"step": request.first_step.rstrip(". ")},
            ],
            action=_("Ouvrir le fil de la demande"),
        )
    if kind == NotificationKind.DECLINED:
        again = request.answered_at or timezone.now()
        return EmailText(
            subject=subject,
            paragraphs=[
                _("%(recipient)s ne donne pas suite à votre invitation pour le moment.")
                % {"recipient": request.recipient.name}
            ],
            quote=request.decline_reason,
            quote_label=_("Sa raison"),
            action=_("Voir la demande"),
            notes=[
                _(
                    "Vous pourrez inviter cet organisme de nouveau à partir du %(date)s "
                    "(%(days)s jours après un refus)."
                )
                % {
                    "date": _day(again + timedelta(days=DECLINE_COOLDOWN_DAYS)),
                    "days": DECLINE_COOLDOWN_DAYS,
                }
            ],
        )
    if kind == NotificationKind.EXPIRED:
        return EmailText(
            subject=subject,
            paragraphs=[
                _(
                    "%(recipient)s n'a pas répondu en %(days)s jours : la demande est close, "
                    "personne n'attend plus."
                )
                % {"recipient": request.recipient.name, "days": EXPIRE_AFTER_DAYS},
                _("Vous pouvez lui écrire de nouveau, ou chercher d'autres partenaires."),
            ],
            action=_("Voir la demande"),
        )
    author = request.recipient if reader.pk == request.sender_id else request.sender
    return EmailText(
        subject=subject,
        paragraphs=[_("%(author)s a écrit dans le fil de la demande.") % {"author": author.name}],
        quote=excerpt,
        quote_label=_("Son message"),
        action=_("Lire et répondre"),
    )
