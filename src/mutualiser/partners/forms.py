"""The filters of the opportunities list (a GET form: works without JavaScript)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualiser.words.forms import PlainLabelsMixin
from mutualiser.words.reasons import label

from .models import OpportunityKind
from .rules import DISTANCE_BANDS

MAX_SAVINGS = 10_000_000


class OpportunityFilterForm(PlainLabelsMixin, forms.Form):
    """Category, kind, distance band and least savings; an invalid value is left out (and
    said next to its field), the others still apply."""

    category = forms.ChoiceField(label=_("Catégorie"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    distance = forms.ChoiceField(label=_("Distance"), required=False)
    min_savings = forms.IntegerField(
        label=_("Gain minimal ($/an)"), required=False, min_value=0, max_value=MAX_SAVINGS
    )
    item = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        categories: Sequence[tuple[str, str]] = (),
        lang: str = "fr",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Short first choices: the label above says what is filtered, and two fields share a
        # row on a phone.
        self.fields["category"].choices = [("", _("Toutes")), *categories]
        self.fields["kind"].choices = [
            ("", _("Tous les types")),
            *OpportunityKind.choices,
        ]
        self.fields["distance"].choices = [("", _("Toutes"))] + [
            (str(bound), label(f"band.{bound}", lang)) for bound in DISTANCE_BANDS
        ]
        self.fields["min_savings"].widget.attrs.update(
            {"inputmode": "numeric", "step": 100, "placeholder": "0"}
        )

    def filters(self) -> dict[str, Any]:
        """The valid filters, as keywords of `selectors.opportunity_list`."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        distance = data.get("distance")
        return {
            "category": data.get("category") or "",
            "kind": data.get("kind") or "",
            "max_km": float(distance) if distance else None,
            "min_gain": float(data["min_savings"]) if data.get("min_savings") is not None else None,
            "item_id": data.get("item"),
        }
