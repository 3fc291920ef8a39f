"""Everything a member may take away: a ZIP of JSON and CSV, written while it is sent.

What goes in is what the pages show the member: their account, and for each organisation
they own, its profile, members, inventory, readiness assessments, contact requests (with the
other side's name and the thread, as on the request page), pooling projects (partners and
their monthly quantities as on the costs page, decisions and every partner's answer, risks,
roadmap, sharing snapshots, history; the budget and evaluation figures of their own
organisation only) and its seats in workshops. Never another organisation's inventory,
notes, costs or members.

The ZIP is produced file by file into a small buffer that the response drains (zipfile
writes data descriptors on a stream it cannot seek), so memory stays bounded by one
file's JSON list at most, not by the whole archive.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mutualiser.contacts.models import ContactRequest, RequestMessage
from mutualiser.diagnostic.importexport import write_csv
from mutualiser.diagnostic.models import InventoryItem
from mutualiser.organisations.choices import Role
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.projects.history import describe
from mutualiser.projects.models import PoolingProject
from mutualiser.readiness.models import ReadinessAssessment
from mutualiser.workshops.models import Participant, Workshop

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024


def safe_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula starts with an apostrophe (as in the
    inventory's and the workshop report's CSV)."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def _json(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain).encode("utf-8")


def _json_array(rows: Iterable[dict]) -> Iterator[bytes]:
    """A JSON list written row by row."""
    yield b"["
    first = True
    for row in rows:
        yield (b"\n  " if first else b",\n  ") + json.dumps(
            row, ensure_ascii=False, default=_plain
        ).encode("utf-8")
        first = False
    yield b"\n]\n"


def _csv(header: list[str], rows: Iterable[list[object]]) -> Iterator[bytes]:
    """UTF-8 with a BOM (Excel), comma-separated, every text cell protected."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        if buffer.tell() > CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _person(user) -> str:
    """A person as the pages name them; a deleted account is « Ancien membre »."""
    return str(user) if user is not None else _("Ancien membre")


# --- The account ---------------------------------------------------------------------------


def account_document(user) -> dict:
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "slug": m.organisation.slug,
                "role": m.role,
                "since": m.created_at,
                "exported": m.role == Role.OWNER,
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "notifications": [
            {"kind": n.kind, "created_at": n.created_at, "read_at": n.read_at}
            for n in user.notifications.order_by("created_at", "pk")
        ],
        "guide": {
            "chapters_read": [
                {"chapter": c.slug, "read_at": c.read_at}
                for c in user.chapters_read.order_by("read_at", "pk")
            ],
            "quiz_answers": [
                {
                    "chapter": q.slug,
                    "question": q.question,
                    "choice": q.choice,
                    "correct": q.correct,
                    "answered_at": q.answered_at,
                }
                for q in user.quiz_answers.all()
            ],
        },
        "workshops_run": [
            {
                "title": w.title,
                "date": w.date,
                "place": w.place,
                "language": w.language,
                "code": w.code,
                "anonymous": w.anonymous,
                "phase": w.phase,
                "closed_at": w.closed_at,
                # As the facilitator's report names them (an anonymous room: numbers only).
                "participants": [
                    {
                        "number": p.number,
                        "name": p.label(anonymous=w.anonymous),
                        "guest": p.is_guest,
                        "joined_at": p.joined_at,
                    }
                    for p in w.participants.select_related("organisation").order_by("number")
                ],
            }
            for w in Workshop.objects.filter(facilitator=user)
        ],
        "exported_at": timezone.now(),
    }


# --- One organisation ----------------------------------------------------------------------


def organisation_document(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "legal_kind": organisation.legal_kind,
        "disciplines": organisation.disciplines,
        "region": organisation.region,
        "municipality": organisation.municipality,
        "latitude": organisation.latitude,
        "longitude": organisation.longitude,
        "budget_band": organisation.budget_band,
        "staff_fte": organisation.staff_fte,
        "visibility": organisation.visibility,
        "description": organisation.description,
        "website": organisation.website,
        "created_at": organisation.created_at,
        "updated_at": organisation.updated_at,
        "members": [
            {
                "email": m.user.email,
                "full_name": m.user.full_name,
                "role": m.role,
                "since": m.created_at,
            }
            for m in organisation.memberships.select_related("user").order_by("user__email")
        ],
        "invitations_pending": [
            {"email": i.email, "role": i.role, "expires_at": i.expires_at}
            for i in organisation.invitations.filter(accepted_at__isnull=True)
        ],
    }


