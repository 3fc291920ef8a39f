"""One set of rules (issue 8): the form, the import and the database apply the same limits,
and whatever the site exports comes back unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualiser.diagnostic.forms import InventoryItemForm
from mutualiser.diagnostic.importexport import (
    EXPORT_WORDS,
    MAX_DISTANCE_KM,
    MAX_MONEY,
    MAX_NOTES,
    write_csv,
    write_xlsx,
)
from mutualiser.diagnostic.models import (
    Category,
    Direction,
    Grade,
    HowDone,
    Importance,
    InventoryItem,
)
from mutualiser.diagnostic.services import (
    INVENTORY_FIELDS,
    ImportRefused,
    InventoryFull,
    inventory_import,
    inventory_item_create,
    inventory_items_add,
    taxonomy_load,
)
from tests.diagnostic.item_form import form_data

from ..factories import InventoryItemFactory, OrganisationFactory

HEADER = "categorie;sens;precision;jan;fev;mar;avr;mai;juin;juil;aou;sep;oct;nov;dec"


def import_row(organisation, *, notes: str = "", distance: object = "") -> None:
    header = HEADER + ";distance_max_km;notes"
    row = f"payroll;besoin;;1;1;1;1;1;1;1;1;1;1;1;1;{distance};{notes}"
    data = ("\ufeff" + header + "\r\n" + row + "\r\n").encode()
    inventory_import(organisation=organisation, name="inventaire.csv", data=data)


@pytest.fixture
def item(organisation_a):
    return InventoryItemFactory(
        organisation=organisation_a, category=Category.objects.get(code="payroll")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"notes": "x" * 2_000_000}, "notes"),
        ({"notes": "x" * 1_000_000}, "notes"),
        ({"notes": "x" * (MAX_NOTES + 1)}, "notes"),
        ({"max_distance_km": "999999999"}, "max_distance_km"),
        ({"max_distance_km": str(MAX_DISTANCE_KM + 1)}, "max_distance_km"),
    ],
)
def test_the_form_refuses_what_the_import_refuses(item, organisation_b, changes, field):
    form = InventoryItemForm(form_data(item, **changes), instance=item)

    assert not form.is_valid()
    assert field in form.errors
    with pytest.raises(ImportRefused) as refused:
        import_row(
            organisation_b,
            notes=changes.get("notes", ""),
            distance=changes.get("max_distance_km", ""),
        )
    if len(changes.get("notes", "")) > 131_072:
        assert "Une cellule du fichier dépasse" in refused.value.message  # csv's own limit
    else:
        column = {"notes": "notes"}.get(field, "distance_max_km")
        assert [(e.line, e.column) for e in refused.value.errors] == [(2, column)]


@pytest.mark.django_db
def test_the_form_and_the_import_accept_the_limits_themselves(item, organisation_b):
    form = InventoryItemForm(
        form_data(item, notes="x" * MAX_NOTES, max_distance_km=str(MAX_DISTANCE_KM)),
        instance=item,
    )

    assert form.is_valid(), form.errors
    import_row(organisation_b, notes="x" * MAX_NOTES, distance=MAX_DISTANCE_KM)
    imported = InventoryItem.objects.get(organisation=organisation_b)
    assert (len(imported.notes), imported.max_distance_km) == (MAX_NOTES, MAX_DISTANCE_KM)


@pytest.mark.django_db
def test_a_rate_the_model_cannot_hold_is_a_cell_error_not_a_500(organisation_a):
    header = HEADER + ";tarif"
    row = "cargo_van;offre;;1;1;1;1;1;1;1;1;1;1;1;1;1000000000"
    data = (header + "\r\n" + row + "\r\n").encode()

    with pytest.raises(ImportRefused) as refused:
        inventory_import(organisation=organisation_a, name="tarif.csv", data=data)

    assert [(e.line, e.column) for e in refused.value.errors] == [(2, "tarif")]


# --- the database holds the key ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_refuses_a_second_item_with_the_same_key(item):
    with pytest.raises(IntegrityError), transaction.atomic():
        InventoryItem.objects.create(
            organisation=item.organisation,
            category=item.category,
            direction=item.direction,
            label=item.label.upper(),
        )


@pytest.mark.django_db
def test_the_services_say_so_in_words(item):
    with pytest.raises(ValidationError) as refused:
        inventory_item_create(
            organisation=item.organisation, category=item.category, direction=item.direction
        )

    assert "existe déjà dans votre inventaire" in str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_the_migration_separates_existing_duplicates_without_losing_any():
    taxonomy_load()  # an earlier transactional test may have emptied the tables
    executor = MigrationExecutor(connection)
    before = [("diagnostic", "0007_grade_labels_agree")]
    # Every app's leaf: going back to diagnostic 0007 also unapplies the apps that depend on
    # diagnostic (partners...), which must come back for the tests that follow.
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Organisation = apps.get_model("organisations", "Organisation")
    Item = apps.get_model("diagnostic", "InventoryItem")
    category = apps.get_model("diagnostic", "Category").objects.get(code="payroll")
    organisation = Organisation.objects.create(name="Doublons", slug="doublons")
    for label, notes in (("Paie", "a"), ("paie ", "b"), ("PAIE", "c"), ("Paie (2)", "d")):
        Item.objects.create(
            organisation=organisation,
            category=category,
            direction="need",
            label=label,
            notes=notes,
            max_distance_km=999_999_999,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    items = InventoryItem.objects.filter(organisation_id=organisation.pk).order_by("notes")
    assert [(i.label, i.notes) for i in items] == [
        ("Paie", "a"),
        ("paie (3)", "b"),
        ("PAIE (4)", "c"),
        ("Paie (2)", "d"),
    ]
    assert {i.max_distance_km for i in items} == {MAX_DISTANCE_KM}


# --- a limit per organisation --------------------------------------------------------------------


@override_settings(INVENTORY_MAX_ITEMS=2)
@pytest.mark.django_db
def test_the_services_refuse_items_past_the_organisation_limit(organisation_a):
    codes = ["payroll", "accounting", "audit"]
    with pytest.raises(InventoryFull) as full:
        inventory_items_add(
            organisation=organisation_a,
            categories=Category.objects.filter(code__in=codes),
            direction=Direction.NEED,
        )
    assert "il en permet 2 au plus" in full.value.message
    assert not InventoryItem.objects.filter(organisation=organisation_a).exists()

    inventory_items_add(
        organisation=organisation_a,
        categories=Category.objects.filter(code__in=codes[:2]),
        direction=Direction.NEED,
    )
    with pytest.raises(InventoryFull):
        inventory_item_create(
            organisation=organisation_a,
            category=Category.objects.get(code="audit"),
            direction=Direction.NEED,
        )
    assert InventoryItem.objects.filter(organisation=organisation_a).count() == 2


@override_settings(INVENTORY_MAX_ITEMS=1)
@pytest.mark.django_db
def test_the_form_refuses_a_new_item_past_the_limit(item):
    new = InventoryItem(organisation=item.organisation, category=item.category)
    form = InventoryItemForm(form_data(new, label="Une autre paie"), instance=new)

    assert not form.is_valid()
    assert "il en permet 1 au plus" in str(form.non_field_errors())


# --- whatever is exported comes back unchanged ---------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), include_characters="\n"
    ),
    max_size=40,
).map(str.strip)
QUANTITY = st.decimals(min_value=0, max_value=1_000_000, places=2).map(float)
MONEY = st.decimals(min_value=0, max_value=MAX_MONEY["rate"], places=2)
CODES = ["payroll", "accounting", "cargo_van", "rehearsal_studio", "grant_writing"]


@st.composite
def items(draw):
    chosen = draw(
        st.lists(
            st.tuples(st.sampled_from(CODES), st.sampled_from(list(EXPORT_WORDS["direction"]))),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    values = []
    for code, direction in chosen:
        values.append(
            {
                "code": code,
                "direction": direction,
                "label": draw(TEXT.filter(lambda t: len(t) <= 200)),
                "months": draw(st.lists(QUANTITY, min_size=12, max_size=12)),
                "how_done": draw(st.sampled_from(["", *HowDone.values])),
                "annual_cost": draw(st.none() | MONEY),
                "satisfaction": draw(st.none() | st.integers(1, 5)),
                "importance": draw(st.sampled_from(Importance.values)),
                "confidentiality": draw(st.sampled_from(Grade.values)),
                "specificity": draw(st.sampled_from(Grade.values)),
                "criticality": draw(st.sampled_from(["", *Grade.values])),
                "max_distance_km": draw(st.integers(0, MAX_DISTANCE_KM)),
                "rate": draw(st.none() | MONEY) if direction == "offer" else None,
                "notes": draw(TEXT),
            }
        )
    return values


FIELDS = [name for name in INVENTORY_FIELDS if name != "category"]


def snapshot(organisation) -> list[tuple]:
    rows = []
    for item in InventoryItem.objects.filter(organisation=organisation).select_related("category"):
        values = [item.category.code] + [getattr(item, name) for name in FIELDS]
        values = [
            Decimal(value).quantize(Decimal("0.01")) if isinstance(value, Decimal) else value
            for value in values
        ]
        rows.append(tuple(str(value) for value in values))
    return sorted(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["fr", "en"])
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(inventory=items())
def test_any_exportable_inventory_reimports_unchanged(kind, language, inventory):
    source = OrganisationFactory()
    target = OrganisationFactory()
    categories = {c.code: c for c in Category.objects.filter(code__in=CODES)}
    for values in inventory:
        values = dict(values)
        InventoryItem(organisation=source, category=categories[values.pop("code")], **values).save()
    exported = InventoryItem.objects.filter(organisation=source).select_related("category")

    with translation.override(language):
        data = write_csv(exported) if kind == "csv" else write_xlsx(exported)
        summary = inventory_import(organisation=target, name=f"inventaire.{kind}", data=data)

    assert summary.created == len(inventory)
    assert snapshot(target) == snapshot(source)
