from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mutualiser.workshops.demo import demo_workshop_build


class Command(BaseCommand):
    help = "Build the demo workshop (vote phase) for the demo login, after `manage.py demo`."

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(email=settings.DEMO_EMAIL).first()
        if user is None:
            raise CommandError("No demo login: run `manage.py demo` first.")
        workshop = demo_workshop_build(facilitator=user)
        count = workshop.participants.count()
        self.stdout.write(f"Demo workshop {workshop.code}: {count} participants, vote phase.")
