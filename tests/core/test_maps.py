"""core.maps: GeoJSON areas projected into SVG paths once, and counts sorted into classes."""

import json
import math
import re
from pathlib import Path

import pytest

from core.maps import ZERO, Bin, bin_index, bins, load_map, project, shades

SUMUT = Path(__file__).resolve().parents[2] / "agencies" / "data" / "sumut-regencies.geojson"
PATH = re.compile(r"(?:M[0-9]+\.[0-9](?:,[0-9]+\.[0-9])(?: [0-9]+\.[0-9],[0-9]+\.[0-9])*Z)+")


def rings(d):
    """The rings of a path `d` as lists of (x, y)."""
    return [
        [tuple(float(n) for n in point.split(",")) for point in subpath.split(" ")]
        for subpath in re.findall(r"M([^Z]*)Z", d)
    ]


def inside(x, y, path_rings):
    """Even-odd rule, as the stylesheet fills the paths."""
    crossings = 0
    for ring in path_rings:
        for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def feature(key, *polygons):
    return {
        "type": "Feature",
        "properties": {"code": key},
        "geometry": {"type": "MultiPolygon", "coordinates": [list(p) for p in polygons]},
    }


def square(west, south, size, steps=1):
    """A closed ring, with `steps` points on each side (extra points lie on straight lines)."""
    side = [i / steps * size for i in range(steps)]
    ring = (
        [(west + s, south) for s in side]
        + [(west + size, south + s) for s in side]
        + [(west + size - s, south + size) for s in side]
        + [(west, south + size - s) for s in side]
    )
    return [*ring, ring[0]]


# --- projection -----------------------------------------------------------------------------


def test_a_square_near_the_equator_stays_square_and_fills_the_width_inside_the_padding():
    drawn = project([feature("a", [square(100, -0.5, 1)])], key="code", width=100, padding=5)
    assert (drawn.width, drawn.height) == (100, 100)
    assert drawn.view_box == "0 0 100 100"
    # north up: the south-west corner is at the bottom left
    assert drawn.shapes["a"].d == "M5.0,95.0 95.0,95.0 95.0,5.0 5.0,5.0Z"
    assert (drawn.shapes["a"].label_x, drawn.shapes["a"].label_y) == (50.0, 50.0)


def test_far_from_the_equator_longitude_is_squeezed_by_the_cosine_of_the_middle_latitude():
    drawn = project([feature("a", [square(10, 59.5, 1)])], key="code", width=100, padding=0)
    assert drawn.height == math.ceil(100 / math.cos(math.radians(60)))  # twice as tall


def test_points_on_a_straight_line_are_dropped_and_the_corners_kept():
    drawn = project([feature("a", [square(0, 0, 1, steps=25)])], key="code", width=100)
    assert len(rings(drawn.shapes["a"].d)[0]) == 4


def test_a_hole_is_kept_and_an_islet_under_a_pixel_is_dropped_with_its_hole():
    main = [square(0, 0, 1), square(0.25, 0.25, 0.5)]  # an island with a lake
    islet = [square(1.5, 1.5, 0.001), square(1.5002, 1.5002, 0.0005)]
    drawn = project([feature("a", main, islet)], key="code", width=200, padding=0)
    assert len(rings(drawn.shapes["a"].d)) == 2
    assert not inside(50, 150, rings(drawn.shapes["a"].d))  # the lake is not filled
    assert inside(20, 150, rings(drawn.shapes["a"].d))


def test_a_feature_is_never_lost_however_small():
    tiny = feature("tiny", [square(0.5, 0.5, 0.0005)])
    drawn = project([feature("big", [square(0, 0, 1)]), tiny], key="code", width=100)
    assert drawn.shapes["tiny"].d.startswith("M")
    assert len(rings(drawn.shapes["tiny"].d)) == 1


def test_the_label_of_a_crescent_is_inside_it_not_at_its_centroid():
    # a U shape: the centroid lies in the gap between the arms
    u = [(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0)]
    drawn = project([feature("u", [u])], key="code", width=300, padding=0)
    shape = drawn.shapes["u"]
    assert inside(shape.label_x, shape.label_y, rings(shape.d))


def test_polygons_and_multipolygons_only_and_each_key_once():
    point = {"properties": {"code": "p"}, "geometry": {"type": "Point", "coordinates": [1, 1]}}
    with pytest.raises(ValueError, match="Point"):
        project([point], key="code")
    with pytest.raises(ValueError, match="Two features"):
        project([feature("a", [square(0, 0, 1)])] * 2, key="code")


# --- North Sumatra ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sumut():
    return load_map(SUMUT, key="bps_code")


