"""Choropleth maps drawn on the server: GeoJSON areas projected once into SVG paths, and counts
sorted into a few classes for their colours.

A page shows such a map as an inline SVG that needs no tiles, no external service and no
JavaScript. The geometry is domain-free: `load_map(path, key=...)` reads a FeatureCollection of
Polygons and MultiPolygons (WGS84 longitude/latitude) and gives, for each feature, its SVG path
and a point to put a label or a marker on, in a viewBox `width` units wide.

- Projection: equirectangular, longitude scaled by the cosine of the middle latitude, so that a
  region near the equator (Sumatra) keeps its shape; north is up.
- Simplification: Douglas–Peucker in viewBox units (`tolerance`, under a pixel at the widths a
  page shows), then rings smaller than `min_area` square units are dropped (islets, slivers) —
  except a feature's largest ring, so that no feature ever vanishes. Neighbours' shared borders
  are simplified separately; the differences stay under the stroke's width.
- Output: absolute coordinates with one decimal, implicit line-tos (`M1.5,2 3,4.5 …Z`), one
  subpath per ring; holes are drawn with the even-odd rule (`fill-rule: evenodd` in the CSS).

The result is computed once per process (`functools.cache`) and is deterministic: the same file
gives the same text, byte for byte.

`bins(values)` and `bin_index(value, bins)` sort counts into classes for the legend: zero is a
class of its own, the non-zero values are split into (at most) `classes` classes holding about as
many values each, with whole-number bounds that leave no gap (1–4, 5–12, 13–40).
"""

import functools
import json
import math
from dataclasses import dataclass

DEFAULT_WIDTH = 600
DEFAULT_PADDING = 4  # room for the outline strokes at the edges of the viewBox
DEFAULT_TOLERANCE = 0.75  # viewBox units: under half a pixel on a 360 px wide phone
DEFAULT_MIN_AREA = 1.0  # square viewBox units: about a pixel


@dataclass(frozen=True)
class Shape:
    """One feature as SVG: its path `d` and a point inside it (for a label or a marker)."""

    key: str
    d: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class ProjectedMap:
    width: int
    height: int
    shapes: dict  # key -> Shape, in the order of the file

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


@functools.cache
def load_map(
    path,
    *,
    key,
    width=DEFAULT_WIDTH,
    padding=DEFAULT_PADDING,
    tolerance=DEFAULT_TOLERANCE,
    min_area=DEFAULT_MIN_AREA,
):
    """The GeoJSON FeatureCollection at `path`, its features keyed by `properties[key]`."""
    with open(path, encoding="utf-8") as file:
        collection = json.load(file)
    return project(
        collection["features"],
        key=key,
        width=width,
        padding=padding,
        tolerance=tolerance,
        min_area=min_area,
    )


