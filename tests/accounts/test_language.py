"""The language a member reads the site in is remembered for the emails sent to them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_member_s_language_follows_the_pages_they_read(client):
    user = UserFactory()
    client.force_login(user)

    client.get("/en/guide/")
    user.refresh_from_db()
    english = user.language
    client.get("/fr/guide/")
    user.refresh_from_db()

    assert (english, user.language) == ("en", "fr")


@pytest.mark.django_db
def test_pages_without_a_language_prefix_leave_it_alone(client):
    user = UserFactory(language="en")
    client.force_login(user)

    client.get("/healthz", HTTP_ACCEPT_LANGUAGE="fr")
    client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr")

    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.django_db
def test_reading_in_the_same_language_writes_nothing(client):
    user = UserFactory(language="fr")
    client.force_login(user)
    client.get("/fr/guide/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/guide/")

    assert not any("UPDATE" in q["sql"] for q in queries.captured_queries)
