"""The opportunities page's one read of the region's computations (`selectors.run_state`)
says what the three separate reads said, whatever runs the region kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mutualiser.partners.models import PartnerRun
from mutualiser.partners.selectors import last_failed_after, latest_run, pending_run, run_state
from mutualiser.runs.models import RunStatus

REGION = "06"
STALE_BEFORE_MINUTES = 30
HISTORIES = {
    "nothing yet": [],
    "one finished": ["done"],
    "a failure after the finished one": ["done", "failed"],
    "a failure before the finished one": ["failed", "done"],
    "queued after the finished one": ["done", "queued"],
    "running after the finished one": ["done", "running"],
    "failures only": ["failed", "failed"],
    "a long history": ["done", "failed", "done", "failed", "failed", "running"],
    "a dead worker's run before newer ones": ["stale", "done", "queued"],
    "a dead worker's run last": ["done", "failed", "stale"],
}


def _make(history: list[str]) -> None:
    now = timezone.now()
    for status in history:
        if status == "stale":
            started = now - timedelta(minutes=STALE_BEFORE_MINUTES + 5)
            PartnerRun.objects.create(region=REGION, status=RunStatus.RUNNING, started_at=started)
        else:
            started = None if status == "queued" else now - timedelta(minutes=1)
            PartnerRun.objects.create(region=REGION, status=status, started_at=started)
    PartnerRun.objects.create(region="03", status=RunStatus.DONE)  # another region's


@pytest.mark.django_db
@pytest.mark.parametrize("history", HISTORIES.values(), ids=HISTORIES.keys())
def test_the_one_read_finds_what_the_three_reads_found(history):
    _make(history)
    stale_before = timezone.now() - timedelta(minutes=STALE_BEFORE_MINUTES)

    state = run_state(REGION, stale_before=stale_before)

    run = latest_run(REGION)
    assert state.run == run
    assert state.pending == pending_run(REGION)
    assert state.failed == last_failed_after(REGION, run)
    assert state.stale == ("stale" in history)


@pytest.mark.django_db
def test_the_one_read_brings_the_engine_run_of_the_run_under_way(django_assert_num_queries):
    _make(["done", "running"])

    with django_assert_num_queries(1):
        state = run_state(REGION, stale_before=timezone.now())
        assert state.pending.engine_run is None
