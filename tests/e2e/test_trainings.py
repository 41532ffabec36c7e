"""Acceptance journey of the trainings app: a resident registers for a training that needs
approval → the organiser approves → the resident sees the QR code → the organiser checks them in
on each session by typed code → completes the training → the certificate PDF (made by a real
Celery worker) downloads → its code verifies on the public page → the resident leaves feedback."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from agencies.enums import MemberRole
from tests.conftest import axe_violations, log_in
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.trainings import make_training
from trainings.models import Attendance, Feedback

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_serious_violations(page):
    assert axe_violations(page) == [], page.url


def test_training_journey_from_registration_to_feedback(
    browser, live_server, celery_worker, console_errors
):
    blk = AgencyFactory(name="BLK Disnaker Sumut", acronym="BLK Disnaker", slug="blk")
    bbpvp = AgencyFactory(name="BBPVP Medan", acronym="BBPVP", slug="bbpvp")
    organiser = MembershipFactory(
        agency=blk, role=MemberRole.EDITOR, user__full_name="Hendra Purba"
    ).user
    resident = UserFactory(full_name="Siti Rahmawati", email="siti@contoh.id")
    now = timezone.now()
    training = make_training(
        by=organiser,
        lead=blk,
        co_organisers=[bbpvp],
        title="Sertifikasi Juru Las SMAW",
        requires_approval=True,
        sessions=[
            (now - timedelta(hours=3), now - timedelta(hours=2)),
            (now - timedelta(minutes=30), now + timedelta(hours=1)),
        ],
        questions=[{"text": "Pengalaman mengelas (tahun)", "kind": "text", "required": True}],
    )

    # The resident finds the training and registers.
    resident_context = browser.new_context()
    log_in(resident_context, live_server, resident)
    page = resident_context.new_page()
    page.goto(f"{live_server.url}/pelatihan/")
    page.get_by_role("link", name="Sertifikasi Juru Las SMAW").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sertifikasi Juru Las SMAW")
    page.get_by_role("link", name="Daftar", exact=True).click()
    page.get_by_label("Pengalaman mengelas (tahun)").fill("2")
    page.get_by_role("button", name="Daftar").click()
    expect(page.locator("#registration-status")).to_have_text("Terdaftar, menunggu persetujuan")
    expect(page.locator("figure.qr-figure")).to_have_count(0)

    # The organiser approves the sign-up.
    organiser_context = browser.new_context()
    log_in(organiser_context, live_server, organiser)
    staff = organiser_context.new_page()
    staff.goto(f"{live_server.url}/pelatihan/kelola/{training.reference}/pendaftar/")
    row = staff.locator("tr", has_text="Siti Rahmawati")
    expect(staff.locator("thead")).to_contain_text("Pengalaman mengelas (tahun)")
    expect(row).to_contain_text("Terdaftar, menunggu persetujuan")
    no_serious_violations(staff)
    row.get_by_role("button", name="Setujui").click()
    expect(staff.locator("tr", has_text="Siti Rahmawati")).to_contain_text("Disetujui")

    # The resident now sees the QR code and the code to type.
    page.reload()
    expect(page.locator("#registration-status")).to_have_text("Disetujui")
    expect(page.locator("figure.qr-figure svg")).to_be_visible()
    code = page.locator("#checkin-code").inner_text().strip()
    no_serious_violations(page)

    # The first session ended two hours ago: its code check-in is closed, the page says so,
    # and the organiser ticks her on the list instead. The running one takes the typed code.
    staff.goto(f"{live_server.url}/pelatihan/kelola/{training.reference}/")
    staff.locator("#sessions-heading + div tbody tr").nth(0).get_by_role("link").click()
    staff.get_by_label("Kode presensi").fill(code.lower())
    staff.get_by_role("button", name="Catat kehadiran").click()
    expect(staff.get_by_role("alert").first).to_contain_text("ditutup")
    staff.get_by_role("button", name="Tandai Siti Rahmawati hadir").click()
    expect(staff.get_by_role("status").first).to_contain_text("Siti Rahmawati tercatat hadir")
    expect(staff.locator("#present-count")).to_contain_text("1 dari 1")
    staff.goto(f"{live_server.url}/pelatihan/kelola/{training.reference}/")
    staff.locator("#sessions-heading + div tbody tr").nth(1).get_by_role("link").click()
    staff.get_by_label("Kode presensi").fill(code.lower())
    staff.get_by_role("button", name="Catat kehadiran").click()
    expect(staff.get_by_role("status").first).to_contain_text("Siti Rahmawati tercatat hadir")
    expect(staff.locator("#present-count")).to_contain_text("1 dari 1")
    no_serious_violations(staff)
    assert Attendance.objects.filter(registration__user=resident).count() == 2

    # The organiser completes the training; the worker draws the certificate.
    staff.goto(f"{live_server.url}/pelatihan/kelola/{training.reference}/")
    staff.locator(f"a[href$='/{training.reference}/status/completed/']").click()
    staff.get_by_role("button", name="Konfirmasi").click()
    expect(staff.locator("main header")).to_contain_text("Selesai")

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        page.goto(f"{live_server.url}/pelatihan/{training.reference}/pendaftaran-saya/")
        if page.locator("#certificate-download").count():
            break
        time.sleep(0.5)
    with page.expect_download() as download_info:
        page.locator("#certificate-download").click()
    pdf = PdfReader(download_info.value.path())
    text = pdf.pages[0].extract_text()
    certificate_code = training.registrations.get(user=resident).certificate.code
    assert "Siti Rahmawati" in text and certificate_code in text
    assert any("siti@contoh.id" in m.to for m in mail.outbox if "Sertifikat" in m.subject)

    # Anyone can check the code.
    anonymous = browser.new_page()
    anonymous.goto(f"{live_server.url}/pelatihan/sertifikat/cek/")
    anonymous.get_by_label("Kode verifikasi").fill(certificate_code)
    anonymous.get_by_role("button", name="Periksa").click()
    expect(anonymous.locator("#verification-result")).to_contain_text("Sah")
    expect(anonymous.locator("#verification-result")).to_contain_text("Siti Rahmawati")
    no_serious_violations(anonymous)

    # The resident rates the training.
    page.get_by_role("link", name="Beri penilaian untuk pelatihan ini").click()
    page.get_by_label("5 — sangat baik").check()
    page.get_by_label("Komentar").fill("Praktiknya sangat membantu.")
    page.get_by_role("button", name="Kirim").click()
    expect(page.get_by_role("status").first).to_contain_text("Terima kasih")
    feedback = Feedback.objects.get(registration__user=resident)
    assert (feedback.rating, feedback.comment) == (5, "Praktiknya sangat membantu.")
    staff.goto(f"{live_server.url}/pelatihan/kelola/{training.reference}/umpan-balik/")
    expect(staff.locator("main")).to_contain_text("Praktiknya sangat membantu.")
    assert console_errors == []
