"""Forms of the inventory pages; they validate, services write."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext_lazy as _

from mutualiser.words.forms import PlainLabelsMixin

from .importexport import item_key
from .models import (
    MAX_DISTANCE_KM,
    MAX_MONTHLY_QUANTITY,
    MONTHS,
    Category,
    Direction,
    Grade,
    InventoryItem,
)
from .selectors import family_list_with_categories
from .services import INVENTORY_FIELDS, InventoryFull, inventory_room_check, item_started_values

MONTH_FIELDS = [f"month_{number}" for number in range(1, MONTHS + 1)]


class Preset:
    """Quick ways to fill the twelve months with one quantity."""

    YEAR = "year"
    SEASON = "season"
    SUMMER = "summer"
    PEAKS = "peaks"

    MONTHS: dict[str, tuple[int, ...]] = {
        YEAR: tuple(range(1, 13)),
        SEASON: (9, 10, 11, 12, 1, 2, 3, 4, 5),
        SUMMER: (6, 7, 8),
    }
    CHOICES = [
        ("", _("— aucune —")),
        (YEAR, _("Toute l'année")),
        (SEASON, _("La saison (sept. à mai)")),
        (SUMMER, _("L'été (juin à août)")),
        (PEAKS, _("Des pointes (mois cochés)")),
    ]


def preset_months(preset: str, quantity: float, peaks: list[int]) -> list[float]:
    """The twelve quantities of a preset: `quantity` in its months, 0 in the others."""
    chosen = set(peaks) if preset == Preset.PEAKS else set(Preset.MONTHS.get(preset, ()))
    return [float(quantity) if month in chosen else 0.0 for month in range(1, 13)]


def _number(value: Any) -> str:
    """A quantity as a form shows it: 20 rather than 20.0."""
    number = Decimal(str(value))
    return str(int(number)) if number == number.to_integral_value() else str(number)


class NumberField(forms.DecimalField):
    """A decimal typed the way people type it: "4 800,50 $", "4800.50", "12,5"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f$]", "", value)
            if "," in value and "." not in value:
                value = value.replace(",", ".")
            elif "," in value:
                value = value.replace(",", "")
        return super().to_python(value)


def direction_field(initial: str = Direction.NEED) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Ces éléments sont"),
        choices=Direction.choices,
        initial=initial,
        widget=forms.RadioSelect,
    )


class ChecklistForm(PlainLabelsMixin, forms.Form):
    """Ticked categories, all added in one direction."""

    categories = forms.ModelMultipleChoiceField(
        label=_("Catégories"),
        queryset=Category.objects.all(),
        error_messages={
            "required": _("Cochez au moins une catégorie."),
            "invalid_choice": _("Cette catégorie n'existe pas."),
            "invalid_pk_value": _("Cette catégorie n'existe pas."),
        },
    )
    direction = direction_field()


