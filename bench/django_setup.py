"""Django for a benchmark: a throw-away SQLite database in a temporary folder, never the
developer's (nor a DATABASE_URL from the environment). Import it before any Django import."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(prefix: str) -> Path:
    """Django set up on a fresh SQLite database under a new temporary folder; the folder."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["MUTUALISER_VAR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutualiser.settings")
    os.environ.setdefault("MUTUALISER_ENV", "development")  # benchmarks run on plain http
    os.environ.pop("DATABASE_URL", None)

    import django

    django.setup()
    return folder
