"""The sweep fails when a route forgets its check: proven with routes added at runtime."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from .access_table import ACCESS, NAMESPACES, api_target_slug, target_item
from .sweep import Object, Own, check_route, leaked, missing_entries, project_routes
from .world import SECRETS

LEAKY_URLCONF = "tests.security.leaky_urls"


@pytest.fixture
def leaky_urls(settings):
    settings.ROOT_URLCONF = LEAKY_URLCONF


def _route(key: str):
    return next(route for route in project_routes() if route.key == key)


def _sweep_leaky_route(key: str, entry, role: str, world, role_client, **options):
    """Sweep one route of the leaky URLconf as the role: its client, its own organisation."""
    client = role_client(role)
    me = world.my_organisation(role)
    return check_route(_route(key), entry, role, client, world, me, secrets=SECRETS, **options)


def test_a_route_with_no_entry_fails_the_sweep(leaky_urls):
    problems = missing_entries(project_routes(), ACCESS, NAMESPACES)

    assert problems == [
        "route leaky-item (/leak/items/<int:item_id>/) has no entry in the access sweep",
        "route careless-delete (/leak/items/<int:item_id>/delete/) has no entry in the access "
        "sweep",
        "route leaky-export (/leak/items/<int:item_id>/export.zip) has no entry in the access "
        "sweep",
        "route leaky-api (/leak/api/organisations/<slug:slug>) has no entry in the access sweep",
    ]


def test_the_project_routes_alone_have_every_entry():
    assert missing_entries(project_routes(), ACCESS, NAMESPACES) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "owner", "guest"])
def test_a_route_that_shows_another_organisations_item_is_caught(
    leaky_urls, world, role_client, role
):
    problems = _sweep_leaky_route(
        "leaky-item", Object(calls=(target_item,)), role, world, role_client
    )

    found = {problem.what for problem in problems}
    assert "answered 200" in found
    assert "shows the target's item label" in found
    assert "shows the target's item notes" in found
    assert all(problem.route == "leaky-item" and problem.role == role for problem in problems)


@pytest.mark.django_db
def test_a_route_that_deletes_before_its_check_is_caught(leaky_urls, world, role_client):
    problems = _sweep_leaky_route(
        "careless-delete",
        Object(calls=(target_item,)),
        "editor",
        world,
        role_client,
        methods=("POST",),
    )

    assert len(problems) == 1
    assert problems[0].what.startswith("changed diagnostic.inventoryitem:")
    assert "rows" in problems[0].what


@pytest.mark.parametrize(
    "body",
    [
        "<p>ZQX Invitée de l&#x27;atelier</p>",  # an HTML page
        '{"name": "ZQX Cible Priv\\u00e9e"}',  # a JSON answer
    ],
)
def test_a_secret_is_found_however_the_answer_escapes_it(body):
    response = HttpResponse(body)

    assert leaked(response, SECRETS, frozenset()) in (["name"], ["workshop guest"])


@pytest.mark.django_db
def test_a_zip_that_holds_another_organisations_item_is_caught(leaky_urls, world, role_client):
    """The export is compressed: the sweep reads each file of a ZIP, not its bytes."""
    problems = _sweep_leaky_route(
        "leaky-export", Own(calls=(target_item,)), "owner", world, role_client, methods=("GET",)
    )

    assert {problem.what for problem in problems} == {
        "shows the target's item label",
        "shows the target's item notes",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "owner", "facilitator"])
def test_an_api_route_that_forgets_the_membership_is_caught_with_each_token(
    leaky_urls, world, role_client, role
):
    problems = _sweep_leaky_route(
        "leaky-api",
        Object(calls=(api_target_slug,), methods=("GET", "PATCH"), api=True),
        role,
        world,
        role_client,
    )

    found = {(problem.method, problem.what) for problem in problems}
    for scope in ("read", "write"):
        assert ("GET", f"answered 200 [Bearer {scope} token]") in found
        assert ("PATCH", f"answered 200 [Bearer {scope} token]") in found
    # The read token comes first: it sees the name, then renames the target (and the write
    # token, after it, finds the name already changed).
    assert ("GET", "shows the target's name [Bearer read token]") in found
    assert any(
        method == "PATCH"
        and what.startswith("changed organisations.organisation: rows changed")
        and what.endswith("[Bearer read token]")
        for method, what in found
    )
    # The session alone is no token: this route refuses it (401), which a member must not get.
    assert ("GET", "answered 401") in found


@pytest.mark.django_db
def test_an_api_route_that_checks_the_token_gives_the_anonymous_visitor_nothing(
    leaky_urls, world, role_client
):
    """Anonymous: no session and a forged token, both 401: nothing to report."""
    problems = _sweep_leaky_route(
        "leaky-api",
        Object(calls=(api_target_slug,), methods=("GET", "PATCH"), api=True),
        "anonymous",
        world,
        role_client,
    )

    assert problems == []
