"""The JSON API: one NinjaAPI under /api/, version 1 under /api/v1/.

The OpenAPI schema is at /api/openapi.json and the interactive docs at /api/docs (Swagger UI,
served from django-ninja's own static files: no CDN). `route_table()` lists every operation
for the access sweep and the tests.
"""

from __future__ import annotations

from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

from . import errors, v1_engine, v1_inventory, v1_partners
from .auth import API_AUTH

VERSION = "1"

api = NinjaAPI(
    title="Mutualiser API",
    version=VERSION,
    description=(
        "The JSON API of Mutualiser. Authenticate with `Authorization: Bearer <token>` (a "
        "personal access token made on the account's API page) or with the browser's session "
        "(and the `X-CSRFToken` header for writes). Errors always have the shape "
        '`{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`, in the language '
        "of `Accept-Language` (fr by default, en)."
    ),
    urls_namespace="api",
    auth=API_AUTH,
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=Swagger(settings={"persistAuthorization": True, "tryItOutEnabled": False}),
)
errors.install(api)

v1 = Router()
v1.add_router("", v1_inventory.router)
v1.add_router("", v1_partners.router)
v1.add_router("", v1_engine.router)
api.add_router(f"/v{VERSION}", v1)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def route_table() -> list[tuple[str, str, bool]]:
    """(method, path under /api/, whether it writes) for every operation of the API.

    `engine/solve` is a POST that writes nothing (a read token may call it).
    """
    schema = api.get_openapi_schema()
    table = []
    for path, operations in schema["paths"].items():
        for method in operations:
            upper = method.upper()
            writes = upper in WRITE_METHODS and not path.endswith("/engine/solve")
            table.append((upper, path, writes))
    return table
