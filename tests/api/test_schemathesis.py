"""Schemathesis over the whole OpenAPI schema, through the WSGI app: no 500, no answer that
breaks the schema (status code, content type, body).

Bounded for CI: a few examples per operation and a deadline per example. The path's `slug`
is alice's organisation and half the ids are real ones, so that the generated bodies reach the
forms and services rather than stopping at a 404.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import InventoryItemFactory

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _connection_kept():
    """As Django's test client does: the WSGI handler's end of request must not close the
    test's database connection (its transaction holds the test's data)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(_connection_kept, settings, alice_write, organisation_a, accounting):
    settings.API_RATE_LIMIT = 100_000
    settings.API_ENGINE_TIME_LIMIT = 2
    settings.API_ENGINE_RATE_LIMIT = 100_000
    item = InventoryItemFactory(organisation=organisation_a, category=accounting)
    return {"token": alice_write.raw, "slug": organisation_a.slug, "item_id": item.pk}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=5000,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema_and_never_fails(case, fuzz_world):
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = fuzz_world["slug"]
    if isinstance(parameters.get("item_id"), int) and parameters["item_id"] % 2 == 0:
        parameters["item_id"] = fuzz_world["item_id"]

    case.call_and_validate(
        headers={"Authorization": f"Bearer {fuzz_world['token']}"}, checks=CHECKS
    )
