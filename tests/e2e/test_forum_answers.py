"""Acceptance journey of issue 15 (the forum part), on a phone 390 px wide: a guest's anonim
pengaduan is answered by Disperindag; the guest finds it from the home page by a tracking code
typed in lower case with spaces, rates the answer "tidak puas" with a reason and asks for
follow-up; Disperindag sees it reopened with a new deadline and answers again; the guest may
rate the new answer but not appeal a second time. What the guest saw and what was stored are
both checked, and no page shows who sent it."""

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from agencies.enums import MemberRole
from forums import services, workdays
from forums.models import AnswerRating, Submission
from forums.placement import general_forum
from notifications.models import Notification, OutboundEmail
from tests.conftest import axe_violations, log_in
from tests.factories import AgencyFactory, MembershipFactory, secretariat_user
from tests.support.links import confirm_token

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "id-ID"}
NAME, EMAIL = "Rosmawati Sembunyi", "rosmawati.sembunyi@contoh.id"
REASON = "Tidak ada jadwal pengerukan; saluran masih tersumbat setiap hujan."


def day(moment):
    with translation.override("id"):
        return formats.date_format(timezone.localtime(moment), "j F Y")


def watch(page, errors):
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def no_identity(page):
    html = page.content()
    assert NAME not in html and EMAIL not in html, page.url


def no_serious_violations(page):
    assert axe_violations(page) == [], page.url


