"""Public figures of agreements and their results (the Data & Statistik page and the open data).

Only what the public list shows counts: public agreements in force or completed
(rules.public_agreements); an internal agreement, or one still in the making, changes no figure.
Results come from accepted monev reports of those agreements only.

Every function returns plain numbers keyed by stored values (a kind's code, a sector's or a
regency's primary key), the same in every language: the page puts the words on them.
Filters: `year` (the year an agreement started; for results the report's year), `sector`,
`regency` (an agreement's locations).
"""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .enums import AgreementStatus, ReportStatus
from .models import Agreement, Contribution, MonevReport
from .rules import public_agreements

# An agreement "ends soon" within this many days: the renewal pipeline.
ENDING_SOON_DAYS = 90
RESULT_FIGURES = ("jobs_absorbed", "investment_realised", "trainees", "ikm_assisted")


def _agreements(*, sector=None, regency=None):
    queryset = public_agreements()
    if sector is not None:
        queryset = queryset.filter(pk__in=sector.agreements.values("pk"))
    if regency is not None:
        queryset = queryset.filter(pk__in=regency.agreements.values("pk"))
    return queryset


def _counted(rows, key):
    return {row[key]: row["n"] for row in rows if row[key] is not None}


def agreement_figures(*, year=None, sector=None, regency=None):
    """Counts of public agreements: by status (as the public reads it), kind, kind of
    cooperation, sector, regency and starting year, and their financing by source."""
    agreements = _agreements(sector=sector, regency=regency)
    if year:
        agreements = agreements.filter(start_date__year=year)
    today = timezone.localdate()
    in_force = Q(status=AgreementStatus.IN_FORCE, end_date__gte=today)
    status = agreements.aggregate(
        total=Count("pk"),
        in_force=Count("pk", filter=in_force),
        ending_soon=Count(
            "pk", filter=in_force & Q(end_date__lte=today + timedelta(days=ENDING_SOON_DAYS))
        ),
        expired=Count("pk", filter=Q(status=AgreementStatus.IN_FORCE, end_date__lt=today)),
        completed=Count("pk", filter=Q(status=AgreementStatus.COMPLETED)),
    )
    ids = agreements.values("pk")
    sectors = Agreement.sectors.through.objects.filter(agreement__in=ids)
    locations = Agreement.locations.through.objects.filter(agreement__in=ids)
    money = (
        Contribution.objects.filter(agreement__in=ids)
        .values("source")
        .annotate(planned=Sum("planned"), realised=Sum("realised"))
    )
    return {
        "status": status,
        "kind": _counted(agreements.values("kind").annotate(n=Count("pk")), "kind"),
        "cooperation": _counted(
            agreements.values("cooperation_kind").annotate(n=Count("pk")), "cooperation_kind"
        ),
        "sector": _counted(sectors.values("sector_id").annotate(n=Count("pk")), "sector_id"),
        "regency": _counted(locations.values("regency_id").annotate(n=Count("pk")), "regency_id"),
        "year": _counted(
            agreements.annotate(started=ExtractYear("start_date"))
            .values("started")
            .annotate(n=Count("pk")),
            "started",
        ),
        "financing": {
            row["source"]: {"planned": row["planned"] or 0, "realised": row["realised"] or 0}
            for row in money
        },
    }


def _sums():
    return {name: Sum(name) for name in RESULT_FIGURES} | {"reports": Count("pk")}


def _summed(row):
    return {name: row[name] or 0 for name in (*RESULT_FIGURES, "reports")}


def result_figures(*, year=None, sector=None, regency=None):
    """What the accepted monev reports of public agreements say was achieved: jobs absorbed,
    investment realised (Rp), trainees, IKM/UMKM assisted; in total (each report once), per
    regency and per sector (a report counts in every regency and sector of its agreement), and
    per reporting year."""
    reports = MonevReport.objects.filter(
        status=ReportStatus.ACCEPTED,
        agreement__in=_agreements(sector=sector, regency=regency).values("pk"),
    )
    if year:
        reports = reports.filter(year=year)
    sums = _sums()
    return {
        "total": _summed(reports.aggregate(**sums)),
        "regency": {
            row["agreement__locations"]: _summed(row)
            for row in reports.values("agreement__locations").annotate(**sums)
            if row["agreement__locations"] is not None
        },
        "sector": {
            row["agreement__sectors"]: _summed(row)
            for row in reports.values("agreement__sectors").annotate(**sums)
            if row["agreement__sectors"] is not None
        },
        "year": {row["year"]: _summed(row) for row in reports.values("year").annotate(**sums)},
    }
