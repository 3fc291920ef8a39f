"""The inventory pages (being built)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _placeholder(request: HttpRequest, **kwargs) -> HttpResponse:
    raise Http404


inventory = add_checked = suggest = restore = row = edit = delete = _placeholder
export_csv = export_xlsx = import_file = template_xlsx = _placeholder
