"""Django's `{# ... #}` comment ends on its own line: one spread over lines is printed.

A multi-line `{#` once showed its text at the top of every page; `{% comment %}` is the
multi-line form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "mutualiser"


def unclosed_comments(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.count("{#") > line.count("#}")]


def test_no_template_comment_spreads_over_lines():
    found = {
        str(path.relative_to(SRC)): lines
        for path in sorted(SRC.rglob("*.html")) + sorted(SRC.rglob("*.txt"))
        if (lines := unclosed_comments(path))
    }
    assert found == {}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/", "/en/", "/fr/guide/"])
def test_no_comment_reaches_a_page(client, path):
    body = client.get(path).content.decode()
    assert "{#" not in body and "#}" not in body
