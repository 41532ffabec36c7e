"""Data & Statistik: the province's figures, made by each app's statistics module, kept in the
cache and put into words (tables, bars, the map) for one reader.

`figures(filters)` gives the plain numbers (the same for every language, and what the open-data
API serves); they are made in the background (core.pagecache.keep_latest): at most
STATISTICS_MAX_AGE_SECONDS old, and made again soon after the data they count changes.
`sections(...)` labels them for the page and the CSV downloads.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.models import Agency, Regency, Sector
from agencies.regency_map import regency_map as map_component
from core import pagecache
from core.background import enqueue
from core.datasets import (
    COUNT,
    DAYS,
    HIDDEN,
    MINIMUM_SHOWN,
    MONEY,
    MONTH,
    PERCENT,
    TEXT,
    Column,
    Dataset,
    percent,
    suppress_small,
)
from forums.enums import PUBLIC_STATUSES, SubmissionKind, SubmissionStatus
from forums.statistics import input_figures
from partnerships.enums import AgreementKind, CooperationKind, FundingSource
from partnerships.statistics import (
    ENDING_SOON_DAYS,
    RESULT_FIGURES,
    agreement_figures,
    result_figures,
)
from trainings.statistics import FIGURES as TRAINING_FIGURES
from trainings.statistics import training_figures

from .tasks import refresh_statistics

# Raised whenever what _make returns changes shape: figures a worker made before a deploy are
# then never read by the new code (they stay in the cache for days; a missing key was a 500).
FIGURES_SHAPE = 2

# Rows of the tables that list agencies (the CSV has them all).
AGENCIES_SHOWN = 20
# An agency enters the answering league table with this many input counted.
LEAGUE_MINIMUM = 3
TOPICS_PER_REGENCY = 3


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    sector: Sector | None = None
    regency: Regency | None = None

    @property
    def key(self):
        return "|".join(
            str(part or "")
            for part in (
                self.year,
                self.sector and self.sector.slug,
                self.regency and self.regency.code,
            )
        )

    @property
    def kwargs(self):
        return {"year": self.year, "sector": self.sector, "regency": self.regency}

    @property
    def params(self):
        """The filters as the page's query string holds them."""
        params = {}
        if self.year:
            params["year"] = self.year
        if self.sector:
            params["sector"] = self.sector.slug
        if self.regency:
            params["regency"] = self.regency.code
        return params

    @classmethod
    def from_params(cls, params):
        """Filters from plain values (a task's arguments); unknown ones are dropped."""
        sector = Sector.objects.filter(slug=params.get("sector") or "").first()
        regency = Regency.objects.filter(code=params.get("regency") or "").first()
        return cls(year=params.get("year") or None, sector=sector, regency=regency)


def _make(filters):
    figures = {
        "agreements": agreement_figures(**filters.kwargs),
        "results": result_figures(**filters.kwargs),
        "trainings": training_figures(**filters.kwargs),
        "input": input_figures(**filters.kwargs),
    }
    # The agencies the figures name, with them: a page then reads none (whatever it shows).
    named = set(figures["trainings"]["organiser"]) | set(figures["input"]["agency"])
    figures["agencies"] = {
        row["pk"]: {"name": row["name"], "slug": row["slug"]}
        for row in Agency.objects.filter(pk__in=named).values("pk", "name", "slug")
    }
    return figures


def figures(filters, *, fresh=False):
    """(the plain figures, when they were made: an aware datetime) for `filters`."""
    value, made_at = pagecache.keep_latest(
        f"statistics:{FIGURES_SHAPE}:{filters.key}",
        lambda: _make(filters),
        refresh=lambda: enqueue(refresh_statistics, filters.params),
        seconds=settings.STATISTICS_MAX_AGE_SECONDS,
        refresh_every=settings.STATISTICS_REFRESH_SECONDS,
        fresh=fresh,
    )
    return value, datetime.datetime.fromtimestamp(made_at, tz=datetime.UTC)


def years(figures):
    """Every year with any figure, newest first (the year filter's choices)."""
    found = set(figures["agreements"]["year"]) | set(figures["results"]["year"])
    found |= {month.year for month in figures["trainings"]["month"]}
    return sorted((year for year in found if year), reverse=True)


