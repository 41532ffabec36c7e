"""The map of Sumatera Utara's 33 regencies and cities, each shaded by a count, for
`templates/includes/regency_map.html`.

The boundaries are agencies/data/sumut-regencies.geojson (see the README beside it), drawn once
per process by core.maps. A page counts what it shows per regency code and passes the Regency
rows it already has (or lets this module read them, in one query):

    figure = regency_map(
        counts,                      # {"12.71": 12, ...}; a code left out counts 0
        regencies=regencies,         # Regency rows; None: read here, in one query
        url_for=lambda regency: reverse("...", args=[regency.code]),
        title=_("Agreements by regency or city"),
        metric_label=lambda count: ngettext(
            "%(counter)s agreement", "%(counter)s agreements", count
        ) % {"counter": number_format(count, force_grouping=True)},
        selected="12.71",            # optional: drawn with a thick outline
    )
    # template: {% include "includes/regency_map.html" with map=figure %}

Call it in the request's language (as a view does): the titles are made then. The page shows
the same numbers as a table too (UI.md: charts come with their numbers).
"""

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core.maps import bin_index, bins, load_map, shades

from .models import Regency

BOUNDARIES = Path(__file__).resolve().parent / "data" / "sumut-regencies.geojson"
BOUNDARY_KEY = "bps_code"  # the file's name for it; the values are Regency.code
CLASSES = 5  # the stylesheet has .map-class-0 (zero) to .map-class-5
WITHHELD = "withheld"  # .map-class-withheld: a count too small to publish

DEFAULT_DESCRIPTION = _(
    "Map of the 33 regencies and cities of North Sumatra: the darker an area, the higher its "
    "number. Each area is a link to its page; the legend gives the ranges."
)


@dataclass(frozen=True)
class Area:
    """One regency on the map."""

    regency: Regency
    value: int
    d: str  # the SVG path
    label_x: float
    label_y: float
    shade: int | str  # 0 (zero) to CLASSES, or WITHHELD: .map-class-<shade>
    title: str  # "Kota Medan: 12 kerja sama" (hover text and the link's accessible name)
    url: str
    selected: bool


@dataclass(frozen=True)
class LegendEntry:
    low: int
    high: int
    shade: int

    @property
    def is_zero(self):
        return self.high == 0


@dataclass(frozen=True)
class RegencyMap:
    id: str  # prefix of the element ids, unique on the page
    title: str
    description: str
    view_box: str
    areas: tuple
    legend: tuple
    withheld_label: str  # the legend's entry for the withheld areas ("" when there are none)
    selected: Area | None


def boundaries():
    """The projected boundaries, keyed by regency code (computed once per process)."""
    return load_map(BOUNDARIES, key=BOUNDARY_KEY)


def regency_map(
    values,
    *,
    url_for,
    title,
    metric_label,
    regencies=None,
    selected=None,
    description=None,
    id="regency-map",
    withheld=(),
    withheld_label="",
    shown_from=1,
):
    """What the map include draws: every regency (all 33, whatever `values` holds) with its
    path, colour class, title and link, and the legend.

    values: {regency code: count}; a regency left out (or None) counts 0, and a code that is no
        regency's is refused (ValueError), as is a regency without a boundary.
    url_for: Regency -> the URL its area links to.
    metric_label: count -> its words ("12 kerja sama"); it formats the number.
    regencies: the Regency rows (any order); None reads them here, in one query.
    selected: a regency code (or Regency) to outline, e.g. on that regency's own page.
    withheld: codes whose count is too small to publish: drawn in their own shade
        (.map-class-withheld), outside the ranges, with `withheld_label` ("fewer than 3") as
        their words and legend entry, whatever `values` holds for them.
    shown_from: the smallest count ever published where smaller ones are withheld (3): the
        legend's first range starts there ("3–5", not "1–5" beside "fewer than 3").
    """
    if regencies is None:
        regencies = Regency.objects.all()
    regencies = sorted(regencies, key=lambda regency: regency.code)
    shapes = boundaries().shapes
    missing = [regency.code for regency in regencies if regency.code not in shapes]
    if missing:
        raise ValueError(f"No boundary for regency code(s) {', '.join(missing)}.")
    # A count under None is what has no regency (values("regencies__code") gives it): not drawn.
    unknown = set(values) - {regency.code for regency in regencies} - {None}
    if unknown:
        raise ValueError(f"Values for unknown regency code(s) {', '.join(sorted(unknown))}.")
    selected = getattr(selected, "code", selected)

    counts = {regency.code: int(values.get(regency.code) or 0) for regency in regencies}
    shown = [count for code, count in counts.items() if code not in withheld]
    classes = bins(shown, classes=CLASSES, start=shown_from)
    palette = shades(classes, steps=CLASSES)
    areas = []
    for regency in regencies:
        shape, count = shapes[regency.code], counts[regency.code]
        hidden = regency.code in withheld
        areas.append(
            Area(
                regency=regency,
                value=count,
                d=shape.d,
                label_x=shape.label_x,
                label_y=shape.label_y,
                shade=WITHHELD if hidden else palette[bin_index(count, classes)],
                title=f"{regency.name}: "
                + (str(withheld_label) if hidden else metric_label(count)),
                url=url_for(regency),
                selected=regency.code == selected,
            )
        )
    legend = tuple(
        LegendEntry(low=group.low, high=group.high, shade=shade)
        for group, shade in zip(classes, palette, strict=True)
    )
    return RegencyMap(
        id=id,
        title=str(title),
        description=str(description or DEFAULT_DESCRIPTION),
        view_box=boundaries().view_box,
        areas=tuple(areas),
        legend=legend,
        withheld_label=str(withheld_label) if withheld else "",
        selected=next((area for area in areas if area.selected), None),
    )
