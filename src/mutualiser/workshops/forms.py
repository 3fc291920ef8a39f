"""Forms of the workshop pages; they validate, services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualiser.organisations.choices import Discipline, LegalKind, Region
from mutualiser.words.forms import PlainLabelsMixin

from .models import MAX_CARD, MAX_GUEST_NAME, MAX_TITLE, Language, ObstacleKind, Workshop
from .services import MAX_QUANTITY


class WorkshopForm(PlainLabelsMixin, forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "date", "place", "language", "anonymous"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    title = forms.CharField(label=_("Titre"), max_length=MAX_TITLE)
    language = forms.ChoiceField(label=_("Langue de l'atelier"), choices=Language.choices)


class CodeForm(PlainLabelsMixin, forms.Form):
    code = forms.CharField(
        label=_("Code de l'atelier"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class GuestForm(PlainLabelsMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom de votre organisme"),
        max_length=MAX_GUEST_NAME,
        error_messages={"required": _("Donnez le nom de votre organisme.")},
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"), choices=[("", "—"), *Discipline.choices], required=False
    )
    municipality = forms.CharField(label=_("Municipalité"), max_length=120, required=False)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Donnez le nom de votre organisme."))
        return name


class ObstacleForm(PlainLabelsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type d'obstacle"), choices=ObstacleKind.choices)
    text = forms.CharField(
        label=_("Ce qui pourrait bloquer"),
        max_length=MAX_CARD,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    opportunity = forms.ChoiceField(label=_("À propos de"), required=False)

    def __init__(self, *args, opportunities=(), **kwargs) -> None:
        """`opportunities`: (key, label) of the board's opportunities a card may be tied to."""
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].choices = [("", _("Toute la salle")), *opportunities]


class CommitmentForm(PlainLabelsMixin, forms.Form):
    text = forms.CharField(
        label=_("Nous allons…"), max_length=MAX_CARD, widget=forms.Textarea(attrs={"rows": 2})
    )
    due = forms.DateField(
        label=_("D'ici le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def parse_quick_inventory(data, categories) -> tuple[dict, list[str]]:
    """The ticked needs and offers of the quick inventory form, and the problems found.

    Fields per category pk: need_<pk>, offer_<pk> (ticked), qty_<pk>, season_<pk>.
    """
    from .services import SEASONS

    entries: dict = {}
    problems: list[str] = []
    for category in categories:
        directions = [d for d in ("need", "offer") if data.get(f"{d}_{category.pk}")]
        if not directions:
            continue
        raw = (data.get(f"qty_{category.pk}") or "").strip().replace(",", ".")
        try:
            quantity = float(raw)
        except ValueError:
            quantity = -1.0
        if not (0 < quantity <= MAX_QUANTITY) or quantity != quantity:
            problems.append(
                _("« %(category)s » : indiquez une quantité par mois entre 1 et %(max)s.")
                % {"category": category.label, "max": MAX_QUANTITY}
            )
            continue
        season = data.get(f"season_{category.pk}") or "year"
        if season not in SEASONS:
            season = "year"
        for direction in directions:
            entries[(category.pk, direction)] = (quantity, season)
    return entries, problems


class ClaimForm(PlainLabelsMixin, forms.Form):
    """What a guest's organisation lacks to become a profile: its region and legal kind."""

    region = forms.ChoiceField(
        label=_("Région administrative"), choices=[("", "—"), *Region.choices]
    )
    legal_kind = forms.ChoiceField(
        label=_("Forme juridique"), choices=[("", "—"), *LegalKind.choices]
    )
