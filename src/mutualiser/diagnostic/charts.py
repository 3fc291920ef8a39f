"""Server-side SVG charts of the diagnostic, for the results page and the PDF report.

No JavaScript and no chart library: the markup is built here, every text escaped, so the same
chart shows in the browser, in WeasyPrint and to screen readers (a <title> per point).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .scoring import STRATEGIC, STRONG, ScoredItem

# Geometry of the viewBox: the chart scales with its container.
WIDTH, HEIGHT = 520, 400
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 12, 44
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
RADIUS = 10
NAME_SIZE = 11
CHAR_WIDTH = 0.56 * NAME_SIZE  # average glyph width, to keep names from overlapping

BAND_COLOURS = {"strong": "#2e7d4f", "moderate": "#b86e00", "weak": "#6b7780"}
QUADRANT_FILLS = {
    "priority": "#e8f4ec",  # high potential, low strategic importance
    "careful": "#fdf3e1",  # high potential, strategic
    "keep": "#eaf0f6",  # low potential, strategic
    "later": "#f4f5f6",  # low potential, not strategic
}
QUADRANT_INKS = {
    "priority": "#1e5c38",
    "careful": "#7a4a00",
    "keep": "#2c4a6b",
    "later": "#4f5a61",
}


@dataclass(frozen=True)
class ChartPoint:
    x: float  # pooling potential 0..100
    y: float  # strategic importance 0..100
    number: int  # the rank, shown in the marker and in the tables
    name: str  # short name shown next to the marker
    title: str  # the accessible description of the point
    band: str = "moderate"  # strong | moderate | weak


@dataclass(frozen=True)
class ChartText:
    """The chart's words, already in the reader's language."""

    title: str
    description: str
    x_axis: str
    y_axis: str
    priority: str  # bottom right
    careful: str  # top right
    keep: str  # top left
    later: str  # bottom left


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# The axes run a little beyond 0–100: the quadrant labels sit in that margin, where no point
# can fall, so that a point never hides a label.
X_PAD, Y_PAD = 4.0, 11.0


def _px(x: float) -> float:
    x = min(100.0, max(0.0, x))
    return LEFT + PLOT_W * (x + X_PAD) / (100.0 + 2 * X_PAD)


def _py(y: float) -> float:
    y = min(100.0, max(0.0, y))
    return TOP + PLOT_H * (1 - (y + Y_PAD) / (100.0 + 2 * Y_PAD))


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_markers(points: Sequence[ChartPoint]) -> list[tuple[float, float]]:
    """Marker centres, nudged around their true place so that none hides another."""
    placed: list[tuple[float, float]] = []
    gap = 2 * RADIUS + 1
    for point in points:
        cx, cy = _px(point.x), _py(point.y)
        candidates = [(cx, cy)]
        for ring in range(1, 6):
            angles = [2 * math.pi * step / (8 * ring) for step in range(8 * ring)]
            # Up and down first: a sideways nudge would move the point's potential.
            angles.sort(key=lambda a: -abs(math.sin(a)))
            for angle in angles:
                candidates.append(
                    (cx + ring * gap * math.cos(angle), cy - ring * gap * math.sin(angle))
                )
        for x, y in candidates:
            inside = (
                LEFT + RADIUS <= x <= WIDTH - RIGHT - RADIUS
                and TOP + RADIUS <= y <= TOP + PLOT_H - RADIUS
            )
            if inside and all(math.hypot(x - px, y - py) >= gap for px, py in placed):
                placed.append((x, y))
                break
        else:
            placed.append((cx, cy))
    return placed


def _place_name(
    name: str,
    x: float,
    y: float,
    taken: list[tuple[float, float, float, float]],
) -> tuple[float, float, str] | None:
    """Where a marker's name fits without covering another name or marker, if anywhere."""
    width = len(name) * CHAR_WIDTH
    height = NAME_SIZE + 2
    options = (
        (x + RADIUS + 3, y + NAME_SIZE / 2 - 1, "start", x + RADIUS + 3),
        (x - RADIUS - 3, y + NAME_SIZE / 2 - 1, "end", x - RADIUS - 3 - width),
        (x, y - RADIUS - 4, "middle", x - width / 2),
        (x, y + RADIUS + NAME_SIZE + 2, "middle", x - width / 2),
    )
    for tx, ty, anchor, left in options:
        box = (left, ty - NAME_SIZE, left + width, ty - NAME_SIZE + height)
        inside = (
            box[0] >= LEFT + 2
            and box[2] <= WIDTH - RIGHT - 2
            and box[1] >= TOP
            and box[3] <= TOP + PLOT_H
        )
        if inside and not any(_overlaps(box, other) for other in taken):
            taken.append(box)
            return tx, ty, anchor
    return None


