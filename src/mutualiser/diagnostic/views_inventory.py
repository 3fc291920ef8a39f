"""The inventory of the current organisation: list, quick add, inline edit, import and export.

Reading is open to every member; writing to owners and editors. Another organisation's items
are a 404; a viewer trying to write in their own organisation gets a 403.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutualiser.organisations.middleware import get_current_membership, get_memberships
from mutualiser.organisations.models import Membership

from . import services
from .forms import ChecklistForm, InventoryItemForm, Preset, SuggestForm
from .importexport import COLUMNS, MAX_BYTES, MAX_ROWS, MONTH_COLUMNS, write_csv, write_xlsx
from .models import Direction, InventoryItem
from .selectors import (
    category_suggest,
    family_list_with_categories,
    get_inventory_item_for_member,
    guess_direction,
    inventory_item_list,
    inventory_overview,
    inventory_page_of,
)

PAGE = "diagnostic/inventory.html"
UNDO_SESSION_KEY = "inventory_undo"
MAX_ERRORS_SHOWN = 500


# --- access ----------------------------------------------------------------------------------


def _editable(membership: Membership) -> None:
    """Viewers of the organisation may look, not write."""
    if not membership.can_edit:
        raise PermissionDenied


def _item_for_editor(request: HttpRequest, item_id: int) -> tuple[InventoryItem, Membership]:
    item, membership = get_inventory_item_for_member(
        request.user, item_id, memberships=get_memberships(request)
    )
    _editable(membership)
    return item, membership


def _current_editor(request: HttpRequest) -> Membership:
    membership = get_current_membership(request)
    if membership is None:
        raise Http404
    _editable(membership)
    return membership


def _inventory_url(item: InventoryItem | None = None) -> str:
    """The inventory at the item (on the page that shows it)."""
    url = reverse("diagnostic:inventory")
    if item is None:
        return url
    page = inventory_page_of(item)
    return f"{url}?page={page}#item-{item.pk}" if page > 1 else f"{url}#item-{item.pk}"


# --- the page --------------------------------------------------------------------------------


def _undo_entries(request: HttpRequest, membership: Membership) -> list[dict[str, Any]]:
    """Recent deletes of this organisation that can still be undone."""
    since = timezone.now() - timedelta(minutes=services.UNDO_MINUTES)
    entries = []
    for entry in request.session.get(UNDO_SESSION_KEY, []):
        try:
            deleted_at = datetime.fromisoformat(entry["deleted_at"])
        except (KeyError, TypeError, ValueError):
            continue
        if entry.get("organisation_id") == membership.organisation_id and deleted_at > since:
            entries.append(entry)
    return entries


def _suggestions(text: str) -> list:
    """The categories matching the text, without the weak matches behind a strong one."""
    suggestions = category_suggest(text)
    if not suggestions:
        return []
    best = suggestions[0].score
    return [s for s in suggestions if s.score >= best * 0.3]


@login_required
@require_GET
def inventory(request: HttpRequest) -> HttpResponse:
    membership = get_current_membership(request)
    if membership is None:
        return render(request, "diagnostic/inventory-no-organisation.html")
    organisation = membership.organisation
    overview = inventory_overview(organisation, request.GET.get("page"))
    suggest_form = SuggestForm(request.GET or None)
    query = suggest_form.cleaned_data["q"] if suggest_form.is_valid() else ""
    counts = overview.direction_counts
    context = {
        "membership": membership,
        "organisation": organisation,
        "can_edit": membership.can_edit,
        "overview": overview,
        "page": overview.page,
        "groups": overview.groups,
        "item_count": overview.item_count,
        "direction_counts": [
            (value, label, counts[value]) for value, label in Direction.choices if counts[value]
        ],
        "to_complete": overview.to_complete,
        "families": family_list_with_categories() if membership.can_edit else [],
        "present": overview.present,
        "checklist_form": ChecklistForm(),
        "suggest_form": suggest_form,
        "query": query,
        "suggestions": _suggestions(query) if query else [],
        "guessed_direction": guess_direction(query) if query else Direction.NEED,
        "open_checklist": bool(request.GET.get("add")),
        "undo_entries": _undo_entries(request, membership) if membership.can_edit else [],
        "directions": Direction.choices,
    }
    return render(request, PAGE, context)


@login_required
@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """Categories for a sentence; the fragment for HTMX, the page otherwise."""
    membership = get_current_membership(request)
    if membership is None:
        raise Http404
    if not request.htmx:
        query = request.GET.urlencode()
        return redirect(f"{reverse('diagnostic:inventory')}?{query}#suggestions")
    form = SuggestForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "can_edit": membership.can_edit,
        "query": query,
        "suggestions": _suggestions(query) if query else [],
        "guessed_direction": guess_direction(query) if query else Direction.NEED,
        "directions": Direction.choices,
    }
    return render(request, f"{PAGE}#suggestions", context)


@login_required
@require_POST
def add_checked(request: HttpRequest) -> HttpResponse:
    membership = _current_editor(request)
    form = ChecklistForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{reverse('diagnostic:inventory')}?add=1#checklist")
    added = services.inventory_items_add(
        organisation=membership.organisation,
        categories=form.cleaned_data["categories"],
        direction=form.cleaned_data["direction"],
    )
    if added.created:
        messages.success(
            request,
            ngettext(
                "%(count)s élément ajouté. Indiquez maintenant ses quantités par mois.",
                "%(count)s éléments ajoutés. Indiquez maintenant leurs quantités par mois.",
                len(added.created),
            )
            % {"count": len(added.created)},
        )
    if added.skipped:
        messages.warning(
            request,
            _("Déjà dans votre inventaire, dans ce sens : %(names)s.")
            % {"names": ", ".join(category.label for category in added.skipped)},
        )
    first = added.created[0] if added.created else None
    return redirect(_inventory_url(first))


# --- one item --------------------------------------------------------------------------------


def _row_context(item: InventoryItem, membership: Membership, **extra: Any) -> dict[str, Any]:
    return {"item": item, "can_edit": membership.can_edit, **extra}


@login_required
@require_GET
def row(request: HttpRequest, item_id: int) -> HttpResponse:
    """The item's row (to cancel an edit); the page, at the row, without HTMX."""
    item, membership = get_inventory_item_for_member(
        request.user, item_id, memberships=get_memberships(request)
    )
    if not request.htmx:
        return redirect(_inventory_url(item))
    return render(request, f"{PAGE}#item-row", _row_context(item, membership))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item, membership = _item_for_editor(request, item_id)
    stale_changes: list[tuple[str, str]] | None = None
    if request.method == "POST":
        form = InventoryItemForm(request.POST, instance=item)
        valid = form.is_valid()
        if valid and form.preset_requested:
            # "Appliquer": show the filled months, save nothing yet.
            form = InventoryItemForm(form.filled_data(), instance=item)
        elif valid:
            try:
                item = services.inventory_item_update(
                    item=item, data=form.item_data(), version=form.cleaned_data["version"]
                )
            except services.StaleEdit as stale:
                # Nothing written; the member's entries stay in the form, which now starts from
                # the current version, with the values that changed meanwhile.
                stale_changes = services.inventory_item_changes(
                    started=form.cleaned_data["started"], current=stale.current
                )
                form = form.restarted(stale.current)
                item = stale.current
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.htmx:
                    context = _row_context(item, membership, saved=True)
                    return render(request, f"{PAGE}#item-row", context)
                messages.success(
                    request, _("« %(item)s » est enregistré.") % {"item": item.category.label}
                )
                return redirect(_inventory_url(item))
    else:
        form = InventoryItemForm(instance=item)
    context = _row_context(item, membership, form=form, presets=Preset, stale=stale_changes)
    if request.htmx:
        return render(request, f"{PAGE}#item-form", context)
    return render(request, "diagnostic/inventory-edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item, membership = _item_for_editor(request, item_id)
    if request.method == "GET":
        context = _row_context(item, membership)
        if request.htmx:
            return render(request, f"{PAGE}#item-confirm", context)
        return render(request, "diagnostic/inventory-delete.html", context)
    name = item.label or item.category.label
    snapshot = services.inventory_item_delete(item=item)
    snapshot["name"] = name
    entries = [e for e in request.session.get(UNDO_SESSION_KEY, []) if e["item"]["id"] != item_id]
    request.session[UNDO_SESSION_KEY] = (entries + [snapshot])[-5:]
    if request.htmx:
        return render(request, f"{PAGE}#item-deleted", {"entry": snapshot})
    messages.success(request, _("« %(item)s » est supprimé.") % {"item": name})
    return redirect("diagnostic:inventory")


def _restore_refusal(request: HttpRequest, entry: dict[str, Any], error: ValidationError) -> str:
    """Why the restore was refused; for another organisation, which one to switch to."""
    if getattr(error, "code", None) == "undo_other":
        other = (
            Membership.objects.filter(
                user=request.user, organisation_id=entry.get("organisation_id")
            )
            .select_related("organisation")
            .first()
        )
        if other is not None:
            return _(
                "« %(item)s » a été supprimé dans l'inventaire de « %(organisation)s ». "
                "Passez à cet organisme (en haut de la page) pour annuler la suppression."
            ) % {"item": entry.get("name", ""), "organisation": other.organisation.name}
    return " ".join(error.messages)


@login_required
@require_POST
def restore(request: HttpRequest) -> HttpResponse:
    """Undo a recent delete, from the snapshot kept in the member's session."""
    membership = _current_editor(request)
    try:
        item_id = int(request.POST.get("item", ""))
    except ValueError as error:
        raise Http404 from error
    entries = request.session.get(UNDO_SESSION_KEY, [])
    entry = next((e for e in entries if e["item"]["id"] == item_id), None)
    if entry is None:
        raise Http404
    try:
        item = services.inventory_item_restore(organisation=membership.organisation, snapshot=entry)
    except ValidationError as error:
        # A refused restore keeps its undo: once the right organisation is current again (or
        # room is made), the same button works.
        messages.error(request, _restore_refusal(request, entry, error))
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("diagnostic:inventory")
            return response
        return redirect("diagnostic:inventory")
    request.session[UNDO_SESSION_KEY] = [
        e for e in request.session.get(UNDO_SESSION_KEY, []) if e["item"]["id"] != item_id
    ]
    if request.htmx:
        context = _row_context(item, membership, saved=True)
        return render(request, f"{PAGE}#item-row", context)
    messages.success(request, _("« %(item)s » est rétabli.") % {"item": entry.get("name", "")})
    return redirect(_inventory_url(item))


# --- files -----------------------------------------------------------------------------------


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _export_items(request: HttpRequest) -> tuple[Membership, list[InventoryItem]]:
    membership = get_current_membership(request)
    if membership is None:
        raise Http404
    return membership, list(inventory_item_list(membership.organisation))


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    membership, items = _export_items(request)
    slug = slugify(membership.organisation.slug) or "organisme"
    return _download(
        write_csv(items),
        filename=f"inventaire-{slug}.csv",
        content_type="text/csv; charset=utf-8",
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    membership, items = _export_items(request)
    slug = slugify(membership.organisation.slug) or "organisme"
    return _download(write_xlsx(items), filename=f"inventaire-{slug}.xlsx", content_type=XLSX)


@require_GET
def template_xlsx(request: HttpRequest) -> HttpResponse:
    """The documented template: headers, one example row, the columns and the categories."""
    filename = (
        "modele-inventaire.xlsx" if request.LANGUAGE_CODE == "fr" else "inventory-template.xlsx"
    )
    return _download(write_xlsx([], example=True), filename=filename, content_type=XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    membership = get_current_membership(request)
    if membership is None:
        return render(request, "diagnostic/inventory-no-organisation.html")
    _editable(membership)
    context: dict[str, Any] = {
        "organisation": membership.organisation,
        "columns": _documented_columns(),
        "max_rows": MAX_ROWS,
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        # upload_too_large: set by uploads.LimitedUploadHandler, which stopped reading the file.
        if getattr(request, "upload_too_large", False) or (upload and upload.size > MAX_BYTES):
            context["file_error"] = _(
                "Le fichier dépasse 2 Mo. Divisez-le ou retirez les feuilles inutiles."
            )
        elif upload is None:
            context["file_error"] = _("Choisissez un fichier CSV ou XLSX.")
        else:
            try:
                summary = services.inventory_import(
                    organisation=membership.organisation, name=upload.name, data=upload.read()
                )
            except services.ImportRefused as refused:
                context["file_name"] = upload.name
                context["file_error"] = refused.message
                context["errors"] = [str(error) for error in refused.errors[:MAX_ERRORS_SHOWN]]
                context["error_count"] = len(refused.errors)
                context["errors_hidden"] = max(0, len(refused.errors) - MAX_ERRORS_SHOWN)
            else:
                messages.success(request, _summary_message(summary))
                return redirect("diagnostic:inventory")
    return render(request, "diagnostic/import.html", context)


def _documented_columns() -> list[dict[str, Any]]:
    """The template's columns for the import page, the twelve months on one line."""
    rows: list[dict[str, Any]] = []
    for column in COLUMNS:
        if column.header in MONTH_COLUMNS[1:]:
            continue
        header = column.header
        if header == MONTH_COLUMNS[0]:
            header = f"{MONTH_COLUMNS[0]} … {MONTH_COLUMNS[-1]}"
        rows.append(
            {
                "header": header,
                "required": column.required,
                "help": column.help,
                "accepted": column.accepted,
            }
        )
    return rows


def _summary_message(summary: services.ImportSummary) -> str:
    parts = [
        ngettext("%(n)s élément créé", "%(n)s éléments créés", summary.created)
        % {"n": summary.created},
        ngettext("%(n)s mis à jour", "%(n)s mis à jour", summary.updated) % {"n": summary.updated},
    ]
    if summary.unchanged:
        parts.append(
            ngettext("%(n)s inchangé", "%(n)s inchangés", summary.unchanged)
            % {"n": summary.unchanged}
        )
    return _("Import terminé : %(parts)s.") % {"parts": ", ".join(parts)}
