"""When monev reports are due: a number of periods per fiscal year set on each agreement
(twice a year by default: January–June and July–December), while the agreement is in force,
each due MONEV_GRACE_DAYS after its period ends."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from .enums import AgreementStatus, ReportStatus

MONEV_GRACE_DAYS = 15
FREQUENCIES = (1, 2, 4)  # yearly, twice a year, quarterly


def bounds(year, period, per_year):
    """First and last day of period number `period` (1..per_year) of `year`."""
    months = 12 // per_year
    first_month = (period - 1) * months + 1
    last_month = first_month + months - 1
    return (
        date(year, first_month, 1),
        date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def period_of(day, per_year):
    """(year, period, start, end) of the period that contains `day`."""
    period = (day.month - 1) // (12 // per_year) + 1
    return (day.year, period, *bounds(day.year, period, per_year))


def label(year, period, per_year):
    if per_year == 1:
        return str(year)
    if per_year == 2:
        return f"{year}/{'I' if period == 1 else 'II'}"
    return f"{year}/TW{period}"


@dataclass
class Period:
    year: int
    number: int
    per_year: int
    start: date
    end: date
    due: date
    report: object = None
    today: date = None

    @property
    def overdue(self):
        received = self.report is not None and self.report.status != ReportStatus.RETURNED
        return not received and (self.today or timezone.localdate()) > self.due

    @property
    def label(self):
        return label(self.year, self.number, self.per_year)


REPORTED_STATUSES = {AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED}


def period_is_reportable(agreement, year, period, today=None):
    """A period may be reported on when it exists, overlaps the term and has begun."""
    if not 1 <= period <= agreement.monev_per_year:
        return False
    today = today or timezone.localdate()
    start, end = bounds(year, period, agreement.monev_per_year)
    return start <= today and start <= agreement.end_date and end >= agreement.start_date


def in_force_since(agreement):
    """The day the agreement came into force on the portal (history), else its start date."""
    dates = [
        step.at
        for step in agreement.transitions.all()
        if step.to_status == AgreementStatus.IN_FORCE
    ]
    if not dates:
        return agreement.start_date
    return max(agreement.start_date, timezone.localdate(min(dates)))


def schedule(agreement, reports, today=None):
    """The reporting periods of `agreement` while it is in force (from the day it came into
    force on the portal, so old agreements do not pile up years of 'overdue'), with reports."""
    if agreement.status not in REPORTED_STATUSES:
        return []
    today = today or timezone.localdate()
    per_year = agreement.monev_per_year
    last_day = min(agreement.end_date, today)
    by_period = {(report.year, report.period): report for report in reports}
    periods, day = [], in_force_since(agreement)
    while day <= last_day:
        year, number, start, end = period_of(day, per_year)
        due = end + timedelta(days=MONEV_GRACE_DAYS)
        periods.append(
            Period(year, number, per_year, start, end, due, by_period.get((year, number)), today)
        )
        day = end + timedelta(days=1)
    return periods


def latest_due_period(per_year, today=None):
    """The most recent period whose report is already due (for the 'overdue' list filter)."""
    today = today or timezone.localdate()
    year, number, start, end = period_of(today, per_year)
    while end + timedelta(days=MONEV_GRACE_DAYS) >= today:
        year, number, start, end = period_of(start - timedelta(days=1), per_year)
    return year, number, start, end


def period_in_grace(per_year, today=None):
    """The period that has ended but whose report is not due yet (its grace days run), as
    (year, period, start, end), or None when no period is in its grace days today."""
    today = today or timezone.localdate()
    _year, _number, start, _end = period_of(today, per_year)
    year, number, start, end = period_of(start - timedelta(days=1), per_year)
    if end + timedelta(days=MONEV_GRACE_DAYS) >= today:
        return year, number, start, end
    return None
