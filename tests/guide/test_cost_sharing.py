from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mutualiser.engine.costsharing import share_cost
from mutualiser.engine.taxonomy import load_taxonomy
from mutualiser.words.templatetags.words import money as format_money

pytestmark = pytest.mark.django_db

YEAR = [1.0] * 12
SEASON = [1.0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1]  # September to May
SUMMER = [0.0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]  # June to August


def url(language: str = "fr") -> str:
    with translation.override(language):
        return reverse("guide:cost-sharing")


def example(**changes) -> dict:
    data = {
        "category": "accounting",
        "p1-name": "Alizés", "p1-use": "30", "p1-season": "year", "p1-budget": "450000",
        "p2-name": "Boréale", "p2-use": "40", "p2-season": "season", "p2-budget": "800000",
        "p3-name": "", "p3-use": "", "p3-season": "year", "p3-budget": "",
        "p4-name": "", "p4-use": "", "p4-season": "year", "p4-budget": "",
    }  # fmt: skip
    data.update(changes)
    return data


def engine_result(budgets=True):
    params = load_taxonomy().get("accounting").cost_params()
    demands = {"p0": [30 * m for m in YEAR], "p1": [40 * m for m in SEASON]}
    return share_cost(params, demands, budgets={"p0": 450000, "p1": 800000} if budgets else None)


def test_the_example_opens_with_three_partners_and_their_shares(client):
    response = client.get(url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Festival du Fleuve" in page
    assert "Valeur de Shapley" in page
    assert "Parts égales" in page


def test_the_shares_are_the_engine_shares_in_french_money(client):
    result = engine_result()

    response = client.get(url(), example())

    page = response.content.decode()
    with translation.override("fr"):
        assert format_money(result.cost, 0) in page
        for rule in ("equal", "proportional", "budget", "fixed_variable", "serial", "shapley"):
            assert format_money(result.shares["p0"][rule], 0) in page
            assert format_money(result.shares["p1"][rule], 0) in page


def test_the_example_shows_money_the_english_way_under_en(client):
    result = engine_result()

    response = client.get(url("en"), example())

    with translation.override("en"):
        expected = format_money(result.shares["p1"]["shapley"], 0)
    assert expected.startswith("$")
    assert expected in response.content.decode()


def test_numbers_may_be_typed_with_spaces_and_a_decimal_comma(client):
    response = client.get(url(), example(**{"p1-use": "30,0", "p1-budget": "450 000"}))

    with translation.override("fr"):
        assert format_money(engine_result().cost, 0) in response.content.decode()


def test_a_fourth_partner_is_optional_but_counted_when_filled(client):
    response = client.get(url(), example(**{"p4-name": "Musée", "p4-use": "10"}))

    page = response.content.decode()
    assert "Musée" in page
    assert "Budgets manquants" in page


def test_a_word_instead_of_a_number_is_reported_next_to_the_field(client):
    response = client.get(url(), example(**{"p2-use": "beaucoup"}))

    page = response.content.decode()
    assert 'id="err-p2-use"' in page
    assert "Entrez un nombre, par exemple 20 ou 12,5." in page
    assert "Corrigez les champs signalés" in page


def test_a_negative_use_is_refused(client):
    response = client.get(url(), example(**{"p1-use": "-5"}))

    assert "Corrigez les champs signalés" in response.content.decode()


def test_a_partner_needs_a_name_and_a_use(client):
    response = client.get(url(), example(**{"p2-name": "", "p2-use": ""}))

    page = response.content.decode()
    assert "Donnez un nom." in page
    assert "Indiquez l&#x27;usage mensuel." in page


def test_an_unknown_category_is_refused(client):
    response = client.get(url(), example(category="teleporteur"))

    assert "Corrigez les champs signalés" in response.content.decode()


def test_htmx_gets_the_result_and_the_errors_out_of_band(client):
    response = client.get(url(), example(**{"p2-use": "x"}), headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "<html" not in page
    assert 'id="cost-result"' in page
    assert '<div id="err-p2-use" class="cs-field-errors" hx-swap-oob="true">' in page
    assert "Entrez un nombre" in page


def test_htmx_result_without_errors_has_the_table(client):
    response = client.get(url(), example(), headers={"HX-Request": "true"})

    page = response.content.decode()
    assert "<html" not in page
    assert "cs-table" in page
