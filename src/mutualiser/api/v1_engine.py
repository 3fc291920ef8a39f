"""`POST /api/v1/engine/solve`: the engine itself, on the contract's instance (DESIGN.md).

The body is read here rather than by a schema, so that its size and its number of items are
checked before anything is parsed or solved (413), and the engine's own validation names
every bad field at once (422).
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import InstanceError, instance_from_dict, result_to_dict

from .auth import READ_ONLY_AUTH, rate_check
from .errors import ApiError, TooLarge, Unprocessable, api_language, error
from .schemas import ERRORS, ResultOut

router = Router()

_NUMBER = {"type": "number"}
_TEXT = {"type": "string", "minLength": 1}
INSTANCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["categories", "organisations", "items"],
    "properties": {
        "categories": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "code",
                    "standalone_rate",
                    "unit_capacity",
                    "unit_cost",
                    "min_fraction",
                    "member_overhead",
                    "max_group_size",
                ],
                "properties": {
                    "code": _TEXT,
                    "standalone_rate": {"type": "number", "minimum": 0},
                    "unit_capacity": {"type": "number", "exclusiveMinimum": 0},
                    "unit_cost": {"type": "number", "minimum": 0},
                    "min_fraction": {"type": "number", "minimum": 0, "maximum": 1},
                    "member_overhead": {"type": "number", "minimum": 0},
                    "max_group_size": {"type": "integer", "minimum": 1},
                },
            },
        },
        "organisations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "lat", "lon"],
                "properties": {
                    "id": _TEXT,
                    "lat": {"type": "number", "minimum": -90, "maximum": 90},
                    "lon": {"type": "number", "minimum": -180, "maximum": 180},
                    "region": {"type": "string"},
                    "disciplines": {"type": "array", "items": {"type": "string"}},
                    "kind": {"type": "string"},
                    "budget": {"type": "number", "minimum": 0},
                },
            },
        },
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "org", "category", "direction", "months", "max_distance_km"],
                "properties": {
                    "id": _TEXT,
                    "org": _TEXT,
                    "category": _TEXT,
                    "direction": {"type": "string", "enum": ["need", "offer"]},
                    "months": {
                        "type": "array",
                        "items": {"type": "number", "minimum": 0},
                        "minItems": 12,
                        "maxItems": 12,
                    },
                    "max_distance_km": {"type": "number", "minimum": 0},
                    "rate": {"type": "number", "minimum": 0},
                },
            },
        },
        "exclusions": {
            "type": "array",
            "items": {"type": "array", "items": _TEXT, "minItems": 2, "maxItems": 2},
        },
    },
    "example": {
        "categories": [
            {
                "code": "accounting",
                "standalone_rate": 65,
                "unit_capacity": 140,
                "unit_cost": 6200,
                "min_fraction": 0.4,
                "member_overhead": 150,
                "max_group_size": 6,
            }
        ],
        "organisations": [
            {"id": "o1", "lat": 45.52, "lon": -73.58},
            {"id": "o2", "lat": 45.50, "lon": -73.56},
        ],
        "items": [
            {
                "id": "i1",
                "org": "o1",
                "category": "accounting",
                "direction": "need",
                "months": [100, 100, 100, 100, 100, 0, 0, 0, 100, 100, 100, 100],
                "max_distance_km": 60,
            },
            {
                "id": "i2",
                "org": "o2",
                "category": "accounting",
                "direction": "need",
                "months": [0, 0, 0, 0, 0, 120, 120, 120, 0, 0, 0, 0],
                "max_distance_km": 60,
            },
        ],
        "exclusions": [],
    },
}


def _finite(value: Any) -> Any:
    """The result with NaN and infinities as null: JSON has no such numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _instance_errors(problem: InstanceError, lang: str) -> list[dict[str, Any]]:
    """The engine's problems in the caller's language, each place (`items[3] (id "i4")`,
    the instance's own JSON) as the field; `words` renders the engine's ids."""
    return [error(found.where or None, found.message(lang)) for found in problem.problems[:200]]


def _parse(request: HttpRequest) -> dict[str, Any]:
    max_bytes = settings.API_ENGINE_MAX_BYTES
    if len(request.body) > max_bytes:
        raise TooLarge(
            _("L'instance dépasse %(size)s Ko.") % {"size": max_bytes // 1024},
        )
    try:
        data = json.loads(request.body or b"null", parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError) as bad:
        raise ApiError(
            _("Le corps de la requête n'est pas du JSON valide."),
            errors=[error(None, str(bad)[:200])],
        ) from bad
    if not isinstance(data, dict):
        raise Unprocessable(
            _("L'instance doit être un objet JSON."),
            errors=[error(None, _("Un objet JSON est attendu."))],
        )
    items = data.get("items")
    max_items = settings.API_ENGINE_MAX_ITEMS
    if isinstance(items, list) and len(items) > max_items:
        raise TooLarge(
            _("L'instance compte %(count)s éléments ; l'API en résout %(max)s au plus.")
            % {"count": len(items), "max": max_items},
            errors=[error("items", _("%(max)s éléments au plus.") % {"max": max_items})],
        )
    return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


@router.post(
    "/engine/solve",
    response={200: ResultOut, **ERRORS},
    tags=["engine"],
    auth=READ_ONLY_AUTH,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": INSTANCE_SCHEMA}},
        }
    },
)
def engine_solve(request: HttpRequest):
    """Solve an instance of the engine's JSON contract and return its result.

    Reads nothing of the caller's data and writes nothing: a read token may call it. Bounded
    by `API_ENGINE_MAX_ITEMS` items and `API_ENGINE_MAX_BYTES` bytes (413 beyond), by
    `API_ENGINE_RATE_LIMIT` solves a minute (429), and by `API_ENGINE_TIME_LIMIT` seconds of
    solving (the components reached later keep the heuristic's plan, marked `stopped`).
    """
    # A solve costs seconds of a worker, a read milliseconds: its own, lower limit.
    rate_check(request.auth, bucket="engine", limit=settings.API_ENGINE_RATE_LIMIT)
    data = _parse(request)
    try:
        instance = instance_from_dict(data)
    except InstanceError as problem:
        raise Unprocessable(
            _("L'instance n'est pas valide : %(count)s erreur(s).")
            % {"count": len(problem.errors)},
            errors=_instance_errors(problem, api_language(request)),
        ) from problem
    result = solve(instance, time_limit=settings.API_ENGINE_TIME_LIMIT)
    return _finite(result_to_dict(result))
