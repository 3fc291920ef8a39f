"""Business actions on pooling projects; every change is written to the project's history."""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutualiser.diagnostic.models import MAX_MONTHLY_QUANTITY, Category, Direction, InventoryItem
from mutualiser.engine.costmodel import MONTHS
from mutualiser.organisations.models import Organisation
from mutualiser.words import formats
from mutualiser.words.language import current_language

from . import calculator
from .choices import (
    Answer,
    DecisionKind,
    DecisionStatus,
    GovernanceForm,
    Outcome,
    PartnerRole,
    StepStatus,
)
from .history import record
from .knowledge import STEP_BY_CODE, STEPS
from .models import (
    MAX_TEXT,
    AllocationSnapshot,
    Decision,
    DecisionAnswer,
    Evaluation,
    EvaluationPartner,
    PoolingProject,
    ProjectPartner,
    ProjectStep,
    Risk,
)
from .notify import project_notify

MAX_PARTNERS = 16  # the calculator's exact Shapley value and core check stay instant
MAX_DECISION_DAYS = 366


def _clean_months(months: Sequence[object] | None) -> list[float]:
    if months is None:
        return [0.0] * MONTHS
    values = list(months)
    if len(values) != MONTHS:
        raise ValidationError(_("Il faut 12 valeurs mensuelles."), code="months_length")
    clean = []
    for value in values:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValidationError(
                _("Chaque mois doit être un nombre."), code="months_type"
            ) from None
        if not math.isfinite(number) or number < 0 or number > MAX_MONTHLY_QUANTITY:
            raise ValidationError(
                _("Chaque quantité mensuelle doit être entre 0 et %(max)s.")
                % {"max": formats.integer(MAX_MONTHLY_QUANTITY, current_language())},
                code="months_range",
            )
        clean.append(number)
    return clean


def _months_from_inventory(organisation: Organisation, category: Category) -> list[float]:
    """The organisation's declared needs in the category, summed month by month."""
    total = [0.0] * MONTHS
    items = InventoryItem.objects.filter(
        organisation=organisation, category=category, direction=Direction.NEED
    )
    for item in items:
        for month, quantity in enumerate(item.months or []):
            if month < MONTHS:
                total[month] += float(quantity or 0)
    return total


def _create_steps(project: PoolingProject, start: datetime.date) -> None:
    due = start
    steps = []
    for order, guide in enumerate(STEPS, start=1):
        due = due + datetime.timedelta(days=guide.days)
        steps.append(
            ProjectStep(
                project=project,
                code=guide.code,
                order=order,
                status=StepStatus.DOING if order == 1 else StepStatus.TODO,
                due_date=due,
                checklist=[False] * len(guide.checklist),
            )
        )
    ProjectStep.objects.bulk_create(steps)


@transaction.atomic
def _months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def project_create(
    *,
    created_by,
    lead: Organisation,
    partners: Iterable[Organisation],
    category: Category,
    title: str,
    months_by_partner: Mapping[int, Sequence[float]] | None = None,
    place: str = "",
    origin: str = "",
    trial_months: int | None = None,
) -> PoolingProject:
    """A project led by `lead` with the other partners, its roadmap and its first history line.

    `trial_months` (from an accepted request's first step) sets the trial's end that many
    months after today.

    `months_by_partner` maps an organisation's id to its 12 monthly quantities; a partner
    without one starts from its inventory's needs in the category (zeros when none). Callers
    (an accepted request, an opportunity, the form) check that `created_by` may act for the
    lead and see the partners; this checks the figures.
    """
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Donnez un titre au projet."), code="title")
    if len(title) > 200:
        raise ValidationError(_("Le titre tient en 200 caractères au plus."), code="title_long")
    if len(place) > 200 or len(origin) > 200:
        raise ValidationError(_("Le lieu tient en 200 caractères au plus."), code="place_long")
    others = [o for o in dict.fromkeys(partners) if o.pk != lead.pk]
    if not others:
        raise ValidationError(_("Choisissez au moins un organisme partenaire."), code="partners")
    if len(others) + 1 > MAX_PARTNERS:
        raise ValidationError(
            _("Un projet réunit au plus %(max)s organismes.") % {"max": MAX_PARTNERS},
            code="too_many_partners",
        )
    months_by_partner = months_by_partner or {}
    cleaned = {org_id: _clean_months(months) for org_id, months in months_by_partner.items()}
    project = PoolingProject.objects.create(
        title=title,
        category=category,
        place=place.strip(),
        origin=origin.strip(),
        created_by=created_by,
        start_date=timezone.localdate(),
        trial_end=_months_later(timezone.localdate(), trial_months) if trial_months else None,
    )
    rows = [
        ProjectPartner(
            project=project,
            organisation=organisation,
            role=PartnerRole.LEAD if organisation.pk == lead.pk else PartnerRole.MEMBER,
            months=cleaned.get(organisation.pk) or _months_from_inventory(organisation, category),
        )
        for organisation in [lead, *others]
    ]
    ProjectPartner.objects.bulk_create(rows)
    _create_steps(project, project.start_date)
    record(project, "project.created", user=created_by, organisation=lead, title=title)
    for organisation in others:
        record(project, "partner.added", user=created_by, organisation=lead, name=organisation.name)
    return project


