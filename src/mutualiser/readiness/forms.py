from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from mutualiser.words.forms import PlainLabelsMixin

from .questions import SCALE, Questionnaire


class ReadinessForm(PlainLabelsMixin, forms.Form):
    """One 1–5 field per statement of the questionnaire, named after the statement's id."""

    def __init__(
        self,
        *args,
        questionnaire: Questionnaire,
        language: str | None,
        previous: Mapping[str, int] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = questionnaire.scale(language)
        choices = [(value, label) for value, label in zip(SCALE, labels, strict=True)]
        self.groups = []
        for dimension in questionnaire.dimensions:
            names = []
            for question in dimension.questions:
                self.fields[question.id] = forms.TypedChoiceField(
                    label=question.text(language),
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    initial=(previous or {}).get(question.id),
                    error_messages={
                        "required": _("Répondez à cette affirmation."),
                        "invalid_choice": _("Choisissez une valeur de 1 à 5."),
                    },
                )
                names.append(question.id)
            self.groups.append((dimension.label(language), [self[name] for name in names]))
