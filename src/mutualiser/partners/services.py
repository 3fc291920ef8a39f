"""Computing a region's opportunities in the background, and storing what the pages read.

`opportunities_refresh_request` queues one computation per region (debounced: a queued run
reads the inventories when it starts, so a second request while one is queued adds
nothing). The task starts an EngineRun of the runs app over the organisations that take
part (`selectors.participants`), waits for its pieces without blocking a worker (it comes
back later when they are not done), then `opportunities_store` turns the merged result and
the matching's candidate pairs into rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from itertools import combinations
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mutualiser.diagnostic.adapters import item_pk_from_engine_id
from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.engine.costsharing import share_costs
from mutualiser.engine.instance import Instance, load_instance
from mutualiser.engine.matching import find_candidates, haversine_km
from mutualiser.organisations.models import Organisation
from mutualiser.runs.models import EngineRun, RunStatus
from mutualiser.runs.services import engine_run_start

from .models import (
    MemberRole,
    Opportunity,
    OpportunityKind,
    OpportunityMember,
    PartnerCandidate,
    PartnerRun,
)
from .rules import DEFAULT_RULE, member_gain
from .selectors import participants

logger = logging.getLogger(__name__)

INTERRUPTED = gettext_lazy("Calcul interrompu : il n'a pas fini à temps (processus arrêté ?).")

# How long the task waits before looking again at an engine run still being solved.
COLLECT_DELAY = timedelta(seconds=3)
# django-tasks-db does not retry a failed task: a failed computation is queued again here,
# after RETRY_DELAY, until MAX_ATTEMPTS in a row have failed; then the opportunities page
# shows the failure with a button to try again (partners:retry).
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=30)
# A computation under way for this long was interrupted (its worker killed, the machine
# restarted): it counts as failed. A region's computation takes seconds.
STALE_AFTER = timedelta(minutes=30)


def opportunities_refresh_request(
    *, region: str, delay: timedelta | None = None
) -> PartnerRun | None:
    """Queue a new computation of the region's opportunities; None when one is queued already.

    Called when an inventory or an organisation changes. The task is enqueued in the
    caller's transaction (workers see it with the data that caused it); with the immediate
    backend (tests, `manage.py demo`) the run is done when this returns. `delay` holds the
    task back for a worker (a retry); the immediate backend runs it at once.
    """
    if not region:
        return None
    try:
        with transaction.atomic():
            run = PartnerRun.objects.create(region=region)
    except IntegrityError:
        return None  # one is queued: it will read these changes when it starts
    from .tasks import refresh_region_opportunities

    task = refresh_region_opportunities
    if delay is not None and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(partner_run_id=run.pk)
    run.refresh_from_db()
    return run


def failures_in_a_row(region: str) -> int:
    """The region's failed computations since its last one that succeeded."""
    runs = PartnerRun.objects.filter(region=region)
    last_done = runs.filter(status=RunStatus.DONE).order_by("-pk").values("pk").first()
    after = last_done["pk"] if last_done else 0
    return runs.filter(status=RunStatus.FAILED, pk__gt=after).count()


def partner_runs_expire(*, region: str) -> int:
    """Count as failed the region's computations under way for longer than STALE_AFTER."""
    stale = PartnerRun.objects.filter(
        region=region,
        status=RunStatus.RUNNING,
        started_at__lt=timezone.now() - STALE_AFTER,
    )
    expired = 0
    for run in stale:
        partner_run_fail(run=run, message=str(INTERRUPTED))
        expired += 1
    return expired


def inventory_changed(*, organisation: Organisation) -> None:
    """An organisation's inventory changed: recompute its region's opportunities if it takes
    part in them (a private organisation's items change nobody's opportunities)."""
    if participants(organisation.region).filter(pk=organisation.pk).exists():
        opportunities_refresh_request(region=organisation.region)


def partner_run_start(*, run: PartnerRun) -> None:
    """Start the engine on the region's participants; collect at once if it is done."""
    if run.status != RunStatus.QUEUED:
        return  # a retried task: the run is under way or finished
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        engine_run = engine_run_start(region=run.region, organisations=participants(run.region))
        run.engine_run = engine_run
        run.save(update_fields=["engine_run"])
        partner_run_collect(run=run)
    except Exception as error:  # the engine refused the instance, or storing failed
        partner_run_fail_unless_failed(run=run, error=error)
        raise


def partner_run_collect(*, run: PartnerRun) -> bool:
    """Store the opportunities once the engine run is finished; False while it is not."""
    from .tasks import collect_region_opportunities

    engine_run = EngineRun.objects.get(pk=run.engine_run_id)
    if not engine_run.is_finished:
        if run.started_at and run.started_at < timezone.now() - STALE_AFTER:
            # a piece's worker died: its task will never finish the engine run
            partner_run_fail(run=run, message=str(INTERRUPTED))
            return True
        collect_region_opportunities.using(run_after=timezone.now() + COLLECT_DELAY).enqueue(
            partner_run_id=run.pk
        )
        return False
    if engine_run.status == RunStatus.FAILED:
        partner_run_fail(run=run, message=engine_run.error)
        return True
    opportunities_store(run=run, engine_run=engine_run)
    return True


