"""Rules of the architecture that code review alone would let slip."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mutualiser"
ENGINE = PACKAGE / "engine"
WORDS = PACKAGE / "words"
# the words modules that import no Django: the engine and its command line use them
PURE_WORDS = {"mutualiser.words", "mutualiser.words.formats", "mutualiser.words.catalogue"}
PURE_WORDS |= {"mutualiser.words.reasons"}
APPS = sorted(
    p for p in PACKAGE.iterdir() if (p / "apps.py").exists() and p.name not in {"core", "words"}
)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module if node.level == 0 else f"<relative>.{node.module}")
    return names


def _ours(imported: set[str]) -> set[str]:
    return {name for name in imported if name.startswith("mutualiser.")}


@pytest.mark.parametrize("path", sorted(ENGINE.rglob("*.py")), ids=lambda p: p.name)
def test_the_engine_imports_no_django_and_only_the_pure_words_modules(path):
    imported = _imported_modules(path)

    assert not {name for name in imported if name.split(".")[0] == "django"}
    assert not {
        name
        for name in _ours(imported)
        if not name.startswith("mutualiser.engine") and name not in PURE_WORDS
    }


@pytest.mark.parametrize("module", sorted(PURE_WORDS - {"mutualiser.words"}))
def test_the_pure_words_modules_import_no_django(module):
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")

    imported = _imported_modules(path)

    assert not {name for name in imported if name.split(".")[0] == "django"}
    assert _ours(imported) <= PURE_WORDS


@pytest.mark.parametrize("path", sorted(WORDS.rglob("*.py")), ids=lambda p: p.name)
def test_words_is_the_bottom_of_the_house_and_uses_no_app(path):
    assert _ours(_imported_modules(path)) <= PURE_WORDS | {
        "mutualiser.words.language",
        "mutualiser.words.journey",
    }


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_no_app_leans_on_core_which_is_only_the_home_page_and_the_demo(app):
    for path in app.rglob("*.py"):
        imported = _imported_modules(path)

        assert not {name for name in imported if name.startswith("mutualiser.core")}, path
