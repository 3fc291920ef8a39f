"""The project's routes plus some that forgot their access check (test_sweep_catches.py):
two pages, a ZIP export and an API-like JSON route behind a Bearer token."""

from __future__ import annotations

import io
import json
import zipfile

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from mutualiser.api.services import token_authenticate
from mutualiser.diagnostic.models import InventoryItem
from mutualiser.organisations.models import Organisation
from mutualiser.urls import handler404, handler500
from mutualiser.urls import urlpatterns as project_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def leaky_item(request, item_id: int) -> HttpResponse:
    """Any item by its id, whoever asks: the bug the sweep is there to catch."""
    item = InventoryItem.objects.get(pk=item_id)
    return HttpResponse(f"<p>{item.label}: {item.notes}</p>")


def careless_delete(request, item_id: int) -> HttpResponse:
    """Deletes first, checks after: a 404, but the item is gone."""
    InventoryItem.objects.filter(pk=item_id).delete()
    raise Http404


def leaky_export(request, item_id: int) -> HttpResponse:
    """A ZIP with another organisation's item, compressed: the raw bytes hide its notes."""
    buffer = io.BytesIO()
    item = InventoryItem.objects.get(pk=item_id)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inventaire.csv", f"label;notes\n{item.label};{item.notes}\n" * 20)
    return HttpResponse(buffer.getvalue(), content_type="application/zip")


@csrf_exempt
def leaky_api(request, slug: str) -> JsonResponse:
    """An API operation that checks the token, not the membership: GET shows any
    organisation, PATCH renames it."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or token_authenticate(header[7:]) is None:
        return JsonResponse({"detail": "Authentification requise.", "errors": []}, status=401)
    organisation = Organisation.objects.get(slug=slug)
    if request.method == "PATCH":
        organisation.name = json.loads(request.body).get("name", organisation.name)
        organisation.save(update_fields=["name"])
    return JsonResponse({"slug": organisation.slug, "name": organisation.name})


urlpatterns = [
    *project_urlpatterns,
    path("leak/items/<int:item_id>/", leaky_item, name="leaky-item"),
    path("leak/items/<int:item_id>/delete/", careless_delete, name="careless-delete"),
    path("leak/items/<int:item_id>/export.zip", leaky_export, name="leaky-export"),
    path("leak/api/organisations/<slug:slug>", leaky_api, name="leaky-api"),
]