def test_a_guest_rates_tidak_puas_appeals_once_and_the_agency_answers_again(browser, live_server):
    disperindag = AgencyFactory(
        name="Dinas Perindustrian dan Perdagangan Sumut", slug="disperindag"
    )
    editor = MembershipFactory(agency=disperindag, role=MemberRole.EDITOR).user
    secretariat = secretariat_user()
    submission = services.submission_create(
        forum=general_forum(),
        kind="pengaduan",
        title="Drainase kawasan pergudangan tersumbat",
        body="Air meluap ke jalan setiap hujan deras; truk tidak bisa masuk.",
        privacy="anonim",
        name=NAME,
        email=EMAIL,
    )
    services.submission_confirm_email(token=confirm_token(submission))
    services.submission_verify(submission=submission, by=secretariat)
    services.submission_forward(
        submission=Submission.objects.get(pk=submission.pk), by=secretariat, agency=disperindag
    )
    code = submission.tracking_code
    errors = []

    # Disperindag answers from its staff page, on a phone.
    office = watch(browser.new_context(**PHONE), errors)
    log_in(office, live_server, editor)
    desk = watch(office.new_page(), errors)
    desk.goto(f"{live_server.url}/forum/kelola/{code}/")
    no_identity(desk)
    desk.get_by_role("link", name="Beri jawaban resmi").click()
    desk.get_by_label("Jawaban resmi").fill("Laporan sudah kami teruskan ke Dinas SDA Kota Medan.")
    desk.get_by_role("button", name="Konfirmasi").click()
    expect(desk.locator("#submission-status")).to_contain_text("Dijawab")

    # The guest, on a phone, starts from the home page and types the code as it comes.
    phone = watch(browser.new_context(**PHONE).new_page(), errors)
    phone.goto(f"{live_server.url}/")
    no_serious_violations(phone)
    phone.get_by_role("link", name="Lacak kiriman").first.click()
    opening = phone.get_by_role("region", name="Buka dengan kode dan alamat e-mail Anda")
    opening.get_by_role("button", name="Buka").click()  # sent empty first
    expect(opening).to_contain_text("Ketik kode pelacakan yang Anda terima saat mengirim masukan.")
    no_serious_violations(phone)
    opening.get_by_label("Kode pelacakan").fill(" " + code.lower().replace("-", " ") + " ")
    opening.get_by_label("Alamat e-mail yang Anda gunakan").fill(EMAIL.upper())
    opening.get_by_role("button", name="Buka").click()
    expect(phone.locator("#replies")).to_contain_text("Dinas SDA Kota Medan")
    no_serious_violations(phone)
    # Nobody supports their own input: the count, not the button.
    expect(phone.locator("#own-support")).to_contain_text(
        "Anda tidak dapat mendukung kiriman sendiri"
    )

    # Not satisfied: the rating needs the reason, then it is recorded.
    rating = phone.locator("#rating")
    rating.get_by_label("Tidak puas", exact=True).check()
    rating.get_by_role("button", name="Kirim penilaian").click()
    # Back on the rating's own page, the message next to the field (and in the summary).
    expect(
        phone.get_by_text(
            "Sebutkan apa yang kurang dari jawaban ini; instansi akan membacanya.", exact=True
        )
    ).to_be_visible()
    no_serious_violations(phone)
    phone.get_by_label("Tidak puas", exact=True).check()
    phone.get_by_label("Jika tidak puas, apa yang kurang?").fill(REASON)
    phone.get_by_role("button", name="Kirim penilaian").click()
    expect(phone.locator("#my-rating")).to_have_text("Tidak puas")
    expect(phone.locator("#rating")).to_contain_text(REASON)

    # And asks for follow-up, once: a page says what happens first.
    phone.locator("#appeal-link").click()
    expect(phone.get_by_role("heading", name="Tidak puas: minta tindak lanjut")).to_be_visible()
    expect(phone.get_by_label("Mengapa Anda tidak puas dengan jawaban ini?")).to_have_value(REASON)
    no_serious_violations(phone)
    phone.get_by_role("button", name="Minta tindak lanjut").click()
    expect(phone.locator("#submission-status")).to_contain_text("Ditindaklanjuti")

    stored = Submission.objects.get(pk=submission.pk)
    assert stored.status == "in_follow_up" and stored.appealed_at is not None
    assert stored.answer_due == workdays.deadline(stored.appealed_at, services.ANSWER_WITHIN)
    assert stored.close_due is None
    new_due = day(stored.answer_due)
    expect(phone.get_by_role("status").filter(has_text="Permintaan tindak lanjut")).to_contain_text(
        new_due
    )
    expect(phone.locator("#appealed")).to_be_visible()
    assert phone.locator("#appeal-link").count() == 0
    [first_rating] = AnswerRating.objects.filter(submission=stored)
    assert (first_rating.verdict, first_rating.reason, first_rating.appealed) == (
        "tidak_puas",
        REASON,
        True,
    )
    assert first_rating.agency == disperindag
    assert Notification.objects.filter(user=editor, kind="forums.appeal").exists()
    assert Notification.objects.filter(user=secretariat, kind="forums.appeal").exists()
    told = OutboundEmail.objects.filter(kind="forums.appeal", object_id=str(stored.pk))
    assert {row.to for row in told} == {editor.email, secretariat.email}
    assert all(NAME not in row.body and REASON not in row.body for row in told)

    # Disperindag sees it reopened, with the new deadline, and answers again.
    desk.goto(f"{live_server.url}/forum/kotak-masuk/")
    desk.get_by_role("link", name="Drainase kawasan pergudangan tersumbat").click()
    expect(desk.locator("#submission-status")).to_contain_text("Ditindaklanjuti")
    expect(desk.locator("#appealed")).to_contain_text("Tindak lanjut diminta")
    expect(desk.get_by_text(new_due).first).to_be_visible()
    expect(desk.locator("#replies")).to_contain_text(REASON)  # the reason, for those who handle it
    no_identity(desk)
    no_serious_violations(desk)
    desk.get_by_role("link", name="Beri jawaban resmi").click()
    desk.get_by_label("Jawaban resmi").fill("Pengerukan saluran dijadwalkan Senin depan.")
    desk.get_by_role("button", name="Konfirmasi").click()
    expect(desk.locator("#submission-status")).to_contain_text("Dijawab")

    # The guest reads the new answer and may rate it, but not appeal again.
    phone.reload()
    expect(phone.locator("#replies")).to_contain_text("Pengerukan saluran dijadwalkan Senin depan.")
    assert phone.locator("#appeal-link").count() == 0
    expect(phone.locator("#appealed")).to_be_visible()
    phone.get_by_label("Puas", exact=True).check()
    phone.get_by_role("button", name="Kirim penilaian").click()
    expect(phone.locator("#my-rating")).to_have_text("Puas")
    assert phone.locator("#appeal-link").count() == 0
    no_serious_violations(phone)
    ratings = list(AnswerRating.objects.filter(submission=stored).order_by("pk"))
    assert [(r.verdict, r.appealed) for r in ratings] == [("tidak_puas", True), ("puas", False)]
    assert Submission.objects.get(pk=submission.pk).status == "answered"

    # The public sees both ratings, never the reason nor who sent it; the agency's profile
    # counts them.
    public = watch(browser.new_context(**PHONE).new_page(), errors)
    public.goto(f"{live_server.url}/forum/aspirasi/{code}/")
    expect(public.locator(".answer-rating")).to_have_count(2)
    assert REASON not in public.content()
    no_identity(public)
    public.goto(f"{live_server.url}{disperindag.get_absolute_url()}")
    expect(public.locator("#agency-satisfaction")).to_contain_text("50%")
    expect(public.locator("#agency-satisfaction")).to_contain_text("1 dari 2")
    no_serious_violations(public)
    assert errors == []


