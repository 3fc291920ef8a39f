from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualiser.words.formats import language_code
from mutualiser.words.forms import PlainLabelsMixin
from mutualiser.words.language import is_english

from .content import QuizQuestion


class QuizAnswerForm(PlainLabelsMixin, forms.Form):
    """One answer to one quiz question: the index of the chosen answer."""

    choice = forms.TypedChoiceField(
        label=_("Votre réponse"),
        coerce=int,
        error_messages={
            "required": _("Choisissez une réponse."),
            "invalid_choice": _("Choisissez une des réponses proposées."),
        },
    )

    def __init__(self, *args, question: QuizQuestion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(str(i), c) for i, c in enumerate(question.choices)]


# The cost-sharing example -------------------------------------------------------------------

SEASON_MONTHS = {
    # months 1..12 during which the partner uses the resource
    "year": tuple(range(1, 13)),
    "season": (1, 2, 3, 4, 5, 9, 10, 11, 12),
    "summer": (6, 7, 8),
}

SEASON_CHOICES = [
    ("year", _("Toute l'année")),
    ("season", _("De septembre à mai")),
    ("summer", _("De juin à août")),
]

PARTNER_PREFIXES = ("p1", "p2", "p3", "p4")
REQUIRED_PARTNERS = 2


def category_choices(language: str | None) -> list:
    """The taxonomy's categories grouped by family, labels in `language`."""
    from mutualiser.engine.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    lang = language_code(language)
    return [
        (taxonomy.family(code).label(lang), [(c.code, c.label(lang)) for c in categories])
        for code, categories in taxonomy.by_family().items()
    ]


class CostExampleForm(PlainLabelsMixin, forms.Form):
    category = forms.ChoiceField(label=_("Ce que vous partagez"))

    def __init__(self, *args, language: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(language)


class AmountField(forms.DecimalField):
    """A decimal typed as people write it: "450 000", "12,5" in French, "450,000" in English."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("$", "").replace("\u00a0", "").replace("\u202f", "")
            value = value.replace(" ", "").strip()
            if is_english():
                value = value.replace(",", "")
        return super().to_python(value)


class PartnerForm(PlainLabelsMixin, forms.Form):
    """One partner of the example; the third and fourth may stay empty."""

    name = forms.CharField(label=_("Nom"), max_length=60, required=False)
    use = AmountField(
        label=_("Usage par mois"),
        min_value=0,
        max_value=10000,
        max_digits=8,
        decimal_places=1,
        required=False,
        error_messages={"invalid": _("Entrez un nombre, par exemple 20 ou 12,5.")},
    )
    season = forms.ChoiceField(label=_("Période"), choices=SEASON_CHOICES, initial="year")
    budget = AmountField(
        label=_("Budget annuel ($)"),
        min_value=0,
        max_value=1_000_000_000,
        max_digits=12,
        decimal_places=0,
        required=False,
        error_messages={"invalid": _("Entrez un montant en dollars, sans symbole.")},
    )

    def __init__(self, *args, required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.required = required

    def clean(self) -> dict:
        data = super().clean()
        name, use = data.get("name"), data.get("use")
        if self.required or name or use is not None or data.get("budget") is not None:
            if not name:
                self.add_error("name", forms.ValidationError(_("Donnez un nom."), code="required"))
            if use is None and "use" not in self.errors:
                self.add_error(
                    "use", forms.ValidationError(_("Indiquez l'usage mensuel."), code="required")
                )
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("name") and data.get("use") is None and data.get("budget") is None
