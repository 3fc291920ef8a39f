"""Exports hold the current organisation's inventory, and only it."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from mutualiser.diagnostic.models import Category

from ..factories import InventoryItemFactory, UserFactory


@pytest.fixture
def items(organisation_a, organisation_b):
    payroll = Category.objects.get(code="payroll")
    InventoryItemFactory(organisation=organisation_a, category=payroll, label="Paie de A")
    InventoryItemFactory(organisation=organisation_b, category=payroll, label="Paie de B")


@pytest.mark.django_db
def test_csv_export_is_utf8_with_bom_semicolons_and_only_a_items(client, alice, items):
    client.force_login(alice)

    response = client.get("/fr/diagnostic/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="inventaire-theatre-des-alizes.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffcategorie;libelle_categorie;sens;precision;jan;")
    assert "Paie de A" in text
    assert "Paie de B" not in text


@pytest.mark.django_db
def test_csv_export_in_english_uses_commas(client, alice, items):
    client.force_login(alice)

    response = client.get("/en/diagnostic/export.csv")

    assert response.content.decode("utf-8").startswith("\ufeffcategorie,libelle_categorie,sens,")


@pytest.mark.django_db
def test_xlsx_export_of_charlie_holds_b_items_only(client, charlie, items):
    client.force_login(charlie)

    response = client.get("/fr/diagnostic/export.xlsx")

    sheet = load_workbook(io.BytesIO(response.content))["Inventaire"]
    labels = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert labels == ["Paie de B"]


@pytest.mark.django_db
def test_a_member_without_organisation_has_nothing_to_export(client):
    client.force_login(UserFactory())

    assert client.get("/fr/diagnostic/export.csv").status_code == 404
    assert client.get("/fr/diagnostic/export.xlsx").status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_cannot_export(client, items):
    response = client.get("/fr/diagnostic/export.csv")

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_template_documents_columns_and_categories_in_the_reader_language(client):
    french = client.get("/fr/diagnostic/template.xlsx")
    english = client.get("/en/diagnostic/template.xlsx")

    fr_book = load_workbook(io.BytesIO(french.content))
    en_book = load_workbook(io.BytesIO(english.content))
    assert fr_book["Inventaire"]["A2"].value == "payroll"
    assert fr_book["Colonnes"]["A1"].value == "Colonne"
    assert en_book["Colonnes"]["A1"].value == "Column"
    assert fr_book["Catégories"]["C2"].value == "Comptabilité"
    assert en_book["Catégories"]["C2"].value == "Accounting"
    assert 'filename="modele-inventaire.xlsx"' in french["Content-Disposition"]