# --- Words on the numbers ---------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    intro: str
    datasets: list
    summary: list  # [(label, value, kind)] shown as large numbers above the tables


def _grammar(value):
    """The number a summary card's words agree with ("1 training", "2 trainings")."""
    return value if isinstance(value, int) else 2


def _by_choice(counted, choices, key="value"):
    return [{"label": label, key: counted.get(value, 0), "code": value} for value, label in choices]


def _agreement_section(raw, regencies, sectors, *, with_regencies):
    figures = raw["agreements"]
    status = figures["status"]
    total = status["total"]
    datasets = [
        Dataset(
            "agreement-status",
            _("Agreements by status"),
            [Column("label", _("Status"), TEXT), Column("value", _("Agreements"), bar=True)],
            [
                {"label": _("In force"), "value": status["in_force"]},
                {
                    "label": _("In force, ending within %(days)s days")
                    % {"days": ENDING_SOON_DAYS},
                    "value": status["ending_soon"],
                },
                {"label": _("Past their end date"), "value": status["expired"]},
                {"label": _("Completed"), "value": status["completed"]},
            ],
        ),
        Dataset(
            "agreement-kind",
            _("Agreements by kind"),
            [Column("label", _("Kind"), TEXT), Column("value", _("Agreements"), bar=True)],
            _by_choice(figures["kind"], AgreementKind.choices),
        ),
        _shared(
            Dataset(
                "agreement-cooperation",
                _("Agreements by kind of cooperation"),
                [
                    Column("label", _("Kind of cooperation"), TEXT),
                    Column("value", _("Agreements"), bar=True),
                    Column("share", _("Share"), PERCENT),
                ],
                _by_choice(figures["cooperation"], CooperationKind.choices),
            ),
            total,
        ),
        Dataset(
            "agreement-sector",
            _("Agreements by sector"),
            [Column("label", _("Sector"), TEXT), Column("value", _("Agreements"), bar=True)],
            [
                {"label": str(sector), "value": figures["sector"].get(sector.pk, 0)}
                for sector in sectors
            ],
            note=_("An agreement in several sectors counts in each."),
        ),
        Dataset(
            "agreement-year",
            _("New agreements per year"),
            [
                Column("label", _("Year it started"), TEXT),
                Column("value", _("Agreements"), bar=True),
            ],
            [
                {"label": str(year), "value": count}
                for year, count in sorted(figures["year"].items())
            ],
        ),
        _financing(figures["financing"]),
    ]
    if with_regencies:
        datasets.insert(4, agreement_regency_dataset(regencies, raw))
    return Section(
        "kerja-sama",
        _("Agreements"),
        _(
            "Public agreements in force or completed, as the agreements list shows them. "
            "Internal agreements and those still being prepared are not counted."
        ),
        datasets,
        [
            (
                ngettext("agreement in force", "agreements in force", _grammar(status["in_force"])),
                status["in_force"],
                COUNT,
            ),
            (_("ending within 90 days"), status["ending_soon"], COUNT),
            (_("completed"), status["completed"], COUNT),
        ],
    )


def _shared(dataset, total):
    for row in dataset.rows:
        row["share"] = percent(row["value"], total)
    return dataset


def _financing(financing):
    rows = []
    for value, label in FundingSource.choices:
        money = financing.get(value, {"planned": 0, "realised": 0})
        rows.append(
            {
                "label": label,
                "planned": money["planned"],
                "realised": money["realised"],
                "share": percent(money["realised"], money["planned"]),
            }
        )
    planned = sum(row["planned"] for row in rows)
    realised = sum(row["realised"] for row in rows)
    return Dataset(
        "agreement-financing",
        _("Financing by source: planned and realised"),
        [
            Column("label", _("Source"), TEXT),
            Column("planned", _("Planned (Rp)"), MONEY, bar=True, bar_with="realised"),
            Column("realised", _("Realised (Rp)"), MONEY),
            Column("share", _("Realised of planned"), PERCENT),
        ],
        rows,
        totals={
            "label": _("Total"),
            "planned": planned,
            "realised": realised,
            "share": percent(realised, planned),
        },
    )


