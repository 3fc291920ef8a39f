"""Telling partners that a decision is proposed or a step falls due.

`project_notify` is the one entry point: a line in each recipient's notifications (the
contacts app's list and the header's bell), written with the change, and an email (plain
text and HTML, each recipient in their own language) once it is committed.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from mutualiser.contacts.models import Notification

from .models import Decision, PoolingProject, ProjectStep

KINDS = ("decision_proposed", "decision_closed", "step_due")
_paused: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "projects_notify_paused", default=False
)


@contextlib.contextmanager
def notifications_paused():
    """Build data (the demo) without writing to fictional addresses."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def project_recipients(project: PoolingProject, *, exclude=None):
    """Active users belonging to a partner organisation, each once."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation__project_partners__project=project,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    return users


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(project: PoolingProject, kind: str, context: dict, exclude) -> int:
    sent = 0
    for user in project_recipients(project, exclude=exclude):
        language = user.language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {**context, "project": project, "recipient": user, "kind": kind}
            context["project_url"] = _absolute(project.get_absolute_url())
            if context.get("decision") is not None:
                context["decision_url"] = _absolute(context["decision"].get_absolute_url())
            subject = render_to_string("projects/email/subject.txt", context)
            text = render_to_string("projects/email/body.txt", context)
            html = render_to_string("projects/email/body.html", context)
        message = EmailMultiAlternatives(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            text,
            None,
            [user.email],
        )
        message.attach_alternative(html, "text/html")
        message.send()
        sent += 1
    return sent


def _notify_in_site(project: PoolingProject, kind: str, decision, exclude) -> None:
    """One line in each recipient's notifications (the header's bell), read in their language."""
    Notification.objects.bulk_create(
        Notification(user=user, project=project, decision=decision, kind=kind)
        for user in project_recipients(project, exclude=exclude)
    )


def notification_title(notification) -> str:
    """The site's line for a project notification: the email's subject, in the active language."""
    context = {
        "project": notification.project,
        "decision": notification.decision,
        "kind": notification.kind,
    }
    return " ".join(render_to_string("projects/email/subject.txt", context).split())


def project_notify(
    *,
    project: PoolingProject,
    kind: str,
    decision: Decision | None = None,
    step: ProjectStep | None = None,
    actor=None,
) -> None:
    """Tell every member of the partner organisations (but the actor), once committed."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification {kind!r}")
    if _paused.get():
        return
    context = {"decision": decision, "step": step}
    _notify_in_site(project, kind, decision, actor)
    transaction.on_commit(lambda: _send(project, kind, context, actor))
