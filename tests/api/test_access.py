"""Every operation of the API, for each kind of caller: the answer the pages would give.

The operations come from `route_table()`: a new operation is checked here without anyone
remembering to add it (a path parameter this file does not know fails the test).
"""

from __future__ import annotations

import pytest
from django.test import Client

from mutualiser.api.api import route_table
from mutualiser.contacts.models import ContactRequest
from mutualiser.projects.models import PoolingProject

from .conftest import Multipart, assert_error_shape, call

ROUTES = route_table()
WRITES = [(m, p) for m, p, writes in ROUTES if writes]
SCOPED = [(m, p) for m, p, _w in ROUTES if "{" in p]

# A body each write accepts, so that only the check under test can refuse it.
BODIES = {
    ("POST", "/api/v1/organisations"): {
        "name": "Nouvelle compagnie",
        "legal_kind": "nonprofit",
        "region": "06",
    },
    ("PATCH", "/api/v1/organisations/{slug}"): {"description": "Nouvelle présentation"},
    ("POST", "/api/v1/organisations/{slug}/inventory"): {
        "category": "accounting",
        "direction": "offer",
        "label": "Autre",
    },
    ("PATCH", "/api/v1/organisations/{slug}/inventory/{item_id}"): {"version": 1, "label": "X"},
    ("POST", "/api/v1/engine/solve"): {"categories": [], "organisations": [], "items": []},
    ("POST", "/api/v1/organisations/{slug}/inventory/import"): Multipart(
        file=("inventaire.csv", b"categorie;sens;precision\r\npayroll;besoin;\r\n")
    ),
}


def _address(path: str, values: dict) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, f"the access test does not know a parameter of {path}"
    return path


def _call_route(client, method: str, path: str, values: dict, *, token=None):
    """Call the route at the address of `values` with a body it accepts, so that only the
    check under test can refuse it."""
    body = BODIES.get((method, path))
    return call(client, method, _address(path, values), token=token, body=body)


@pytest.fixture
def other_objects(organisation_b, item_b, charlie, accounting):
    """Objects of B, and of no organisation of alice's: each id must give alice a 404."""
    from mutualiser.projects.services import project_create
    from tests.contacts.factories import ContactRequestFactory
    from tests.factories import OrganisationFactory

    c = OrganisationFactory(name="Tiers", slug="tiers")
    request = ContactRequestFactory(sender=organisation_b, recipient=c)
    project = project_create(
        created_by=charlie,
        lead=organisation_b,
        partners=[c],
        category=accounting,
        title="Projet de B",
        months_by_partner={},
        place="",
    )
    return {
        "slug": organisation_b.slug,
        "item_id": item_b.pk,
        "opportunity_id": 1,
        "request_id": request.pk,
        "project_id": project.pk,
    }


@pytest.fixture
def own_objects(organisation_a, item_a):
    return {
        "slug": organisation_a.slug,
        "item_id": item_a.pk,
        "opportunity_id": 1,
        "request_id": 1,
        "project_id": 1,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", [(m, p) for m, p, _w in ROUTES])
def test_anonymous_gets_401_everywhere(client, method, path, own_objects):
    response = _call_route(client, method, path, own_objects)

    assert_error_shape(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", [(m, p) for m, p, _w in ROUTES])
def test_a_revoked_token_gets_401_everywhere(client, method, path, own_objects, revoked):
    response = _call_route(client, method, path, own_objects, token=revoked)

    assert_error_shape(response, 401)


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", [(m, p) for m, p, _w in ROUTES])
def test_an_unknown_token_or_another_scheme_gets_401(client, method, path, own_objects):
    address = _address(path, own_objects)

    unknown = call(client, method, address, token="mut_" + "x" * 43)
    basic = call(client, method, address, HTTP_AUTHORIZATION="Basic YWxpY2U6cHc=")

    assert_error_shape(unknown, 401)
    assert_error_shape(basic, 401)


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", WRITES)
def test_a_read_token_cannot_write(client, method, path, own_objects, alice_read, accounting):
    response = _call_route(client, method, path, own_objects, token=alice_read)

    answer = assert_error_shape(response, 403)
    assert "lecture" in answer["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", [w for w in WRITES if "{slug}" in w[1]])
def test_a_viewer_cannot_write_in_their_organisation(client, method, path, own_objects, vera_write):
    response = _call_route(client, method, path, own_objects, token=vera_write)

    assert_error_shape(response, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", SCOPED)
def test_another_organisations_objects_are_404(client, method, path, other_objects, alice_write):
    response = _call_route(client, method, path, other_objects, token=alice_write)

    assert_error_shape(response, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("method,path", [p for p in SCOPED if "{item_id}" in p[1]])
def test_another_organisations_item_is_404_even_under_my_own_slug(
    client, method, path, organisation_a, item_a, item_b, alice_write
):
    values = {"slug": organisation_a.slug, "item_id": item_b.pk}

    response = _call_route(client, method, path, values, token=alice_write)

    assert_error_shape(response, 404)
    item_b.refresh_from_db()
    assert item_b.label == "ZQX-secret-de-B"


@pytest.mark.django_db
def test_the_session_reads_and_writes_with_its_csrf_token(alice, organisation_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    browser.get("/fr/accounts/tokens/")  # sets the CSRF cookie, as any page does
    csrf = browser.cookies["csrftoken"].value
    path = f"/api/v1/organisations/{organisation_a.slug}"

    read = browser.get(path)
    without = call(browser, "PATCH", path, body={"description": "Sans jeton CSRF"})
    with_csrf = call(browser, "PATCH", path, body={"description": "Avec"}, HTTP_X_CSRFTOKEN=csrf)

    assert read.status_code == 200
    assert_error_shape(without, 403)
    assert with_csrf.status_code == 200, with_csrf.content
    organisation_a.refresh_from_db()
    assert organisation_a.description == "Avec"


@pytest.mark.django_db
def test_the_sweep_can_walk_the_api_as_django_url_patterns():
    from django.urls import get_resolver

    names = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                names.add(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns)

    assert "api/v1/organisations/<slug>/inventory/<item_id>" in names
    assert "api/v1/engine/solve" in names
    assert {ContactRequest, PoolingProject}  # the sweep's objects exist as models
