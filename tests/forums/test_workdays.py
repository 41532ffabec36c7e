"""Deadlines in working days (acceptance 4): weekends, national holidays and cuti bersama are
skipped; a deadline is the end of the day in WIB."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from forums import workdays
from forums.models import Holiday

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
UTC = ZoneInfo("UTC")


@pytest.fixture
def christmas():
    Holiday.objects.create(date=date(2026, 12, 24), name="Cuti bersama Hari Raya Natal")
    Holiday.objects.create(date=date(2026, 12, 25), name="Hari Raya Natal")


def test_three_working_days_after_a_friday_is_the_next_wednesday():
    assert workdays.add_working_days(date(2026, 12, 18), 3) == date(2026, 12, 23)


def test_without_holidays_the_week_before_christmas_runs_straight_through():
    assert workdays.add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 28)


def test_a_deadline_spanning_christmas_and_cuti_bersama_skips_both(christmas):
    # Monday 21: Tue 22, Wed 23, (Thu 24 cuti bersama, Fri 25 Natal, weekend), Mon 28, Tue 29,
    # Wed 30.
    assert workdays.add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 30)
    # Wednesday 23 + 1: the next working day is Monday 28.
    assert workdays.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)


def test_holidays_outside_the_span_change_nothing(christmas):
    assert workdays.add_working_days(date(2026, 12, 14), 3) == date(2026, 12, 17)


@pytest.mark.parametrize("start", [date(2026, 12, 19), date(2026, 12, 20)], ids=["sat", "sun"])
def test_counting_from_a_weekend_starts_on_monday(start):
    assert workdays.add_working_days(start, 1) == date(2026, 12, 21)
    assert workdays.add_working_days(start, 3) == date(2026, 12, 23)


def test_zero_working_days_is_the_same_day():
    assert workdays.add_working_days(date(2026, 12, 18), 0) == date(2026, 12, 18)


def test_is_working_day():
    assert workdays.is_working_day(date(2026, 12, 18))
    assert not workdays.is_working_day(date(2026, 12, 19))
    assert not workdays.is_working_day(date(2026, 12, 20))
    assert not workdays.is_working_day(date(2026, 12, 25), {date(2026, 12, 25)})


def test_the_deadline_is_the_end_of_the_day_in_wib():
    friday_afternoon = datetime(2026, 12, 18, 16, 30, tzinfo=WIB)
    due = workdays.deadline(friday_afternoon, 3)
    assert due == datetime(2026, 12, 23, 23, 59, 59, tzinfo=WIB)
    assert due.astimezone(WIB).time() == time(23, 59, 59)


def test_the_deadline_counts_from_the_day_in_wib_not_in_utc():
    # Thursday 18.00 UTC is already Friday 01.00 in Medan: counted from Friday, not Thursday.
    late_thursday_utc = datetime(2026, 12, 17, 18, 0, tzinfo=UTC)
    assert workdays.deadline(late_thursday_utc, 3) == datetime(2026, 12, 23, 23, 59, 59, tzinfo=WIB)


def test_the_deadline_skips_holidays(christmas):
    assert workdays.deadline(datetime(2026, 12, 22, 9, 0, tzinfo=WIB), 3) == datetime(
        2026, 12, 29, 23, 59, 59, tzinfo=WIB
    )


def test_holidays_added_late_by_an_administrator_count_at_once():
    assert workdays.add_working_days(date(2026, 12, 18), 3) == date(2026, 12, 23)
    Holiday.objects.create(date=date(2026, 12, 22), name="Libur tambahan")
    assert workdays.add_working_days(date(2026, 12, 18), 3) == date(2026, 12, 24)


def test_working_days_between():
    assert workdays.working_days_between(date(2026, 12, 18), date(2026, 12, 23)) == 3
    # Start is not counted; a weekend adds nothing.
    assert workdays.working_days_between(date(2026, 12, 18), date(2026, 12, 20)) == 0
    assert workdays.working_days_between(date(2026, 12, 18), date(2026, 12, 21)) == 1
    assert workdays.working_days_between(date(2026, 12, 23), date(2026, 12, 18)) == 0
    assert workdays.working_days_between(date(2026, 12, 18), date(2026, 12, 18)) == 0


def test_working_days_between_skips_holidays(christmas):
    # Tue 22, Wed 23, Mon 28, Tue 29, Wed 30, Thu 31.
    assert workdays.working_days_between(date(2026, 12, 21), date(2026, 12, 31)) == 6


def test_working_days_between_and_add_working_days_agree(christmas):
    start = date(2026, 12, 18)
    for count in range(1, 12):
        end = workdays.add_working_days(start, count)
        assert workdays.working_days_between(start, end) == count
