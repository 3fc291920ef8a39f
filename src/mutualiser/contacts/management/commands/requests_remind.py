"""`manage.py requests_remind [--schedule]`: remind and expire waiting contact requests."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from mutualiser.contacts.services import contact_requests_remind
from mutualiser.contacts.tasks import schedule_reminders


class Command(BaseCommand):
    help = (
        "Remind once the contact requests unanswered for 7 days and expire those unanswered "
        "for 14. Idempotent: safe to run from cron as often as you like."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also start the worker's hourly reminder task, unless it is already queued.",
        )

    def handle(self, *args, schedule: bool, **options) -> None:
        summary = contact_requests_remind()
        self.stdout.write(f"{summary.reminded} reminded, {summary.expired} expired.")
        if schedule:
            if schedule_reminders():
                self.stdout.write("Hourly reminder task queued for the worker.")
            else:
                self.stdout.write("Hourly reminder task already queued (or backend cannot defer).")
