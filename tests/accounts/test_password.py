"""Changing and resetting a password."""

import re

import pytest
from django.core import mail


@pytest.mark.django_db
def test_password_reset_sends_an_email_with_a_link(client, member):
    response = client.post("/fr/accounts/password/reset/", {"email": "lea@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea@example.org"]
    assert re.search(r"/fr/accounts/password/reset/key/\S+", mail.outbox[0].body)


@pytest.mark.django_db
def test_password_reset_page_explains_and_links_back_to_login(client):
    response = client.get("/en/accounts/password/reset/")

    content = response.content.decode()
    assert "<h1>Forgotten password</h1>" in content
    assert "we will send you a link to choose a new password" in content
    assert 'href="/en/accounts/login/"' in content


@pytest.mark.django_db
def test_the_reset_link_sets_a_new_password(client, member):
    client.post("/fr/accounts/password/reset/", {"email": "lea@example.org"})
    link = re.search(r"https?://testserver(/\S+/password/reset/key/\S+/)", mail.outbox[0].body)

    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": "Un-nouveau-mot-de-passe-7", "password2": "Un-nouveau-mot-de-passe-7"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Un-nouveau-mot-de-passe-7")


@pytest.mark.django_db
def test_member_changes_password(client, member):
    client.force_login(member)

    page = client.get("/fr/accounts/password/change/")
    response = client.post(
        "/fr/accounts/password/change/",
        {
            "oldpassword": "correct horse battery",
            "password1": "Un-nouveau-mot-de-passe-7",
            "password2": "Un-nouveau-mot-de-passe-7",
        },
    )

    assert 'class="auth-form"' in page.content.decode()
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Un-nouveau-mot-de-passe-7")


@pytest.mark.django_db
def test_logout_and_password_change_pages_speak_our_words(client, alice):
    client.force_login(alice)

    logout = client.get("/fr/accounts/logout/").content.decode()
    change = client.get("/en/accounts/password/change/").content.decode()

    assert "<h1>Se déconnecter</h1>" in logout
    assert "Vos données restent enregistrées" in logout
    assert "<h1>Change my password</h1>" in change
    assert "Save the new password" in change
