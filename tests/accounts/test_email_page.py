"""The account's email addresses page: our layout and words, only the actions that apply."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

PAGE = "/fr/accounts/email/"


@pytest.mark.django_db
def test_with_one_address_the_page_offers_no_primary_and_no_remove(client, member):
    client.force_login(member)

    content = client.get(PAGE).content.decode()

    assert 'name="mutualiser-layout" content="account"' in content
    assert "<h1>Mes adresses courriel</h1>" in content
    assert "lea@example.org" in content
    assert "Vous vous connectez avec cette adresse" in content
    assert "action_primary" not in content
    assert "action_remove" not in content
    assert "principale</span>" not in content
    assert "e-mail" not in content.lower()
    assert "Rendre principale" not in content


@pytest.mark.django_db
def test_a_second_address_can_be_made_primary_or_removed_once_confirmed(client, member):
    EmailAddress.objects.create(user=member, email="lea.b@example.org", verified=True)
    client.force_login(member)

    content = client.get(PAGE).content.decode()

    assert content.count('name="action_primary"') == 1
    assert content.count('name="action_remove"') == 1
    assert content.count("principale</span>") == 1
    assert "Mutualiser vous écrit à l'adresse principale" in content


@pytest.mark.django_db
def test_an_unconfirmed_address_offers_to_resend_its_link_not_to_become_primary(client, member):
    EmailAddress.objects.create(user=member, email="lea.b@example.org", verified=False)
    client.force_login(member)

    content = client.get(PAGE).content.decode()

    assert "à confirmer" in content
    assert content.count('name="action_send"') == 1
    assert "action_primary" not in content


@pytest.mark.django_db
def test_making_a_confirmed_address_primary_says_so_in_our_words(client, member):
    EmailAddress.objects.create(user=member, email="lea.b@example.org", verified=True)
    client.force_login(member)

    response = client.post(PAGE, {"email": "lea.b@example.org", "action_primary": ""}, follow=True)

    assert "Adresse principale changée." in response.content.decode()
    assert EmailAddress.objects.get(email="lea.b@example.org").primary


@pytest.mark.django_db
def test_removing_an_address_says_so_in_our_words(client, member):
    EmailAddress.objects.create(user=member, email="lea.b@example.org", verified=True)
    client.force_login(member)

    response = client.post(PAGE, {"email": "lea.b@example.org", "action_remove": ""}, follow=True)

    assert "Adresse lea.b@example.org retirée de votre compte." in response.content.decode()
    assert not EmailAddress.objects.filter(email="lea.b@example.org").exists()


@pytest.mark.django_db
def test_the_page_speaks_english_under_en(client, member):
    client.force_login(member)

    content = client.get("/en/accounts/email/").content.decode()

    assert "<h1>My email addresses</h1>" in content
    assert "You log in with this address" in content
    assert "Add the address" in content


@pytest.mark.django_db
def test_another_users_address_cannot_be_removed_from_the_page(client, member):
    other = UserFactory(email="charlie@example.org")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    client.force_login(member)

    client.post(PAGE, {"email": "charlie@example.org", "action_remove": ""})

    assert EmailAddress.objects.filter(email="charlie@example.org").exists()


@pytest.mark.django_db
def test_adding_an_address_already_on_the_account_is_refused_in_our_words(client, member):
    client.force_login(member)

    response = client.post(PAGE, {"email": "lea@example.org", "action_add": ""})

    content = response.content.decode()
    assert "Cette adresse est déjà liée à votre compte." in content
    assert "e-mail" not in content.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "error"),
    [("fr", "Courriel ou mot de passe incorrect."), ("en", "Incorrect email or password.")],
)
def test_a_wrong_password_is_reported_without_e_mail(client, member, language, error):
    response = client.post(
        f"/{language}/accounts/login/", {"login": "lea@example.org", "password": "pas-le-bon"}
    )

    content = response.content.decode()
    assert error in content
    assert "e-mail" not in content.lower()


@pytest.mark.django_db
def test_the_primary_address_comes_first(client, member):
    EmailAddress.objects.create(user=member, email="aa@example.org", verified=True)
    client.force_login(member)

    content = client.get(PAGE).content.decode()

    assert content.index("lea@example.org") < content.index("aa@example.org")
