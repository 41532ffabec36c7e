"""Acceptance journeys of the residents' forum.

1. Without an account: an anonim pengaduan → the e-mail link → the secretariat verifies and
   forwards it to Disperindag → Disperindag answers → the resident finds it by tracking code and
   e-mail, reads the answer, replies and closes it. The submitter's name and e-mail address
   appear on no public page at any point.
3. A post with <script> and javascript: links is shown inert: no script runs.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agencies.enums import MemberRole
from forums.models import Submission
from forums.services.submitting import TRACKING_ALPHABET
from notifications.models import OutboundEmail
from tests.conftest import axe_violations, log_in
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, secretariat_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME, EMAIL = "Budi Sembunyi", "budi.sembunyi@contoh.id"


def assert_no_identity(page):
    html = page.content()
    assert NAME not in html and EMAIL not in html, page.url


def test_anonymous_complaint_from_submission_to_closing(browser, live_server, console_errors):
    disperindag = AgencyFactory(
        name="Dinas Perindustrian dan Perdagangan Sumut", slug="disperindag"
    )
    answerer = MembershipFactory(agency=disperindag, role=MemberRole.EDITOR).user
    secretariat = secretariat_user()

    resident = browser.new_context()
    page = resident.new_page()
    page.goto(f"{live_server.url}/forum/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Kirim masukan", exact=True).first.click()
    page.get_by_label("Pengaduan").check()
    page.get_by_label("Judul").fill("Limbah pabrik di Sungai Deli")
    page.get_by_label("Tulisan Anda").fill("Setiap malam air sungai berubah hitam dan berbau.")
    page.get_by_label("Anonim", exact=False).check()
    page.get_by_label("Nama Anda").fill(NAME)
    page.get_by_label("Alamat e-mail Anda").fill(EMAIL)
    page.locator("#id_consent").check()
    page.wait_for_timeout(3200)  # a person takes longer than the bot threshold
    page.get_by_role("button", name="Kirim").click()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(rf"SM-\d{{4}}-[{TRACKING_ALPHABET}]{{6}}", code)

    # The e-mail link confirms the address.
    body = OutboundEmail.objects.get(to=EMAIL, kind="forums.confirm").body
    link = re.search(r"https?://\S+/forum/konfirmasi/\S+/", body).group(0)
    page.goto(live_server.url + link[link.index("/forum/") :])
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.locator("#submission-status")).to_contain_text("Diterima")

    # The secretariat verifies and forwards it to Disperindag.
    staff = browser.new_context()
    log_in(staff, live_server, secretariat)
    desk = staff.new_page()
    desk.goto(f"{live_server.url}/forum/kotak-masuk/?status=received")
    desk.get_by_role("link", name="Limbah pabrik di Sungai Deli").click()
    desk.get_by_role("link", name="Verifikasi", exact=True).click()
    desk.get_by_role("button", name="Konfirmasi").click()
    expect(desk.locator("#submission-status")).to_contain_text("Diverifikasi")
    desk.get_by_role("link", name="Teruskan ke instansi").click()
    desk.get_by_label("Teruskan ke").fill(disperindag.name)
    desk.get_by_role("button", name="Konfirmasi").click()
    expect(desk.locator("#submission-status")).to_contain_text("Diteruskan")
    assert axe_violations(desk) == []

    # The public sees it, without the submitter's name or e-mail.
    public = browser.new_page()
    public.goto(f"{live_server.url}/forum/")
    expect(public.get_by_role("link", name="Limbah pabrik di Sungai Deli")).to_be_visible()
    assert_no_identity(public)
    public.get_by_role("link", name="Limbah pabrik di Sungai Deli").click()
    assert_no_identity(public)

    # Disperindag answers; its staff page hides the anonim submitter too.
    agency = browser.new_context()
    log_in(agency, live_server, answerer)
    office = agency.new_page()
    office.goto(f"{live_server.url}/forum/kotak-masuk/")
    office.get_by_role("link", name="Limbah pabrik di Sungai Deli").click()
    assert_no_identity(office)
    office.get_by_role("link", name="Beri jawaban resmi").click()
    office.get_by_label("Jawaban resmi").fill("Tim kami memeriksa pabrik itu Kamis ini.")
    office.get_by_role("button", name="Konfirmasi").click()
    expect(office.locator("#submission-status")).to_contain_text("Dijawab")

    # The resident, on another device, finds it by code and e-mail, replies and closes it.
    device = browser.new_context().new_page()
    device.goto(f"{live_server.url}/forum/lacak/")
    device.locator("#id_code").fill(code)  # the first form; the second e-mails a link
    device.get_by_label("Alamat e-mail yang Anda gunakan").fill(EMAIL)
    device.get_by_role("button", name="Buka").click()
    expect(device.locator("#replies")).to_contain_text("Tim kami memeriksa pabrik itu Kamis ini.")
    device.get_by_label("Balasan Anda").fill("Terima kasih, saya tunggu hasilnya.")
    device.get_by_role("button", name="Kirim balasan").click()
    expect(device.locator("#replies")).to_contain_text("Terima kasih, saya tunggu hasilnya.")
    device.get_by_role("button", name="Tutup kiriman").click()
    expect(device.locator("#submission-status")).to_contain_text("Selesai")

    public.goto(f"{live_server.url}{reverse('forums:submission', args=[code])}")
    expect(public.locator("#submission-status")).to_contain_text("Selesai")
    assert_no_identity(public)
    for path in ("/forum/", "/forum/feed/", "/forum/unduh.csv"):
        response = public.request.get(f"{live_server.url}{path}")
        text = response.text()
        assert NAME not in text and EMAIL not in text, path
    assert Submission.objects.get(tracking_code=code).status == "closed"
    assert console_errors == []


def test_script_and_javascript_links_in_a_post_do_not_run(browser, live_server):
    from forums import services
    from forums.placement import general_forum

    author = UserFactory()
    submission = services.submission_create(
        forum=general_forum(),
        kind="aspirasi",
        title="Uji tulisan berbahaya",
        body=(
            "<script>window.pwned = 1</script>\n\n[klik di sini](javascript:window.pwned=2)\n\n"
            '<a href="javascript:window.pwned=3">tautan</a> <img src=x onerror="window.pwned=4">'
        ),
        privacy="public",
        user=author,
    )
    context = browser.new_context()
    log_in(context, live_server, author)
    page = context.new_page()
    page.goto(f"{live_server.url}{submission.get_absolute_url()}")
    expect(page.locator(".post-body").first).to_contain_text("window.pwned = 1")
    for link in page.locator(".post-body a").all():
        link.click()
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(".post-body script, .post-body img").count() == 0
    assert page.locator(".post-body [href^='javascript']").count() == 0
