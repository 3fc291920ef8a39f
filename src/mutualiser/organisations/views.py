from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .selectors import get_organisation_for_viewer, organisation_visible_list


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    organisations = organisation_visible_list(request.user)
    return render(request, "organisations/directory.html", {"organisations": organisations})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    raise Http404  # built in the organisations work


@login_required
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_viewer(request.user, slug)
    return render(request, "organisations/detail.html", {"organisation": organisation})


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    return redirect("home")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404
