import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.enums import EmailStatus
from notifications.models import OutboundEmail
from notifications.services import email_send, outbox_sweep
from notifications.tasks import send_email
from tests.factories import UnverifiedUserFactory, UserFactory

RESET = reverse("accounts:password_reset")


@pytest.fixture
def ask_reset(client, eager_tasks, django_capture_on_commit_callbacks):
    """Ask for a reset link as the form does; the outbox's task runs (eagerly) once the
    request's transaction commits, so the e-mail shows in `mail.outbox`."""

    def ask(email, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, {"email": email}, **kwargs)

    return ask


def reset_link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def choose_new_password(client, link, new_password):
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )


@pytest.mark.django_db
def test_password_reset_by_email_in_the_persons_language(client, ask_reset):
    user = UserFactory(email="daniel@contoh.id", preferred_language="en")
    response = ask_reset("Daniel@Contoh.id", follow=True)
    assert (
        "Periksa e-mail Anda" in response.content.decode()
    )  # the page speaks the visitor's language

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["daniel@contoh.id"]
    assert (
        mail.outbox[0].subject == "Choose a new password for Sumut Mitra"
    )  # the e-mail, the owner's

    response = choose_new_password(client, reset_link(mail.outbox[0]), "Sate-Padang-Pedas-8")
    assert "Kata sandi telah diubah" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Sate-Padang-Pedas-8")


@pytest.mark.django_db
def test_reset_link_works_only_once(client, ask_reset):
    UserFactory(email="sekali@contoh.id")
    ask_reset("sekali@contoh.id")
    link = reset_link(mail.outbox[0])
    choose_new_password(client, link, "Sate-Padang-Pedas-8")
    response = client.get(link, follow=True)
    assert not response.context["validlink"]
    assert "sudah tidak berlaku" in response.content.decode()


@pytest.mark.django_db
def test_reset_for_unknown_address_sends_nothing_and_says_the_same(ask_reset):
    response = ask_reset("tidakada@contoh.id", follow=True)
    assert "Periksa e-mail Anda" in response.content.decode()
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.django_db
def test_reset_by_email_proves_the_address_of_an_unverified_account(client, ask_reset):
    user = UnverifiedUserFactory(email="lupa@contoh.id")
    ask_reset("lupa@contoh.id")
    choose_new_password(client, reset_link(mail.outbox[0]), "Sate-Padang-Pedas-8")
    user.refresh_from_db()
    assert user.is_email_verified
    response = client.post(
        reverse("accounts:login"), {"username": "lupa@contoh.id", "password": "Sate-Padang-Pedas-8"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_change_needs_the_old_password(resident_client, resident, password):
    url = reverse("accounts:password_change")
    response = resident_client.post(
        url,
        {
            "old_password": "salah",
            "new_password1": "Bika-Ambon-9x",
            "new_password2": "Bika-Ambon-9x",
        },
    )
    assert "old_password" in response.context["form"].errors
    resident.refresh_from_db()
    assert resident.check_password(password)

    response = resident_client.post(
        url,
        {
            "old_password": password,
            "new_password1": "Bika-Ambon-9x",
            "new_password2": "Bika-Ambon-9x",
        },
        follow=True,
    )
    assert "Kata sandi Anda telah diubah." in response.content.decode()
    resident.refresh_from_db()
    assert resident.check_password("Bika-Ambon-9x")
    # The session survives the change (Django rotates its hash).
    assert resident_client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_reset_with_mail_server_down_still_answers_the_same(client, settings):
    UserFactory(email="ada@contoh.id")
    settings.EMAIL_BACKEND = "tests.support.email.UnreachableSmtpBackend"
    response = client.post(RESET, {"email": "ada@contoh.id"}, follow=True)
    assert response.status_code == 200
    assert "Periksa e-mail Anda" in response.content.decode()


@pytest.mark.django_db
def test_the_reset_email_goes_through_the_outbox_and_its_task_delivers_it(
    client, django_capture_on_commit_callbacks
):
    """The request only queues the link (nothing is sent inside it); the send task, enqueued
    after commit, delivers it once, however often it runs."""
    user = UserFactory(email="antrian@contoh.id", preferred_language="id")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(RESET, {"email": "antrian@contoh.id"})

    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    assert (email.to, email.kind, email.language, email.status) == (
        "antrian@contoh.id",
        "accounts.password_reset",
        "id",
        EmailStatus.QUEUED,
    )
    assert email.about == user
    assert "/akun/" in email.body and "/akun/" in email.html
    assert len(callbacks) == 1  # the send task, enqueued once the request commits

    assert email_send(pk=email.pk) is True
    assert email_send(pk=email.pk) is False

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    (message,) = mail.outbox
    assert (message.to, message.subject) == (["antrian@contoh.id"], email.subject)
    assert reset_link(message) in email.body
    assert choose_new_password(client, reset_link(message), "Sate-Padang-Pedas-8")
    user.refresh_from_db()
    assert user.check_password("Sate-Padang-Pedas-8")


@pytest.mark.django_db(transaction=True)
def test_a_reset_asked_while_the_broker_is_down_is_delivered_by_the_sweep(
    client, idle_broker, settings
):
    """Redis is down when the request commits: the page answers as usual and the link waits in
    the outbox; once Redis is back the sweep enqueues it (once) and the worker sends it."""
    UserFactory(email="redis@contoh.id")
    idle_broker.stop()

    response = client.post(RESET, {"email": "redis@contoh.id"}, follow=True)

    assert "Periksa e-mail Anda" in response.content.decode()
    email = OutboundEmail.objects.get(to="redis@contoh.id")
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 0)
    assert mail.outbox == []

    idle_broker.start()  # back, and empty
    later = timezone.now() + timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS + 1)
    assert outbox_sweep(now=later) == 1
    assert outbox_sweep(now=later) == 0  # a second sweep leaves it alone
    assert idle_broker.queued() == [("notifications.tasks.send_email", f"({email.pk},)")]

    send_email.apply(args=(email.pk,))  # what the worker does with that message
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [["redis@contoh.id"]]
