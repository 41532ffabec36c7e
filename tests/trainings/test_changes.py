"""A training that moves, changes place or is cancelled tells everyone still expecting to come,
once, with the new calendar file; a change they do not care about tells nobody."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from notifications.models import Notification, OutboundEmail
from tests.factories import UserFactory
from tests.support.trainings import make_training
from tests.trainings.conftest import edit_training, register
from trainings import services

pytestmark = pytest.mark.django_db

LINK = "https://meet.contoh.id/bimtek-kemasan"


def calendar_of(message):
    """The .ics attached to a sent e-mail, parsed."""
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    name, content, content_type = attachment
    assert content_type == "text/calendar"
    return Calendar.from_ical(content)


def unfolded(calendar):
    return calendar.to_ical().replace(b"\r\n ", b"").decode()


@pytest.fixture
def hybrid(db):
    """A hybrid training with one seat, two sessions next week: a participant with the seat,
    one on the waiting list, one who cancelled, and one with the seat who is told in English."""
    start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=7)
    training = make_training(
        title="Bimtek Pengemasan Produk UMKM",
        mode="hybrid",
        online_link=LINK,
        capacity=2,
        sessions=[
            (start, start + timedelta(hours=3)),
            (start + timedelta(days=1), start + timedelta(days=1, hours=3)),
        ],
    )
    training.seated = register(training, UserFactory(email="seated@contoh.id")).user
    training.english = register(
        training, UserFactory(email="reader@contoh.id", preferred_language="en")
    ).user
    training.waiting = register(training, UserFactory(email="waiting@contoh.id")).user
    gone = register(training, UserFactory(email="gone@contoh.id"))
    assert gone.status == "waitlisted"
    services.registration_cancel(registration=gone, by=gone.user)
    training.gone = gone.user
    return training


def moved_rows(training, hours):
    """The edit form's rows with the first session moved by `hours`."""
    rows = [
        {"id": s, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at}
        for s in training.sessions.order_by("starts_at")
    ]
    rows[0]["starts_at"] += timedelta(hours=hours)
    rows[0]["ends_at"] += timedelta(hours=hours)
    return rows


def changes_told():
    """The addresses of every change e-mail queued so far."""
    return sorted(
        OutboundEmail.objects.filter(kind="trainings.changed").values_list("to", flat=True)
    )


def test_a_moved_session_tells_the_seated_and_the_waiting_once_with_the_new_times(
    hybrid, django_capture_on_commit_callbacks
):
    training = hybrid
    first = training.sessions.order_by("starts_at").first()
    new_start = first.starts_at + timedelta(hours=2)
    mail.outbox.clear()
    bells_before = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        edit_training(training, by=training.organiser_user, sessions=moved_rows(training, 2))

    told = ["reader@contoh.id", "seated@contoh.id", "waiting@contoh.id"]
    assert changes_told() == told
    assert sorted(address for message in mail.outbox for address in message.to) == told
    # One bell each (registration news: it cannot be turned off), none for the organiser.
    bells = Notification.objects.order_by("pk")[bells_before:]
    assert sorted(n.user.email for n in bells) == told
    assert {n.kind for n in bells} == {"trainings.registration"}

    by_address = {message.to[0]: message for message in mail.outbox}
    for address in told:
        calendar = calendar_of(by_address[address])
        events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("dtstart"))
        assert events[0].decoded("dtstart") == new_start
        assert events[0].decoded("dtend") == first.ends_at + timedelta(hours=2)
        assert str(events[0]["uid"]).endswith(f"-sesi-{first.pk}@sumut-mitra")
    # The meeting link goes only to those with a seat, in the e-mail and in its calendar file.
    for address in ("seated@contoh.id", "reader@contoh.id"):
        assert LINK in by_address[address].body
        assert LINK in unfolded(calendar_of(by_address[address]))
    assert LINK not in by_address["waiting@contoh.id"].body
    assert LINK not in unfolded(calendar_of(by_address["waiting@contoh.id"]))
    assert "waiting list" not in by_address["seated@contoh.id"].body
    # Each in their own language, with the new time in WIB.
    local = timezone.localtime(new_start)
    assert by_address["reader@contoh.id"].subject == "Changed: Bimtek Pengemasan Produk UMKM"
    assert "changed the schedule" in by_address["reader@contoh.id"].body
    assert f"{local:%H.%M}" in by_address["reader@contoh.id"].body
    assert by_address["seated@contoh.id"].subject == "Ada perubahan: Bimtek Pengemasan Produk UMKM"
    assert "daftar tunggu" in by_address["waiting@contoh.id"].body

    # The same form sent again (a double click) changes nothing and tells nobody again.
    mail.outbox.clear()
    training.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        edit_training(training, by=training.organiser_user)
    assert mail.outbox == []
    assert changes_told() == told


def test_a_new_description_or_more_seats_tells_nobody_of_a_change(
    hybrid, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    bells_before = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        edit_training(
            hybrid,
            by=hybrid.organiser_user,
            description="Materi baru: label halal dan izin edar.",
            title="Bimtek Pengemasan dan Label Produk UMKM",
        )

    assert mail.outbox == []
    assert Notification.objects.count() == bells_before
    assert not OutboundEmail.objects.filter(kind="trainings.changed").exists()


def test_a_new_place_tells_them_the_new_place(hybrid, django_capture_on_commit_callbacks):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        edit_training(hybrid, by=hybrid.organiser_user, venue="Aula Disperindag, Jl. Imam Bonjol")

    assert changes_told() == ["reader@contoh.id", "seated@contoh.id", "waiting@contoh.id"]
    english = OutboundEmail.objects.get(kind="trainings.changed", to="reader@contoh.id")
    assert "changed the place" in english.body
    assert "Aula Disperindag, Jl. Imam Bonjol" in english.body
    (message,) = [m for m in mail.outbox if m.to == ["waiting@contoh.id"]]
    assert "Aula Disperindag" in unfolded(calendar_of(message))


def test_a_new_online_link_tells_only_what_each_may_see(hybrid, django_capture_on_commit_callbacks):
    new_link = "https://meet.contoh.id/ruang-baru"
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        edit_training(hybrid, by=hybrid.organiser_user, online_link=new_link)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["reader@contoh.id", "seated@contoh.id", "waiting@contoh.id"]
    assert new_link in by_address["seated@contoh.id"].body
    assert new_link not in by_address["waiting@contoh.id"].body
    assert new_link not in unfolded(calendar_of(by_address["waiting@contoh.id"]))


def test_cancelling_the_training_tells_each_participant_once_with_a_cancelled_calendar(
    hybrid, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.training_move(
            training=hybrid,
            to_status="cancelled",
            by=hybrid.organiser_user,
            note="Narasumber berhalangan.",
        )

    by_address = {}
    for message in mail.outbox:
        assert message.to[0] not in by_address, "one e-mail each"
        by_address[message.to[0]] = message
    assert sorted(by_address) == ["reader@contoh.id", "seated@contoh.id", "waiting@contoh.id"]
    assert sorted(
        OutboundEmail.objects.filter(kind="trainings.training_cancelled").values_list(
            "to", flat=True
        )
    ) == sorted(by_address)
    for message in by_address.values():
        assert "Narasumber berhalangan." in message.body
        calendar = calendar_of(message)
        assert {str(e["status"]) for e in calendar.walk("VEVENT")} == {"CANCELLED"}
        assert LINK not in unfolded(calendar)
    assert by_address["reader@contoh.id"].subject == (
        "Training cancelled: Bimtek Pengemasan Produk UMKM"
    )
