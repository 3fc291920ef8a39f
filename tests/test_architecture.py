"""Rules of the architecture that code review alone would let slip."""

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "src" / "mutualiser" / "engine"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(ENGINE.rglob("*.py")), ids=lambda p: p.name)
def test_the_engine_never_imports_django(path):
    imported = _imported_modules(path)

    assert not {name for name in imported if name.split(".")[0] == "django"}
    assert not {
        name
        for name in imported
        if name.startswith("mutualiser.") and not name.startswith("mutualiser.engine")
    }
