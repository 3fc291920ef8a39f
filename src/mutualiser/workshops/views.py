"""Facilitator pages: the list and creation, the control view, the projection, the report.

Only a facilitator (staff or the "facilitateurs" group) reaches them, and only for the
workshops they run: anything else is a 404.
"""

from __future__ import annotations

import csv

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mutualiser.diagnostic.scoring import user_is_facilitator

from . import services
from .forms import WorkshopForm
from .models import PHASES, Obstacle, Phase
from .network import network_svg
from .presenters import (
    board_etag,
    board_rows,
    not_modified,
    not_modified_response,
    obstacle_groups,
    with_etag,
)
from .prompts import PROMPTS
from .selectors import get_workshop_for_facilitator, participant_list, workshop_list_for_facilitator


def join_url(request: HttpRequest, workshop) -> str:
    return request.build_absolute_uri(reverse("join:room", args=[workshop.code]))


def qr_code_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, border=2)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not user_is_facilitator(request.user):
        return render(request, "workshops/not_facilitator.html", status=403)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = services.workshop_create(facilitator=request.user, **form.cleaned_data)
        messages.success(request, _("Atelier créé. Son code : %(code)s") % {"code": workshop.code})
        return redirect("workshops:control", pk=workshop.pk)
    context = {"form": form, "workshops": workshop_list_for_facilitator(request.user)}
    return render(request, "workshops/index.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def control(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_facilitator(request.user, pk)
    url = join_url(request, workshop)
    context = {
        "workshop": workshop,
        "phases": list(Phase),
        "phase_index": PHASES.index(workshop.phase),
        "prompts": PROMPTS[workshop.phase],
        "participants": participant_list(workshop),
        "join_url": url,
        "qr_svg": qr_code_svg(url),
    }
    context["rows"] = board_rows(workshop)
    context["obstacle_groups"] = obstacle_groups(
        workshop, include_hidden=True, rows=context["rows"]
    )
    return render(request, "workshops/control.html", context)


def _act(request: HttpRequest, pk: int, action) -> HttpResponse:
    workshop = get_workshop_for_facilitator(request.user, pk)
    try:
        action(workshop)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workshops:control", pk=workshop.pk)


@login_required
@require_POST
def set_phase(request: HttpRequest, pk: int) -> HttpResponse:
    phase = request.POST.get("phase", "")
    return _act(request, pk, lambda w: services.workshop_set_phase(workshop=w, phase=phase))


@login_required
@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    locked = request.POST.get("locked") == "1"
    return _act(
        request, pk, lambda w: services.workshop_set_joining_locked(workshop=w, locked=locked)
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda w: services.workshop_close(workshop=w))


@login_required
@require_POST
def hide_obstacle(request: HttpRequest, pk: int, obstacle_pk: int) -> HttpResponse:
    hidden = request.POST.get("hidden", "1") == "1"

    def hide(workshop):
        obstacle = get_object_or_404(Obstacle, pk=obstacle_pk, participant__workshop=workshop)
        services.obstacle_set_hidden(obstacle=obstacle, hidden=hidden)

    return _act(request, pk, hide)


@login_required
@require_POST
def remove_participant(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    def remove(workshop):
        participant = get_object_or_404(workshop.participants, pk=participant_pk)
        services.participant_remove(participant=participant)

    return _act(request, pk, remove)


@login_required
@require_GET
def qr_svg(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_facilitator(request.user, pk)
    svg = segno.make(join_url(request, workshop), error="m")
    response = HttpResponse(content_type="image/svg+xml")
    svg.save(response, kind="svg", scale=10, border=2)
    return response


@login_required
@require_GET
def screen(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_facilitator(request.user, pk)
    url = join_url(request, workshop)
    context = {"workshop": workshop, "join_url": url, "qr_svg": qr_code_svg(url)}
    context |= _screen_board_context(workshop)
    return render(request, "workshops/screen.html", context)


def _screen_board_context(workshop) -> dict:
    rows = board_rows(workshop)
    return {
        "workshop": workshop,
        "rows": rows,
        "network": network_svg(rows, title=_("Les liens de la salle")),
        "obstacle_groups": obstacle_groups(workshop, rows=rows),
        "participant_count": workshop.participants.count(),
        "phase_minutes": PROMPTS[workshop.phase]["minutes"],
    }


@login_required
@require_GET
def screen_board(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = get_workshop_for_facilitator(request.user, pk)
    etag = board_etag(workshop, viewer="screen")
    if not_modified(request, etag):
        return not_modified_response(etag)
    response = render(request, "workshops/screen.html#board", _screen_board_context(workshop))
    return with_etag(response, etag)


@login_required
@require_GET
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """One sheet, one section per kind of row: participants, opportunities, votes, obstacles,
    commitments (names follow the workshop's anonymity)."""
    workshop = get_workshop_for_facilitator(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="atelier-{workshop.code}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with accents only after a BOM
    writer = csv.writer(response)
    anonymous = workshop.anonymous
    participants = list(participant_list(workshop))
    writer.writerow([_("section"), _("participant"), _("détail"), _("valeur")])
    for p in participants:
        kind = _("invité") if p.is_guest else _("organisme")
        writer.writerow([_("participant"), p.label(anonymous=anonymous), kind, p.items.count()])
    rows = board_rows(workshop, reveal_votes=True)
    for row in rows:
        savings = _("proposée par la salle") if row.savings is None else round(row.savings)
        writer.writerow([_("occasion"), " + ".join(row.names), row.category, savings])
    from .models import Commitment, Vote

    for vote in Vote.objects.filter(participant__workshop=workshop).select_related("participant"):
        writer.writerow(
            [_("vote"), vote.participant.label(anonymous=anonymous), vote.opportunity, 1]
        )
    for label, cards in obstacle_groups(workshop, include_hidden=True):
        for card in cards:
            writer.writerow(
                [
                    _("obstacle"),
                    card.participant.label(anonymous=anonymous),
                    label,
                    _safe(card.text),
                ]
            )
    for c in Commitment.objects.filter(participant__workshop=workshop).select_related(
        "participant"
    ):
        due = c.due.isoformat() if c.due else ""
        writer.writerow(
            [_("engagement"), c.participant.label(anonymous=anonymous), _safe(c.text), due]
        )
    return response


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report laid out for print (WeasyPrint, nothing fetched over the network)."""
    from weasyprint import HTML

    from .models import Commitment

    workshop = get_workshop_for_facilitator(request.user, pk)
    context = {
        "workshop": workshop,
        "participants": participant_list(workshop),
        "rows": board_rows(workshop, reveal_votes=True),
        "obstacle_groups": obstacle_groups(workshop),
        "commitments": Commitment.objects.filter(participant__workshop=workshop)
        .select_related("participant__organisation")
        .order_by("pk"),
    }
    html = render(request, "workshops/report.html", context).content.decode()
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="atelier-{workshop.code}.pdf"'
    return response


def _safe(text: str) -> str:
    """No formula injection when the sheet opens in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
