"""`manage.py demo [--if-empty] [--seed N] [--reset]`: build the demo region (docs/demo.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mutualiser.core.demo import DEFAULT_SEED, DemoError, demo_build, demo_delete
from mutualiser.organisations.models import Organisation
from mutualiser.partners.services import opportunities_compute_now


class Command(BaseCommand):
    help = (
        "Create the demo region: about 90 fictional cultural organisations in six regions, "
        "their members and inventories, and the demo login."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any organisation exists (for `make run`).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the variations (default {DEFAULT_SEED}); same seed, same demo.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo organisations and users first, then build again.",
        )

    def handle(self, *args, if_empty: bool, seed: int, reset: bool, **options) -> None:
        if if_empty and Organisation.objects.exists():
            self.stdout.write("Organisations already exist: demo not created.")
            return
        try:
            with transaction.atomic():
                if reset:
                    deleted = demo_delete()
                    self.stdout.write(f"Deleted {deleted} demo organisations and their users.")
                summary = demo_build(seed=seed)
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Demo region created (seed {seed}):"))
        for line in summary.lines():
            self.stdout.write(line)
        regions = sorted(summary.organisations_by_region)
        for region in regions:
            opportunities_compute_now(region=region)
        self.stdout.write(f"Opportunities computed in {len(regions)} regions.")
        self.stdout.write(f"Demo login: {settings.DEMO_EMAIL} / {settings.DEMO_PASSWORD}")