def _changed(instance, data: Mapping[str, object]) -> list[str]:
    fields = [name for name, value in data.items() if getattr(instance, name) != value]
    for name in fields:
        setattr(instance, name, data[name])
    return fields


@transaction.atomic
def project_update(
    *, project: PoolingProject, user, organisation: Organisation, data: Mapping[str, object]
) -> PoolingProject:
    """Title, place, dates (and the category, which resets nothing: quantities stay)."""
    allowed = {"title", "place", "category", "start_date", "trial_end"}
    data = {key: value for key, value in data.items() if key in allowed}
    start, end = (
        data.get("start_date", project.start_date),
        data.get("trial_end", project.trial_end),
    )
    if start and end and end < start:
        raise ValidationError(
            _("La fin de l'essai vient après le début du projet."), code="dates_order"
        )
    fields = _changed(project, data)
    if fields:
        project.save(update_fields=[*fields, "updated_at"])
        labels = [str(PoolingProject._meta.get_field(name).verbose_name) for name in fields]
        record(
            project,
            "project.updated",
            user=user,
            organisation=organisation,
            fields=", ".join(labels),
        )
    return project


@transaction.atomic
def partner_add(
    *, project: PoolingProject, organisation: Organisation, user, actor: Organisation
) -> ProjectPartner:
    if project.partners.filter(organisation=organisation).exists():
        raise ValidationError(_("Cet organisme est déjà partenaire du projet."), code="already")
    if project.partners.count() >= MAX_PARTNERS:
        raise ValidationError(
            _("Un projet réunit au plus %(max)s organismes.") % {"max": MAX_PARTNERS},
            code="too_many_partners",
        )
    partner = ProjectPartner.objects.create(
        project=project,
        organisation=organisation,
        months=_months_from_inventory(organisation, project.category),
    )
    record(project, "partner.added", user=user, organisation=actor, name=organisation.name)
    project.save(update_fields=["updated_at"])
    return partner


@transaction.atomic
def partner_quantities_update(
    *, partner: ProjectPartner, months: Sequence[object], budget: float | None, user, actor
) -> ProjectPartner:
    months = _clean_months(months)
    if budget is not None and (not math.isfinite(budget) or not 0 <= budget <= 1e10):
        raise ValidationError(_("Le budget doit être un montant positif."), code="budget")
    partner.months = months
    partner.budget = budget
    partner.save(update_fields=["months", "budget"])
    lang = current_language()
    record(
        partner.project,
        "partner.quantities",
        user=user,
        organisation=actor,
        name=partner.organisation.name,
        total=formats.number(sum(months), lang, 0),
    )
    partner.project.save(update_fields=["updated_at"])
    return partner


@transaction.atomic
def step_update(
    *,
    step: ProjectStep,
    user,
    organisation: Organisation,
    status: str,
    due_date: datetime.date | None,
    carried_by: ProjectPartner | None,
    checklist: Sequence[bool],
    deliverable_note: str = "",
) -> ProjectStep:
    if status not in StepStatus.values:
        raise ValidationError(_("État inconnu."), code="status")
    if carried_by is not None and carried_by.project_id != step.project_id:
        raise ValidationError(_("Choisissez un partenaire du projet."), code="carrier")
    if len(deliverable_note) > MAX_TEXT:
        raise ValidationError(_("Le texte est trop long."), code="too_long")
    length = len(STEP_BY_CODE[step.code].checklist)
    ticks = [bool(tick) for tick in list(checklist)[:length]]
    ticks += [False] * (length - len(ticks))
    was = step.status
    if due_date != step.due_date:
        step.due_notified_on = None
    step.status = status
    step.due_date = due_date
    step.carried_by = carried_by
    step.checklist = ticks
    step.deliverable_note = deliverable_note
    if status == StepStatus.DONE and was != StepStatus.DONE:
        step.done_at = timezone.now()
    elif status != StepStatus.DONE:
        step.done_at = None
    step.save()
    record(
        step.project,
        "step.updated",
        user=user,
        organisation=organisation,
        step=step.get_code_display(),
        status=step.get_status_display(),
    )
    if status == StepStatus.DONE:
        following = step.project.steps.filter(order__gt=step.order, status=StepStatus.TODO).first()
        if (
            following is not None
            and not step.project.steps.filter(status=StepStatus.DOING).exists()
        ):
            following.status = StepStatus.DOING
            following.save(update_fields=["status"])
    step.project.save(update_fields=["updated_at"])
    return step


