"""The outbox: rendered in the recipient's language, sent once, retried, swept."""

import base64
import threading
from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from notifications.enums import EmailStatus
from notifications.models import OutboundEmail
from notifications.services import (
    EmailSendFailed,
    email_queue,
    email_resend,
    email_send,
    outbox_sweep,
)
from notifications.tasks import send_email
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("eager_tasks")

# The smallest PNG there is: one transparent pixel.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
UNREACHABLE = "tests.support.email.UnreachableSmtpBackend"


def queue(to="rina@contoh.id", language="id", about=None, **context):
    return email_queue(
        to=to,
        template="training_registration",
        context={
            "event": "approved",
            "name": "Rina Situmorang",
            "training": {"title": "Pelatihan Juru Las SMAW"},
            "code": "ABCD-EFGH-JK",
            "url": "https://sumutmitra.test/pelatihan/PL-2026-00001/pendaftaran/",
            **context,
        },
        language=language,
        kind="trainings.approved",
        about=about,
    )


def age(email, **fields):
    OutboundEmail.objects.filter(pk=email.pk).update(**fields)


@pytest.mark.django_db
class TestQueue:
    def test_the_message_is_rendered_in_the_recipients_language_not_the_senders(self):
        with translation.override("en"):
            indonesian = queue(language="id")
        with translation.override("id"):
            english = queue(to="sarah@contoh.id", language="en")

        assert indonesian.body.startswith("Yth. Rina Situmorang,")
        assert english.body.startswith("Hello Rina Situmorang,")
        assert '<html lang="id">' in indonesian.html
        assert '<html lang="en">' in english.html
        assert (indonesian.language, english.language) == ("id", "en")
        for email in (indonesian, english):
            assert "ABCD-EFGH-JK" not in email.body  # no token: no check-in code
            assert "Pelatihan Juru Las SMAW" in email.subject
            assert "\n" not in email.subject
            assert (email.status, email.attempts, email.kind) == ("queued", 0, "trainings.approved")

    def test_the_row_knows_what_it_is_about(self):
        person = UserFactory()

        email = queue(about=person)

        assert email.content_type == ContentType.objects.get_for_model(person)
        assert email.object_id == str(person.pk)
        assert email.about == person

    def test_it_is_sent_only_after_the_transaction_commits(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            email = queue()
        assert mail.outbox == []
        assert len(callbacks) == 1

        callbacks[0]()

        email.refresh_from_db()
        assert email.status == EmailStatus.SENT
        assert [m.to for m in mail.outbox] == [["rina@contoh.id"]]


@pytest.mark.django_db
class TestSend:
    def test_sending_the_same_message_twice_sends_one_email(self):
        email = queue()

        assert email_send(pk=email.pk) is True
        assert email_send(pk=email.pk) is False

        email.refresh_from_db()
        assert (email.status, email.attempts) == ("sent", 1)
        assert email.sent_at is not None
        (message,) = mail.outbox
        assert (message.to, message.subject, message.body) == (
            ["rina@contoh.id"],
            email.subject,
            email.body,
        )
        assert message.alternatives[0] == (email.html, "text/html")

    def test_enqueuing_the_same_delivery_twice_sends_one_email(self):
        email = queue()

        send_email.delay(email.pk)
        send_email.delay(email.pk)

        assert len(mail.outbox) == 1
        email.refresh_from_db()
        assert (email.status, email.attempts) == ("sent", 1)

    def test_a_refused_message_is_marked_failed_and_an_admin_can_send_it_again(
        self, settings, django_capture_on_commit_callbacks, admin_user
    ):
        email = queue()
        settings.EMAIL_BACKEND = UNREACHABLE

        with pytest.raises(EmailSendFailed):
            email_send(pk=email.pk)

        email.refresh_from_db()
        assert (email.status, email.attempts) == ("failed", 1)
        assert email.last_error.startswith("ConnectionRefusedError")
        assert "Connection refused" in email.last_error
        assert email.sent_at is None
        assert mail.outbox == []

        # A retry meets the same refusal and counts it.
        with pytest.raises(EmailSendFailed):
            email_send(pk=email.pk)
        email.refresh_from_db()
        assert (email.status, email.attempts) == ("failed", 2)

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        with django_capture_on_commit_callbacks(execute=True):
            assert email_resend(email=email, by=admin_user) is True

        email.refresh_from_db()
        assert (email.status, email.attempts, email.last_error) == ("sent", 1, "")
        assert len(mail.outbox) == 1

    def test_resend_puts_a_failed_message_back_in_the_queue(self, settings, admin_user):
        email = queue()
        settings.EMAIL_BACKEND = UNREACHABLE
        with pytest.raises(EmailSendFailed):
            email_send(pk=email.pk)

        assert email_resend(email=email, by=admin_user) is True

        email.refresh_from_db()
        assert (email.status, email.attempts, email.last_error) == ("queued", 0, "")

    def test_a_sent_message_is_not_sent_again(self, admin_user):
        email = queue()
        email_send(pk=email.pk)

        assert email_resend(email=email, by=admin_user) is False

        email.refresh_from_db()
        assert email.status == "sent"
        assert len(mail.outbox) == 1

    def test_a_message_that_failed_too_often_is_left_alone(self, settings):
        email = queue()
        age(email, status=EmailStatus.FAILED, attempts=settings.BACKGROUND_MAX_ATTEMPTS)

        assert email_send(pk=email.pk) is False

        assert mail.outbox == []

    def test_inline_images_travel_with_a_content_id(self):
        email = email_queue(
            to="rina@contoh.id",
            template="training_registration",
            context={
                "event": "approved",
                "name": "Rina",
                "training": {"title": "Pelatihan Juru Las SMAW"},
                "code": "ABCD-EFGH-JK",
                "token": "ABCDEFGHJK:signature",
                "url": "https://sumutmitra.test/",
            },
            language="en",
            kind="trainings.approved",
            inline_images={"qr": PIXEL},
        )
        assert 'src="cid:qr"' in email.html

        email_send(pk=email.pk)

        (message,) = mail.outbox
        built = message.message()
        assert built.get_content_type() == "multipart/related"
        (image,) = [part for part in built.walk() if part.get_content_maintype() == "image"]
        assert image["Content-ID"] == "<qr>"
        assert image.get_content_disposition() == "inline"
        assert image.get_filename() == "qr.png"
        assert image.get_content_type() == "image/png"
        assert image.get_payload(decode=True) == PIXEL

    def test_attached_files_are_kept_with_the_row_and_sent_with_it(self):
        ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
        email = email_queue(
            to="rina@contoh.id",
            template="reminder",
            context={"title": "Besok: Pelatihan Juru Las SMAW", "body": "Sampai jumpa."},
            language="id",
            kind="trainings.changed",
            attachments=[("PL-2026-00001.ics", ics, "text/calendar")],
        )

        # The worker that sends it has only the row.
        email_send(pk=OutboundEmail.objects.get(pk=email.pk).pk)

        (message,) = mail.outbox
        (attachment,) = message.attachments
        name, content, content_type = attachment
        assert (name, content_type) == ("PL-2026-00001.ics", "text/calendar")
        assert (content.encode() if isinstance(content, str) else content) == ics


@pytest.mark.django_db
def test_the_sweep_enqueues_again_what_was_lost_and_nothing_else(settings):
    now = timezone.now()
    lost = queue(to="lost@contoh.id")
    age(lost, created_at=now - timedelta(minutes=3))
    fresh = queue(to="fresh@contoh.id")  # its own task is still on its way
    age(fresh, created_at=now - timedelta(seconds=30))
    abandoned = queue(to="abandoned@contoh.id")  # a worker died while sending it
    age(
        abandoned,
        status=EmailStatus.SENDING,
        attempts=1,
        created_at=now - timedelta(hours=1),
        claimed_at=now - timedelta(minutes=11),
    )
    busy = queue(to="busy@contoh.id")  # a live worker is sending it right now
    age(
        busy,
        status=EmailStatus.SENDING,
        attempts=1,
        created_at=now - timedelta(hours=1),
        claimed_at=now - timedelta(seconds=5),
    )
    sent = queue(to="sent@contoh.id")
    age(sent, status=EmailStatus.SENT, created_at=now - timedelta(hours=1))
    exhausted = queue(to="exhausted@contoh.id")
    age(exhausted, attempts=settings.BACKGROUND_MAX_ATTEMPTS, created_at=now - timedelta(hours=1))

    assert outbox_sweep() == 2

    assert sorted(m.to[0] for m in mail.outbox) == ["abandoned@contoh.id", "lost@contoh.id"]
    statuses = dict(OutboundEmail.objects.values_list("to", "status"))
    assert statuses == {
        "lost@contoh.id": "sent",
        "fresh@contoh.id": "queued",
        "abandoned@contoh.id": "sent",
        "busy@contoh.id": "sending",
        "sent@contoh.id": "sent",
        "exhausted@contoh.id": "failed",  # tried too often: given up, for an admin to resend
    }


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_message_at_once_send_it_once():
    # A queued row as a redelivered task finds it (queue() would send it at once: autocommit).
    email = OutboundEmail.objects.create(
        to="rina@contoh.id", subject="Uji", body="Uji.", kind="test", language="id"
    )
    barrier = threading.Barrier(2)
    results, failures = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(email_send(pk=email.pk))
        except Exception as exc:  # reported below, in the test's own thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


# --- Lost work and the attempt cap (core/background.py) -------------------------------------------


def later(settings, leases=1):
    """A moment after `leases` leases have passed (the sweep's idea of lost)."""
    return timezone.now() + timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS * leases + 1)


