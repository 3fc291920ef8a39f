"""POST /api/v1/engine/solve: the contract's instance in, its result out, within limits."""

from __future__ import annotations

import json

import pytest

from mutualiser.api.v1_engine import INSTANCE_SCHEMA

from .conftest import assert_error_shape, call

URL = "/api/v1/engine/solve"


def instance(items: int = 2) -> dict:
    example = json.loads(json.dumps(INSTANCE_SCHEMA["example"]))
    base = example["items"][0]
    example["items"] = [
        {**base, "id": f"i{n}", "org": "o1" if n % 2 else "o2"} for n in range(items)
    ]
    return example


@pytest.mark.django_db
def test_solving_the_documented_example_pools_the_two_needs(client, alice_read):
    response = call(client, "POST", URL, token=alice_read, body=INSTANCE_SCHEMA["example"])

    assert response.status_code == 200, response.content
    result = response.json()
    assert set(result) == {"groups", "assignments", "total_savings", "components", "cuts"}
    assert result["groups"][0]["items"] == ["i1", "i2"]
    assert result["total_savings"] > 0
    assert set(result["groups"][0]["shares"]) == {"o1", "o2"}


@pytest.mark.django_db
def test_an_invalid_instance_names_each_bad_field(client, alice_read):
    bad = instance()
    bad["items"][0]["months"] = [1, 2, 3]
    bad["items"][1]["org"] = "nobody"

    response = call(client, "POST", URL, token=alice_read, body=bad)

    answer = assert_error_shape(response, 422)
    fields = [e["field"] for e in answer["errors"]]
    assert 'items[0] (id "i0")' in fields and 'items[1] (id "i1")' in fields
    assert any("doit compter 12" in e["message"] for e in answer["errors"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "detail", "months", "org"),
    [
        (
            "fr",
            "L'instance n'est pas valide : 2 erreur(s).",
            '"months" doit compter 12\u00a0valeurs, reçu 3',
            '"org" nomme un organisme inconnu "nobody"',
        ),
        (
            "en",
            "The instance is not valid: 2 error(s).",
            '"months" must have 12 values, got 3',
            '"org" names an unknown organisation "nobody"',
        ),
    ],
)
def test_the_engines_problems_are_in_the_callers_language(
    client, alice_read, lang, detail, months, org
):
    """The engine returns ids and parameters; the API renders them as the caller reads."""
    bad = instance()
    bad["items"][0]["months"] = [1, 2, 3]
    bad["items"][1]["org"] = "nobody"

    response = call(client, "POST", URL, token=alice_read, body=bad, lang=lang)

    answer = assert_error_shape(response, 422)
    assert answer["detail"].replace("\u00a0", " ") == detail
    assert answer["errors"] == [
        {"field": 'items[0] (id "i0")', "message": months},
        {"field": 'items[1] (id "i1")', "message": org},
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[]", '"text"', "null", "12"])
def test_an_instance_must_be_an_object(client, alice_read, body):
    response = client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {alice_read.raw}",
    )

    assert_error_shape(response, 422)


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["{nope", '{"items": NaN}', "\xff\xfe"])
def test_a_body_that_is_not_json_is_400(client, alice_read, body):
    response = client.post(
        URL,
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {alice_read.raw}",
    )

    assert_error_shape(response, 400)


@pytest.mark.django_db
def test_too_many_items_is_413(client, settings, alice_read):
    settings.API_ENGINE_MAX_ITEMS = 10

    response = call(client, "POST", URL, token=alice_read, body=instance(11))

    answer = assert_error_shape(response, 413)
    assert answer["errors"][0]["field"] == "items"


@pytest.mark.django_db
def test_an_instance_over_the_byte_limit_is_413(client, settings, alice_read):
    settings.API_ENGINE_MAX_BYTES = 2000

    response = call(client, "POST", URL, token=alice_read, body=instance(30), lang="en")

    answer = assert_error_shape(response, 413)
    assert "KB" in answer["detail"] or "Ko" in answer["detail"]


@pytest.mark.django_db
def test_solving_needs_a_caller(client):
    assert_error_shape(call(client, "POST", URL, body=instance()), 401)


@pytest.mark.django_db
def test_solving_has_its_own_lower_rate(client, settings, alice_read):
    from django.core.cache import cache

    cache.clear()
    settings.API_ENGINE_RATE_LIMIT = 2

    answers = [call(client, "POST", URL, token=alice_read, body=instance()) for _ in range(3)]
    other = call(client, "GET", "/api/v1/organisations", token=alice_read)

    assert [r.status_code for r in answers[:2]] == [200, 200]
    assert_error_shape(answers[2], 429)
    assert answers[2]["Retry-After"]
    assert other.status_code == 200
    cache.clear()
