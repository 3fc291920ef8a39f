"""Forms of the contact requests pages; they carry the fields, the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualiser.words.forms import PlainLabelsMixin

from .models import FIRST_STEP_MAX_LENGTH, MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH, TrialLength
from .rules import DEFAULT_TRIAL_MONTHS


class ContactRequestForm(PlainLabelsMixin, forms.Form):
    """The invitation: a message, a first step and the trial's length.

    The invited organisations come as `to` values, checked by the service (which names what
    is wrong, where a form field would only say "invalid choice").
    """

    message = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
        required=False,
        help_text=_(
            "Qui vous êtes, ce que vous aimeriez partager et pourquoi avec eux. "
            "Quelques phrases suffisent."
        ),
    )
    first_step = forms.CharField(
        label=_("Premier pas proposé"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": FIRST_STEP_MAX_LENGTH}),
        initial=_("Une rencontre d'une heure, puis un essai à petite échelle et un bilan ensemble"),
    )
    trial_months = forms.TypedChoiceField(
        label=_("Durée de l'essai"),
        choices=TrialLength.choices,
        coerce=int,
        initial=DEFAULT_TRIAL_MONTHS,
        help_text=_(
            "Trois mois par défaut : un essai court et limité engage peu, laisse chacun "
            "s'arrêter sans perdre la face, et couvre une vraie période d'activité. Les "
            "mutualisations qui commencent petit sont celles qui durent."
        ),
    )
    category = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)


class DeclineForm(PlainLabelsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Raison (facultative)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX_LENGTH}),
        help_text=_("Par exemple : pas avant l'automne, ou ce besoin est déjà comblé."),
    )


class MessageForm(PlainLabelsMixin, forms.Form):
    body = forms.CharField(
        label=_("Votre message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )
