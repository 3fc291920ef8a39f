"""Importing whole files: all or nothing, no duplicates, round trips, malformed files."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from mutualiser.diagnostic.importexport import HEADERS, MAX_ROWS, write_csv, write_xlsx
from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.diagnostic.services import ImportRefused, inventory_import
from mutualiser.words import formats

from ..factories import InventoryItemFactory


def csv_bytes(*lines: str, bom: bool = True, encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


HEADER = ";".join(
    [
        "categorie",
        "sens",
        "precision",
        "jan",
        "fev",
        "mar",
        "avr",
        "mai",
        "juin",
        "juil",
        "aou",
        "sep",
        "oct",
        "nov",
        "dec",
        "cout_annuel",
        "satisfaction",
    ]
)
PAYROLL = "payroll;besoin;;10;10;10;10;10;10;10;10;10;10;10;10;4800;3"
VAN = "cargo_van;offre;Fourgon 16 pi;2;2;2;2;2;0;0;0;2;2;2;2;;"


def do_import(organisation, data: bytes, name: str = "inventaire.csv"):
    return inventory_import(organisation=organisation, name=name, data=data)


def refusal(organisation, data: bytes, name: str = "inventaire.csv") -> ImportRefused:
    with pytest.raises(ImportRefused) as refused:
        do_import(organisation, data, name)
    return refused.value


@pytest.mark.django_db
def test_a_good_file_creates_items_with_the_category_defaults(organisation_a):
    summary = do_import(organisation_a, csv_bytes(HEADER, PAYROLL, VAN))

    assert (summary.created, summary.updated) == (2, 0)
    payroll = InventoryItem.objects.get(organisation=organisation_a, category__code="payroll")
    assert payroll.months == [10] * 12
    assert payroll.annual_cost == Decimal("4800.00")
    assert payroll.satisfaction == 3
    assert payroll.confidentiality == "high"  # the category's, as no column says otherwise
    assert payroll.max_distance_km == 250  # low need of proximity


@pytest.mark.django_db
def test_one_bad_cell_refuses_the_whole_file_and_changes_nothing(organisation_a):
    existing = InventoryItemFactory(
        organisation=organisation_a, category=Category.objects.get(code="payroll"), months=[1] * 12
    )
    bad = "audit;besoin;;1;1;1;1;1;1;1;1;1;1;1;douze;;"

    refused = refusal(organisation_a, csv_bytes(HEADER, PAYROLL, VAN, bad))

    assert [str(e) for e in refused.errors] == [
        "Ligne 4, colonne « dec » : « douze » n'est pas un nombre."
    ]
    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 1
    existing.refresh_from_db()
    assert existing.months == [1] * 12


@pytest.mark.django_db
def test_reimporting_the_same_file_updates_instead_of_duplicating(organisation_a):
    do_import(organisation_a, csv_bytes(HEADER, PAYROLL, VAN))

    again = do_import(organisation_a, csv_bytes(HEADER, PAYROLL, VAN))
    changed = do_import(organisation_a, csv_bytes(HEADER, PAYROLL.replace(";4800;", ";5200;")))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (changed.created, changed.updated) == (0, 1)
    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 2
    payroll = InventoryItem.objects.get(organisation=organisation_a, category__code="payroll")
    assert payroll.annual_cost == Decimal("5200.00")


@pytest.mark.django_db
def test_an_import_never_touches_another_organisation(organisation_a, organisation_b):
    theirs = InventoryItemFactory(
        organisation=organisation_b, category=Category.objects.get(code="payroll"), months=[3] * 12
    )

    do_import(organisation_a, csv_bytes(HEADER, PAYROLL))

    theirs.refresh_from_db()
    assert theirs.months == [3] * 12
    assert InventoryItem.objects.filter(organisation=organisation_b).count() == 1


def make_items(organisation):
    categories = {c.code: c for c in Category.objects.all()}
    InventoryItemFactory(
        organisation=organisation,
        category=categories["payroll"],
        months=[10, 10, 10, 10, 10, 12.5, 0, 0, 10, 10, 10, 10],
        how_done="freelance",
        annual_cost=Decimal("4800.50"),
        satisfaction=2,
        importance="core",
        confidentiality="high",
        specificity="low",
        criticality="high",
        max_distance_km=300,
        notes="Éric s'en occupe ; « urgent »\nsur deux lignes",
    )
    InventoryItemFactory(
        organisation=organisation,
        category=categories["cargo_van"],
        direction="offer",
        label="=SUM(A1) pas une formule",
        months=[2] * 12,
        rate=Decimal("90"),
    )
    InventoryItemFactory(
        organisation=organisation,
        category=categories["audit"],
        direction="inhouse",
        months=[0] * 12,
    )


FIELDS = [
    "category_id",
    "direction",
    "label",
    "months",
    "how_done",
    "annual_cost",
    "satisfaction",
    "importance",
    "confidentiality",
    "specificity",
    "criticality",
    "max_distance_km",
    "rate",
    "notes",
]


def snapshot(organisation):
    return sorted(
        InventoryItem.objects.filter(organisation=organisation).values_list(*FIELDS),
        key=lambda values: values[0],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_csv_export_imports_back_to_the_same_inventory(organisation_a, organisation_b, language):
    make_items(organisation_a)
    with translation.override(language):
        data = write_csv(InventoryItem.objects.filter(organisation=organisation_a))

        do_import(organisation_b, data)
        again = do_import(organisation_a, data)

    assert data.startswith("\ufeff".encode())
    assert snapshot(organisation_b) == snapshot(organisation_a)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


@pytest.mark.django_db
def test_xlsx_export_imports_back_to_the_same_inventory(organisation_a, organisation_b):
    make_items(organisation_a)
    data = write_xlsx(InventoryItem.objects.filter(organisation=organisation_a))

    do_import(organisation_b, data, "inventaire.xlsx")

    assert snapshot(organisation_b) == snapshot(organisation_a)
    sheet = load_workbook(io.BytesIO(data))["Inventaire"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    labels = [sheet.cell(row=r, column=4).value for r in range(2, 5)]
    assert "=SUM(A1) pas une formule" in labels  # kept as text, never a formula


@pytest.mark.django_db
def test_the_template_imports_its_example_row(organisation_a):
    data = write_xlsx([], example=True)

    summary = do_import(organisation_a, data, "modele.xlsx")

    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Inventaire", "Colonnes", "Catégories"]
    assert workbook["Catégories"].max_row == 1 + Category.objects.count()
    assert summary.created == 1


@pytest.mark.django_db
def test_a_comma_separated_file_without_bom_in_windows_1252_is_read(organisation_a):
    header = HEADER.replace(";", ",")
    line = 'Rédaction de demandes de subvention,besoin,,1,1,1,1,1,1,1,1,1,1,1,1,"1 200,50",5'

    summary = do_import(organisation_a, csv_bytes(header, line, bom=False, encoding="cp1252"))

    item = InventoryItem.objects.get(organisation=organisation_a)
    assert summary.created == 1
    assert item.category.code == "grant_writing"
    assert item.annual_cost == Decimal("1200.50")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("vide.csv", b"", "Le fichier est vide."),
        ("blancs.csv", b" \r\n ;; \r\n", "Le fichier est vide."),
        ("titres.csv", ("\ufeff" + HEADER + "\r\n").encode(), "que la ligne des titres"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "Seuls les fichiers CSV et XLSX"),
        ("faux.xlsx", b"categorie;sens\r\n", "classeur XLSX lisible"),
        ("binaire.csv", b"abc\x00def\x00", "pas un CSV lisible"),
        ("autre.csv", b"nom;adresse\r\nA;B\r\n", "Colonnes inconnues"),
        ("court.csv", b"categorie;sens;jan\r\npayroll;besoin;1\r\n", "Colonnes obligatoires"),
        ("gros.csv", b"x" * (2 * 1024 * 1024 + 1), "dépasse 2 Mo"),
    ],
)
def test_malformed_files_get_a_clear_message_and_change_nothing(
    organisation_a, name, data, expected
):
    refused = refusal(organisation_a, data, name)

    assert expected in refused.message
    assert refused.errors == []
    assert not InventoryItem.objects.filter(organisation=organisation_a).exists()


@pytest.mark.django_db
def test_more_rows_than_an_inventory_may_hold_are_refused(organisation_a):
    # MAX_ROWS: min(2000, settings.INVENTORY_MAX_ITEMS), 500 by default
    lines = [f"payroll;besoin;ligne {n};1;1;1;1;1;1;1;1;1;1;1;1;;" for n in range(MAX_ROWS + 1)]

    refused = refusal(organisation_a, csv_bytes(HEADER, *lines))

    assert f"plus de {formats.integer(MAX_ROWS, 'fr')} lignes" in refused.message


@pytest.mark.django_db
def test_a_broken_xlsx_is_refused(organisation_a):
    refused = refusal(organisation_a, b"PK\x03\x04 not really a zip", "inventaire.xlsx")

    assert "classeur XLSX lisible" in refused.message


@pytest.mark.django_db
def test_an_xlsx_with_its_first_sheet_named_otherwise_is_read(organisation_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Feuil1"
    sheet.append(
        [
            "categorie",
            "sens",
            *["jan", "fev", "mar", "avr", "mai", "juin", "juil", "aou", "sep", "oct", "nov", "dec"],
        ]
    )
    sheet.append(["payroll", "need", *([4.5] * 12)])
    output = io.BytesIO()
    workbook.save(output)

    do_import(organisation_a, output.getvalue(), "mon fichier.XLSX")

    assert InventoryItem.objects.get(organisation=organisation_a).months == [4.5] * 12
