"""The member's opportunities, contact requests and pooling projects (read).

Privacy (DESIGN.md): of another organisation the answers carry its name and slug (it is in
the directory, or a partner of the caller's), the category, the monthly quantities and the
distance band; never its item's label, notes, costs, satisfaction or exact place. The
presenters the pages use build these answers, so the API shows what the pages show.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from mutualiser.contacts.selectors import (
    contact_request_received_list,
    contact_request_sent_list,
    get_request_for_member,
)
from mutualiser.partners import selectors as partner_selectors
from mutualiser.partners.presenters import build_card
from mutualiser.partners.rules import distance_band
from mutualiser.projects import calculator
from mutualiser.projects.selectors import get_project_for_member, project_list
from mutualiser.words.language import current_language
from mutualiser.words.reasons import label

from .access import membership_for_reader
from .schemas import (
    ERRORS,
    OpportunitiesOut,
    OpportunityOut,
    ProjectDetailOut,
    ProjectOut,
    RequestDetailOut,
    RequestOut,
)

router = Router()

READ_ERRORS = ERRORS
MAX_REQUESTS = 500


def ref(organisation) -> dict[str, str]:
    return {"slug": organisation.slug, "name": organisation.name}


# --- opportunities -----------------------------------------------------------------------


def opportunity_out(row, lang: str) -> dict[str, Any]:
    card = build_card(row, lang=lang)
    return {
        "id": card.pk,
        "kind": card.kind,
        "category": card.category_code,
        "category_label": card.category_label,
        "savings": card.savings,
        "cost": card.cost,
        "in_core": card.in_core,
        "distance_band": label(f"band.{distance_band(row.opportunity.distance_km)}", lang),
        "me": {
            "item_id": row.item_id,
            "item_name": card.my_item_name,
            "role": row.role,
            "months": [float(q) for q in row.months],
            "gain": row.gain,
        },
        "partners": [
            {
                "organisation": ref(partner.organisation),
                "role": partner.role,
                "months": [float(q) for q in partner.months],
                "distance_band": partner.band_label,
            }
            for partner in card.partners
        ],
        "reasons": [card.distance_sentence, *card.reasons],
        "url": card.url,
    }


@router.get(
    "/organisations/{slug}/opportunities",
    response={200: OpportunitiesOut, **READ_ERRORS},
    tags=["opportunities"],
)
def opportunity_list(request: HttpRequest, slug: str):
    """Exchanges and pooling groups found for the organisation, best gain first.

    Empty while the organisation is not in the directory (only directory organisations take
    part), or before its region's first computation (`pending` says one is under way).
    """
    organisation = membership_for_reader(request, slug).organisation
    takes_part = partner_selectors.takes_part(organisation)
    run = partner_selectors.latest_run(organisation.region) if takes_part else None
    pending = takes_part and partner_selectors.pending_run(organisation.region) is not None
    rows = partner_selectors.opportunity_list(organisation=organisation, run=run) if run else []
    lang = current_language()
    return {
        "takes_part": takes_part,
        "computed_at": run.finished_at if run else None,
        "pending": pending,
        "opportunities": [opportunity_out(row, lang) for row in rows],
    }


@router.get(
    "/organisations/{slug}/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **READ_ERRORS},
    tags=["opportunities"],
)
def opportunity_detail(request: HttpRequest, slug: str, opportunity_id: int):
    organisation = membership_for_reader(request, slug).organisation
    row = partner_selectors.get_opportunity_for_member(organisation, opportunity_id)
    return opportunity_out(row, current_language())


# --- contact requests --------------------------------------------------------------------


def request_out(contact, side: str) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "side": side,
        "status": contact.status,
        "sender": ref(contact.sender),
        "recipient": ref(contact.recipient),
        "category": contact.category.code if contact.category else None,
        "message": contact.message,
        "first_step": contact.first_step,
        "trial_months": contact.trial_months,
        "created_at": contact.created_at,
        "answered_at": contact.answered_at,
        "decline_reason": contact.decline_reason,
        "url": contact.get_absolute_url(),
    }


@router.get(
    "/organisations/{slug}/requests",
    response={200: list[RequestOut], **READ_ERRORS},
    tags=["requests"],
)
def request_list(request: HttpRequest, slug: str):
    """Contact requests the organisation received (those waiting first), then those it sent."""
    organisation = membership_for_reader(request, slug).organisation
    received = contact_request_received_list(organisation)[:MAX_REQUESTS]
    sent = contact_request_sent_list(organisation)[:MAX_REQUESTS]
    return [request_out(r, "received") for r in received] + [request_out(r, "sent") for r in sent]


@router.get(
    "/requests/{request_id}", response={200: RequestDetailOut, **READ_ERRORS}, tags=["requests"]
)
def request_detail(request: HttpRequest, request_id: int):
    """One request with its thread, for a member of either side."""
    access = get_request_for_member(request.auth.user, request_id)
    contact = access.request
    answer = request_out(contact, "received" if access.is_recipient else "sent")
    answer["messages"] = [
        {"organisation": ref(m.organisation), "body": m.body, "created_at": m.created_at}
        for m in contact.messages.select_related("organisation").order_by("created_at", "id")
    ]
    return answer


# --- projects ----------------------------------------------------------------------------


def project_out(project) -> dict[str, Any]:
    step = project.current_step()
    return {
        "id": project.pk,
        "title": project.title,
        "category": project.category.code if project.category_id else "",
        "governance_form": project.governance_form,
        "chosen_rule": project.chosen_rule,
        "current_step": step.code if step else None,
        "partners": [
            {
                "id": p.pk,
                "organisation": ref(p.organisation),
                "role": p.role,
                "months": [float(q) for q in p.months],
            }
            for p in project.partners.all()
        ],
        "url": project.get_absolute_url(),
    }


def cost_sharing_out(project, lang: str) -> dict[str, Any] | None:
    """The calculator's figures, as the project's costs page shows them to every partner."""
    calculation = calculator.calculate(project, lang=lang)
    if calculation is None:
        return None
    snapshot = project.snapshots.first()
    return {
        "cost": calculation.cost,
        "alone": calculation.alone,
        "savings": calculation.savings,
        "peak": calculation.peak,
        "feasible": calculation.feasible,
        "rules": [
            {
                "rule": check.rule,
                "label": str(check.label),
                "in_core": check.in_core,
                "core_check": check.text,
                "total": check.total,
            }
            for check in calculation.checks
        ],
        "partners": [
            {
                "partner_id": row.partner.pk,
                "organisation": ref(row.partner.organisation),
                "use": row.use,
                "standalone": row.standalone,
                "shares": dict(row.shares),
                "savings": dict(row.savings),
            }
            for row in calculation.rows
        ],
        "notes": list(calculation.notes),
        "chosen": None
        if snapshot is None
        else {
            "rule": snapshot.rule,
            "cost": snapshot.cost,
            "in_core": snapshot.in_core,
            "created_at": snapshot.created_at,
            "shares": list(snapshot.shares),
        },
    }


@router.get("/projects", response={200: list[ProjectOut], **READ_ERRORS}, tags=["projects"])
def projects(request: HttpRequest):
    """Pooling projects one of the caller's organisations takes part in."""
    return [project_out(p) for p in project_list(request.auth.user).order_by("-created_at", "-pk")]


@router.get(
    "/projects/{project_id}", response={200: ProjectDetailOut, **READ_ERRORS}, tags=["projects"]
)
def project_detail(request: HttpRequest, project_id: int):
    """One project with its cost-sharing: every key's shares, the core check, the key chosen."""
    access = get_project_for_member(request.auth.user, project_id)
    project = access.project
    answer = project_out(project)
    answer["cost_sharing"] = cost_sharing_out(project, current_language())
    return answer
