"""Readiness self-assessment of the current organisation: answer, see the profile, history.

Every member can read their organisation's assessments; owners and editors can answer.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mutualiser.organisations.middleware import get_current_membership
from mutualiser.organisations.selectors import membership_get
from mutualiser.words.language import current_language

from .forms import ReadinessForm
from .models import ReadinessAssessment
from .questions import get_questionnaire
from .scoring import score_answers
from .selectors import assessment_list, get_assessment_for_member
from .services import assessment_create, chapter_link, next_step_for


def _result_context(assessment: ReadinessAssessment) -> dict:
    language = current_language()
    profile = score_answers(get_questionnaire(), assessment.answers)
    weak = []
    for item in profile.weak:
        title, url = chapter_link(item.dimension.chapter)
        weak.append(
            {
                "label": item.dimension.label(language),
                "advice": item.dimension.advice(language),
                "chapter_title": title,
                "chapter_url": url,
                "score": item.score,
            }
        )
    return {
        "assessment": assessment,
        "profile": profile,
        "bars": [
            {"label": d.dimension.label(language), "score": d.score, "weak": d.is_weak}
            for d in profile.dimensions
        ],
        "weak": weak,
        "next_step": next_step_for(profile),
    }


def _history(organisation) -> list[dict]:
    questionnaire = get_questionnaire()
    return [
        {"assessment": a, "profile": score_answers(questionnaire, a.answers)}
        for a in assessment_list(organisation)[:20]
    ]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The current organisation's latest profile, or an invitation to answer."""
    membership = get_current_membership(request)
    if membership is None:
        return render(request, "readiness/index.html", {"membership": None})
    history = _history(membership.organisation)
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "history": history,
        "question_count": len(get_questionnaire().questions),
    }
    if history:
        context.update(_result_context(history[0]["assessment"]))
    return render(request, "readiness/index.html", context)


@login_required
def answer(request: HttpRequest) -> HttpResponse:
    """The questionnaire, pre-filled with the latest answers; owners and editors only."""
    membership = get_current_membership(request)
    if membership is None:
        return redirect("readiness:index")
    if not membership.can_edit:
        raise PermissionDenied
    organisation = membership.organisation
    latest = assessment_list(organisation).first()
    form = ReadinessForm(
        request.POST or None,
        questionnaire=get_questionnaire(),
        language=current_language(),
        previous=latest.answers if latest else None,
    )
    if request.method == "POST" and form.is_valid():
        assessment = assessment_create(
            organisation=organisation, user=request.user, answers=form.cleaned_data
        )
        if latest is not None and assessment.pk == latest.pk:
            messages.info(request, _("Vos réponses n'ont pas changé : votre profil reste le même."))
        else:
            messages.success(request, _("Autoévaluation enregistrée. Voici votre profil."))
        return redirect(assessment)
    return render(
        request,
        "readiness/answer.html",
        {"form": form, "organisation": organisation, "membership": membership},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One assessment's profile (an earlier one from the history, or the latest)."""
    assessment = get_assessment_for_member(request.user, pk)
    membership = membership_get(request.user, assessment.organisation)
    context = {
        "membership": membership,
        "organisation": assessment.organisation,
        "history": _history(assessment.organisation),
        "question_count": len(get_questionnaire().questions),
        "is_detail": True,
    }
    context.update(_result_context(assessment))
    return render(request, "readiness/index.html", context)
