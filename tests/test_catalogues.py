"""The French and English catalogues are complete and compiled."""

import subprocess
import sys
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


def test_both_catalogues_have_every_string_translated():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout[-3000:]


def test_english_catalogue_is_compiled_and_used():
    with translation.override("en"):
        assert translation.gettext("La démarche, en cinq étapes") == "The approach in five steps"


def test_no_msgid_holds_an_escape_that_extraction_keeps_as_text():
    # xgettext copies "\u00a0" in a Python string as six characters, so the msgid it writes
    # never matches the string the code asks for, and the sentence stays in French.
    from babel.messages.pofile import read_po

    with (ROOT / "src/mutualiser/locale/en/LC_MESSAGES/django.po").open("rb") as file:
        catalogue = read_po(file)

    escaped = [m.id for m in catalogue if m.id and "\\u" in str(m.id)]
    assert not escaped
