"""Seats on a phone (issue 15), at 390 px: a resident registering for a full training reads
that it is full and which place on the waiting list they will get before sending the form,
and their place after it; a participant who cancels reads what happens first, then the next
person waiting gets the seat. The cancel journey also works with JavaScript off (axe-core
needs script, so the pages are checked for accessibility in the journeys with it on)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import axe_violations, log_in
from tests.factories import UserFactory
from tests.support.trainings import make_training
from trainings import services
from trainings.models import Registration, Training

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def passes_axe(page):
    assert axe_violations(page) == [], page.url


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def phone(browser, live_server, user, **options):
    context = browser.new_context(viewport=PHONE, **options)
    log_in(context, live_server, user)
    return context, context.new_page()


def full_welding_training():
    """One seat, taken by Budi; Rina waits first."""
    training = make_training(title="Sertifikasi Juru Las SMAW", capacity=1)
    holder = UserFactory(full_name="Budi Sinaga", email="budi@contoh.id")
    waiting = UserFactory(full_name="Rina Situmorang", email="rina@contoh.id")
    services.registration_create(training=training, user=holder)
    services.registration_create(training=training, user=waiting)
    return training, holder, waiting


def status_of(training, user):
    return Registration.objects.filter(training=training, user=user).latest("pk").status


def test_registering_for_a_full_training_says_the_place_before_and_after(
    browser, live_server, console_errors
):
    training, _holder, _waiting = full_welding_training()
    siti = UserFactory(full_name="Siti Rahmawati", email="siti@contoh.id")
    context, page = phone(browser, live_server, siti)

    page.goto(f"{live_server.url}/pelatihan/")
    page.get_by_role("link", name="Sertifikasi Juru Las SMAW").click()
    notice = page.locator("#seat-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Penuh — Anda akan masuk daftar tunggu, urutan ke-2.")
    expect(page.locator("main header")).to_contain_text("Pendaftaran dibuka")
    fits_the_screen(page)
    passes_axe(page)

    page.get_by_role("link", name="Daftar", exact=True).click()
    notice = page.locator("#seat-notice")
    expect(notice).to_contain_text("Penuh — Anda akan masuk daftar tunggu, urutan ke-2.")
    # Right above the button, on screen together with it.
    button = page.get_by_role("button", name="Daftar")
    button.scroll_into_view_if_needed()
    expect(notice).to_be_in_viewport()
    fits_the_screen(page)
    passes_axe(page)
    assert not training.registrations.filter(user=siti).exists()  # not sent yet

    button.click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Anda masuk daftar tunggu, urutan ke-2."
    )
    expect(page.locator("#registration-status")).to_have_text("Daftar tunggu")
    expect(page.locator("#waitlist-position")).to_have_text("Urutan ke-2 di daftar tunggu.")
    fits_the_screen(page)
    passes_axe(page)
    assert status_of(training, siti) == "waitlisted"

    page.goto(f"{live_server.url}/pelatihan/saya/")
    expect(page.locator("main")).to_contain_text("Urutan ke-2 di daftar tunggu.")
    fits_the_screen(page)
    passes_axe(page)

    # Cancelling from the list asks first, and says the place she would lose.
    page.get_by_role("link", name="Batalkan pendaftaran saya — Sertifikasi Juru Las SMAW").click()
    expect(page.locator("#cancel-outcome")).to_contain_text(
        "Anda keluar dari daftar tunggu dan kehilangan tempat Anda: urutan ke-2."
    )
    fits_the_screen(page)
    passes_axe(page)
    page.get_by_role("link", name="Tidak, pertahankan urutan saya").click()
    expect(page.locator("#waitlist-position")).to_have_text("Urutan ke-2 di daftar tunggu.")
    assert status_of(training, siti) == "waitlisted"
    assert console_errors == []
    context.close()


def test_cancelling_says_what_happens_then_the_next_person_gets_the_seat(
    browser, live_server, console_errors
):
    training, budi, rina = full_welding_training()
    context, page = phone(browser, live_server, budi)

    page.goto(f"{live_server.url}/pelatihan/saya/")
    passes_axe(page)
    page.get_by_role("link", name="Batalkan pendaftaran saya — Sertifikasi Juru Las SMAW").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Batalkan pendaftaran Anda?")
    outcome = page.locator("#cancel-outcome")
    expect(outcome).to_contain_text(
        "Kursi Anda akan diberikan ke orang berikutnya di daftar tunggu"
    )
    expect(outcome).to_contain_text("tidak dapat ditarik kembali")
    fits_the_screen(page)
    passes_axe(page)
    assert status_of(training, budi) == "approved"  # asking changed nothing

    page.get_by_role("button", name="Ya, batalkan pendaftaran saya").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "kursi Anda sudah diberikan ke orang berikutnya di daftar tunggu"
    )
    expect(page.locator("#registration-status")).to_have_text("Dibatalkan oleh peserta")
    passes_axe(page)
    assert status_of(training, budi) == "cancelled"
    assert status_of(training, rina) == "approved"

    # Rina, now seated, keeps her check-in code as an image for the door.
    rina_context, rina_page = phone(browser, live_server, rina)
    rina_page.goto(f"{live_server.url}/pelatihan/{training.reference}/pendaftaran-saya/")
    expect(rina_page.locator("#registration-status")).to_have_text("Disetujui")
    with rina_page.expect_download() as download:
        rina_page.locator("#qr-download").click()
    assert download.value.suggested_filename == f"presensi-{training.reference}.png"
    with open(download.value.path(), "rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"
    passes_axe(rina_page)
    assert console_errors == []
    rina_context.close()
    context.close()


def test_cancelling_without_javascript_asks_first_too(browser, live_server):
    training, budi, rina = full_welding_training()
    siti = UserFactory(full_name="Siti Rahmawati", email="siti@contoh.id")
    services.registration_create(training=training, user=siti)  # second on the list
    context, page = phone(browser, live_server, budi, java_script_enabled=False)

    page.goto(f"{live_server.url}/pelatihan/{training.reference}/pendaftaran-saya/")
    page.get_by_role("link", name="Batalkan pendaftaran saya").click()
    expect(page.locator("#cancel-outcome")).to_contain_text(
        "Kursi Anda akan diberikan ke orang berikutnya di daftar tunggu"
    )
    expect(page.locator("#cancel-outcome")).to_contain_text(
        "Bila Anda mendaftar lagi, Anda masuk di akhir daftar tunggu: urutan ke-2."
    )
    fits_the_screen(page)  # (axe needs script; the journeys above check these pages)
    assert status_of(training, budi) == "approved"

    page.get_by_role("button", name="Ya, batalkan pendaftaran saya").click()
    expect(page.locator("#registration-status")).to_have_text("Dibatalkan oleh peserta")
    assert [status_of(training, person) for person in (budi, rina, siti)] == [
        "cancelled",
        "approved",
        "waitlisted",
    ]
    # Siti moved up: her pages say so.
    siti_context, siti_page = phone(browser, live_server, siti, java_script_enabled=False)
    siti_page.goto(f"{live_server.url}/pelatihan/{training.reference}/pendaftaran-saya/")
    expect(siti_page.locator("#waitlist-position")).to_have_text("Urutan ke-1 di daftar tunggu.")

    # Someone waiting who cancels reads that they lose their place.
    siti_page.get_by_role("link", name="Batalkan pendaftaran saya").click()
    expect(siti_page.locator("#cancel-outcome")).to_contain_text(
        "Anda keluar dari daftar tunggu dan kehilangan tempat Anda: urutan ke-1."
    )
    siti_page.get_by_role("link", name="Tidak, pertahankan urutan saya").click()
    assert status_of(training, siti) == "waitlisted"
    siti_context.close()
    context.close()


def test_the_lists_and_the_finished_tab_pass_axe_on_a_phone(browser, live_server):
    training, _holder, _waiting = full_welding_training()
    finished = make_training(title="Workshop Mutu CPO")
    Training.objects.filter(pk=finished.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    context, page = phone(browser, live_server, training.organiser_user)
    page.goto(f"{live_server.url}/pelatihan/")
    expect(page.locator("main")).to_contain_text("Sertifikasi Juru Las SMAW")
    fits_the_screen(page)
    passes_axe(page)
    page.get_by_role("link", name="Selesai", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/pelatihan/selesai/")
    expect(page.locator("#results")).to_contain_text("Workshop Mutu CPO")
    expect(page.locator("#results")).not_to_contain_text("Sertifikasi Juru Las SMAW")
    fits_the_screen(page)
    passes_axe(page)
    page.get_by_role("link", name="Kelola").click()  # an organiser is offered their pages
    expect(page.get_by_role("heading", level=1)).to_have_text("Kelola pelatihan")
    fits_the_screen(page)
    passes_axe(page)
    lead = training.organiser_rows.get(is_lead=True).agency
    page.goto(f"{live_server.url}{lead.get_absolute_url()}")
    expect(page.locator("#trainings")).to_contain_text("Pendaftaran dibuka")
    passes_axe(page)
    context.close()
