"""Place names after « à » and « de »: the right preposition and article."""

from __future__ import annotations

import pytest

from mutualiser.places import load_municipalities, load_regions, place_with_preposition


@pytest.mark.parametrize(
    ("name", "at", "of"),
    [
        ("Montréal", "à Montréal", "de Montréal"),
        ("Rimouski", "à Rimouski", "de Rimouski"),
        ("Alma", "à Alma", "d'Alma"),
        ("Île-Perrot", "à Île-Perrot", "d'Île-Perrot"),
        ("Le Plateau-Mont-Royal", "au Plateau-Mont-Royal", "du Plateau-Mont-Royal"),
        ("Plateau-Mont-Royal", "au Plateau-Mont-Royal", "du Plateau-Mont-Royal"),
        ("Le Bic", "au Bic", "du Bic"),
        ("Les Escoumins", "aux Escoumins", "des Escoumins"),
        ("Îles-de-la-Madeleine", "aux Îles-de-la-Madeleine", "des Îles-de-la-Madeleine"),
        ("La Tuque", "à La Tuque", "de La Tuque"),
        ("L'Assomption", "à L'Assomption", "de L'Assomption"),
        ("L’Île-Perrot", "à L’Île-Perrot", "de L’Île-Perrot"),
        ("LeMoyne", "à LeMoyne", "de LeMoyne"),
        ("Lac-Mégantic", "à Lac-Mégantic", "de Lac-Mégantic"),
    ],
)
def test_municipalities_and_areas(name, at, of):
    assert place_with_preposition(name) == at
    assert place_with_preposition(name, "de") == of


@pytest.mark.parametrize(
    ("region", "at", "of"),
    [
        ("Bas-Saint-Laurent", "au Bas-Saint-Laurent", "du Bas-Saint-Laurent"),
        ("Côte-Nord", "sur la Côte-Nord", "de la Côte-Nord"),
        ("Mauricie", "en Mauricie", "de la Mauricie"),
        ("Estrie", "en Estrie", "de l'Estrie"),
        ("Capitale-Nationale", "dans la Capitale-Nationale", "de la Capitale-Nationale"),
        ("Nord-du-Québec", "dans le Nord-du-Québec", "du Nord-du-Québec"),
        ("Laurentides", "dans les Laurentides", "des Laurentides"),
        ("Montréal", "à Montréal", "de Montréal"),
        ("Laval", "à Laval", "de Laval"),
    ],
)
def test_regions(region, at, of):
    assert place_with_preposition(region, region=True) == at
    assert place_with_preposition(region, "de", region=True) == of


def test_the_town_of_laurentides_is_not_the_region():
    assert place_with_preposition("Laurentides") == "à Laurentides"


def test_every_region_of_the_data_reads_right():
    for region in load_regions():
        phrase = place_with_preposition(region.name_fr, region=True)

        assert phrase.endswith(region.name_fr)
        if region.name_fr not in ("Montréal", "Laval"):
            assert not phrase.startswith("à "), phrase


def test_no_municipality_of_the_data_reads_a_le_or_a_les():
    for municipality in load_municipalities():
        for preposition in ("à", "de"):
            phrase = place_with_preposition(municipality.name, preposition)

            assert not phrase.startswith(("à Le ", "à Les ", "de Le ", "de Les ")), phrase
            assert phrase.split(" ", 1)[0] in (
                "à",
                "au",
                "aux",
                "de",
                "du",
                "des",
                "dans",
                "en",
                "sur",
            ) or (phrase.startswith("d'")), phrase


def test_spaces_are_tidied_and_bad_input_is_refused():
    assert place_with_preposition("  Le   Bic ") == "au Bic"
    with pytest.raises(ValueError):
        place_with_preposition("Montréal", "en")
    with pytest.raises(ValueError):
        place_with_preposition("   ")
