"""Logging in and out, and the limit on failed attempts."""

import pytest

LOGIN = "/fr/accounts/login/"


@pytest.mark.django_db
def test_member_logs_in_with_email_and_password(client, member):
    response = client.post(LOGIN, {"login": "lea@example.org", "password": "correct horse battery"})

    assert response.status_code == 302
    assert client.get("/fr/").wsgi_request.user == member


@pytest.mark.django_db
def test_wrong_password_says_so_in_french(client, member):
    response = client.post(LOGIN, {"login": "lea@example.org", "password": "mauvais"})

    assert response.status_code == 200
    assert "Courriel ou mot de passe incorrect." in response.content.decode()


@pytest.mark.django_db
def test_sixth_failed_login_in_a_minute_is_rate_limited(client, member):
    for _attempt in range(5):
        client.post(LOGIN, {"login": "lea@example.org", "password": "mauvais"})

    response = client.post(LOGIN, {"login": "lea@example.org", "password": "mauvais"})

    assert "Trop de tentatives de connexion échouées" in response.content.decode()


@pytest.mark.django_db
def test_log_out_asks_for_confirmation_then_logs_out(client, member):
    client.force_login(member)

    page = client.get("/fr/accounts/logout/")
    client.post("/fr/accounts/logout/")

    assert page.status_code == 200
    assert 'class="auth-form"' in page.content.decode()
    assert not client.get("/fr/").wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_login_page_is_in_english_under_en(client):
    response = client.get("/en/accounts/login/")

    content = response.content.decode()
    assert "<h1>Log in</h1>" in content
    assert 'placeholder="Email address"' in content
    assert "Keep me logged in on this device" in content


@pytest.mark.django_db
def test_login_page_speaks_like_the_menu_in_quebec_french(client):
    response = client.get(LOGIN)

    content = response.content.decode()
    assert "<h1>Se connecter</h1>" in content
    assert 'placeholder="Adresse courriel"' in content
    assert "Rester connecté sur cet appareil" in content
    assert "Connexion" not in content and "e-mail" not in content
    assert 'href="/fr/accounts/signup/"' in content
    assert 'href="/fr/accounts/password/reset/"' in content
