"""Opportunities of the current organisation: the list (with filters) and one in detail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from mutualiser.diagnostic.models import Category, InventoryItem
from mutualiser.diagnostic.scoring import item_name
from mutualiser.organisations.middleware import get_current_membership, get_current_organisation
from mutualiser.organisations.models import Organisation
from mutualiser.words.language import current_language

from . import selectors
from .forms import OpportunityFilterForm
from .presenters import build_alternative, build_card, list_card_html
from .services import STALE_AFTER, opportunities_refresh_request, partner_runs_expire

PER_PAGE = 20


def _run_state(organisation: Organisation) -> dict:
    """The region's last finished run and the one under way, if any (a first visit to a
    region that never ran queues one: the page shows its progress, it does not wait)."""
    region = organisation.region
    state = selectors.run_state(region, stale_before=timezone.now() - STALE_AFTER)
    if state.stale:
        # a computation whose worker died fails here, visibly, rather than "under way" for ever
        partner_runs_expire(region=region)
        state = selectors.run_state(region, stale_before=timezone.now() - STALE_AFTER)
    # Not after failures: they were retried already, the page offers the retry button.
    if state.run is None and state.pending is None and state.failed is None:
        opportunities_refresh_request(region=region)
        state = selectors.run_state(region, stale_before=timezone.now() - STALE_AFTER)
    engine_run = state.pending.engine_run if state.pending is not None else None
    return {
        "run": state.run,
        "pending": state.pending,
        "pieces_done": engine_run.pieces_done if engine_run else 0,
        "pieces_total": engine_run.pieces_total if engine_run else 0,
        "failed": state.failed,
    }


def _my_item(organisation: Organisation, item_id: int | None) -> InventoryItem | None:
    if item_id is None:
        return None
    return (
        InventoryItem.objects.filter(organisation=organisation, pk=item_id)
        .select_related("category")
        .first()
    )


def _with_asked_category(categories: list[tuple[str, str]], code: str) -> list[tuple[str, str]]:
    """The filter's categories, with the one asked for (a diagnostic result's link) even when
    it has no opportunity: the list is then empty, and says so, rather than refusing it."""
    if not code or code in dict(categories):
        return categories
    category = Category.objects.filter(code=code).first()
    return categories if category is None else [*categories, (category.code, category.label)]


@login_required
@require_GET
@vary_on_headers("HX-Request")
def index(request: HttpRequest) -> HttpResponse:
    """Exchanges and pooling groups found for the current organisation, best gain first."""
    organisation = get_current_organisation(request)
    lang = current_language()
    context: dict = {
        "organisation": organisation,
        "takes_part": organisation is not None and selectors.takes_part(organisation),
    }
    if not context["takes_part"]:
        return render(request, "partners/index.html", context)
    state = _run_state(organisation)
    run = state["run"]
    categories = selectors.opportunity_categories(organisation=organisation, run=run) if run else []
    categories = _with_asked_category(categories, request.GET.get("category", ""))
    form = OpportunityFilterForm(request.GET or None, categories=categories, lang=lang)
    filters = form.filters()
    item = _my_item(organisation, filters.get("item_id"))
    unknown_item = filters.get("item_id") is not None and item is None
    if unknown_item:
        filters["item_id"] = None
    rows = selectors.opportunity_list(organisation=organisation, run=run, **filters) if run else []
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    others = []
    if item is not None and run is not None:
        # The item's compatible partners beyond the plan's suggestions (an item the plan
        # left out has its pairs here too).
        in_cards = {m.organisation_id for row in rows for m in row.opportunity.members.all()}
        others = selectors.alternatives(run=run, item_id=item.pk, exclude=in_cards)
    context.update(
        state,
        form=form,
        filtered=any(v not in (None, "") for v in filters.values()),
        item=item,
        item_label=item_name(item, lang) if item else "",
        unknown_item=unknown_item,
        page=page,
        cards=[list_card_html(row, run=run, lang=lang) for row in page.object_list],
        alternatives=[
            build_alternative(c, me=organisation, unit=item.category.unit, lang=lang)
            for c in others
        ],
    )
    template = "partners/index.html"
    if request.htmx and not request.htmx.boosted:
        template += "#opportunity-list"
    return render(request, template, context)


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    """The progress notice, polled while a run is under way; reloads the page once done."""
    organisation = get_current_organisation(request)
    if organisation is None or not selectors.takes_part(organisation):
        return HttpResponse("")
    pending = selectors.pending_run(organisation.region)
    if pending is None:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    engine_run = pending.engine_run
    context = {
        "pending": pending,
        "pieces_done": engine_run.pieces_done if engine_run else 0,
        "pieces_total": engine_run.pieces_total if engine_run else 0,
        "run": selectors.latest_run(organisation.region),
    }
    return render(request, "partners/index.html#run-progress", context)


@login_required
@require_POST
def retry(request: HttpRequest) -> HttpResponse:
    """Ask again for the region's computation after it failed (any member taking part)."""
    organisation = get_current_organisation(request)
    if organisation is not None and selectors.takes_part(organisation):
        if selectors.pending_run(organisation.region) is None:
            opportunities_refresh_request(region=organisation.region)
        messages.info(request, _("Nouveau calcul demandé : les occasions seront à jour sous peu."))
    return redirect("partners:index")


def _can_edit(request: HttpRequest) -> bool:
    membership = get_current_membership(request)
    return membership is not None and membership.can_edit


@login_required
@require_GET
def detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    """One opportunity: the plan's suggestion, then the item's other compatible partners."""
    organisation = get_current_organisation(request)
    try:
        row = selectors.get_opportunity_for_member(organisation, opportunity_id)
    except Http404:
        newer = selectors.opportunity_in_newer_run(organisation, opportunity_id)
        if newer is None or newer == opportunity_id:
            raise
        return redirect("partners:detail", opportunity_id=newer)
    lang = current_language()
    card = build_card(row, lang=lang)
    in_it = {m.organisation_id for m in row.opportunity.members.all()}
    others = selectors.alternatives(run=row.opportunity.run, item_id=row.item_id, exclude=in_it)
    context = {
        "organisation": organisation,
        "card": card,
        "run": row.opportunity.run,
        "can_start_project": _can_edit(request),
        "alternatives": [
            build_alternative(c, me=organisation, unit=card.unit, lang=lang) for c in others
        ],
    }
    return render(request, "partners/detail.html", context)
