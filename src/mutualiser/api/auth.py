"""Who calls: a personal access token (Bearer) or the browser's session (with CSRF).

Every operation goes through one of the two, then through `admit`: the caller's language is
activated, the request's size and the caller's rate are checked. A bad or revoked token is a
401 at once, never a fall back to the session.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from .errors import Forbidden, RateLimited, TooLarge, api_language, body_too_large_message
from .models import PersonalAccessToken
from .services import token_authenticate

RATE_WINDOW = 60  # seconds


@dataclass(frozen=True)
class Caller:
    """The member behind a request, and the token used (None: the browser's session)."""

    user: object
    token: PersonalAccessToken | None = None

    @property
    def can_write(self) -> bool:
        return self.token is None or self.token.can_write

    @property
    def rate_key(self) -> str:
        if self.token is not None:
            return f"token:{self.token.pk}"
        return f"user:{self.user.pk}"


def rate_check(caller: Caller, *, bucket: str = "all", limit: int | None = None) -> None:
    """A counter per caller, bucket and minute in the cache; past the limit, 429 until the
    minute ends. Every request counts in "all"; the engine's solve also in its own bucket."""
    limit = settings.API_RATE_LIMIT if limit is None else limit
    now = time.time()
    window = int(now // RATE_WINDOW)
    key = f"api-rate:{bucket}:{caller.rate_key}:{window}"
    if cache.add(key, 1, timeout=RATE_WINDOW + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls: a new window
            cache.set(key, 1, timeout=RATE_WINDOW + 1)
            count = 1
    if count > limit:
        retry = max(1, int(RATE_WINDOW - now % RATE_WINDOW) + 1)
        raise RateLimited(
            _("Trop de requêtes : %(limit)s par minute au plus. Réessayez dans %(s)s s.")
            % {"limit": limit, "s": retry},
            headers={"Retry-After": str(retry)},
        )


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def admit(
    request: HttpRequest,
    caller: Caller,
    *,
    read_only_ok: bool = False,
    max_body: int | None = None,
) -> Caller:
    """Let the caller in, or refuse: too large (413), too many (429), a read token writing (403).

    `read_only_ok`: the operation writes nothing whatever its method (the engine's solve).
    `max_body`: the operation's own body limit in bytes (the import's file), else the API's.
    """
    translation.activate(api_language(request))
    request.user = caller.user  # the selectors read the member from there, as for the pages
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = max_body or settings.API_MAX_BODY_BYTES
    if length > limit:
        raise TooLarge(body_too_large_message(limit))
    rate_check(caller)
    if request.method in WRITE_METHODS and not read_only_ok:
        require_write(request, caller)
    return caller


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mut_…`, a personal access token."""

    def __init__(self, *, read_only_ok: bool = False, max_body: int | None = None) -> None:
        super().__init__()
        self.read_only_ok = read_only_ok
        self.max_body = max_body

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            return None  # perhaps the session
        scheme, _space, raw = request.headers["Authorization"].partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str):
        found = token_authenticate(token)
        if found is None:
            raise AuthenticationError
        caller = Caller(user=found.user, token=found)
        return admit(request, caller, read_only_ok=self.read_only_ok, max_body=self.max_body)


class BrowserSession(SessionAuth):
    """The signed-in member's session; writes need the CSRF token (header X-CSRFToken)."""

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # nobody: a 401, not a CSRF refusal
        return super().__call__(request)

    def __init__(self, *, max_body: int | None = None) -> None:
        super().__init__()
        self.max_body = max_body

    def authenticate(self, request: HttpRequest, key):
        return admit(request, Caller(user=request.user), max_body=self.max_body)


def require_write(request: HttpRequest, caller: Caller | None = None) -> Caller:
    """The caller may write (a write token, or the session), else 403."""
    caller = caller or request.auth
    if not caller.can_write:
        raise Forbidden(_("Ce jeton ne permet que la lecture : créez un jeton « écriture »."))
    return caller


API_AUTH = [TokenAuth(), BrowserSession()]
# For the operations that write nothing whatever their method: a read token may call them.
READ_ONLY_AUTH = [TokenAuth(read_only_ok=True), BrowserSession()]
