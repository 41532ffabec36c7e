"""The agencies app's create forms in the browser, typed as people in North Sumatra type them:
a double-click on each create button saves once (with JavaScript and without), and a required
field left empty is shown at the field in Indonesian with everything else kept."""

import time
from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from agencies import services
from agencies.enums import MemberRole
from agencies.models import Agency, Capability, Invitation, Membership
from tests.e2e.support import (
    ALREADY,
    CreateButton,
    a_double_click_saves_once,
    expect_field_error,
    open_tab,
    slowly,
    status,
)
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INVITED = "lestari.ginting@contoh.id"


@dataclass
class World:
    founder: object  # a resident who registers a cooperative
    agency: object  # a verified agency
    admin: object
    editor: object
    invitation: object  # to INVITED, as editor


@pytest.fixture
def world():
    agency = AgencyFactory(
        name="Dinas Koperasi dan UKM Provinsi Sumatera Utara",
        acronym="Dinas Koperasi UKM",
        slug="dinas-koperasi-ukm",
    )
    admin = MembershipFactory(
        agency=agency, role=MemberRole.ADMIN, user__full_name="Horas Simanjuntak"
    ).user
    editor = MembershipFactory(
        agency=agency, role=MemberRole.EDITOR, user__full_name="Dewi Lubis"
    ).user
    return World(
        founder=UserFactory(full_name="Rina Br. Siregar", email="rina.siregar@contoh.id"),
        agency=agency,
        admin=admin,
        editor=editor,
        invitation=services.invitation_create(
            agency=agency, email=INVITED, role="editor", by=admin
        ),
    )


# --- What each form is typed with, and what must come of it ---------------------------------------

REGISTRATION = {
    "#id_name": "Koperasi Produsen Kopi Arabika Sidikalang",
    "#id_acronym": "KPKA Sidikalang",
    "#id_description": "Koperasi 214 petani kopi Arabika di Kecamatan Sumbul dan Parbuluan.",
    "#id_address": "Jl. Sisingamangaraja No. 45, Sidikalang 22211",
    "#id_website": "kopisidikalang.id",
    "#id_email": "koperasi@kopisidikalang.id",
    "#id_phone": "0812-3456-7890",
}


def fill_registration(page, typed=REGISTRATION):
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    page.locator("#id_kind").select_option("cooperative")
    page.get_by_label("Pertanian dan Perkebunan").check()
    page.locator("#id_regency").select_option(label="Kabupaten Dairi")


def registration_saved(page, world):
    expect(status(page)).to_contain_text(
        "Koperasi Produsen Kopi Arabika Sidikalang telah terdaftar dan sedang menunggu "
        "verifikasi sekretariat."
    )
    agency = Agency.objects.get(registered_by=world.founder)
    assert (agency.name, agency.acronym, agency.kind, agency.regency.code) == (
        "Koperasi Produsen Kopi Arabika Sidikalang",
        "KPKA Sidikalang",
        "cooperative",
        "12.11",
    )
    assert agency.address == "Jl. Sisingamangaraja No. 45, Sidikalang 22211"
    assert agency.website == "https://kopisidikalang.id"  # typed without its scheme
    assert (agency.email, agency.phone) == ("koperasi@kopisidikalang.id", "0812-3456-7890")
    assert [s.slug for s in agency.sectors.all()] == ["pertanian-perkebunan"]
    assert Membership.objects.filter(agency=agency, user=world.founder, role="admin").count() == 1
    expect(page.get_by_role("heading", level=1)).to_have_text(agency.name)
    expect(page.get_by_role("link", name="0812-3456-7890")).to_be_visible()
    return agency.get_absolute_url()


def fill_invitation(page):
    page.get_by_label("Alamat e-mail rekan kerja").fill("Bonar.Hutagalung@contoh.id")
    page.locator("#id_role").select_option("viewer")


def invitation_saved(page, world):
    expect(status(page)).to_contain_text("Undangan untuk Bonar.Hutagalung@contoh.id telah disimpan")
    invitation = Invitation.objects.get(agency=world.agency, email="bonar.hutagalung@contoh.id")
    assert (invitation.role, invitation.invited_by) == ("viewer", world.admin)
    assert Invitation.objects.count() == 2  # with the world's own
    expect(page.locator(f"#invitation-{invitation.pk}")).to_contain_text(
        "bonar.hutagalung@contoh.id — Pembaca"
    )
    return reverse("agencies:members", args=[world.agency.slug])


CAPABILITY = {
    "#id_title": "Bengkel las 20 stasiun dengan instruktur bersertifikat BNSP",
    "#id_description": "Dipakai bergantian oleh UMKM binaan; hubungi Bidang UKM, (061) 4567890.",
}


