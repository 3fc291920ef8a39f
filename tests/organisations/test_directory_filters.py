"""The directory's filters: distance from my organisation, category offered or needed, together."""

import pytest

from mutualiser.diagnostic.models import Category, Direction
from mutualiser.organisations.choices import Visibility
from mutualiser.places.loader import locate
from tests.factories import InventoryItemFactory, OrganisationFactory

URL = "/fr/organisations/"


def placed(name: str, municipality: str, region: str, **kwargs):
    """A listed organisation at its municipality's point, as the profile form would put it."""
    location = locate(municipality, region)
    return OrganisationFactory(
        name=name,
        municipality=municipality,
        region=region,
        latitude=location.lat,
        longitude=location.lon,
        visibility=kwargs.pop("visibility", Visibility.DIRECTORY),
        **kwargs,
    )


def names_in(response) -> list[str]:
    """The organisations' names on the page's cards, in their order."""
    content = response.content.decode()
    return [
        part.split("<h3>", 1)[1].split("</a>", 1)[0].rsplit(">", 1)[1]
        for part in content.split('<article class="org-card">')[1:]
    ]


@pytest.fixture
def around_montreal(db):
    """Alice's theatre is in Montréal (the persona's factory default)."""
    return {
        "laval": placed("Danse Laval", "Laval", "13"),  # 10.6 km
        "longueuil": placed("Cirque Longueuil", "Longueuil", "16"),  # 9.3 km
        "sherbrooke": placed("Musique Sherbrooke", "Sherbrooke", "05"),  # 132.3 km
        "quebec": placed("Théâtre Québec", "Québec", "03"),  # 233.3 km
    }


@pytest.mark.django_db
def test_distance_keeps_the_organisations_within_it_nearest_first(client, alice, around_montreal):
    client.force_login(alice)

    near = names_in(client.get(URL, {"distance": "25"}))
    farther = names_in(client.get(URL, {"distance": "250"}))

    assert near == ["Théâtre des Alizés", "Cirque Longueuil", "Danse Laval"]
    assert farther[-2:] == ["Musique Sherbrooke", "Théâtre Québec"]


@pytest.mark.django_db
def test_each_card_says_how_far_it_is_from_my_organisation(client, alice, around_montreal):
    client.force_login(alice)

    content = client.get(URL).content.decode()

    assert "à 11\u00a0km" in content  # Laval
    assert "à 233\u00a0km" in content  # Québec


@pytest.mark.django_db
def test_distance_is_measured_from_the_current_organisation(
    client, alice, around_montreal, organisation_b
):
    from tests.factories import MembershipFactory

    sherbrooke = placed("Siège estrien", "Sherbrooke", "05")
    MembershipFactory(user=alice, organisation=sherbrooke)
    client.force_login(alice)
    client.post("/fr/organisations/switch/", {"organisation": sherbrooke.slug})

    near = names_in(client.get(URL, {"distance": "25"}))

    assert sorted(near) == ["Musique Sherbrooke", "Siège estrien"]


