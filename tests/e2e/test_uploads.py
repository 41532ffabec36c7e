"""Issue 15 on a phone (390 px): a guest sends an anonim complaint with a PDF that names its
author and a photo cut off half-way. The photo is refused on its field with everything typed
kept; the resident sends it again with the PDF only; the public page, the download and the
stored row name nobody. The counter of the text field counts live and cuts nothing."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from forums.models import Attachment, Submission
from tests.conftest import axe_violations
from tests.support.files import pdf_by

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AUTHOR = "Lina Sitorus"
TITLE = "Limbah cair di parit Jalan Sisingamangaraja"
BODY = "Setiap pagi parit berbau menyengat.\nAnak-anak sekolah lewat di sana."


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    yield context.new_page()
    context.close()
    for attachment in Attachment.objects.all():
        attachment.file.delete(save=False)


def truncated_jpeg():
    buffer = io.BytesIO()
    Image.effect_noise((640, 480), 60).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


def fill_the_form(page):
    page.get_by_label("Pengaduan").check()
    page.get_by_label("Judul").fill(TITLE)
    page.get_by_label("Tulisan Anda").fill(BODY)
    page.get_by_label("Anonim", exact=False).check()
    page.get_by_label("Alamat e-mail Anda").fill("warga.parit@contoh.id")
    page.locator("#id_consent").check()


def test_a_guest_anonim_complaint_with_a_damaged_photo_and_an_authored_pdf(
    phone, live_server, console_errors
):
    page = phone
    pdf, broken = pdf_by(AUTHOR), truncated_jpeg()
    page.goto(f"{live_server.url}{reverse('forums:submit')}")
    fill_the_form(page)
    # The counter counts what is there, live; it is no maxlength (nothing is cut).
    counter = page.locator("#id_body-counter")
    expect(counter).to_have_text(f"{len(BODY)} dari 10.000 karakter")
    assert page.locator("#id_body").get_attribute("maxlength") is None
    expect(
        page.get_by_text("Nama berkas diganti, data penulis PDF dan lokasi/kamera foto dihapus")
    ).to_be_visible()
    page.locator("#id_attachments").set_input_files(
        [
            {"name": "laporan_lina_sitorus.pdf", "mimeType": "application/pdf", "buffer": pdf},
            {"name": "IMG-20261201-WA0003.jpg", "mimeType": "image/jpeg", "buffer": broken},
        ]
    )
    page.wait_for_timeout(3200)  # a person takes longer than the bot threshold
    page.get_by_role("button", name="Kirim", exact=True).click()

    # Refused on the field, naming the photo; everything typed is still there.
    error = page.locator("#id_attachments ~ .invalid-feedback, .invalid-feedback").filter(
        has_text="IMG-20261201-WA0003.jpg"
    )
    expect(error.first).to_contain_text("rusak atau tidak lengkap")
    expect(page.locator("#attachments-again")).to_contain_text("pilih lagi")
    expect(page.get_by_label("Judul")).to_have_value(TITLE)
    expect(page.get_by_label("Tulisan Anda")).to_have_value(BODY)
    expect(page.get_by_label("Pengaduan")).to_be_checked()
    expect(page.get_by_label("Anonim", exact=False)).to_be_checked()
    expect(page.get_by_label("Alamat e-mail Anda")).to_have_value("warga.parit@contoh.id")
    expect(page.locator("#id_consent")).to_be_checked()
    assert not Submission.objects.exists()
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []

    # Sent again with the PDF only.
    page.locator("#id_attachments").set_input_files(
        [{"name": "laporan_lina_sitorus.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Kirim", exact=True).click()
    code = page.locator("#tracking-code").inner_text().strip()
    submission = Submission.objects.get(tracking_code=code)
    assert (submission.title, submission.body, submission.privacy) == (TITLE, BODY, "anonim")

    # What was stored: a neutral name, a PDF without its author.
    attachment = submission.attachments.get()
    assert attachment.name == "lampiran-1.pdf"
    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert b"Lina" not in data and b"Sitorus" not in data
    reader = PdfReader(io.BytesIO(data))
    assert not reader.metadata and reader.xmp_metadata is None and len(reader.pages) == 1

    # Published: the public page and the download name nobody.
    Submission.objects.filter(pk=submission.pk).update(
        status="verified", held=False, email_confirmed_at=submission.created_at
    )
    public = page.context.browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(f"{live_server.url}{reverse('forums:submission', args=[code])}")
    link = public.get_by_role("link", name="lampiran-1.pdf")
    expect(link).to_be_visible()
    assert not re.search(r"lina|sitorus", public.content(), re.IGNORECASE)
    download = public.request.get(live_server.url + link.get_attribute("href"))
    assert 'filename="lampiran-1.pdf"' in download.headers["content-disposition"]
    assert b"Lina" not in download.body()
    assert console_errors == []


def test_the_counter_says_when_a_paste_goes_past_the_limit_and_keeps_all_of_it(phone, live_server):
    page = phone
    page.goto(f"{live_server.url}{reverse('forums:submit')}")
    text = "Jalan berlubang. " * 600  # 10,200 characters, the last a space
    page.locator("#id_body").fill(text)
    counter = page.locator("#id_body-counter")
    # Counted as the server counts: the space at the end is dropped (10,199).
    expect(counter).to_have_text("199 karakter melebihi batas 10.000")
    expect(counter).to_have_class(re.compile("text-danger"))
    assert page.locator("#id_body").input_value() == text  # nothing was cut
    assert "id_body-counter" in page.locator("#id_body").get_attribute("aria-describedby")
    page.locator("#id_body").fill("Jalan berlubang.\nDua baris.")
    expect(counter).to_have_text("27 dari 10.000 karakter")