def current_step(project: PoolingProject) -> ProjectStep | None:
    """The step in progress, else the first one not done."""
    return project.current_step()


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _check_risk_owner(project: PoolingProject, owner: ProjectPartner | None) -> None:
    if owner is not None and owner.project_id != project.pk:
        raise ValidationError(_("Choisissez un partenaire du projet."), code="owner")


@transaction.atomic
def risk_create(*, project: PoolingProject, user, organisation, data: Mapping[str, object]) -> Risk:
    _check_risk_owner(project, data.get("owner"))  # type: ignore[arg-type]
    risk = Risk(project=project, **data)
    risk.full_clean()
    risk.save()
    record(
        project,
        "risk.added",
        user=user,
        organisation=organisation,
        kind=risk.get_kind_display(),
        description=_short(risk.description),
    )
    project.save(update_fields=["updated_at"])
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, user, organisation, data: Mapping[str, object]) -> Risk:
    _check_risk_owner(risk.project, data.get("owner"))  # type: ignore[arg-type]
    fields = _changed(risk, data)
    risk.full_clean()
    if fields:
        risk.save(update_fields=fields)
        record(
            risk.project,
            "risk.updated",
            user=user,
            organisation=organisation,
            kind=risk.get_kind_display(),
            description=_short(risk.description),
        )
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk, user, organisation) -> None:
    record(
        risk.project,
        "risk.deleted",
        user=user,
        organisation=organisation,
        kind=risk.get_kind_display(),
        description=_short(risk.description),
    )
    risk.delete()


@transaction.atomic
def cost_parameters_update(
    *, project: PoolingProject, values: Mapping[str, float], user, organisation
) -> PoolingProject:
    clean = {}
    for key, value in values.items():
        if key not in calculator.PARAMETER_BOUNDS:
            continue
        low, high = calculator.PARAMETER_BOUNDS[key]
        number = float(value)
        if not math.isfinite(number) or not low <= number <= high:
            raise ValidationError(
                _("Valeur hors des bornes pour « %(field)s ».") % {"field": key}, code="bounds"
            )
        clean[key] = number
    project.cost_parameters = {**(project.cost_parameters or {}), **clean}
    project.save(update_fields=["cost_parameters", "updated_at"])
    record(project, "costs.updated", user=user, organisation=organisation)
    return project


# ----- decisions ----------------------------------------------------------------------------


@transaction.atomic
def decision_propose(
    *,
    project: PoolingProject,
    partner: ProjectPartner,
    user,
    title: str,
    closes_at: datetime.datetime,
    text: str = "",
    kind: str = DecisionKind.GENERAL,
    payload: Mapping[str, object] | None = None,
) -> Decision:
    """A partner's proposal; every partner organisation answers before `closes_at`."""
    title = (title or "").strip()
    now = timezone.now()
    if partner.project_id != project.pk:
        raise ValidationError(_("Seul un partenaire du projet peut proposer."), code="partner")
    if not title:
        raise ValidationError(_("Écrivez la proposition."), code="title")
    if len(title) > 200 or len(text) > MAX_TEXT:
        raise ValidationError(_("Le texte est trop long."), code="too_long")
    if closes_at <= now:
        raise ValidationError(_("La date de clôture doit être dans le futur."), code="past")
    if closes_at > now + datetime.timedelta(days=MAX_DECISION_DAYS):
        raise ValidationError(_("La date de clôture tient dans l'année qui vient."), code="far")
    if kind not in DecisionKind.values:
        raise ValidationError(_("Type de décision inconnu."), code="kind")
    payload = dict(payload or {})
    if kind == DecisionKind.RULE and payload.get("rule") not in calculator.RULE_LABELS:
        raise ValidationError(_("Clé de répartition inconnue."), code="rule")
    if kind == DecisionKind.GOVERNANCE and payload.get("form") not in GovernanceForm.values:
        raise ValidationError(_("Forme de gouvernance inconnue."), code="form")
    if kind == DecisionKind.EVALUATION and payload.get("outcome") not in Outcome.values:
        raise ValidationError(_("Choisissez renouveler, ajuster ou sortir."), code="outcome")
    decision = Decision.objects.create(
        project=project,
        kind=kind,
        title=title,
        text=text.strip(),
        payload=payload,
        proposed_by=partner,
        proposed_by_user=user,
        closes_at=closes_at,
    )
    record(
        project,
        "decision.proposed",
        user=user,
        organisation=partner.organisation,
        title=title,
        closes=formats.date(closes_at.date(), current_language()),
    )
    project.save(update_fields=["updated_at"])
    project_notify(project=project, kind="decision_proposed", decision=decision, actor=user)
    return decision


