"""Working days: Monday to Friday, minus the holidays in the admin-editable table.

Deadlines are counted in whole working days in WIB: a submission received on a Friday afternoon
with 3 working days to go is due at the end of the following Wednesday.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Holiday


def holidays_between(start, end):
    return set(
        Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def is_working_day(day, holidays=frozenset()):
    return day.weekday() < 5 and day not in holidays


def add_working_days(day, count):
    """The date `count` working days after `day` (a date)."""
    holidays = holidays_between(day, day + timedelta(days=count * 3 + 30))
    current = day
    added = 0
    while added < count:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            added += 1
    return current


def deadline(moment, count):
    """The end (23.59 WIB) of the `count`-th working day after `moment` (an aware datetime)."""
    day = add_working_days(timezone.localtime(moment).date(), count)
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def working_days_between(start, end):
    """Whole working days from `start` to `end` (dates), not counting `start`."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(days=n), holidays)
    )