def _items(organisation: Organisation):
    return (
        InventoryItem.objects.filter(organisation=organisation)
        .select_related("category__family")
        .order_by("category__family__order", "category__order", "pk")
    )


def _item_row(item: InventoryItem) -> dict:
    return {
        "category": item.category.code,
        "direction": item.direction,
        "label": item.label,
        "months": item.months,
        "how_done": item.how_done,
        "annual_cost": item.annual_cost,
        "satisfaction": item.satisfaction,
        "importance": item.importance,
        "confidentiality": item.confidentiality,
        "specificity": item.specificity,
        "criticality": item.criticality,
        "max_distance_km": item.max_distance_km,
        "rate": item.rate,
        "notes": item.notes,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def _assessments(organisation: Organisation):
    return ReadinessAssessment.objects.filter(organisation=organisation).order_by("created_at")


def _assessment_row(assessment: ReadinessAssessment) -> dict:
    return {
        "created_at": assessment.created_at,
        "answered_by": _person(assessment.answered_by),
        "answers": assessment.answers,
    }


def _readiness_csv(organisation: Organisation) -> Iterator[bytes]:
    rows = (
        [a.created_at.isoformat(), question, value]
        for a in _assessments(organisation)
        for question, value in sorted(a.answers.items())
    )
    return _csv([_("rempli le"), _("question"), _("réponse")], rows)


def _requests(organisation: Organisation):
    return (
        ContactRequest.objects.filter(Q(sender=organisation) | Q(recipient=organisation))
        .select_related("sender", "recipient", "category", "sent_by")
        .order_by("created_at", "id")
    )


def _request_row(organisation: Organisation, request: ContactRequest) -> dict:
    sent = request.sender_id == organisation.pk
    return {
        "id": request.pk,
        "direction": "sent" if sent else "received",
        "other_organisation": (request.recipient if sent else request.sender).name,
        "category": request.category.code if request.category else None,
        "message": request.message,
        "first_step": request.first_step,
        "trial_months": request.trial_months,
        "status": request.status,
        "created_at": request.created_at,
        "sent_by": _person(request.sent_by) if sent else None,
        "answered_at": request.answered_at,
        "decline_reason": request.decline_reason,
        "messages": [
            {
                "organisation": m.organisation.name,
                "author": _person(m.author),
                "body": m.body,
                "created_at": m.created_at,
            }
            for m in request.messages.select_related("organisation", "author")
        ],
    }


def _messages_csv(organisation: Organisation) -> Iterator[bytes]:
    messages = (
        RequestMessage.objects.filter(
            Q(request__sender=organisation) | Q(request__recipient=organisation)
        )
        .select_related("organisation", "author")
        .order_by("request_id", "created_at", "id")
    )
    rows = (
        [m.request_id, m.created_at.isoformat(), m.organisation.name, _person(m.author), m.body]
        for m in messages.iterator(chunk_size=500)
    )
    return _csv([_("demande"), _("écrit le"), _("organisme"), _("auteur"), _("message")], rows)


def _projects(organisation: Organisation):
    return PoolingProject.objects.filter(partners__organisation=organisation).order_by("pk")


def _project_row(organisation: Organisation, project: PoolingProject) -> dict:
    partners = list(project.partners.select_related("organisation"))
    mine = next(p for p in partners if p.organisation_id == organisation.pk)
    return {
        "id": project.pk,
        "title": project.title,
        "category": project.category.code,
        "place": project.place,
        "origin": project.origin,
        "governance_form": project.governance_form,
        "cost_parameters": project.cost_parameters,
        "chosen_rule": project.chosen_rule,
        "start_date": project.start_date,
        "trial_end": project.trial_end,
        "created_at": project.created_at,
        "partners": [
            {
                "organisation": p.organisation.name,
                "role": p.role,
                "months": p.months,
                # The budget of our own organisation only: the pages never show another's.
                **({"budget": p.budget} if p.pk == mine.pk else {}),
                "joined_at": p.joined_at,
            }
            for p in partners
        ],
        "steps": [
            {
                "step": s.code,
                "status": s.status,
                "due_date": s.due_date,
                "carried_by": s.carried_by.organisation.name if s.carried_by else None,
                "checklist": s.checklist,
                "deliverable_note": s.deliverable_note,
                "done_at": s.done_at,
            }
            for s in project.steps.select_related("carried_by__organisation")
        ],
        "risks": [
            {
                "kind": r.kind,
                "description": r.description,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": r.mitigation,
                "owner": r.owner.organisation.name if r.owner else None,
                "created_at": r.created_at,
            }
            for r in project.risks.select_related("owner__organisation")
        ],
        "decisions": [
            {
                "kind": d.kind,
                "title": d.title,
                "text": d.text,
                "payload": d.payload,
                "proposed_by": d.proposed_by.organisation.name,
                "proposed_by_person": _person(d.proposed_by_user),
                "status": d.status,
                "created_at": d.created_at,
                "closes_at": d.closes_at,
                "closed_at": d.closed_at,
                "answers": [
                    {
                        "organisation": a.partner.organisation.name,
                        "answer": a.answer,
                        "reason": a.reason,
                        "answered_by": _person(a.answered_by),
                        "answered_at": a.answered_at,
                    }
                    for a in d.answers.select_related("partner__organisation", "answered_by")
                ],
            }
            for d in project.decisions.select_related(
                "proposed_by__organisation", "proposed_by_user"
            )
        ],
        "cost_sharing": [
            {
                "rule": s.rule,
                "cost": s.cost,
                "parameters": s.parameters,
                "shares": s.shares,
                "in_core": s.in_core,
                "created_at": s.created_at,
            }
            for s in project.snapshots.all()
        ],
        "evaluations": [
            {
                "actual_cost": e.actual_cost,
                "estimated_cost": e.estimated_cost,
                "note": e.note,
                "outcome": e.outcome,
                "created_at": e.created_at,
                "our_indicators": [
                    {
                        "planned_use": row.planned_use,
                        "actual_use": row.actual_use,
                        "satisfaction": row.satisfaction,
                    }
                    for row in e.rows.filter(partner=mine)
                ],
            }
            for e in project.evaluations.all()
        ],
        "history": [
            {"at": h.at, "what": describe(h)} for h in project.history.order_by("at", "pk")
        ],
    }


def _decisions_csv(organisation: Organisation) -> Iterator[bytes]:
    rows = (
        [
            project.pk,
            project.title,
            d.title,
            d.proposed_by.organisation.name,
            d.status,
            a.partner.organisation.name if a else "",
            a.answer if a else "",
            a.reason if a else "",
        ]
        for project in _projects(organisation)
        for d in project.decisions.select_related("proposed_by__organisation")
        for a in (list(d.answers.select_related("partner__organisation")) or [None])
    )
    header = [
        _("projet"),
        _("titre"),
        _("proposition"),
        _("proposée par"),
        _("état"),
        _("organisme"),
        _("réponse"),
        _("raison"),
    ]
    return _csv(header, rows)


def _participants(organisation: Organisation):
    return (
        Participant.objects.filter(organisation=organisation)
        .select_related("workshop")
        .order_by("workshop__date", "pk")
    )


def _participant_row(participant: Participant) -> dict:
    workshop = participant.workshop
    return {
        "workshop": workshop.title,
        "date": workshop.date,
        "place": workshop.place,
        "number": participant.number,
        "joined_at": participant.joined_at,
        "quick_inventory": [
            {
                "category": i.category.code,
                "direction": i.direction,
                "quantity": i.quantity,
                "season": i.season,
                "months": i.months,
            }
            for i in participant.items.select_related("category")
        ],
        "obstacles": [
            {"kind": o.kind, "text": o.text, "hidden": o.hidden, "created_at": o.created_at}
            for o in participant.obstacles.all()
        ],
        "votes": [
            {"opportunity": v.opportunity, "created_at": v.created_at}
            for v in participant.votes.all()
        ],
        "commitments": [
            {"text": c.text, "due": c.due, "created_at": c.created_at}
            for c in participant.commitments.all()
        ],
        "proposed_links": [
            {
                "partner": p.partner.label(anonymous=workshop.anonymous),
                "category": p.category.code,
                "note": p.note,
            }
            for p in participant.proposals.select_related("partner__organisation", "category")
        ],
    }


def _workshop_csv(organisation: Organisation) -> Iterator[bytes]:
    def rows():
        for p in _participants(organisation):
            title = p.workshop.title
            for i in p.items.select_related("category"):
                yield [title, _("inventaire"), i.category.code, i.direction, i.quantity]
            for o in p.obstacles.all():
                yield [title, _("obstacle"), o.kind, o.text, ""]
            for v in p.votes.all():
                yield [title, _("vote"), v.opportunity, "", 1]
            for c in p.commitments.all():
                yield [title, _("engagement"), c.text, "", c.due.isoformat() if c.due else ""]

    return _csv([_("atelier"), _("section"), _("détail"), _("précision"), _("valeur")], rows())


def _readme(user, organisations: list[Organisation]) -> bytes:
    lines = [
        _("Vos données Mutualiser, exportées le %(date)s.")
        % {"date": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        "",
        _("account.json : votre compte (adresses, langue, dates, organismes, ateliers animés)."),
    ]
    for organisation in organisations:
        lines.append(
            _(
                "organisations/%(slug)s/ : %(name)s (profil, membres, inventaire, autoévaluations, "
                "demandes, projets, ateliers)."
            )
            % {"slug": organisation.slug, "name": organisation.name}
        )
    lines += [
        "",
        _(
            "Seuls les organismes dont vous êtes responsable sont exportés en entier. Des "
            "autres organismes, vous trouverez seulement ce que les pages vous montrent."
        ),
        "",
    ]
    return "\r\n".join(lines).encode("utf-8")


def owned_organisations(user) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Role.OWNER, removed_at__isnull=True
        ).order_by("slug")
    )


