"""The gettext catalogues (`locale/<lang>/LC_MESSAGES/django.mo`) read without Django.

The web pages read the same files through Django's translation machinery; the engine's
command line reads them here, so a sentence has one translation wherever it is shown.
"""

from __future__ import annotations

import gettext as python_gettext
from functools import cache
from pathlib import Path

from mutualiser.words.formats import language_code

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "django"


def gettext_noop(message: str) -> str:
    """Marks a msgid for extraction (makemessages knows this name) without translating it."""
    return message


@cache
def _translations(lang: str) -> python_gettext.NullTranslations:
    return python_gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def translate(message: str, lang: str | None) -> str:
    """The message in `lang`; the msgid itself (French) where the catalogue lacks it."""
    return _translations(language_code(lang)).gettext(message)


def pgettext_noop(context: str, message: str) -> str:
    """Marks a msgid with its context for extraction (our makemessages knows this name)."""
    del context
    return message


def translate_in(context: str, message: str, lang: str | None) -> str:
    """The message of this gettext context in `lang`, or the msgid itself."""
    return _translations(language_code(lang)).pgettext(context, message)
