import pytest
from django.core.management import call_command

from mutualiser.diagnostic.models import Category
from mutualiser.workshops.demo import GUESTS, demo_workshop_build
from mutualiser.workshops.models import Phase, Vote
from tests.factories import InventoryItemFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_workshop_gathers_demo_organisations_and_guests_in_the_vote_phase():
    category = Category.objects.get(code="technical_direction")
    for slug, months in [("a", [70] * 5 + [0] * 7), ("b", [0] * 5 + [70] * 7)]:
        organisation = OrganisationFactory(slug=slug, is_demo=True)
        InventoryItemFactory(organisation=organisation, category=category, months=months)
    facilitator = UserFactory()

    workshop = demo_workshop_build(facilitator=facilitator)

    assert workshop.phase == Phase.VOTE
    assert workshop.participants.count() == 2 + len(GUESTS)
    assert Vote.objects.filter(participant__workshop=workshop).exists()
    assert facilitator.groups.filter(name="facilitateurs").exists()


def test_the_demo_workshop_command_needs_the_demo_login_first():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("demo_workshop")
