from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .content import QuizQuestion


class QuizAnswerForm(forms.Form):
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
