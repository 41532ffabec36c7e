"""Seats as residents meet them (issue 15): a full training says so, with the place on the
waiting list, before anyone registers; the place is shown (and kept current) on their pages
and said in the e-mails; cancelling always asks first and says what it does; the check-in QR
code downloads as an image."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.support.trainings import make_training
from tests.trainings.conftest import queued, register
from trainings import checkin, services
from trainings.models import Registration

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def text_of(page, element_id):
    """The text of the element with `element_id`, tags and runs of whitespace removed."""
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(div|p|span|section)>', page, re.S)
    assert match, f"no #{element_id} on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split())


def full_training(*, waiting=0, **fields):
    """A training of two seats, both taken, with `waiting` people on its waiting list."""
    training = make_training(capacity=2, **fields)
    holders = [register(training) for _ in range(2)]
    queue = [register(training) for _ in range(waiting)]
    return training, holders, queue


def urls(training):
    ref = [training.reference]
    return {
        "detail": reverse("trainings:detail", args=ref),
        "register": reverse("trainings:register", args=ref),
        "registration": reverse("trainings:registration", args=ref),
        "cancel": reverse("trainings:cancel_own", args=ref),
        "qr": reverse("trainings:registration_qr", args=ref),
    }


# --- Before registering ---------------------------------------------------------------------------


class TestAFullTrainingSaysSoBeforeRegistering:
    def test_the_page_and_the_form_give_the_place_on_the_waiting_list(self, client):
        training, _holders, _queue = full_training(waiting=3)
        client.force_login(UserFactory())
        for name in ("detail", "register"):
            notice = text_of(html(client.get(urls(training)[name])), "seat-notice")
            assert "Penuh — Anda akan masuk daftar tunggu, urutan ke-4." in notice, name

    def test_someone_not_logged_in_reads_it_beside_the_log_in_button(self, client):
        training, _holders, _queue = full_training(waiting=1)
        page = html(client.get(urls(training)["detail"]))
        assert "Masuk untuk mendaftar" in page
        assert "urutan ke-2" in text_of(page, "seat-notice")

    def test_the_position_is_the_one_registering_then_gives(self, client):
        training, _holders, _queue = full_training(waiting=2)
        person = UserFactory()
        client.force_login(person)
        notice = text_of(html(client.get(urls(training)["register"])), "seat-notice")
        assert "urutan ke-3" in notice

        response = client.post(urls(training)["register"], {"sent": "1"}, follow=True)
        page = html(response)
        registration = Registration.objects.get(training=training, user=person)
        assert registration.status == "waitlisted"
        assert "Anda masuk daftar tunggu, urutan ke-3." in page  # the message after it
        assert text_of(page, "waitlist-position") == "Urutan ke-3 di daftar tunggu."

    def test_with_approval_it_says_the_organisers_decide_and_the_earliest_place(self, client):
        training, _holders, _queue = full_training(waiting=1)
        training.requires_approval = True
        training.save()
        client.force_login(UserFactory())
        for name in ("detail", "register"):
            notice = text_of(html(client.get(urls(training)[name])), "seat-notice")
            assert "Penuh — dan pendaftaran perlu persetujuan penyelenggara" in notice
            assert "paling cepat urutan ke-2" in notice

    def test_with_approval_and_free_seats_it_says_the_organisers_decide(self, client):
        training = make_training(capacity=5, requires_approval=True)
        client.force_login(UserFactory())
        notice = text_of(html(client.get(urls(training)["register"])), "seat-notice")
        assert "Pendaftaran perlu persetujuan penyelenggara" in notice
        assert "Penuh" not in notice

    def test_free_seats_say_how_many_and_that_the_seat_is_given_at_once(self, client):
        training = make_training(capacity=5)
        register(training)
        client.force_login(UserFactory())
        notice = text_of(html(client.get(urls(training)["detail"])), "seat-notice")
        assert notice == "Masih ada 4 kursi: dengan mendaftar, Anda langsung mendapat kursi."


# --- The place on the waiting list ----------------------------------------------------------------


def test_the_place_moves_up_on_every_page_as_people_ahead_cancel(client):
    training, holders, queue = full_training(waiting=3)
    last = queue[2]
    client.force_login(last.user)
    mine = reverse("trainings:mine")

    def places():
        return (
            text_of(html(client.get(urls(training)["registration"])), "waitlist-position"),
            text_of(html(client.get(urls(training)["detail"])), "waitlist-position"),
            re.findall(r"Urutan ke-\d+ di daftar tunggu", html(client.get(mine))),
        )

    assert places() == (
        "Urutan ke-3 di daftar tunggu.",
        "Urutan ke-3 di daftar tunggu.",
        ["Urutan ke-3 di daftar tunggu"],
    )
    services.registration_cancel(registration=queue[0], by=queue[0].user)  # ahead, waiting
    assert places()[0] == "Urutan ke-2 di daftar tunggu."
    services.registration_cancel(registration=holders[0], by=holders[0].user)  # a seat frees
    assert Registration.objects.get(pk=queue[1].pk).status == "approved"
    assert places() == (
        "Urutan ke-1 di daftar tunggu.",
        "Urutan ke-1 di daftar tunggu.",
        ["Urutan ke-1 di daftar tunggu"],
    )


def test_the_email_says_the_place_at_the_time(django_capture_on_commit_callbacks):
    training, _holders, _queue = full_training(waiting=1)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(training)
    email = queued("trainings.waitlisted", registration).get()
    assert "Urutan Anda di daftar tunggu saat ini: ke-2." in email.body
    assert "Urutan Anda di daftar tunggu saat ini: ke-2." in email.html
    assert "diterima" not in email.subject.lower()


def test_a_changed_schedule_tells_each_person_waiting_their_own_place(
    django_capture_on_commit_callbacks,
):
    from tests.trainings.conftest import edit_training

    training, _holders, queue = full_training(waiting=2)
    later = timezone.now() + timedelta(days=2)
    session = training.sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        edit_training(
            training,
            by=training.organiser_user,
            sessions=[
                {
                    "id": session,
                    "title": "",
                    "starts_at": later,
                    "ends_at": later + timedelta(hours=3),
                }
            ],
        )
    for place, registration in enumerate(queue, start=1):
        email = queued("trainings.changed", registration).get()
        assert f"Urutan Anda di daftar tunggu saat ini: ke-{place}." in email.body


def test_my_trainings_costs_the_same_for_few_and_many_registrations_with_places(client):
    person = UserFactory()
    trainings = []
    for n in range(12):
        training, _holders, _queue = full_training(waiting=n % 3, title=f"Pelatihan {n}")
        trainings.append(training)
    client.force_login(person)
    url = reverse("trainings:mine")
    for training in trainings[:2]:
        register(training, person)
    with CaptureQueriesContext(connection) as few:
        page = html(client.get(url))
    assert page.count("di daftar tunggu") == 2
    for training in trainings[2:]:
        register(training, person)
    with CaptureQueriesContext(connection) as many:
        page = html(client.get(url))
    places = re.findall(r"Urutan ke-(\d+) di daftar tunggu", page)
    assert sorted(map(int, places)) == sorted(n % 3 + 1 for n in range(12))
    assert len(few) == len(many)


# --- Cancelling -----------------------------------------------------------------------------------


class TestTheConfirmationSaysWhatCancellingDoes:
    def test_a_seat_on_a_training_with_a_waiting_list_goes_to_the_next_person(self, client):
        training, holders, queue = full_training(waiting=2)
        client.force_login(holders[0].user)
        outcome = text_of(html(client.get(urls(training)["cancel"])), "cancel-outcome")
        assert "Kursi Anda akan diberikan ke orang berikutnya di daftar tunggu" in outcome
        assert "tidak dapat ditarik kembali" in outcome
        assert "tidak akan kembali kepada Anda" in outcome
        # Registering again: behind the one still waiting after the first is promoted.
        assert "Anda masuk di akhir daftar tunggu: urutan ke-2" in outcome
        assert Registration.objects.get(pk=holders[0].pk).status == "approved"  # asked only

        page = html(client.post(urls(training)["cancel"], follow=True))
        assert "kursi Anda sudah diberikan ke orang berikutnya di daftar tunggu" in page
        statuses = [r.status for r in training.registrations.order_by("pk")]
        assert statuses == ["cancelled", "approved", "approved", "waitlisted"]

    def test_a_seat_nobody_waits_for_becomes_free(self, client):
        training = make_training(capacity=5)
        registration = register(training)
        client.force_login(registration.user)
        outcome = text_of(html(client.get(urls(training)["cancel"])), "cancel-outcome")
        assert "Kursi Anda menjadi kosong" in outcome
        assert "tidak dapat ditarik kembali" in outcome
        assert "daftar tunggu" not in outcome
        page = html(client.post(urls(training)["cancel"], follow=True))
        assert "kursi Anda kini kosong untuk orang lain" in page

    def test_someone_waiting_loses_their_place(self, client):
        training, _holders, queue = full_training(waiting=3)
        client.force_login(queue[1].user)
        page = html(client.get(urls(training)["cancel"]))
        outcome = text_of(page, "cancel-outcome")
        assert "Anda keluar dari daftar tunggu dan kehilangan tempat Anda: urutan ke-2." in outcome
        # Registering again: behind the two still waiting.
        assert "Anda masuk di akhir daftar tunggu: urutan ke-3" in outcome
        assert "Tidak, pertahankan urutan saya" in page
        page = html(client.post(urls(training)["cancel"], follow=True))
        assert "Anda tidak lagi berada di daftar tunggu" in page
        assert Registration.objects.get(pk=queue[1].pk).status == "cancelled"
        assert Registration.objects.get(pk=queue[2].pk).status == "waitlisted"

    def test_a_request_awaiting_approval_is_withdrawn(self, client):
        training = make_training(requires_approval=True)
        registration = register(training)
        assert registration.status == "registered"
        client.force_login(registration.user)
        page = html(client.get(urls(training)["cancel"]))
        outcome = text_of(page, "cancel-outcome")
        assert "Permintaan pendaftaran Anda ditarik" in outcome
        assert "menunggu persetujuan penyelenggara dari awal" in outcome
        assert "Kursi Anda" not in outcome
        page = html(client.post(urls(training)["cancel"], follow=True))
        assert "Permintaan pendaftaran Anda ditarik" in page
        assert Registration.objects.get(pk=registration.pk).status == "cancelled"

    def test_once_registration_closed_it_says_there_is_no_registering_again(self, client):
        training, holders, _queue = full_training(waiting=1)
        training.registration_closes_at = timezone.now() - timedelta(minutes=1)
        training.registration_opens_at = timezone.now() - timedelta(days=2)
        training.save()
        client.force_login(holders[0].user)
        outcome = text_of(html(client.get(urls(training)["cancel"])), "cancel-outcome")
        assert "Pendaftaran sudah ditutup, jadi Anda tidak dapat mendaftar lagi." in outcome

    def test_after_the_cut_off_the_page_says_so_and_offers_no_button(self, client):
        training = make_training()
        registration = register(training)
        training.cancellation_closes_at = timezone.now() - timedelta(minutes=1)
        training.save()
        client.force_login(registration.user)
        page = html(client.get(urls(training)["cancel"]))
        assert "Batas waktu pembatalan di sini sudah berakhir" in text_of(page, "cancel-refused")
        assert "Ya, batalkan pendaftaran saya" not in page
        assert urls(training)["cancel"] not in html(client.get(urls(training)["registration"]))
        client.post(urls(training)["cancel"])  # sent anyway: the service refuses
        assert Registration.objects.get(pk=registration.pk).status == "approved"

    def test_an_ended_registration_has_nothing_to_cancel(self, client):
        training = make_training()
        registration = register(training)
        services.registration_cancel(registration=registration, by=registration.user)
        client.force_login(registration.user)
        page = html(client.get(urls(training)["cancel"]))
        assert "tidak ada yang perlu dibatalkan" in text_of(page, "cancel-refused")
        assert "Ya, batalkan pendaftaran saya" not in page


def test_every_way_to_cancel_leads_to_the_question_first(
    client, django_capture_on_commit_callbacks
):
    training, _holders, _queue = full_training(waiting=1)
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(training, person)
    cancel = urls(training)["cancel"]
    client.force_login(person)
    # The registration page and the list of one's trainings link to it; neither posts.
    for url in (urls(training)["registration"], reverse("trainings:mine")):
        page = html(client.get(url))
        assert f'href="{cancel}"' in page, url
        assert f'action="{cancel}"' not in page, url
    # The e-mail links to it too (opened logged out, the login comes back to it).
    email = queued("trainings.waitlisted", registration).get()
    link = email_link(email.html, cancel)
    assert link.endswith(cancel) and link in email.body
    client.logout()
    response = client.get(cancel)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={cancel}"
    # Opening it changes nothing.
    client.force_login(person)
    html(client.get(cancel))
    assert Registration.objects.get(pk=registration.pk).status == "waitlisted"


def email_link(body, path):
    match = re.search(rf'href="([^"]*{re.escape(path)})"', body)
    assert match, f"no link to {path}"
    return match[1]


# --- The QR code as an image ----------------------------------------------------------------------


def test_the_qr_code_downloads_as_a_png_for_a_confirmed_participant(client):
    training = make_training()
    registration = register(training)
    client.force_login(registration.user)
    page = html(client.get(urls(training)["registration"]))
    assert f'href="{urls(training)["qr"]}" download' in page

    response = client.get(urls(training)["qr"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == (
        f'attachment; filename="presensi-{training.reference}.png"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert response.content == checkin.qr_png(checkin.signed_token(registration.code), scale=10)


def test_no_qr_image_without_a_seat_nor_for_someone_else(client):
    training, holders, queue = full_training(waiting=1)
    client.force_login(queue[0].user)
    assert client.get(urls(training)["qr"]).status_code == 404
    assert urls(training)["qr"] not in html(client.get(urls(training)["registration"]))
    client.force_login(UserFactory())
    assert client.get(urls(training)["qr"]).status_code == 404
    services.registration_cancel(registration=holders[0], by=holders[0].user)
    client.force_login(holders[0].user)
    assert client.get(urls(training)["qr"]).status_code == 404
