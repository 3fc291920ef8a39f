"""The cost-sharing chart: each partner's share under every key against going alone (SVG).

Drawn on the server, so it shows in the page, the PDF and without JavaScript. One band per
partner; one bar per key; a dark tick marks what the partner would pay alone. The viewBox
scales to the width of a phone.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.translation import gettext as _

from mutualiser.words import formats

from .calculator import RULE_LABELS, Calculation

COLOURS = {
    "equal": "#8fb3c9",
    "proportional": "#2f7d95",
    "budget": "#c9a24d",
    "fixed_variable": "#7a9e57",
    "serial": "#a0628b",
    "shapley": "#1f4e5f",
}
WIDTH = 420
LABEL_W = 0
BAR_H = 9
GAP = 2
BAND_GAP = 30
HEAD = 20


def cost_chart(
    calculation: Calculation, *, lang: str, chosen: str = "", element_id: str = "cost-chart"
) -> str:
    rules = list(RULE_LABELS)
    title = _("Part de chaque partenaire selon chaque clé, et son coût seul")
    colon = " : " if lang == "fr" else ": "
    alone_word = _("seul")
    rows = calculation.rows
    top = max([1.0] + [r.standalone for r in rows] + [max(r.shares.values()) for r in rows])
    band = HEAD + len(rules) * (BAR_H + GAP)
    legend_h = 62
    height = legend_h + len(rows) * (band + BAND_GAP)
    plot_w = WIDTH - 80
    parts = [
        f'<svg id="{element_id}" class="cost-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{element_id}-title" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
    ]
    # Legend, three lines of two keys: readable at a phone's width.
    for i, rule in enumerate(rules):
        x, y = (i % 2) * 200, (i // 2) * 18
        weight = ' font-weight="700"' if rule == chosen else ""
        parts.append(f'<rect x="{x}" y="{y + 2}" width="12" height="12" fill="{COLOURS[rule]}"/>')
        parts.append(
            f'<text x="{x + 17}" y="{y + 12}"{weight}>{escape(str(RULE_LABELS[rule]))}</text>'
        )
    y = legend_h
    for row in rows:
        name = escape(row.partner.organisation.name)
        parts.append(f'<text x="0" y="{y + 13}" font-weight="600">{name}</text>')
        bar_y = y + HEAD
        for rule in rules:
            share = row.shares[rule]
            w = max(0.0, share) / top * plot_w
            stroke = ' stroke="#111" stroke-width="1.5"' if rule == chosen else ""
            tip = escape(f"{RULE_LABELS[rule]}{colon}{formats.money(share, lang)}")
            parts.append(
                f'<rect x="0" y="{bar_y}" width="{w:.1f}" height="{BAR_H}" '
                f'fill="{COLOURS[rule]}"{stroke}><title>{tip}</title></rect>'
            )
            parts.append(
                f'<text x="{w + 4:.1f}" y="{bar_y + BAR_H - 1}" font-size="10" fill="#333">'
                f"{escape(formats.money(share, lang))}</text>"
            )
            bar_y += BAR_H + GAP
        alone_x = row.standalone / top * plot_w
        parts.append(
            f'<line x1="{alone_x:.1f}" x2="{alone_x:.1f}" y1="{y + HEAD - 3}" y2="{bar_y + 2}" '
            f'stroke="#b3261e" stroke-width="2" stroke-dasharray="4 2"/>'
        )
        label_x = min(alone_x, plot_w) + 3
        parts.append(
            f'<text x="{label_x:.1f}" y="{bar_y + 10}" font-size="10" fill="#b3261e">'
            f"{escape(alone_word)} {escape(formats.money(row.standalone, lang))}</text>"
        )
        y += band + BAND_GAP
    parts.append("</svg>")
    return "".join(parts)
