"""Forms of the diagnostic's results: the filter of the ranking and the scoring grid's weights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mutualiser.engine.diagnostic import CRITERIA
from mutualiser.words.forms import PlainLabelsMixin
from mutualiser.words.reasons import label

from .models import Direction
from .scoring import CRITERION_DESCRIPTIONS

MAX_WEIGHT = Decimal("5")
WEIGHT_STEP = Decimal("0.5")


class ResultsFilterForm(PlainLabelsMixin, forms.Form):
    """Filter the ranking by direction and family; unknown values are simply ignored."""

    direction = forms.ChoiceField(label=_("Sens"), required=False)
    family = forms.ChoiceField(label=_("Famille"), required=False)

    def __init__(self, *args, families: Sequence[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = [("", _("Tous les sens")), *Direction.choices]
        self.fields["family"].choices = [("", _("Toutes les familles")), *families]

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            # Keep whichever filter is valid on its own.
            data = getattr(self, "cleaned_data", {})
            return {"direction": data.get("direction", ""), "family": data.get("family", "")}
        return {"direction": self.cleaned_data["direction"], "family": self.cleaned_data["family"]}


class ScoringWeightsForm(PlainLabelsMixin, forms.Form):
    """The 12 weights of the scoring grid, 0 to 5 by steps of 0.5, one at least positive."""

    def __init__(self, *args, lang: str = "fr", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code in CRITERIA:
            self.fields[code] = forms.DecimalField(
                label=label(f"criterion.{code}", lang),
                help_text=CRITERION_DESCRIPTIONS[code],
                min_value=Decimal("0"),
                max_value=MAX_WEIGHT,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "5"}),
                error_messages={
                    "required": _("Indiquez un poids entre 0 et 5."),
                    "invalid": _("Indiquez un nombre entre 0 et 5, par exemple 2,5."),
                    "min_value": _("Le poids ne peut pas être négatif."),
                    "max_value": _("Le poids ne peut pas dépasser 5."),
                },
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        for code in CRITERIA:
            value = cleaned.get(code)
            if value is not None and value % WEIGHT_STEP != 0:
                self.add_error(
                    code,
                    ValidationError(
                        _("Utilisez des demi-points : 0, 0,5, 1, 1,5 … jusqu'à 5."), code="step"
                    ),
                )
        values = [cleaned.get(code) for code in CRITERIA]
        if all(v is not None for v in values) and not any(values):
            raise ValidationError(
                _("Au moins un critère doit avoir un poids plus grand que 0."), code="all_zero"
            )
        return cleaned

    def weights(self) -> Mapping[str, float]:
        return {code: float(self.cleaned_data[code]) for code in CRITERIA}
