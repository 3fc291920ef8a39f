"""The diagnostic's SVG chart: a wide one for screens and the PDF, a compact one for phones."""

from __future__ import annotations

import re

from mutualiser.diagnostic.charts import COMPACT, WIDE, ChartPoint, ChartText, potential_chart

TEXT = ChartText(
    title="Potentiel et importance",
    description="Chaque élément placé.",
    x_axis="Potentiel de mutualisation",
    y_axis="Importance stratégique",
    priority="À mutualiser en priorité",
    careful="À mutualiser avec prudence",
    keep="À garder à l'interne",
    later="À revoir plus tard",
)
POINTS = [
    ChartPoint(x=80, y=10, number=1, name="Comptabilité", title="1. Comptabilité", band="strong"),
    ChartPoint(x=40, y=70, number=2, name="Billetterie", title="2. Billetterie", band="weak"),
]


def chart(geometry):
    return potential_chart(
        POINTS, text=TEXT, x_split=60, y_split=50, element_id="c", geometry=geometry
    )


def font_sizes(svg: str, css_class: str) -> set[float]:
    pattern = rf'class="{css_class}"[^>]*font-size="([\d.]+)"'
    return {float(size) for size in re.findall(pattern, svg)}


def test_the_wide_chart_keeps_its_geometry_and_one_line_labels():
    svg = chart(WIDE)

    assert 'viewBox="0 0 520 400"' in svg
    assert 'class="potential-chart potential-chart-wide"' in svg
    assert svg.count("<tspan") == 4


def test_the_compact_chart_is_narrow_and_tall_with_larger_text():
    svg = chart(COMPACT)

    assert 'viewBox="0 0 340 430"' in svg
    assert 'class="potential-chart potential-chart-compact"' in svg
    # drawn at about its own size on a phone, so its text is at least 11 px there
    assert min(font_sizes(svg, "chart-quadrant")) >= 11
    assert min(font_sizes(svg, "chart-number")) >= 11


def test_the_compact_chart_cuts_long_quadrant_labels_in_two_lines():
    svg = chart(COMPACT)

    assert svg.count(">À mutualiser</tspan>") == 2
    assert ">avec prudence</tspan>" in svg and ">en priorité</tspan>" in svg
    assert ">À revoir plus tard</tspan>" in svg  # short enough for its quadrant


def test_both_charts_name_every_point_for_screen_readers():
    for geometry in (WIDE, COMPACT):
        svg = chart(geometry)
        assert "<title>1. Comptabilité</title>" in svg
        assert "<title>2. Billetterie</title>" in svg
