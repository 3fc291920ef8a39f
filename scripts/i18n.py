"""Keep the French and English catalogues complete.

    python scripts/i18n.py update   # extract (GNU gettext), fill French, compile, list gaps
    python scripts/i18n.py check    # exit 1 when a catalogue has an empty or fuzzy entry

Source strings are written in French, the interface's first language, so the French
catalogue copies each msgid. The English catalogue, `locale/en/LC_MESSAGES/django.po`, is the
one source of English: translators edit it with any gettext tool (Poedit, Weblate); `update`
keeps what they wrote (msgmerge) and adds the new msgids, empty, for them to fill.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "mutualiser"
LOCALE = PACKAGE / "locale"
DOMAINS = ["django"]


def catalogue_path(language: str, domain: str = "django") -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


def extract() -> None:
    env = {
        "MUTUALISER_ENV": "development",
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mutualiser.settings",
    }
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "makemessages",
        "-l",
        "fr",
        "-l",
        "en",
        "--no-location",
        "--no-obsolete",
        "-i",
        "engine/*",
    ]
    subprocess.run(command, cwd=PACKAGE, env=env, check=True)


def fill_french() -> None:
    path = catalogue_path("fr")
    with path.open("rb") as file:
        catalogue = read_po(file)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(
                message.id[i if i < len(message.id) else -1]
                for i in range(len(message.string or message.id))
            )
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with path.open("wb") as file:
        write_po(file, catalogue, width=100)


def normalise(language: str) -> None:
    """Write the catalogue back as Babel does for French (width 100): msgmerge wraps at 79
    columns, so without this every update rewrote the wrapping of the whole English file."""
    path = catalogue_path(language)
    with path.open("rb") as file:
        catalogue = read_po(file)
    with path.open("wb") as file:
        write_po(file, catalogue, width=100)


def gaps(language: str) -> list[str]:
    with catalogue_path(language).open("rb") as file:
        catalogue = read_po(file)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if "fuzzy" in message.flags or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "check"
    if action == "update":
        extract()
        fill_french()
        normalise("en")
        subprocess.run([sys.executable, str(ROOT / "scripts" / "compile_messages.py")], check=True)
    problems = 0
    for language in ("fr", "en"):
        for msgid in gaps(language):
            problems += 1
            print(f"[{language}] untranslated: {msgid!r}")
    return 1 if problems and action == "check" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
