"""/api/: the NinjaAPI's own URL patterns (plain Django patterns, walkable by a resolver),
then a JSON 404 for any other address under /api/."""

from __future__ import annotations

import functools

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _

from .api import api
from .errors import api_language, respond


def _json_not_allowed(view):
    """Ninja answers a wrong method with an empty 405: the API's one shape instead."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            with translation.override(api_language(request)):
                answer = respond(_("Méthode non permise à cette adresse."), 405)
            answer["Allow"] = response.get("Allow", "")
            return answer
        return response

    return wrapped


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    with translation.override(api_language(request)):
        return respond(_("Introuvable."), 404)


def _patterns() -> list:
    patterns, _app_name, _namespace = api.urls
    kept = []
    for pattern in patterns:
        if getattr(pattern, "name", None) == "api-root":
            # ninja's root raises an HTML 404 (ours answers in JSON); ninja reverses its name
            # to find where the API lives, so the name stays.
            kept.append(path("", not_found, name="api-root"))
            continue
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_not_allowed(pattern.callback)
        kept.append(pattern)
    return kept


app_name = "api"
urlpatterns = [
    *_patterns(),
    path("<path:rest>", not_found, name="not-found"),
]
