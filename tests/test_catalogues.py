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
