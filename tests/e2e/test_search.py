"""The portal's search (/cari/, issue 17) as people meet it in the browser: a typo in the header
box still finds Disperindag, "USU" finds its agreements and its trainings, a staff member types
a resident's tracking code however it was read out on the phone and lands on that input, and a
rahasia input is found by the agency it is assigned to and by nobody else; without JavaScript,
on a phone, and with axe finding nothing serious on the results."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations, log_in
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    MembershipFactory,
    SubmissionFactory,
    TrainingFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DISPERINDAG = "Dinas Perindustrian dan Perdagangan Provinsi Sumatera Utara"
USU_AGREEMENT = "Kerja Sama Riset Hilirisasi Sawit"
USU_TRAINING = "Workshop Uji Mutu CPO"
OTHER_AGREEMENT = "Kerja Sama Pengelolaan Pasar Tradisional"
CODE = "SM-2026-7K3MQX"
SECRET_CODE = "SM-2026-R4H5A1"
SECRET = "Pungutan liar di gerbang kawasan industri"  # the rahasia input's title
SECRET_WORDS = "pungutan liar gerbang"


class World:
    pass


@pytest.fixture
def world():
    w = World()
    w.disperindag = AgencyFactory(name=DISPERINDAG, acronym="Disperindag", slug="disperindag")
    w.usu = AgencyFactory(name="Universitas Sumatera Utara", acronym="USU", slug="usu")
    w.dinkes = AgencyFactory(name="Dinas Kesehatan Provinsi Sumatera Utara", acronym="Dinkes")
    w.usu_agreement = AgreementFactory(title=USU_AGREEMENT, parties=[w.disperindag, w.usu])
    w.other_agreement = AgreementFactory(title=OTHER_AGREEMENT, parties=[w.disperindag])
    w.usu_training = TrainingFactory(title=USU_TRAINING, organisers=[w.usu])
    w.staff = MembershipFactory(agency=w.disperindag, role="editor").user
    w.other_staff = MembershipFactory(agency=w.dinkes, role="admin").user
    w.resident = UserFactory(full_name="Rina Sitompul")
    w.phoned_in = SubmissionFactory(
        tracking_code=CODE,
        title="Jalan rusak menuju sentra IKM rotan",
        assigned_agency=w.disperindag,
    )
    w.secret = SubmissionFactory(
        tracking_code=SECRET_CODE,
        title=SECRET,
        body="Setiap truk pengangkut diminta pungutan liar di gerbang kawasan industri.",
        privacy="rahasia",
        assigned_agency=w.disperindag,
    )
    return w


def tab(browser, live_server, user=None, **options):
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(locale="id-ID", **options)
    if user is not None:
        log_in(context, live_server, user)
    return context, context.new_page()


def search_in_header(page, live_server, words):
    """Type `words` in the header's box on the home page and press Enter."""
    page.goto(f"{live_server.url}/")
    box = page.locator("header").get_by_role("search").get_by_label("Cari di portal")
    box.fill(words)
    box.press("Enter")
    page.wait_for_load_state()
    return page.locator("#main")


def section(page, key):
    return page.locator(f'section[aria-labelledby="kind-{key}"]')


def test_a_typo_in_the_header_box_still_finds_disperindag(
    browser, live_server, world, console_errors
):
    context, page = tab(browser, live_server)
    main = search_in_header(page, live_server, "perindustrain")
    expect(page).to_have_url(re.compile(r"/cari/\?q=perindustrain$"))
    agencies = section(page, "instansi")
    expect(agencies.get_by_role("link", name=DISPERINDAG)).to_be_visible()
    expect(agencies).not_to_contain_text("Dinas Kesehatan")
    expect(main).to_contain_text("untuk “perindustrain”")
    assert axe_violations(page) == [], page.url
    agencies.get_by_role("link", name=DISPERINDAG).click()
    expect(page).to_have_url(f"{live_server.url}{world.disperindag.get_absolute_url()}")
    assert console_errors == []
    context.close()


def test_usu_finds_its_agreements_and_its_trainings(browser, live_server, world, console_errors):
    context, page = tab(browser, live_server)
    search_in_header(page, live_server, "USU")
    expect(section(page, "instansi").get_by_role("link", name="Universitas Sumatera Utara"))
    agreements = section(page, "kerja-sama")
    expect(agreements.get_by_role("link", name=USU_AGREEMENT)).to_be_visible()
    expect(agreements).not_to_contain_text(OTHER_AGREEMENT)  # Disperindag's alone
    trainings = section(page, "pelatihan")
    expect(trainings.get_by_role("link", name=USU_TRAINING)).to_be_visible()
    assert axe_violations(page) == [], page.url
    # A kind's own tab lists its results, with the other kinds' counts beside it.
    page.locator(".search-kinds").get_by_role("link", name=re.compile("^Pelatihan")).click()
    expect(page).to_have_url(re.compile(r"jenis=pelatihan"))
    main = page.locator("#main")
    expect(main.get_by_role("link", name=USU_TRAINING)).to_be_visible()
    expect(main).not_to_contain_text(USU_AGREEMENT)
    assert axe_violations(page) == [], page.url
    main.get_by_role("link", name=USU_TRAINING).click()
    expect(page).to_have_url(f"{live_server.url}{world.usu_training.get_absolute_url()}")
    assert console_errors == []
    context.close()


