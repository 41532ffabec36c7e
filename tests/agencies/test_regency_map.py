"""The regency map: every Regency of the reference data has its boundary, and the include draws
all 33 as links, shaded by their counts, with a legend and the boundary caption."""

import json
import math
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import ngettext

from agencies.models import Regency
from agencies.regency_map import BOUNDARIES, boundaries, regency_map

pytestmark = pytest.mark.django_db


def agreements(count):
    return ngettext("%(counter)s agreement", "%(counter)s agreements", count) % {
        "counter": number_format(count, force_grouping=True)
    }


def url_for(regency):
    return f"/data/wilayah/{regency.code}/"


def draw(values, language="id", **kwargs):
    """The map as a view makes it, in the request's language (the titles are made here)."""
    with translation.override(language):
        return regency_map(
            values,
            url_for=url_for,
            title=kwargs.pop("title", "Kerja sama per kabupaten/kota"),
            metric_label=agreements,
            **kwargs,
        )


def render(figure, language="id"):
    with translation.override(language):
        return render_to_string("includes/regency_map.html", {"map": figure})


class Elements(HTMLParser):
    """The elements of a page in order, as (tag, attributes, the text inside)."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = [tag, dict(attrs), ""]
        self.elements.append(element)
        self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append([tag, dict(attrs), ""])

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for element in self.open:
            element[2] += data

    def all(self, tag):
        return [(attrs, text) for name, attrs, text in self.elements if name == tag]


# --- the data -------------------------------------------------------------------------------


def test_every_regency_of_the_reference_data_has_a_boundary_and_no_other():
    codes = set(Regency.objects.values_list("code", flat=True))
    assert len(codes) == 33
    assert set(boundaries().shapes) == codes


def test_each_boundary_is_its_regency_by_name_and_holds_its_seat():
    """The file calls its key bps_code, but the values are Kemendagri codes (BPS numbers the
    cities otherwise: Kota Medan is BPS 12.75): each regency's seat lies in the area of its own
    code (Sibolga's, on the shore, within 1 km of it) and in no other."""
    features = json.loads(BOUNDARIES.read_text())["features"]
    areas = {f["properties"]["bps_code"]: f for f in features}
    for regency in Regency.objects.all():
        feature = areas[regency.code]
        assert _same_name(feature["properties"]["name"], regency), regency.code
        seat = (float(regency.longitude), float(regency.latitude))
        holding = [code for code, f in areas.items() if _holds(f["geometry"], seat)]
        if holding != [regency.code]:
            assert holding == [], regency.code
            assert _distance_km(feature["geometry"], seat) < 1, regency.code


def _same_name(name, regency):
    def squeeze(text):
        return text.lower().replace(" ", "")

    return squeeze(name) in {squeeze(n) for n in [regency.name, *regency.alternative_names]} or (
        squeeze(name).removeprefix("kota").removeprefix("kabupaten")
        in {squeeze(n) for n in regency.alternative_names}
    )


def _polygons(geometry):
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _holds(geometry, point):
    x, y = point
    crossings = 0
    for polygon in _polygons(geometry):
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    crossings += 1
    return crossings % 2 == 1


def _distance_km(geometry, point):
    px, py = point
    best = math.inf
    for polygon in _polygons(geometry):
        for ring in polygon:
            for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
                dx, dy = bx - ax, by - ay
                t = max(0, min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1)))
                best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best * 111.3


# --- what the include gets --------------------------------------------------------------------


def test_every_regency_is_on_the_map_and_one_without_a_count_shows_zero():
    figure = draw({"12.71": 12, "12.75": 3, "12.04": None})
    assert len(figure.areas) == 33
    assert [area.regency.code for area in figure.areas] == sorted(
        Regency.objects.values_list("code", flat=True)
    )
    by_code = {area.regency.code: area for area in figure.areas}
    assert by_code["12.71"].title == "Kota Medan: 12 kerja sama"
    assert by_code["12.71"].url == "/data/wilayah/12.71/"
    assert by_code["12.04"].value == 0
    assert by_code["12.04"].shade == 0
    assert by_code["12.01"].title == "Kabupaten Tapanuli Tengah: 0 kerja sama"
    assert by_code["12.71"].shade > by_code["12.75"].shade > 0
    assert figure.view_box == "0 0 600 874"


def test_the_counts_decide_the_shades_and_the_legend_gives_the_ranges():
    counts = {"12.71": 1250, "12.07": 40, "12.75": 3, "12.08": 2, "12.05": 1, "12.06": 1}
    figure = draw(counts)
    assert [(e.low, e.high, e.shade) for e in figure.legend] == [
        (0, 0, 0),
        (1, 1, 1),
        (2, 2, 2),
        (3, 3, 3),
        (4, 40, 4),
        (41, 1250, 5),
    ]
    shade = {area.regency.code: area.shade for area in figure.areas}
    assert [shade[c] for c in ("12.71", "12.07", "12.75", "12.08", "12.05", "12.01")] == [
        5,
        4,
        3,
        2,
        1,
        0,
    ]


def test_nothing_counted_draws_every_area_as_zero():
    figure = draw({})
    assert {area.shade for area in figure.areas} == {0}
    assert [(e.low, e.high) for e in figure.legend] == [(0, 0)]


def test_a_code_that_is_no_regency_is_refused_and_what_has_no_regency_is_left_out():
    with pytest.raises(ValueError, match="99.99"):
        draw({"99.99": 4})
    assert {area.value for area in draw({None: 7}).areas} == {0}


