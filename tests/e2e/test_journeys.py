"""Browser journeys in headless Chromium against the live server."""

import io
import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+")


def heading(page):
    return page.get_by_role("heading", level=1)


def test_home_in_indonesian_then_english(page, live_server, console_errors):
    page.goto(live_server.url)  # the browser asks for English (en-US); Indonesian comes first
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(heading(page)).to_have_text(
        "Kemitraan industri Sumatera Utara, dalam satu portal terbuka"
    )

    page.get_by_role("button", name="English").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text(
        "North Sumatra's industrial partnerships, in one open portal"
    )
    expect(page.get_by_role("link", name="Home").first).to_be_visible()

    page.get_by_role("button", name="Bahasa Indonesia").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert console_errors == []


def test_signup_verify_login_logout(page, live_server, mailoutbox, eager_tasks, console_errors):
    # The link goes through the outbox: its send task runs where it is enqueued (after commit).
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Daftar").first.click()
    expect(heading(page)).to_have_text("Buat akun")

    page.get_by_label("Nama lengkap").fill("Rina Siregar")
    page.get_by_label("Alamat e-mail").fill("rina@contoh.id")
    page.get_by_label(re.compile("Kata sandi")).fill("Ulos-Tenun-Samosir-7")
    page.get_by_label("Ulangi kata sandi").fill("Ulos-Tenun-Samosir-7")
    page.get_by_label(re.compile("Saya setuju")).check()
    page.get_by_role("button", name="Daftar").click()

    expect(heading(page)).to_have_text("Periksa e-mail Anda")
    expect(page.get_by_text("rina@contoh.id")).to_be_visible()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["rina@contoh.id"]
    link = LINK.search(mailoutbox[0].body).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    page.get_by_role("button", name="Konfirmasi alamat e-mail saya").click()
    expect(page.get_by_role("status")).to_contain_text("alamat e-mail Anda sudah terverifikasi")
    expect(heading(page)).to_have_text("Masuk")

    page.get_by_label("Alamat e-mail").fill("rina@contoh.id")
    page.get_by_label(re.compile("Kata sandi")).fill("Ulos-Tenun-Samosir-7")
    page.get_by_role("button", name="Masuk").click()
    account_menu = page.get_by_role("button", name="Rina")
    expect(account_menu).to_be_visible()

    account_menu.click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("status")).to_contain_text("Anda telah keluar.")
    expect(page.get_by_role("link", name="Masuk").first).to_be_visible()
    assert console_errors == []


def test_password_reset_by_email(page, live_server, mailoutbox, eager_tasks):
    # The link goes through the outbox: its send task runs where it is enqueued (after commit).
    UserFactory(email="lupa@contoh.id", full_name="Lupa Sandi")
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Alamat e-mail").fill("lupa@contoh.id")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(heading(page)).to_have_text("Periksa e-mail Anda")

    page.goto(LINK.search(mailoutbox[0].body).group(0))
    page.locator("input[name=new_password1]").fill("Sate-Padang-Pedas-8")
    page.locator("input[name=new_password2]").fill("Sate-Padang-Pedas-8")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(heading(page)).to_have_text("Kata sandi telah diubah")

    page.get_by_role("link", name="Masuk").last.click()
    page.get_by_label("Alamat e-mail").fill("lupa@contoh.id")
    page.get_by_label(re.compile("Kata sandi")).fill("Sate-Padang-Pedas-8")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Lupa")).to_be_visible()
    assert User.objects.get(email="lupa@contoh.id").check_password("Sate-Padang-Pedas-8")


@pytest.mark.parametrize("path", ["/", "/akun/masuk/", "/akun/daftar/", "/privasi/", "/istilah/"])
def test_no_serious_accessibility_violations(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    assert axe_violations(page) == []


def test_form_errors_pass_axe_too(page, live_server):
    page.goto(f"{live_server.url}/akun/daftar/")
    page.get_by_role("button", name="Daftar").click()  # everything empty
    expect(page.get_by_role("alert").first).to_contain_text("Periksa kembali isian yang ditandai")
    assert axe_violations(page) == []


def test_phone_width_has_no_sideways_scroll_and_a_working_menu(browser, live_server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    page.goto(live_server.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    menu_button = page.get_by_role("button", name="Tampilkan atau sembunyikan menu")
    expect(menu_button).to_be_visible()
    menu_login = page.locator("#main-menu").get_by_role("link", name="Masuk")
    expect(menu_login).to_be_hidden()
    menu_button.click()
    expect(menu_login).to_be_visible()
    context.close()


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url)
    # With no script the menu stays open, and the language switch is a plain form.
    expect(page.locator("#main-menu").get_by_role("link", name="Masuk")).to_be_visible()
    page.get_by_role("button", name="English").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Log in").first.click()
    expect(heading(page)).to_have_text("Log in")
    context.close()


def test_admin_login_for_the_demo_superuser(page, live_server, settings):
    from django.core.management import call_command

    settings.DEBUG = True  # seed_demo only runs on development sites
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    page.goto(f"{live_server.url}/admin/")
    page.locator("input[name=username]").fill("admin@sumutmitra.test")
    page.locator("input[name=password]").fill("sumutmitra-demo")
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_contain_text("Administrasi Sumut Mitra")
