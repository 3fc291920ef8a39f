"""Personal access tokens: stored hashed, shown once, revoked from the account's API page."""

from __future__ import annotations

import hashlib

import pytest

from mutualiser.api.models import PersonalAccessToken
from mutualiser.api.services import MAX_ACTIVE_TOKENS, token_authenticate, token_create

from .conftest import call

URL = "/fr/accounts/tokens/"


@pytest.mark.django_db
def test_a_token_is_stored_as_its_hash_with_a_prefix_to_recognise_it(alice):
    new = token_create(user=alice, name="Tableur", scope="read")

    row = PersonalAccessToken.objects.get(pk=new.token.pk)
    assert new.raw.startswith("mut_") and len(new.raw) > 40
    assert row.token_hash == hashlib.sha256(new.raw.encode()).hexdigest()
    assert new.raw not in {row.token_hash, row.prefix, row.name}
    assert new.raw.startswith(row.prefix) and len(row.prefix) == 12


@pytest.mark.django_db
def test_the_account_page_makes_a_token_and_shows_it_once(client, alice):
    client.force_login(alice)

    made = client.post(URL, {"name": "Tableur de la direction", "scope": "write"})
    again = client.get(URL)

    token = PersonalAccessToken.objects.get(user=alice)
    raw = made.context["new_token"].raw
    assert made.status_code == 200
    assert raw in made.content.decode()
    assert token_authenticate(raw) == token
    assert token.scope == "write"
    assert raw not in again.content.decode()
    assert token.prefix in again.content.decode()
    assert "no-store" in made["Cache-Control"] or "no-cache" in made["Cache-Control"]


@pytest.mark.django_db
def test_the_account_page_refuses_a_token_without_a_name(client, alice):
    client.force_login(alice)

    response = client.post(URL, {"name": "   ", "scope": "read"})

    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.django_db
def test_the_account_page_refuses_more_tokens_than_the_limit(client, alice):
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(user=alice, name=f"t{n}", scope="read")
    client.force_login(alice)

    response = client.post(URL, {"name": "un de trop", "scope": "read"})

    assert "révoquez-en un" in response.content.decode()
    assert PersonalAccessToken.objects.filter(user=alice).count() == MAX_ACTIVE_TOKENS


@pytest.mark.django_db
def test_the_tokens_page_needs_a_signed_in_member(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_tokens_page_links_the_api_docs(client, alice):
    client.force_login(alice)

    response = client.get(URL)

    assert 'href="/api/docs"' in response.content.decode()


@pytest.mark.django_db
def test_a_revoked_token_gets_401_at_once(client, alice, alice_write):
    client.force_login(alice)
    assert call(client, "GET", "/api/v1/organisations", token=alice_write).status_code == 200

    client.post(f"{URL}{alice_write.token.pk}/revoke/")
    client.logout()
    response = call(client, "GET", "/api/v1/organisations", token=alice_write)

    alice_write.token.refresh_from_db()
    assert alice_write.token.revoked_at is not None
    assert response.status_code == 401


@pytest.mark.django_db
def test_nobody_revokes_another_members_token(client, charlie, alice_write):
    client.force_login(charlie)

    response = client.post(f"{URL}{alice_write.token.pk}/revoke/")

    alice_write.token.refresh_from_db()
    assert response.status_code == 404
    assert alice_write.token.revoked_at is None


@pytest.mark.django_db
def test_another_members_tokens_are_not_listed(client, charlie, alice_write):
    client.force_login(charlie)

    response = client.get(URL)

    assert alice_write.token.prefix not in response.content.decode()


@pytest.mark.django_db
def test_using_a_token_records_when(client, alice_write):
    assert alice_write.token.last_used_at is None

    call(client, "GET", "/api/v1/organisations", token=alice_write)

    alice_write.token.refresh_from_db()
    assert alice_write.token.last_used_at is not None


@pytest.mark.django_db
def test_a_token_of_an_inactive_account_is_refused(client, alice, alice_write):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = call(client, "GET", "/api/v1/organisations", token=alice_write)

    assert response.status_code == 401