@pytest.mark.django_db
def test_without_an_organisation_the_distance_filter_says_what_to_do(client, django_user_model):
    user = django_user_model.objects.create_user(email="solo@example.org", password="x" * 12)
    placed("Danse Laval", "Laval", "13")
    client.force_login(user)

    response = client.get(URL, {"distance": "10"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Créez le profil de votre organisme pour mesurer les distances" in content
    assert names_in(response) == ["Danse Laval"]  # the distance is not applied


@pytest.mark.django_db
def test_category_filter_finds_who_offers_or_needs_it(client, alice, around_montreal):
    accounting = Category.objects.get(code="accounting")
    payroll = Category.objects.get(code="payroll")
    InventoryItemFactory(
        organisation=around_montreal["laval"], category=accounting, direction=Direction.OFFER
    )
    InventoryItemFactory(
        organisation=around_montreal["quebec"], category=accounting, direction=Direction.NEED
    )
    InventoryItemFactory(
        organisation=around_montreal["sherbrooke"], category=payroll, direction=Direction.NEED
    )
    InventoryItemFactory(
        organisation=around_montreal["longueuil"], category=accounting, direction=Direction.INHOUSE
    )
    client.force_login(alice)

    either = names_in(client.get(URL, {"category": "accounting"}))
    offered = names_in(client.get(URL, {"category": "accounting", "direction": "offer"}))
    needed = names_in(client.get(URL, {"category": "accounting", "direction": "need"}))
    any_need = names_in(client.get(URL, {"direction": "need"}))

    assert either == ["Danse Laval", "Théâtre Québec"]  # in-house work is not on offer
    assert offered == ["Danse Laval"]
    assert needed == ["Théâtre Québec"]
    assert any_need == ["Musique Sherbrooke", "Théâtre Québec"]


@pytest.mark.django_db
def test_the_category_list_is_grouped_by_family(client, alice):
    client.force_login(alice)

    content = client.get(URL).content.decode()

    assert '<optgroup label="Administration et finances">' in content
    assert '<option value="accounting">Comptabilité</option>' in content


@pytest.mark.django_db
def test_filters_combine(client, alice, around_montreal):
    accounting = Category.objects.get(code="accounting")
    dancing_coop = placed(
        "Coop Danse Laval", "Laval", "13", disciplines=["dance"], legal_kind="cooperative"
    )
    for organisation in (dancing_coop, around_montreal["laval"], around_montreal["quebec"]):
        InventoryItemFactory(organisation=organisation, category=accounting)
    placed("Coop Danse Gatineau", "Gatineau", "07", disciplines=["dance"], legal_kind="cooperative")
    client.force_login(alice)

    found = names_in(
        client.get(
            URL,
            {
                "region": "13",
                "distance": "50",
                "discipline": "dance",
                "legal_kind": "cooperative",
                "category": "accounting",
                "direction": "need",
                "q": "coop",
            },
        )
    )
    without_category = names_in(
        client.get(URL, {"discipline": "dance", "legal_kind": "cooperative", "distance": "50"})
    )

    assert found == ["Coop Danse Laval"]
    assert without_category == ["Coop Danse Laval"]  # Gatineau is 160 km away


@pytest.mark.django_db
def test_a_filter_in_use_opens_the_other_filters(client, alice):
    client.force_login(alice)

    by_distance = client.get(URL, {"distance": "50"}).content.decode()
    by_category = client.get(URL, {"category": "accounting"}).content.decode()

    assert '<details class="filter-more" id="more-filters" open>' in by_distance
    assert '<details class="filter-more" id="more-filters" open>' in by_category


@pytest.mark.django_db
def test_no_match_within_a_distance_suggests_a_larger_one(client, alice):
    client.force_login(alice)

    content = client.get(URL, {"distance": "10", "q": "zzzz"}).content.decode()

    assert "Aucun organisme ne correspond à ces critères." in content
    assert "Essayez une distance plus grande" in content


@pytest.mark.django_db
def test_htmx_refresh_carries_the_map_address_with_the_filters(client, alice):
    client.force_login(alice)

    response = client.get(URL, {"region": "06", "distance": "25"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "<html" not in content
    assert 'data-map-url="/fr/organisations/map.json?region=06&amp;distance=25"' in content
    assert 'data-radius-km="25"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"distance": "-5"},
        {"distance": "abc"},
        {"distance": "1e309"},
        {"distance": "99999999999999999999"},
        {"region": "99"},
        {"region": "<script>"},
        {"category": "no-such-category"},
        {"category": "x" * 5000},
        {"direction": "sideways"},
        {"legal_kind": "empire"},
        {"discipline": "'; drop table"},
        {"q": "x" * 5000},
    ],
)
def test_hostile_filters_are_set_aside_with_a_clear_message(client, alice, params):
    client.force_login(alice)

    response = client.get(URL, params)
    map_data = client.get("/fr/organisations/map.json", params)

    content = response.content.decode()
    assert response.status_code == 200
    assert map_data.status_code == 200
    assert "Théâtre des Alizés" in content  # the filter is not applied
    assert "ne sont pas appliqués" in content
    assert "<script>" not in content.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["999999", "0", "-1", "abc", "9" * 400])
def test_a_page_that_does_not_exist_shows_the_nearest_one_and_says_so(client, alice, page):
    for number in range(30):
        placed(f"Troupe {number:02d}", "Montréal", "06")
    client.force_login(alice)

    response = client.get(URL, {"page": page})

    content = response.content.decode()
    assert response.status_code == 200
    assert "La page demandée n&#x27;existe pas" in content
    assert 'class="org-card"' in content


@pytest.mark.django_db
def test_the_list_works_without_javascript(client, alice):
    """A plain form that submits by GET, a visible button, and no inline script in the page."""
    client.force_login(alice)

    content = client.get(URL).content.decode()

    assert '<form method="get" action="/fr/organisations/"' in content
    assert '<button type="submit" class="small-button">Filtrer</button>' in content
    main = content.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script>" not in main
    assert "organisations/directory.js" in content


@pytest.mark.django_db
def test_with_a_category_each_card_says_whether_it_offers_or_seeks_it(
    client, alice, around_montreal
):
    accounting = Category.objects.get(code="accounting")
    InventoryItemFactory(
        organisation=around_montreal["laval"], category=accounting, direction=Direction.OFFER
    )
    InventoryItemFactory(
        organisation=around_montreal["quebec"], category=accounting, direction=Direction.NEED
    )
    client.force_login(alice)

    french = client.get(URL, {"category": "accounting"}).content.decode()
    english = client.get("/en/organisations/", {"category": "accounting"}).content.decode()

    laval, quebec = french.split("Danse Laval", 1)[1].split("Théâtre Québec", 1)
    assert "Offre : Comptabilité" in laval and "Recherche : Comptabilité" not in laval
    assert "Recherche : Comptabilité" in quebec and "Offre : Comptabilité" not in quebec
    assert "Offers: Accounting" in english and "Looking for: Accounting" in english
