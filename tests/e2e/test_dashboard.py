"""The dasbor as Maya Lubis (admin of Disperindag Sumut) meets it on the demo data: she logs in
and lands on it, sees the overdue answer, the late milestones and the agreement ending soon,
and each line opens the list of exactly those rows; with JavaScript and without, on a desktop
and on a phone, where the staff menu folds away."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAYA = "disperindag@sumutmitra.test"
OVERDUE = "Bantuan mesin sangrai kopi untuk kelompok tani Sidikalang"
FOLLOWED_UP = "Limbah cair pabrik sawit mengalir ke sungai"  # Disperindag's, not overdue
ENDING = "Kesepakatan Bersama Riset Hilirisasi Sawit dan Karet"
LATE = [
    "Kesepakatan Bersama Pengembangan Industri di Kawasan Industri Medan",
    "PKS Pembinaan IKM Penyewa Kawasan Industri Medan",
    ENDING,
]
NOT_DISPERINDAGS = "PKS Pelatihan Vokasi Juru Las untuk Industri"


@pytest.fixture
def demo():
    with override_settings(DEBUG=True):  # seed_demo refuses to run otherwise
        call_command("seed_demo", stdout=io.StringIO())


def line(page, key):
    return page.locator(f'li[data-action="{key}"]')


def open_line(page, key, pattern):
    """Follow the dasbor's line `key`, whose link reads `pattern`; back on the dasbor after."""
    link = line(page, key).get_by_role("link", name=re.compile(pattern))
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state()
    return page.locator("#main")


def check_lists(page, dasbor_url, *, axe=True):
    main = open_line(page, "forum_overdue", r"^1 jawaban melewati tenggat$")
    expect(main).to_contain_text(OVERDUE)
    expect(main).not_to_contain_text(FOLLOWED_UP)
    expect(main.get_by_label("Hanya yang terlambat")).to_be_checked()
    if axe:
        assert axe_violations(page) == [], page.url
    page.goto(dasbor_url)
    main = open_line(page, "late_milestones", r"^3 tonggak terlambat$")
    for title in LATE:
        expect(main.get_by_role("link", name=title)).to_be_visible()
    expect(main).to_contain_text("3 kerja sama")
    expect(main).not_to_contain_text(NOT_DISPERINDAGS)
    if axe:
        assert axe_violations(page) == [], page.url
    page.goto(dasbor_url)
    main = open_line(page, "expiring", r"^1 kerja sama berakhir dalam 90 hari$")
    expect(main.get_by_role("link", name=ENDING)).to_be_visible()
    expect(main).to_contain_text("1 kerja sama")
    if axe:
        assert axe_violations(page) == [], page.url


def test_maya_logs_in_to_her_dasbor_and_each_line_opens_its_list(
    browser, live_server, demo, console_errors
):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("input[name=username]").fill(MAYA)
    page.locator("input[name=password]").fill("sumutmitra-demo")
    page.locator("#main").get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/dasbor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor")
    main = page.locator("#main")
    expect(main.get_by_role("heading", name="Perlu tindakan")).to_be_visible()
    expect(main.get_by_role("heading", name="Aktivitas terbaru")).to_be_visible()
    expect(main).to_contain_text("Dinas Perindustrian dan Perdagangan Provinsi Sumatera Utara")
    # The anonymous submitter is named nowhere, though the agency's follow-up is listed.
    expect(page.locator("#activity")).to_contain_text(FOLLOWED_UP)
    expect(page.locator("body")).not_to_contain_text("Daniel")
    # The staff menu, beside the page: its sections, the current agency, the bell.
    menu = page.locator("#staff-menu")
    for label in ("Dasbor", "Kerja Sama", "Pelatihan", "Aspirasi", "Instansi saya"):
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(menu.locator("#current-agency")).to_contain_text("Dinas Perindustrian")
    expect(menu.locator("#staff-bell")).to_be_visible()
    assert axe_violations(page) == []
    check_lists(page, f"{live_server.url}/dasbor/")
    assert console_errors == []
    context.close()


def test_the_dasbor_works_without_javascript_with_the_menu_open_on_a_phone(
    browser, live_server, demo
):
    context = browser.new_context(
        java_script_enabled=False, locale="id-ID", viewport={"width": 360, "height": 740}
    )
    log_in(context, live_server, User.objects.get(email=MAYA))
    page = context.new_page()
    page.goto(f"{live_server.url}/dasbor/")
    # With no script the staff menu stays open and its button, which would do nothing, is gone.
    expect(page.locator("#staff-menu").get_by_role("link", name="Kerja Sama")).to_be_visible()
    expect(page.locator("#staff-menu-toggle")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    check_lists(page, f"{live_server.url}/dasbor/", axe=False)
    context.close()


def test_on_a_phone_the_staff_menu_folds_away_and_opens(browser, live_server, demo):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 740})
    log_in(context, live_server, User.objects.get(email=MAYA))
    page = context.new_page()
    page.goto(f"{live_server.url}/kerja-sama/kelola/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []  # the folded menu's button too
    link = page.locator("#staff-menu").get_by_role("link", name="Pelatihan", exact=True)
    expect(link).to_be_hidden()
    toggle = page.get_by_role("button", name="Menu staf")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(link).to_be_visible()
    assert axe_violations(page) == []
    link.click()
    expect(page).to_have_url(f"{live_server.url}/pelatihan/kelola/")
    context.close()


def test_the_secretariats_dasbor_has_its_queues(browser, live_server, demo):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    log_in(context, live_server, User.objects.get(email="sekretariat@sumutmitra.test"))
    page = context.new_page()
    page.goto(f"{live_server.url}/dasbor/")
    section = page.locator("#secretariat-dashboard")
    expect(section.get_by_role("heading", name="Antrean yang perlu diproses")).to_be_visible()
    queues = page.locator("#secretariat-queues")
    expect(queues.get_by_role("link", name=re.compile("Verifikasi instansi"))).to_be_visible()
    expect(queues.get_by_role("link", name=re.compile("Moderasi"))).to_be_visible()
    assert axe_violations(page) == []
    main = open_line(page, "agencies_to_verify", r"instansi perlu diverifikasi")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/instansi/verifikasi/" in page.url
    assert main.get_by_role("link").count() > 0
    context.close()
