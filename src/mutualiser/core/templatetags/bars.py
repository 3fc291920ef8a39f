"""Bar lengths as classes rather than style attributes (the CSP forbids those).

{% load bars %}
<span class="rd-bar pct-w {{ score|pct }}"></span>     width: score % (0..100)
<span class="pct-h {{ share|pct }}"></span>             height
"""

from __future__ import annotations

import math

from django import template

register = template.Library()


@register.filter
def pct(value: object) -> str:
    """The class of a percentage: rounded to a whole number, kept within 0..100.

    css/utilities.css has one class a whole percent; anything unreadable is an empty bar."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = 0.0
    if not math.isfinite(number):
        number = 0.0
    return f"pct-{min(100, max(0, round(number)))}"
