"""An engine run through the real queue: django-tasks-db rows, taken by `db_worker`."""

from __future__ import annotations

import logging
import signal

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mutualiser.runs.models import RunStatus
from mutualiser.runs.services import engine_run_start
from tests.runs.test_engine_runs import make_region

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def restore_worker_side_effects():
    """`db_worker` installs its own signal handlers and logging: give pytest its own back."""
    signals = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s]
    handlers = {s: signal.getsignal(s) for s in signals}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    saved = [(logger, logger.level, list(logger.handlers)) for logger in loggers]
    yield
    for s, handler in handlers.items():
        signal.signal(s, handler)
    for logger, level, logger_handlers in saved:
        logger.setLevel(level)
        logger.handlers[:] = logger_handlers


@pytest.mark.django_db
def test_a_run_queues_one_task_row_per_piece_for_the_database_worker(settings):
    settings.TASKS = DATABASE_TASKS
    make_region()

    run = engine_run_start()

    tasks = DBTaskResult.objects.all()
    assert run.status == RunStatus.QUEUED and run.pieces_done == 0
    assert tasks.count() == run.pieces_total == 3
    assert {t.status for t in tasks} == {TaskResultStatus.READY}
    assert {t.task_path for t in tasks} == {"mutualiser.runs.tasks.solve_run_piece"}
    assert sorted(t.args_kwargs["kwargs"]["piece_id"] for t in tasks) == sorted(
        run.pieces.values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_db_worker_in_batch_mode_solves_every_piece_and_completes_the_run(
    settings, restore_worker_side_effects
):
    """The worker's own command, once, in this process: `--batch` takes every ready task
    and exits. A transactional test, since the worker closes stale connections between
    tasks (which a test wrapped in one transaction would not survive on PostgreSQL)."""
    settings.TASKS = DATABASE_TASKS
    make_region()
    run = engine_run_start()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.pieces_done == 3
    assert run.result["total_savings"] > 0
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }
