"""The taxonomy, the member's organisations and their inventories (read and write).

Writes go through the pages' own forms and services: OrganisationForm and organisation_*,
InventoryItemForm and inventory_item_*, so that a value the pages refuse the API refuses,
with the same sentence.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import File, Query, Router, Schema, Status, UploadedFile

from mutualiser.diagnostic import services as inventory_services
from mutualiser.diagnostic.forms import MONTH_FIELDS, InventoryItemForm
from mutualiser.diagnostic.importexport import MAX_BYTES
from mutualiser.diagnostic.models import Category, InventoryItem, empty_months
from mutualiser.diagnostic.selectors import family_list_with_categories, inventory_item_list
from mutualiser.diagnostic.uploads import FORM_OVERHEAD
from mutualiser.organisations import services as organisation_services
from mutualiser.organisations.forms import OrganisationForm
from mutualiser.organisations.models import Organisation
from mutualiser.organisations.selectors import membership_list

from .access import item_of, membership_for_reader, membership_for_writer
from .auth import BrowserSession, TokenAuth, require_write
from .errors import (
    Conflict,
    TooLarge,
    Unprocessable,
    error,
    form_errors,
    upload_too_large_message,
    validation_errors,
)
from .schemas import (
    ERRORS,
    ErrorOut,
    ImportOut,
    ItemIn,
    ItemOut,
    ItemPage,
    ItemPatch,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    TaxonomyOut,
)

router = Router()

READ_ERRORS = ERRORS
WRITE_ERRORS = ERRORS


def _invalid(errors: list[dict[str, Any]]) -> Unprocessable:
    return Unprocessable(_("La requête contient des valeurs invalides."), errors=errors)


# --- taxonomy ----------------------------------------------------------------------------


@router.get("/taxonomy", response={200: TaxonomyOut, **READ_ERRORS}, tags=["taxonomy"])
def taxonomy(request: HttpRequest):
    """Families and their categories, labels in the caller's language, the engine's figures."""
    families = []
    for family in family_list_with_categories():
        categories = [
            {
                "code": c.code,
                "family": family.code,
                "label": c.label,
                "label_fr": c.label_fr,
                "label_en": c.label_en,
                "description": c.description,
                "kind": c.kind,
                "unit": c.unit,
                "support_or_core": c.support_or_core,
                "typical_level": c.typical_level,
                "confidentiality": c.confidentiality,
                "proximity_need": c.proximity_need,
                "standalone_rate": c.standalone_rate,
                "unit_capacity": c.unit_capacity,
                "unit_cost": c.unit_cost,
                "min_fraction": c.min_fraction,
                "member_overhead": c.member_overhead,
                "max_group_size": c.max_group_size,
            }
            for c in family.categories.all()
        ]
        families.append({"code": family.code, "label": family.label, "categories": categories})
    return {"families": families}


# --- organisations -----------------------------------------------------------------------


def organisation_out(organisation: Organisation, role: str) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "role": role,
        "legal_kind": organisation.legal_kind,
        "disciplines": list(organisation.disciplines or []),
        "region": organisation.region,
        "municipality": organisation.municipality,
        "budget_band": organisation.budget_band,
        "staff_fte": None if organisation.staff_fte is None else float(organisation.staff_fte),
        "visibility": organisation.visibility,
        "description": organisation.description,
        "website": organisation.website,
        "created_at": organisation.created_at,
        "updated_at": organisation.updated_at,
    }


def _organisation_form_data(values: dict[str, Any]) -> dict[str, Any]:
    """The JSON values as the form's POST data (a list for the disciplines)."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if name == "disciplines":
            data[name] = list(value or [])
        elif value is None:
            data[name] = ""
        else:
            data[name] = str(value)
    return data


def _organisation_values(organisation: Organisation) -> dict[str, Any]:
    return {name: getattr(organisation, name) for name in organisation_services.PROFILE_FIELDS}


class _QueryDataDict(dict):
    """POST-like data for a form: getlist for the multiple choices."""

    def getlist(self, key: str) -> list:
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


@router.get(
    "/organisations", response={200: list[OrganisationOut], **READ_ERRORS}, tags=["organisations"]
)
def organisation_list(request: HttpRequest):
    """The organisations the caller is a member of, with the caller's role in each."""
    return [organisation_out(m.organisation, m.role) for m in membership_list(request.auth.user)]


@router.post(
    "/organisations", response={201: OrganisationOut, **WRITE_ERRORS}, tags=["organisations"]
)
def organisation_create(request: HttpRequest, payload: OrganisationIn):
    """Create an organisation's profile; the caller becomes its owner."""
    caller = require_write(request)
    form = OrganisationForm(_QueryDataDict(_organisation_form_data(payload.dict())))
    if not form.is_valid():
        raise _invalid(form_errors(form))
    organisation = organisation_services.organisation_create(
        user=caller.user, data=form.cleaned_data
    )
    return Status(201, organisation_out(organisation, "owner"))


@router.get(
    "/organisations/{slug}", response={200: OrganisationOut, **READ_ERRORS}, tags=["organisations"]
)
def organisation_detail(request: HttpRequest, slug: str):
    membership = membership_for_reader(request, slug)
    return organisation_out(membership.organisation, membership.role)


@router.patch(
    "/organisations/{slug}", response={200: OrganisationOut, **WRITE_ERRORS}, tags=["organisations"]
)
def organisation_update(request: HttpRequest, slug: str, payload: OrganisationPatch):
    """Change the given fields of the profile (owners and editors); the others stay."""
    membership = membership_for_writer(request, slug)
    organisation = membership.organisation
    values = {**_organisation_values(organisation), **payload.dict(exclude_unset=True)}
    form = OrganisationForm(_QueryDataDict(_organisation_form_data(values)), instance=organisation)
    if not form.is_valid():
        organisation.refresh_from_db()
        raise _invalid(form_errors(form))
    organisation_services.organisation_update(organisation=organisation, data=form.cleaned_data)
    organisation.refresh_from_db()
    return organisation_out(organisation, membership.role)


# --- inventory ---------------------------------------------------------------------------


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def item_out(item: InventoryItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "category": item.category.code,
        "family": item.category.family.code,
        "direction": item.direction,
        "label": item.label,
        "months": [float(q) for q in item.months],
        "how_done": item.how_done,
        "annual_cost": _number(item.annual_cost),
        "satisfaction": item.satisfaction,
        "importance": item.importance,
        "confidentiality": item.confidentiality,
        "specificity": item.specificity,
        "criticality": item.criticality,
        "max_distance_km": item.max_distance_km,
        "rate": _number(item.rate),
        "notes": item.notes,
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def _form_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(str(value)), "f")
    return str(value)


def _item_form_data(values: dict[str, Any], *, category_pk: Any, version: int) -> dict[str, Any]:
    """The item's values as the inventory form's POST data (the months as month_1..12)."""
    data = {
        name: _form_value(values.get(name))
        for name in InventoryItemForm.Meta.fields
        if name != "months"
    }
    months = values.get("months") or empty_months()
    for name, quantity in zip(MONTH_FIELDS, months, strict=False):
        data[name] = _form_value(quantity)
    data["category"] = "" if category_pk is None else str(category_pk)
    data["version"] = str(version)
    return data


def _category_pk(code: str | None) -> int | None:
    if code is None:
        return None
    return Category.objects.filter(code=code).values_list("pk", flat=True).first()


UNKNOWN_DEFAULTS = {
    "importance": "support",
    "confidentiality": "low",
    "specificity": "medium",
    "max_distance_km": 50,
}
# A null for these means "unchanged": a PATCH never empties the months by omission.
KEPT_WHEN_NULL = ("months", "category", "direction")


def _checked_form(
    instance: InventoryItem, data: dict[str, Any], *, unknown_category: bool = False
) -> InventoryItemForm:
    form = InventoryItemForm(data, instance=instance)
    if not form.is_valid():
        errors = form_errors(form)
        if unknown_category:  # a code the taxonomy lacks: the form's own sentence for it
            errors = [e for e in errors if e["field"] != "category"]
            errors.insert(0, error("category", _("Cette catégorie n'existe pas.")))
        raise _invalid(errors)
    return form


class ItemQuery(Schema):
    limit: int = NinjaField(100, ge=1, le=500)
    offset: int = NinjaField(0, ge=0, le=1_000_000)
    direction: str | None = NinjaField(None, max_length=20)
    category: str | None = NinjaField(None, max_length=100)


@router.get(
    "/organisations/{slug}/inventory", response={200: ItemPage, **READ_ERRORS}, tags=["inventory"]
)
def inventory_list(request: HttpRequest, slug: str, query: Query[ItemQuery]):
    """The organisation's items in taxonomy order, by pages (`limit`, `offset`)."""
    membership = membership_for_reader(request, slug)
    items = inventory_item_list(membership.organisation)
    if query.direction:
        items = items.filter(direction=query.direction)
    if query.category:
        items = items.filter(category__code=query.category)
    page = list(items[query.offset : query.offset + query.limit])
    return {
        "count": items.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [item_out(item) for item in page],
    }


