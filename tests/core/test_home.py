import re

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_root_redirects_to_a_language_prefix(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] in ("/fr/", "/en/")


@pytest.mark.django_db
def test_home_presents_the_approach_in_french(client):
    response = client.get("/fr/")

    assert response.status_code == 200
    assert "La démarche, en cinq étapes" in response.content.decode()
    assert '<html lang="fr-CA"' in response.content.decode()


@pytest.mark.django_db
def test_home_presents_the_approach_in_english(client):
    response = client.get("/en/")

    assert response.status_code == 200
    assert "The approach in five steps" in response.content.decode()


@pytest.mark.django_db
def test_member_without_organisation_is_asked_to_create_one(client, django_user_model):
    user = django_user_model.objects.create_user(email="new@example.org", password="x" * 12)
    client.force_login(user)

    response = client.get("/fr/")

    assert "Créez le profil de votre organisme" in response.content.decode()


@pytest.mark.django_db
def test_demo_login_is_shown_only_in_demo_mode(client):
    with override_settings(DEMO_MODE=False):
        assert "demo@mutualiser.example" not in client.get("/fr/").content.decode()
    with override_settings(DEMO_MODE=True):
        assert "demo@mutualiser.example" in client.get("/fr/").content.decode()


@pytest.mark.django_db
def test_unknown_address_gets_a_translated_404(client):
    french = client.get("/fr/nulle-part/")
    english = client.get("/en/nowhere/")

    assert french.status_code == 404
    assert "Cette page n'existe pas" in french.content.decode()
    assert english.status_code == 404
    assert "This page does not exist" in english.content.decode()


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_the_journey_leads_to_the_readiness_self_assessment(client):
    response = client.get("/fr/")

    page = response.content.decode()
    understand = page.index("Comprendre</a>")
    diagnose = page.index("Diagnostiquer</a>")
    link = page.index('href="/fr/readiness/"')
    assert understand < link < diagnose  # offered within step 1, « Comprendre »
    assert "Faites l&#x27;autoévaluation" in page


def step_numbers(page: str) -> dict[str, str]:
    """{title: number} of the journey's steps as the home page shows them."""
    found = re.findall(
        r'<span class="step-number" aria-hidden="true">(\d+)</span>\s*<div>\s*<h3>'
        r'(?:<a href="[^"]*">)?([^<]+)',
        page,
    )
    return {title: number for number, title in found}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_organisation_form_names_the_step_the_home_page_numbers(
    client, lang, django_user_model
):
    user = django_user_model.objects.create_user(username="n@example.org", email="n@example.org")
    client.force_login(user)
    home = step_numbers(client.get(f"/{lang}/").content.decode())

    form = client.get(f"/{lang}/organisations/new/").content.decode()

    eyebrow = re.search(r'<p class="eyebrow">[^<]*', form).group(0)
    number, title = re.search(r"(\d+) · ([^·<]+?) ·", eyebrow).groups()
    assert home[title] == number
