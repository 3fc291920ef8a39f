"""Every page carries the CSP, the Permissions-Policy and the anti-framing headers."""

from __future__ import annotations

import pytest
from django.test import override_settings

from mutualiser.core.security import permissions_policy_header
from mutualiser.settings import _origin


@pytest.mark.django_db
def test_a_page_carries_a_policy_with_no_unsafe_inline_and_no_framing(client):
    response = client.get("/fr/")

    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_page_refuses_the_camera_microphone_and_location(client):
    response = client.get("/fr/")

    header = response.headers["Permissions-Policy"]
    assert "camera=()" in header
    assert "microphone=()" in header
    assert "geolocation=()" in header


@pytest.mark.django_db
def test_the_health_check_carries_the_headers_too(client):
    response = client.get("/healthz")

    assert "Content-Security-Policy" in response.headers
    assert "Permissions-Policy" in response.headers


def test_the_permissions_policy_header_is_written_from_the_setting():
    assert permissions_policy_header({"camera": [], "fullscreen": ["self"]}) == (
        "camera=(), fullscreen=(self)"
    )


def test_a_tile_server_adds_its_origin_to_the_images_allowed():
    assert _origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == [
        "https://*.tiles.example.org"
    ]
    assert _origin("/static/tiles/{z}/{x}/{y}.png") == []
    assert _origin("") == []


@pytest.mark.django_db
def test_the_pages_no_longer_carry_style_attributes_or_inline_scripts(client, alice):
    """The pages whose bars were styled inline now use classes (css/utilities.css)."""
    client.force_login(alice)

    for path in ("/fr/", "/fr/guide/partage-des-couts/exemple/", "/fr/diagnostic/inventory/"):
        html = client.get(path).content.decode()
        assert 'style="' not in html, path
        assert "<script>" not in html, path


@override_settings(DEBUG=False)
def test_the_pct_filter_rounds_and_keeps_within_bounds():
    from mutualiser.core.templatetags.bars import pct

    assert pct(42.4) == "pct-42"
    assert pct(42.6) == "pct-43"
    assert pct(-5) == "pct-0"
    assert pct(250) == "pct-100"
    assert pct("not a number") == "pct-0"
    assert pct(None) == "pct-0"
    assert pct(float("nan")) == "pct-0"
    assert pct(float("inf")) == "pct-0"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_https_redirect_spares_the_health_check_of_the_load_balancer(client):
    page = client.get("/fr/")
    health = client.get("/healthz")

    assert page.status_code == 301
    assert page["Location"].startswith("https://")
    assert health.status_code == 200
