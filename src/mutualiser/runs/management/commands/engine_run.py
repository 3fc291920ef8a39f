"""`manage.py engine_run [--region 06] [--effort thorough] [--wait]`: start a background
engine run."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mutualiser.engine.split import DEFAULT_MAX_PIECE_ITEMS
from mutualiser.runs.models import Effort, EngineRun, RunStatus
from mutualiser.runs.services import engine_run_start


class Command(BaseCommand):
    help = (
        "Start an engine run over one region (or all organisations): its pieces are queued "
        "for `manage.py db_worker`. Prints the run's id; with --wait, its progress until done."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", help="Only this administrative region (code, e.g. 06).")
        parser.add_argument("--wait", action="store_true", help="Follow the run until it ends.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between checks with --wait."
        )
        parser.add_argument(
            "--effort",
            choices=Effort.values,
            default=Effort.FAST,
            help="fast (default) or thorough: bounds and plans within a few percent of the "
            "best possible, in minutes rather than seconds.",
        )
        parser.add_argument(
            "--max-piece-items",
            type=int,
            default=DEFAULT_MAX_PIECE_ITEMS,
            help="Largest piece, in items (default %(default)s).",
        )

    def handle(
        self,
        *args,
        region: str | None,
        wait: bool,
        interval: float,
        max_piece_items: int,
        effort: str,
        **options,
    ) -> None:
        if max_piece_items < 1:
            raise CommandError("--max-piece-items must be at least 1")
        try:
            run = engine_run_start(region=region, max_piece_items=max_piece_items, effort=effort)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(run.pk))
        if not wait:
            return
        shown = None
        while True:
            run = EngineRun.objects.defer("result").get(pk=run.pk)
            progress = (run.status, run.pieces_done)
            if progress != shown:
                shown = progress
                self.stderr.write(
                    f"run {run.pk}: {run.status}, {run.pieces_done}/{run.pieces_total} pieces"
                )
            if run.is_finished:
                break
            time.sleep(interval)
        if run.status == RunStatus.FAILED:
            raise CommandError(f"run {run.pk} failed: {run.error}")
        run.refresh_from_db(fields=["result"])
        result = run.result or {}
        self.stdout.write(
            f"run {run.pk} done: {len(result.get('groups', []))} groups, "
            f"{len(result.get('assignments', []))} offer assignments, "
            f"total savings {result.get('total_savings', 0)}"
        )
