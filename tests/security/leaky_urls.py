"""The project's routes plus two that forgot their access check (test_sweep_catches.py)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path

from mutualiser.diagnostic.models import InventoryItem
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


urlpatterns = [
    *project_urlpatterns,
    path("leak/items/<int:item_id>/", leaky_item, name="leaky-item"),
    path("leak/items/<int:item_id>/delete/", careless_delete, name="careless-delete"),
]
