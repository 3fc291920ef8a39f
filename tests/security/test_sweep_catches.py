"""The sweep fails when a route forgets its check: proven with routes added at runtime."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from .access_table import ACCESS, NAMESPACES, target_item
from .sweep import Object, check_route, leaked, missing_entries, project_routes
from .world import SECRETS

LEAKY_URLCONF = "tests.security.leaky_urls"


@pytest.fixture
def leaky_urls(settings):
    settings.ROOT_URLCONF = LEAKY_URLCONF


def _route(key: str):
    return next(route for route in project_routes() if route.key == key)


def test_a_route_with_no_entry_fails_the_sweep(leaky_urls):
    problems = missing_entries(project_routes(), ACCESS, NAMESPACES)

    assert problems == [
        "route leaky-item (/leak/items/<int:item_id>/) has no entry in the access sweep",
        "route careless-delete (/leak/items/<int:item_id>/delete/) has no entry in the access "
        "sweep",
    ]


def test_the_project_routes_alone_have_every_entry():
    assert missing_entries(project_routes(), ACCESS, NAMESPACES) == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "owner", "guest"])
def test_a_route_that_shows_another_organisations_item_is_caught(
    leaky_urls, world, role_client, role
):
    route = _route("leaky-item")

    problems = check_route(
        route,
        Object(calls=(target_item,)),
        role,
        role_client(role),
        world,
        world.my_organisation(role),
        secrets=SECRETS,
    )

    found = {problem.what for problem in problems}
    assert "answered 200" in found
    assert "shows the target's item label" in found
    assert "shows the target's item notes" in found
    assert all(problem.route == "leaky-item" and problem.role == role for problem in problems)


@pytest.mark.django_db
def test_a_route_that_deletes_before_its_check_is_caught(leaky_urls, world, role_client):
    route = _route("careless-delete")

    problems = check_route(
        route,
        Object(calls=(target_item,)),
        "editor",
        role_client("editor"),
        world,
        world.mine,
        secrets=SECRETS,
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
