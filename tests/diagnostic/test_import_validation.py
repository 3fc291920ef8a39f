"""Checking an inventory file cell by cell: every kind of bad cell, in the user's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from mutualiser.diagnostic.importexport import (
    MONTH_COLUMNS,
    ImportFileError,
    Table,
    check_table,
)

HEADERS = ["categorie", "sens", "precision", *MONTH_COLUMNS, "satisfaction", "tarif"]


def row(category="payroll", direction="besoin", label="", months=None, satisfaction="", rate=""):
    months = months if months is not None else [10] * 12
    return [category, direction, label, *months, satisfaction, rate]


def check(*rows, headers=HEADERS):
    table = Table(headers=list(headers), rows=[(n, list(r)) for n, r in enumerate(rows, start=2)])
    return check_table(table)


def messages(errors):
    return [str(error) for error in errors]


@pytest.mark.django_db
def test_a_good_row_is_accepted_with_its_values():
    rows, errors = check(row(months=[5, "7,5", None, "", 1, 2, 3, 4, 5, 6, 7, 8], satisfaction=4))

    assert errors == []
    assert rows[0].category.code == "payroll"
    assert rows[0].direction == "need"
    assert rows[0].values["months"] == [5, 7.5, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]
    assert rows[0].values["satisfaction"] == 4


@pytest.mark.django_db
def test_category_may_be_its_code_or_its_french_or_english_label_without_accents():
    rows, errors = check(
        row(category="payroll"),
        row(category="Rédaction de demandes de subvention"),
        row(category="grant reporting"),
        row(category="COMPTABILITE"),
    )

    assert errors == []
    assert [r.category.code for r in rows] == [
        "payroll",
        "grant_writing",
        "grant_reporting",
        "accounting",
    ]


@pytest.mark.django_db
def test_choice_words_are_accepted_in_french_and_english():
    rows, errors = check(
        row(direction="Besoin"),
        row(category="accounting", direction="offer"),
        row(category="audit", direction="Fait à l'interne"),
        row(category="website", direction="in-house"),
    )

    assert errors == []
    assert [r.direction for r in rows] == ["need", "offer", "inhouse", "inhouse"]


@pytest.mark.django_db
def test_unknown_category_is_reported_with_line_and_column():
    _rows, errors = check(row(), row(category="jonglerie"))

    assert messages(errors) == [
        "Ligne 3, colonne « categorie » : catégorie inconnue « jonglerie » "
        "(voir la feuille « Catégories » du modèle)."
    ]


@pytest.mark.django_db
def test_bad_direction_lists_the_accepted_words():
    _rows, errors = check(row(direction="peut-être"))

    assert len(errors) == 1
    assert errors[0].column == "sens"
    assert "« peut-être » n'est pas une valeur possible" in str(errors[0])
    assert "besoin, offre, interne" in str(errors[0])


@pytest.mark.django_db
def test_a_word_in_a_month_is_not_a_number():
    months = [10] * 12
    months[0] = "douze"

    _rows, errors = check(row(), row(category="audit"), row(months=months))

    assert messages(errors) == ["Ligne 4, colonne « jan » : « douze » n'est pas un nombre."]


@pytest.mark.django_db
def test_the_same_error_reads_in_english_on_the_english_site():
    months = [10] * 12
    months[0] = "twelve"

    with translation.override("en"):
        _rows, errors = check(row(months=months))
        text = messages(errors)

    assert text == ["Line 2, column “jan”: “twelve” is not a number."]


@pytest.mark.django_db
def test_negative_quantity_is_refused():
    months = [10] * 12
    months[5] = -3

    _rows, errors = check(row(months=months))

    assert errors[0].column == "juin"
    assert "négative" in errors[0].message


@pytest.mark.django_db
def test_satisfaction_must_be_from_one_to_five():
    _rows, errors = check(row(satisfaction=7), row(category="audit", satisfaction="3.5"))

    assert [(e.line, e.column) for e in errors] == [(2, "satisfaction"), (3, "satisfaction")]
    assert "de 1 à 5" in errors[0].message


@pytest.mark.django_db
def test_a_rate_on_a_need_is_refused():
    _rows, errors = check(row(rate=45), row(category="audit", direction="offre", rate="45,50"))

    assert len(errors) == 1
    assert (errors[0].line, errors[0].column) == (2, "tarif")
    assert "offre" in errors[0].message


@pytest.mark.django_db
def test_every_bad_cell_of_a_row_is_reported_not_only_the_first():
    months = ["x"] * 12

    _rows, errors = check(row(category="?", direction="?", months=months, satisfaction=0))

    assert len(errors) == 15


@pytest.mark.django_db
def test_duplicate_rows_in_one_file_are_refused_with_the_first_line():
    _rows, errors = check(row(label="Paie des artistes"), row(), row(label="paie  des ARTISTES"))

    assert messages(errors) == [
        "Ligne 4 : même catégorie, même sens et même précision qu'à la ligne 2 ; "
        "réunissez-les ou distinguez-les dans la colonne « precision »."
    ]


@pytest.mark.django_db
def test_a_missing_month_column_refuses_the_file():
    headers = [h for h in HEADERS if h != "dec"]

    with pytest.raises(ImportFileError) as refused:
        check(row()[:-3] + ["", ""], headers=headers)

    assert "« dec »" in refused.value.message


@pytest.mark.django_db
def test_a_row_shorter_than_the_headers_counts_its_missing_cells_as_empty():
    cells = ["payroll", "besoin", "", *([10] * 11)]  # ends after "nov"

    rows, errors = check(cells)

    assert errors == []
    assert rows[0].values["months"] == [10] * 11 + [0]


@pytest.mark.django_db
def test_a_row_longer_than_the_headers_is_refused():
    _rows, errors = check([*row(), "en trop"])

    assert messages(errors) == ["Ligne 2 : cette ligne a plus de cellules que la ligne des titres."]


@pytest.mark.django_db
def test_unknown_and_repeated_columns_refuse_the_file():
    with pytest.raises(ImportFileError, match="Colonnes inconnues : « couleur »"):
        check(row() + ["rouge"], headers=[*HEADERS, "couleur"])
    with pytest.raises(ImportFileError, match="Colonnes en double"):
        check(row() + ["besoin"], headers=[*HEADERS, "Sens"])


@pytest.mark.django_db
def test_headers_may_be_accented_capitalised_or_english():
    headers = [
        "Catégorie",
        "Direction",
        "Label",
        "Janvier",
        "FÉV",
        "march",
        "avril",
        "mai",
        "juin",
        "juillet",
        "Août",
        "sept",
        "octobre",
        "nov",
        "décembre",
        "Satisfaction",
        "rate",
    ]

    rows, errors = check(row(), headers=headers)

    assert errors == []
    assert rows[0].values["months"] == [10] * 12


@pytest.mark.django_db
def test_required_cells_must_be_filled():
    _rows, errors = check(row(category="", direction=""))

    assert [e.column for e in errors] == ["categorie", "sens"]


@pytest.mark.django_db
def test_money_accepts_dollar_signs_spaces_and_both_decimal_marks():
    headers = ["categorie", "sens", *MONTH_COLUMNS, "cout_annuel"]
    cells = ["payroll", "besoin", *([1] * 12)]

    rows, errors = check([*cells, "12 345,50 $"], headers=headers)
    assert errors == []
    assert str(rows[0].values["annual_cost"]) == "12345.50"
    with translation.override("en"):
        rows, errors = check([*cells, "$12,345.50"], headers=headers)
    assert str(rows[0].values["annual_cost"]) == "12345.50"