def partner_run_fail(*, run: PartnerRun, message: str) -> None:
    """Mark the computation failed (its message kept for the admin) and try again later,
    unless MAX_ATTEMPTS in a row have failed: the page then says so and offers to retry."""
    run.status = RunStatus.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    logger.warning("partners: run %s of region %s failed: %s", run.pk, run.region, message)
    if failures_in_a_row(run.region) < MAX_ATTEMPTS:
        opportunities_refresh_request(region=run.region, delay=RETRY_DELAY)


def partner_run_fail_unless_failed(*, run: PartnerRun, error: BaseException) -> None:
    """A task raised: mark its computation failed, unless that was already done."""
    run.refresh_from_db(fields=["status"])
    if run.status != RunStatus.FAILED:
        partner_run_fail(run=run, message=f"{type(error).__name__}: {error}")


def _instance_of(engine_run: EngineRun) -> Instance:
    """The run's items that have a partner: the union of its pieces' sub-instances."""
    categories: dict[str, Any] = {}
    organisations: dict[str, Any] = {}
    items: dict[str, Any] = {}
    for data in engine_run.pieces.order_by("index").values_list("instance", flat=True):
        categories.update((c["code"], c) for c in data["categories"])
        organisations.update((o["id"], o) for o in data["organisations"])
        items.update((i["id"], i) for i in data["items"])
    return load_instance(
        {
            "categories": list(categories.values()),
            "organisations": list(organisations.values()),
            "items": list(items.values()),
            "exclusions": [],
        }
    )