class SuggestForm(PlainLabelsMixin, forms.Form):
    q = forms.CharField(
        label=_("Décrivez-le en vos mots"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("ex. on cherche quelqu'un pour la paie"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )


STARTED_SALT = "mutualiser.diagnostic.inventory-edit-started"


class InventoryItemForm(PlainLabelsMixin, forms.ModelForm):
    """Every field of an item; the months as twelve numbers, with a quick preset."""

    category = forms.TypedChoiceField(label=_("Catégorie"), coerce=int)
    preset = forms.ChoiceField(label=_("Saisie rapide"), choices=Preset.CHOICES, required=False)
    preset_quantity = NumberField(
        label=_("Quantité par mois"),
        required=False,
        min_value=0,
        max_value=MAX_MONTHLY_QUANTITY,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    annual_cost = NumberField(
        label=_("Coût annuel ($)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    rate = NumberField(
        label=_("Tarif demandé par unité ($)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Pour une capacité à partager seulement."),
    )
    # The item's version and values when the edit began: a save on an older version is refused
    # and says what changed since (services.inventory_item_update, inventory_item_changes).
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    preset_peaks = forms.TypedMultipleChoiceField(
        label=_("Mois de pointe"),
        choices=[(number, MONTHS_AP[number]) for number in range(1, 13)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = InventoryItem
        # What the services write, but the category and the months (form fields of their own).
        fields = [name for name in INVENTORY_FIELDS if name not in ("category", "months")]
        labels = {
            "label": _("Précision (facultatif)"),
            "how_done": _("Comment c'est fait aujourd'hui"),
            "satisfaction": _("Satisfaction"),
            "max_distance_km": _("Distance maximale d'un partenaire (km)"),
        }
        help_texts = {
            "label": _("Pour distinguer deux éléments de la même catégorie."),
        }
        widgets = {
            "label": forms.TextInput(attrs={"maxlength": 200}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "max_distance_km": forms.NumberInput(attrs={"min": 0, "max": MAX_DISTANCE_KM}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item: InventoryItem = self.instance
        families = family_list_with_categories()
        self.categories = {c.pk: c for family in families for c in family.categories.all()}
        self.fields["category"].choices = [
            (family.label, [(c.pk, c.label) for c in family.categories.all()])
            for family in families
        ]
        self.fields["category"].initial = item.category_id
        self.fields["version"].initial = item.version
        self.fields["started"].initial = signing.dumps(item_started_values(item), salt=STARTED_SALT)
        self.fields["satisfaction"] = forms.TypedChoiceField(
            label=_("Satisfaction"),
            choices=[("", _("— non précisée —"))]
            + [
                (1, _("1 · très insatisfait")),
                (2, _("2 · insatisfait")),
                (3, _("3 · correct")),
                (4, _("4 · satisfait")),
                (5, _("5 · très satisfait")),
            ],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self.fields["satisfaction"].initial = item.satisfaction
        self.fields["how_done"].choices = [("", _("— non précisé —"))] + [
            choice for choice in self.fields["how_done"].choices if choice[0]
        ]
        # The answers to the help text's question, rather than bare grades.
        self.fields["criticality"].label = _("Criticité")
        self.fields["criticality"].choices = [
            ("", _("— non précisée —")),
            (Grade.LOW, _("Faible : on s'en accommoderait")),
            (Grade.MEDIUM, _("Moyenne : des retards, des tracas")),
            (Grade.HIGH, _("Élevée : la mission ou les revenus en souffriraient")),
        ]
        # Answers too long for a phone's select: radio buttons, whose labels wrap.
        self.fields["criticality"].widget = forms.RadioSelect(
            choices=self.fields["criticality"].choices
        )
        months = item.months if isinstance(item.months, list) else [0] * MONTHS
        for index, name in enumerate(MONTH_FIELDS):
            self.fields[name] = NumberField(
                label=MONTHS_AP[index + 1],
                required=False,
                min_value=0,
                max_value=MAX_MONTHLY_QUANTITY,
                decimal_places=2,
                initial=Decimal(_number(months[index])) if index < len(months) else 0,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}),
                error_messages={
                    "invalid": _("Un nombre, svp."),
                    "min_value": _("Pas de négatif."),
                },
            )

    def _post_clean(self) -> None:
        # The model is validated by the service; copying the data onto the instance here would
        # hide from the service what changed.
        pass

    @property
    def month_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MONTH_FIELDS]

    @property
    def preset_requested(self) -> bool:
        """The member pressed "Appliquer": fill the months, save nothing yet."""
        return bool(self.data.get("apply_preset"))

    def clean_started(self) -> dict[str, Any]:
        """The values the edit began from; {} when absent or tampered with (then the refusal
        of a stale edit cannot say what changed, only that something did)."""
        try:
            started = signing.loads(self.cleaned_data.get("started") or "", salt=STARTED_SALT)
        except signing.BadSignature:
            return {}
        return started if isinstance(started, dict) else {}

    def restarted(self, current: InventoryItem) -> InventoryItemForm:
        """The member's entries again, now based on the item as it is (after a stale save)."""
        data = self.data.copy()
        data["version"] = str(current.version)
        data["started"] = signing.dumps(item_started_values(current), salt=STARTED_SALT)
        return InventoryItemForm(data, instance=current)

    def clean_category(self) -> Category:
        category = self.categories.get(self.cleaned_data["category"])
        if category is None:
            raise ValidationError(_("Cette catégorie n'existe pas."), code="invalid_choice")
        return category

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("label", "notes"):  # one kind of line break, as the import stores them
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].replace("\r\n", "\n").replace("\r", "\n")
        # The model's limits, the ones the import applies (one definition: models.py).
        for name in self.Meta.fields:
            value = cleaned.get(name)
            if name in self.errors or value is None or value == "":
                continue
            try:
                InventoryItem._meta.get_field(name).run_validators(value)
            except ValidationError as error:
                self.add_error(name, error)
        if self.instance.pk is None and self.instance.organisation_id:
            try:
                inventory_room_check(organisation_id=self.instance.organisation_id, adding=1)
            except InventoryFull as full:
                self.add_error(None, full.message)
        preset = cleaned.get("preset")
        quantity = cleaned.get("preset_quantity")
        if preset and quantity is None and "preset_quantity" not in self.errors:
            self.add_error("preset_quantity", _("Indiquez la quantité par mois."))
        elif preset == Preset.PEAKS and not cleaned.get("preset_peaks"):
            self.add_error("preset_peaks", _("Cochez les mois de pointe."))
        elif preset and quantity is not None:
            months = preset_months(preset, float(quantity), cleaned.get("preset_peaks") or [])
            cleaned["months"] = months
        else:
            if not any(name in self.errors for name in MONTH_FIELDS):
                cleaned["months"] = [float(cleaned.get(name) or 0) for name in MONTH_FIELDS]
        direction = cleaned.get("direction")
        if cleaned.get("rate") is not None and direction and direction != Direction.OFFER:
            self.add_error(
                "rate", _("Un tarif ne s'applique qu'à une capacité à partager ; laissez vide.")
            )
        category = cleaned.get("category")
        if category and direction:
            key = item_key(category.pk, direction, cleaned.get("label") or "")
            others = (
                InventoryItem.objects.filter(
                    organisation_id=self.instance.organisation_id,
                    category=category,
                    direction=direction,
                )
                .exclude(pk=self.instance.pk)
                .values_list("category_id", "direction", "label")
            )
            if any(item_key(*other) == key for other in others):
                self.add_error(
                    "label",
                    _(
                        "Cet élément existe déjà dans votre inventaire : ajoutez une précision "
                        "pour le distinguer."
                    ),
                )
        return cleaned

    def filled_data(self) -> dict[str, Any]:
        """The form with the preset applied to the months, to show before saving."""
        data = self.data.copy()
        months = self.cleaned_data.get("months") if hasattr(self, "cleaned_data") else None
        if months:
            for name, quantity in zip(MONTH_FIELDS, months, strict=True):
                data[name] = formats.localize_input(Decimal(_number(quantity)))
            data["preset"] = ""
        return data

    def item_data(self) -> dict[str, Any]:
        """What `inventory_item_update` receives."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["category"] = self.cleaned_data["category"]
        data["months"] = self.cleaned_data["months"]
        if data["direction"] != Direction.OFFER:
            data["rate"] = None
        return data
