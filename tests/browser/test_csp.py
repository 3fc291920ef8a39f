"""Every main page works under the Content Security Policy, in Chromium: not one violation.

The demo member walks through the site (home, guide, readiness, diagnostic and inventory,
opportunities, projects, the directory with its Leaflet map, workshops and their screen, a
guest joining), and any `securitypolicyviolation` event or CSP console message fails the test.
The listener is proved to work by a style attribute injected on purpose.
"""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from mutualiser.diagnostic.services import taxonomy_load
from mutualiser.organisations.models import Invitation, Organisation
from mutualiser.projects.models import PoolingProject
from mutualiser.readiness.models import ReadinessAssessment
from mutualiser.workshops.models import Workshop

from .conftest import DESKTOP, PHONE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every page before its own scripts (Playwright injects it outside the page's CSP).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || ""}:${event.lineNumber || ""}) ${event.sample || ""}`
  );
});
"""
CONSOLE_WORDS = ("Content Security Policy", "Permissions-Policy", "Refused to")


@pytest.fixture
def demo(db):
    # Transactional tests flush the tables, the taxonomy loaded by a migration with them.
    taxonomy_load()
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


class Watched:
    """A page whose CSP violations and CSP console messages are collected."""

    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        if any(word in message.text for word in CONSOLE_WORDS):
            self.console.append(f"{self.page.url}: {message.text}")

    def violations(self) -> list[str]:
        found = self.page.evaluate("window.__violations || []")
        return [f"{self.page.url}: {v}" for v in found] + self.console

    def visit(self, url: str) -> list[str]:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, (url, response and response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "style-src 'self'" in policy and "unsafe-inline" not in policy, (url, policy)
        self.page.wait_for_load_state("networkidle")
        return self.violations()


def watched_page(new_context, viewport: dict, lang: str = "fr") -> Watched:
    context = new_context(viewport=viewport, locale="fr-CA" if lang == "fr" else "en-CA")
    context.add_init_script(RECORD_VIOLATIONS)
    return Watched(context.new_page())


def sign_in(watched: Watched, live_server, lang: str) -> None:
    page = watched.page
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_login", settings.DEMO_EMAIL)
    page.fill("#id_password", settings.DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/{lang}/")


def main_pages(lang: str) -> list[str]:
    """The demo member's main pages (its first organisation is the current one)."""
    project = PoolingProject.objects.order_by("pk").first()
    workshop = Workshop.objects.get(facilitator__email=settings.DEMO_EMAIL)
    readiness = ReadinessAssessment.objects.filter(
        organisation__memberships__user__email=settings.DEMO_EMAIL
    ).first()
    pages = [
        f"/{lang}/",
        f"/{lang}/guide/",
        f"/{lang}/guide/demarche/",
        f"/{lang}/guide/partage-des-couts/exemple/",
        f"/{lang}/readiness/",
        f"/{lang}/diagnostic/",
        f"/{lang}/diagnostic/inventory/",
        f"/{lang}/opportunities/",
        f"/{lang}/projects/",
        f"/{lang}/projects/{project.pk}/",
        f"/{lang}/organisations/",
        f"/{lang}/organisations/theatre-de-la-maree-haute/members/",
        f"/{lang}/workshops/",
        f"/{lang}/workshops/{workshop.pk}/",
        f"/{lang}/workshops/{workshop.pk}/screen/",
    ]
    if readiness is not None:
        pages.append(f"/{lang}/readiness/{readiness.pk}/")
    return pages


def first_link(watched: Watched, pattern: str) -> str:
    """The first link of the page whose address matches `pattern` (a regular expression)."""
    hrefs = watched.page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    found = [href for href in hrefs if re.search(pattern, href)]
    assert found, pattern
    return found[0]


@pytest.mark.parametrize(("lang", "viewport"), [("fr", DESKTOP), ("en", PHONE)])
def test_the_main_pages_break_no_rule_of_the_content_security_policy(
    live_server, new_context, demo, lang, viewport
):
    watched = watched_page(new_context, viewport, lang)
    sign_in(watched, live_server, lang)
    found: list[str] = []

    for path in main_pages(lang):
        found += watched.visit(live_server.url + path)
        if path.endswith("/organisations/"):
            # Leaflet draws under the policy: the offline outline and the clustered markers.
            watched.page.wait_for_selector("#directory-map[data-outline-drawn='true']")
            watched.page.wait_for_selector("#directory-map[data-markers]")
            assert watched.page.locator("#directory-map .leaflet-marker-icon").count() > 0
            found += watched.violations()
        if path.endswith("/opportunities/"):
            found += watched.visit(first_link(watched, r"/opportunities/\d+/$"))

    assert found == []


def test_a_guest_joins_a_workshop_and_signs_up_without_breaking_the_policy(
    live_server, new_context, demo
):
    workshop = Workshop.objects.get(facilitator__email=settings.DEMO_EMAIL)
    watched = watched_page(new_context, PHONE)

    found = watched.visit(f"{live_server.url}/fr/join/")
    found += watched.visit(f"{live_server.url}/fr/join/{workshop.code}/")
    found += watched.visit(f"{live_server.url}/fr/accounts/login/")
    found += watched.visit(f"{live_server.url}/fr/accounts/signup/")
    found += watched.visit(f"{live_server.url}/admin/login/")  # Django's admin: no exception

    assert found == []


def test_the_listener_catches_an_inline_style_the_policy_blocks(live_server, new_context, demo):
    watched = watched_page(new_context, DESKTOP)
    assert watched.visit(f"{live_server.url}/fr/") == []

    watched.page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">injected</p>')"
    )
    watched.page.wait_for_function("() => window.__violations.length > 0")

    assert any("style-src" in v for v in watched.violations())
    color = watched.page.locator("text=injected").evaluate("e => getComputedStyle(e).color")
    assert color != "rgb(255, 0, 0)"


def test_the_invitation_link_is_copied_by_the_static_script(live_server, new_context, demo):
    """The members page's copy button, once an inline script, works from its static file."""
    theatre = Organisation.objects.get(slug="theatre-de-la-maree-haute")
    Invitation.objects.create(organisation=theatre, email="nouvelle@example.org")
    watched = watched_page(new_context, DESKTOP)
    sign_in(watched, live_server, "fr")

    found = watched.visit(f"{live_server.url}/fr/organisations/{theatre.slug}/members/")
    link = watched.page.locator("[data-select-on-focus]").first
    link.focus()
    selected = link.evaluate("e => e.selectionEnd - e.selectionStart")
    button = watched.page.locator("[data-copy]").first
    button.click()

    assert selected == len(link.input_value()) > 0
    # the clipboard answers after the click, not at once
    watched.page.locator("[data-copy]", has_text="Copié !").first.wait_for(timeout=5000)
    assert button.inner_text() == "Copié !"
    assert found + watched.violations() == []
