"""The access sweep's machinery: every URL pattern, the classification table, the checks.

`project_routes()` walks the URL resolver (allauth, admin and any `/api/` routes included),
so a new pattern is picked up without anyone remembering to add it here. `ACCESS` classifies
each one, explicitly:

- `Public`: anyone may open it (it may take fillers for its kwargs: a guide chapter's slug);
- `Own`: needs a signed-in member and shows only the member's own data (hostile query or
  form data, another organisation's ids, may be given);
- `Object`: its kwargs address objects; the sweep fills them with ANOTHER organisation's
  objects (several variants: the target's slug, or the member's own slug with the target's
  membership id, ...) and expects 404 or 403, a login redirect for anonymous visitors;
- `Capability`: the kwarg is a secret sent to one person (an invitation token, an email
  key, a workshop code): a forged one must give nothing; the real one may open a page, but
  shows only what the link is meant to tell (`discloses`);
- `Staff`: the django-admin, staff only (a namespace rule: every admin page is wrapped by
  `admin_view`).

A pattern with no entry fails the sweep: "route <name> (<pattern>) has no entry in the access
sweep". Every request is made with a CSRF-valid client for each role; its answer must not
contain any of the target's private strings (in the body or the headers), and the database
must be the same afterwards (row counts and contents).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import secrets as token_secrets
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

# --- The routes -------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern of the project, as the resolver holds it."""

    key: str  # "namespace:name", or the full pattern when the pattern has no name
    pattern: str  # the full pattern, prefix included, e.g. "fr/projects/<int:project_id>/"
    kwargs: tuple[str, ...]
    namespace: str
    named: bool

    def __str__(self) -> str:
        return f"{self.key} ({self.pattern})"


def _kwarg_names(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def _walk(resolver: URLResolver, prefix: str, namespaces: tuple[str, ...], kwargs: tuple):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        names = kwargs + tuple(_kwarg_names(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry, route, inner, names)
        elif isinstance(entry, URLPattern):
            named = bool(entry.name)
            key = ":".join((*namespaces, entry.name)) if named else route
            yield Route(
                key=key,
                pattern=route,
                kwargs=names,
                namespace=":".join(namespaces),
                named=named,
            )


def project_routes(urlconf: str | None = None) -> list[Route]:
    """Every URL pattern of `urlconf` (the project's by default), recursively."""
    return list(_walk(get_resolver(urlconf), "/", (), ()))


# --- The classification -----------------------------------------------------------------

Fill = Callable[[Any, Any], "Call | None"]  # (world, my organisation or None) -> one request


@dataclass(frozen=True)
class Call:
    """One request of the sweep: the kwargs, the query string, the POST data."""

    kwargs: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)
    path: str = ""  # for an unnamed regex pattern: the address itself
    label: str = ""  # what this variant tries, for the failure message
    # The address is the member's own (their project, their seat) and only the data names
    # another organisation's object: any answer, as long as nothing changes or shows.
    own: bool = False
    # A multipart upload instead of the data: field name -> (file name, bytes).
    files: Mapping[str, tuple[str, bytes]] = field(default_factory=dict)


def _plain(world, me) -> Call:
    return Call()


@dataclass(frozen=True)
class Access:
    why: str = ""
    calls: tuple[Fill, ...] = (_plain,)
    # A real secret opens the page (Capability): what it may show of the target.
    discloses: frozenset[str] = frozenset()
    # Models a visit may write for the visitor themselves (a chapter marked read).
    may_change: frozenset[str] = frozenset()
    # The methods to try; an API route adds PATCH, PUT or DELETE (sent with a JSON body).
    methods: tuple[str, ...] = ("GET", "POST")
    # A JSON API route: every body is JSON, and each call is made with each of the role's
    # credentials, as the API is used: the session (the browser), and without any cookie a
    # Bearer read token and a Bearer write token (`world.credentials(role)`).
    api: bool = False


@dataclass(frozen=True)
class Public(Access):
    """Anyone may open it; it never shows another organisation's private data."""


@dataclass(frozen=True)
class Own(Access):
    """A signed-in member's own data; anonymous visitors go to the login page."""


@dataclass(frozen=True)
class Object(Access):
    """Addresses objects: another organisation's give 404 or 403 (login for anonymous)."""


@dataclass(frozen=True)
class Capability(Access):
    """The kwarg is a secret sent to one person: forged ones give nothing."""

    forged: tuple[Fill, ...] = ()
    # The page a forged secret opens may say "unknown or expired link" with a 200.
    forged_page: bool = False


@dataclass(frozen=True)
class Staff(Access):
    """django-admin: staff only, everyone else goes to the admin's login page."""


def entry_for(route: Route, table: Mapping[str, Access], namespaces: Mapping[str, Access]):
    """The route's entry in the table (by name or pattern), else its namespace's rule."""
    if route.key in table:
        return table[route.key]
    top = route.namespace.split(":")[0]
    return namespaces.get(top)


def missing_entries(routes, table, namespaces) -> list[str]:
    return [
        f"route {route} has no entry in the access sweep"
        for route in routes
        if entry_for(route, table, namespaces) is None
    ]


def stale_entries(routes, table) -> list[str]:
    keys = {route.key for route in routes}
    return [f"the access sweep lists {key}, which no route has" for key in table if key not in keys]


# --- The roles --------------------------------------------------------------------------

ROLES = ("anonymous", "viewer", "editor", "owner", "facilitator", "guest")
# Not signed in: the workshop guest holds a seat in its session, no account.
WITHOUT_ACCOUNT = ("anonymous", "guest")


def csrf_client() -> Client:
    """A client that enforces CSRF, with a valid token in its cookie and every POST's header:
    a POST reaches the view (a 403 from the CSRF check would prove nothing)."""
    token = token_secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=token)
    client.cookies["csrftoken"] = token
    return client


