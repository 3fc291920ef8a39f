"""The guide: table of contents, chapters with their quiz, search, the cost-sharing example.

Readable without an account; a signed-in member's chapters read and answers are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from mutualiser.words.language import current_language

from . import content, selectors, services
from .content import Chapter, Guide
from .forms import (
    PARTNER_PREFIXES,
    REQUIRED_PARTNERS,
    SEASON_MONTHS,
    CostExampleForm,
    PartnerForm,
    QuizAnswerForm,
)

# The tool each chapter leads to (front matter `tool`) and its address, when it exists.
TOOL_URL_NAMES: dict[str, str | None] = {  # None: not built yet
    "readiness": "readiness:index",
    "diagnostic": "diagnostic:index",
    "opportunities": None,
    "projects": None,
    "workshops": None,
    "cost_sharing_demo": "guide:cost-sharing",
}


@dataclass(frozen=True)
class ToolLink:
    label: str
    url: str  # "" while the tool is not built yet


def tool_link(chapter: Chapter) -> ToolLink | None:
    if not chapter.tool:
        return None
    name = TOOL_URL_NAMES[chapter.tool]
    return ToolLink(label=chapter.tool_label, url=reverse(name) if name else "")


def get_chapter_or_404(guide: Guide, slug: str) -> Chapter:
    chapter = selectors.chapter_get(guide, slug)
    if chapter is None:
        raise Http404
    return chapter


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every chapter with its summary; read marks and progress for a signed-in member."""
    guide = selectors.current_guide()
    read = selectors.chapter_read_slugs(request.user)
    answered = selectors.chapter_answered_counts(request.user, guide)
    entries = [
        {"chapter": c, "read": c.slug in read, "answered": answered.get(c.slug, 0)}
        for c in guide.chapters
    ]
    context = {
        "guide": guide,
        "entries": entries,
        "progress": selectors.guide_progress(request.user, guide),
        "question_count": selectors.quiz_question_count(guide),
    }
    return render(request, "guide/index.html", context)


def _chapter_context(request: HttpRequest, guide: Guide, chapter: Chapter) -> dict:
    previous, following = guide.neighbours(chapter.slug)
    answers = selectors.quiz_answer_map(request.user, chapter.slug)
    results = {
        index: services.QuizResult(choice=answer.choice, correct=answer.correct)
        for (_slug, index), answer in answers.items()
    }
    return {
        "guide": guide,
        "chapter": chapter,
        "previous": previous,
        "following": following,
        "tool": tool_link(chapter),
        "quiz": [{"question": q, "result": results.get(q.index)} for q in chapter.quiz],
        "is_read": chapter.slug in selectors.chapter_read_slugs(request.user),
    }


@require_GET
def chapter(request: HttpRequest, slug: str) -> HttpResponse:
    """One chapter: its contents, body, quiz, the tool it leads to, previous and next."""
    guide = selectors.current_guide()
    chapter = get_chapter_or_404(guide, slug)
    if request.user.is_authenticated:
        services.chapter_mark_read(user=request.user, slug=chapter.slug)
    return render(request, "guide/chapter.html", _chapter_context(request, guide, chapter))


@require_POST
def quiz_answer(request: HttpRequest, slug: str, index: int) -> HttpResponse:
    """Check one answer: the question's fragment for HTMX, else the whole chapter."""
    guide = selectors.current_guide()
    chapter = get_chapter_or_404(guide, slug)
    if not 0 <= index < len(chapter.quiz):
        raise Http404
    question = chapter.quiz[index]
    form = QuizAnswerForm(request.POST, question=question)
    result = None
    if form.is_valid():
        result = services.quiz_answer_record(
            user=request.user,
            chapter=chapter,
            question=question,
            choice=form.cleaned_data["choice"],
        )
    item = {"question": question, "result": result, "form": form}
    if request.htmx:
        return render(
            request, "guide/chapter.html#quiz-question", {"chapter": chapter, "item": item}
        )
    context = _chapter_context(request, guide, chapter)
    context["quiz"] = [item if i["question"].index == index else i for i in context["quiz"]]
    return render(request, "guide/chapter.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Sections of the guide (current language) holding every word, accents ignored."""
    guide = selectors.current_guide()
    query = request.GET.get("q", "").strip()[:200]
    hits = content.search(guide, query) if query else []
    return render(request, "guide/search.html", {"guide": guide, "query": query, "hits": hits})


# The example's starting point: a theatre all year, a dance company in season, a summer festival.
COST_EXAMPLE_DEFAULTS = {
    "category": "accounting",
    "p1-name": "Théâtre des Alizés",
    "p1-use": "30",
    "p1-season": "year",
    "p1-budget": "450000",
    "p2-name": "Danse Boréale",
    "p2-use": "40",
    "p2-season": "season",
    "p2-budget": "800000",
    "p3-name": "Festival du Fleuve",
    "p3-use": "50",
    "p3-season": "summer",
    "p3-budget": "300000",
    "p4-name": "",
    "p4-use": "",
    "p4-season": "year",
    "p4-budget": "",
}


def _partner_results(example: services.CostSharingExample) -> list[dict]:
    """The example's table read by partner: one card each on a phone, where six columns cannot fit.

    Each card lists the partner's share under every key, and first the keys under which that
    partner would pay more than alone (the point of the comparison).
    """
    results = []
    for index, partner in enumerate(example.partners):
        rows = [{"rule": rule, "cell": rule.cells[index]} for rule in example.rules]
        results.append(
            {
                "partner": partner,
                "rows": rows,
                "over": [row["rule"].label for row in rows if row["cell"]["over"]],
            }
        )
    return results


@require_GET
def cost_sharing(request: HttpRequest) -> HttpResponse:
    """Try every cost-sharing key on 2–4 partners; the engine computes, nothing is saved.

    A GET form, so that an example can be shared by its address; HTMX swaps the result (and
    the errors, out of band) as the reader types.
    """
    language = current_language()
    data = request.GET if "category" in request.GET else COST_EXAMPLE_DEFAULTS
    form = CostExampleForm(data, language=language)
    partner_forms = [
        PartnerForm(data, prefix=prefix, required=i < REQUIRED_PARTNERS)
        for i, prefix in enumerate(PARTNER_PREFIXES)
    ]
    example = None
    valid = form.is_valid() & all([f.is_valid() for f in partner_forms])
    if valid:
        partners = [
            services.PartnerInput(
                name=f.cleaned_data["name"],
                months=services.months_for(
                    float(f.cleaned_data["use"]), SEASON_MONTHS[f.cleaned_data["season"]]
                ),
                budget=None
                if f.cleaned_data["budget"] is None
                else float(f.cleaned_data["budget"]),
            )
            for f in partner_forms
            if not f.is_blank
        ]
        example = services.cost_sharing_example(
            category_code=form.cleaned_data["category"], partners=partners, language=language
        )
    context = {
        "form": form,
        "partner_forms": partner_forms,
        "example": example,
        "partner_results": _partner_results(example) if example else [],
        "fair_rules": [rule.label for rule in example.rules if rule.in_core] if example else [],
    }
    if request.htmx:
        return render(request, "guide/cost-sharing.html#cost-result", context)
    return render(request, "guide/cost-sharing.html", context)
