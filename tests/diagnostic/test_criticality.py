"""Criticality of an inventory item: asked, imported, passed to the engine, gating the level."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from mutualiser.diagnostic.importexport import (
    HEADERS,
    MONTH_COLUMNS,
    Table,
    check_table,
    write_csv,
    write_xlsx,
)
from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.diagnostic.scoring import (
    diagnostic_results,
    item_profile,
    scoring_weights_update,
)
from mutualiser.diagnostic.services import ImportRefused, inventory_import
from mutualiser.engine.diagnostic import DEFAULT_WEIGHTS
from mutualiser.organisations.choices import BudgetBand
from tests.diagnostic.item_form import form_data

from ..factories import InventoryItemFactory

HTMX = {"HX-Request": "true"}
# Without the two criteria a core, staff-run task scores low on, this item's potential is high
# enough for the category's typical level (L4): the gating rule alone brings it down to L3.
WEIGHTS = {**DEFAULT_WEIGHTS, "transition_ease": 0.0, "support_core": 0.0}


def category(code: str) -> Category:
    return Category.objects.select_related("family").get(code=code)


def edit_url(item: InventoryItem) -> str:
    return f"/fr/diagnostic/inventory/{item.pk}/edit/"


@pytest.fixture
def ticketing(organisation_a):
    """A core ticketing task run by an employee, in a small organisation."""
    organisation_a.budget_band = BudgetBand.UNDER_100K
    organisation_a.staff_fte = Decimal("1")
    organisation_a.save(update_fields=["budget_band", "staff_fte"])
    return InventoryItemFactory(
        organisation=organisation_a,
        category=category("ticketing"),
        months=[20.0] * 12,  # above the break-even share of a shared ticketing service
        how_done="staff",
        annual_cost=Decimal("20000"),
        importance="core",
        confidentiality="low",
        specificity="low",
        max_distance_km=250,
    )


# --- the inventory -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_items_added_from_the_checklist_have_no_criticality_yet(client, alice, organisation_a):
    client.force_login(alice)

    client.post(
        "/fr/diagnostic/inventory/add/",
        {"categories": [category("payroll").pk], "direction": "need"},
    )

    assert InventoryItem.objects.get(organisation=organisation_a).criticality == ""


@pytest.mark.django_db
def test_the_edit_form_asks_what_if_the_task_stopped_for_a_month(client, alice, ticketing):
    client.force_login(alice)

    response = client.get(edit_url(ticketing), headers=HTMX)

    page = response.content.decode()
    assert 'name="criticality"' in page
    assert "Si cette tâche s'arrêtait un mois, quelles conséquences ?" in page
    assert "— non précisée —" in page


@pytest.mark.django_db
def test_a_criticality_saved_in_the_row_is_shown_in_the_row(client, bob, ticketing):
    client.force_login(bob)

    response = client.post(
        edit_url(ticketing), form_data(ticketing, criticality="high"), headers=HTMX
    )

    ticketing.refresh_from_db()
    assert ticketing.criticality == "high"
    assert "Criticité élevée" in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_a_criticality_can_be_set_back_to_not_said(client, alice, ticketing):
    ticketing.criticality = "medium"
    ticketing.save(update_fields=["criticality"])
    client.force_login(alice)

    response = client.post(edit_url(ticketing), form_data(ticketing, criticality=""))

    ticketing.refresh_from_db()
    assert response.status_code == 302
    assert ticketing.criticality == ""


@pytest.mark.django_db
def test_an_unknown_criticality_is_an_error_next_to_the_field_and_nothing_is_saved(
    client, alice, ticketing
):
    client.force_login(alice)

    response = client.post(
        edit_url(ticketing), form_data(ticketing, criticality="extreme"), headers=HTMX
    )

    ticketing.refresh_from_db()
    assert ticketing.criticality == ""
    page = response.content.decode()
    assert "Corrigez les champs signalés" in page
    assert 'id="id_criticality_error"' in page
    assert "Sélectionnez un choix valide" in page


@pytest.mark.django_db
def test_charlie_cannot_set_the_criticality_of_an_item_of_a(client, charlie, ticketing):
    client.force_login(charlie)

    response = client.post(edit_url(ticketing), form_data(ticketing, criticality="low"))

    ticketing.refresh_from_db()
    assert response.status_code == 404
    assert ticketing.criticality == ""


@pytest.mark.django_db
def test_the_undo_of_a_delete_brings_the_criticality_back(client, alice, ticketing):
    ticketing.criticality = "high"
    ticketing.save(update_fields=["criticality"])
    client.force_login(alice)
    client.post(f"/fr/diagnostic/inventory/{ticketing.pk}/delete/")

    client.post("/fr/diagnostic/inventory/restore/", {"item": ticketing.pk})

    assert InventoryItem.objects.get(pk=ticketing.pk).criticality == "high"


# --- the engine --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_profile_carries_the_criticality_and_blank_reaches_the_engine_as_none(ticketing):
    unknown = item_profile(ticketing, organisation=ticketing.organisation)
    ticketing.criticality = "high"
    known = item_profile(ticketing, organisation=ticketing.organisation)

    assert unknown.criticality is None
    assert known.criticality == "high"


@pytest.mark.django_db
def test_a_core_staff_run_highly_critical_task_is_capped_at_a_formal_agreement(ticketing):
    organisation = ticketing.organisation
    before = diagnostic_results(organisation=organisation, lang="fr", weights=WEIGHTS).items[0]
    ticketing.criticality = "high"
    ticketing.save(update_fields=["criticality"])

    after = diagnostic_results(organisation=organisation, lang="fr", weights=WEIGHTS).items[0]

    assert (before.level, before.diagnosis.gated, before.gate_note) == ("L4", False, "")
    assert after.diagnosis.uncapped_level == "L4"
    assert after.level == "L3"
    assert after.diagnosis.gated
    assert after.gate_note.startswith("Tâche très critique et transition difficile")


@pytest.mark.django_db
def test_a_task_of_low_criticality_is_not_gated(ticketing):
    ticketing.criticality = "low"
    ticketing.save(update_fields=["criticality"])

    scored = diagnostic_results(
        organisation=ticketing.organisation, lang="fr", weights=WEIGHTS
    ).items[0]

    assert not scored.diagnosis.gated
    assert scored.level == "L4"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("fr", "Tâche très critique et transition difficile, niveau plafonné"),
        ("en", "Highly critical task and a hard transition, level capped"),
    ],
)
def test_the_results_page_shows_the_gating_note(client, alice, ticketing, lang, note):
    scoring_weights_update(weights=WEIGHTS, user=None)
    ticketing.criticality = "high"
    ticketing.save(update_fields=["criticality"])
    client.force_login(alice)
    with translation.override(lang):
        url = reverse("diagnostic:index")

    response = client.get(url)

    page = response.content.decode()
    assert note in page
    assert 'class="gate-note' in page
    assert response.context["results"].items[0].level == "L3"


@pytest.mark.django_db
def test_without_criticality_the_results_page_has_no_gating_note(client, alice, ticketing):
    scoring_weights_update(weights=WEIGHTS, user=None)
    client.force_login(alice)

    response = client.get("/fr/diagnostic/")

    assert "Tâche très critique" not in response.content.decode()
    assert response.context["results"].items[0].level == "L4"


# --- import and export -------------------------------------------------------------------------

IMPORT_HEADERS = ["categorie", "sens", "precision", *MONTH_COLUMNS, "criticite"]


def import_check(*criticalities: object, headers: list[str] = IMPORT_HEADERS):
    rows = [
        (line, ["payroll", "besoin", f"ligne {line}", *[10] * 12, value])
        for line, value in enumerate(criticalities, start=2)
    ]
    return check_table(Table(headers=headers, rows=rows))


@pytest.mark.django_db
def test_the_criticality_column_accepts_french_and_english_words_and_blank_is_not_said():
    rows, errors = import_check("faible", "Moyenne", "élevée", "HIGH", "low", "", None)

    assert errors == []
    assert [r.values["criticality"] for r in rows] == [
        "low",
        "medium",
        "high",
        "high",
        "low",
        "",
        "",
    ]


@pytest.mark.django_db
def test_a_bad_criticality_is_reported_with_its_line_column_and_the_accepted_words():
    _rows, errors = import_check("moyen", "énorme")

    assert [(e.line, e.column) for e in errors] == [(3, "criticite")]
    assert str(errors[0]) == (
        "Ligne 3, colonne « criticite » : « énorme » n'est pas une valeur possible "
        "(valeurs possibles : faible, moyen, élevé)."
    )


@pytest.mark.django_db
def test_a_bad_criticality_reads_in_english_on_the_english_site():
    with translation.override("en"):
        _rows, errors = import_check("huge")

        message = str(errors[0])

    assert message == (
        "Line 2, column “criticite”: “huge” is not a possible value "
        "(possible values: faible, moyen, élevé)."
    )


@pytest.mark.django_db
def test_the_english_header_criticality_is_accepted():
    rows, errors = import_check("medium", headers=[*IMPORT_HEADERS[:-1], "Criticality"])

    assert errors == []
    assert rows[0].values["criticality"] == "medium"


@pytest.mark.django_db
def test_a_file_without_the_criticality_column_leaves_it_as_it_is(organisation_a):
    item = InventoryItemFactory(
        organisation=organisation_a, category=category("payroll"), criticality="high"
    )
    header = ";".join(["categorie", "sens", *MONTH_COLUMNS])
    data = f"{header}\r\npayroll;besoin;{';'.join(['3'] * 12)}\r\n".encode()

    inventory_import(organisation=organisation_a, name="inventaire.csv", data=data)

    item.refresh_from_db()
    assert item.months == [3] * 12
    assert item.criticality == "high"


@pytest.mark.django_db
def test_a_bad_criticality_refuses_the_file_and_changes_nothing(organisation_a):
    header = ";".join(["categorie", "sens", *MONTH_COLUMNS, "criticite"])
    data = f"{header}\r\npayroll;besoin;{';'.join(['3'] * 12)};vital\r\n".encode()

    with pytest.raises(ImportRefused) as refused:
        inventory_import(organisation=organisation_a, name="inventaire.csv", data=data)

    assert refused.value.errors[0].column == "criticite"
    assert not InventoryItem.objects.filter(organisation=organisation_a).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("writer", ["csv", "xlsx"])
def test_criticalities_survive_an_export_and_an_import(organisation_a, organisation_b, writer):
    for code, criticality in (("payroll", "high"), ("accounting", "low"), ("audit", "")):
        InventoryItemFactory(
            organisation=organisation_a, category=category(code), criticality=criticality
        )
    items = InventoryItem.objects.filter(organisation=organisation_a)
    data = write_csv(items) if writer == "csv" else write_xlsx(items)

    inventory_import(organisation=organisation_b, name=f"inventaire.{writer}", data=data)

    imported = InventoryItem.objects.filter(organisation=organisation_b)
    assert dict(imported.values_list("category__code", "criticality")) == {
        "payroll": "high",
        "accounting": "low",
        "audit": "",
    }


@pytest.mark.django_db
def test_the_template_documents_the_criticality_column_and_offers_a_dropdown():
    workbook = load_workbook(io.BytesIO(write_xlsx([], example=True)))

    sheet = workbook["Inventaire"]
    column = HEADERS.index("criticite") + 1
    letter = sheet.cell(row=1, column=column).column_letter
    documented = {row[0]: row for row in workbook["Colonnes"].iter_rows(values_only=True)}
    dropdowns = {
        str(validation.sqref): validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    assert sheet.cell(row=1, column=column).value == "criticite"
    assert "quelles conséquences" in documented["criticite"][2]
    assert "faible, moyen, élevé" in documented["criticite"][3]
    assert dropdowns[f"{letter}2:{letter}500"] == '"faible,moyen,élevé"'