def decision_outcome(decision: Decision) -> str:
    """Blocked by one block; adopted when agreements outnumber disagreements; else rejected.

    Abstentions, and partners who did not answer, count for neither side.
    """
    answers = [a.answer for a in decision.answers.all()]
    if Answer.BLOCK in answers:
        return DecisionStatus.BLOCKED
    agree = answers.count(Answer.AGREE)
    if agree > 0 and agree > answers.count(Answer.DISAGREE):
        return DecisionStatus.ADOPTED
    return DecisionStatus.REJECTED


@transaction.atomic
def decision_close(*, decision: Decision, user=None) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_open:
        return decision
    decision.status = decision_outcome(decision)
    decision.closed_at = timezone.now()
    decision.save(update_fields=["status", "closed_at"])
    project = decision.project
    record(
        project,
        "decision.closed",
        user=user,
        organisation=None,
        title=decision.title,
        status=decision.get_status_display(),
    )
    if decision.status == DecisionStatus.ADOPTED:
        _apply(decision, user)
    project.save(update_fields=["updated_at"])
    project_notify(project=project, kind="decision_closed", decision=decision)
    return decision


def _apply(decision: Decision, user) -> None:
    project = decision.project
    payload = decision.payload or {}
    if decision.kind == DecisionKind.RULE:
        rule = str(payload.get("rule"))
        calculation = calculator.calculate(project, lang=current_language())
        project.chosen_rule = rule
        project.save(update_fields=["chosen_rule"])
        if calculation is not None:
            AllocationSnapshot.objects.create(
                project=project, decision=decision, **calculator.snapshot_figures(calculation, rule)
            )
        record(project, "rule.chosen", user=user, rule=calculator.RULE_LABELS[rule])
    elif decision.kind == DecisionKind.GOVERNANCE:
        project.governance_form = str(payload.get("form"))
        project.save(update_fields=["governance_form"])
        record(project, "governance.chosen", user=user, form=project.get_governance_form_display())
    elif decision.kind == DecisionKind.EVALUATION:
        outcome = str(payload.get("outcome"))
        evaluation = project.evaluations.filter(pk=payload.get("evaluation")).first()
        if evaluation is not None:
            evaluation.outcome = outcome
            evaluation.save(update_fields=["outcome"])
        record(project, "evaluation.outcome", user=user, outcome=Outcome(outcome).label)
        if outcome == Outcome.ADJUST:
            # Adjusting reopens the cost-sharing: the partners choose a key again.
            project.chosen_rule = ""
            project.save(update_fields=["chosen_rule"])
            project.steps.filter(code="rules").update(status=StepStatus.DOING, done_at=None)
            record(project, "costsharing.reopened", user=user)
        elif outcome == Outcome.RENEW and project.trial_end is not None:
            project.trial_end = project.trial_end + datetime.timedelta(days=365)
            project.save(update_fields=["trial_end"])


