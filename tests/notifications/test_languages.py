"""The bell speaks the reader's language of the moment: a notification made while its
recipient read in Indonesian reads in English once they switch, and back."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from notifications.services import notify
from tests.factories import UserFactory
from tests.forums.conftest import answered
from tests.forums.conftest import world as world  # noqa: F401, PLC0414 - the forums' fixture
from tests.trainings.conftest import ongoing_training
from trainings import services as training_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


def bell(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("notifications:list")).content.decode()


def test_a_training_notice_reads_in_the_language_the_reader_switches_to(client):
    resident = UserFactory(full_name="Rina Siregar", preferred_language="id")
    training = ongoing_training(title="Sertifikasi Juru Las SMAW", requires_approval=True)
    registration = training_services.registration_create(training=training, user=resident)
    training_services.registration_approve(registration=registration, by=training.organiser_user)

    notice = Notification.objects.get(user=resident, title__contains="terkonfirmasi")
    assert notice.title == "Kursi Anda terkonfirmasi: Sertifikasi Juru Las SMAW"
    client.force_login(resident)
    english = bell(client, "en")
    assert "Your seat is confirmed: Sertifikasi Juru Las SMAW" in english
    assert "Kursi Anda terkonfirmasi" not in english
    assert "Kursi Anda terkonfirmasi: Sertifikasi Juru Las SMAW" in bell(client, "id")


def test_a_forum_notice_names_the_input_by_its_title_in_either_language(client, world):
    submission = answered(world, user=world.resident, title="Lampu jalan padam di Sipirok")
    notice = Notification.objects.filter(user=world.resident).latest("pk")
    code = submission.tracking_code
    assert notice.texts == {
        "id": [f"Dijawab: {code} · Lampu jalan padam di Sipirok", ""],
        "en": [f"Answered: {code} · Lampu jalan padam di Sipirok", ""],
    }
    client.force_login(world.resident)
    assert f"Answered: {code} · Lampu jalan padam di Sipirok" in bell(client, "en")


def test_lazy_or_made_texts_are_kept_for_every_language_and_old_rows_still_show():
    person = UserFactory(preferred_language="en")
    made = notify(
        user=person,
        kind="forums.submission",
        title=lambda: translation.gettext("Notifications"),
        body=translation.gettext_lazy("Settings"),
    )
    assert made.texts == {
        "id": ["Pemberitahuan", "Pengaturan"],
        "en": ["Notifications", "Settings"],
    }
    assert (made.title, made.body) == ("Notifications", "Settings")  # the recipient's language
    with translation.override("id"):
        assert made.shown_title == "Pemberitahuan"
    old = Notification.objects.create(user=person, kind="forums.submission", title="Lama", body="")
    with translation.override("id"):
        assert (old.shown_title, old.shown_body) == ("Lama", "")


def test_a_resident_is_offered_only_the_kinds_that_can_reach_them(client, world):
    client.force_login(world.resident)
    resident = bell_settings(client)
    assert "Pendaftaran pelatihan saya" in resident and "Kiriman forum saya" in resident
    assert "Kerja sama: setiap tahap" not in resident  # agreements' steps
    assert "dibuka kembali atas permintaan" not in resident  # the agency's reopened input
    assert "menunggu sekretariat" not in resident.lower()

    client.force_login(world.editor)
    staff = bell_settings(client)
    assert "Kerja sama: setiap tahap" in staff and "Pendaftaran pelatihan saya" in staff
    assert "dibuka kembali atas permintaan" in staff
    assert "menunggu sekretariat" not in staff.lower()

    client.force_login(world.secretariat)
    assert "menunggu sekretariat" in bell_settings(client).lower()


def bell_settings(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    return client.get(reverse("notifications:preferences")).content.decode()
