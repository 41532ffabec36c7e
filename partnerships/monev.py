"""When monev reports are due: one per half of the fiscal year (January–June, July–December)
while an agreement is in force, due MONEV_GRACE_DAYS after the half ends."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from .enums import AgreementStatus, ReportStatus

MONEV_GRACE_DAYS = 15


@dataclass
class Period:
    year: int
    half: int
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
        return f"{self.year}/{'I' if self.half == 1 else 'II'}"


def half_of(day):
    if day.month <= 6:
        return day.year, 1, date(day.year, 1, 1), date(day.year, 6, 30)
    return day.year, 2, date(day.year, 7, 1), date(day.year, 12, 31)


REPORTED_STATUSES = {AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED}


def period_is_reportable(agreement, year, half, today=None):
    """A half-year may be reported on when it overlaps the agreement's term and has begun."""
    today = today or timezone.localdate()
    start = date(year, 1 if half == 1 else 7, 1)
    end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    return start <= today and start <= agreement.end_date and end >= agreement.start_date


def in_force_since(agreement):
    """The day the agreement came into force on the portal (history), else its start date."""
    dates = [
        step.at
        for step in agreement.transitions.all()
        if step.to_status == AgreementStatus.IN_FORCE
    ]
    return (
        max(agreement.start_date, timezone.localdate(min(dates)))
        if dates
        else (agreement.start_date)
    )


def schedule(agreement, reports, today=None):
    """The reporting periods of `agreement` while it is in force (from the day it came into
    force on the portal, so old agreements do not pile up years of 'overdue'), with reports."""
    if agreement.status not in REPORTED_STATUSES:
        return []
    today = today or timezone.localdate()
    last_day = min(agreement.end_date, today)
    by_period = {(report.year, report.half): report for report in reports}
    periods, day = [], in_force_since(agreement)
    while day <= last_day:
        year, half, start, end = half_of(day)
        periods.append(
            Period(
                year,
                half,
                start,
                end,
                end + timedelta(days=MONEV_GRACE_DAYS),
                by_period.get((year, half)),
                today,
            )
        )
        day = end + timedelta(days=1)
    return periods


def latest_due_period(today=None):
    """The most recent half-year whose report is already due (for the 'overdue' list filter)."""
    today = today or timezone.localdate()
    year, half, start, end = half_of(today)
    while end + timedelta(days=MONEV_GRACE_DAYS) >= today:
        year, half, start, end = half_of(start - timedelta(days=1))
    return year, half, start, end
