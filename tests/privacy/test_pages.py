"""The privacy page, in both languages, and the ways to it; the my-data page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_is_public_in_french(client):
    response = client.get("/fr/privacy/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Vie privée : ce que Mutualiser garde de vous" in page
    assert "vie-privee@mutualiser.example" in page
    assert "Commission d'accès à l'information" in page
    assert "expire après 14 jours" in page


def test_the_privacy_page_is_in_english(client):
    page = client.get("/en/privacy/").content.decode()

    assert "Privacy: what Mutualiser keeps about you" in page
    assert "Who sees what" in page


def test_the_person_in_charge_comes_from_the_settings(client, settings):
    settings.PRIVACY_OFFICER_NAME = "Josée Lavoie"
    settings.PRIVACY_OFFICER_EMAIL = "jlavoie@example.org"

    page = client.get("/fr/privacy/").content.decode()

    assert "est Josée Lavoie." in page
    assert 'href="mailto:jlavoie@example.org"' in page


def test_the_footer_and_the_signup_page_link_to_it(client):
    home = client.get("/fr/").content.decode()
    signup = client.get(reverse("account_signup")).content.decode()

    assert 'href="/fr/privacy/"' in home
    assert signup.count('href="/fr/privacy/"') == 2  # the sentence and the footer


def test_the_privacy_page_has_no_inline_style_or_script(client, alice):
    client.force_login(alice)

    for url in ("/fr/privacy/", "/fr/privacy/my-data/", "/fr/privacy/my-data/delete-account/"):
        page = client.get(url).content.decode()
        assert " style=" not in page, url
        assert "<script>" not in page, url


def test_my_data_lists_the_organisations_i_own_and_the_ways_out(client, alice, bob):
    client.force_login(alice)

    page = client.get(reverse("privacy:mine")).content.decode()

    assert reverse("privacy:export") in page
    assert reverse("organisations:delete", args=["theatre-des-alizes"]) in page
    assert reverse("privacy:delete-account") in page


def test_an_editor_is_offered_no_organisation_to_delete(client, bob):
    client.force_login(bob)

    page = client.get(reverse("privacy:mine")).content.decode()

    assert reverse("organisations:delete", args=["theatre-des-alizes"]) not in page


def test_the_account_menu_leads_to_my_data(client, alice):
    client.force_login(alice)

    page = client.get("/fr/").content.decode()

    assert 'href="/fr/privacy/my-data/"' in page


def test_my_data_needs_an_account(client):
    assert client.get(reverse("privacy:mine")).status_code == 302


def test_the_members_page_offers_the_deletion_to_owners_only(client, alice, bob):
    url = reverse("organisations:members", args=["theatre-des-alizes"])
    delete = reverse("organisations:delete", args=["theatre-des-alizes"])

    client.force_login(alice)
    owner_page = client.get(url).content.decode()
    client.force_login(bob)
    editor_page = client.get(url).content.decode()

    assert delete in owner_page
    assert delete not in editor_page
