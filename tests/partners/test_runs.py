"""Computing a region's opportunities: the engine's answer, stored, debounced, per region."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mutualiser.diagnostic.adapters import instance_from_queryset, item_pk_from_engine_id
from mutualiser.diagnostic.services import inventory_item_update
from mutualiser.engine.costsharing import share_cost
from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import load_instance, result_to_dict
from mutualiser.partners.models import (
    Opportunity,
    OpportunityKind,
    OpportunityMember,
    PartnerCandidate,
    PartnerRun,
)
from mutualiser.partners.selectors import latest_run, participants
from mutualiser.partners.services import opportunities_refresh_request, partner_run_collect
from mutualiser.runs.models import RunStatus
from tests.runs.test_database_worker import restore_worker_side_effects  # noqa: F401

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def engine_answer(region: str) -> dict:
    """The engine solving the region's participants in one process."""
    instance = load_instance(instance_from_queryset(organisations=participants(region)))
    return result_to_dict(solve(instance))


def stored_items(opportunity: Opportunity) -> set[int]:
    return {m.item_id for m in opportunity.members.all()}


@pytest.mark.django_db
def test_the_stored_opportunities_are_the_engines_with_savings_to_the_dollar(region):
    answer = engine_answer(region["a"].region)

    run = latest_run(region["a"].region)
    groups = Opportunity.objects.filter(run=run, kind=OpportunityKind.GROUP)
    exchanges = Opportunity.objects.filter(run=run, kind=OpportunityKind.EXCHANGE)

    assert answer["groups"] and answer["assignments"]
    expected_groups = {
        frozenset(item_pk_from_engine_id(i) for i in g["items"]): g for g in answer["groups"]
    }
    assert {frozenset(stored_items(o)) for o in groups} == set(expected_groups)
    for opportunity in groups:
        group = expected_groups[frozenset(stored_items(opportunity))]
        assert round(opportunity.savings) == round(group["savings"])
        for member in opportunity.members.select_related("organisation"):
            share = group["shares"][member.organisation.slug]["shapley"]
            assert round(member.gain) == round(member.standalone - share)
    expected_exchanges = {
        (item_pk_from_engine_id(a["offer"]), item_pk_from_engine_id(a["need"])): a
        for a in answer["assignments"]
    }
    stored = {}
    for opportunity in exchanges:
        roles = {m.role: m for m in opportunity.members.all()}
        stored[(roles["offer"].item_id, roles["need"].item_id)] = opportunity
    assert set(stored) == set(expected_exchanges)
    for key, opportunity in stored.items():
        assert round(opportunity.savings) == round(expected_exchanges[key]["savings"])


@pytest.mark.django_db
def test_a_private_organisation_takes_part_in_no_opportunity_and_no_candidate(region):
    private = region["p"]

    assert not OpportunityMember.objects.filter(organisation=private).exists()
    assert not PartnerCandidate.objects.filter(partner=private).exists()
    assert not PartnerCandidate.objects.filter(item=region["p_accounting"]).exists()


@pytest.mark.django_db
def test_every_compatible_pair_is_kept_each_side_with_its_gain(region, accounting):
    run = latest_run(region["a"].region)
    params = (
        load_instance(instance_from_queryset(organisations=participants(region["a"].region)))
        .category_by_code["accounting"]
        .params
    )
    a = region["a_accounting"]

    compatible = PartnerCandidate.objects.filter(run=run, item=a)
    mine = {c.partner.slug: c for c in compatible.filter(gain__gt=0)}

    expected = {}
    for key in ("b_accounting", "c_accounting"):
        other = region[key]
        sharing = share_cost(params, {"a": a.months, "x": other.months})
        if sharing.savings["a"]["shapley"] > 0 and sharing.cost < sum(sharing.standalone.values()):
            expected[other.organisation.slug] = sharing.savings["a"]["shapley"]
    assert expected  # the region is built so that one pair at least is worth it
    assert {c.partner.slug for c in compatible} == {"danse-boreale", "musee-du-fil"}
    assert set(mine) == set(expected)
    for slug, gain in expected.items():
        assert round(mine[slug].gain) == round(gain)
    served = {
        c.partner.slug: c for c in PartnerCandidate.objects.filter(run=run, item=region["a_studio"])
    }
    assert set(served) == {"diffusion-du-quai", "atelier-coop-vitrail"}
    assert round(served["diffusion-du-quai"].gain) == (35 - 15) * 120
    assert round(served["atelier-coop-vitrail"].gain) == (35 - 20) * 120


@pytest.mark.django_db
def test_the_newest_finished_run_of_a_region_and_the_one_before_are_kept(region):
    """The one before: a page that read it a moment before the newest finished still finds
    its rows (under load, a page read its run, then its rows were gone: a 500)."""
    first = latest_run(region["a"].region)

    opportunities_refresh_request(region=region["a"].region)
    second = latest_run(region["a"].region)
    opportunities_refresh_request(region=region["a"].region)

    kept = PartnerRun.objects.filter(region=region["a"].region, status=RunStatus.DONE)
    assert not PartnerRun.objects.filter(pk=first.pk).exists()
    assert set(kept.values_list("pk", flat=True)) == {second.pk, latest_run(second.region).pk}
    assert second.opportunities.exists()


@pytest.mark.django_db
def test_a_second_request_while_one_is_queued_adds_nothing(settings, organisation_a):
    settings.TASKS = DATABASE_TASKS

    first = opportunities_refresh_request(region=organisation_a.region)
    second = opportunities_refresh_request(region=organisation_a.region)
    other_region = opportunities_refresh_request(region="03")

    assert first is not None and first.status == RunStatus.QUEUED
    assert second is None
    assert other_region is not None
    assert PartnerRun.objects.filter(region=organisation_a.region).count() == 1


@pytest.mark.django_db
def test_changing_a_directory_organisations_months_queues_a_run_of_its_region(settings, region):
    settings.TASKS = DATABASE_TASKS
    item = region["a_accounting"]

    inventory_item_update(item=item, data={"months": [5.0] * 12})

    queued = PartnerRun.objects.get(status=RunStatus.QUEUED)
    assert queued.region == region["a"].region


@pytest.mark.django_db
def test_a_private_organisations_edit_or_a_label_change_queues_nothing(settings, region):
    settings.TASKS = DATABASE_TASKS

    inventory_item_update(item=region["p_accounting"], data={"months": [5.0] * 12})
    inventory_item_update(item=region["a_accounting"], data={"label": "Nouvelle précision"})

    assert not PartnerRun.objects.filter(status=RunStatus.QUEUED).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_worker_side_effects")
def test_a_run_through_the_database_queue_is_stored_once_its_pieces_are_solved(settings, region):
    """The worker takes the run's task and its pieces; the collecting task comes back a few
    seconds later (deferred): called here at once."""
    settings.TASKS = DATABASE_TASKS
    run = opportunities_refresh_request(region=region["a"].region)
    assert run.status == RunStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.engine_run.status == RunStatus.DONE
    assert partner_run_collect(run=run)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert Opportunity.objects.filter(run=run).count() == 2
