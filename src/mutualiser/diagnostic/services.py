"""Writes of the diagnostic app: the taxonomy first, then the inventory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F

from mutualiser.engine.taxonomy import load_taxonomy

from .models import TAXONOMY_CATEGORY_FIELDS, Category, Family

# --- taxonomy ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaxonomyCounts:
    """What `taxonomy_load` did, row by row."""

    families_created: int = 0
    families_updated: int = 0
    categories_created: int = 0
    categories_updated: int = 0
    categories_unchanged: int = 0
    categories_kept: int = 0  # edited by staff, left alone (no --update)

    def __str__(self) -> str:
        return (
            f"families: {self.families_created} created, {self.families_updated} updated; "
            f"categories: {self.categories_created} created, {self.categories_updated} updated, "
            f"{self.categories_unchanged} unchanged, {self.categories_kept} kept (edited by staff)"
        )


def _assign(instance: Family | Category, values: dict[str, object]) -> list[str]:
    """Set the differing values on the instance; return the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def taxonomy_load(
    *, update_existing: bool = False, path: str | Path | None = None
) -> TaxonomyCounts:
    """Upsert families and categories from the engine's taxonomy file (validated by the engine).

    Missing rows are created and rows nobody edited are refreshed from the file. Categories
    staff edited in the admin (`customised`) are kept as they are, unless `update_existing`,
    which overwrites every row with the file and clears the flag. Categories absent from the
    file are never deleted (inventory items point at them). Idempotent; one transaction.
    """
    taxonomy = load_taxonomy(path)
    counts = dict.fromkeys(TaxonomyCounts.__dataclass_fields__, 0)

    families: dict[str, Family] = {f.code: f for f in Family.objects.all()}
    for order, entry in enumerate(taxonomy.families):
        values = {"label_fr": entry.label_fr, "label_en": entry.label_en, "order": order}
        family = families.get(entry.code)
        if family is None:
            families[entry.code] = Family.objects.create(code=entry.code, **values)
            counts["families_created"] += 1
        elif changed := _assign(family, values):
            family.save(update_fields=changed)
            counts["families_updated"] += 1

    categories: dict[str, Category] = {c.code: c for c in Category.objects.all()}
    for order, entry in enumerate(taxonomy.categories):
        values = {name: getattr(entry, name) for name in TAXONOMY_CATEGORY_FIELDS}
        values["family_id"] = families[entry.family].pk
        values["order"] = order
        category = categories.get(entry.code)
        if category is None:
            Category.objects.create(code=entry.code, **values)
            counts["categories_created"] += 1
            continue
        if category.customised and not update_existing:
            counts["categories_kept"] += 1
            continue
        values["customised"] = False
        changed = _assign(category, values)
        if changed:
            category.save(update_fields=changed)
            counts["categories_updated"] += 1
        else:
            counts["categories_unchanged"] += 1
    return TaxonomyCounts(**counts)


# --- inventory services ---------------------------------------------------------------------
# Owned by the inventory part; imports kept here so the two sections can change independently.

from collections.abc import Iterable, Mapping  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402
from typing import Any  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import ngettext  # noqa: E402

from mutualiser.organisations.models import Organisation  # noqa: E402
from mutualiser.words import formats  # noqa: E402
from mutualiser.words.language import current_language  # noqa: E402

from .importexport import (  # noqa: E402
    COLUMNS,
    CellError,
    ImportFileError,
    check_table,
    item_key,
    read_table,
)
from .models import Grade, InventoryItem, empty_months  # noqa: E402


class InventoryFull(ValidationError):
    """Adding these items would pass settings.INVENTORY_MAX_ITEMS."""


