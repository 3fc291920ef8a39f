"""Placeholder: the diagnostic results are built in views_results (replaced by its owner)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    raise Http404


def report_pdf(request: HttpRequest) -> HttpResponse:
    raise Http404


def weights(request: HttpRequest) -> HttpResponse:
    raise Http404
