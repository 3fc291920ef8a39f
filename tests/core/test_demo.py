"""The demo region: deterministic, large enough, and the demo login works at once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from mutualiser.accounts.models import User
from mutualiser.core.demo import DEFAULT_SEED, demo_build, demo_delete, demo_digest
from mutualiser.core.demo.data import DEMO_EMAIL_DOMAIN
from mutualiser.diagnostic.models import Direction, InventoryItem
from mutualiser.organisations.choices import Role, Visibility
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.places.loader import find_municipality
from tests.factories import OrganisationFactory


@pytest.fixture
def demo(db):
    return demo_build(seed=DEFAULT_SEED)


@pytest.mark.django_db
def test_two_builds_on_empty_databases_give_identical_data():
    demo_build()
    first = demo_digest()
    demo_delete()
    assert not Organisation.objects.exists()
    assert not User.objects.exists()

    demo_build()

    assert demo_digest() == first


@pytest.mark.django_db
def test_another_seed_gives_another_demo_with_the_same_organisations():
    demo_build(seed=1)
    names = sorted(Organisation.objects.values_list("name", flat=True))
    first = demo_digest()
    demo_delete()

    demo_build(seed=2)

    assert demo_digest() != first
    assert sorted(Organisation.objects.values_list("name", flat=True)) == names


def test_the_demo_has_at_least_80_organisations_in_at_least_four_regions(demo):
    regions = set(Organisation.objects.values_list("region", flat=True))

    assert Organisation.objects.filter(is_demo=True).count() >= 80
    assert len(regions) >= 4
    assert all(count >= 5 for count in demo.organisations_by_region.values())


def test_organisations_sit_in_real_municipalities_of_their_region(demo):
    for organisation in Organisation.objects.all():
        place = find_municipality(organisation.municipality, organisation.region)
        assert place is not None, organisation.name
        assert (organisation.latitude, organisation.longitude) == (place.lat, place.lon)


def test_most_organisations_are_in_the_directory(demo):
    directory = Organisation.objects.filter(visibility=Visibility.DIRECTORY).count()

    assert directory >= 0.9 * Organisation.objects.count()


def test_every_organisation_has_one_to_three_members_and_six_to_twelve_items(demo):
    demo_user = User.objects.get(email=settings.DEMO_EMAIL)
    for organisation in Organisation.objects.all():
        members = Membership.objects.filter(organisation=organisation).exclude(user=demo_user)
        assert 1 <= members.count() <= 3, organisation.name
        assert members.filter(role=Role.OWNER).count() == 1, organisation.name
        assert 6 <= organisation.inventory_items.count() <= 12, organisation.name


def test_fictional_members_cannot_log_in(demo):
    members = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")

    assert members.count() >= 90
    assert not any(user.has_usable_password() for user in members)


def test_every_item_has_twelve_non_negative_months(demo):
    for item in InventoryItem.objects.all():
        assert len(item.months) == 12, item
        assert all(isinstance(q, int | float) and q >= 0 for q in item.months), item
        assert sum(item.months) > 0, item


def test_offers_are_cheaper_than_buying_alone(demo):
    offers = InventoryItem.objects.filter(direction=Direction.OFFER).select_related("category")

    assert offers.count() >= 10
    for offer in offers:
        assert offer.rate is not None
        assert float(offer.rate) < offer.category.standalone_rate, offer


def test_items_cover_needs_offers_and_in_house_tasks(demo):
    assert demo.items_by_direction[Direction.NEED] > 300
    assert demo.items_by_direction[Direction.OFFER] >= 20
    assert demo.items_by_direction[Direction.INHOUSE] >= 50


def test_the_demo_login_works_at_once_and_reaches_its_two_organisations(demo, client):
    assert client.login(username=settings.DEMO_EMAIL, password=settings.DEMO_PASSWORD)
    client.logout()

    response = client.post(
        "/fr/accounts/login/",
        {"login": settings.DEMO_EMAIL, "password": settings.DEMO_PASSWORD},
    )

    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    user = User.objects.get(email=settings.DEMO_EMAIL)
    roles = dict(Membership.objects.filter(user=user).values_list("organisation__name", "role"))
    assert roles == {
        "Théâtre de la Marée Haute": Role.OWNER,
        "Festival des Ruelles Chantantes": Role.EDITOR,
    }
    assert InventoryItem.objects.filter(organisation__name="Théâtre de la Marée Haute").count() >= 8


@pytest.mark.django_db
def test_the_command_prints_what_it_created(capsys):
    call_command("demo")

    out = capsys.readouterr().out
    assert "06 Montréal" in out
    assert settings.DEMO_EMAIL in out


@pytest.mark.django_db
def test_if_empty_does_not_duplicate_the_demo():
    call_command("demo", "--if-empty")
    count = Organisation.objects.count()

    call_command("demo", "--if-empty")

    assert Organisation.objects.count() == count


@pytest.mark.django_db
def test_if_empty_does_nothing_when_any_organisation_exists():
    OrganisationFactory()

    call_command("demo", "--if-empty")

    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_reset_rebuilds_the_demo_and_keeps_other_organisations():
    own = OrganisationFactory(name="Mon organisme", slug="mon-organisme")
    call_command("demo")
    digest = demo_digest()

    call_command("demo", "--reset")

    assert demo_digest() == digest
    assert Organisation.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db
def test_building_twice_without_reset_is_refused():
    from django.core.management.base import CommandError

    call_command("demo")

    with pytest.raises(CommandError, match="--reset"):
        call_command("demo")
