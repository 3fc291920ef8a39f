"""Starting background engine runs."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from mutualiser.accounts.models import User
from mutualiser.diagnostic.adapters import instance_from_queryset
from mutualiser.engine import split
from mutualiser.engine.instance import load_instance, result_to_dict
from mutualiser.organisations.models import Organisation
from mutualiser.places.loader import region_code

from .adapters import piece_record
from .models import Effort, EngineRun, EngineRunPiece, RunStatus
from .tasks import solve_run_piece


def engine_run_start(
    *,
    region: str | None = None,
    created_by: User | None = None,
    max_piece_items: int = split.DEFAULT_MAX_PIECE_ITEMS,
    organisations: QuerySet[Organisation] | None = None,
    effort: str = Effort.FAST,
) -> EngineRun:
    """Build the instance of a region (or of all organisations), split it, queue its pieces.

    One `solve_run_piece` task per piece. The matching of the whole instance (to split it)
    runs here, in the caller's process. The tasks are enqueued in the run's transaction: with
    the database backend, workers see the run, its pieces and their tasks all at once or not
    at all. With the immediate backend the pieces are solved before this returns. A run
    without pieces (nothing to pool) is done at once. ValueError for an unknown region.
    `organisations` narrows who takes part (the partner search keeps the organisations whose
    visibility allows it); the region still applies. `effort` (runs.models.Effort) is the
    engine's work limits for every piece; ValueError for another.
    """
    if effort not in Effort.values:
        raise ValueError(f"unknown effort {effort!r}: {', '.join(Effort.values)}")
    if organisations is None:
        organisations = Organisation.objects.all()
    code = ""
    if region:
        code = region_code(region)
        organisations = organisations.filter(region=code)
    instance = load_instance(instance_from_queryset(organisations=organisations))
    pieces = split.split_instance(instance, max_piece_items=max_piece_items)
    with transaction.atomic():
        run = EngineRun.objects.create(
            region=code, created_by=created_by, pieces_total=len(pieces), effort=effort
        )
        rows = EngineRunPiece.objects.bulk_create(
            EngineRunPiece(run=run, index=index, **piece_record(piece))
            for index, piece in enumerate(pieces, start=1)
        )
        if not rows:
            run.result = result_to_dict(split.merge_results([]))
            run.status = RunStatus.DONE
            run.started_at = run.finished_at = timezone.now()
            run.save(update_fields=["result", "status", "started_at", "finished_at"])
        for row in rows:
            solve_run_piece.enqueue(piece_id=row.pk)
    run.refresh_from_db()
    return run
