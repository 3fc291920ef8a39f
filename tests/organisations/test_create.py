"""Creating an organisation's profile."""

from decimal import Decimal

import pytest
from django.urls import reverse

from mutualiser.organisations.choices import Role
from mutualiser.organisations.middleware import SESSION_KEY
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.organisations.services import organisation_create, organisation_slug
from mutualiser.places.loader import find_municipality, region_centre
from tests.factories import OrganisationFactory, UserFactory

URL = "/fr/organisations/new/"


def profile(**overrides) -> dict:
    data = {
        "name": "Les Productions du Fleuve",
        "legal_kind": "nonprofit",
        "disciplines": ["theatre", "dance"],
        "region": "03",
        "municipality": "Québec",
        "budget_band": "100k-250k",
        "staff_fte": "2,5",
        "visibility": "directory",
        "description": "Création et tournée jeune public.",
        "website": "fleuve.example.org",
    }
    data.update(overrides)
    return data


@pytest.fixture
def newcomer(db):
    return UserFactory(email="nadia@example.org")


def test_create_page_shows_the_profile_form_in_french(client, newcomer):
    client.force_login(newcomer)

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Créer le profil de votre organisme" in content
    assert "Artiste ou travailleur autonome" in content
    assert "Collectif" in content
    assert 'hx-get="/fr/organisations/new/"' in content


def test_create_page_is_in_english_under_en(client, newcomer):
    client.force_login(newcomer)

    response = client.get("/en/organisations/new/")

    assert "Create your organisation's profile" in response.content.decode()


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_creator_becomes_owner_and_the_organisation_becomes_current(client, newcomer):
    client.force_login(newcomer)

    response = client.post(URL, profile())

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/fr/organisations/les-productions-du-fleuve/"
    assert organisation.slug == "les-productions-du-fleuve"
    assert organisation.disciplines == ["theatre", "dance"]
    assert str(organisation.staff_fte) == "2.5"
    assert organisation.website == "https://fleuve.example.org"
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == newcomer and membership.role == Role.OWNER
    assert client.session[SESSION_KEY] == organisation.id


def test_coordinates_come_from_the_municipality(client, newcomer):
    client.force_login(newcomer)

    client.post(URL, profile())

    organisation = Organisation.objects.get()
    quebec = find_municipality("Québec", "03")
    assert (organisation.latitude, organisation.longitude) == (quebec.lat, quebec.lon)


def test_coordinates_fall_back_to_the_regions_centre(client, newcomer):
    client.force_login(newcomer)

    client.post(URL, profile(region="09", municipality=""))

    organisation = Organisation.objects.get()
    assert (organisation.latitude, organisation.longitude) == region_centre("09")


def test_a_municipality_of_another_region_is_refused_and_nothing_saved(client, newcomer):
    client.force_login(newcomer)

    response = client.post(URL, profile(region="01", municipality="Québec"))

    assert response.status_code == 200
    assert "Choisissez une municipalité de la région choisie." in response.content.decode()
    assert not Organisation.objects.exists()


def test_missing_fields_are_reported_next_to_them(client, newcomer):
    client.force_login(newcomer)

    response = client.post(URL, profile(name="", legal_kind="", region=""))

    content = response.content.decode()
    # next to each of the 3 fields, and again in the summary at the top
    assert content.count("Ce champ est obligatoire.") == 6
    assert not Organisation.objects.exists()


def test_an_error_summary_at_the_top_links_to_each_faulty_field(client, newcomer):
    client.force_login(newcomer)

    response = client.post(URL, profile(name="", website="pas une adresse", visibility=""))

    content = response.content.decode()
    summary = content[content.index('class="error-summary"') : content.index("<fieldset>")]
    assert 'role="alert"' in summary
    assert "Corrigez les champs signalés ; rien n'a été enregistré." in summary
    assert 'href="#id_name"' in summary and "Nom de l&#x27;organisme" in summary
    assert 'href="#id_website"' in summary
    assert 'href="#id_visibility_0"' in content and 'id="id_visibility_0"' in content
    assert not Organisation.objects.exists()


def test_a_valid_form_has_no_error_summary(client, newcomer):
    client.force_login(newcomer)

    response = client.get(URL)

    assert "error-summary" not in response.content.decode()


def test_errors_are_in_english_under_en(client, newcomer):
    client.force_login(newcomer)

    response = client.post("/en/organisations/new/", profile(name=""))

    assert "This field is required." in response.content.decode()


def test_negative_staff_is_refused(client, newcomer):
    client.force_login(newcomer)

    response = client.post(URL, profile(staff_fte="-1"))

    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_changing_region_with_htmx_reloads_the_municipality_list(client, newcomer):
    client.force_login(newcomer)

    response = client.get(URL, {"region": "11"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "<html" not in content
    assert 'id="municipality-field"' in content
    assert "Gaspé" in content
    assert "Rimouski" not in content


def test_without_javascript_the_refresh_button_reloads_municipalities_without_saving(
    client, newcomer
):
    client.force_login(newcomer)

    response = client.post(URL, profile(region="01", municipality="", refresh="1"))

    content = response.content.decode()
    assert "Rimouski" in content
    assert "Ce champ est obligatoire" not in content
    assert not Organisation.objects.exists()


def test_same_name_gets_a_distinct_slug(newcomer):
    OrganisationFactory(name="Le Fleuve", slug="le-fleuve")

    organisation = organisation_create(
        user=newcomer, data=profile(name="Le Fleuve", staff_fte=Decimal("2.5"))
    )

    assert organisation.slug == "le-fleuve-2"


def test_slug_never_shadows_a_page_address(db):
    assert organisation_slug("New") == "new-2"
    assert organisation_slug("Switch") == "switch-2"
    assert organisation_slug("!!!") == "organisme"