# --- The checks -------------------------------------------------------------------------

# Tables that change on any visit (sessions, failed-login records) are not data; the
# content types and permissions are written by migrations only.
VOLATILE_MODELS = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "contenttypes.contenttype",
    "auth.permission",
}


def _tables() -> list[tuple[str, str, str]]:
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.label_lower in VOLATILE_MODELS or not meta.managed or meta.proxy:
            continue
        tables.append((meta.label_lower, meta.db_table, meta.pk.column))
    return tables


def database_fingerprint() -> dict[str, tuple[int, str]]:
    """Each table's row count and a hash of its rows: any insert, update or delete shows.

    Raw SQL rather than the ORM: the sweep takes thousands of these.
    """
    fingerprint = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label, table, pk in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            rows = cursor.fetchall()
            digest = hashlib.blake2b(repr(rows).encode(), digest_size=12).hexdigest()
            fingerprint[label] = (len(rows), digest)
    return fingerprint


def fingerprint_changes(before, after) -> list[str]:
    changes = []
    for label, (count, digest) in after.items():
        old_count, old_digest = before.get(label, (0, ""))
        if count != old_count:
            changes.append(f"{label}: {old_count} → {count} rows")
        elif digest != old_digest:
            changes.append(f"{label}: rows changed")
    return changes


def _unzipped(body: bytes) -> str | None:
    """A ZIP's files (the member's data export, a spreadsheet), each name then its text; None
    when the body is no ZIP. The compressed bytes would hide any planted string."""
    if not body.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                name + "\n" + archive.read(name).decode("utf-8", errors="replace")
                for name in archive.namelist()
            )
    except (zipfile.BadZipFile, OSError):
        return None


def _text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    headers = " ".join(f"{name}: {value}" for name, value in response.items())
    inside = _unzipped(body)
    text = body.decode("utf-8", errors="replace")
    return headers + "\n" + text + ("" if inside is None else "\n" + inside)


def _forms(value: str) -> set[str]:
    """The ways a page or an API answer may write the string: as is, HTML-escaped (an
    apostrophe becomes &#x27;), JSON-escaped (an accent becomes \\u00e9)."""
    return {value, html.escape(value), json.dumps(value)[1:-1]}


def leaked(response, secrets: Mapping[str, str], allowed: frozenset[str]) -> list[str]:
    text = _text(response)
    return [
        name
        for name, value in secrets.items()
        if name not in allowed and any(form in text for form in _forms(value))
    ]


def _is_login_redirect(response, login_path: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login_path)


def expected(kind: Access, role: str, response, *, forged: bool) -> bool:
    """Whether the status is one the route's kind allows for this role."""
    status = response.status_code
    if status >= 500:
        return False
    if isinstance(kind, Staff):
        return _is_login_redirect(response, reverse("admin:login")) or status in (403, 404, 405)
    # 401: an API route wants a token or a session; a member has both, so a 401 for a member
    # would mean the sweep's credentials never reached the access check.
    refused = status in (403, 404, 405) or (status == 401 and role in WITHOUT_ACCOUNT)
    login = _is_login_redirect(response, reverse("account_login"))
    if isinstance(kind, Object) or (isinstance(kind, Capability) and forged):
        if role in WITHOUT_ACCOUNT and login:
            return True
        return refused or (isinstance(kind, Capability) and kind.forged_page and status == 200)
    if isinstance(kind, Own) and role in WITHOUT_ACCOUNT:
        return login or refused
    if status == 401:
        return role in WITHOUT_ACCOUNT
    return True  # Public, Own for members, a real Capability: the secrets check decides