def test_the_regencies_are_read_once_or_not_at_all(django_assert_num_queries):
    with django_assert_num_queries(1):
        draw({"12.71": 1})
    regencies = list(Regency.objects.all())
    with django_assert_num_queries(0):
        figure = draw({"12.71": 1}, regencies=reversed(regencies), selected="12.71")
        render(figure)
    assert figure.areas[0].regency.code == "12.01"


def test_a_selected_regency_can_be_given_by_code_or_row():
    medan = Regency.objects.get(code="12.71")
    assert draw({}, selected=medan).selected.regency == medan
    assert draw({}, selected="12.71").selected.regency == medan
    assert draw({}).selected is None
    assert sum(area.selected for area in draw({}, selected="12.71").areas) == 1


# --- the include ----------------------------------------------------------------------------


def test_the_include_draws_33_links_with_their_titles_the_legend_and_the_caption():
    html = render(draw({"12.71": 1250, "12.75": 3, "12.17": 1}))
    page = Elements(html)
    links = page.all("a")
    assert len(links) == 33
    hrefs = [attrs["href"] for attrs, _ in links]
    assert hrefs == [f"/data/wilayah/{r.code}/" for r in Regency.objects.order_by("code")]
    medan = next(attrs for attrs, _ in links if attrs["href"] == "/data/wilayah/12.71/")
    assert medan["aria-label"] == "Kota Medan: 1.250 kerja sama"
    titles = [text for _, text in page.all("title")]
    assert "Kota Medan: 1.250 kerja sama" in titles
    assert "Kota Binjai: 3 kerja sama" in titles
    assert "Kabupaten Nias: 0 kerja sama" in titles
    assert len(page.all("path")) == 33
    assert {attrs["class"] for attrs in (a for a, _ in page.all("path"))} == {
        "map-class-0",
        "map-class-1",
        "map-class-3",
        "map-class-5",
    }
    legend = [re.sub(r"\s+", " ", text).strip() for _, text in page.all("li")]
    assert legend == ["0", "1", "2–3", "4–1.250"]
    assert "Batas wilayah bukan rujukan hukum" in html


def test_the_map_is_named_and_described_for_screen_readers():
    html = render(draw({"12.71": 2}, title="Kerja sama per wilayah", id="peta-kerja-sama"))
    page = Elements(html)
    ((svg, _),) = page.all("svg")
    assert svg["viewbox"] == "0 0 600 874"
    assert svg["aria-labelledby"] == "peta-kerja-sama-title"
    assert svg["aria-describedby"] == "peta-kerja-sama-desc"
    assert 'id="peta-kerja-sama-title">Kerja sama per wilayah</title>' in html
    assert 'id="peta-kerja-sama-desc">Peta 33 kabupaten/kota' in html
    ((legend, _),) = page.all("ul")
    assert legend["aria-label"] == "Keterangan"


def test_the_selected_regency_is_outlined_and_named_in_the_legend():
    html = render(draw({"12.71": 2}, selected="12.17"))
    page = Elements(html)
    current = [attrs for attrs, _ in page.all("a") if attrs.get("aria-current")]
    assert [a["href"] for a in current] == ["/data/wilayah/12.17/"]
    outline = [attrs for attrs, _ in page.all("path") if attrs["class"] == "map-selected"]
    assert outline[0]["d"] == boundaries().shapes["12.17"].d
    assert outline[0]["aria-hidden"] == "true"
    assert [text.strip() for _, text in page.all("li")][-1] == "Kabupaten Samosir"
    assert "map-selected" not in render(draw({"12.71": 2}))


def test_the_include_speaks_english_too():
    html = render(draw({"12.71": 1}, language="en"), language="en")
    assert "Boundaries are not a legal reference" in html
    assert "Kota Medan: 1 agreement<" in html
    assert 'aria-label="Legend"' in html


def test_no_style_attribute_no_script_and_a_small_page():
    """The CSP forbids inline styles; the map is drawn on the server, whatever the counts."""
    html = render(draw({r.code: 10**n for n, r in enumerate(Regency.objects.all()[:9])}))
    assert "style=" not in html
    assert "<script" not in html
    assert len(html.encode()) < 60_000


@pytest.mark.django_db
def test_a_withheld_count_has_its_own_shade_and_words_never_its_number():
    figure = regency_map(
        {"12.71": 40, "12.75": 2, "12.04": 9},
        url_for=lambda regency: f"/r/{regency.code}/",
        title="Input",
        metric_label=lambda count: f"{count} masukan",
        withheld={"12.75"},
        withheld_label="kurang dari 3",
    )
    areas = {area.regency.code: area for area in figure.areas}
    assert areas["12.75"].shade == "withheld"
    assert areas["12.75"].title.endswith(": kurang dari 3")
    assert "2 masukan" not in areas["12.75"].title
    assert areas["12.71"].title.endswith(": 40 masukan")
    assert figure.withheld_label == "kurang dari 3"
    # The ranges are made from the published counts only.
    assert all(entry.low != 2 and entry.high != 2 for entry in figure.legend)
    html = render_to_string("includes/regency_map.html", {"map": figure})
    assert "map-class-withheld" in html and "kurang dari 3" in html
    # Where counts under 3 are never shown, the ranges start at 3 ("1–9" read as if 1 or 2
    # could be a shade of its own, beside "kurang dari 3").
    assert figure.legend[1].low == 1
    shown_from_three = regency_map(
        {"12.71": 40, "12.75": 2, "12.04": 9},
        url_for=lambda regency: f"/r/{regency.code}/",
        title="Input",
        metric_label=lambda count: f"{count} masukan",
        withheld={"12.75"},
        withheld_label="kurang dari 3",
        shown_from=3,
    )
    assert [(entry.low, entry.high) for entry in shown_from_three.legend][:2] == [(0, 0), (3, 9)]