def inventory_room_check(*, organisation_id: int, adding: int) -> None:
    """Refuse (InventoryFull) when `adding` more items would pass the organisation's limit.

    Inside a transaction the organisation's row is locked first, so that two requests at once
    (two imports, two tabs) cannot both pass the limit; SQLite's IMMEDIATE transactions
    already serialise writers.
    """
    if adding <= 0:
        return
    limit = settings.INVENTORY_MAX_ITEMS
    if transaction.get_connection().in_atomic_block:
        list(Organisation.objects.select_for_update().filter(pk=organisation_id).values("pk"))
    count = InventoryItem.objects.filter(organisation_id=organisation_id).count()
    if count + adding > limit:
        lang = current_language()
        raise InventoryFull(
            ngettext(
                "L'inventaire compte %(count)s élément ; il en permet %(max)s au plus. "
                "Retirez-en ou regroupez-en avant d'en ajouter.",
                "L'inventaire compte %(count)s éléments ; il en permet %(max)s au plus. "
                "Retirez-en ou regroupez-en avant d'en ajouter.",
                count,
            )
            % {"count": formats.integer(count, lang), "max": formats.integer(limit, lang)},
            code="inventory_full",
        )


# A partner within this many km, by the category's need of proximity.
MAX_DISTANCE_BY_PROXIMITY = {Grade.HIGH: 25, Grade.MEDIUM: 75, Grade.LOW: 250}
UNDO_MINUTES = 10

INVENTORY_FIELDS = (
    "category",
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
)


def inventory_defaults(category: Category) -> dict[str, Any]:
    """An item's starting values from its category: importance, confidentiality, distance."""
    return {
        "importance": category.support_or_core,
        "confidentiality": category.confidentiality,
        "specificity": Grade.MEDIUM,
        "max_distance_km": MAX_DISTANCE_BY_PROXIMITY.get(category.proximity_need, 75),
    }


# What the partner search reads of an item: a change to one of these recomputes the
# opportunities of the organisation's region (in the background, see partners.services).
ENGINE_FIELDS = frozenset({"category", "direction", "months", "max_distance_km", "rate"})


def _inventory_changed(organisation: Organisation) -> None:
    from mutualiser.partners.services import inventory_changed

    inventory_changed(organisation=organisation)


@transaction.atomic
def inventory_item_create(
    *,
    organisation: Organisation,
    category: Category,
    direction: str,
    data: Mapping[str, Any] | None = None,
) -> InventoryItem:
    """Add one item; values not given come from the category (`inventory_defaults`)."""
    inventory_room_check(organisation_id=organisation.pk, adding=1)
    values = {**inventory_defaults(category), "months": empty_months(), **(data or {})}
    item = InventoryItem(organisation=organisation, category=category, direction=direction)
    for name, value in values.items():
        if name in INVENTORY_FIELDS and name not in ("category", "direction"):
            setattr(item, name, value)
    if item.direction != "offer":
        item.rate = None
    item.full_clean()
    item.save()
    _inventory_changed(organisation)
    return item


@dataclass(frozen=True)
class ItemsAdded:
    created: list[InventoryItem]
    skipped: list[Category]  # already in the inventory with this direction and no precision


@transaction.atomic
def inventory_items_add(
    *, organisation: Organisation, categories: Iterable[Category], direction: str
) -> ItemsAdded:
    """Add one item per ticked category, with the category's defaults and no quantities yet.

    A category already present in the same direction without a precision is skipped: it would
    be the same item (the import key), and the member can add a precise one from its row.
    """
    existing = {
        item_key(category_id, item_direction, label)
        for category_id, item_direction, label in InventoryItem.objects.filter(
            organisation=organisation, direction=direction
        ).values_list("category_id", "direction", "label")
    }
    categories = list(categories)
    new = {c.pk for c in categories if item_key(c.pk, direction, "") not in existing}
    inventory_room_check(organisation_id=organisation.pk, adding=len(new))
    created, skipped = [], []
    for category in categories:
        if item_key(category.pk, direction, "") in existing:
            skipped.append(category)
            continue
        created.append(
            inventory_item_create(organisation=organisation, category=category, direction=direction)
        )
    return ItemsAdded(created, skipped)


class StaleEdit(ValidationError):
    """The item changed since the edit began (its version moved on); nothing was written."""

    def __init__(self, *, current: InventoryItem) -> None:
        super().__init__(
            _(
                "Quelqu'un a modifié cet élément pendant que vous le modifiiez ; "
                "rien n'a été enregistré."
            ),
            code="stale_edit",
        )
        self.current = current


