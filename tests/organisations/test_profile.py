"""A profile: what the organisation offers and needs, by family, and the places left for others."""

import pytest

from mutualiser.diagnostic.models import Category, Direction
from mutualiser.organisations.choices import Visibility
from tests.factories import InventoryItemFactory


@pytest.fixture
def listed_b(organisation_b):
    organisation_b.visibility = Visibility.DIRECTORY
    organisation_b.municipality = "Laval"
    organisation_b.region = "13"
    organisation_b.latitude, organisation_b.longitude = 45.56995, -73.692
    organisation_b.save()
    return organisation_b


def section(content: str, title: str) -> str:
    """The HTML of the profile's section under this heading."""
    return content.split(title, 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_profile_shows_offers_and_needs_grouped_by_family(client, alice, listed_b):
    for code, direction in (
        ("accounting", Direction.NEED),
        ("payroll", Direction.NEED),
        ("recruitment", Direction.NEED),
        ("bookkeeping", Direction.OFFER),
        ("training", Direction.INHOUSE),
    ):
        InventoryItemFactory(
            organisation=listed_b, category=Category.objects.get(code=code), direction=direction
        )
    InventoryItemFactory(  # the same category twice is shown once
        organisation=listed_b,
        category=Category.objects.get(code="accounting"),
        direction=Direction.NEED,
        label="autre",
    )
    client.force_login(alice)

    content = client.get(listed_b.get_absolute_url()).content.decode()

    needs = section(content, "Ce que l'organisme recherche")
    offers = section(content, "Ce que l'organisme peut partager")
    assert needs.index("Administration et finances") < needs.index("Comptabilité")
    assert needs.index("Comptabilité") < needs.index("Paie") < needs.index("Ressources humaines")
    assert needs.count("Comptabilité") == 1
    assert "Tenue de livres" in offers and "Tenue de livres" not in needs
    assert "Formation" not in content  # in-house work is the diagnostic's, not the profile's


@pytest.mark.django_db
def test_profile_says_when_nothing_is_offered_yet(client, alice, listed_b):
    client.force_login(alice)

    content = client.get(listed_b.get_absolute_url()).content.decode()

    assert content.count("Rien d'indiqué pour l'instant.") == 2


@pytest.mark.django_db
def test_own_empty_profile_says_how_to_fill_it(client, alice, organisation_a):
    client.force_login(alice)

    content = client.get(organisation_a.get_absolute_url()).content.decode()

    assert "Notez vos besoins dans votre inventaire" in content
    assert 'href="/fr/diagnostic/inventory/"' in content
    assert "Vos occasions avec cet organisme" not in content  # not with oneself


@pytest.mark.django_db
def test_another_profile_has_the_opportunities_place_and_the_distance(client, alice, listed_b):
    client.force_login(alice)

    content = client.get(listed_b.get_absolute_url()).content.decode()

    assert "Vos occasions avec cet organisme" in content
    assert "À 11\u00a0km de Théâtre des Alizés" in content


@pytest.mark.django_db
def test_the_profile_in_english(client, alice, listed_b):
    InventoryItemFactory(organisation=listed_b, category=Category.objects.get(code="accounting"))
    client.force_login(alice)

    content = client.get("/en/organisations/danse-boreale/").content.decode()

    assert "What this organisation is looking for" in content
    assert "Accounting" in content
    assert "Your opportunities with this organisation" in content


@pytest.mark.django_db
def test_a_workshop_only_organisations_profile_is_404_for_outsiders(client, alice, organisation_b):
    organisation_b.visibility = Visibility.WORKSHOP
    organisation_b.save(update_fields=["visibility"])
    client.force_login(alice)

    assert client.get(organisation_b.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_profile_queries_do_not_grow_with_the_inventory(
    client, alice, listed_b, django_assert_max_num_queries
):
    for category in Category.objects.all()[:20]:
        InventoryItemFactory(organisation=listed_b, category=category)
    client.force_login(alice)
    client.get(listed_b.get_absolute_url())

    # 10, and the header's notification counter (contacts)
    with django_assert_max_num_queries(11):
        client.get(listed_b.get_absolute_url())