def fill_capability(page, typed=CAPABILITY):
    for selector, value in typed.items():
        page.locator(selector).fill(value)
    page.locator("#id_kind").select_option("facility")
    page.locator("#id_sector").select_option(label="Perindustrian")
    page.locator("#id_regency").select_option(label="Kota Medan")


def capability_saved(page, world):
    expect(status(page)).to_have_text("Kapabilitas telah ditambahkan.")
    capability = Capability.objects.get(agency=world.agency)
    assert capability.title == CAPABILITY["#id_title"]
    assert capability.description == CAPABILITY["#id_description"]
    assert (capability.kind, capability.sector.slug, capability.regency.code) == (
        "facility",
        "perindustrian",
        "12.71",
    )
    expect(page.get_by_role("heading", name=CAPABILITY["#id_title"])).to_be_visible()
    return world.agency.get_absolute_url()


ACCOUNT = {"full_name": "Lestari Br. Ginting", "password": "Andaliman-Toba-2026"}


def fill_account(page, full_name=ACCOUNT["full_name"]):
    page.get_by_label("Nama lengkap").fill(full_name)
    page.locator("#id_password1").fill(ACCOUNT["password"])
    page.locator("#id_password2").fill(ACCOUNT["password"])
    page.locator("#id_consent").check()


def membership_saved(page, world):
    expect(status(page)).to_have_text(
        "Selamat datang di Dinas Koperasi dan UKM Provinsi Sumatera Utara. Peran Anda: Editor."
    )
    user = User.objects.get(email=INVITED)
    assert user.full_name == ACCOUNT["full_name"] and user.check_password(ACCOUNT["password"])
    assert Membership.objects.filter(user=user).count() == 1
    assert Membership.objects.get(user=user).agency == world.agency
    world.invitation.refresh_from_db()
    assert world.invitation.accepted_at is not None
    return world.agency.get_absolute_url()


CREATE_BUTTONS = {
    "register": CreateButton(
        who="founder",
        path=lambda w: reverse("agencies:register"),
        fill=fill_registration,
        button="Daftarkan",
        service="agency_register",
        saved=registration_saved,
    ),
    "invite": CreateButton(
        who="admin",
        path=lambda w: reverse("agencies:members", args=[w.agency.slug]),
        fill=fill_invitation,
        button="Kirim undangan",
        service="invitation_create",
        saved=invitation_saved,
    ),
    "capability": CreateButton(
        who="editor",
        path=lambda w: reverse("agencies:capability_create", args=[w.agency.slug]),
        fill=fill_capability,
        button="Simpan",
        service="capability_create",
        saved=capability_saved,
    ),
    "accept-with-a-new-account": CreateButton(
        who=None,
        path=lambda w: reverse("agencies:invitation", args=[w.invitation.token]),
        fill=fill_account,
        button="Buat akun saya dan bergabung",
        service="invitation_accept_with_new_account",
        saved=membership_saved,
    ),
}


@pytest.mark.parametrize("name", CREATE_BUTTONS)
def test_a_double_click_on_a_create_button_sends_it_once_and_saves_what_was_typed(
    browser, live_server, world, monkeypatch, request, name
):
    a_double_click_saves_once(
        CREATE_BUTTONS[name],
        browser=browser,
        live_server=live_server,
        world=world,
        monkeypatch=monkeypatch,
        services=services,
        request=request,
    )


def test_accepting_with_the_account_one_has_is_sent_once(browser, live_server, world, monkeypatch):
    invited = UserFactory(full_name="Lestari Br. Ginting", email=INVITED)
    slowly(monkeypatch, services, "invitation_accept")
    tab = open_tab(browser, live_server, invited)
    page = tab.goto(live_server, reverse("agencies:invitation", args=[world.invitation.token]))
    tab.check_page()
    page.get_by_role("button", name="Terima undangan").dblclick()
    expect(status(page)).to_contain_text("Selamat datang di Dinas Koperasi dan UKM")
    assert page.url == f"{live_server.url}{world.agency.get_absolute_url()}"
    assert Membership.objects.filter(user=invited, agency=world.agency, role="editor").count() == 1
    assert len(tab.posts) == 1 and tab.submits() == [[True]]
    tab.check_page()


