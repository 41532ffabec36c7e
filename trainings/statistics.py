"""Public figures of trainings (the Data & Statistik page and the open data).

Counted: trainings open to the public that were published or held (a draft, a cancelled or a
staff-only training changes no figure), and their participants: registrations that got a seat.
Attendance is measured over trainings that have ended. Plain numbers keyed by stored values
(months as dates, agencies' and regencies' primary keys); the page puts the words on them.
Filters: `year` (the year a training starts), `sector`, `regency` (where it is held).
"""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.querysets import given

from .enums import ATTENDED, CONFIRMED, Audience, CertificateStatus, TrainingStatus
from .models import Organiser, Registration, Training


def public_trainings(*, year=None, sector=None, regency=None):
    return Training.objects.filter(
        audience=Audience.PUBLIC,
        status__in=[TrainingStatus.PUBLISHED, TrainingStatus.COMPLETED],
        starts_at__isnull=False,
        **given(starts_at__year=year, sector=sector, regency=regency),
    )


def _participants(prefix=""):
    """Aggregates over registrations (reached through `prefix` from the grouped rows)."""
    status = f"{prefix}status"
    ended = Q(**{f"{prefix}training__ends_at__lt": timezone.now()})
    return {
        "participants": Count(f"{prefix}pk", filter=Q(**{f"{status}__in": CONFIRMED})),
        # Of those with a seat in a training that has ended: how many came.
        "expected": Count(f"{prefix}pk", filter=ended & Q(**{f"{status}__in": CONFIRMED})),
        "attended": Count(f"{prefix}pk", filter=ended & Q(**{f"{status}__in": ATTENDED})),
        "certificates": Count(
            f"{prefix}certificate",
            filter=Q(**{f"{prefix}certificate__status": CertificateStatus.READY}),
        ),
    }


FIGURES = ("trainings", "participants", "expected", "attended", "certificates")


def _figures(row, trainings):
    return {"trainings": trainings, **{name: row.get(name) or 0 for name in FIGURES[1:]}}


def training_figures(*, year=None, sector=None, regency=None):
    """Trainings and their participants, attendance and certificates issued: in total, per
    month of the start, per organising agency (a joint training counts for each organiser) and
    per regency."""
    trainings = public_trainings(year=year, sector=sector, regency=regency)
    ids = trainings.values("pk")
    registrations = Registration.objects.filter(training__in=ids)
    total = registrations.aggregate(**_participants())

    def grouped(trainings_by, registrations_by):
        counts = {row["key"]: row["n"] for row in trainings_by}
        figures = {row["key"]: row for row in registrations_by}
        return {key: _figures(figures.get(key, {}), n) for key, n in counts.items()}

    by_month = grouped(
        trainings.annotate(key=TruncMonth("starts_at")).values("key").annotate(n=Count("pk")),
        registrations.annotate(key=TruncMonth("training__starts_at"))
        .values("key")
        .annotate(**_participants()),
    )
    organisers = Organiser.objects.filter(training__in=ids)
    by_organiser = grouped(
        organisers.values(key=F("agency_id")).annotate(n=Count("training_id", distinct=True)),
        registrations.filter(training__organiser_rows__isnull=False)
        .values(key=F("training__organiser_rows__agency_id"))
        .annotate(**_participants()),
    )
    by_regency = grouped(
        trainings.filter(regency__isnull=False).values(key=F("regency_id")).annotate(n=Count("pk")),
        registrations.filter(training__regency__isnull=False)
        .values(key=F("training__regency_id"))
        .annotate(**_participants()),
    )
    return {
        "total": _figures(total, trainings.count()),
        "month": {key.date(): figures for key, figures in by_month.items()},
        "organiser": by_organiser,
        "regency": by_regency,
    }