def test_a_guest_downloads_and_erases_their_data_and_anyone_checks_a_certificate(
    browser, live_server
):
    """The other pages of issue 15, on a phone: a guest's data download and erasure from their
    input's page, the privacy notice that says so, and the certificate check with an empty and a
    lower-case code, reached from the training pages."""
    import json
    from pathlib import Path

    from django.core.files.base import ContentFile

    from tests.factories import UserFactory
    from tests.support.trainings import make_training
    from trainings import services as training_services
    from trainings.models import Certificate

    secretariat = secretariat_user()
    submission = services.submission_create(
        forum=general_forum(),
        kind="aspirasi",
        title="Pelatihan kemasan untuk produk andaliman",
        body="Produk kami perlu kemasan yang tahan lama.",
        privacy="public",
        name=NAME,
        email=EMAIL,
    )
    services.submission_confirm_email(token=confirm_token(submission))
    services.submission_verify(submission=submission, by=secretariat)
    code = submission.tracking_code
    errors = []

    phone = watch(browser.new_context(**PHONE, accept_downloads=True).new_page(), errors)
    phone.goto(f"{live_server.url}/forum/lacak/")
    opening = phone.get_by_role("region", name="Buka dengan kode dan alamat e-mail Anda")
    opening.get_by_label("Kode pelacakan").fill(code)
    opening.get_by_label("Alamat e-mail yang Anda gunakan").fill(EMAIL)
    opening.get_by_role("button", name="Buka").click()
    expect(phone.locator("#my-data")).to_be_visible()

    # Their own input: no support offered, on the page or on the support form.
    phone.goto(f"{live_server.url}/forum/aspirasi/{code}/dukung-surel/")
    expect(phone.locator("#own-support")).to_contain_text("Anda tidak dapat mendukung")
    no_serious_violations(phone)
    phone.go_back()

    phone.locator("#my-data").get_by_role("link", name="Unduh data saya").click()
    expect(phone.locator("#guest-data-submissions")).to_contain_text(code)
    no_serious_violations(phone)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Unduh data saya").click()
    assert download.value.suggested_filename == "data-kiriman-sumut-mitra.json"
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    [row] = data["submissions"]
    assert (row["tracking_code"], row["name"], row["email"]) == (code, NAME, EMAIL)

    phone.goto(f"{live_server.url}/forum/aspirasi/{code}/")
    phone.locator("#my-data").get_by_role("link", name="Hapus nama dan alamat e-mail saya").click()
    expect(phone.get_by_role("heading", name="Yang dihapus")).to_be_visible()
    expect(phone.get_by_role("heading", name="Yang tetap ada")).to_be_visible()
    no_serious_violations(phone)
    assert Submission.objects.get(pk=submission.pk).author_email == EMAIL  # asking erased nothing
    phone.get_by_role("button", name="Ya, hapus nama dan alamat e-mail saya").click()
    expect(phone.get_by_role("status").filter(has_text="sudah dihapus dari")).to_be_visible()
    expect(phone.locator("article").first).to_contain_text("Seorang warga")
    no_identity(phone)
    assert phone.locator("#my-data").count() == 0
    erased = Submission.objects.get(pk=submission.pk)
    assert (erased.author_name, erased.author_email) == ("", "")
    assert not OutboundEmail.objects.filter(to__iexact=EMAIL).exists()

    phone.goto(f"{live_server.url}/privasi/")
    expect(phone.locator("#guest-rights")).to_contain_text("halaman pelacakan")
    no_serious_violations(phone)

    # The certificate check, from a training's page.
    training = make_training(title="Bimtek Kemasan Produk UMKM")
    registration = training_services.registration_create(
        training=training, user=UserFactory(full_name="Intan Damanik")
    )
    certificate = Certificate(
        registration=registration, code="SRT-UJI2-3456", status="ready", issued_at=timezone.now()
    )
    certificate.file.save("c.pdf", ContentFile(b"%PDF-1.4"), save=False)
    certificate.save()
    phone.goto(f"{live_server.url}/pelatihan/")
    no_serious_violations(phone)
    phone.goto(f"{live_server.url}{training.get_absolute_url()}")
    no_serious_violations(phone)
    phone.locator("#certificate-check").get_by_role("link", name="Cek sertifikat").click()
    phone.get_by_role("button", name="Periksa").click()  # empty
    expect(phone.locator("#kode-error")).to_have_text(
        "Ketik kode verifikasi yang tercetak pada sertifikat."
    )
    expect(phone.get_by_label("Kode verifikasi")).to_have_attribute("aria-invalid", "true")
    no_serious_violations(phone)
    phone.get_by_label("Kode verifikasi").fill(" srt uji2 3456 ")
    phone.get_by_role("button", name="Periksa").click()
    expect(phone.locator("#verification-result")).to_contain_text("Sah")
    expect(phone.locator("#verification-result")).to_contain_text("Intan Damanik")
    expect(phone.get_by_label("Kode verifikasi")).to_have_value("SRT-UJI2-3456")
    no_serious_violations(phone)
    assert errors == []
