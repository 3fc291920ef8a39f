"""Background tasks of the partner search (django-tasks; inline with the immediate backend)."""

from __future__ import annotations

from django_tasks import task

from .models import PartnerRun


@task()
def refresh_region_opportunities(partner_run_id: int) -> dict[str, object]:
    """Compute a region's opportunities: start the engine, collect when its pieces are done."""
    from .services import partner_run_start

    run = PartnerRun.objects.get(pk=partner_run_id)
    partner_run_start(run=run)
    run.refresh_from_db()
    return {"run": run.pk, "status": run.status}


@task()
def collect_region_opportunities(partner_run_id: int) -> dict[str, object]:
    """Look again at a run's engine run; store its opportunities once it is finished."""
    from .services import partner_run_collect, partner_run_fail_unless_failed

    run = PartnerRun.objects.get(pk=partner_run_id)
    if run.status == "running":
        try:
            partner_run_collect(run=run)
        except Exception as error:
            # storing failed (its transaction rolled back): say so on the run, not "running"
            # for ever, then let the task backend record the error too
            partner_run_fail_unless_failed(run=run, error=error)
            raise
    run.refresh_from_db()
    return {"run": run.pk, "status": run.status}
