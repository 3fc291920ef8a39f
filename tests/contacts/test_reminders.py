"""Nobody waits forever: one reminder after 7 days, expiry after 14, on a frozen clock (`now=`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from mutualiser.contacts import services, tasks
from mutualiser.contacts.models import Notification, NotificationKind, RequestStatus

from .factories import ContactRequestFactory

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def waiting(alice, charlie, carla, organisation_a, organisation_b):
    return ContactRequestFactory(
        sender=organisation_a, recipient=organisation_b, sent_by=alice, created_at=SENT
    )


def run(days: float, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.contact_requests_remind(now=SENT + timedelta(days=days))


def test_nothing_happens_before_seven_days(waiting, django_capture_on_commit_callbacks):
    summary = run(6.99, django_capture_on_commit_callbacks)

    waiting.refresh_from_db()
    assert (summary.reminded, summary.expired) == (0, 0)
    assert waiting.reminded_at is None and waiting.status == RequestStatus.PENDING
    assert not mail.outbox


def test_after_seven_days_the_invited_side_is_reminded_once(
    waiting, django_capture_on_commit_callbacks
):
    first = run(7, django_capture_on_commit_callbacks)
    again = run(7.5, django_capture_on_commit_callbacks)
    later = run(13, django_capture_on_commit_callbacks)

    waiting.refresh_from_db()
    assert (first.reminded, again.reminded, later.reminded) == (1, 0, 0)
    assert waiting.reminded_at == SENT + timedelta(days=7)
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert {n.user.email for n in reminders} == {"charlie@example.org", "carla@example.org"}
    assert sorted(m.to[0] for m in mail.outbox) == ["carla@example.org", "charlie@example.org"]
    assert all("Rappel" in m.subject for m in mail.outbox)


def test_after_fourteen_days_the_request_expires_and_the_sender_is_told(
    waiting, django_capture_on_commit_callbacks
):
    run(7, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    summary = run(14, django_capture_on_commit_callbacks)
    again = run(20, django_capture_on_commit_callbacks)

    waiting.refresh_from_db()
    assert (summary.expired, again.expired) == (1, 0)
    assert waiting.status == RequestStatus.EXPIRED
    assert waiting.expired_at == SENT + timedelta(days=14)
    assert [m.to[0] for m in mail.outbox] == ["alice@example.org"]
    assert "expiré" in mail.outbox[0].subject


def test_a_request_found_past_both_dates_expires_without_a_late_reminder(
    waiting, django_capture_on_commit_callbacks
):
    summary = run(30, django_capture_on_commit_callbacks)

    waiting.refresh_from_db()
    assert (summary.reminded, summary.expired) == (0, 1)
    assert waiting.reminded_at is None
    assert not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()


def test_answered_requests_are_neither_reminded_nor_expired(
    waiting, charlie, django_capture_on_commit_callbacks
):
    services.contact_request_accept(request=waiting, user=charlie, now=SENT + timedelta(days=1))

    summary = run(30, django_capture_on_commit_callbacks)

    waiting.refresh_from_db()
    assert (summary.reminded, summary.expired) == (0, 0)
    assert waiting.status == RequestStatus.ACCEPTED


def test_an_expired_request_can_no_longer_be_accepted(waiting, charlie):
    services.contact_requests_remind(now=SENT + timedelta(days=14))

    with pytest.raises(Exception, match="expiré"):
        services.contact_request_accept(request=waiting, user=charlie)


def test_the_command_is_idempotent(waiting, capsys, monkeypatch):
    monkeypatch.setattr(services.timezone, "now", lambda: SENT + timedelta(days=8))

    call_command("requests_remind")
    call_command("requests_remind")

    out = capsys.readouterr().out.splitlines()
    assert out == ["1 reminded, 0 expired.", "0 reminded, 0 expired."]
    assert Notification.objects.filter(kind=NotificationKind.REMINDER).count() == 2


def test_the_worker_task_re_enqueues_itself_an_hour_later_once(settings, waiting, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    first = tasks.schedule_reminders()
    second = tasks.schedule_reminders()

    queued = DBTaskResult.objects.filter(task_path=tasks.remind_contact_requests.module_path)
    assert (first, second) == (True, False)
    assert queued.count() == 1
    row = queued.get()
    assert row.run_after > row.enqueued_at + timedelta(minutes=59)

    # The worker runs it: the run does the work and plans exactly one next run.
    monkeypatch.setattr(services.timezone, "now", lambda: SENT + timedelta(days=8))
    row.status = "RUNNING"
    row.save(update_fields=["status"])
    result = tasks.remind_contact_requests.call()

    assert result == {"reminded": 1, "expired": 0}
    assert queued.filter(status="READY").count() == 1


def test_a_backend_that_cannot_defer_schedules_nothing(waiting):
    # the tests' ImmediateBackend: the command (cron) does the work instead
    assert tasks.schedule_reminders() is False