def test_the_province_has_its_33_regencies_and_cities(sumut):
    codes = [f["properties"]["bps_code"] for f in json.loads(SUMUT.read_text())["features"]]
    assert list(sumut.shapes) == codes
    assert len(codes) == 33


def test_every_path_is_absolute_with_one_decimal_and_lies_inside_the_view_box(sumut):
    for code, shape in sumut.shapes.items():
        assert PATH.fullmatch(shape.d), code
        for ring in rings(shape.d):
            assert len(ring) >= 3, code
            for x, y in ring:
                assert 0 <= x <= sumut.width and 0 <= y <= sumut.height, code


def test_every_label_point_is_inside_its_own_area(sumut):
    for code, shape in sumut.shapes.items():
        assert inside(shape.label_x, shape.label_y, rings(shape.d)), code


def test_the_province_is_drawn_taller_than_wide_as_it_lies(sumut):
    # about 3.4 degrees of longitude (cos 1.8 degrees = 0.9995) by 4.9 degrees of latitude
    assert sumut.width == 600
    assert 1.35 < sumut.height / sumut.width < 1.55


def test_the_drawing_is_small_and_computed_once_per_process(sumut):
    assert sum(len(shape.d) for shape in sumut.shapes.values()) < 40_000
    assert load_map(SUMUT, key="bps_code") is sumut
    again = project(json.loads(SUMUT.read_text())["features"], key="bps_code")
    assert again == sumut  # deterministic: the same text for the same file


# --- classes ----------------------------------------------------------------------------------


def test_zero_is_a_class_of_its_own_and_the_others_hold_about_as_many_values():
    classes = bins([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert classes == (ZERO, Bin(1, 2), Bin(3, 4), Bin(5, 6), Bin(7, 8), Bin(9, 10))
    assert [bin_index(v, classes) for v in (0, 1, 2, 3, 10)] == [0, 1, 1, 2, 5]


def test_equal_values_never_straddle_two_classes():
    classes = bins([1, 1, 1, 1, 1, 1, 1, 1, 50])
    assert classes == (ZERO, Bin(1, 1), Bin(2, 50))
    assert bins([7, 7, 7]) == (ZERO, Bin(1, 7))


def test_one_value_all_zero_and_nothing():
    assert bins([12]) == (ZERO, Bin(1, 12))
    assert bins([0, 0, 0]) == (ZERO,)
    assert bins([]) == (ZERO,)
    assert bin_index(0, (ZERO,)) == 0


def test_fewer_classes_when_asked_and_no_negative_counts():
    assert bins(range(1, 101), classes=2) == (ZERO, Bin(1, 50), Bin(51, 100))
    with pytest.raises(ValueError):
        bins([1, -1])
    with pytest.raises(ValueError):
        bins([1], classes=0)


def test_where_small_counts_are_withheld_the_first_class_starts_at_the_smallest_shown():
    assert bins([0, 3, 4, 9, 12], classes=2, start=3) == (ZERO, Bin(3, 4), Bin(5, 12))
    assert bins([0, 3], start=3) == (ZERO, Bin(3, 3))
    assert bins([0, 0], start=3) == (ZERO,)
    with pytest.raises(ValueError):
        bins([3], start=0)


@pytest.mark.parametrize(
    "values",
    [
        [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 1250],
        [3, 3, 3, 4, 100, 100, 100, 100],
        list(range(0, 330, 10)),
        [0] * 30 + [1, 2, 1_000_000],
    ],
)
def test_every_value_gets_one_class_in_range_and_the_bounds_rise_without_gaps(values):
    classes = bins(values)
    assert 1 <= len(classes) <= 6
    assert classes[0] == ZERO
    for before, after in zip(classes, classes[1:], strict=False):
        assert before.low <= before.high < after.low == before.high + 1 <= after.high
    for value in values:
        group = classes[bin_index(value, classes)]
        assert group.low <= value <= group.high
    assert bin_index(max(values) + 5, classes) == len(classes) - 1


def test_classes_are_spread_over_the_whole_palette():
    assert shades(bins([0, 1, 2, 3, 4, 5])) == (0, 1, 2, 3, 4, 5)
    assert shades(bins([1, 100])) == (0, 1, 5)  # light and dark, not light and lighter
    assert shades(bins([4])) == (0, 3)
    assert shades(bins([0])) == (0,)
    assert shades((ZERO, Bin(1, 1), Bin(2, 2), Bin(3, 3))) == (0, 1, 3, 5)
    with pytest.raises(ValueError):
        shades(bins(range(1, 100), classes=6), steps=5)
