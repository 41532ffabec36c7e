"""A test clock: `timezone.now()` answers it, and it only moves forward (the process edge)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

WIB = ZoneInfo("Asia/Jakarta")


def wib(day, hour=8, minute=0, second=0):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=WIB)


class Clock:
    """What `timezone.now()` answers during a test: a Monday 09.00 WIB one to seven days from
    today (after every real `created_at` that factories and model defaults write)."""

    def __init__(self):
        today = datetime.now(WIB).date()
        self.now = wib(today + timedelta(days=7 - today.weekday()), 9)

    def __call__(self):
        return self.now

    def today(self):
        return timezone.localdate(self.now)

    def travel(self, moment):
        assert moment >= self.now, "the clock only moves forward"
        self.now = moment
