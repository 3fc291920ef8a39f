"""The periodic reminder of contact requests, run by the task worker (`manage.py db_worker`).

`remind_contact_requests` does the work, then enqueues itself again for REMINDER_INTERVAL
later (django-tasks' `run_after`), so one chain runs for ever once started. It starts when a
request is sent, or with `manage.py requests_remind --schedule`; `schedule_reminders` starts
it only if no run is already waiting, so restarts and concurrent senders do not multiply it.
Backends that cannot defer (ImmediateBackend in tests) schedule nothing: there, run the
management command `requests_remind` (by cron, say), which does the same work once.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .services import contact_requests_remind

# How often waiting requests are checked: a reminder is at most this late.
REMINDER_INTERVAL = timedelta(hours=1)


def _waiting_run_exists() -> bool:
    """A run of the reminder is already queued (the database backend only knows)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is always installed here
        return False
    return DBTaskResult.objects.filter(
        task_path=remind_contact_requests.module_path, status="READY"
    ).exists()


@task()
def remind_contact_requests() -> dict[str, int]:
    """Remind and expire the waiting requests, then plan the next run (even after a failure:
    the chain must not stop because one email could not leave)."""
    try:
        summary = contact_requests_remind()
    finally:
        if remind_contact_requests.get_backend().supports_defer and not _waiting_run_exists():
            remind_contact_requests.using(run_after=timezone.now() + REMINDER_INTERVAL).enqueue()
    return {"reminded": summary.reminded, "expired": summary.expired}


def schedule_reminders() -> bool:
    """Start the reminder chain unless a run is already waiting; True if one was enqueued.

    With a backend that cannot defer, nothing is scheduled: the management command
    `requests_remind` (cron) or the next request does the work.
    """
    backend = remind_contact_requests.get_backend()
    if not backend.supports_defer:
        return False
    if _waiting_run_exists():
        return False
    remind_contact_requests.using(run_after=timezone.now() + REMINDER_INTERVAL).enqueue()
    return True