@transaction.atomic
def inventory_item_update(
    *, item: InventoryItem, data: Mapping[str, Any], version: int | None = None
) -> InventoryItem:
    """Change the given fields of an item; a rate is kept only on an offer.

    `version` is the item's version the edit started from: the write is one
    `UPDATE … WHERE version = n`, so of several edits started from the same version exactly
    one is written and the others are refused (StaleEdit, holding the item as it now is).
    Without `version` (scripts, the import's own checks) the write is not checked but still
    moves the version on.
    """
    changed = []
    for name, value in data.items():
        if name in INVENTORY_FIELDS and getattr(item, name) != value:
            setattr(item, name, value)
            changed.append(name)
    if item.direction != "offer" and item.rate is not None:
        item.rate = None
        changed.append("rate")
    if not changed:
        return item
    item.full_clean(exclude=["version"])
    item.updated_at = timezone.now()
    values = {name: getattr(item, name) for name in {*changed, "updated_at"}}
    rows = InventoryItem.objects.filter(pk=item.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(**values, version=F("version") + 1):
        current = InventoryItem.objects.select_related("category").filter(pk=item.pk).first()
        if current is None:
            raise ValidationError(_("Cet élément n'existe plus."), code="item_gone")
        raise StaleEdit(current=current)
    item.version = InventoryItem.objects.values_list("version", flat=True).get(pk=item.pk)
    if ENGINE_FIELDS.intersection(changed):
        _inventory_changed(item.organisation)
    return item


def inventory_item_changes(
    *, started: Mapping[str, Any], current: InventoryItem
) -> list[tuple[str, str]]:
    """(field's name, its current value in words) for each field that differs from `started`.

    `started` is `item_started_values(item)` taken when the edit began.
    """
    now = item_started_values(current)
    lang = current_language()
    differences = []
    for name in INVENTORY_FIELDS:
        if name not in started or started[name] == now[name]:
            continue
        field = InventoryItem._meta.get_field(name)
        differences.append((str(field.verbose_name), _value_in_words(current, name, lang)))
    return differences


def item_started_values(item: InventoryItem) -> dict[str, Any]:
    """The item's values as plain JSON (decimals as text), to compare two moments of it."""
    values = _snapshot(item)
    values["category"] = values.pop("category_id")
    values.pop("id")
    values["months"] = [float(quantity) for quantity in values["months"]]
    return values


def _value_in_words(item: InventoryItem, name: str, lang: str) -> str:
    value = getattr(item, name)
    if value is None or value == "":
        return _("vide")
    if name == "category":
        return item.category.label
    if name == "months":
        return " · ".join(formats.number(quantity, lang) for quantity in value)
    if name in ("annual_cost", "rate"):
        return formats.money(value, lang, digits=2)
    if name == "max_distance_km":
        return formats.distance(value, lang)
    if name == "satisfaction":
        return formats.integer(value, lang)
    display = getattr(item, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def _snapshot(item: InventoryItem) -> dict[str, Any]:
    values: dict[str, Any] = {"id": item.pk, "category_id": item.category_id}
    for name in INVENTORY_FIELDS:
        if name == "category":
            continue
        value = getattr(item, name)
        values[name] = str(value) if isinstance(value, Decimal) else value
    return values


@transaction.atomic
def inventory_item_delete(*, item: InventoryItem) -> dict[str, Any]:
    """Delete an item; return a snapshot that `inventory_item_restore` can bring back."""
    snapshot = {
        "item": _snapshot(item),
        "organisation_id": item.organisation_id,
        "deleted_at": timezone.now().isoformat(),
    }
    organisation = item.organisation
    item.delete()
    _inventory_changed(organisation)
    return snapshot


@transaction.atomic
def inventory_item_restore(
    *, organisation: Organisation, snapshot: Mapping[str, Any]
) -> InventoryItem:
    """Bring back a deleted item from its snapshot, with its old id when it is still free.

    Refused (ValidationError) when the snapshot belongs to another organisation or is older
    than UNDO_MINUTES: an undo is a moment's regret, not an archive.
    """
    if snapshot.get("organisation_id") != organisation.pk:
        raise ValidationError(_("Cette suppression ne peut plus être annulée."), code="undo_other")
    try:
        deleted_at = datetime.fromisoformat(snapshot["deleted_at"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            _("Cette suppression ne peut plus être annulée."), code="undo_invalid"
        ) from error
    if timezone.now() - deleted_at > timedelta(minutes=UNDO_MINUTES):
        raise ValidationError(_("Cette suppression ne peut plus être annulée."), code="undo_late")
    values = dict(snapshot["item"])
    item_id = values.pop("id")
    category = Category.objects.get(pk=values.pop("category_id"))
    for name in ("annual_cost", "rate"):
        if values.get(name) is not None:
            values[name] = Decimal(values[name])
    item = InventoryItem(organisation=organisation, category=category, **values)
    inventory_room_check(organisation_id=organisation.pk, adding=1)
    if not InventoryItem.objects.filter(pk=item_id).exists():
        item.pk = item_id
    item.full_clean()
    item.save(force_insert=True)
    _inventory_changed(organisation)
    return item


class ImportRefused(Exception):
    """The file is refused whole: `errors` lists every bad cell, or `message` says why."""

    def __init__(self, *, errors: list[CellError] | None = None, message: str = "") -> None:
        super().__init__(message or f"{len(errors or [])} errors")
        self.errors = errors or []
        self.message = message


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


# The file's column of each field, to name the cell when the model refuses a value.
_COLUMN_OF_FIELD = {column.field: column.header for column in COLUMNS if column.field}


def _row_valid(item: InventoryItem, row: Any, errors: list[CellError]) -> bool:
    """The model's own check (the same limits as the form's); its refusals become the usual
    messages naming the cell, never a 500."""
    try:
        item.full_clean(exclude=["organisation", "category"])  # both known to exist
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = _COLUMN_OF_FIELD.get(name, "")
            if name.startswith("month") or name == "months":
                column = "jan"
            for message in messages:
                errors.append(CellError(row.line, column, message))
        return False
    return True


@transaction.atomic
def inventory_import(*, organisation: Organisation, name: str, data: bytes) -> ImportSummary:
    """Import a CSV or XLSX file into the organisation's inventory, all rows or none.

    Every cell is checked first; one bad cell refuses the whole file (ImportRefused, nothing
    written). A row whose category, direction and precision match an existing item updates it,
    so re-importing a file never duplicates. A column absent from the file leaves the field as
    it is; an empty optional cell puts the default back.
    """
    try:
        rows, errors = check_table(read_table(name=name, data=data))
    except ImportFileError as error:
        raise ImportRefused(message=error.message) from error
    if errors:
        raise ImportRefused(errors=errors)

    existing: dict[tuple[int, str, str], InventoryItem] = {}
    for item in InventoryItem.objects.filter(organisation=organisation).order_by("id"):
        existing.setdefault(item_key(item.category_id, item.direction, item.label), item)

    try:
        adding = sum(1 for row in rows if row.key not in existing)
        inventory_room_check(organisation_id=organisation.pk, adding=adding)
    except InventoryFull as full:
        raise ImportRefused(message=full.message) from full

    to_create, to_update, unchanged = [], [], 0
    changed_fields: set[str] = set()
    invalid: list[CellError] = []
    for row in rows:
        defaults = inventory_defaults(row.category)
        values = {
            name: (defaults[name] if value is None and name in defaults else value)
            for name, value in row.values.items()
        }
        item = existing.get(row.key)
        if item is None:
            item = InventoryItem(
                organisation=organisation,
                category=row.category,
                direction=row.direction,
                label=row.label,
                **{**defaults, **values},
            )
            if _row_valid(item, row, invalid):
                to_create.append(item)
            continue
        changed = [name for name, value in values.items() if getattr(item, name) != value]
        if not changed:
            unchanged += 1
            continue
        for name in changed:
            setattr(item, name, values[name])
        if _row_valid(item, row, invalid):
            changed_fields.update(changed)
            to_update.append(item)
    if invalid:
        raise ImportRefused(errors=invalid)
    InventoryItem.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        now = timezone.now()
        for item in to_update:
            item.updated_at = now
            item.version = F("version") + 1  # an edit started before the import is stale
        InventoryItem.objects.bulk_update(
            to_update, [*sorted(changed_fields), "updated_at", "version"], batch_size=500
        )
    if to_create or to_update:
        _inventory_changed(organisation)
    return ImportSummary(created=len(to_create), updated=len(to_update), unchanged=unchanged)
