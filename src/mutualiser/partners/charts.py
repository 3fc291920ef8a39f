"""The 12-month picture of an opportunity: each partner's use stacked against the capacity.

Server-side SVG (no script), scaled by its viewBox: readable on a 390 px phone. Colours come
from CSS classes (partners.css): `use-me` for the member's own organisation, `use-1`...
`use-5` for the partners, `capacity` for what the shared resource (or the offer) can carry.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 360, 132
LEFT, RIGHT, TOP, BOTTOM = 8, 352, 8, 108
MONTH_INITIALS = ("J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D")


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def calendar_svg(
    *, uses: Sequence[tuple[Sequence[float], str]], capacity: Sequence[float], title: str
) -> SafeString:
    """Stacked bars of `uses` ((12 months, css class), bottom first) over the capacity.

    Each month: a pale column as tall as the capacity, the uses stacked inside it. The scale
    fits the larger of the capacity and the combined use, so an overflow would show.
    """
    totals = [sum(months[m] for months, _ in uses) for m in range(12)]
    top = max([*capacity, *totals, 1e-9]) * 1.08
    slot = (RIGHT - LEFT) / 12
    bar = slot * 0.64

    def y(value: float) -> float:
        return BOTTOM - (BOTTOM - TOP) * value / top

    parts = [
        f'<svg class="calendar-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'preserveAspectRatio="xMidYMid meet"><title>{escape(title)}</title>'
    ]
    for m in range(12):
        x = LEFT + m * slot + (slot - bar) / 2
        parts.append(
            f'<rect class="capacity" x="{_f(x - 2)}" y="{_f(y(capacity[m]))}" '
            f'width="{_f(bar + 4)}" height="{_f(BOTTOM - y(capacity[m]))}" rx="2"/>'
        )
        base = 0.0
        for months, css in uses:
            value = months[m]
            if value <= 0:
                continue
            parts.append(
                f'<rect class="{css}" x="{_f(x)}" y="{_f(y(base + value))}" '
                f'width="{_f(bar)}" height="{_f(y(base) - y(base + value))}"/>'
            )
            base += value
        parts.append(
            f'<text x="{_f(LEFT + m * slot + slot / 2)}" y="{HEIGHT - 8}" '
            f'text-anchor="middle">{MONTH_INITIALS[m]}</text>'
        )
    parts.append(f'<line class="baseline" x1="{LEFT}" x2="{RIGHT}" y1="{BOTTOM}" y2="{BOTTOM}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is a number or escaped)
