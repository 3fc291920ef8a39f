"""Forms of the projects pages: every bound is checked here, with a message in words."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mutualiser.diagnostic.models import MAX_MONTHLY_QUANTITY, Category
from mutualiser.organisations.models import Organisation
from mutualiser.words.forms import PlainLabelsMixin

from .calculator import PARAMETER_BOUNDS, RULE_LABELS
from .choices import Answer, GovernanceForm, Outcome, StepStatus
from .knowledge import STEP_BY_CODE
from .models import MAX_TEXT, PoolingProject, ProjectPartner, ProjectStep, Risk
from .services import MAX_DECISION_DAYS, MAX_PARTNERS

MONTH_LABELS = (
    _("janv."), _("févr."), _("mars"), _("avr."), _("mai"), _("juin"),
    _("juil."), _("août"), _("sept."), _("oct."), _("nov."), _("déc."),
)  # fmt: skip


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectCreateForm(PlainLabelsMixin, forms.Form):
    title = forms.CharField(label=_("Titre du projet"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Ce que vous partagez"),
        queryset=Category.objects.select_related("family"),
        help_text=_("La catégorie fixe l'unité et les chiffres de départ du calcul des coûts."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Organismes partenaires"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Parmi les organismes visibles dans le répertoire."),
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)

    def __init__(self, *args, partners_queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners_queryset
        self.fields["category"].label_from_instance = lambda c: c.label

    def clean_partners(self):
        partners = self.cleaned_data["partners"]
        if len(partners) + 1 > MAX_PARTNERS:
            raise forms.ValidationError(
                _("Un projet réunit au plus %(max)s organismes."),
                code="too_many_partners",
                params={"max": MAX_PARTNERS},
            )
        return partners


class ProjectEditForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = PoolingProject
        fields = ["title", "place", "start_date", "trial_end"]
        widgets = {"start_date": DateInput(), "trial_end": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("trial_end")
        if start and end and end < start:
            self.add_error("trial_end", _("La fin de l'essai vient après le début du projet."))
        return data


class PartnerAddForm(PlainLabelsMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Inviter un organisme du répertoire"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def options(self):
        """(id, name) of each organisation offered: the page writes the options itself, as
        the select widget's template per option costs about 0.2 ms and the directory grows."""
        return self.fields["organisation"].queryset.values_list("pk", "name")


class QuantitiesForm(PlainLabelsMixin, forms.Form):
    budget = forms.FloatField(
        label=_("Budget annuel ($)"),
        required=False,
        min_value=0,
        max_value=1e10,
        help_text=_("Pour la clé « au budget » ; vide : le milieu de la tranche du profil."),
    )

    def __init__(self, *args, partner: ProjectPartner, **kwargs) -> None:
        initial = {f"m{i}": q for i, q in enumerate(partner.months, start=1)}
        initial["budget"] = partner.budget
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for i, label in enumerate(MONTH_LABELS, start=1):
            self.fields[f"m{i}"] = forms.FloatField(
                label=label,
                min_value=0,
                max_value=MAX_MONTHLY_QUANTITY,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )

    def months(self) -> list[float]:
        return [self.cleaned_data[f"m{i}"] for i in range(1, 13)]


