"""A computation that fails is tried again, a bounded number of times, and never lost silently:
the opportunities page says it failed and offers to try again.

django-tasks-db 0.13 does not retry a failed task, so the partner search does
(partners.services: MAX_ATTEMPTS, RETRY_DELAY, STALE_AFTER).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mutualiser.partners import services
from mutualiser.partners.models import PartnerRun
from mutualiser.partners.selectors import latest_run
from mutualiser.runs.models import RunStatus

FAILED_PAGE = "Le calcul des occasions de votre région a échoué, même après plusieurs essais."
RETRY_BUTTON = "Réessayer le calcul"


class EngineDown:
    """engine_run_start replaced: fails its first `times` calls, then runs the real engine."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.calls = 0
        self.real = services.engine_run_start

    def __call__(self, **kwargs):
        self.calls += 1
        if self.calls <= self.times:
            raise RuntimeError("the database went away")
        return self.real(**kwargs)


@pytest.fixture
def region_never_computed(region):
    """The region's finished computation forgotten: the page has nothing to show but news."""
    PartnerRun.objects.all().delete()
    return region


def statuses(region_code: str) -> list[str]:
    runs = PartnerRun.objects.filter(region=region_code).order_by("pk")
    return list(runs.values_list("status", flat=True))


@pytest.mark.django_db
def test_a_failed_computation_is_tried_again_and_then_succeeds(monkeypatch, region):
    code = region["a"].region
    down = EngineDown(times=1)
    monkeypatch.setattr(services, "engine_run_start", down)

    services.opportunities_refresh_request(region=code)

    assert down.calls == 2
    assert statuses(code)[-2:] == [RunStatus.FAILED, RunStatus.DONE]
    assert latest_run(code).opportunities.exists()


@pytest.mark.django_db
def test_a_computation_that_keeps_failing_stops_after_three_attempts(monkeypatch, region):
    code = region["a"].region
    down = EngineDown(times=100)
    monkeypatch.setattr(services, "engine_run_start", down)

    services.opportunities_refresh_request(region=code)

    assert down.calls == services.MAX_ATTEMPTS == 3
    failed = PartnerRun.objects.filter(region=code, status=RunStatus.FAILED)
    assert failed.count() == 3
    assert all("RuntimeError: the database went away" in run.error for run in failed)
    assert not PartnerRun.objects.filter(
        region=code, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).exists()


@pytest.mark.django_db
def test_the_page_says_the_computation_failed_and_offers_to_retry(
    client, alice, monkeypatch, region_never_computed
):
    code = region_never_computed["a"].region
    monkeypatch.setattr(services, "engine_run_start", EngineDown(times=100))
    client.force_login(alice)

    response = client.get("/fr/opportunities/")  # the first visit asks, and it fails 3 times

    assert response.status_code == 200
    assert FAILED_PAGE in response.content.decode()
    assert RETRY_BUTTON in response.content.decode()
    assert "the database went away" not in response.content.decode()  # details: the admin's
    assert statuses(code) == [RunStatus.FAILED] * 3


@pytest.mark.django_db
def test_visiting_the_page_again_after_the_failures_does_not_compute_again(
    client, alice, monkeypatch, region_never_computed
):
    code = region_never_computed["a"].region
    down = EngineDown(times=100)
    monkeypatch.setattr(services, "engine_run_start", down)
    client.force_login(alice)
    client.get("/fr/opportunities/")

    response = client.get("/fr/opportunities/")

    assert down.calls == 3  # the first visit's three attempts, no more
    assert FAILED_PAGE in response.content.decode()
    assert statuses(code) == [RunStatus.FAILED] * 3


@pytest.mark.django_db
def test_the_retry_button_computes_again(client, alice, monkeypatch, region_never_computed):
    code = region_never_computed["a"].region
    monkeypatch.setattr(services, "engine_run_start", EngineDown(times=3))
    client.force_login(alice)
    client.get("/fr/opportunities/")

    response = client.post("/fr/opportunities/retry/", follow=True)

    assert response.redirect_chain[-1][0] == "/fr/opportunities/"
    assert "Nouveau calcul demandé" in response.content.decode()
    assert FAILED_PAGE not in response.content.decode()
    assert latest_run(code).opportunities.exists()


@pytest.mark.django_db
def test_a_failure_after_earlier_results_keeps_them_and_says_they_may_be_old(
    client, alice, monkeypatch, region
):
    code = region["a"].region
    shown = latest_run(code)
    monkeypatch.setattr(services, "engine_run_start", EngineDown(times=100))
    services.opportunities_refresh_request(region=code)
    client.force_login(alice)

    page = client.get("/fr/opportunities/").content.decode()

    assert latest_run(code) == shown
    assert "Le dernier recalcul a échoué" in page
    assert RETRY_BUTTON in page


@pytest.mark.django_db
def test_storing_that_fails_marks_the_computation_failed_not_running_for_ever(monkeypatch, region):
    code = region["a"].region
    shown = latest_run(code)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "opportunities_store", broken)

    services.opportunities_refresh_request(region=code)

    assert statuses(code)[-3:] == [RunStatus.FAILED] * 3
    assert latest_run(code) == shown


@pytest.mark.django_db
def test_a_computation_whose_worker_died_is_found_stale_and_tried_again(client, alice, region):
    """A worker killed mid-run leaves its computation "running" (test_crash_safety.py)."""
    code = region["a"].region
    killed = PartnerRun.objects.create(
        region=code,
        status=RunStatus.RUNNING,
        started_at=timezone.now() - services.STALE_AFTER - timedelta(minutes=1),
    )
    client.force_login(alice)

    response = client.get("/fr/opportunities/")

    killed.refresh_from_db()
    assert killed.status == RunStatus.FAILED
    assert "interrompu" in killed.error
    assert latest_run(code).pk > killed.pk  # tried again at once (the immediate backend)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_computation_under_way_for_a_little_while_is_left_alone(client, alice, region):
    code = region["a"].region
    running = PartnerRun.objects.create(
        region=code, status=RunStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=2)
    )
    client.force_login(alice)

    client.get("/fr/opportunities/")

    running.refresh_from_db()
    assert running.status == RunStatus.RUNNING


@pytest.mark.django_db
def test_the_retry_answers_only_a_post_from_a_member(client, alice, charlie, region):
    assert client.post("/fr/opportunities/retry/").status_code == 302  # to the login page
    assert "/accounts/login/" in client.post("/fr/opportunities/retry/").url
    client.force_login(alice)
    assert client.get("/fr/opportunities/retry/").status_code == 405


@pytest.mark.django_db
def test_a_private_organisations_retry_queues_nothing(client, charlie, organisation_b):
    before = PartnerRun.objects.count()
    client.force_login(charlie)

    response = client.post("/fr/opportunities/retry/")

    assert response.status_code == 302
    assert PartnerRun.objects.count() == before