@dataclass
class Problem:
    route: str
    role: str
    method: str
    url: str
    what: str

    def __str__(self) -> str:
        return f"{self.route} as {self.role}: {self.method} {self.url} {self.what}"


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _url(route: Route, call: Call) -> str:
    if call.path:
        url = call.path
    elif not route.named:
        # An unnamed path() pattern (the admin's old addresses): fill it in place.
        url = _CONVERTER.sub(lambda match: str(call.kwargs[match.group(1)]), route.pattern)
    else:
        # A filler may name more kwargs than the route has (one filler for the admin's pages).
        kwargs = {name: value for name, value in call.kwargs.items() if name in route.kwargs}
        url = reverse(route.key, kwargs=kwargs) if route.kwargs else reverse(route.key)
    if call.query:
        url += "?" + urlencode(call.query, doseq=True)
    return url


def _calls(kind: Access, world, me) -> Iterator[tuple[Call, bool]]:
    for fill in kind.calls:
        call = fill(world, me)
        if call is not None:
            yield call, False
    if isinstance(kind, Capability):
        for fill in kind.forged:
            call = fill(world, me)
            if call is not None:
                yield call, True


def _credentials(kind: Access, world, role: str) -> list[tuple[str, str | None]]:
    """(label, Bearer token or None) for each way the role calls the route: a page, with the
    role's session only; an API route, also with each token the role holds."""
    found: list[tuple[str, str | None]] = [("", None)]
    if kind.api:
        found += [(f"Bearer {scope} token", raw) for scope, raw in world.credentials(role)]
    return found


def _request(client: Client, method: str, url: str, call: Call, kind: Access, token):
    """One request; with a token, the way a tool calls: the Bearer header and no cookie."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    saved = client.cookies
    if token:
        client.cookies = SimpleCookie()
    try:
        if method == "GET":
            return client.get(url, **headers)
        if call.files:
            files = {name: SimpleUploadedFile(*upload) for name, upload in call.files.items()}
            return client.post(url, {**call.data, **files}, **headers)
        if method == "POST" and not kind.api:
            return client.post(url, dict(call.data), **headers)
        body = json.dumps(dict(call.data))
        return client.generic(method, url, body, "application/json", **headers)
    finally:
        client.cookies = saved


def check_route(
    route: Route,
    kind: Access,
    role: str,
    client: Client,
    world,
    me,
    *,
    secrets: Mapping[str, str],
    methods: tuple[str, ...] | None = None,
    fingerprint: bool = True,
) -> list[Problem]:
    """Request the route in every variant of its entry, GET and POST (an API route: each of
    its methods, with each of the role's credentials), and say what went wrong.

    The database is compared around every POST, and around GETs of the routes that address
    objects (a page of one's own may note a visit); `fingerprint=False` leaves the
    comparison to the caller (the admin's pages: once around all of them).
    """
    problems = []
    for call, forged in _calls(kind, world, me):
        if route.kwargs and not call.kwargs and not call.path:
            problems.append(
                Problem(route.key, role, "-", route.pattern, "has kwargs but no filler")
            )
            continue
        url = _url(route, call)
        addressed = isinstance(kind, (Object, Capability, Staff))
        for credential, token in _credentials(kind, world, role):
            for method in methods or kind.methods:
                watch = fingerprint and (method != "GET" or addressed)
                before = database_fingerprint() if watch else None
                label = " [" + ", ".join(filter(None, (call.label, credential))) + "]"
                label = "" if label == " []" else label
                try:
                    response = _request(client, method, url, call, kind, token)
                except Exception as error:  # noqa: BLE001 - a crash is a finding, with the route
                    problems.append(
                        Problem(route.key, role, method, url, f"raised {error!r}{label}")
                    )
                    continue
                if not call.own and not expected(kind, role, response, forged=forged):
                    where = response.get("Location", "")
                    problems.append(
                        Problem(
                            route.key,
                            role,
                            method,
                            url,
                            f"answered {response.status_code} {where}".rstrip() + label,
                        )
                    )
                allowed = kind.discloses if not forged else frozenset()
                for name in leaked(response, secrets, allowed):
                    problems.append(
                        Problem(route.key, role, method, url, f"shows the target's {name}{label}")
                    )
                changes = [
                    change
                    for change in (
                        fingerprint_changes(before, database_fingerprint()) if watch else []
                    )
                    if change.split(":")[0] not in kind.may_change
                ]
                if changes:
                    what = f"changed {', '.join(changes)}{label}"
                    problems.append(Problem(route.key, role, method, url, what))
    return problems
