"""No page template needs `unsafe-inline`: no style attribute, inline script or on* handler.

The Content Security Policy would block them in the browser (tests/browser/test_csp.py walks
the main pages); this scan catches them in every template, pages not walked included. Emails
and the PDFs laid out by WeasyPrint never meet the policy and keep their inline styles.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "mutualiser"
NOT_PAGES = {  # read by WeasyPrint or a mail client, never served under the CSP
    "diagnostic/templates/diagnostic/report.html",
    "projects/templates/projects/agreement.html",
    "workshops/templates/workshops/report.html",
}
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def page_templates() -> list[Path]:
    found = []
    for path in sorted(SRC.rglob("*.html")):
        relative = path.relative_to(SRC).as_posix()
        if "/email/" in relative or relative in NOT_PAGES:
            continue
        found.append(path)
    return found


def test_there_are_page_templates_to_scan():
    assert len(page_templates()) > 50


def test_no_page_template_needs_unsafe_inline():
    offences = []
    for path in page_templates():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for name, pattern in (
                ("style attribute", STYLE_ATTRIBUTE),
                ("on* handler", HANDLER_ATTRIBUTE),
                ("inline script", INLINE_SCRIPT),
                ("style element", STYLE_ELEMENT),
                ("javascript: address", JAVASCRIPT_URL),
            ):
                if pattern.search(line):
                    offences.append(f"{path.relative_to(SRC)}:{number}: {name}: {line.strip()}")

    assert offences == []


def test_the_scan_catches_what_the_policy_blocks():
    assert STYLE_ATTRIBUTE.search('<span style="width: 40%">')
    assert HANDLER_ATTRIBUTE.search('<input onfocus="this.select()">')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/a.js" defer></script>')
    assert not STYLE_ATTRIBUTE.search('<span class="pct-w pct-40" data-style="x">')


def test_every_htmx_config_turns_off_the_injected_style_and_eval():
    """htmx reads the first htmx-config meta only: one that forgot these lets htmx inject its
    indicator <style>, which the policy blocks."""
    configs = []
    for path in page_templates():
        configs += re.findall(r'<meta name="htmx-config" content=\'([^\']*)\'', path.read_text())

    assert len(configs) >= 2
    for config in configs:
        assert '"includeIndicatorStyles": false' in config, config
        assert '"allowEval": false' in config, config
