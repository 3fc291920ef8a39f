"""A project started from one of the member's opportunities: partners, resource, months."""

from __future__ import annotations

import pytest

from mutualiser.projects.models import PoolingProject

NEW = "/fr/projects/new/"


@pytest.mark.django_db
def test_a_project_starts_from_an_opportunity_with_each_partner_s_months(client, alice, region):
    from mutualiser.partners.models import OpportunityKind, OpportunityMember
    from mutualiser.partners.selectors import latest_run

    group = OpportunityMember.objects.filter(
        organisation=region["a"],
        opportunity__run=latest_run(region["a"].region),
        opportunity__kind=OpportunityKind.GROUP,
    ).first()
    opportunity = group.opportunity
    members = {m.organisation_id: m.months for m in opportunity.members.all()}
    client.force_login(alice)

    detail = client.get(f"/fr/opportunities/{opportunity.pk}/").content.decode()
    form = client.get(NEW, {"opportunity": opportunity.pk}).context["form"]
    client.post(
        f"{NEW}?opportunity={opportunity.pk}",
        {**form.initial, "partners": form.initial["partners"]},
    )

    assert f"/fr/projects/new/?opportunity={opportunity.pk}" in detail
    project = PoolingProject.objects.get()
    assert project.origin == f"opportunity:{opportunity.pk}"
    assert project.category_id == opportunity.category_id
    assert {p.organisation_id: p.months for p in project.partners.all()} == members


@pytest.mark.django_db
def test_another_organisation_s_opportunity_starts_nothing(client, charlie, region):
    from mutualiser.partners.models import OpportunityMember

    mine_only = (
        OpportunityMember.objects.filter(organisation=region["a"])
        .exclude(opportunity__members__organisation=region["b"])
        .first()
    )
    client.force_login(charlie)

    assert client.get(NEW, {"opportunity": mine_only.opportunity_id}).status_code == 404
    assert client.get(NEW, {"opportunity": "1 OR 1=1"}).status_code == 404
