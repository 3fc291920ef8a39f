"""The reader's language, the one question every page and export asks."""

from __future__ import annotations

from django.utils.translation import get_language

from mutualiser.words.formats import language_code


def current_language() -> str:
    """ "fr" or "en": the active language of this request (French when none is active)."""
    return language_code(get_language())


def is_english() -> bool:
    return current_language() == "en"
