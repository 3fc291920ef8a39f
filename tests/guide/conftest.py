"""A small guide written for the tests, so that they do not depend on the real chapters."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualiser.guide import content

FR_ONE = """+++
title = "Qu'est-ce que la mutualisation ?"
order = 1
summary = "Les deux conditions de base."
kind = "chapter"
tool = "readiness"
tool_label = "Évaluer si mon organisme est prêt"

[[quiz]]
question = "Quelles sont les deux conditions minimales ?"
choices = ["Un contrat signé", "Avoir quelque chose à partager et une réciprocité"]
answer = 1
explanation = "Il faut une ressource à partager et un retour attendu."

[[quiz]]
question = "Que cède-t-on en partageant l'usage ?"
choices = ["Une part d'autonomie", "Sa programmation"]
answer = 0
explanation = "On cède une part d'autonomie."
+++
## En une phrase

Mutualiser, c'est partager avec un autre organisme. Une compagnie gagne des heures de studio l'été.

## Deux conditions

| Condition | Exemple |
|---|---|
| Partager | Un entrepôt |

Voir [La Machinerie](https://machineriedesarts.ca/) et [le glossaire](/fr/guide/glossaire/).
"""

FR_TWO = """+++
title = "Glossaire"
order = 2
summary = "Les mots de la mutualisation."
kind = "glossary"
tool = "workshops"
tool_label = "Animer un atelier"
+++
### Coopération

Définir et mener un projet ensemble.

### Valeur de Shapley

Une clé de partage des coûts.
"""

EN_ONE = """+++
title = "What is pooling?"
order = 1
summary = "The two basic conditions."
kind = "chapter"
tool = "readiness"
tool_label = "Check whether my organisation is ready"

[[quiz]]
question = "What are the two minimum conditions?"
choices = ["A signed contract", "Something to share and reciprocity"]
answer = 1
explanation = "You need something to share and a return."

[[quiz]]
question = "What do you give up by sharing use?"
choices = ["Some autonomy", "Your programming"]
answer = 0
explanation = "You give up some autonomy."
+++
## In one sentence

Pooling means sharing with another organisation. A company gains studio hours in the summer.
"""

EN_TWO = """+++
title = "Glossary"
order = 2
summary = "The words of pooling."
kind = "glossary"
+++
### Cooperation

Defining and running a project together.
"""


def write_guide(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def guide_dir(tmp_path):
    return write_guide(
        tmp_path / "content",
        {
            "fr/definition.md": FR_ONE,
            "fr/glossaire.md": FR_TWO,
            "en/definition.md": EN_ONE,
            "en/glossaire.md": EN_TWO,
        },
    )


@pytest.fixture
def test_guide(guide_dir, monkeypatch):
    """The views read the test guide instead of the real chapters."""
    guides = content.load_guides(guide_dir)
    monkeypatch.setattr(content, "_cached_guides", lambda: guides)
    return guides
