"""The schema at /api/openapi.json and the docs at /api/docs, with nothing from a CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_the_schema_is_openapi_3_with_both_ways_to_authenticate(client):
    schema = client.get("/api/openapi.json").json()

    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


@pytest.mark.django_db
def test_the_docs_load_only_files_of_this_site(client):
    page = client.get("/api/docs").content.decode()

    addresses = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert addresses
    assert all(a.startswith("/static/") for a in addresses), addresses
    assert "cdn" not in page.lower()
    for address in addresses:
        assert finders.find(address.removeprefix("/static/")), address


@pytest.mark.django_db
def test_the_footer_links_the_api_docs(client):
    page = client.get("/fr/").content.decode()

    assert 'href="/api/docs"' in page