@pytest.mark.django_db
def test_a_failed_message_whose_retry_was_lost_is_sent_by_the_sweep(settings):
    """The server refused the first attempt; the task's retry message never arrived (Redis
    restarted). The sweep sends it: it no longer stays failed for ever."""
    email = queue()
    settings.EMAIL_BACKEND = UNREACHABLE
    with pytest.raises(EmailSendFailed):
        email_send(pk=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age(email, created_at=timezone.now() - timedelta(hours=1))
    age(email, claimed_at=timezone.now() - timedelta(minutes=30))  # the retry never came

    assert outbox_sweep() == 1

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert [m.to for m in mail.outbox] == [["rina@contoh.id"]]


@pytest.mark.django_db
def test_a_failed_message_older_than_the_retry_window_stays_failed(settings):
    """Deployed onto an outbox with failures from weeks ago: those are not sent now."""
    settings.OUTBOX_RETRY_HOURS = 24
    email = queue()
    settings.EMAIL_BACKEND = UNREACHABLE
    with pytest.raises(EmailSendFailed):
        email_send(pk=email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    age(email, created_at=timezone.now() - timedelta(hours=25))
    age(email, claimed_at=timezone.now() - timedelta(hours=25))

    assert outbox_sweep() == 0
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert mail.outbox == []

    age(email, created_at=timezone.now() - timedelta(hours=23))  # within the window: sent
    assert outbox_sweep() == 1
    email.refresh_from_db()
    assert email.status == "sent"


@pytest.mark.django_db
def test_a_lost_message_is_enqueued_again_once_however_often_the_sweep_runs(
    settings, idle_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue()  # its message is lost: the after-commit enqueue never runs
    sweep_at = later(settings)

    assert outbox_sweep(now=sweep_at) == 1
    assert outbox_sweep(now=sweep_at) == 0
    assert outbox_sweep(now=sweep_at + timedelta(seconds=30)) == 0

    assert idle_broker.queued() == [("notifications.tasks.send_email", f"({email.pk},)")]
    send_email.apply(args=(email.pk,))  # what the worker does with that one message
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
    assert len(mail.outbox) == 1
    assert outbox_sweep(now=later(settings, leases=10)) == 0  # done: never again
    assert len(idle_broker.queued()) == 1


@pytest.mark.django_db
def test_a_message_that_keeps_failing_stops_at_the_cap_and_is_marked_failed(settings, idle_broker):
    settings.BACKGROUND_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = UNREACHABLE
    email = OutboundEmail.objects.create(
        to="rina@contoh.id", subject="Uji", body="Uji.", kind="test", language="id"
    )
    sweeps = []
    for hours in range(1, 6):  # each sweep far enough apart for any backoff
        with pytest.raises(EmailSendFailed) if email.attempts < 3 else nullcontext():
            email_send(pk=email.pk)  # the worker, given the sweep's message (or the first)
        email.refresh_from_db()
        sweeps.append(outbox_sweep(now=timezone.now() + timedelta(hours=hours)))

    assert sweeps == [1, 1, 0, 0, 0]
    assert len(idle_broker.queued()) == 2
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 3)
    assert "Connection refused" in email.last_error
    assert mail.outbox == []
    assert email_send(pk=email.pk) is False  # a late retry message does nothing


@pytest.mark.django_db(transaction=True)
def test_a_reminder_email_is_left_to_its_delivery(settings, idle_broker):
    """A reminder's e-mail failed with its delivery: the delivery's own retry sends it, so the
    outbox sweep does not send it a second time."""
    from notifications.models import Delivery, Reminder, ReminderRule

    rule = ReminderRule.objects.create(key="test", label="Uji", offsets=[0])
    person = UserFactory()
    reminder = Reminder.objects.create(
        rule=rule,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        offset=0,
        moment=timezone.now(),
        due_at=timezone.now(),
    )
    delivery = Delivery.objects.create(reminder=reminder, user=person, status="failed", attempts=1)
    OutboundEmail.objects.create(
        to=person.email,
        subject="Uji",
        body="Uji.",
        kind="reminder.test",
        language="id",
        delivery=delivery,
        status=EmailStatus.FAILED,
        attempts=1,
        created_at=timezone.now() - timedelta(hours=1),
    )

    assert outbox_sweep(now=later(settings)) == 0
    assert idle_broker.queued() == []


@pytest.mark.django_db
def test_only_an_administrator_may_send_a_failed_email_again(settings):
    from django.core.exceptions import PermissionDenied

    from tests.factories import UserFactory, secretariat_user

    email = queue()
    settings.EMAIL_BACKEND = UNREACHABLE
    with pytest.raises(EmailSendFailed):
        email_send(pk=email.pk)
    for person in (UserFactory(), UserFactory(is_staff=True), secretariat_user()):
        with pytest.raises(PermissionDenied):
            email_resend(email=email, by=person)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)


@pytest.mark.django_db
def test_an_email_of_a_kind_registered_nowhere_is_refused_before_anything_is_queued():
    with pytest.raises(ValueError, match="registered nowhere"):
        email_queue(
            to="rina@contoh.id",
            template="reminder",
            context={"title": "Uji", "body": "Uji."},
            language="id",
            kind="trainings.sesuatu_baru",
        )
    assert not OutboundEmail.objects.exists()


def test_every_kind_of_email_has_a_name_in_indonesian_and_in_english():
    from notifications.registry import EMAIL_KINDS, KINDS, RULES, email_kind_label

    keys = [*EMAIL_KINDS, *KINDS, *(f"reminder.{key}" for key in RULES)]
    keys = [key for key in keys if not key.startswith(("tests.", "reminder.tests"))]  # tests' own
    assert {"accounts.password_reset", "trainings.approved", "forums.confirm", "digest"} <= set(
        keys
    )
    for key in keys:
        with translation.override("en"):
            english = str(email_kind_label(key))
        with translation.override("id"):
            indonesian = str(email_kind_label(key))
        assert english != key and indonesian != english, key
    assert email_kind_label("kind.gone.since") == "kind.gone.since"  # an old row still shows
    # Each kind reads differently: a reminder is told apart from the kind it reminds of.
    with translation.override("id"):
        labels = [str(email_kind_label(key)) for key in keys]
        assert str(email_kind_label("reminder.agreement_ending")).endswith(" (pengingat)")
    assert len(set(labels)) == len(labels), sorted(labels)