def _per_regency(regencies, value):
    return [
        {
            "label": regency.name,
            "code": regency.code,
            "regency": regency,
            "value": value(regency.pk),
        }
        for regency in regencies
    ]


RESULT_COLUMNS = [
    ("jobs_absorbed", _("Jobs absorbed"), COUNT),
    ("investment_realised", _("Investment realised (Rp)"), MONEY),
    ("trainees", _("Trainees"), COUNT),
    ("ikm_assisted", _("IKM/UMKM assisted"), COUNT),
]


def _figures_dataset(figures, key, title, label, rows, note="", label_kind=TEXT):
    """A table of several figures per row (`figures`: RESULT_COLUMNS or TRAINING_COLUMNS), the
    first one drawn as bars."""
    columns = [Column("label", label, label_kind)]
    for index, (name, heading, kind) in enumerate(figures):
        columns.append(Column(name, heading, kind, bar=index == 0))
    return Dataset(key, title, columns, rows, note=note)


def _result_dataset(*args, **kwargs):
    return _figures_dataset(RESULT_COLUMNS, *args, **kwargs)


def _result_section(raw, regencies, sectors, *, with_regencies):
    figures = raw["results"]
    empty = dict.fromkeys([*RESULT_FIGURES, "reports"], 0)
    total = figures["total"]
    datasets = [
        _result_dataset(
            "result-sector",
            _("Results by sector"),
            _("Sector"),
            [{"label": str(s), **figures["sector"].get(s.pk, empty)} for s in sectors],
            note=_("A report counts in every sector of its agreement."),
        ),
        _result_dataset(
            "result-year",
            _("Results per reporting year"),
            _("Year"),
            [{"label": str(year), **row} for year, row in sorted(figures["year"].items())],
        ),
    ]
    if with_regencies:
        datasets.insert(0, result_regency_dataset(regencies, raw))
    return Section(
        "hasil",
        _("Results"),
        _(
            "What the parties reported in the monitoring and evaluation (monev) reports the "
            "secretariat accepted, for the public agreements. Each report counts once in the "
            "totals."
        ),
        datasets,
        [
            (
                ngettext("job absorbed", "jobs absorbed", _grammar(total["jobs_absorbed"])),
                total["jobs_absorbed"],
                COUNT,
            ),
            (_("investment realised"), total["investment_realised"], MONEY),
            (
                ngettext("trainee", "trainees", _grammar(total["trainees"])),
                total["trainees"],
                COUNT,
            ),
            (_("IKM/UMKM assisted"), total["ikm_assisted"], COUNT),
        ],
    )


TRAINING_COLUMNS = [
    ("trainings", _("Trainings"), COUNT),
    ("participants", _("Participants"), COUNT),
    ("attendance", _("Attendance"), PERCENT),
    ("certificates", _("Certificates issued"), COUNT),
]


def _training_row(label, row, **extra):
    return {
        "label": label,
        **{name: row[name] for name in ("trainings", "participants", "certificates")},
        "attendance": percent(row["attended"], row["expected"]),
        **extra,
    }


def _training_dataset(*args, **kwargs):
    return _figures_dataset(TRAINING_COLUMNS, *args, **kwargs)


def _months(filters, months):
    """The months the per-month table shows: the year filtered on, or the twelve up to now."""
    if filters.year:
        return [datetime.date(filters.year, month, 1) for month in range(1, 13)]
    today = timezone.localdate()
    shown, month = [], today.replace(day=1)
    for _index in range(12):
        shown.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return sorted(shown)


