"""The home page of a signed-in member (bench/bench_members.py) reads a fixed number of
queries, however much the member has read and filled in."""

from __future__ import annotations

import pytest

from mutualiser.diagnostic.models import Category
from mutualiser.guide.models import ChapterRead, QuizAnswer
from tests.factories import InventoryItemFactory

# session, user, memberships (the current organisation and the header's switcher), whether
# the inventory has items, the quiz answers, the chapters read, the header's notifications
HOME_QUERIES = 7


@pytest.mark.django_db
def test_the_home_page_reads_the_same_few_queries_for_a_new_or_a_busy_member(
    client, alice, organisation_a, page_queries
):
    client.force_login(alice)
    new = page_queries(client, "/fr/", HOME_QUERIES)

    for category in Category.objects.all()[:5]:
        InventoryItemFactory(organisation=organisation_a, category=category)
    for number, slug in enumerate(["mutualiser", "gouvernance", "couts"]):
        ChapterRead.objects.create(user=alice, slug=slug)
        QuizAnswer.objects.create(user=alice, slug=slug, question=number, choice=0, correct=True)

    assert page_queries(client, "/fr/", HOME_QUERIES) == new
