"""One error shape everywhere, in the caller's language, with the right status codes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from .conftest import assert_error_shape, call


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_errors_are_in_french_by_default(client):
    answer = assert_error_shape(call(client, "GET", "/api/v1/taxonomy"), 401)

    assert answer["detail"].startswith("Authentification requise")


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["en", "en-CA,en;q=0.9", "de-DE,en;q=0.5"])
def test_errors_follow_accept_language(client, header):
    answer = assert_error_shape(call(client, "GET", "/api/v1/taxonomy", lang=header), 401)

    assert answer["detail"].startswith("Authentication required")


@pytest.mark.django_db
def test_a_language_neither_french_nor_english_gets_french(client):
    answer = assert_error_shape(call(client, "GET", "/api/v1/taxonomy", lang="de"), 401)

    assert answer["detail"].startswith("Authentification requise")


@pytest.mark.django_db
def test_a_garbled_accept_language_gets_french_not_a_500(client):
    response = call(client, "GET", "/api/v1/taxonomy", lang=";;;q=x," * 100)

    assert_error_shape(response, 401)


@pytest.mark.django_db
def test_form_errors_are_in_the_callers_language(client, alice_write, organisation_a):
    path = f"/api/v1/organisations/{organisation_a.slug}/inventory"

    french = call(
        client, "POST", path, token=alice_write, body={"category": "x", "direction": "need"}
    )
    english = call(
        client,
        "POST",
        path,
        token=alice_write,
        lang="en",
        body={"category": "x", "direction": "need"},
    )

    assert (
        assert_error_shape(french, 422)["errors"][0]["message"] == "Cette catégorie n'existe pas."
    )
    assert (
        assert_error_shape(english, 422)["errors"][0]["message"] == "This category does not exist."
    )


@pytest.mark.django_db
def test_the_validation_shape_replaces_ninjas(client, alice_write):
    response = call(
        client,
        "POST",
        "/api/v1/organisations",
        token=alice_write,
        lang="en",
        body={"name": 12, "legal_kind": ["x"]},
    )

    answer = assert_error_shape(response, 422)
    assert answer["detail"] == "The request holds invalid values."
    assert {"field": "name", "message": "Text expected."} in answer["errors"]
    assert {"field": "region", "message": "This field is required."} in answer["errors"]


@pytest.mark.django_db
def test_malformed_json_is_400_with_the_shape(client, alice_write):
    response = client.post(
        "/api/v1/organisations",
        data="{nope",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {alice_write.raw}",
    )

    answer = assert_error_shape(response, 400)
    assert "JSON" in answer["detail"]


@pytest.mark.django_db
def test_an_unknown_address_under_api_is_a_json_404(client):
    for path in ("/api/", "/api/v2/taxonomy", "/api/v1/nothing/here"):
        assert_error_shape(client.get(path), 404)


@pytest.mark.django_db
def test_a_wrong_method_is_a_json_405_with_allow(client, alice_write):
    response = call(client, "DELETE", "/api/v1/taxonomy", token=alice_write)

    assert_error_shape(response, 405)
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_a_body_over_the_limit_is_413(client, settings, alice_write):
    settings.API_MAX_BODY_BYTES = 1000

    response = call(
        client,
        "POST",
        "/api/v1/organisations",
        token=alice_write,
        body={"name": "x" * 2000, "legal_kind": "nonprofit", "region": "06"},
    )

    answer = assert_error_shape(response, 413)
    assert "Ko" in answer["detail"]


@pytest.mark.django_db
def test_past_the_rate_limit_the_answer_is_429_with_retry_after(client, settings, alice_read):
    settings.API_RATE_LIMIT = 3

    answers = [call(client, "GET", "/api/v1/organisations", token=alice_read) for _ in range(4)]

    assert [r.status_code for r in answers[:3]] == [200, 200, 200]
    assert_error_shape(answers[3], 429)
    assert 1 <= int(answers[3]["Retry-After"]) <= 61


@pytest.mark.django_db
def test_the_rate_is_counted_per_token(client, settings, alice_read, alice_write):
    settings.API_RATE_LIMIT = 2
    for _ in range(3):
        call(client, "GET", "/api/v1/organisations", token=alice_read)

    other = call(client, "GET", "/api/v1/organisations", token=alice_write)

    assert other.status_code == 200


@pytest.mark.django_db
def test_the_session_is_rate_limited_too(client, settings, alice):
    settings.API_RATE_LIMIT = 1
    client.force_login(alice)

    first, second = client.get("/api/v1/organisations"), client.get("/api/v1/organisations")

    assert first.status_code == 200
    assert_error_shape(second, 429)