def _training_section(raw, regencies, agencies, filters, *, with_regencies, every_agency):
    figures = raw["trainings"]
    empty = dict.fromkeys(TRAINING_FIGURES, 0)
    months = [
        _training_row(month, figures["month"].get(month, empty))
        for month in _months(filters, figures["month"])
    ]
    ranked = _ranked_organisers(raw)
    if not every_agency:
        ranked = ranked[:AGENCIES_SHOWN]
    organisers = [
        _training_row(agencies[pk].name, row, url=agencies[pk].url)
        for pk, row in ranked
        if pk in agencies
    ]
    datasets = [
        _training_dataset(
            "training-month",
            _("Trainings per month"),
            _("Month"),
            months,
            note=_("By the month a training starts; attendance over trainings that have ended."),
            label_kind=MONTH,
        ),
        _training_dataset(
            "training-organiser",
            _("Trainings by organiser"),
            _("Organising agency"),
            organisers,
            note=_(
                "A joint training counts for each organiser. The page shows the %(n)s "
                "agencies with the most trainings; the CSV file has them all."
            )
            % {"n": AGENCIES_SHOWN},
        ),
    ]
    if with_regencies:
        datasets.append(training_regency_dataset(regencies, raw))
    total = figures["total"]
    return Section(
        "pelatihan",
        _("Trainings"),
        _(
            "Public trainings that were published or held, and the participants who got a "
            "seat. Drafts, cancelled and staff-only trainings are not counted."
        ),
        datasets,
        [
            (
                ngettext("training", "trainings", _grammar(total["trainings"])),
                total["trainings"],
                COUNT,
            ),
            (
                ngettext("participant", "participants", _grammar(total["participants"])),
                total["participants"],
                COUNT,
            ),
            (_("attendance"), percent(total["attended"], total["expected"]), PERCENT),
            (
                ngettext(
                    "certificate issued", "certificates issued", _grammar(total["certificates"])
                ),
                total["certificates"],
                COUNT,
            ),
        ],
    )


def _answer_row(label, record, **extra):
    return {
        "label": label,
        "due": record["due"],
        "on_time_share": percent(record["on_time"], record["due"]),
        "median_days": None
        if record["median_hours"] is None
        else round(record["median_hours"] / 24, 1),
        **extra,
    }


ANSWER_COLUMNS = [
    Column("due", _("Input counted")),
    Column("on_time_share", _("Answered on time"), PERCENT, bar=True),
    Column("median_days", _("Median answer time (days)"), DAYS),
]


def _input_section(raw, regencies, sectors, agencies, *, with_regencies, every_agency):
    figures = raw["input"]
    statuses = [status for status in SubmissionStatus if status in PUBLIC_STATUSES]
    kinds = []
    for kind, label in SubmissionKind.choices:
        row = {"label": label}
        for status in statuses:
            row[status.value] = figures["kind_status"].get((kind, status.value), 0)
        row["total"] = sum(row[status.value] for status in statuses)
        kinds.append(row)
    totals = {"label": _("Total")}
    for key in [status.value for status in statuses] + ["total"]:
        totals[key] = sum(row[key] for row in kinds)
    suppress_small([*kinds, totals], [status.value for status in statuses] + ["total"])
    datasets = [
        Dataset(
            "input-kind-status",
            _("Residents' input by kind and status"),
            [
                Column("label", _("Kind"), TEXT),
                *[Column(status.value, status.label) for status in statuses],
                Column("total", _("Total"), bar=True),
            ],
            kinds,
            totals=totals,
        ),
    ]
    league = [(pk, record) for pk, record in _league(raw) if pk in agencies]
    if not every_agency:
        league = league[:AGENCIES_SHOWN]
    datasets.append(
        Dataset(
            "input-answering",
            _("How agencies answer: share answered on time and median answer time"),
            [Column("label", _("Agency"), TEXT), *ANSWER_COLUMNS],
            [_answer_row(agencies[pk].name, record, url=agencies[pk].url) for pk, record in league],
            note=_(
                "Input forwarded to the agency counts once it was answered or its deadline "
                "passed. Agencies with fewer than %(n)s such inputs are not ranked. The page "
                "shows the %(shown)s best; the CSV file has every agency."
            )
            % {"n": LEAGUE_MINIMUM, "shown": AGENCIES_SHOWN},
            totals=_answer_row(_("All agencies"), figures["answering"]),
        )
    )
    if with_regencies:
        datasets.append(input_regency_dataset(regencies, raw))
    names = {sector.pk: str(sector) for sector in sectors}
    topics = []
    for regency in regencies:
        counted = sorted(
            (
                (count, names[sector])
                for (regency_pk, sector), count in figures["regency_topic"].items()
                if regency_pk == regency.pk and count >= 3 and sector in names
            ),
            key=lambda item: (-item[0], item[1]),
        )[:TOPICS_PER_REGENCY]
        for count, name in counted:
            topics.append({"label": regency.name, "topic": name, "value": count})
    datasets.append(
        Dataset(
            "input-topics",
            _("Most common topics by regency or city"),
            [
                Column("label", _("Regency/city"), TEXT),
                Column("topic", _("Topic (sector)"), TEXT),
                Column("value", _("Input"), bar=True),
            ],
            topics,
            note=_(
                "The %(n)s sectors residents wrote about most in each place; a topic with "
                "fewer than 3 inputs is not shown."
            )
            % {"n": TOPICS_PER_REGENCY},
        )
    )
    answering = figures["answering"]
    return Section(
        "aspirasi",
        _("Residents' input"),
        _(
            "Suggestions, complaints and requests for information that were published. "
            "Confidential (rahasia) input, input held for review or hidden, and input never "
            "confirmed are not counted. Counts under 3 are shown as “< 3”."
        ),
        datasets,
        [
            (
                ngettext("input published", "inputs published", _grammar(totals["total"])),
                totals["total"],
                COUNT,
            ),
            (_("answered on time"), percent(answering["on_time"], answering["due"]), PERCENT),
            (
                _("median answer time (days)"),
                None
                if answering["median_hours"] is None
                else round(answering["median_hours"] / 24, 1),
                DAYS,
            ),
        ],
    )


