"""Acceptance 5: calendar files with one event per session, whose UIDs never change."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.support.trainings import make_training
from tests.trainings.conftest import edit_training
from trainings import services
from trainings.calendar import feed_calendar, training_calendar
from trainings.models import Training

pytestmark = pytest.mark.django_db

LINK = "https://meet.contoh.id/pelatihan-juru-las"


def events(ics):
    return Calendar.from_ical(ics).walk("VEVENT")


def by_uid(ics):
    return {str(event["uid"]): event for event in events(ics)}


@pytest.fixture
def training():
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    return make_training(
        title="Bimtek Pengemasan Produk UMKM",
        sessions=[
            (start, start + timedelta(hours=3)),
            (start + timedelta(days=1), start + timedelta(days=1, hours=3)),
            (start + timedelta(days=2), start + timedelta(days=2, hours=3)),
        ],
    )


def test_one_event_per_session_with_its_times(training):
    ics = training_calendar(training)

    found = events(ics)
    sessions = list(training.sessions.order_by("starts_at"))
    assert len(found) == len(sessions) == 3
    assert [event.decoded("dtstart") for event in found] == [s.starts_at for s in sessions]
    assert [event.decoded("dtend") for event in found] == [s.ends_at for s in sessions]
    assert [str(event["summary"]) for event in found] == [
        f"Bimtek Pengemasan Produk UMKM ({n}/3)" for n in (1, 2, 3)
    ]
    assert {str(event["status"]) for event in found} == {"CONFIRMED"}
    assert all(str(event["url"]).endswith(training.get_absolute_url()) for event in found)


def test_uids_are_stable_and_an_edit_changes_start_and_sequence(training):
    before = by_uid(training_calendar(training))
    assert by_uid(training_calendar(training)).keys() == before.keys()
    assert len(set(before)) == 3
    # An edit comes a few seconds after the previous save, not necessarily in a new minute.
    Training.objects.filter(pk=training.pk).update(updated_at=timezone.now() - timedelta(seconds=3))
    training.refresh_from_db()
    before = by_uid(training_calendar(training))

    sessions = list(training.sessions.order_by("starts_at"))
    moved, original_start = sessions[1], sessions[1].starts_at
    rows = [
        {"id": s, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at}
        for s in sessions
    ]
    rows[1]["starts_at"] += timedelta(hours=2)
    rows[1]["ends_at"] += timedelta(hours=2)
    edited = edit_training(training, by=training.organiser_user, sessions=rows)

    after = by_uid(training_calendar(edited))
    assert after.keys() == before.keys()
    uid = next(uid for uid in after if uid.endswith(f"-sesi-{moved.pk}@sumut-mitra"))
    assert before[uid].decoded("dtstart") == original_start
    assert after[uid].decoded("dtstart") == original_start + timedelta(hours=2)
    for uid in after:
        assert int(after[uid]["sequence"]) > int(before[uid]["sequence"]), uid


def test_a_cancelled_training_cancels_its_events(training):
    cancelled = services.training_move(
        training=training,
        to_status="cancelled",
        by=training.organiser_user,
        note="Narasumber berhalangan.",
    )

    found = events(training_calendar(cancelled))

    assert len(found) == 3
    assert {str(event["status"]) for event in found} == {"CANCELLED"}
    assert b"STATUS:CANCELLED" in training_calendar(cancelled)


def unfolded(ics):
    return ics.replace(b"\r\n ", b"").decode()


def test_the_online_link_is_in_the_calendar_only_when_asked_for():
    training = make_training(mode="online", online_link=LINK, venue="", regency=None)

    public = training_calendar(training)
    private = training_calendar(training, with_link=True)

    assert LINK not in unfolded(public)
    (event,) = events(private)
    assert LINK in str(event["description"])
    assert str(event["location"]) == LINK
    # The public feed of many trainings never carries links.
    assert LINK not in unfolded(feed_calendar([training], "Pelatihan Sumut Mitra"))


def test_a_hybrid_trainings_location_stays_the_venue_with_the_link_in_the_description():
    training = make_training(mode="hybrid", online_link=LINK)

    (event,) = events(training_calendar(training, with_link=True))

    assert str(event["location"]).startswith("BLK Medan")
    assert LINK in str(event["description"])
