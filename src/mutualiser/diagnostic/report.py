"""The diagnostic's PDF report (WeasyPrint): cover, summary, chart, ranking, method, next steps."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.document import Document

from mutualiser.engine.diagnostic import CRITERIA, DEFAULT_WEIGHTS
from mutualiser.organisations.models import Organisation
from mutualiser.words import formats
from mutualiser.words.language import current_language
from mutualiser.words.reasons import label

from .charts import diagnostic_chart
from .scoring import (
    CRITERION_DESCRIPTIONS,
    LEVEL_MEANINGS,
    MODERATE,
    NEXT_STEPS,
    STRATEGIC,
    STRONG,
    DiagnosticResults,
)

REPORT_DETAILED = 30  # items with their reasons; the others in a list of one line each
REPORT_TO_COMPLETE_LISTED = 60


def report_filename(*, organisation: Organisation, date: datetime.date) -> str:
    """diagnostic-<slug>-<yyyy-mm-dd>.pdf: sorts well in a folder of board documents."""
    return f"diagnostic-{organisation.slug}-{date.isoformat()}.pdf"


def report_context(
    *, organisation: Organisation, results: DiagnosticResults, date: datetime.date, lang: str
) -> dict:
    weights = [
        {
            "label": label(f"criterion.{code}", lang),
            "description": CRITERION_DESCRIPTIONS[code],
            "weight": results.weights[code],
            "default": DEFAULT_WEIGHTS[code],
        }
        for code in CRITERIA
    ]
    # The board reads the first ones in detail; beyond, one line each (issue 8: 2,020 items made
    # a 56 s report). The chart places the detailed ones.
    detailed = results.items[:REPORT_DETAILED]
    used_steps = {s.next_step for s in detailed}
    steps = {key: [s for s in detailed if s.next_step == key] for key in used_steps}
    return {
        "organisation": organisation,
        "results": results,
        "detailed": detailed,
        "others": results.items[REPORT_DETAILED:],
        "others_first": REPORT_DETAILED + 1,
        "steps": steps,
        "to_complete_listed": results.to_complete[:REPORT_TO_COMPLETE_LISTED],
        "to_complete_more": max(0, len(results.to_complete) - REPORT_TO_COMPLETE_LISTED),
        "date": date,
        "date_text": formats.date(date, lang),
        "chart": diagnostic_chart(detailed, element_id="report-chart"),
        "weights": weights,
        "levels": [
            (code, label(f"level.{code}", lang), text) for code, text in LEVEL_MEANINGS.items()
        ],
        "next_steps": [(key, *texts) for key, texts in NEXT_STEPS.items() if key in used_steps],
        "strong_threshold": int(STRONG),
        "moderate_threshold": int(MODERATE),
        "strategic_threshold": int(STRATEGIC),
        "lang": lang,
    }


def report_pdf_bytes(
    *,
    organisation: Organisation,
    results: DiagnosticResults,
    date: datetime.date,
    base_url: str,
    lang: str | None = None,
) -> bytes:
    """The report as PDF bytes, in the active language unless `lang` is given.

    WeasyPrint lays it out from templates/diagnostic/report.html; the chart is inline SVG, so
    nothing is fetched over the network. About a second for a few dozen items.
    """
    return report_document(
        organisation=organisation, results=results, date=date, base_url=base_url, lang=lang
    ).write_pdf()


def report_document(
    *,
    organisation: Organisation,
    results: DiagnosticResults,
    date: datetime.date,
    base_url: str,
    lang: str | None = None,
) -> Document:
    """The report laid out in pages (WeasyPrint's document), before it is written as PDF."""
    lang = lang or current_language()
    with translation.override(lang):
        html = render_to_string(
            "diagnostic/report.html",
            report_context(organisation=organisation, results=results, date=date, lang=lang),
        )
    return HTML(string=html, base_url=base_url).render()