def project(
    features,
    *,
    key,
    width=DEFAULT_WIDTH,
    padding=DEFAULT_PADDING,
    tolerance=DEFAULT_TOLERANCE,
    min_area=DEFAULT_MIN_AREA,
):
    """GeoJSON features (dicts) as a ProjectedMap; see the module's docstring."""
    polygons = {}
    for feature in features:
        name = feature["properties"][key]
        if name in polygons:
            raise ValueError(f"Two features have {key} {name!r}.")
        polygons[name] = _polygons(feature["geometry"])
    if not polygons:
        raise ValueError("No features to draw.")

    points = [
        point
        for feature_polygons in polygons.values()
        for polygon in feature_polygons
        for ring in polygon
        for point in ring
    ]
    west = min(point[0] for point in points)
    east = max(point[0] for point in points)
    south = min(point[1] for point in points)
    north = max(point[1] for point in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = (width - 2 * padding) / ((east - west) * squeeze)
    height = math.ceil(round((north - south) * scale + 2 * padding, 6))  # 90.000000001 is 90

    def to_view(ring):
        return [
            (padding + (lon - west) * squeeze * scale, padding + (north - lat) * scale)
            for lon, lat, *_altitude in ring
        ]

    shapes = {}
    for name, rings in polygons.items():
        projected = [[to_view(ring) for ring in polygon] for polygon in rings]
        shapes[name] = _shape(name, projected, tolerance=tolerance, min_area=min_area)
    return ProjectedMap(width=width, height=height, shapes=shapes)


def _polygons(geometry):
    """A (Multi)Polygon's polygons, each a list of rings (outer first, then holes)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"Cannot draw a {geometry['type']}: only Polygon and MultiPolygon.")


def _shape(name, polygons, *, tolerance, min_area):
    largest = max((polygon[0] for polygon in polygons), key=lambda ring: abs(_signed_area(ring)))
    subpaths = []
    for polygon in polygons:
        for number, ring in enumerate(polygon):
            simple = _rounded(_simplify_ring(ring, tolerance))
            if len(simple) < 3 or abs(_signed_area(simple)) < min_area:
                if ring is not largest:
                    if number == 0:
                        break  # an outer ring too small to see: its holes go with it
                    continue
                simple = _rounded(ring)  # never lose a whole feature to simplification
            subpaths.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in simple) + "Z")
    label_x, label_y = _label_point(largest)
    return Shape(
        key=name, d="".join(subpaths), label_x=round(label_x, 1), label_y=round(label_y, 1)
    )


def _rounded(ring):
    """The ring at one decimal, without repeated points (nor a closing copy of the first)."""
    points = []
    for x, y in ring:
        point = (round(x, 1) + 0.0, round(y, 1) + 0.0)  # + 0.0: no "-0.0"
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def _simplify_ring(ring, tolerance):
    """Douglas–Peucker for a closed ring: split at the first point and the point farthest
    from it (a chain whose ends meet has no line to measure against), simplify both halves."""
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 4:
        return points
    first = points[0]
    far = max(range(len(points)), key=lambda i: math.dist(first, points[i]))
    there = _simplify_chain(points[: far + 1], tolerance)
    back = _simplify_chain([*points[far:], first], tolerance)
    return there + back[1:-1]


def _simplify_chain(points, tolerance):
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        farthest, index = 0.0, None
        for i in range(start + 1, end):
            distance = _segment_distance(points[i], points[start], points[end])
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack.extend(((start, index), (index, end)))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _segment_distance(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.dist(point, start)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.dist(point, (ax + t * dx, ay + t * dy))


def _signed_area(ring):
    return (
        sum(
            x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True)
        )
        / 2
    )


def _label_point(ring):
    """The ring's centroid; where that falls outside (a crescent, a bay), the middle of the
    widest stretch inside the ring along the centroid's horizontal line."""
    area = _signed_area(ring)
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    cx, cy = cx / (6 * area), cy / (6 * area)
    crossings = sorted(
        x1 + (cy - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True)
        if (y1 > cy) != (y2 > cy)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans or any(left <= cx <= right for left, right in spans):
        return cx, cy
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return (left + right) / 2, cy


@dataclass(frozen=True)
class Bin:
    """The whole numbers from `low` to `high`, both included (the zero class is 0–0)."""

    low: int
    high: int


ZERO = Bin(0, 0)


def bins(values, classes=5, *, start=1):
    """Classes for counts: ZERO first, then up to `classes` classes of the non-zero values, each
    holding about as many of them (quantiles; equal values never straddle two classes). The
    first non-zero class starts at `start` and each next one right after the one before, so every
    whole number from 0 to the largest value falls in exactly one class. `start` is 1 but where
    smaller counts are withheld (shown apart, in words): then it is the smallest count shown,
    and no range of the legend reads "1–3" beside "fewer than 3"."""
    if classes < 1:
        raise ValueError("At least one class.")
    if start < 1:
        raise ValueError("The first non-zero class starts at 1 or more.")
    values = [int(value) for value in values]
    if any(value < 0 for value in values):
        raise ValueError("Counts cannot be negative.")
    positive = sorted(value for value in values if value > 0)
    result = [ZERO]
    count = len(positive)
    for step in range(1, classes + 1):
        high = positive[math.ceil(step * count / classes) - 1] if count else 0
        if high > result[-1].high:
            low = result[-1].high + 1 if len(result) > 1 else min(start, high)
            result.append(Bin(low, high))
    return tuple(result)


def bin_index(value, classes):
    """The index in `classes` (from `bins`) of the class `value` falls in; a value above the
    last class (counted after the classes were made) goes in the last one."""
    value = int(value)
    if value < 0:
        raise ValueError("Counts cannot be negative.")
    for index, group in enumerate(classes):
        if value <= group.high:
            return index
    return len(classes) - 1


def shades(classes, steps=5):
    """For each class from `bins`, the step of a `steps`-colour sequential palette to draw it
    with (0 for ZERO, 1 to `steps` for the others), spread over the palette's whole range so
    that two classes read light and dark, not light and lighter. One non-zero class takes the
    middle step."""
    others = len(classes) - 1
    if others > steps:
        raise ValueError(f"{others} classes do not fit a palette of {steps} colours.")
    if others == 1:
        return (0, (steps + 1) // 2)
    return (0, *(1 + round(i * (steps - 1) / (others - 1)) for i in range(others)))
