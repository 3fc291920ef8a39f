"""The 403 page and the CSRF failure page are ours, in French and English."""

from __future__ import annotations

import pytest
from django.test import Client

from mutualiser.organisations.choices import Role
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def viewer(organisation_a):
    """A viewer of A: may look, may not answer the readiness questionnaire."""
    user = UserFactory(email="vera@example.org")
    MembershipFactory(user=user, organisation=organisation_a, role=Role.VIEWER)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        ("fr", "Vous n'avez pas accès à cette page.", "demandez au responsable de votre organisme"),
        ("en", "You do not have access to this page.", "ask your organisation's owner"),
    ],
)
def test_a_viewer_sent_to_an_editors_page_gets_our_403(client, viewer, language, heading, advice):
    client.force_login(viewer)

    response = client.get(f"/{language}/readiness/new/")

    content = response.content.decode()
    assert response.status_code == 403
    assert "<html" in content and "Mutualiser" in content
    assert heading in content
    assert advice in content
    assert "403 Forbidden" not in content
    assert f'href="/{language}/"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        ("fr", "Ce formulaire a expiré.", "rechargez-la"),
        ("en", "This form has expired.", "reload it"),
    ],
)
def test_a_form_sent_without_its_csrf_token_gets_our_page(language, heading, advice, db):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(f"/{language}/accounts/login/", {"login": "a@example.org"})

    content = response.content.decode()
    assert response.status_code == 403
    assert "<html" in content
    assert heading in content and advice in content
    assert "CSRF verification failed" not in content
    assert "Forbidden" not in content
