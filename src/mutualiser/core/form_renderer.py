"""Django's form templates, with lighter copies of the widgets every form renders.

Django renders an `<option>` through two includes (the option, then its attributes) and a
text input through two more (text.html, input.html, attrs.html): about 60 µs an include, so
the inventory item's form spent 20-28 ms in its field templates (issue 13). The copies in
`form_templates/` are Django's own templates with those includes written out in place
(scripts/form_templates.py writes them from the installed Django): the same HTML, labels,
errors and aria attributes, a third of the rendering time. Every template they do not copy
comes from Django as before.
"""

from __future__ import annotations

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

FORM_TEMPLATES = Path(__file__).resolve().parent / "form_templates"


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
