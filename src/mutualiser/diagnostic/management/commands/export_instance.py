"""`manage.py export_instance -o demo.json [--region 06]`: the database as an engine instance."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mutualiser.diagnostic.adapters import instance_from_queryset
from mutualiser.organisations.models import Organisation
from mutualiser.places.loader import region_code


class Command(BaseCommand):
    help = (
        "Write the organisations' needs and offers as an engine instance (JSON), to solve "
        "with `mutualiser engine solve`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", default="-", help="File to write ('-', the default: stdout)."
        )
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            help="Only this administrative region (code, e.g. 06); may be repeated.",
        )
        parser.add_argument(
            "--demo-only", action="store_true", help="Only the demo region's organisations."
        )

    def handle(self, *args, output: str, region: list[str], demo_only: bool, **options) -> None:
        organisations = Organisation.objects.all()
        if region:
            try:
                codes = [region_code(code) for code in region]
            except ValueError as error:
                raise CommandError(str(error)) from error
            organisations = organisations.filter(region__in=codes)
        if demo_only:
            organisations = organisations.filter(is_demo=True)
        instance = instance_from_queryset(organisations=organisations)
        text = json.dumps(instance, ensure_ascii=False, indent=1) + "\n"
        if output == "-":
            self.stdout.write(text, ending="")
            return
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        needs = sum(1 for i in instance["items"] if i["direction"] == "need")
        self.stderr.write(
            f"{output}: {len(instance['organisations'])} organisations, {needs} needs, "
            f"{len(instance['items']) - needs} offers, {len(instance['categories'])} categories"
        )
