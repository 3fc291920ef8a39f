"""The background task of an engine run: solve one piece; the last one merges the run.

Run by `manage.py db_worker` (django-tasks-db) in any number of processes on any number of
machines sharing the database; with the ImmediateBackend (tests), inline at enqueue time.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from mutualiser.engine import split
from mutualiser.engine.instance import result_to_dict

from .adapters import piece_from_row, result_from_json, result_to_json
from .models import EngineRun, EngineRunPiece, RunStatus


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def engine_run_fail(*, run_id: int, message: str, piece: EngineRunPiece | None = None) -> None:
    """Mark the run failed (the first failure's message is kept) and the piece with it."""
    now = timezone.now()
    with transaction.atomic():
        run = EngineRun.objects.select_for_update().get(pk=run_id)
        if piece is not None:
            piece.status = RunStatus.FAILED
            piece.error = message
            piece.finished_at = now
            piece.save(update_fields=["status", "error", "finished_at"])
        if run.status == RunStatus.FAILED:
            return
        run.status = RunStatus.FAILED
        run.error = message
        run.finished_at = now
        run.save(update_fields=["status", "error", "finished_at"])


def _merge(run: EngineRun) -> dict[str, Any]:
    """The merged result of the run's pieces, in the engine's JSON result format."""
    results = [
        result_from_json(r) for r in run.pieces.order_by("index").values_list("result", flat=True)
    ]
    return result_to_dict(split.merge_results(results))


@task()
def solve_run_piece(piece_id: int) -> dict[str, Any]:
    """Solve one piece of a run and count it done; the task finishing the last piece merges.

    Safe to run twice (a retried task): a piece already done is not counted again. Pieces of
    a run that has failed are skipped. A failure marks the run failed, then is raised again
    so that the task backend records it too.
    """
    piece = EngineRunPiece.objects.get(pk=piece_id)
    run_id = piece.run_id
    if (
        piece.status == RunStatus.DONE
        or EngineRun.objects.filter(pk=run_id, status=RunStatus.FAILED).exists()
    ):
        return {"run": run_id, "piece": piece.index, "skipped": True}
    now = timezone.now()
    EngineRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now
    )
    piece.status = RunStatus.RUNNING
    piece.started_at = now
    piece.save(update_fields=["status", "started_at"])

    try:
        effort = EngineRun.objects.values_list("effort", flat=True).get(pk=run_id)
        result = split.solve_piece(piece_from_row(piece), effort=effort)
    except Exception as error:
        message = _("Le morceau %(index)s (%(key)s) a échoué : %(error)s") % {
            "index": piece.index,
            "key": piece.key,
            "error": _describe(error),
        }
        engine_run_fail(run_id=run_id, message=message, piece=piece)
        raise

    try:
        with transaction.atomic():
            # The run's row lock orders the pieces finishing at the same time: exactly one
            # of them sees the count reach the total and merges.
            run = EngineRun.objects.select_for_update().get(pk=run_id)
            piece.refresh_from_db(fields=["status"])
            if piece.status == RunStatus.DONE:
                return {"run": run_id, "piece": piece.index, "skipped": True}
            piece.result = result_to_json(result)
            piece.status = RunStatus.DONE
            piece.finished_at = timezone.now()
            piece.save(update_fields=["result", "status", "finished_at"])
            if run.status == RunStatus.FAILED:
                return {"run": run_id, "piece": piece.index, "skipped": True}
            run.pieces_done += 1
            fields = ["pieces_done"]
            if run.pieces_done == run.pieces_total:
                run.result = _merge(run)
                run.status = RunStatus.DONE
                run.finished_at = timezone.now()
                fields += ["result", "status", "finished_at"]
            run.save(update_fields=fields)
    except Exception as error:
        message = _(
            "L'enregistrement du morceau %(index)s (%(key)s) ou la fusion des résultats "
            "a échoué : %(error)s"
        ) % {"index": piece.index, "key": piece.key, "error": _describe(error)}
        engine_run_fail(run_id=run_id, message=message, piece=piece)
        raise
    return {"run": run_id, "piece": piece.index, "savings": round(result.total_savings, 2)}
