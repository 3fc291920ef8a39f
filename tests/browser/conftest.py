"""Headless Chromium for end-to-end tests (Playwright's sync API, Debian's Chromium).

    @pytest.mark.browser
    def test_something(page, live_server):
        page.goto(live_server.url + "/fr/")

A module using these fixtures sets os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true": Playwright's
sync API runs an event loop in the test's thread, and Django refuses database calls there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

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
