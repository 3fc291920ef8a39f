"""Reads of the partner search, shared by its views and the diagnostic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from mutualiser.organisations.choices import Visibility
from mutualiser.organisations.models import Organisation
from mutualiser.runs.models import RunStatus

from .models import Opportunity, OpportunityMember, PartnerCandidate, PartnerRun

# Only these organisations take part in another organisation's opportunities. "Workshop
# participants" is for the workshops' own boards, not for a whole region.
TAKING_PART = (Visibility.DIRECTORY,)


def participants(region: str | None = None) -> QuerySet[Organisation]:
    """The organisations whose visibility lets them take part, in one region or all."""
    organisations = Organisation.objects.filter(visibility__in=TAKING_PART)
    return organisations.filter(region=region) if region else organisations


def takes_part(organisation: Organisation) -> bool:
    return organisation.visibility in TAKING_PART


def latest_run(region: str) -> PartnerRun | None:
    """The region's newest finished computation, or None."""
    return PartnerRun.objects.filter(region=region, status=RunStatus.DONE).order_by("-pk").first()


def pending_run(region: str) -> PartnerRun | None:
    """A computation queued or under way for the region (the newest), with its engine run."""
    return (
        PartnerRun.objects.filter(region=region, status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
        .select_related("engine_run")
        .order_by("-pk")
        .first()
    )


def last_failed_after(region: str, run: PartnerRun | None) -> PartnerRun | None:
    """A failure newer than the run shown (the page says the figures may be out of date)."""
    failed = PartnerRun.objects.filter(region=region, status=RunStatus.FAILED)
    if run is not None:
        failed = failed.filter(pk__gt=run.pk)
    return failed.order_by("-pk").first()


UNDER_WAY = (RunStatus.QUEUED, RunStatus.RUNNING)


@dataclass(frozen=True)
class RunState:
    """What the opportunities page says of the region's computations."""

    run: PartnerRun | None  # the newest finished (`latest_run`)
    pending: PartnerRun | None  # the newest queued or running, with its engine run
    failed: PartnerRun | None  # the newest failure after `run` (`last_failed_after`)
    stale: bool  # a run has been "running" since before `stale_before`: its worker died


def run_state(region: str, *, stale_before: datetime) -> RunState:
    """`latest_run`, `pending_run` and `last_failed_after` in one query, with whether a run
    under way is stale (`services.partner_runs_expire` then fails it).

    Reads at most those three runs and the stale ones, however many failures the region kept.
    """
    runs = PartnerRun.objects.filter(region=region)
    done = runs.filter(status=RunStatus.DONE)
    found = list(
        runs.filter(
            Q(pk=_newest(done))
            | Q(pk=_newest(runs.filter(status__in=UNDER_WAY)))
            | Q(pk=_newest(runs.filter(status=RunStatus.FAILED, pk__gt=Coalesce(_newest(done), 0))))
            | Q(status=RunStatus.RUNNING, started_at__lt=stale_before)
        )
        # the progress of the run under way; not the finished run's result (tens of kB)
        .select_related("engine_run")
        .defer("engine_run__result")
        .order_by("-pk")
    )
    under_way = [r for r in found if r.status in UNDER_WAY]
    return RunState(
        run=next((r for r in found if r.status == RunStatus.DONE), None),
        pending=under_way[0] if under_way else None,
        failed=next((r for r in found if r.status == RunStatus.FAILED), None),
        stale=any(
            r.status == RunStatus.RUNNING and r.started_at and r.started_at < stale_before
            for r in under_way
        ),
    )


def _newest(runs: QuerySet[PartnerRun]) -> Subquery:
    return Subquery(runs.order_by("-pk").values("pk")[:1])


def visible_opportunities(run: PartnerRun) -> QuerySet[Opportunity]:
    """The run's opportunities whose partners all still take part (one may have turned
    private since the run: it then disappears at once, before the next run)."""
    return Opportunity.objects.filter(run=run).exclude(
        members__organisation__visibility__in=[v for v in Visibility.values if v not in TAKING_PART]
    )


def _with_members() -> Prefetch:
    """Every member of the opportunity with its organisation, in one query."""
    return Prefetch(
        "opportunity__members",
        queryset=OpportunityMember.objects.select_related("organisation").order_by("pk"),
    )


def opportunity_list(
    *,
    organisation: Organisation,
    run: PartnerRun,
    category: str = "",
    kind: str = "",
    max_km: float | None = None,
    min_gain: float | None = None,
    item_id: int | None = None,
) -> list[OpportunityMember]:
    """The organisation's places in the run's opportunities, filtered, best gain first.

    Each row is the organisation's own member row, with its opportunity, the category and
    every member (with its organisation) loaded: two queries whatever the count (build_card
    reads the row's own organisation: loaded here, not once per card).
    """
    rows = OpportunityMember.objects.filter(
        organisation=organisation,
        opportunity__in=visible_opportunities(run),
    )
    if category:
        rows = rows.filter(opportunity__category__code=category)
    if kind:
        rows = rows.filter(opportunity__kind=kind)
    if max_km is not None:
        rows = rows.filter(opportunity__distance_km__lte=max_km)
    if min_gain is not None:
        rows = rows.filter(gain__gte=min_gain)
    if item_id is not None:
        rows = rows.filter(item_id=item_id)
    rows = rows.select_related(
        "organisation", "opportunity__category__family", "item__category"
    ).prefetch_related(_with_members())
    return list(rows.order_by("-gain", "opportunity_id"))


def get_opportunity_for_member(
    organisation: Organisation | None, opportunity_id: int
) -> OpportunityMember:
    """The organisation's member row in this opportunity, or 404 (another organisation's
    opportunity, an old run's, or one a partner left by turning private)."""
    if organisation is None:
        raise Http404
    run = latest_run(organisation.region)
    row = (
        OpportunityMember.objects.filter(
            organisation=organisation,
            opportunity_id=opportunity_id,
            opportunity__in=visible_opportunities(run) if run else Opportunity.objects.none(),
        )
        .select_related(
            "organisation", "opportunity__run", "opportunity__category__family", "item__category"
        )
        .prefetch_related(_with_members())
        .first()
    )
    if row is None:
        raise Http404
    return row


def opportunity_in_newer_run(organisation: Organisation | None, opportunity_id: int) -> int | None:
    """The id, in the region's newest run, of the opportunity where the organisation's item
    of this older opportunity now stands, or None. Each run gives new ids: a link read
    just before a run finished (the previous run is kept) leads to its successor."""
    if organisation is None:
        return None
    run = latest_run(organisation.region)
    old = (
        OpportunityMember.objects.filter(
            organisation=organisation,
            opportunity_id=opportunity_id,
            opportunity__run__region=run.region,
        ).first()
        if run
        else None
    )
    if old is None:
        return None
    return (
        OpportunityMember.objects.filter(
            organisation=organisation,
            item_id=old.item_id,
            opportunity__in=visible_opportunities(run),
        )
        .values_list("opportunity_id", flat=True)
        .first()
    )


def alternatives(*, run: PartnerRun, item_id: int, exclude: set[int]) -> list[PartnerCandidate]:
    """The item's other compatible partners worth something as a pair, best gain first;
    partners that no longer take part, or already in the suggestion (`exclude`, organisation
    pks), left out."""
    return list(
        PartnerCandidate.objects.filter(
            run=run, item_id=item_id, partner__visibility__in=TAKING_PART, gain__gt=0
        )
        .exclude(partner_id__in=exclude)
        .select_related("partner", "partner_item__category")
        .order_by("-gain", "pk")
    )


def nearby_partner_counts(organisation: Organisation) -> dict[int, int] | None:
    """Per item of the organisation, how many organisations nearby are compatible partners.

    None when the search does not apply (the organisation does not take part, or its
    region has no finished run yet): the diagnostic then leaves the criterion out.
    """
    if not takes_part(organisation):
        return None
    run = latest_run(organisation.region)
    if run is None:
        return None
    counts = (
        PartnerCandidate.objects.filter(
            run=run, item__organisation=organisation, partner__visibility__in=TAKING_PART
        )
        .values("item_id")
        .annotate(partners=Count("partner_id", distinct=True))
    )
    found = {row["item_id"]: row["partners"] for row in counts}
    items = organisation.inventory_items.filter(direction__in=("need", "offer")).values_list(
        "pk", flat=True
    )
    return {pk: found.get(pk, 0) for pk in items}


def opportunity_categories(*, organisation: Organisation, run: PartnerRun) -> list[tuple[str, str]]:
    """(code, label) of the categories of the organisation's opportunities, for the filter."""
    rows = (
        OpportunityMember.objects.filter(organisation=organisation, opportunity__run=run)
        .select_related("opportunity__category")
        .order_by("opportunity__category__order")
    )
    seen: dict[str, str] = {}
    for row in rows:
        category = row.opportunity.category
        seen.setdefault(category.code, category.label)
    return sorted(seen.items(), key=lambda kv: kv[1])


def opportunities_with(
    *, organisation: Organisation, partner: Organisation
) -> list[OpportunityMember]:
    """The organisation's places in the opportunities it shares with `partner` (for the
    partner's profile: "its opportunities with mine"), best gain first; [] when either does
    not take part or the region has no finished run."""
    if not (takes_part(organisation) and takes_part(partner)):
        return []
    run = latest_run(organisation.region)
    if run is None:
        return []
    return [
        row
        for row in opportunity_list(organisation=organisation, run=run)
        if any(m.organisation_id == partner.pk for m in row.opportunity.members.all())
    ]
