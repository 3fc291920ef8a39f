"""The opportunities pages of the members' bench (bench/bench_members.py) read a fixed number
of queries: more opportunities, with more partners, add none (no N+1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mutualiser.organisations.choices import Visibility
from mutualiser.partners.services import opportunities_refresh_request
from tests.factories import CategoryFactory, InventoryItemFactory, OrganisationFactory

from .conftest import SUMMER, WINTER
from .test_views import INDEX, my_rows

# session, user, memberships (the current organisation and the header), the region's runs
# (finished, pending, failed: one query), the filter's categories, the rows, their members,
# the header's notifications
LIST_QUERIES = 8
# session, user, memberships, the newest run, the row (with its run), its members, the
# item's other partners, the header's notifications
DETAIL_QUERIES = 8


def _more_opportunities(region, count: int) -> None:
    """`count` more resources A could share with a new neighbour each, then the region
    computed again: A has more opportunities, with more partners in all."""
    for number in range(count):
        category = CategoryFactory(code=f"resource_{number}", label_fr=f"Ressource {number}")
        neighbour = OrganisationFactory(
            name=f"Compagnie {number:02d}",
            visibility=Visibility.DIRECTORY,
            latitude=45.51 + number / 1000,
            longitude=-73.58,
        )
        InventoryItemFactory(organisation=region["a"], category=category, months=SUMMER[:])
        InventoryItemFactory(organisation=neighbour, category=category, months=WINTER[:])
    opportunities_refresh_request(region=region["a"].region)


def _members_in_my_opportunities(organisation) -> int:
    return sum(row.opportunity.members.count() for row in my_rows(organisation))


@pytest.mark.django_db
def test_the_list_reads_the_same_few_queries_when_opportunities_grow(
    client, alice, region, page_queries
):
    client.force_login(alice)
    small = page_queries(client, INDEX, LIST_QUERIES)
    members = _members_in_my_opportunities(region["a"])

    _more_opportunities(region, 3)

    assert _members_in_my_opportunities(region["a"]) > members
    assert page_queries(client, INDEX, LIST_QUERIES) == small


@pytest.mark.django_db
def test_an_opportunity_reads_the_same_few_queries_when_it_grows(
    client, alice, region, page_queries
):
    client.force_login(alice)

    def biggest_url() -> str:
        row = max(my_rows(region["a"]), key=lambda r: r.opportunity.members.count())
        return reverse("partners:detail", args=[row.opportunity_id])

    small = page_queries(client, biggest_url(), DETAIL_QUERIES)

    _more_opportunities(region, 3)

    grown = page_queries(client, biggest_url(), DETAIL_QUERIES)
    assert grown == small