def decision_answer(
    *, decision: Decision, partner: ProjectPartner, user, answer: str, reason: str = ""
) -> Decision:
    """One answer per partner organisation, which it may change until the decision closes.

    A block closes the decision at once; so does the last partner's answer.
    """
    reason = (reason or "").strip()
    if partner.project_id != decision.project_id:
        raise ValidationError(_("Seul un partenaire du projet peut répondre."), code="partner")
    if answer not in Answer.values:
        raise ValidationError(_("Choisissez une réponse."), code="answer")
    if len(reason) > MAX_TEXT:
        raise ValidationError(_("Le texte est trop long."), code="too_long")
    if answer in (Answer.BLOCK, Answer.DISAGREE) and not reason:
        raise ValidationError(
            _("Dites pourquoi : les autres partenaires en ont besoin pour reformuler."),
            code="reason",
        )
    decision = Decision.objects.get(pk=decision.pk)
    if decision.is_open and decision.closes_at <= timezone.now():
        decision_close(decision=decision)  # committed even though the answer is refused
    with transaction.atomic():
        return _answer(decision, partner, user, answer, reason)


def _answer(
    decision: Decision, partner: ProjectPartner, user, answer: str, reason: str
) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_open:
        raise ValidationError(
            _("Cette décision est close : les réponses ne sont plus reçues."), code="closed"
        )
    DecisionAnswer.objects.update_or_create(
        decision=decision,
        partner=partner,
        defaults={
            "answer": answer,
            "reason": reason,
            "answered_by": user,
            "answered_at": timezone.now(),
        },
    )
    record(
        decision.project,
        "decision.answered",
        user=user,
        organisation=partner.organisation,
        name=partner.organisation.name,
        answer=Answer(answer).label,
        title=decision.title,
    )
    answered = decision.answers.count()
    if answer == Answer.BLOCK or answered >= decision.project.partners.count():
        decision_close(decision=decision, user=user)
    decision.refresh_from_db()
    return decision


def decisions_close_due(*, project: PoolingProject | None = None) -> int:
    """Close every open decision whose closing date has passed; how many were closed."""
    due = Decision.objects.filter(status=DecisionStatus.OPEN, closes_at__lte=timezone.now())
    if project is not None:
        due = due.filter(project=project)
    count = 0
    for decision in due:
        decision_close(decision=decision)
        count += 1
    return count


# ----- evaluation ---------------------------------------------------------------------------


@transaction.atomic
def evaluation_record(
    *,
    project: PoolingProject,
    user,
    organisation,
    actual_cost: float | None,
    note: str,
    rows: Mapping[int, tuple[float | None, int | None]],
) -> Evaluation:
    """The trial's indicators: each partner's actual use and satisfaction, the actual cost."""
    if actual_cost is not None and (not math.isfinite(actual_cost) or not 0 <= actual_cost <= 1e10):
        raise ValidationError(_("Le coût réel doit être un montant positif."), code="cost")
    if len(note) > MAX_TEXT:
        raise ValidationError(_("Le texte est trop long."), code="too_long")
    partners = {p.pk: p for p in project.partners.all()}
    for partner_id, (use, satisfaction) in rows.items():
        if partner_id not in partners:
            raise ValidationError(_("Choisissez un partenaire du projet."), code="partner")
        if use is not None and (
            not math.isfinite(use) or not 0 <= use <= MAX_MONTHLY_QUANTITY * 12
        ):
            raise ValidationError(_("L'usage réel doit être une quantité positive."), code="use")
        if satisfaction is not None and not 1 <= satisfaction <= 5:
            raise ValidationError(_("La satisfaction va de 1 à 5."), code="satisfaction")
    calculation = calculator.calculate(project, lang=current_language())
    evaluation = Evaluation.objects.create(
        project=project,
        actual_cost=actual_cost,
        estimated_cost=calculation.cost if calculation else None,
        note=note.strip(),
        created_by=user,
    )
    EvaluationPartner.objects.bulk_create(
        [
            EvaluationPartner(
                evaluation=evaluation,
                partner=partner,
                planned_use=partner.yearly_use,
                actual_use=rows.get(pk, (None, None))[0],
                satisfaction=rows.get(pk, (None, None))[1],
            )
            for pk, partner in partners.items()
        ]
    )
    record(project, "evaluation.recorded", user=user, organisation=organisation)
    project.save(update_fields=["updated_at"])
    return evaluation


def step_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell partners about steps due today or late, once per due date."""
    today = today or timezone.localdate()
    due = ProjectStep.objects.filter(due_date__lte=today).exclude(status=StepStatus.DONE)
    due = due.select_related("project")
    count = 0
    for step in due:
        if step.due_notified_on is not None and step.due_notified_on >= step.due_date:
            continue
        with transaction.atomic():
            step.due_notified_on = today
            step.save(update_fields=["due_notified_on"])
            project_notify(project=step.project, kind="step_due", step=step)
        count += 1
    return count
