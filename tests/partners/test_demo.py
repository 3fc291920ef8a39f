"""The demo: every region shows opportunities of both kinds, unexpected ones among them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from mutualiser.core.demo.data import DEMO_USER_OWNS, ORGANISATIONS
from mutualiser.organisations.models import Membership
from mutualiser.partners.models import OpportunityKind, OpportunityMember
from mutualiser.partners.presenters import unexpected_sentences
from mutualiser.partners.selectors import latest_run, visible_opportunities


@pytest.fixture
def demo_computed(db):
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_demo_command_computes_every_regions_opportunities(demo_computed):
    regions = sorted({org.region for org in ORGANISATIONS})

    assert f"Opportunities computed in {len(regions)} regions." in demo_computed
    for region in regions:
        run = latest_run(region)
        assert run is not None, region
        opportunities = visible_opportunities(run)
        kinds = set(opportunities.values_list("kind", flat=True))
        assert kinds == {OpportunityKind.EXCHANGE, OpportunityKind.GROUP}, region
        unexpected = 0
        for opportunity in opportunities.prefetch_related("members__organisation"):
            members = [m.organisation for m in opportunity.members.all()]
            unexpected += sum(
                bool(unexpected_sentences(a, b, "fr")) for a in members for b in members if a != b
            )
        assert unexpected > 0, region


@pytest.mark.django_db
def test_the_demo_logins_organisation_has_an_exchange_and_a_group(demo_computed):
    owned = next(org for org in ORGANISATIONS if org.key == DEMO_USER_OWNS)
    organisation = Membership.objects.get(
        user__email=settings.DEMO_EMAIL, organisation__name=owned.name
    ).organisation

    kinds = set(
        OpportunityMember.objects.filter(organisation=organisation).values_list(
            "opportunity__kind", flat=True
        )
    )

    assert kinds == {OpportunityKind.EXCHANGE, OpportunityKind.GROUP}
