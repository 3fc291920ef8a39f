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


@dataclass(frozen=True)
class Geometry:
    """The viewBox and its margins; the chart scales with its container."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    radius: float = 10  # a marker
    name_size: float = 11  # a marker's name
    tick_size: float = 10
    label_size: float = 11  # a quadrant's label
    axis_size: float = 11.5
    wrap_labels: bool = False  # quadrant labels on two lines, for a narrow chart
    # The axes run a little beyond 0–100: the quadrant labels sit in that margin, where no
    # point can fall, so that a point never hides a label.
    x_pad: float = 4.0
    y_pad: float = 11.0

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def char_width(self) -> float:
        return 0.56 * self.name_size  # average glyph width, to keep names from overlapping


# The page and the PDF report; a phone gets the narrower, taller chart drawn at about its own
# size, so that its text stays legible (see responsive_chart and results.css).
WIDE = Geometry(width=520, height=400, left=46, right=12, top=12, bottom=44)
COMPACT = Geometry(
    width=340,
    height=430,
    left=38,
    right=6,
    top=8,
    bottom=42,
    radius=11,
    name_size=11.5,
    tick_size=11,
    label_size=11.5,
    axis_size=12,
    wrap_labels=True,
    y_pad=18.0,  # room for two-line quadrant labels
)

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


def _px(g: Geometry, x: float) -> float:
    x = min(100.0, max(0.0, x))
    return g.left + g.plot_w * (x + g.x_pad) / (100.0 + 2 * g.x_pad)


def _py(g: Geometry, y: float) -> float:
    y = min(100.0, max(0.0, y))
    return g.top + g.plot_h * (1 - (y + g.y_pad) / (100.0 + 2 * g.y_pad))


def _label_lines(g: Geometry, label: str, room: float) -> list[str]:
    """A quadrant's label, cut at the space nearest its middle when it would not fit `room`
    and the geometry allows two lines."""
    spaces = [i for i, char in enumerate(label) if char == " "]
    fits = len(label) * 0.6 * g.label_size <= room
    if fits or not g.wrap_labels or not spaces:
        return [label]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_markers(g: Geometry, points: Sequence[ChartPoint]) -> list[tuple[float, float]]:
    """Marker centres, nudged around their true place so that none hides another."""
    placed: list[tuple[float, float]] = []
    gap = 2 * g.radius + 1
    for point in points:
        cx, cy = _px(g, point.x), _py(g, point.y)
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
                g.left + g.radius <= x <= g.width - g.right - g.radius
                and g.top + g.radius <= y <= g.top + g.plot_h - g.radius
            )
            if inside and all(math.hypot(x - px, y - py) >= gap for px, py in placed):
                placed.append((x, y))
                break
        else:
            placed.append((cx, cy))
    return placed


def _place_name(
    g: Geometry,
    name: str,
    x: float,
    y: float,
    taken: list[tuple[float, float, float, float]],
) -> tuple[float, float, str] | None:
    """Where a marker's name fits without covering another name or marker, if anywhere."""
    size, radius = g.name_size, g.radius
    width = len(name) * g.char_width
    height = size + 2
    options = (
        (x + radius + 3, y + size / 2 - 1, "start", x + radius + 3),
        (x - radius - 3, y + size / 2 - 1, "end", x - radius - 3 - width),
        (x, y - radius - 4, "middle", x - width / 2),
        (x, y + radius + size + 2, "middle", x - width / 2),
    )
    for tx, ty, anchor, left in options:
        box = (left, ty - size, left + width, ty - size + height)
        inside = (
            box[0] >= g.left + 2
            and box[2] <= g.width - g.right - 2
            and box[1] >= g.top
            and box[3] <= g.top + g.plot_h
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
    geometry: Geometry = WIDE,
) -> SafeString:
    """The items placed by pooling potential (x) and strategic importance (y), in 4 quadrants.

    Markers carry the item's rank; names go next to them where they fit (the data table under
    the chart names every point). Deterministic: the same points give the same markup.
    """
    g = geometry
    sx, sy = _px(g, x_split), _py(g, y_split)
    left, top = g.left, g.top
    right, bottom = g.width - g.right, g.top + g.plot_h
    kind = "compact" if g.wrap_labels else "wide"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(g.width)} {_fmt(g.height)}" '
        f'class="potential-chart potential-chart-{kind}" id="{escape(element_id)}" role="img" '
        f'aria-labelledby="{escape(element_id)}-title {escape(element_id)}-desc" '
        'font-family="Liberation Sans, Helvetica, Arial, sans-serif">',
        f'<title id="{escape(element_id)}-title">{escape(text.title)}</title>',
        f'<desc id="{escape(element_id)}-desc">{escape(text.description)}</desc>',
    ]
    # Each label's first baseline: top labels hang from the top, bottom ones sit on the bottom.
    line_h = g.label_size + 2
    left_room, right_room = sx - left - 12, right - sx - 12
    lines = {
        "keep": _label_lines(g, text.keep, left_room),
        "careful": _label_lines(g, text.careful, right_room),
        "later": _label_lines(g, text.later, left_room),
        "priority": _label_lines(g, text.priority, right_room),
    }
    first_low = bottom - 7 - line_h * (max(len(lines["later"]), len(lines["priority"])) - 1)
    quadrants = (
        ("keep", left, top, sx - left, sy - top, left + 6, top + 4 + g.label_size, "start"),
        ("careful", sx, top, right - sx, sy - top, right - 6, top + 4 + g.label_size, "end"),
        ("later", left, sy, sx - left, bottom - sy, left + 6, first_low, "start"),
        ("priority", sx, sy, right - sx, bottom - sy, right - 6, first_low, "end"),
    )
    for key, x, y, w, h, *_rest in quadrants:
        out.append(
            f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(h)}" '
            f'fill="{QUADRANT_FILLS[key]}"/>'
        )
    for tick in (0, 25, 50, 75, 100):
        gx, gy = _px(g, tick), _py(g, tick)
        out.append(
            f'<line x1="{_fmt(gx)}" y1="{_fmt(top)}" x2="{_fmt(gx)}" y2="{_fmt(bottom)}" '
            'stroke="#ffffff" stroke-width="1"/>'
            f'<line x1="{_fmt(left)}" y1="{_fmt(gy)}" x2="{_fmt(right)}" y2="{_fmt(gy)}" '
            'stroke="#ffffff" stroke-width="1"/>'
            f'<text x="{_fmt(gx)}" y="{_fmt(bottom + 4 + g.tick_size)}" '
            f'font-size="{_fmt(g.tick_size)}" fill="#5f6b70" text-anchor="middle">{tick}</text>'
            f'<text x="{_fmt(left - 5)}" y="{_fmt(gy + g.tick_size * 0.35)}" '
            f'font-size="{_fmt(g.tick_size)}" fill="#5f6b70" text-anchor="end">{tick}</text>'
        )
    out.append(
        f'<line x1="{_fmt(sx)}" y1="{_fmt(top)}" x2="{_fmt(sx)}" y2="{_fmt(bottom)}" '
        'stroke="#9aa5ab" stroke-dasharray="4 3"/>'
        f'<line x1="{_fmt(left)}" y1="{_fmt(sy)}" x2="{_fmt(right)}" y2="{_fmt(sy)}" '
        'stroke="#9aa5ab" stroke-dasharray="4 3"/>'
        f'<rect x="{_fmt(left)}" y="{_fmt(top)}" width="{_fmt(g.plot_w)}" '
        f'height="{_fmt(g.plot_h)}" fill="none" stroke="#c5ced2"/>'
    )
    # Quadrant labels are taken too, so that names do not cover them.
    taken: list[tuple[float, float, float, float]] = []
    for key, *_box, lx, ly, anchor in quadrants:
        spans = "".join(
            f'<tspan x="{_fmt(lx)}" dy="{0 if n == 0 else _fmt(line_h)}">{escape(line)}</tspan>'
            for n, line in enumerate(lines[key])
        )
        out.append(
            f'<text class="chart-quadrant" x="{_fmt(lx)}" y="{_fmt(ly)}" '
            f'font-size="{_fmt(g.label_size)}" font-weight="700" fill="{QUADRANT_INKS[key]}" '
            f'text-anchor="{anchor}">{spans}</text>'
        )
        width = max(len(line) for line in lines[key]) * 0.6 * g.label_size
        box_left = lx if anchor == "start" else lx - width
        box_bottom = ly + 2 + line_h * (len(lines[key]) - 1)
        taken.append((box_left, ly - g.label_size, box_left + width, box_bottom))
    out.append(
        f'<text x="{_fmt(left + g.plot_w / 2)}" y="{_fmt(g.height - 8)}" '
        f'font-size="{_fmt(g.axis_size)}" fill="#26323a" text-anchor="middle" '
        f'font-weight="600">{escape(text.x_axis)} →</text>'
        f'<text transform="translate({_fmt(g.axis_size + 1.5)} {_fmt(top + g.plot_h / 2)}) '
        f'rotate(-90)" font-size="{_fmt(g.axis_size)}" fill="#26323a" text-anchor="middle" '
        f'font-weight="600">{escape(text.y_axis)} →</text>'
    )
    centres = _place_markers(g, points)
    radius = g.radius
    taken[:0] = [(x - radius, y - radius, x + radius, y + radius) for x, y in centres]
    names = [
        _place_name(g, point.name, x, y, taken) if point.name else None
        for point, (x, y) in zip(points, centres, strict=True)
    ]
    number_size = radius * 1.05
    # Draw the strongest last so that it stays on top.
    for point, (x, y), name in reversed(list(zip(points, centres, names, strict=True))):
        colour = BAND_COLOURS.get(point.band, BAND_COLOURS["moderate"])
        out.append(f'<g class="chart-point chart-point-{escape(point.band)}">')
        out.append(f"<title>{escape(point.title)}</title>")
        if name is not None:
            tx, ty, anchor = name
            out.append(
                f'<text class="chart-name" x="{_fmt(tx)}" y="{_fmt(ty)}" '
                f'font-size="{_fmt(g.name_size)}" fill="#26323a" text-anchor="{anchor}">'
                f"{escape(point.name)}</text>"
            )
        out.append(
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(radius)}" fill="{colour}" '
            'stroke="#ffffff" stroke-width="1.5"/>'
            f'<text class="chart-number" x="{_fmt(x)}" y="{_fmt(y + number_size * 0.36)}" '
            f'font-size="{_fmt(number_size)}" font-weight="700" fill="#ffffff" '
            f'text-anchor="middle">{point.number}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above went through escape()


def diagnostic_chart(
    items: Sequence[ScoredItem],
    *,
    element_id: str = "potential-chart",
    geometry: Geometry = WIDE,
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
        points,
        text=text,
        x_split=STRONG,
        y_split=STRATEGIC,
        element_id=element_id,
        geometry=geometry,
    )


def responsive_chart(
    items: Sequence[ScoredItem], *, element_id: str = "potential-chart"
) -> SafeString:
    """The wide chart and the compact one for phones; results.css shows one of them (the other
    gets display: none, which also hides it from screen readers)."""
    wide = diagnostic_chart(items, element_id=element_id)
    compact = diagnostic_chart(items, element_id=f"{element_id}-compact", geometry=COMPACT)
    return mark_safe(wide + compact)  # noqa: S308 - both are built escaped above