def potential_chart(
    points: Sequence[ChartPoint],
    *,
    text: ChartText,
    x_split: float,
    y_split: float,
    element_id: str = "potential-chart",
) -> SafeString:
    """The items placed by pooling potential (x) and strategic importance (y), in 4 quadrants.

    Markers carry the item's rank; names go next to them where they fit (the data table under
    the chart names every point). Deterministic: the same points give the same markup.
    """
    sx, sy = _px(x_split), _py(y_split)
    right, bottom = WIDTH - RIGHT, TOP + PLOT_H
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="potential-chart" id="{escape(element_id)}" role="img" '
        f'aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc" '
        'font-family="Liberation Sans, Helvetica, Arial, sans-serif">',
        f'<title id="{escape(element_id)}-title">{escape(text.title)}</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(text.description)}</desc>',
    ]
    quadrants = (
        ("keep", LEFT, TOP, sx - LEFT, sy - TOP, text.keep, LEFT + 6, TOP + 15, "start"),
        ("careful", sx, TOP, right - sx, sy - TOP, text.careful, right - 6, TOP + 15, "end"),
        ("later", LEFT, sy, sx - LEFT, bottom - sy, text.later, LEFT + 6, bottom - 7, "start"),
        ("priority", sx, sy, right - sx, bottom - sy, text.priority, right - 6, bottom - 7, "end"),
    )
    for key, x, y, w, h, *_rest in quadrants:
        out.append(
            f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(h)}" '
            f'fill="{QUADRANT_FILLS[key]}"/>'
        )
    for tick in (0, 25, 50, 75, 100):
        gx, gy = _px(tick), _py(tick)
        out.append(
            f'<line x1="{_fmt(gx)}" y1="{TOP}" x2="{_fmt(gx)}" y2="{bottom}" '
            'stroke="#ffffff" stroke-width="1"/>'
            f'<line x1="{LEFT}" y1="{_fmt(gy)}" x2="{right}" y2="{_fmt(gy)}" '
            'stroke="#ffffff" stroke-width="1"/>'
            f'<text x="{_fmt(gx)}" y="{bottom + 14}" font-size="10" fill="#5f6b70" '
            f'text-anchor="middle">{tick}</text>'
            f'<text x="{LEFT - 5}" y="{_fmt(gy + 3.5)}" font-size="10" fill="#5f6b70" '
            f'text-anchor="end">{tick}</text>'
        )
    out.append(
        f'<line x1="{_fmt(sx)}" y1="{TOP}" x2="{_fmt(sx)}" y2="{bottom}" stroke="#9aa5ab" '
        'stroke-dasharray="4 3"/>'
        f'<line x1="{LEFT}" y1="{_fmt(sy)}" x2="{right}" y2="{_fmt(sy)}" stroke="#9aa5ab" '
        'stroke-dasharray="4 3"/>'
        f'<rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" fill="none" '
        'stroke="#c5ced2"/>'
    )
    for key, *_box, label, lx, ly, anchor in quadrants:
        out.append(
            f'<text class="chart-quadrant" x="{_fmt(lx)}" y="{_fmt(ly)}" font-size="11" '
            f'font-weight="700" fill="{QUADRANT_INKS[key]}" text-anchor="{anchor}">'
            f"{escape(label)}</text>"
        )
    out.append(
        f'<text x="{_fmt(LEFT + PLOT_W / 2)}" y="{HEIGHT - 8}" font-size="11.5" fill="#26323a" '
        f'text-anchor="middle" font-weight="600">{escape(text.x_axis)} →</text>'
        f'<text transform="translate(13 {_fmt(TOP + PLOT_H / 2)}) rotate(-90)" font-size="11.5" '
        f'fill="#26323a" text-anchor="middle" font-weight="600">{escape(text.y_axis)} →</text>'
    )
    centres = _place_markers(points)
    taken: list[tuple[float, float, float, float]] = [
        (x - RADIUS, y - RADIUS, x + RADIUS, y + RADIUS) for x, y in centres
    ]
    # Quadrant labels are taken too, so that names do not cover them.
    for _key, *_box, label, lx, ly, anchor in quadrants:
        width = len(label) * 0.6 * 11
        left = lx if anchor == "start" else lx - width
        taken.append((left, ly - 11, left + width, ly + 2))
    names = [
        _place_name(point.name, x, y, taken) if point.name else None
        for point, (x, y) in zip(points, centres, strict=True)
    ]
    # Draw the strongest last so that it stays on top.
    for point, (x, y), name in reversed(list(zip(points, centres, names, strict=True))):
        colour = BAND_COLOURS.get(point.band, BAND_COLOURS["moderate"])
        out.append(f'<g class="chart-point chart-point-{escape(point.band)}">')
        out.append(f"<title>{escape(point.title)}</title>")
        if name is not None:
            tx, ty, anchor = name
            out.append(
                f'<text class="chart-name" x="{_fmt(tx)}" y="{_fmt(ty)}" font-size="{NAME_SIZE}" '
                f'fill="#26323a" text-anchor="{anchor}">{escape(point.name)}</text>'
            )
        out.append(
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{RADIUS}" fill="{colour}" '
            'stroke="#ffffff" stroke-width="1.5"/>'
            f'<text class="chart-number" x="{_fmt(x)}" y="{_fmt(y + 3.8)}" font-size="10.5" '
            f'font-weight="700" fill="#ffffff" text-anchor="middle">{point.number}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()


def diagnostic_chart(
    items: Sequence[ScoredItem], *, element_id: str = "potential-chart"
) -> SafeString:
    """The diagnostic's chart for ranked items, in the active language."""
    text = ChartText(
        title=_("Potentiel de mutualisation et importance stratégique"),
        description=_(
            "Chaque élément de l'inventaire est placé selon son potentiel de mutualisation "
            "(horizontal) et son importance stratégique (vertical). Le tableau qui suit donne "
            "les mêmes données."
        ),
        x_axis=_("Potentiel de mutualisation"),
        y_axis=_("Importance stratégique"),
        priority=_("À mutualiser en priorité"),
        careful=_("À mutualiser avec prudence"),
        keep=_("À garder à l'interne"),
        later=_("À revoir plus tard"),
    )
    points = [
        ChartPoint(
            x=s.score,
            y=s.strategic_importance,
            number=s.rank,
            name=s.short_name,
            title=_(
                "%(rank)s. %(name)s — potentiel %(score)s sur 100, "
                "importance stratégique %(importance)s sur 100"
            )
            % {
                "rank": s.rank,
                "name": s.name,
                "score": s.score_rounded,
                "importance": round(s.strategic_importance),
            },
            band=s.band,
        )
        for s in items
    ]
    return potential_chart(
        points, text=text, x_split=STRONG, y_split=STRATEGIC, element_id=element_id
    )
