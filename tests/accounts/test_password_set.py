"""An account without a password (made by staff) chooses one on our page."""

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory


@pytest.fixture
def passwordless(db):
    user = UserFactory(email="sam@example.org")
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "<h1>Choisir un mot de passe</h1>"), ("en", "<h1>Choose a password</h1>")],
)
def test_the_set_password_page_speaks_our_words(client, passwordless, language, heading):
    client.force_login(passwordless)

    content = client.get(f"/{language}/accounts/password/set/").content.decode()

    assert heading in content
    assert 'class="auth-form"' in content


@pytest.mark.django_db
def test_choosing_a_password_saves_it(client, passwordless):
    client.force_login(passwordless)

    client.post(
        "/fr/accounts/password/set/",
        {"password1": "Un-nouveau-mot-de-passe-7", "password2": "Un-nouveau-mot-de-passe-7"},
    )

    passwordless.refresh_from_db()
    assert passwordless.check_password("Un-nouveau-mot-de-passe-7")
