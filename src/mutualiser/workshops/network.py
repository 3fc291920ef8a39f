"""The board as a picture: the room's organisations on a circle, a line for each link they
would share, the unexpected ones in orange. Server-side SVG: nothing to vendor, nothing to
fetch, readable on a projector."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SIZE = 640
RADIUS = 230
LINE = "#1f6f78"
UNEXPECTED = "#e65100"


def network_svg(rows: Sequence, *, title: str) -> SafeString:
    names: list[str] = []
    for row in rows:
        for name in row.names:
            if name not in names:
                names.append(name)
    if not names:
        return mark_safe("")
    centre = SIZE / 2
    points = {}
    for index, name in enumerate(names):
        angle = 2 * math.pi * index / len(names) - math.pi / 2
        points[name] = (centre + RADIUS * math.cos(angle), centre + RADIUS * math.sin(angle))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-160 0 {SIZE + 320} {SIZE}" '
        f'role="img" class="network"><title>{escape(title)}</title>'
    ]
    for row in rows:
        colour = UNEXPECTED if row.unexpected else LINE
        members = [points[n] for n in row.names]
        for i, (x1, y1) in enumerate(members):
            for x2, y2 in members[i + 1 :]:
                parts.append(
                    f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                    f'stroke="{colour}" stroke-width="2" stroke-opacity=".6"/>'
                )
    for name, (x, y) in points.items():
        anchor = "start" if x > centre + 1 else "end" if x < centre - 1 else "middle"
        dx = 10 if anchor == "start" else -10 if anchor == "end" else 0
        dy = -12 if y < centre - RADIUS + 1 else 22 if y > centre + RADIUS - 1 else 5
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#16525a"/>')
        parts.append(
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
            f'font-size="20" fill="#1f2a30">{escape(name[:40])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every name went through escape()