@router.post(
    "/organisations/{slug}/inventory",
    response={201: ItemOut, **WRITE_ERRORS, 409: ErrorOut},
    tags=["inventory"],
)
def inventory_create(request: HttpRequest, slug: str, payload: ItemIn):
    """Add an item; the values not given come from its category, as on the inventory page."""
    membership = membership_for_writer(request, slug)
    organisation = membership.organisation
    category_pk = _category_pk(payload.category)
    given = payload.dict(exclude_unset=True)
    category = Category.objects.filter(pk=category_pk).first()
    # Without a known category the form says so; these only keep its other fields quiet.
    defaults = inventory_services.inventory_defaults(category) if category else UNKNOWN_DEFAULTS
    values = {**defaults, **{k: v for k, v in given.items() if v is not None or k == "rate"}}
    instance = InventoryItem(organisation=organisation)
    form = _checked_form(
        instance,
        _item_form_data(values, category_pk=category_pk, version=1),
        unknown_category=category_pk is None,
    )
    try:
        item = inventory_services.inventory_item_create(
            organisation=organisation,
            category=form.cleaned_data["category"],
            direction=form.cleaned_data["direction"],
            data=form.item_data(),
        )
    except inventory_services.InventoryFull as full:
        raise _invalid([error(None, full.message)]) from full
    except IntegrityError as clash:  # the same item added at the same moment elsewhere
        raise Conflict(
            _(
                "Cet élément existe déjà dans votre inventaire : ajoutez une précision pour le "
                "distinguer."
            ),
            errors=[error("label", _("Cet élément existe déjà."))],
        ) from clash
    item = item_of(membership, item.pk)
    return Status(201, item_out(item))


# The import's file may be larger than the API's other bodies: the page's own limit.
# Declared before the item's routes: "import" must not be read as an item's id.
IMPORT_AUTH = [
    TokenAuth(max_body=MAX_BYTES + FORM_OVERHEAD),
    BrowserSession(max_body=MAX_BYTES + FORM_OVERHEAD),
]


@router.post(
    "/organisations/{slug}/inventory/import",
    response={200: ImportOut, **WRITE_ERRORS},
    tags=["inventory"],
    auth=IMPORT_AUTH,
)
def inventory_import(request: HttpRequest, slug: str, file: File[UploadedFile]):
    """Import a CSV or XLSX file (the inventory page's template), all rows or none.

    The page's import itself: a row whose category, direction and precision match an item
    updates it, one bad cell refuses the whole file (422, `errors` names each cell).
    """
    membership = membership_for_writer(request, slug)
    if getattr(request, "upload_too_large", False) or file.size > MAX_BYTES:
        raise TooLarge(
            upload_too_large_message(), errors=[error("file", upload_too_large_message())]
        )
    try:
        summary = inventory_services.inventory_import(
            organisation=membership.organisation, name=file.name or "", data=file.read()
        )
    except inventory_services.ImportRefused as refused:
        cells = [error(cell.column or None, str(cell)) for cell in refused.errors[:500]]
        raise Unprocessable(
            refused.message or _("Le fichier est refusé : rien n'a été importé."),
            errors=cells or [error("file", refused.message)],
        ) from refused
    return {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged}


@router.get(
    "/organisations/{slug}/inventory/{item_id}",
    response={200: ItemOut, **READ_ERRORS},
    tags=["inventory"],
)
def inventory_detail(request: HttpRequest, slug: str, item_id: int):
    membership = membership_for_reader(request, slug)
    return item_out(item_of(membership, item_id))


@router.patch(
    "/organisations/{slug}/inventory/{item_id}",
    response={200: ItemOut, **WRITE_ERRORS, 409: ErrorOut},
    tags=["inventory"],
)
def inventory_update(request: HttpRequest, slug: str, item_id: int, payload: ItemPatch):
    """Change the given fields; `version` is the one read (409 if someone wrote since)."""
    membership = membership_for_writer(request, slug)
    item = item_of(membership, item_id)
    given = {
        name: value
        for name, value in payload.dict(exclude_unset=True).items()
        if not (value is None and name in KEPT_WHEN_NULL)
    }
    version = given.pop("version")
    current = {name: getattr(item, name) for name in InventoryItemForm.Meta.fields}
    current["months"] = list(item.months)
    category_pk = _category_pk(given.pop("category")) if "category" in given else item.category_id
    values = {**current, **given}
    form = _checked_form(
        item,
        _item_form_data(values, category_pk=category_pk, version=version),
        unknown_category=category_pk is None,
    )
    try:
        item = inventory_services.inventory_item_update(
            item=item, data=form.item_data(), version=version
        )
    except inventory_services.StaleEdit as stale:
        raise Conflict(
            stale.message,
            errors=[
                error(
                    "version",
                    _("La version actuelle est %(version)s : relisez l'élément et recommencez.")
                    % {"version": stale.current.version},
                )
            ],
        ) from stale
    except IntegrityError as clash:
        raise Conflict(
            _(
                "Cet élément existe déjà dans votre inventaire : ajoutez une précision pour le "
                "distinguer."
            ),
            errors=[error("label", _("Cet élément existe déjà."))],
        ) from clash
    except ValidationError as refused:
        raise _invalid(validation_errors(refused)) from refused
    return item_out(item_of(membership, item.pk))


@router.delete(
    "/organisations/{slug}/inventory/{item_id}",
    response={204: None, **WRITE_ERRORS},
    tags=["inventory"],
)
def inventory_delete(request: HttpRequest, slug: str, item_id: int):
    membership = membership_for_writer(request, slug)
    inventory_services.inventory_item_delete(item=item_of(membership, item_id))
    return HttpResponse(status=204)