class StepForm(PlainLabelsMixin, forms.Form):
    status = forms.ChoiceField(label=_("État"), choices=StepStatus.choices)
    due_date = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())
    carried_by = forms.ModelChoiceField(
        label=_("Porté par"), queryset=ProjectPartner.objects.none(), required=False
    )
    checklist = forms.TypedMultipleChoiceField(
        label=_("Liste de contrôle"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deliverable_note = forms.CharField(
        label=_("Livrable (lien ou note)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, step: ProjectStep, **kwargs) -> None:
        guide = STEP_BY_CODE[step.code]
        kwargs.setdefault(
            "initial",
            {
                "status": step.status,
                "due_date": step.due_date,
                "carried_by": step.carried_by_id,
                "checklist": [i for i, done in enumerate(step.checklist) if done],
                "deliverable_note": step.deliverable_note,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["carried_by"].queryset = step.project.partners.select_related("organisation")
        self.fields["carried_by"].label_from_instance = lambda p: p.organisation.name
        self.fields["checklist"].choices = list(enumerate(guide.checklist))

    def ticks(self, length: int) -> list[bool]:
        chosen = set(self.cleaned_data.get("checklist") or [])
        return [i in chosen for i in range(length)]


class RiskForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["kind", "description", "likelihood", "impact", "mitigation", "owner"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, project: PoolingProject, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = project.partners.select_related("organisation")
        self.fields["owner"].label_from_instance = lambda p: p.organisation.name
        self.fields["description"].max_length = MAX_TEXT


PARAMETER_LABELS = {
    "standalone_rate": (
        _("Tarif seul ($ par unité)"),
        _("Ce que coûte une unité achetée seul, par exemple une heure de pigiste."),
    ),
    "salary": (
        _("Salaire et charges ($ par mois)"),
        _("Le coût mensuel d'une ressource partagée : salaire brut et charges sociales, ou loyer."),
    ),
    "overheads_percent": (
        _("Frais généraux (%)"),
        _("Ajoutés au salaire et aux charges : gestion, outils, locaux."),
    ),
    "unit_capacity": (
        _("Capacité d'une ressource (unités par mois)"),
        _("Par exemple 140 heures pour un temps plein."),
    ),
    "min_fraction": (
        _("Fraction minimale (0 à 1)"),
        _("La plus petite part viable d'une ressource : 0,4 pour un poste à 40 %."),
    ),
    "member_overhead": (
        _("Coordination ($ par partenaire et par mois)"),
        _("Le temps passé à se coordonner, pour chaque partenaire."),
    ),
    "fixed_share_percent": (
        _("Part fixe de la clé fixe et variable (%)"),
        _("Répartie à parts égales ; le reste suit l'usage."),
    ),
}


class CostParametersForm(PlainLabelsMixin, forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, (low, high) in PARAMETER_BOUNDS.items():
            label, help_text = PARAMETER_LABELS[key]
            self.fields[key] = forms.FloatField(
                label=label,
                help_text=help_text,
                min_value=low,
                max_value=high,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )


def _default_closing() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=14)


class DecisionForm(PlainLabelsMixin, forms.Form):
    title = forms.CharField(label=_("Proposition"), max_length=200)
    text = forms.CharField(
        label=_("Explication"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closes_on = forms.DateField(
        label=_("Réponses jusqu'au"),
        widget=DateInput(),
        initial=_default_closing,
        help_text=_(
            "La décision se clôt ce jour-là à minuit, ou plus tôt quand tous ont répondu "
            "ou qu'un partenaire bloque."
        ),
    )
    kind = forms.ChoiceField(
        choices=[("general", ""), ("rule", ""), ("governance", ""), ("evaluation", "")],
        initial="general",
        widget=forms.HiddenInput,
    )
    rule = forms.ChoiceField(
        choices=[("", "")] + list(RULE_LABELS.items()), required=False, widget=forms.HiddenInput
    )
    form = forms.ChoiceField(
        choices=[("", "")] + list(GovernanceForm.choices), required=False, widget=forms.HiddenInput
    )
    outcome = forms.ChoiceField(
        label=_("Suite proposée"), choices=[("", "")] + list(Outcome.choices), required=False
    )
    evaluation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_closes_on(self):
        day = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(
                _("La date de clôture doit être dans le futur."), code="past"
            )
        if day > today + datetime.timedelta(days=MAX_DECISION_DAYS - 1):
            raise forms.ValidationError(
                _("La date de clôture tient dans l'année qui vient."), code="far"
            )
        return day

    def closes_at(self) -> datetime.datetime:
        day = self.cleaned_data["closes_on"] + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def payload(self) -> dict:
        kind = self.cleaned_data["kind"]
        if kind == "rule":
            return {"rule": self.cleaned_data.get("rule")}
        if kind == "governance":
            return {"form": self.cleaned_data.get("form")}
        if kind == "evaluation":
            return {
                "outcome": self.cleaned_data.get("outcome"),
                "evaluation": self.cleaned_data.get("evaluation"),
            }
        return {}


class AnswerForm(PlainLabelsMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Votre réponse"), choices=Answer.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Raison"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Obligatoire pour « pas d'accord » et « blocage »."),
    )


class EvaluationForm(PlainLabelsMixin, forms.Form):
    actual_cost = forms.FloatField(
        label=_("Coût réel sur l'année ($)"), required=False, min_value=0, max_value=1e10
    )
    note = forms.CharField(
        label=_("Bilan"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, partners: list[ProjectPartner], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partners = partners
        for partner in partners:
            self.fields[f"use_{partner.pk}"] = forms.FloatField(
                label=_("Usage réel sur l'année"),
                required=False,
                min_value=0,
                max_value=MAX_MONTHLY_QUANTITY * 12,
            )
            self.fields[f"satisfaction_{partner.pk}"] = forms.TypedChoiceField(
                label=_("Satisfaction (1 à 5)"),
                choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
                coerce=int,
                empty_value=None,
                required=False,
            )

    def rows(self) -> dict[int, tuple[float | None, int | None]]:
        return {
            p.pk: (
                self.cleaned_data.get(f"use_{p.pk}"),
                self.cleaned_data.get(f"satisfaction_{p.pk}"),
            )
            for p in self.partners
        }

    def partner_fields(self):
        return [(p, self[f"use_{p.pk}"], self[f"satisfaction_{p.pk}"]) for p in self.partners]
