"""Compile the .po catalogues into .mo files with Babel (no GNU gettext needed).

Run by `make` at set-up. Fails (exit 1) on a catalogue that does not parse.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_ROOTS = [Path(__file__).resolve().parent.parent / "src" / "mutualiser" / "locale"]


def compile_catalogue(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file, abort_invalid=True)
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalogue, use_fuzzy=False)


def main() -> int:
    for root in LOCALE_ROOTS:
        for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
            try:
                compile_catalogue(po_path)
            except Exception as error:  # noqa: BLE001 - report any parse error by file
                print(f"{po_path}: {error}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