# The tables per regency (also what the map shows, MAP_METRICS).


def agreement_regency_dataset(regencies, raw):
    figures = raw["agreements"]["regency"]
    return Dataset(
        "agreement-regency",
        _("Agreements by regency or city"),
        [Column("label", _("Regency/city"), TEXT), Column("value", _("Agreements"), bar=True)],
        _per_regency(regencies, lambda pk: figures.get(pk, 0)),
        note=_("An agreement carried out in several places counts in each."),
    )


def result_regency_dataset(regencies, raw):
    figures = raw["results"]["regency"]
    empty = dict.fromkeys([*RESULT_FIGURES, "reports"], 0)
    return _result_dataset(
        "result-regency",
        _("Results by regency or city"),
        _("Regency/city"),
        [
            {"label": r.name, "code": r.code, "regency": r, **figures.get(r.pk, empty)}
            for r in regencies
        ],
        note=_(
            "A report counts in every regency its agreement is carried out in, so the "
            "regencies add up to more than the province's total."
        ),
    )


def training_regency_dataset(regencies, raw):
    figures = raw["trainings"]["regency"]
    empty = dict.fromkeys(TRAINING_FIGURES, 0)
    return _training_dataset(
        "training-regency",
        _("Trainings by regency or city"),
        _("Regency/city"),
        [
            _training_row(r.name, figures.get(r.pk, empty), code=r.code, regency=r)
            for r in regencies
        ],
        note=_("Online trainings have no place and are not in this table."),
    )


def input_regency_dataset(regencies, raw):
    """Published input per regency, small counts withheld (also on the map)."""
    figures = raw["input"]["regency"]
    rows = _per_regency(regencies, lambda pk: figures.get(pk, 0))
    totals = {"label": _("All regencies and cities"), "value": sum(row["value"] for row in rows)}
    suppress_small([*rows, totals], ["value"], by_row=False)
    return Dataset(
        "input-regency",
        _("Residents' input by regency or city"),
        [Column("label", _("Regency/city"), TEXT), Column("value", _("Input"), bar=True)],
        rows,
        totals=totals,
        note=_("Input that names no place is not in this table."),
    )


# --- The page ---------------------------------------------------------------------------------

# What the map can colour the regencies by: its words, its table and the column it shades by.
MAP_METRICS = {
    "kerja-sama": (_("Agreements"), agreement_regency_dataset, "value"),
    "hasil": (_("Jobs absorbed"), result_regency_dataset, "jobs_absorbed"),
    "pelatihan": (_("Trainings"), training_regency_dataset, "trainings"),
    "aspirasi": (_("Residents' input"), input_regency_dataset, "value"),
}
DEFAULT_METRIC = "kerja-sama"


