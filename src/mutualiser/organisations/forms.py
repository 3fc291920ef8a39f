"""Forms of the organisations pages; they validate, services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualiser.diagnostic.models import Direction
from mutualiser.diagnostic.selectors import family_list_with_categories
from mutualiser.words.forms import PlainLabelsMixin

from .choices import BudgetBand, Discipline, LegalKind, Region, Role, Visibility
from .models import Organisation
from .selectors import DIRECTORY_DISTANCES, municipality_names
from .services import PROFILE_FIELDS


class OrganisationForm(PlainLabelsMixin, forms.ModelForm):
    """The profile; the municipality is chosen among those of the chosen region."""

    disciplines = forms.MultipleChoiceField(
        label=_("Disciplines"),
        choices=Discipline.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    region = forms.ChoiceField(
        label=_("Région administrative"),
        choices=[("", _("Choisissez une région"))] + list(Region.choices),
    )
    municipality = forms.ChoiceField(
        label=_("Municipalité"),
        required=False,
        help_text=_(
            "Sert à calculer les distances avec vos partenaires possibles ; « Ailleurs dans "
            "la région » les compte depuis le centre de la région."
        ),
        error_messages={"invalid_choice": _("Choisissez une municipalité de la région choisie.")},
    )
    staff_fte = forms.DecimalField(
        label=_("Personnel (équivalents temps plein)"),
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=6,
        decimal_places=1,
        localize=True,
        help_text=_("Par exemple 2,5 pour deux temps pleins et un mi-temps."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    website = forms.URLField(
        label=_("Site web"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )

    class Meta:
        model = Organisation
        fields = list(PROFILE_FIELDS)  # exactly what the services write
        labels = {
            "name": _("Nom de l'organisme"),
            "legal_kind": _("Forme juridique"),
            "budget_band": _("Budget annuel"),
            "visibility": _("Qui peut voir ce profil ?"),
            "description": _("Présentation"),
        }
        help_texts = {
            "description": _("Quelques phrases : votre mission, vos activités, votre public."),
        }
        widgets = {
            "visibility": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, refresh_url: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if refresh_url:
            # Changing the region reloads the municipality list (HTMX); see the template.
            self.fields["region"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-target": "#municipality-field",
                    "hx-swap": "outerHTML",
                    "hx-include": "this",
                }
            )
        self.fields["legal_kind"].choices = [("", _("Choisissez une forme"))] + list(
            LegalKind.choices
        )
        self.fields["budget_band"].choices = [("", _("Je préfère ne pas le dire"))] + list(
            BudgetBand.choices
        )
        self.fields["visibility"].choices = list(Visibility.choices)
        self.fields["municipality"].choices = self.municipality_choices()

    def chosen_region(self) -> str:
        """The region the form is showing: the submitted one, else the initial one."""
        if self.is_bound:
            return self.data.get(self.add_prefix("region"), "") or ""
        return self.initial.get("region") or getattr(self.instance, "region", "") or ""

    def municipality_choices(self) -> list[tuple[str, str]]:
        region = self.chosen_region()
        if not region:
            return [("", _("Choisissez d'abord une région"))]
        names = municipality_names(region)
        current = getattr(self.instance, "municipality", "")
        if current and current not in names and self.instance.region == region:
            names = [current, *names]  # keep a name typed before the list existed
        blank = ("", _("Ailleurs dans la région"))
        return [blank] + [(name, name) for name in names]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class RoleForm(PlainLabelsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)


class InvitationForm(PlainLabelsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Courriel de la personne"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "placeholder": _("nom@exemple.org")}),
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=Role.choices,
        initial=Role.EDITOR,
        help_text=_(
            "Responsable : gère les membres. Éditeur : modifie le profil et l'inventaire. "
            "Lecteur : consulte."
        ),
    )


class DirectoryFilterForm(PlainLabelsMixin, forms.Form):
    """The directory's filters, read from the address (GET): a bad value is set aside."""

    q = forms.CharField(
        label=_("Nom ou municipalité"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Rechercher un organisme")}),
    )
    region = forms.ChoiceField(
        label=_("Région"),
        required=False,
        choices=[("", _("Toutes les régions"))] + list(Region.choices),
    )
    distance = forms.TypedChoiceField(
        label=_("Distance de mon organisme"), required=False, coerce=int, empty_value=None
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"),
        required=False,
        choices=[("", _("Toutes les disciplines"))] + list(Discipline.choices),
    )
    legal_kind = forms.ChoiceField(
        label=_("Forme juridique"),
        required=False,
        choices=[("", _("Toutes les formes"))] + list(LegalKind.choices),
    )
    category = forms.ChoiceField(label=_("Ressource ou service"), required=False)
    direction = forms.ChoiceField(
        label=_("Offert ou recherché"),
        required=False,
        choices=[
            ("", _("Offert ou recherché")),
            (Direction.OFFER, _("Offert (capacité à partager)")),
            (Direction.NEED, _("Recherché (besoin)")),
        ],
    )

    def __init__(self, *args, can_measure_distance: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["distance"].choices = [("", _("Toutes distances"))] + [
            (str(km), _("À moins de %(km)s km") % {"km": km}) for km in DIRECTORY_DISTANCES
        ]
        self.fields["category"].choices = [("", _("Toutes les ressources"))] + [
            (family.label, [(c.code, c.label) for c in family.categories.all()])
            for family in family_list_with_categories()
        ]
        if not can_measure_distance:
            self.fields["distance"].disabled = True
            self.fields["distance"].help_text = _(
                "Créez le profil de votre organisme pour mesurer les distances depuis lui."
            )

    def filters(self) -> dict:
        """The valid filters; an invalid one (a tampered address) is left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "query": (cleaned.get("q") or "").strip(),
            "region": cleaned.get("region") or "",
            "discipline": cleaned.get("discipline") or "",
            "legal_kind": cleaned.get("legal_kind") or "",
            "category": cleaned.get("category") or "",
            "direction": cleaned.get("direction") or "",
            "within_km": None if self["distance"].field.disabled else cleaned.get("distance"),
        }

    def category_label(self) -> str:
        """The chosen category's name, in the page's language ("" when none is chosen)."""
        code = getattr(self, "cleaned_data", {}).get("category")
        for _family, categories in self.fields["category"].choices[1:]:
            for value, label in categories:
                if value == code:
                    return str(label)
        return ""

    def ignored(self) -> list[str]:
        """Labels of the filters whose value was not understood (and is not applied)."""
        return [str(self.fields[name].label) for name in self.errors]
