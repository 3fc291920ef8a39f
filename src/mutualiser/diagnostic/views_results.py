"""The diagnostic's results: the ranked candidates, the PDF report, the scoring grid's weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from mutualiser.engine.diagnostic import CRITERIA, DEFAULT_WEIGHTS
from mutualiser.organisations.middleware import get_current_membership, get_current_organisation
from mutualiser.words.language import current_language

from .charts import responsive_chart
from .forms_results import ResultsFilterForm, ScoringWeightsForm
from .report import report_filename, report_pdf_bytes
from .scoring import (
    LEVEL_MEANINGS,
    MODERATE,
    STRATEGIC,
    STRONG,
    DiagnosticResults,
    active_weights,
    diagnostic_results,
    scoring_weights_restore_defaults,
    scoring_weights_update,
    user_is_facilitator,
)

RESULTS_PER_PAGE = 20


def get_facilitator_or_404(request: HttpRequest) -> None:
    """Only facilitators see the scoring grid; others get 404, as if it did not exist."""
    if not user_is_facilitator(request.user):
        raise Http404


@login_required
@require_GET
@vary_on_headers("HX-Request")
def index(request: HttpRequest) -> HttpResponse:
    """Every inventory item ranked by pooling potential, with its reasons and what to do next."""
    membership = get_current_membership(request)
    organisation = membership.organisation if membership is not None else None
    context: dict = {
        "organisation": organisation,
        "inventory_url": reverse("diagnostic:inventory"),
        "is_facilitator": user_is_facilitator(request.user),
        "can_edit": membership is not None and membership.can_edit,
    }
    if organisation is None:
        return render(request, "diagnostic/results.html", context)

    results = diagnostic_results(organisation=organisation, lang=current_language())
    form = ResultsFilterForm(request.GET or None, families=results.families())
    filters = form.filters()
    # A screenful at a time (issue 8: 500 items made a 4 MB page): the ranking by pages, the
    # chart and its table for the items of the page.
    page = Paginator(results.filtered(**filters), RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context.update(
        results=results,
        page=page,
        shown=page.object_list,
        to_complete_shown=results.to_complete[:RESULTS_PER_PAGE],
        form=form,
        filtered=any(filters.values()),
        cards=result_cards(results, page.object_list, lang=current_language()),
        chart=result_chart(results, page.object_list, lang=current_language()),
        level_meanings=LEVEL_MEANINGS,
        strong_threshold=int(STRONG),
        moderate_threshold=int(MODERATE),
        strategic_threshold=int(STRATEGIC),
    )
    template = "diagnostic/results.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results-list"
    return render(request, template, context)


def result_cards(results: DiagnosticResults, shown, *, lang: str) -> list[str]:
    """The ranking's cards of the page; each reads its scored item and the language only."""
    template = get_template("diagnostic/results.html#result-card")
    kept = results.fragments
    return [
        kept.get_or_build(("card", lang, s.item.pk), lambda s=s: template.render({"scored": s}))
        for s in shown
    ]


def result_chart(results: DiagnosticResults, shown, *, lang: str) -> str:
    if not shown:
        return ""
    key = ("chart", lang, tuple(s.item.pk for s in shown))
    return results.fragments.get_or_build(key, lambda: responsive_chart(shown))


@login_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The results as a PDF report for the board, in the reader's language."""
    organisation = get_current_organisation(request)
    if organisation is None:
        return redirect("diagnostic:index")
    results = diagnostic_results(organisation=organisation, lang=current_language())
    if not results.any_items:
        messages.info(request, _("Ajoutez d'abord des éléments à votre inventaire."))
        return redirect("diagnostic:index")
    today = timezone.localdate()
    pdf = report_pdf_bytes(
        organisation=organisation,
        results=results,
        date=today,
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = report_filename(organisation=organisation, date=today)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest) -> HttpResponse:
    """The scoring grid's weights, edited by a facilitator; the results use the active ones."""
    get_facilitator_or_404(request)
    current, custom = active_weights()
    if request.method == "POST" and request.POST.get("action") == "restore":
        scoring_weights_restore_defaults(user=request.user)
        messages.success(request, _("Les pondérations par défaut sont rétablies."))
        return redirect("diagnostic:weights")
    if request.method == "POST":
        form = ScoringWeightsForm(request.POST, lang=current_language())
        if form.is_valid():
            scoring_weights_update(weights=form.weights(), user=request.user)
            messages.success(request, _("Les nouvelles pondérations sont enregistrées."))
            return redirect("diagnostic:weights")
    else:
        initial = {code: f"{weight:g}" for code, weight in current.items()}
        form = ScoringWeightsForm(initial=initial, lang=current_language())
    rows = [(form[code], DEFAULT_WEIGHTS[code]) for code in CRITERIA]
    context = {
        "form": form,
        "rows": rows,
        "custom": custom,
        "confirm_restore": request.GET.get("confirm") == "restore",
    }
    return render(request, "diagnostic/weights.html", context)
