"""`manage.py taxonomy [--update]`: load the engine's taxonomy into the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.engine.taxonomy import TaxonomyError


class Command(BaseCommand):
    help = (
        "Create the missing families and categories from the engine's taxonomy file and "
        "refresh the others; categories edited in the admin are kept unless --update."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite every category with the file, including those edited in the admin.",
        )
        parser.add_argument("--file", help="Another taxonomy file (JSON) than the engine's.")

    def handle(self, *args, update: bool = False, file: str | None = None, **options) -> None:
        try:
            counts = taxonomy_load(update_existing=update, path=file)
        except (TaxonomyError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Taxonomy loaded: {counts}"))
