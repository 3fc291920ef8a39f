"""Django's form templates, with lighter copies of the widgets every form renders.

Django renders an `<option>` through two includes (the option, then its attributes) and a
text input through two more (text.html, input.html, attrs.html): about 60 µs an include, so
the inventory item's form spent 20-28 ms in its field templates (issue 13). The copies in
`form_templates/` are Django's own templates with those includes written out in place
(scripts/form_templates.py writes them from the installed Django): the same HTML, labels,
errors and aria attributes. A select whose options use Django's option template is written
here in Python, as its template writes it: a category select has 90 options, ~60 µs each
in the template language. Every template they do not copy comes from Django as before.
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe

FORM_TEMPLATES = Path(__file__).resolve().parent / "form_templates"
SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [FORM_TEMPLATES, Path(django.forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if template_name == SELECT and widget is not None and _default_options(widget):
            return select_html(widget)
        return super().render(template_name, context, request)


def _default_options(widget: dict) -> bool:
    return all(
        option["template_name"] == SELECT_OPTION
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


class _Output:
    """`{{ value }}` and `{{ value|stringformat:'s' }}` as the form templates print them."""

    def __init__(self) -> None:
        self.context = Context(autoescape=True)

    def value(self, value: object) -> str:
        return render_value_in_context(value, self.context)

    def text(self, value: object) -> str:
        text = stringformat(value, "s")
        return self.value(mark_safe(text) if isinstance(value, SafeData) else text)

    def attrs(self, attrs: dict) -> str:
        """widgets/attrs.html."""
        parts = []
        for name, value in attrs.items():
            if value is not False:
                parts.append(" " + self.value(name))
                if value is not True:
                    parts.append(f'="{self.text(value)}"')
        return "".join(parts)


def select_html(widget: dict) -> str:
    """widgets/select.html with select_option.html for each option, character for character."""
    out = _Output()
    parts = [f'<select name="{out.value(widget["name"])}"{out.attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{out.value(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{out.text(option["value"])}"{out.attrs(option["attrs"])}>'
                f"{out.value(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)  # stripped, as the renderer strips every template's output
