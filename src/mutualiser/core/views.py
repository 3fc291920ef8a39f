from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mutualiser.guide.selectors import guide_progress
from mutualiser.organisations.middleware import get_current_membership
from mutualiser.words.journey import JOURNEY

from .journey import next_step_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The approach in five steps, and the signed-in member's next step."""
    membership = get_current_membership(request)
    context = {
        "next_step": next_step_for(request.user, membership),
        "journey": JOURNEY,
        "guide_progress": guide_progress(request.user),
        "demo_login": settings.DEMO_MODE,
        "DEMO_EMAIL": settings.DEMO_EMAIL,
        "DEMO_PASSWORD": settings.DEMO_PASSWORD,
    }
    return render(request, "core/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may come from it.
    return render(request, "500.html", status=500)
