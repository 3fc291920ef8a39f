"""The token form of the account's API page; services.token_create writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualiser.words.forms import PlainLabelsMixin

from .models import Scope


class TokenForm(PlainLabelsMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour vous rappeler à quoi il sert, par exemple « tableur de la direction »."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=_("Portée"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Lecture seule suffit pour lire vos inventaires, occasions et projets ; l'écriture "
            "permet aussi de modifier vos organismes et leurs inventaires."
        ),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())
