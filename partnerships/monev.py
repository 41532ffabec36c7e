"""When monev reports are due: one per half of the fiscal year (January–June, July–December)
while an agreement is in force, due MONEV_GRACE_DAYS after the half ends."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from .enums import ReportStatus

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


def schedule(agreement, reports, today=None):
    """The reporting periods of `agreement` up to today (or its end), with their reports."""
    today = today or timezone.localdate()
    last_day = min(agreement.end_date, today)
    by_period = {(report.year, report.half): report for report in reports}
    periods, day = [], agreement.start_date
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
