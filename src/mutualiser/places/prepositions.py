"""A Québec place name in a French sentence: « à Montréal », « au Plateau-Mont-Royal ».

Pure Python (no Django). French puts a preposition and, for many names, an article before a
place: a name written with its article contracts it (Le Bic → au Bic, Les Escoumins → aux
Escoumins), keeps La and L' as they are (à La Tuque, à L'Assomption), and the regions and a few
areas written without their article take it, each with its own preposition (en Mauricie, sur la
Côte-Nord, dans les Laurentides, aux Îles-de-la-Madeleine). Usage follows the Commission de
toponymie du Québec and the Office québécois de la langue française.

English needs none of this: an English sentence writes "in Montréal" with the name unchanged.
"""

from __future__ import annotations

import unicodedata

AT = "à"
OF = "de"
VOWELS = "aeiouyàâäéèêëîïôöùûü"

# Names that take an article (and their own preposition with « à »). Key: the name as written
# in places/data (dashes: "-" within a name, "–" between two names). Value: (with « à », with
# « de »).
_WITH_ARTICLE: dict[str, tuple[str, str]] = {
    # The administrative regions (places/data/regions.json) that need an article.
    "Bas-Saint-Laurent": ("au Bas-Saint-Laurent", "du Bas-Saint-Laurent"),
    "Saguenay–Lac-Saint-Jean": ("au Saguenay–Lac-Saint-Jean", "du Saguenay–Lac-Saint-Jean"),
    "Capitale-Nationale": ("dans la Capitale-Nationale", "de la Capitale-Nationale"),
    "Mauricie": ("en Mauricie", "de la Mauricie"),
    "Estrie": ("en Estrie", "de l'Estrie"),
    "Outaouais": ("en Outaouais", "de l'Outaouais"),
    "Abitibi-Témiscamingue": ("en Abitibi-Témiscamingue", "de l'Abitibi-Témiscamingue"),
    "Côte-Nord": ("sur la Côte-Nord", "de la Côte-Nord"),
    "Nord-du-Québec": ("dans le Nord-du-Québec", "du Nord-du-Québec"),
    "Gaspésie–Îles-de-la-Madeleine": (
        "en Gaspésie–Îles-de-la-Madeleine",
        "de la Gaspésie–Îles-de-la-Madeleine",
    ),
    "Chaudière-Appalaches": ("en Chaudière-Appalaches", "de Chaudière-Appalaches"),
    "Lanaudière": ("dans Lanaudière", "de Lanaudière"),
    "Montérégie": ("en Montérégie", "de la Montérégie"),
    "Centre-du-Québec": ("au Centre-du-Québec", "du Centre-du-Québec"),
    # Areas and boroughs often written without their article.
    "Gaspésie": ("en Gaspésie", "de la Gaspésie"),
    "Îles-de-la-Madeleine": ("aux Îles-de-la-Madeleine", "des Îles-de-la-Madeleine"),
    "Plateau-Mont-Royal": ("au Plateau-Mont-Royal", "du Plateau-Mont-Royal"),
    "Vieux-Montréal": ("dans le Vieux-Montréal", "du Vieux-Montréal"),
    "Vieux-Québec": ("dans le Vieux-Québec", "du Vieux-Québec"),
    "Mile End": ("dans le Mile End", "du Mile End"),
}
# Also a municipality's name (Laurentides, in Lanaudière): the article only for the region.
_REGION_ONLY: dict[str, tuple[str, str]] = {
    "Laurentides": ("dans les Laurentides", "des Laurentides"),
}


def _starts_with_vowel(word: str) -> bool:
    return bool(word) and word[0].lower() in VOWELS


def _article(name: str) -> tuple[str, str] | None:
    """The name's own leading article and the rest, or None: ("Le", "Plateau-Mont-Royal")."""
    for article in ("Le ", "La ", "Les "):
        if name.startswith(article) and len(name) > len(article):
            return article.strip(), name[len(article) :]
    if name[:2] in ("L'", "L’") and len(name) > 2:
        return name[:2], name[2:]
    return None


def place_with_preposition(name: str, preposition: str = AT, *, region: bool = False) -> str:
    """The place with the preposition and article French needs: "à" (default) or "de".

    `region=True` when the name is an administrative region's (Laurentides is also a town).
    Unknown names get the plain rule: « à X », « de X » (« d'X » before a vowel).
    """
    if preposition not in (AT, OF):
        raise ValueError(f"preposition must be {AT!r} or {OF!r}, got {preposition!r}")
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise ValueError("a place needs a name")
    index = 0 if preposition == AT else 1
    known = _WITH_ARTICLE.get(name) or (_REGION_ONLY.get(name) if region else None)
    if known:
        return known[index]
    article = _article(name)
    if article is not None:
        word, rest = article
        if word == "Le":
            return f"{'au' if preposition == AT else 'du'} {rest}"
        if word == "Les":
            return f"{'aux' if preposition == AT else 'des'} {rest}"
        # La and L' stay, capitalised as in the official name: à La Tuque, de L'Assomption.
        return f"{preposition} {name}"
    if preposition == OF and _starts_with_vowel(name):
        return f"d'{name}"
    return f"{preposition} {name}"
