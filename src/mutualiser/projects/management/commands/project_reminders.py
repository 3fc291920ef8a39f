"""Email partners about roadmap steps that fall due (run once a day, e.g. from cron)."""

from django.core.management.base import BaseCommand

from mutualiser.projects.services import decisions_close_due, step_reminders_send


class Command(BaseCommand):
    help = "Close decisions past their closing date and remind partners of steps due."

    def handle(self, *args, **options) -> None:
        closed = decisions_close_due()
        reminded = step_reminders_send()
        self.stdout.write(f"{closed} decision(s) closed, {reminded} step reminder(s) sent")
