"""Decisions (propose, answer, the log) and the evaluation at the end of the trial."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mutualiser.words.language import current_language

from . import calculator, services
from .choices import DecisionKind, DecisionStatus
from .forms import AnswerForm, DecisionForm, EvaluationForm
from .selectors import get_decision_for_member
from .views import _access, _context, _forbidden, _messages_from


@login_required
@require_http_methods(["GET", "POST"])
def decisions(request: HttpRequest, project_id: int) -> HttpResponse:
    """The decision log, and a partner's proposal (viewers read it only)."""
    access = _access(request, project_id)
    project = access.project
    services.decisions_close_due(project=project)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not access.can_act:
            return _forbidden(request, access)
        if form.is_valid():
            try:
                decision = services.decision_propose(
                    project=project,
                    partner=access.partner,
                    user=request.user,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    closes_at=form.closes_at(),
                    kind=form.cleaned_data["kind"],
                    payload=form.payload(),
                )
            except ValidationError as error:
                for message in _messages_from(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Proposition envoyée à chaque partenaire."))
                return redirect(decision)
    log = list(
        project.decisions.select_related("proposed_by__organisation").prefetch_related(
            "answers__partner__organisation"
        )
    )
    return render(
        request,
        "projects/decisions.html",
        _context(
            access,
            "decisions",
            form=form,
            log=log,
            open_log=[d for d in log if d.is_open],
            closed_log=[d for d in log if not d.is_open],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, project_id: int, decision_id: int) -> HttpResponse:
    access = _access(request, project_id)
    decision = get_decision_for_member(access, decision_id)
    services.decisions_close_due(project=access.project)
    decision.refresh_from_db()
    mine = decision.answers.filter(partner=access.partner).first()
    form = AnswerForm(
        request.POST or None,
        initial={"answer": mine.answer, "reason": mine.reason} if mine else None,
    )
    if request.method == "POST":
        if not access.can_act:
            return _forbidden(request, access)
        if form.is_valid():
            try:
                decision = services.decision_answer(
                    decision=decision,
                    partner=access.partner,
                    user=request.user,
                    answer=form.cleaned_data["answer"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                for message in _messages_from(error):
                    form.add_error(None, message)
            else:
                if decision.is_open:
                    messages.success(request, _("Réponse enregistrée."))
                else:
                    messages.success(
                        request,
                        _("Réponse enregistrée. La décision est close : %(status)s.")
                        % {"status": decision.get_status_display().lower()},
                    )
                return redirect(decision)
    answers = {a.partner_id: a for a in decision.answers.select_related("answered_by")}
    rows = [(p, answers.get(p.pk)) for p in access.project.partners.select_related("organisation")]
    return render(
        request,
        "projects/decision.html",
        _context(
            access,
            "decisions",
            decision=decision,
            form=form,
            rows=rows,
            mine=mine,
            rule_label=calculator.RULE_LABELS.get(decision.payload.get("rule", ""), ""),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, project_id: int) -> HttpResponse:
    """Indicators of the trial, then a proposal to renew, adjust or exit."""
    access = _access(request, project_id)
    project = access.project
    partners = list(project.partners.select_related("organisation"))
    form = EvaluationForm(request.POST or None, partners=partners)
    if request.method == "POST":
        if not access.can_act:
            return _forbidden(request, access)
        if form.is_valid():
            try:
                services.evaluation_record(
                    project=project,
                    user=request.user,
                    organisation=access.partner.organisation,
                    actual_cost=form.cleaned_data["actual_cost"],
                    note=form.cleaned_data["note"],
                    rows=form.rows(),
                )
            except ValidationError as error:
                for message in _messages_from(error):
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Évaluation enregistrée : proposez maintenant la suite.")
                )
                return redirect("projects:evaluation", project.pk)
    latest = project.evaluations.prefetch_related("rows__partner__organisation").first()
    indicators = None
    if latest is not None:
        rows = list(latest.rows.all())
        satisfaction = [r.satisfaction for r in rows if r.satisfaction is not None]
        indicators = {
            "rows": [
                (
                    r,
                    (r.actual_use / r.planned_use)
                    if r.actual_use is not None and r.planned_use
                    else None,
                )
                for r in rows
            ],
            "cost_ratio": (latest.actual_cost / latest.estimated_cost)
            if latest.actual_cost is not None and latest.estimated_cost
            else None,
            "satisfaction": sum(satisfaction) / len(satisfaction) if satisfaction else None,
        }
    outcome_decisions = list(
        project.decisions.filter(kind=DecisionKind.EVALUATION).select_related(
            "proposed_by__organisation"
        )
    )
    calculation = calculator.calculate(project, lang=current_language())
    return render(
        request,
        "projects/evaluation.html",
        _context(
            access,
            "evaluation",
            form=form,
            latest=latest,
            indicators=indicators,
            outcome_decisions=outcome_decisions,
            has_open_outcome=any(d.status == DecisionStatus.OPEN for d in outcome_decisions),
            decision_form=DecisionForm(initial={"kind": "evaluation"}),
            estimate=calculation.cost if calculation else None,
        ),
    )
