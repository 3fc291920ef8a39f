"""Project pages: the list, creation, the overview, roadmap, governance, risks, costs, history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from mutualiser.contacts.models import RequestStatus
from mutualiser.contacts.selectors import get_request_for_editor
from mutualiser.organisations.middleware import get_current_membership, get_memberships
from mutualiser.organisations.selectors import organisation_visible_list
from mutualiser.partners.selectors import get_opportunity_for_member
from mutualiser.words.language import current_language

from . import calculator, services
from .agreement import agreement_docx_bytes, agreement_filename, agreement_pdf_bytes
from .charts import cost_chart
from .choices import DecisionKind, GovernanceForm, StepCode
from .forms import (
    CostParametersForm,
    DecisionForm,
    PartnerAddForm,
    ProjectCreateForm,
    ProjectEditForm,
    QuantitiesForm,
    RiskForm,
    StepForm,
)
from .history import describe
from .knowledge import FORMS, STEP_BY_CODE, guide_section_url
from .models import ProjectStep
from .selectors import (
    ProjectAccess,
    get_partner_for_member,
    get_project_for_member,
    get_risk_for_member,
    project_list,
)

LANGUAGES = ("fr", "en")


def _access(request: HttpRequest, project_id: int) -> ProjectAccess:
    membership = get_current_membership(request)
    return get_project_for_member(
        request.user,
        project_id,
        current_organisation_id=membership.organisation_id if membership else None,
        memberships=get_memberships(request),
    )


def _forbidden(request: HttpRequest, access: ProjectAccess) -> HttpResponse:
    """A viewer sees the project but may not change it: say so, with who can."""
    return render(
        request,
        "projects/forbidden.html",
        {"access": access, "project": access.project},
        status=403,
    )


def _messages_from(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _context(access: ProjectAccess, tab: str, **extra) -> dict:
    return {"access": access, "project": access.project, "tab": tab, **extra}


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    projects = list(project_list(request.user))
    membership = get_current_membership(request)
    return render(
        request,
        "projects/index.html",
        {"projects": projects, "can_create": membership is not None and membership.can_edit},
    )


def _partner_choices(request: HttpRequest, lead_id: int):
    return organisation_visible_list(request.user).exclude(pk=lead_id).order_by("name")


@dataclass(frozen=True)
class ProjectStart:
    """Where a new project comes from: its origin, the partners and the subject to fill in."""

    origin: str = "scratch"
    initial: dict = field(default_factory=dict)
    trial_months: int | None = None
    months: dict | None = None  # each partner's monthly quantities, by organisation id


def _start_from_request(request: HttpRequest, lead_id: int) -> ProjectStart:
    """An accepted contact request of the lead organisation: its other side and its subject.

    Another organisation's request, or one the lead is not a party to, gives 404; a request
    not accepted (yet) starts an empty form with a message.
    """
    try:
        request_id = int(request.GET.get("request", ""))
    except ValueError:
        raise Http404 from None
    access = get_request_for_editor(request.user, request_id)
    contact = access.request
    if lead_id not in (contact.sender_id, contact.recipient_id):
        raise Http404
    if contact.status != RequestStatus.ACCEPTED:
        messages.info(request, _("Cette demande n'est pas acceptée : choisissez les partenaires."))
        return ProjectStart()
    other = contact.recipient if contact.sender_id == lead_id else contact.sender
    initial = {"partners": [other.pk]}
    if contact.category is not None:
        initial["category"] = contact.category.pk
        initial["title"] = _("Essai : %(subject)s") % {"subject": contact.category.label}
    return ProjectStart(
        origin=f"request:{contact.pk}", initial=initial, trial_months=contact.trial_months
    )


def _start_from_opportunity(request: HttpRequest, lead) -> ProjectStart:
    """One of the lead's opportunities: its partners, its resource and each one's months.

    An opportunity of another organisation (or of an old run) gives 404.
    """
    try:
        opportunity_id = int(request.GET.get("opportunity", ""))
    except ValueError:
        raise Http404 from None
    row = get_opportunity_for_member(lead, opportunity_id)
    opportunity = row.opportunity
    members = list(opportunity.members.all())
    initial = {
        "partners": sorted({m.organisation_id for m in members} - {lead.pk}),
        "category": opportunity.category_id,
        "title": _("Essai : %(subject)s") % {"subject": opportunity.category.label},
    }
    months = {m.organisation_id: m.months for m in members}
    return ProjectStart(origin=f"opportunity:{opportunity.pk}", initial=initial, months=months)


def _project_start(request: HttpRequest, lead) -> ProjectStart:
    if "request" in request.GET:
        return _start_from_request(request, lead.pk)
    if "opportunity" in request.GET:
        return _start_from_opportunity(request, lead)
    return ProjectStart()


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """From scratch, from an accepted request (`?request=<id>`) or from an opportunity
    (`?opportunity=<id>`): the current organisation leads, partners come from the directory."""
    membership = get_current_membership(request)
    if membership is None or not membership.can_edit:
        return render(request, "projects/create-no-organisation.html", {"membership": membership})
    lead = membership.organisation
    start = _project_start(request, lead)
    form = ProjectCreateForm(
        request.POST or None,
        initial=start.initial,
        partners_queryset=_partner_choices(request, lead.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                created_by=request.user,
                lead=lead,
                partners=list(form.cleaned_data["partners"]),
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                place=form.cleaned_data["place"],
                origin=start.origin,
                trial_months=start.trial_months,
                months_by_partner=start.months,
            )
        except ValidationError as error:
            for message in _messages_from(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Projet créé. Première étape : la faisabilité."))
            return redirect(project)
    context = {"form": form, "lead": lead, "origin": start.origin.partition(":")[0]}
    return render(request, "projects/create.html", context)


def _open_decisions(project) -> list:
    return list(project.decisions.filter(status="open").select_related("proposed_by__organisation"))


@login_required
@require_GET
def detail(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    project = access.project
    open_decisions = _open_decisions(project)
    # Decisions past their date close on the first visit; the page reads them once otherwise.
    if any(d.closes_at <= timezone.now() for d in open_decisions):
        services.decisions_close_due(project=project)
        open_decisions = _open_decisions(project)
    partners = project.partner_list()
    # After the closing: an adopted outcome may reopen a step. current_step reads them here.
    prefetch_related_objects(
        [project],
        Prefetch("steps", queryset=ProjectStep.objects.select_related("carried_by__organisation")),
    )
    steps = list(project.steps.all())
    risks = sorted(project.risks.select_related("owner__organisation"), key=lambda r: -r.severity)
    form_guide = next((f for f in FORMS if f.code == project.governance_form), None)
    add_form = None
    if access.can_act:
        taken = [p.organisation_id for p in partners]
        add_form = PartnerAddForm(
            organisations=organisation_visible_list(request.user)
            .exclude(pk__in=taken)
            .order_by("name")
        )
    chosen_rule_label = calculator.RULE_LABELS.get(project.chosen_rule, "")
    return render(
        request,
        "projects/detail.html",
        _context(
            access,
            "overview",
            partners=partners,
            steps=[
                (
                    s,
                    STEP_BY_CODE[s.code],
                    sum(s.checklist),
                    len(STEP_BY_CODE[s.code].checklist),
                    guide_section_url(STEP_BY_CODE[s.code], current_language()),
                )
                for s in steps
            ],
            chosen_rule_label=chosen_rule_label,
            current=services.current_step(project),
            open_decisions=open_decisions,
            risks=risks[:3],
            risk_count=len(risks),
            form_guide=form_guide,
            add_form=add_form,
            # the page dates the chosen rule only
            snapshot=project.snapshots.first() if chosen_rule_label else None,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    if not access.can_act:
        return _forbidden(request, access)
    form = ProjectEditForm(request.POST or None, instance=access.project)
    if request.method == "POST":
        before = {name: getattr(access.project, name) for name in form.fields}
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            # The form wrote into the instance; the service compares with what was there.
            for name, value in before.items():
                setattr(access.project, name, value)
            try:
                services.project_update(
                    project=access.project,
                    user=request.user,
                    organisation=access.partner.organisation,
                    data=data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Projet enregistré."))
                return redirect(access.project)
    return render(request, "projects/edit.html", _context(access, "overview", form=form))


@login_required
@require_POST
def partner_add(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    if not access.can_act:
        return _forbidden(request, access)
    taken = access.project.partners.values("organisation_id")
    form = PartnerAddForm(
        request.POST, organisations=organisation_visible_list(request.user).exclude(pk__in=taken)
    )
    if not form.is_valid():
        messages.error(
            request, _("Choisissez un organisme du répertoire qui n'est pas déjà partenaire.")
        )
        return redirect(access.project)
    try:
        services.partner_add(
            project=access.project,
            organisation=form.cleaned_data["organisation"],
            user=request.user,
            actor=access.partner.organisation,
        )
    except ValidationError as error:
        messages.error(request, " ".join(_messages_from(error)))
    else:
        messages.success(
            request,
            _("%(name)s est invité au projet.") % {"name": form.cleaned_data["organisation"].name},
        )
    return redirect(access.project)


@login_required
@require_http_methods(["GET", "POST"])
def quantities(request: HttpRequest, project_id: int, partner_id: int) -> HttpResponse:
    """A partner's monthly quantities: its own members edit them, and the lead."""
    access = _access(request, project_id)
    partner = get_partner_for_member(access, partner_id)
    may_edit = access.can_act and (access.is_lead or partner.pk == access.partner.pk)
    if not may_edit:
        return _forbidden(request, access)
    form = QuantitiesForm(request.POST or None, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_quantities_update(
                partner=partner,
                months=form.months(),
                budget=form.cleaned_data["budget"],
                user=request.user,
                actor=access.partner.organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Quantités enregistrées : le calcul des coûts est à jour."))
            return redirect("projects:costs", access.project.pk)
    return render(
        request, "projects/quantities.html", _context(access, "costs", form=form, partner=partner)
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, project_id: int, code: str) -> HttpResponse:
    access = _access(request, project_id)
    if code not in StepCode.values:
        raise Http404
    step = access.project.steps.select_related("carried_by__organisation").filter(code=code).first()
    if step is None:
        raise Http404
    guide = STEP_BY_CODE[code]
    if request.method == "POST" and not access.can_act:
        return _forbidden(request, access)
    form = StepForm(request.POST or None, step=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(
                step=step,
                user=request.user,
                organisation=access.partner.organisation,
                status=form.cleaned_data["status"],
                due_date=form.cleaned_data["due_date"],
                carried_by=form.cleaned_data["carried_by"],
                checklist=form.ticks(len(guide.checklist)),
                deliverable_note=form.cleaned_data["deliverable_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Étape enregistrée."))
            return redirect(access.project)
    checklist = list(
        zip(guide.checklist, step.checklist + [False] * len(guide.checklist), strict=False)
    )
    return render(
        request,
        "projects/step.html",
        _context(
            access,
            "overview",
            step=step,
            guide=guide,
            form=form,
            checklist=checklist,
            guide_url=guide_section_url(guide, current_language()),
        ),
    )


@login_required
@require_GET
def governance(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    proposals = {
        d.payload.get("form"): d
        for d in access.project.decisions.filter(kind=DecisionKind.GOVERNANCE, status="open")
    }
    forms = [(f, GovernanceForm(f.code).label, proposals.get(f.code)) for f in FORMS]
    return render(
        request,
        "projects/governance.html",
        _context(access, "governance", forms=forms, decision_form=DecisionForm()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def risks(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    project = access.project
    if request.method == "POST" and not access.can_act:
        return _forbidden(request, access)
    form = RiskForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_create(
                project=project,
                user=request.user,
                organisation=access.partner.organisation,
                data={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Risque ajouté au registre."))
            return redirect("projects:risks", project.pk)
    register = sorted(
        project.risks.select_related("owner__organisation"), key=lambda r: -r.severity
    )
    return render(
        request, "projects/risks.html", _context(access, "risks", form=form, register=register)
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: HttpRequest, project_id: int, risk_id: int) -> HttpResponse:
    access = _access(request, project_id)
    risk = get_risk_for_member(access, risk_id)
    if not access.can_act:
        return _forbidden(request, access)
    original = {name: getattr(risk, name) for name in RiskForm.Meta.fields}
    form = RiskForm(request.POST or None, instance=risk, project=access.project)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in RiskForm.Meta.fields}
        for name, value in original.items():
            setattr(risk, name, value)
        try:
            services.risk_update(
                risk=risk, user=request.user, organisation=access.partner.organisation, data=data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Risque enregistré."))
            return redirect("projects:risks", access.project.pk)
    return render(
        request, "projects/risk-edit.html", _context(access, "risks", form=form, risk=risk)
    )


@login_required
@require_POST
def risk_delete(request: HttpRequest, project_id: int, risk_id: int) -> HttpResponse:
    access = _access(request, project_id)
    risk = get_risk_for_member(access, risk_id)
    if not access.can_act:
        return _forbidden(request, access)
    services.risk_delete(risk=risk, user=request.user, organisation=access.partner.organisation)
    messages.success(request, _("Risque retiré du registre."))
    return redirect("projects:risks", access.project.pk)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def costs(request: HttpRequest, project_id: int) -> HttpResponse:
    """The calculator: parameters, each key's shares, savings, the core check and a chart."""
    access = _access(request, project_id)
    project = access.project
    lang = current_language()
    if request.method == "POST":
        if not access.can_act:
            return _forbidden(request, access)
        form = CostParametersForm(request.POST)
        if form.is_valid():
            services.cost_parameters_update(
                project=project,
                values=form.cleaned_data,
                user=request.user,
                organisation=access.partner.organisation,
            )
            messages.success(request, _("Paramètres enregistrés."))
            if not request.htmx:
                return redirect("projects:costs", project.pk)
            form = CostParametersForm(initial=calculator.project_parameters(project))
    else:
        form = CostParametersForm(initial=calculator.project_parameters(project))
    calculation = calculator.calculate(project, lang=lang)
    open_rules = {
        d.payload.get("rule"): d
        for d in project.decisions.filter(kind=DecisionKind.RULE, status="open")
    }
    context = _context(
        access,
        "costs",
        form=form,
        calculation=calculation,
        chart=cost_chart(calculation, lang=lang, chosen=project.chosen_rule) if calculation else "",
        rules=[
            (
                check,
                open_rules.get(check.rule),
                [(r, r.shares[check.rule], r.savings[check.rule]) for r in calculation.rows],
            )
            for check in calculation.checks
        ]
        if calculation
        else [],
        snapshots=list(project.snapshots.all()[:10]),
        unit=project.category.unit,
        decision_form=DecisionForm(),
        defaults=calculator.default_parameters(project),
    )
    template = "projects/costs.html#calculator" if request.htmx else "projects/costs.html"
    return render(request, template, context)


@login_required
@require_GET
def history(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    entries = [
        (entry, describe(entry))
        for entry in access.project.history.select_related("user", "organisation")[:500]
    ]
    return render(request, "projects/history.html", _context(access, "history", entries=entries))


def _agreement_lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang") or current_language()
    return lang if lang in LANGUAGES else current_language()


@login_required
@require_GET
def agreement_pdf(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    lang = _agreement_lang(request)
    pdf = agreement_pdf_bytes(access.project, lang=lang, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{agreement_filename(access.project, "pdf", lang)}"'
    )
    return response


@login_required
@require_GET
def agreement_docx(request: HttpRequest, project_id: int) -> HttpResponse:
    access = _access(request, project_id)
    lang = _agreement_lang(request)
    response = HttpResponse(
        agreement_docx_bytes(access.project, lang=lang),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{agreement_filename(access.project, "docx", lang)}"'
    )
    return response