def _ranked_organisers(raw):
    organisers = raw["trainings"]["organiser"]
    return sorted(organisers.items(), key=lambda item: (-item[1]["trainings"], item[0]))


def _league(raw):
    """The agencies answering input, best first: the largest share on time, then the shortest
    median answer time; only those with LEAGUE_MINIMUM input counted."""
    return sorted(
        (
            (pk, record)
            for pk, record in raw["input"]["agency"].items()
            if record["due"] >= LEAGUE_MINIMUM
        ),
        key=lambda item: (
            -(item[1]["on_time"] / item[1]["due"]),
            item[1]["median_hours"] if item[1]["median_hours"] is not None else float("inf"),
            item[0],
        ),
    )


@dataclass(frozen=True)
class _Named:
    name: str
    url: str


class _Agencies:
    """The agencies the figures name (raw["agencies"]), each with its page's URL when asked."""

    PLACE = "slug-of-the-agency"

    def __init__(self, raw):
        self.known = raw["agencies"]
        self._address = None

    def __contains__(self, pk):
        return pk in self.known

    def __getitem__(self, pk):
        agency = self.known[pk]
        if self._address is None:
            # One reverse() for all: every agency at ten times the province is 50,000 rows
            # of the input and training tables, and reverse() took most of their second.
            self._address = reverse("agencies:detail", args=[self.PLACE])
        return _Named(agency["name"], self._address.replace(self.PLACE, agency["slug"]))


def sections(raw, filters, *, every_agency=False):
    """The page's sections for these figures. On a regency's own page (`filters.regency`) the
    per-regency tables are left out: the map beside them shows the province."""
    regencies = list(Regency.objects.order_by("name"))
    sectors = sorted(Sector.objects.all(), key=lambda sector: str(sector).lower())
    agencies = _Agencies(raw)
    with_regencies = filters.regency is None
    return [
        _agreement_section(raw, regencies, sectors, with_regencies=with_regencies),
        _result_section(raw, regencies, sectors, with_regencies=with_regencies),
        _training_section(
            raw,
            regencies,
            agencies,
            filters,
            with_regencies=with_regencies,
            every_agency=every_agency,
        ),
        _input_section(
            raw,
            regencies,
            sectors,
            agencies,
            with_regencies=with_regencies,
            every_agency=every_agency,
        ),
    ]


def dataset(raw, filters, key):
    """One dataset, whole (every agency), for its CSV file; None if there is no such key."""
    for section in sections(raw, filters, every_agency=True):
        for found in section.datasets:
            if found.key == key:
                return found
    return None


MAP_WORDS = {
    "kerja-sama": lambda n: ngettext("%(n)s agreement", "%(n)s agreements", n),
    "hasil": lambda n: ngettext("%(n)s job absorbed", "%(n)s jobs absorbed", n),
    "pelatihan": lambda n: ngettext("%(n)s training", "%(n)s trainings", n),
    "aspirasi": lambda n: ngettext("%(n)s input", "%(n)s inputs", n),
}


def regency_map(raw, metric, *, selected, url_for):
    """(the map of the regencies coloured by `metric` (one of MAP_METRICS), the table of the
    same numbers)."""
    title, make_dataset, column = MAP_METRICS[metric]
    regencies = sorted(Regency.objects.all(), key=lambda regency: regency.name)
    table = make_dataset(regencies, raw)
    for row in table.rows:
        row["url"] = url_for(row["regency"])
    values, withheld = {}, set()
    for row in table.rows:
        value = row[column]
        if value is HIDDEN:
            withheld.add(row["code"])
            value = 0  # drawn in a shade of its own; its words say "fewer than 3"
        values[row["code"]] = value

    def words(count):
        return MAP_WORDS[metric](count) % {"n": number_format(count, force_grouping=True)}

    figure = map_component(
        values,
        regencies=regencies,
        url_for=url_for,
        title=title,
        metric_label=words,
        withheld=withheld,
        withheld_label=_("fewer than 3 (withheld)"),
        # Residents' input under 3 is never shown: the legend's ranges start at 3.
        shown_from=MINIMUM_SHOWN if make_dataset is input_regency_dataset else 1,
        selected=selected,
    )
    return figure, table
