"""The directory of organisations."""

import pytest

from mutualiser.organisations.choices import Visibility
from tests.factories import OrganisationFactory

URL = "/fr/organisations/"


def listed(organisation, **kwargs):
    return OrganisationFactory(visibility=Visibility.DIRECTORY, **kwargs)


@pytest.mark.django_db
def test_directory_shows_listed_organisations_and_ones_own(client, alice, organisation_b):
    listed(None, name="Cirque du Vent")
    OrganisationFactory(name="Compagnie Secrète", visibility=Visibility.PRIVATE)
    OrganisationFactory(name="Atelier Partagé", visibility=Visibility.WORKSHOP)
    client.force_login(alice)

    content = client.get(URL).content.decode()

    assert "Cirque du Vent" in content
    assert "Théâtre des Alizés" in content and "Votre organisme" in content
    assert "Compagnie Secrète" not in content
    assert "Atelier Partagé" not in content
    assert "Danse Boréale" not in content


@pytest.mark.django_db
def test_directory_filters_by_region_discipline_and_legal_kind(client, alice):
    listed(None, name="Danse Québec", region="03", disciplines=["dance"])
    listed(None, name="Musique Québec", region="03", disciplines=["music"])
    listed(None, name="Coop Danse", region="03", disciplines=["dance"], legal_kind="cooperative")
    listed(None, name="Danse Laval", region="13", disciplines=["dance"])
    client.force_login(alice)

    content = client.get(URL, {"region": "03", "discipline": "dance"}).content.decode()
    coops = client.get(URL, {"legal_kind": "cooperative"}).content.decode()

    assert "Danse Québec" in content and "Coop Danse" in content
    assert "Musique Québec" not in content and "Danse Laval" not in content
    assert "Coop Danse" in coops and "Danse Québec" not in coops


@pytest.mark.django_db
def test_the_other_filters_are_folded_unless_one_is_in_use(client, alice):
    client.force_login(alice)

    plain = client.get(URL).content.decode()
    searching = client.get(URL, {"q": "danse"}).content.decode()
    by_region = client.get(URL, {"region": "03"}).content.decode()

    assert '<details class="filter-more" id="more-filters">' in plain
    assert '<details class="filter-more" id="more-filters">' in searching
    assert '<details class="filter-more" id="more-filters" open>' in by_region
    assert "Plus de filtres" in plain


@pytest.mark.django_db
def test_filter_labels_have_no_trailing_colon(client, alice):
    client.force_login(alice)

    content = client.get(URL).content.decode()

    assert '<label for="id_region">Région</label>' in content
    assert '<label for="id_q">Nom ou municipalité</label>' in content


@pytest.mark.django_db
def test_directory_searches_by_name(client, alice):
    listed(None, name="Les Grands Ballets de Rimouski")
    listed(None, name="Orchestre de Sherbrooke")
    client.force_login(alice)

    content = client.get(URL, {"q": "ballets"}).content.decode()

    assert "Les Grands Ballets de Rimouski" in content
    assert "Orchestre de Sherbrooke" not in content


@pytest.mark.django_db
def test_no_match_says_so_and_offers_to_clear_filters(client, alice):
    client.force_login(alice)

    content = client.get(URL, {"q": "zzzz"}).content.decode()

    assert "Aucun organisme ne correspond à ces critères." in content
    assert "Effacer les filtres" in content


@pytest.mark.django_db
def test_empty_directory_invites_to_create_a_profile(client, django_user_model):
    user = django_user_model.objects.create_user(email="solo@example.org", password="x" * 12)
    client.force_login(user)

    content = client.get(URL).content.decode()

    assert "Aucun organisme visible pour l'instant." in content
    assert "/fr/organisations/new/" in content


@pytest.mark.django_db
def test_directory_is_paginated_and_keeps_filters(client, alice):
    for number in range(30):
        listed(None, name=f"Troupe {number:02d}", region="06")
    client.force_login(alice)

    first = client.get(URL, {"region": "06"}).content.decode()
    second = client.get(URL, {"region": "06", "page": 2}).content.decode()

    assert "Troupe 00" in first and "Troupe 29" not in first
    assert "region=06&amp;page=2" in first
    assert "Troupe 29" in second
    assert "Page 2 sur 2" in second


@pytest.mark.django_db
def test_tampered_filters_are_ignored(client, alice):
    client.force_login(alice)

    response = client.get(URL, {"region": "99", "discipline": "'; drop"})

    assert response.status_code == 200
    assert "Théâtre des Alizés" in response.content.decode()


@pytest.mark.django_db
def test_htmx_filtering_returns_only_the_results(client, alice):
    client.force_login(alice)

    response = client.get(URL, {"q": "alizés"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "<html" not in content
    assert 'id="directory-results"' in content
    assert "Théâtre des Alizés" in content


@pytest.mark.django_db
def test_directory_queries_do_not_grow_with_the_number_of_organisations(
    client, alice, django_assert_num_queries
):
    for number in range(20):
        listed(None, name=f"Troupe {number:02d}")
    client.force_login(alice)
    client.get(URL)  # warm the session

    # session, user, memberships (one read for the current organisation and the header), the
    # page and its count, the families and categories of the category filter, and the
    # header's notification counter (contacts)
    with django_assert_num_queries(8):
        response = client.get(URL)

    assert response.content.decode().count('class="org-card"') == 21


@pytest.mark.django_db
def test_a_visitor_learns_why_to_sign_in_and_how(client, organisation_b):
    organisation_b.visibility = "directory"
    organisation_b.save(update_fields=["visibility"])

    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Connectez-vous pour voir les organismes" in page
    assert "aux membres de Mutualiser seulement" in page
    assert f'href="/fr/accounts/signup/?next={URL}"' in page
    assert f'href="/fr/accounts/login/?next={URL}"' in page
    assert organisation_b.name not in page  # nothing of the directory before signing in


@pytest.mark.django_db
def test_a_visitor_reads_why_in_english_too(client):
    response = client.get("/en/organisations/")

    assert response.status_code == 200
    assert 'href="/en/accounts/login/?next=/en/organisations/"' in response.content.decode()
