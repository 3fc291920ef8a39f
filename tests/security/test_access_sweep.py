"""The access sweep: every route, every role, another organisation's objects: never a leak.

One test per route and role (the failure names both), GET and POST with a CSRF-valid
client; the admin's pages, one test per role. See `sweep.py` for the rules and
`access_table.py` for the classification.
"""

from __future__ import annotations

import pytest

from mutualiser.api.api import route_table

from .access_table import ACCESS, NAMESPACES, _api_pattern_path
from .sweep import (
    ROLES,
    Staff,
    check_route,
    csrf_client,
    database_fingerprint,
    entry_for,
    fingerprint_changes,
    leaked,
    missing_entries,
    project_routes,
    stale_entries,
)
from .world import SECRETS

ROUTES = project_routes()
PAGE_ROUTES = [route for route in ROUTES if route.namespace.split(":")[0] not in NAMESPACES]
NAMESPACED_ROUTES = [route for route in ROUTES if route.namespace.split(":")[0] in NAMESPACES]


def test_every_route_has_an_entry_in_the_table():
    missing = missing_entries(ROUTES, ACCESS, NAMESPACES)

    assert not missing, "\n".join([*missing, "Classify it in tests/security/access_table.py."])


def test_the_table_lists_no_route_that_is_gone():
    assert stale_entries(ROUTES, ACCESS) == []


def test_the_sweep_sees_allauth_the_admin_and_every_app():
    keys = {route.key for route in ROUTES}

    assert {"account_login", "account_reset_password_from_key", "admin:index"} <= keys
    assert {"projects:decision", "join:propose", "organisations:change-role"} <= keys


def _sweep(route, role, world, client, **options):
    kind = entry_for(route, ACCESS, NAMESPACES)
    if kind is None:
        pytest.fail(f"route {route} has no entry in the access sweep")
    me = world.my_organisation(role)
    return check_route(route, kind, role, client, world, me, secrets=SECRETS, **options)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", PAGE_ROUTES, ids=str)
def test_route_gives_nothing_of_another_organisation(route, role, world, role_client):
    problems = _sweep(route, role, world, role_client(role))

    assert not problems, "\n".join(map(str, problems))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_are_for_staff_only(role, world, role_client):
    before = database_fingerprint()

    problems = []
    for route in NAMESPACED_ROUTES:
        problems += _sweep(route, role, world, role_client(role), fingerprint=False)

    assert not problems, "\n".join(map(str, problems))
    assert fingerprint_changes(before, database_fingerprint()) == []


def test_every_admin_page_falls_under_the_staff_rule():
    kinds = {route.key: entry_for(route, ACCESS, NAMESPACES) for route in NAMESPACED_ROUTES}

    assert {key for key, kind in kinds.items() if not isinstance(kind, Staff)} == {
        "admin:login",
        "admin:logout",
    }


def test_every_api_operation_is_swept_with_its_method():
    swept = set()
    for route in ROUTES:
        kind = entry_for(route, ACCESS, NAMESPACES)
        if route.namespace == "api" and kind.api:
            swept |= {(method, _api_pattern_path(route.pattern)) for method in kind.methods}

    assert {(method, path) for method, path, _writes in route_table()} <= swept


def test_the_api_routes_are_swept_as_the_api_is_called():
    api_routes = [route for route in ROUTES if route.namespace == "api"]
    kinds = {route.key: entry_for(route, ACCESS, NAMESPACES) for route in api_routes}

    # Swagger UI is an HTML page; everything else answers JSON, with tokens.
    assert {key for key, kind in kinds.items() if not kind.api} == {"api:openapi-view"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "editor", "owner", "facilitator"])
def test_the_world_gives_each_member_role_a_read_and_a_write_token(role, world):
    """The sweep's tokens are real: they open the caller's own data, and only the write
    token may write (a 401 for a member is a sweep failure, so this guards the guard)."""
    client = csrf_client()
    scopes = dict(world.credentials(role))

    for scope in ("read", "write"):
        response = client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {scopes[scope]}")
        assert response.status_code == 200
        slugs = [row["slug"] for row in response.json()]
        assert slugs == ([world.mine.slug] if role != "facilitator" else [])
    refused = client.post(
        f"/api/v1/organisations/{world.mine.slug}/inventory",
        "{}",
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {scopes['read']}",
    )
    assert refused.status_code == 403 if role != "facilitator" else 404


def test_anonymous_and_the_guest_call_the_api_without_a_real_token(world):
    assert [scope for scope, _raw in world.credentials("anonymous")] == ["forged"]
    assert world.credentials("guest") == []


@pytest.mark.django_db
def test_the_sweep_client_passes_the_csrf_check(world, role_client):
    """A POST of the sweep reaches the view: switching to one's own organisation works."""
    client = role_client("owner")

    response = client.post("/fr/organisations/switch/", {"organisation": world.mine.slug})

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_world_holds_the_secrets_the_owner_sees(world):
    """The secrets are real: the target's owner sees them on the target's own pages."""
    client = csrf_client()
    client.force_login(world.tina)

    project = client.get(f"/fr/projects/{world.project.pk}/decisions/")
    request = client.get(f"/fr/requests/{world.request.pk}/")

    assert SECRETS["decision"] in project.content.decode()
    assert SECRETS["request message"] in request.content.decode()


@pytest.mark.django_db
def test_the_sweep_reads_the_files_inside_the_real_export(world):
    """tina's own export holds her organisation's strings, compressed: the sweep finds them
    (so a role's export that held one would fail the sweep)."""
    client = csrf_client()
    client.force_login(world.tina)

    response = client.get("/fr/privacy/my-data/export.zip")

    assert response["Content-Type"] == "application/zip"
    found = leaked(response, SECRETS, frozenset())
    assert {"name", "item label", "item notes", "request message"} <= set(found)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "editor", "owner", "facilitator"])
def test_the_targets_delete_page_is_a_404_for_every_member_role(role, world, role_client):
    client = role_client(role)
    url = f"/fr/organisations/{world.target.slug}/delete/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"name": SECRETS["name"]}).status_code == 404
