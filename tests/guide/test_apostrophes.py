"""One kind of apostrophe in French: the straight one (') that the catalogue uses.

Counted on 1 December 2026: 206 straight apostrophes in the catalogue's msgids against 3 curly
ones (’), 423 against 0 in the French guide. The engine's reasons are msgids too
(words/reasons.py), so this test covers them.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mutualiser"
CURLY = "’"


def _french_files() -> list[Path]:
    files = [*PACKAGE.glob("guide/content/fr/*.md")]
    for pattern in ("**/*.html", "**/*.txt"):
        files += [path for path in PACKAGE.glob(pattern) if "engine" not in path.parts]
    return files


def test_no_curly_apostrophe_in_the_catalogues():
    for language in ("fr", "en"):
        path = PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"
        with path.open("rb") as file:
            catalogue = read_po(file)
        for message in catalogue:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            assert not any(CURLY in text for text in ids), message.id
            if language == "fr":
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                assert not any(CURLY in text for text in strings if text), message.string


def test_no_curly_apostrophe_in_templates_or_the_french_guide():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in _french_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if CURLY in line
    ]

    assert offenders == []


def test_the_english_overlays_keys_match_the_french_msgids():
    for path in (PACKAGE / "locale" / "translations" / "en").glob("*.json"):
        keys = json.loads(path.read_text(encoding="utf-8"))
        assert not [key for key in keys if CURLY in key], path.name
