"""A pooling project: partners, the shared resource, roadmap, decisions, risks, costs, history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualiser.diagnostic.models import Category, empty_months
from mutualiser.organisations.models import REMOVED_NAME, REMOVED_NAME_LABEL, Organisation

from .choices import (
    Answer,
    DecisionKind,
    DecisionStatus,
    GovernanceForm,
    Grade,
    PartnerRole,
    RiskKind,
    StepCode,
    StepStatus,
)

MAX_TEXT = 4000


class PoolingProject(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="projects", verbose_name=_("catégorie")
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    origin = models.CharField(_("origine"), max_length=200, blank=True)
    governance_form = models.CharField(
        _("forme de gouvernance"), max_length=20, choices=GovernanceForm.choices, blank=True
    )
    # The cost model's parameters as the partners edited them; empty: the category's figures.
    cost_parameters = models.JSONField(_("paramètres de coût"), default=dict, blank=True)
    chosen_rule = models.CharField(_("clé de répartition retenue"), max_length=20, blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    trial_end = models.DateField(_("fin de la période d'essai"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(_("démo"), default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("projet de mutualisation")
        verbose_name_plural = _("projets de mutualisation")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def partner_list(self) -> list[ProjectPartner]:
        """The partners with their organisations, lead first: the ones a page prefetched
        (`selectors.get_project_for_member`), else one query."""
        if "partners" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.partners.all())
        return list(self.partners.select_related("organisation"))

    def current_step(self) -> ProjectStep | None:
        """The step in progress, else the first one not done (uses prefetched steps)."""
        steps = list(self.steps.all())
        doing = [s for s in steps if s.status == StepStatus.DOING]
        return doing[0] if doing else next((s for s in steps if s.status != StepStatus.DONE), None)


class ProjectPartner(models.Model):
    project = models.ForeignKey(PoolingProject, on_delete=models.CASCADE, related_name="partners")
    # PROTECT: an organisation leaves a project through privacy.services.organisation_delete,
    # which keeps the row (anonymised) while other partners still need its decisions; a plain
    # delete (the admin) would take their decisions and answers with it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_partners"
    )
    role = models.CharField(
        _("rôle"), max_length=10, choices=PartnerRole.choices, default=PartnerRole.MEMBER
    )
    months = models.JSONField(_("quantités mensuelles"), default=empty_months)
    budget = models.FloatField(_("budget annuel ($)"), null=True, blank=True)
    joined_at = models.DateTimeField(_("depuis"), auto_now_add=True)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["project", "role", "organisation__name"]  # "lead" sorts before "member"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="one_partner_per_org_and_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_role_display()}"

    @property
    def yearly_use(self) -> float:
        return float(sum(self.months))


class ProjectStep(models.Model):
    project = models.ForeignKey(PoolingProject, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(_("étape"), max_length=20, choices=StepCode.choices)
    order = models.PositiveSmallIntegerField(_("ordre"))
    status = models.CharField(
        _("état"), max_length=12, choices=StepStatus.choices, default=StepStatus.TODO
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    carried_by = models.ForeignKey(
        ProjectPartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("porté par"),
    )
    checklist = models.JSONField(_("liste de contrôle"), default=list, blank=True)
    deliverable_note = models.TextField(_("livrable"), blank=True, max_length=MAX_TEXT)
    done_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    due_notified_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="one_step_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_code_display()}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_date is not None
            and self.status != StepStatus.DONE
            and self.due_date < timezone.localdate()
        )


class Risk(models.Model):
    project = models.ForeignKey(PoolingProject, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("nature"), max_length=12, choices=RiskKind.choices)
    description = models.TextField(_("description"), max_length=MAX_TEXT)
    likelihood = models.CharField(_("probabilité"), max_length=8, choices=Grade.choices)
    impact = models.CharField(_("impact"), max_length=8, choices=Grade.choices)
    mitigation = models.TextField(_("mesure d'atténuation"), blank=True, max_length=MAX_TEXT)
    owner = models.ForeignKey(
        ProjectPartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("qui s'en occupe"),
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("risque")
        verbose_name_plural = _("risques")
        ordering = ["project", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.description[:60]}"

    @property
    def severity(self) -> int:
        """1 (low × low) to 9 (high × high): the register is read by severity."""
        rank = {Grade.LOW: 1, Grade.MEDIUM: 2, Grade.HIGH: 3}
        return rank[self.likelihood] * rank[self.impact]


class Decision(models.Model):
    project = models.ForeignKey(PoolingProject, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(
        _("type"), max_length=12, choices=DecisionKind.choices, default=DecisionKind.GENERAL
    )
    title = models.CharField(_("proposition"), max_length=200)
    text = models.TextField(_("explication"), blank=True, max_length=MAX_TEXT)
    # What an adopted decision applies: {"rule": "shapley"}, {"form": "agreement"},
    # {"outcome": "adjust", "evaluation": 3}.
    payload = models.JSONField(default=dict, blank=True)
    proposed_by = models.ForeignKey(
        ProjectPartner,
        on_delete=models.CASCADE,
        related_name="decisions_proposed",
        verbose_name=_("proposée par"),
    )
    proposed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closes_at = models.DateTimeField(_("date de clôture"))
    status = models.CharField(
        _("état"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["project", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:decision", args=[self.project_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN


class DecisionAnswer(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="answers")
    partner = models.ForeignKey(ProjectPartner, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("réponse"), max_length=10, choices=Answer.choices)
    reason = models.TextField(_("raison"), blank=True, max_length=MAX_TEXT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("répondu le"), default=timezone.now)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["decision", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "partner"], name="one_answer_per_partner_and_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner.organisation} · {self.get_answer_display()}"


class AllocationSnapshot(models.Model):
    """The cost-sharing key chosen by a decision, with its figures on that day."""

    project = models.ForeignKey(PoolingProject, on_delete=models.CASCADE, related_name="snapshots")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="snapshots"
    )
    rule = models.CharField(_("clé"), max_length=20)
    cost = models.FloatField(_("coût annuel ($)"))
    parameters = models.JSONField(_("paramètres"), default=dict)
    # [{"organisation": name, "share": $, "standalone": $, "savings": $}, ...]
    shares = models.JSONField(_("parts"), default=list)
    in_core = models.BooleanField(_("dans le cœur"), default=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("répartition retenue")
        verbose_name_plural = _("répartitions retenues")
        ordering = ["project", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} · {self.rule} · {self.created_at:%Y-%m-%d}"

    @property
    def share_rows(self) -> list[dict]:
        """The shares as stored, a deleted organisation's name in the reader's language."""
        return [
            {**row, "organisation": str(REMOVED_NAME_LABEL)}
            if isinstance(row, dict) and row.get("organisation") == REMOVED_NAME
            else row
            for row in self.shares
        ]


class Evaluation(models.Model):
    """The end of the trial: use against plan, cost against estimate, satisfaction."""

    project = models.ForeignKey(
        PoolingProject, on_delete=models.CASCADE, related_name="evaluations"
    )
    actual_cost = models.FloatField(_("coût réel de l'année ($)"), null=True, blank=True)
    estimated_cost = models.FloatField(_("coût estimé ($)"), null=True, blank=True)
    note = models.TextField(_("bilan"), blank=True, max_length=MAX_TEXT)
    outcome = models.CharField(_("décision"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["project", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} · {self.created_at:%Y-%m-%d}"


class EvaluationPartner(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="rows")
    partner = models.ForeignKey(
        ProjectPartner, on_delete=models.CASCADE, related_name="evaluation_rows"
    )
    planned_use = models.FloatField(_("usage prévu"))
    actual_use = models.FloatField(_("usage réel"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1 à 5)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("indicateur d'un partenaire")
        verbose_name_plural = _("indicateurs des partenaires")
        ordering = ["evaluation", "partner__organisation__name"]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.partner.organisation}"


class HistoryEntry(models.Model):
    """One change in a project: `action` is an id of history.ACTIONS, rendered on reading."""

    project = models.ForeignKey(PoolingProject, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("action"), max_length=40)
    params = models.JSONField(default=dict, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("changement")
        verbose_name_plural = _("historique")
        ordering = ["project", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} · {self.action} · {self.at:%Y-%m-%d %H:%M}"
