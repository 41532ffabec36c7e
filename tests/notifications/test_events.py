"""Every e-mail goes through the outbox, none is sent inside a request; a person's own affairs
(registrations, submissions) also reach their bell and cannot be turned off."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.enums import Channel, EmailStatus
from notifications.models import Notification, OutboundEmail
from notifications.services import channel_for, email_resend, preference_set
from tests.accounts.test_signup import SIGNUP, signup_data
from tests.factories import UserFactory
from tests.support.trainings import make_training
from trainings import services as training_services

pytestmark = pytest.mark.django_db


def test_a_request_queues_its_email_and_the_worker_sends_it_after_commit(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data())
    row = OutboundEmail.objects.get(to="rina@contoh.id")
    assert row.kind == "accounts.verify_email"
    assert row.status == EmailStatus.SENT and row.sent_at is not None
    assert "verifikasi" in row.body.lower()
    assert [m.to for m in mail.outbox] == [["rina@contoh.id"]]


def test_a_refused_email_is_recorded_as_failed_and_can_be_resent(
    client, settings, eager_tasks, django_capture_on_commit_callbacks, admin_user
):
    settings.EMAIL_BACKEND = "tests.support.email.UnreachableSmtpBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data())
    row = OutboundEmail.objects.get(to="rina@contoh.id")
    assert row.status == EmailStatus.FAILED and "Connection refused" in row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert email_resend(email=row, by=admin_user)
    row.refresh_from_db()
    assert row.status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["rina@contoh.id"]]


def test_registration_news_reaches_the_bell_and_cannot_be_turned_off(client):
    resident = UserFactory()
    preference_set(user=resident, kind="trainings.registration", channel=Channel.OFF)
    assert channel_for(resident, "trainings.registration") == Channel.EMAIL
    training = make_training(title="Pelatihan Kopi")
    training_services.registration_create(training=training, user=resident)
    notification = Notification.objects.get(user=resident)
    assert "Pelatihan Kopi" in notification.title
    assert notification.url == reverse("trainings:registration", args=[training.reference])
    client.force_login(resident)
    page = client.get(reverse("notifications:preferences")).content.decode()
    # The mandatory kind offers no "off".
    start = page.index('name="trainings.registration"')
    assert 'value="off"' not in page[start : page.index("</select>", start)]


def test_taking_a_lead_time_out_of_a_rule_in_the_admin_stops_its_waiting_reminders(client):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import Reminder
    from notifications.reminders import reminders_sync, rule_row
    from tests.factories import AdminFactory

    training = make_training(title="Pelatihan Jauh", publish=False)
    rule = rule_row("training_starting_organisers")
    rule.offsets = [7, 3]
    rule.save()
    reminders_sync("training_starting_organisers", training, timezone.now() + timedelta(days=20))
    assert set(rule.reminders.filter(status="pending").values_list("offset", flat=True)) == {7, 3}
    client.force_login(AdminFactory())
    url = reverse("admin:notifications_reminderrule_change", args=[rule.pk])
    response = client.post(url, {"label": rule.label, "offsets": "3", "active": "on"})
    assert response.status_code == 302
    statuses = dict(Reminder.objects.filter(rule=rule).values_list("offset", "status"))
    assert statuses == {7: "cancelled", 3: "pending"}


def test_the_notification_list_costs_the_same_for_3_and_60_notifications(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    resident = UserFactory()
    client.force_login(resident)

    def add(count):
        Notification.objects.bulk_create(
            [
                Notification(user=resident, kind="forums.submission", title=f"Kabar {n}")
                for n in range(count)
            ]
        )

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("notifications:list")).status_code == 200
        return len(context)

    add(3)
    few = queries()
    add(57)
    assert queries() == few
