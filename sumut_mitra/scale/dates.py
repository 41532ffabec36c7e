"""Dates as the portal's messages print them ("28 November 2026"), for reminder texts."""

import datetime

from .base import DAY, EPOCH, WIB, local_day

MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],  # fmt: skip
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],  # fmt: skip
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def long_date(day, language="id"):
    value = EPOCH + datetime.timedelta(days=day)
    return f"{value.day} {MONTHS.get(language, MONTHS['id'])[value.month - 1]} {value.year}"


def ymd(day):
    value = EPOCH + datetime.timedelta(days=day)
    return value.year, value.month, value.day


WEEKDAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def when(moment, language="id"):
    """ "Senin, 28 November 2026, 08.00 WIB", as trainings.reminders prints a start."""
    day = local_day(moment)
    seconds = (moment + WIB) % DAY
    weekday = WEEKDAYS.get(language, WEEKDAYS["id"])[(day + 3) % 7]
    return (
        f"{weekday}, {long_date(day, language)}, {seconds // 3600:02d}.{seconds // 60 % 60:02d} WIB"
    )
