"""Calendar files: one VEVENT per session, with UIDs that never change, so calendar apps update
an event they already have instead of adding a copy."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from core import text
from core.http import absolute_url

from .enums import Mode, TrainingStatus

DOMAIN = "sumut-mitra"
# SEQUENCE counts seconds from here: it grows with edits a second apart (minutes did not), stays
# above the minute counts handed out before, and fits a 32-bit integer until 2088.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def session_uid(session):
    return f"{session.training.reference}-sesi-{session.pk}@{DOMAIN}"


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//Sumut Mitra//Pelatihan//ID")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _events(training, *, with_link=False):
    url = absolute_url(training.get_absolute_url())
    place = ", ".join(p for p in [training.venue, str(training.regency or "")] if p)
    sessions = list(training.sessions.all())
    for number, session in enumerate(sessions, start=1):
        event = Event()
        event.add("uid", session_uid(session))
        summary = training.title
        if len(sessions) > 1:
            summary = f"{training.title} ({number}/{len(sessions)})"
        event.add("summary", summary)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("dtstamp", timezone.now())
        event.add("last-modified", training.updated_at)
        # Grows with every change, so clients take the newer version.
        event.add("sequence", int((training.updated_at - SEQUENCE_EPOCH).total_seconds()))
        event.add("url", url)
        description = text.excerpt(training.description, 1000)  # the rest is at the url
        if with_link and training.online_link:
            description = f"{description}\n\n{training.online_link}"
            location = training.online_link if training.mode == Mode.ONLINE else place
        else:
            location = place
        if location:
            event.add("location", location)
        event.add("description", description)
        event.add(
            "status", "CANCELLED" if training.status == TrainingStatus.CANCELLED else "CONFIRMED"
        )
        yield event


def training_calendar(training, *, with_link=False):
    calendar = _calendar(training.title)
    for event in _events(training, with_link=with_link):
        calendar.add_component(event)
    return calendar.to_ical()


def feed_calendar(trainings, name):
    calendar = _calendar(name)
    for training in trainings:
        for event in _events(training):
            calendar.add_component(event)
    return calendar.to_ical()