def test_without_javascript_a_second_submit_while_the_first_is_at_work_registers_once(
    browser, live_server, world, monkeypatch
):
    slowly(monkeypatch, services, "agency_register", seconds=1.5)
    tab = open_tab(browser, live_server, world.founder, java_script_enabled=False)
    page = tab.goto(live_server, reverse("agencies:register"))
    fill_registration(page, {**REGISTRATION, "#id_phone": "+62 61 4567890"})
    page.locator("#id_name").focus()
    page.keyboard.press("Enter")
    time.sleep(0.5)
    page.keyboard.press("Enter")  # the first is still at work

    expect(status(page)).to_contain_text(ALREADY, timeout=15_000)
    assert len(tab.posts) == 2, tab.posts
    agency = Agency.objects.get(registered_by=world.founder)
    assert (agency.name, agency.phone) == (REGISTRATION["#id_name"], "+62 61 4567890")
    assert page.url == f"{live_server.url}{agency.get_absolute_url()}"
    expect(page.get_by_role("heading", level=1)).to_have_text(agency.name)
    assert Membership.objects.filter(user=world.founder).count() == 1
    assert tab.console_errors == []


# --- A required field left empty ------------------------------------------------------------------


def test_a_registration_without_a_name_says_so_at_the_field_keeps_the_rest_and_saves_once_fixed(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.founder)
    page = tab.goto(live_server, reverse("agencies:register"))
    typed = {key: value for key, value in REGISTRATION.items() if key != "#id_name"}
    fill_registration(page, typed)
    page.get_by_role("button", name="Daftarkan").click()

    expect_field_error(page, "id_name")
    for selector, value in typed.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("#id_kind")).to_have_value("cooperative")
    expect(page.get_by_label("Pertanian dan Perkebunan")).to_be_checked()
    expect(page.locator("#id_regency option:checked")).to_have_text("Kabupaten Dairi")
    assert not Agency.objects.filter(registered_by=world.founder).exists()
    tab.check_page()

    page.locator("#id_name").fill(REGISTRATION["#id_name"])
    page.get_by_role("button", name="Daftarkan").click()
    lands = registration_saved(page, world)
    assert page.url == f"{live_server.url}{lands}"
    assert Agency.objects.filter(registered_by=world.founder).count() == 1
    tab.check_page()


def test_a_capability_without_a_title_says_so_at_the_field_keeps_the_rest_and_saves_once_fixed(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.editor)
    page = tab.goto(live_server, world.agency.get_absolute_url())
    page.get_by_role("link", name="Tambah", exact=True).click()
    fill_capability(page, {"#id_description": CAPABILITY["#id_description"]})
    page.get_by_role("button", name="Simpan").click()

    expect_field_error(page, "id_title")
    expect(page.locator("#id_description")).to_have_value(CAPABILITY["#id_description"])
    expect(page.locator("#id_kind")).to_have_value("facility")
    expect(page.locator("#id_sector option:checked")).to_have_text("Perindustrian")
    expect(page.locator("#id_regency option:checked")).to_have_text("Kota Medan")
    assert Capability.objects.count() == 0
    tab.check_page()

    page.locator("#id_title").fill(CAPABILITY["#id_title"])
    page.get_by_role("button", name="Simpan").click()
    capability_saved(page, world)
    assert Capability.objects.count() == 1
    tab.check_page()


def test_an_invitation_without_an_address_says_so_at_the_field_and_is_sent_once_fixed(
    browser, live_server, world
):
    tab = open_tab(browser, live_server, world.admin)
    page = tab.goto(live_server, reverse("agencies:members", args=[world.agency.slug]))
    page.locator("#id_role").select_option("viewer")
    page.get_by_role("button", name="Kirim undangan").click()

    expect_field_error(page, "id_email")
    expect(page.locator("#id_role")).to_have_value("viewer")
    assert Invitation.objects.count() == 1  # the world's own
    tab.check_page()

    fill_invitation(page)
    page.get_by_role("button", name="Kirim undangan").click()
    invitation_saved(page, world)
    tab.check_page()


def test_an_account_without_a_name_says_so_at_the_field_and_joins_once_fixed(
    browser, live_server, world
):
    tab = open_tab(browser, live_server)
    page = tab.goto(live_server, reverse("agencies:invitation", args=[world.invitation.token]))
    fill_account(page, full_name="")
    page.get_by_role("button", name="Buat akun saya dan bergabung").click()

    expect_field_error(page, "id_full_name")
    expect(page.locator("#id_consent")).to_be_checked()
    # Passwords are never sent back to the browser (Django's PasswordInput): typed again.
    expect(page.locator("#id_password1")).to_have_value("")
    assert not User.objects.filter(email=INVITED).exists()
    tab.check_page()

    fill_account(page)
    page.get_by_role("button", name="Buat akun saya dan bergabung").click()
    membership_saved(page, world)
    tab.check_page()