def export_files(user) -> Iterator[tuple[str, Callable[[], Iterable[bytes]]]]:
    """(name in the ZIP, a callable giving its bytes), in order."""
    organisations = owned_organisations(user)
    yield "README.txt", lambda: [_readme(user, organisations)]
    yield "account.json", lambda: [_json(account_document(user))]
    for organisation in organisations:
        base = f"organisations/{organisation.slug}/"
        org = organisation
        yield base + "organisation.json", lambda org=org: [_json(organisation_document(org))]
        yield base + "inventory.json", lambda org=org: _json_array(map(_item_row, _items(org)))
        yield base + "inventory.csv", lambda org=org: [write_csv(_items(org))]
        yield (
            base + "readiness.json",
            lambda org=org: _json_array(map(_assessment_row, _assessments(org))),
        )
        yield base + "readiness.csv", lambda org=org: _readiness_csv(org)
        yield (
            base + "requests.json",
            lambda org=org: _json_array(_request_row(org, r) for r in _requests(org)),
        )
        yield base + "request-messages.csv", lambda org=org: _messages_csv(org)
        yield (
            base + "projects.json",
            lambda org=org: _json_array(_project_row(org, p) for p in _projects(org)),
        )
        yield base + "project-decisions.csv", lambda org=org: _decisions_csv(org)
        yield (
            base + "workshops.json",
            lambda org=org: _json_array(map(_participant_row, _participants(org))),
        )
        yield base + "workshop-contributions.csv", lambda org=org: _workshop_csv(org)


class _Buffer:
    """A write-only stream the ZIP writes into and the response drains."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return data


def export_zip(user, *, language: str) -> Iterator[bytes]:
    """The ZIP's bytes, in chunks, written in `language` (the response is read after the view
    returned, when the request's language may no longer be active)."""
    with translation.override(language):
        sink = _Buffer()
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in export_files(user):
                with archive.open(name, "w") as member:
                    for chunk in content():
                        member.write(chunk)
                        if sink.size >= CHUNK:
                            yield sink.drain()
                if sink.size:
                    yield sink.drain()
        yield sink.drain()
