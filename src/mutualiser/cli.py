"""The `mutualiser` console script.

`mutualiser engine ...` runs the framework-free engine (no Django loaded); every other
command is a Django management command (`mutualiser demo`, `mutualiser migrate`,
`mutualiser runserver`, `mutualiser db_worker`, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "engine":
        from mutualiser.engine.cli import main as engine_main

        return engine_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutualiser.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["mutualiser", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
