"""Public figures of residents' input (the Data & Statistik page and the open data).

Only published input counts (rules.public_submissions): rahasia input, input held for review,
hidden or quarantined, and input whose address was never confirmed change no figure. Counts are
plain numbers keyed by stored values (a kind's and a status's code, an agency's, a regency's or a
sector's primary key); the page puts the words on them and withholds the small ones
(core.datasets.suppress_small). Filters: `year` (the year it was sent), `sector`, `regency`.

Answering on time: a forwarded input counts once it was answered or its answer deadline passed;
it was answered on time when the (first) answer came by the deadline. The answer time runs from
forwarding to the answer.
"""

from django.db.models import Count, F, Q
from django.utils import timezone

from core.aggregates import Median
from core.querysets import given

from .rules import public_submissions


def published_input(*, year=None, sector=None, regency=None):
    return public_submissions().filter(
        **given(created_at__year=year, sector=sector, regency=regency)
    )


def _answering():
    now = timezone.now()
    answered = Q(answered_at__isnull=False)
    return {
        "due": Count("pk", filter=answered | Q(answer_due__lt=now)),
        "answered": Count("pk", filter=answered),
        "on_time": Count("pk", filter=answered & Q(answered_at__lte=F("answer_due"))),
        "median": Median(F("answered_at") - F("forwarded_at"), filter=answered),
    }


def _answer_record(row):
    median = row["median"]
    return {
        "due": row["due"],
        "answered": row["answered"],
        "on_time": row["on_time"],
        "median_hours": None if median is None else round(median.total_seconds() / 3600, 1),
    }


def input_figures(*, year=None, sector=None, regency=None):
    """Published input by kind and status, by regency, the most common topics (sectors) of each
    regency, and how each agency answers what was forwarded to it."""
    submissions = published_input(year=year, sector=sector, regency=regency)
    forwarded = submissions.filter(
        assigned_agency__isnull=False, forwarded_at__isnull=False, answer_due__isnull=False
    )
    return {
        "kind_status": {
            (row["kind"], row["status"]): row["n"]
            for row in submissions.values("kind", "status").annotate(n=Count("pk"))
        },
        "regency": {
            row["regency_id"]: row["n"]
            for row in submissions.filter(regency__isnull=False)
            .values("regency_id")
            .annotate(n=Count("pk"))
        },
        "regency_topic": {
            (row["regency_id"], row["sector_id"]): row["n"]
            for row in submissions.filter(regency__isnull=False, sector__isnull=False)
            .values("regency_id", "sector_id")
            .annotate(n=Count("pk"))
        },
        "answering": _answer_record(forwarded.aggregate(**_answering())),
        "agency": {
            row["assigned_agency_id"]: _answer_record(row)
            for row in forwarded.values("assigned_agency_id").annotate(**_answering())
        },
    }
