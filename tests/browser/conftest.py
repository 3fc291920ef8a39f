"""Headless Chromium for end-to-end tests (Playwright's sync API, Debian's Chromium).

    @pytest.mark.browser
    def test_something(page, live_server):
        page.goto(live_server.url + "/fr/")

A module using these fixtures sets os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true": Playwright's
sync API runs an event loop in the test's thread, and Django refuses database calls there.

`signed_in(...)` opens a page that already carries a member's session; `two_organisations`
gives alice and charlie an organisation of the directory each.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from mutualiser.organisations.choices import Role, Visibility

from ..factories import OrganisationFactory, persona

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One Chromium for the whole session; skipped when it is not installed."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # While Playwright's loop runs in this thread, Django keeps the thread's database
        # connections apart from the others (asgiref's thread-critical Local turns into a
        # context variable): the live-server tests' flushes open one that nothing closes,
        # and PostgreSQL then refuses to drop the test database. Closed here, loop running.
        connections.close_all()


@pytest.fixture
def new_context(browser) -> Iterator:
    """Open more browser contexts (another person, another device); all closed after the test."""
    contexts = []

    def make(viewport: dict | None = None, locale: str = "fr-CA"):
        context = browser.new_context(viewport=viewport or DESKTOP, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh page in a fresh context (no cookies), desktop-sized."""
    return new_context().new_page()


def signed_in_context(new_context, live_server, user, viewport: dict, locale: str = "fr-CA"):
    """A browser context that carries `user`'s session: no sign-in form to fill."""
    client = Client()
    client.force_login(user)
    context = new_context(viewport=viewport, locale=locale)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def signed_in(new_context, live_server, user, viewport: dict, lang: str):
    """A page whose browser carries `user`'s session and speaks `lang`."""
    locale = "fr-CA" if lang == "fr" else "en-CA"
    return signed_in_context(new_context, live_server, user, viewport, locale).new_page()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def two_organisations(db):
    """alice owns Théâtre des Alizés, charlie owns Danse Boréale; both are in the directory."""
    alizes = OrganisationFactory(
        name="Théâtre des Alizés", slug="theatre-des-alizes", visibility=Visibility.DIRECTORY
    )
    boreale = OrganisationFactory(
        name="Danse Boréale", slug="danse-boreale", visibility=Visibility.DIRECTORY
    )
    alice = persona("alice@example.org", "Alice Tremblay", alizes, Role.OWNER)
    charlie = persona("charlie@example.org", "Charlie Roy", boreale, Role.OWNER)
    return alice, charlie
