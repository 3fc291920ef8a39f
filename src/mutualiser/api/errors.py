"""One shape for every error the API answers, in the caller's language.

`{"detail": "<one sentence>", "errors": [{"field": "<name or null>", "message": "..."}]}`:
ninja's own answers (validation, authentication, 404) are replaced by this shape here, so that
a client reads every refusal the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("mutualiser.api")

LANGUAGES = ("fr", "en")


def api_language(request: HttpRequest) -> str:
    """ "fr" or "en" from the Accept-Language header alone (French when it names neither).

    The pages' language cookie is left aside: a tool calling the API says what it reads.
    """
    header = request.headers.get("Accept-Language", "")
    try:
        choices = parse_accept_lang_header(header[:200])
    except ValueError:
        choices = ()
    for code, _quality in choices:
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return settings.LANGUAGE_CODE


class ApiError(Exception):
    """A refusal with its status, its sentence and the fields it is about."""

    status = 400

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[dict[str, Any]] = (),
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        if status is not None:
            self.status = status
        self.headers = headers or {}


class Forbidden(ApiError):
    status = 403


class Conflict(ApiError):
    status = 409


class TooLarge(ApiError):
    status = 413


class Unprocessable(ApiError):
    status = 422


class RateLimited(ApiError):
    status = 429


def error(field: str | None, message: Any) -> dict[str, Any]:
    return {"field": field, "message": str(message)}


def error_body(detail: Any, errors: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"detail": str(detail), "errors": list(errors)}


def respond(
    detail: Any,
    status: int,
    errors: Iterable[dict[str, Any]] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    response = JsonResponse(error_body(detail, errors), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def form_errors(form) -> list[dict[str, Any]]:
    """A Django form's errors, each under the API's name of its field (None: the whole)."""
    found = []
    for name, messages in form.errors.items():
        field = None if name == "__all__" else FORM_FIELD_NAMES.get(name, name)
        for message in messages:
            found.append(error(field, message))
    return found


# The API's field names of the form fields that differ (the twelve months are one list).
FORM_FIELD_NAMES = {f"month_{n}": f"months.{n - 1}" for n in range(1, 13)}


def validation_errors(error_: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(error_, "error_dict"):
        return [
            error(None if name == "__all__" else name, message)
            for name, messages in error_.message_dict.items()
            for message in messages
        ]
    return [error(None, message) for message in error_.messages]


def _pydantic_message(entry: dict[str, Any]) -> str:
    """Pydantic's English sentence, replaced by ours (both languages) for the usual kinds."""
    kind = str(entry.get("type", ""))
    context = entry.get("ctx") or {}
    if kind == "missing":
        return _("Ce champ est obligatoire.")
    if kind in ("json_invalid", "json_type"):
        return _("Le corps de la requête n'est pas du JSON valide.")
    if kind in ("extra_forbidden",):
        return _("Ce champ n'est pas attendu.")
    if kind in ("literal_error", "enum"):
        return _("Valeur non permise : %(expected)s.") % {"expected": context.get("expected", "")}
    if kind in ("string_too_long",):
        return _("Texte trop long (%(max)s caractères au plus).") % {
            "max": context.get("max_length", "")
        }
    if kind in ("string_too_short",):
        return _("Texte trop court.")
    if kind in ("too_long",):
        return _("Trop d'éléments (%(max)s au plus).") % {"max": context.get("max_length", "")}
    if kind in ("too_short",):
        return _("Pas assez d'éléments (%(min)s au moins).") % {
            "min": context.get("min_length", "")
        }
    if kind.startswith(("greater_than", "less_than")):
        return _("Valeur hors des limites permises.")
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("Un nombre est attendu.")
    if kind.startswith(("string_", "str_")):
        return _("Un texte est attendu.")
    if kind.startswith("bool_"):
        return _("Vrai ou faux est attendu.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Une liste est attendue.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Un objet JSON est attendu.")
    return _("Valeur invalide.")


# Where ninja says a value came from; the param's own name follows for a body or a schema.
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_of(loc: Sequence[Any]) -> str | None:
    parts = [str(part) for part in loc]
    if parts and parts[0] in SOURCES:
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    return ".".join(parts) or None


def install(api) -> None:
    """Register the handlers on the NinjaAPI `api`."""

    def handle(exception_class):
        def register(function):
            def handler(request: HttpRequest, exc: Exception) -> HttpResponse:
                with translation.override(api_language(request)):
                    return function(request, exc)

            api.add_exception_handler(exception_class, handler)
            return function

        return register

    @handle(ApiError)
    def _api_error(request, exc: ApiError):
        return respond(exc.detail, exc.status, exc.errors, exc.headers)

    @handle(NinjaValidationError)
    def _invalid(request, exc: NinjaValidationError):
        if getattr(request, "upload_too_large", False):
            # diagnostic.uploads stopped reading the file: it is missing, being too large
            return respond(
                upload_too_large_message(), 413, [error("file", upload_too_large_message())]
            )
        errors = [error(_field_of(e.get("loc", ())), _pydantic_message(e)) for e in exc.errors]
        return respond(_("La requête contient des valeurs invalides."), 422, errors)

    @handle(AuthenticationError)
    def _unauthenticated(request, exc):
        return respond(
            _(
                "Authentification requise : envoyez « Authorization: Bearer <jeton> » avec un "
                "jeton valide, ou connectez-vous."
            ),
            401,
            headers={"WWW-Authenticate": 'Bearer realm="mutualiser"'},
        )

    @handle(AuthorizationError)
    def _forbidden_ninja(request, exc):
        return respond(_("Vous n'avez pas accès à cette ressource."), 403)

    @handle(PermissionDenied)
    def _forbidden(request, exc):
        return respond(_("Vous n'avez pas accès à cette ressource."), 403)

    @handle(Http404)
    def _not_found(request, exc):
        return respond(_("Introuvable."), 404)

    @handle(RequestDataTooBig)
    def _too_big(request, exc):
        return respond(body_too_large_message(), 413)

    @handle(DjangoValidationError)
    def _django_invalid(request, exc: DjangoValidationError):
        return respond(_("La requête contient des valeurs invalides."), 422, validation_errors(exc))

    @handle(HttpError)
    def _http_error(request, exc: HttpError):
        if exc.status_code == 403:  # ninja's only one: the session's CSRF check
            return respond(
                _(
                    "Vérification CSRF échouée : envoyez l'en-tête X-CSRFToken avec la session, "
                    "ou utilisez un jeton."
                ),
                403,
            )
        if exc.status_code == 400:  # ninja's: a body it cannot parse
            return respond(_("Le corps de la requête n'est pas du JSON valide."), 400)
        return respond(_("Requête invalide."), exc.status_code)

    @handle(Exception)
    def _unexpected(request, exc: Exception):
        logger.error("API error on %s", request.path, exc_info=exc)
        return respond(_("Erreur interne : l'équipe en est avertie."), 500)


def body_too_large_message(limit: int | None = None) -> str:
    limit = limit or settings.API_MAX_BODY_BYTES
    return _("Le corps de la requête dépasse %(size)s Ko.") % {"size": limit // 1024}


def upload_too_large_message() -> str:
    return _("Le fichier dépasse 2 Mo. Divisez-le ou retirez les feuilles inutiles.")