class _Rows:
    """Engine ids (slugs, "item-<pk>") to the rows that still exist."""

    def __init__(self, instance: Instance) -> None:
        pks = [item_pk_from_engine_id(i.id) for i in instance.items]
        self.items = {
            f"item-{pk}": pk
            for pk in InventoryItem.objects.filter(pk__in=[p for p in pks if p]).values_list(
                "pk", flat=True
            )
        }
        slugs = [o.id for o in instance.organisations]
        self.orgs = dict(Organisation.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        codes = [c.code for c in instance.categories]
        self.categories = dict(Category.objects.filter(code__in=codes).values_list("code", "pk"))

    def known(self, item_ids: Iterable[str], org_ids: Iterable[str]) -> bool:
        return all(i in self.items for i in item_ids) and all(o in self.orgs for o in org_ids)


def _distance(instance: Instance, org_ids: Iterable[str]) -> float:
    """The largest distance between two of the organisations, in km."""
    orgs = [instance.organisation_by_id[o] for o in org_ids]
    return max(
        (haversine_km(a.lat, a.lon, b.lat, b.lon) for a, b in combinations(orgs, 2)), default=0.0
    )


def _group_rows(
    instance: Instance, groups: Iterable[Mapping[str, Any]], rows: _Rows, run: PartnerRun
) -> list[tuple[Opportunity, list[OpportunityMember]]]:
    out = []
    for group in groups:
        items = [instance.item_by_id[i] for i in group["items"]]
        orgs = [i.org for i in items]
        if not rows.known(group["items"], orgs):
            continue  # an item deleted while the engine ran
        params = instance.category_by_code[group["category"]].params
        opportunity = Opportunity(
            run=run,
            kind=OpportunityKind.GROUP,
            category_id=rows.categories[group["category"]],
            savings=group["savings"],
            cost=group["cost"],
            in_core=group["in_core"],
            distance_km=_distance(instance, orgs),
            capacity=[params.unit_capacity] * 12,
            reasons=group["reasons"],
        )
        members = []
        for item in items:
            standalone = params.standalone_rate * sum(item.months)
            share = group["shares"][item.org][DEFAULT_RULE]
            members.append(
                OpportunityMember(
                    organisation_id=rows.orgs[item.org],
                    item_id=rows.items[item.id],
                    role=MemberRole.NEED,
                    months=list(item.months),
                    gain=round(
                        member_gain(role="need", standalone=standalone, share=share, income=0.0), 2
                    ),
                    share=share,
                    standalone=round(standalone, 2),
                )
            )
        out.append((opportunity, members))
    return out


def _exchange_rows(
    instance: Instance, assignments: Iterable[Mapping[str, Any]], rows: _Rows, run: PartnerRun
) -> list[tuple[Opportunity, list[OpportunityMember]]]:
    out = []
    for assignment in assignments:
        offer = instance.item_by_id[assignment["offer"]]
        need = instance.item_by_id[assignment["need"]]
        if not rows.known((offer.id, need.id), (offer.org, need.org)):
            continue
        params = instance.category_by_code[need.category].params
        volume = sum(need.months)
        income = round((offer.rate or 0.0) * volume, 2)
        opportunity = Opportunity(
            run=run,
            kind=OpportunityKind.EXCHANGE,
            category_id=rows.categories[need.category],
            savings=assignment["savings"],
            cost=income,
            in_core=None,
            distance_km=_distance(instance, (offer.org, need.org)),
            capacity=list(offer.months),
            reasons=assignment["reasons"],
        )
        members = [
            OpportunityMember(
                organisation_id=rows.orgs[need.org],
                item_id=rows.items[need.id],
                role=MemberRole.NEED,
                months=list(need.months),
                gain=assignment["savings"],
                share=income,
                standalone=round(params.standalone_rate * volume, 2),
            ),
            OpportunityMember(
                organisation_id=rows.orgs[offer.org],
                item_id=rows.items[offer.id],
                role=MemberRole.OFFER,
                months=list(need.months),  # what the offer carries: the need it serves
                gain=member_gain(role="offer", standalone=0.0, share=None, income=income),
                share=None,
                standalone=None,
            ),
        ]
        out.append((opportunity, members))
    return out


def _candidate_rows(instance: Instance, rows: _Rows, run: PartnerRun) -> list[PartnerCandidate]:
    """Both sides of every compatible pair of the matching, each with its own gain.

    A pair of needs is priced as a group of two under the default rule (one `share_costs`
    call per category); its gain may be nil or negative (two needs that only pay off in a
    larger group): still a compatible partner nearby, not an alternative to show. An offer
    serving a need saves the need `(r - rate) * volume` and brings the offer its rate times
    that volume.
    """
    candidates = find_candidates(instance)
    items = instance.items
    out: list[PartnerCandidate] = []

    def add(mine, theirs, kind: str, km: float, gain: float, complement: float = 0.0) -> None:
        if not rows.known((mine.id, theirs.id), (mine.org, theirs.org)):
            return
        out.append(
            PartnerCandidate(
                run=run,
                item_id=rows.items[mine.id],
                partner_item_id=rows.items[theirs.id],
                partner_id=rows.orgs[theirs.org],
                kind=kind,
                distance_km=km,
                gain=round(gain, 2),
                complement=complement,
            )
        )

    by_category: dict[str, list[int]] = {}
    for k, a in enumerate(candidates.pool_a.tolist()):
        by_category.setdefault(items[a].category, []).append(k)
    for code, ks in by_category.items():
        params = instance.category_by_code[code].params
        pairs = [(items[candidates.pool_a[k]], items[candidates.pool_b[k]]) for k in ks]
        sharings = share_costs(params, [{a.org: a.months, b.org: b.months} for a, b in pairs])
        for k, (a, b), sharing in zip(ks, pairs, sharings, strict=True):
            km = float(candidates.pool_km[k])
            complement = float(candidates.pool_complementarity[k])
            add(a, b, "pool", km, sharing.savings[a.org][DEFAULT_RULE], complement)
            add(b, a, "pool", km, sharing.savings[b.org][DEFAULT_RULE], complement)
    for k in range(len(candidates.offer)):
        offer, need = items[candidates.offer[k]], items[candidates.offer_need[k]]
        km = float(candidates.offer_km[k])
        add(need, offer, "served", km, float(candidates.offer_savings[k]))
        add(offer, need, "serves", km, (offer.rate or 0.0) * sum(need.months))
    return out


@transaction.atomic
def opportunities_store(*, run: PartnerRun, engine_run: EngineRun) -> None:
    """Turn a finished engine run into the run's opportunities and candidates; done.

    Older finished runs of the region are deleted (their rows with them), but the one just
    before: pages read the newest only, yet a page that read "the newest" a moment before
    this one finished still finds its rows, and a link from that page still leads somewhere
    (`selectors.opportunity_in_newer_run`).
    """
    instance = _instance_of(engine_run)
    rows = _Rows(instance)
    result = engine_run.result or {"groups": [], "assignments": []}
    pairs = _group_rows(instance, result["groups"], rows, run)
    pairs += _exchange_rows(instance, result["assignments"], rows, run)
    opportunities = Opportunity.objects.bulk_create([o for o, _ in pairs])
    members = []
    for opportunity, its_members in zip(opportunities, (m for _, m in pairs), strict=True):
        for member in its_members:
            member.opportunity = opportunity
            members.append(member)
    OpportunityMember.objects.bulk_create(members, batch_size=1000)
    PartnerCandidate.objects.bulk_create(_candidate_rows(instance, rows, run), batch_size=1000)
    run.status = RunStatus.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    older = PartnerRun.objects.filter(region=run.region, status=RunStatus.DONE, pk__lt=run.pk)
    previous = older.order_by("-pk").values_list("pk", flat=True).first()
    older.exclude(pk=previous).delete()
    logger.info(
        "partners: run %s of region %s stored %s opportunities", run.pk, run.region, len(pairs)
    )


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def opportunities_compute_now(*, region: str) -> PartnerRun | None:
    """Compute the region's opportunities in this process, whatever the task backend (the
    demo, the command line): the same tasks, run inline."""
    from django.test.utils import override_settings

    with override_settings(TASKS=IMMEDIATE_TASKS):
        run = opportunities_refresh_request(region=region)
        if run is None:  # one was queued for a worker: run it here instead
            run = PartnerRun.objects.filter(region=region, status=RunStatus.QUEUED).first()
            if run is not None:
                partner_run_start(run=run)
                run.refresh_from_db()
    return run
