"""The lockout after repeated failed logins (django-axes), for the site's login and the admin's.

Attempts count per account AND address (settings.AXES_LOCKOUT_PARAMETERS): a colleague's
typos behind the same office address never lock anyone else out. Attempts and lockouts live
in the database (axes' database handler), so every process and every machine sees them.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The names a login form gives the account: the admin's "username", allauth's "login",
# authenticate(email=…) from allauth's backend.
USERNAME_FIELDS = ("username", "login", "email")


class LockoutBackend(AxesStandaloneBackend):
    """Axes' check, but for code that authenticates without a request (the command line, a
    test's `client.login`): no address to count, nothing an attacker can reach. Every web
    login, the admin's and allauth's, passes its request and is counted."""

    def authenticate(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account tried, the same whichever form was used: trimmed, lower case."""
    sources = [credentials or {}]
    if request is not None and request.method == "POST":
        sources.append(request.POST)
    for source in sources:
        for name in USERNAME_FIELDS:
            value = source.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip().casefold()
    return None


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address: REMOTE_ADDR, or behind PROXY_COUNT trusted proxies the address
    the nearest of them saw (X-Forwarded-For read from the right, never from the left)."""
    count = getattr(settings, "PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Our page (French or English, like the rest of the site), status 429."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": max(1, round(cooloff.total_seconds() / 60)),
        },
        status=429,
    )


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: the database cache's table, when the cache is the database's."""
    from django.core.management import call_command

    backends = {cache["BACKEND"] for cache in settings.CACHES.values()}
    if "django.core.cache.backends.db.DatabaseCache" in backends:
        call_command("createcachetable", database=using, verbosity=0)