@pytest.mark.parametrize("typed", [CODE, CODE.lower(), "sm 2026 7k3mqx", " SM2026-7K3MQX "])
def test_staff_type_a_phoned_in_tracking_code_and_land_on_the_input(
    browser, live_server, world, typed
):
    context, page = tab(browser, live_server, world.staff)
    search_in_header(page, live_server, typed)
    expect(page).to_have_url(f"{live_server.url}/forum/kelola/{CODE}/")
    expect(page.locator("#main")).to_contain_text("Jalan rusak menuju sentra IKM rotan")
    context.close()


def test_a_rahasia_input_is_found_by_its_agency_and_by_nobody_else(browser, live_server, world):
    # Its agency's staff find it by its words and jump to it by its code.
    context, page = tab(browser, live_server, world.staff)
    search_in_header(page, live_server, SECRET_WORDS)
    found = section(page, "aspirasi")
    expect(found.get_by_role("link", name=SECRET)).to_be_visible()
    expect(found).to_contain_text("Rahasia")
    search_in_header(page, live_server, SECRET_CODE.lower())
    expect(page).to_have_url(f"{live_server.url}/forum/kelola/{SECRET_CODE}/")
    context.close()
    # Nobody else: not signed in, another resident, another agency's staff.
    for who in (None, world.resident, world.other_staff):
        context, page = tab(browser, live_server, who)
        for words in (SECRET_WORDS, "pungutn liar", SECRET_CODE):
            main = search_in_header(page, live_server, words)
            expect(page).to_have_url(re.compile(r"/cari/\?q="))
            expect(main).to_contain_text("0 hasil")
            expect(page.locator("body")).not_to_contain_text(SECRET)
            expect(page.locator("body")).not_to_contain_text("Pungutan")
            expect(page.locator(".search-result")).to_have_count(0)
        context.close()


def test_search_works_without_javascript_on_a_phone(browser, live_server, world):
    context, page = tab(
        browser, live_server, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page.goto(f"{live_server.url}/")
    # On a phone the header's box is in the folded menu; the magnifier opens the search page.
    page.locator("#search-link").click()
    expect(page).to_have_url(f"{live_server.url}/cari/")
    form = page.locator("#main").get_by_role("search")
    form.get_by_label("Cari", exact=True).fill("perindustrain")
    form.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"/cari/\?q=perindustrain"))
    agencies = section(page, "instansi")
    expect(agencies.get_by_role("link", name=DISPERINDAG)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The kinds' tabs are plain links: each works without a script.
    page.goto(f"{live_server.url}/cari/?q=USU")
    page.locator(".search-kinds").get_by_role("link", name=re.compile("^Kerja sama")).click()
    main = page.locator("#main")
    expect(main.get_by_role("link", name=USU_AGREEMENT)).to_be_visible()
    expect(main).not_to_contain_text(USU_TRAINING)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_a_pasted_address_never_widens_the_page_on_a_phone(browser, live_server, world):
    context, page = tab(browser, live_server, viewport={"width": 360, "height": 740})
    address = "https://sumutmitra.example.go.id/kerja-sama/" + "hilirisasisawitberkelanjutan" * 5
    TrainingFactory(title=f"Materi {address}", description=f"Tautan materi: {address}")
    page.goto(f"{live_server.url}/cari/?q={address}")
    expect(page.locator("#main")).to_contain_text("hasil untuk")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == [], page.url
    # And where nothing is found, the empty state's own message with the query.
    page.goto(f"{live_server.url}/cari/?q={'x' * 180}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == [], page.url
    context.close()


def test_a_guest_searching_their_held_inputs_code_is_sent_to_the_tracking_page(
    browser, live_server, world
):
    context, page = tab(browser, live_server)
    main = search_in_header(page, live_server, SECRET_CODE.lower())
    expect(main).to_contain_text("0 hasil")
    expect(page.locator("body")).not_to_contain_text("Pungutan")
    main.locator(".alert").get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/forum/lacak/?kode={SECRET_CODE}")
    expect(page.locator("#id_code")).to_have_value(SECRET_CODE)
    assert axe_violations(page) == [], page.url
    context.close()
