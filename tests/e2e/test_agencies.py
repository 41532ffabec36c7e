"""Acceptance journey of the agencies app, and every page checked by axe-core and the CSP."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agencies.models import Agency, Membership
from tests.conftest import axe_violations, log_in
from tests.factories import UserFactory, secretariat_user
from tests.support.world import build_world
from tests.test_permission_matrix import MATRIX

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+")


def test_register_verify_find_invite_accept_edit(browser, live_server, mailoutbox, eager_tasks):
    # Its e-mails go through the outbox: the send task runs where it is enqueued (after commit).
    founder = UserFactory(full_name="Rina Siregar", email="rina@contoh.id")
    reviewer = secretariat_user(full_name="Rudi Sekretariat")

    # 1. A person registers the cooperative.
    founder_context = browser.new_context(locale="id-ID")
    log_in(founder_context, live_server, founder)
    page = founder_context.new_page()
    page.goto(f"{live_server.url}/instansi/")
    page.get_by_role("link", name="Daftarkan instansi").click()
    page.get_by_label("Nama", exact=False).first.fill("Koperasi Kopi Sidikalang")
    page.get_by_label("Jenis").select_option("cooperative")
    page.get_by_label("Pertanian dan Perkebunan").check()
    page.get_by_label("Kabupaten/kota").select_option(label="Kabupaten Dairi")
    page.get_by_label("Deskripsi").fill("Kopi Arabika Sidikalang dari petani Dairi.")
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.get_by_role("status").first).to_contain_text("menunggu verifikasi sekretariat")
    agency = Agency.objects.get(name="Koperasi Kopi Sidikalang")
    assert agency.status == "pending"

    # Not public yet.
    anonymous = browser.new_context().new_page()
    anonymous.goto(f"{live_server.url}/instansi/?q=sidikalang")
    expect(anonymous.get_by_text("Koperasi Kopi Sidikalang")).to_have_count(0)

    # 2. The secretariat verifies it.
    reviewer_context = browser.new_context()
    log_in(reviewer_context, live_server, reviewer)
    review = reviewer_context.new_page()
    review.goto(f"{live_server.url}{reverse('agencies:review_queue')}")
    review.get_by_role("link", name="Tinjau Koperasi Kopi Sidikalang").click()
    review.get_by_label("Verifikasi: instansi menjadi publik").check()
    review.get_by_role("button", name="Simpan keputusan").click()
    expect(review.get_by_role("status").first).to_contain_text("Koperasi Kopi Sidikalang")
    assert [m.to for m in mailoutbox][-1] == ["rina@contoh.id"]

    # 3. It is found in the directory filtered by regency and sector (filters in the URL).
    anonymous.goto(f"{live_server.url}/instansi/")
    anonymous.get_by_label("Kabupaten/kota").select_option(label="Kabupaten Dairi")
    anonymous.get_by_label("Bidang").select_option(label="Pertanian dan Perkebunan")
    anonymous.get_by_role("complementary", name="Saringan").get_by_role(
        "button", name="Cari"
    ).click()
    expect(anonymous.get_by_role("link", name="Koperasi Kopi Sidikalang")).to_be_visible()
    expect(anonymous.get_by_text("1 instansi")).to_be_visible()
    assert "regency=12.11" in anonymous.url

    # 4. Its admin invites a colleague by e-mail.
    page.goto(f"{live_server.url}{agency.get_absolute_url()}")
    page.get_by_role("link", name="Anggota").first.click()
    page.get_by_label("Alamat e-mail rekan kerja").fill("kolega@contoh.id")
    page.locator("#id_role").select_option("editor")
    page.get_by_role("button", name="Kirim undangan").click()
    expect(page.get_by_role("status").first).to_contain_text("kolega@contoh.id")
    link = LINK.search(mailoutbox[-1].body).group(0)

    # 5. The colleague accepts, making an account from the link, and becomes an editor.
    colleague = browser.new_context().new_page()
    colleague.goto(link)
    colleague.get_by_label("Nama lengkap").fill("Budi Situmorang")
    colleague.get_by_label(re.compile("Kata sandi")).fill("Kopi-Mandailing-5")
    colleague.get_by_label("Ulangi kata sandi").fill("Kopi-Mandailing-5")
    colleague.get_by_label(re.compile("Saya setuju")).check()
    colleague.get_by_role("button", name="Buat akun saya dan bergabung").click()
    expect(colleague.get_by_role("status").first).to_contain_text("Selamat datang di")
    assert Membership.objects.get(user__email="kolega@contoh.id", agency=agency).role == "editor"

    # 6. ... and edits the profile.
    colleague.get_by_role("link", name="Ubah profil").click()
    colleague.get_by_label("Deskripsi").fill("Kopi Arabika Sidikalang, kini dengan rumah sangrai.")
    colleague.get_by_role("button", name="Simpan").click()
    expect(colleague.get_by_role("status").first).to_contain_text("Profil instansi telah disimpan.")
    agency.refresh_from_db()
    assert "rumah sangrai" in agency.description


CRAWL_ROLES = ["anonymous", "resident", "admin", "secretariat"]
# URLs that answer JSON, a download or a fragment for htmx, not a page.
NOT_PAGES = {
    "healthz",
    "agencies:suggest",
    "media",
    "partnerships:public_export",
    "partnerships:document_download",
    "trainings:feed",
    "trainings:ics",
    "trainings:registrations_export",
    "trainings:material",
    "trainings:certificate",
    "trainings:organiser_certificate",
    "trainings:certificates_zip",
    "trainings:registration_qr",
    "forums:feed",
    "forums:export",
    "forums:attachment",
    "statistics_csv",
    "data_catalogue_dcat",
}
# The REST API answers JSON (and its schema YAML); its documentation page is checked on its own.
NOT_PAGES |= {
    "api:api-root",
    "api:schema",
    "api:regency-list",
    "api:regency-detail",
    "api:sector-list",
    "api:sector-detail",
    "api:staff-agreement-list",
    "api:staff-agreement-detail",
    "api:staff-milestone-list",
    "api:staff-milestone-detail",
    "api:staff-monev-report-list",
    "api:staff-monev-report-detail",
    "api:staff-registration-list",
    "api:staff-registration-detail",
    "api:staff-submission-list",
    "api:staff-submission-detail",
    "api:agency-list",
    "api:agency-detail",
    "api:capability-list",
    "api:capability-detail",
    "api:agreement-list",
    "api:agreement-detail",
    "api:submission-list",
    "api:submission-detail",
    "api:training-list",
    "api:training-detail",
    "api:meeting-list",
    "api:meeting-detail",
    "api:dataset-list",
    "api:dataset-detail",
    # Swagger UI (third-party, interactive by nature; nests buttons, an axe "serious" finding):
    # the documentation itself is api:docs, our own page, crawled like every other.
    "api:explorer",
}


@pytest.mark.parametrize("role", CRAWL_ROLES)
def test_every_page_passes_axe_and_the_content_security_policy(browser, live_server, role):
    world = build_world()
    context = browser.new_context()
    if world.users[role] is not None:
        log_in(context, live_server, world.users[role])
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    problems, visited = {}, 0
    for name, (kwargs, expected) in sorted(MATRIX.items()):
        if expected[role] != 200 or name in NOT_PAGES or name.startswith("admin"):
            continue
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, name
        visited += 1
        found = axe_violations(page)
        if found:
            problems[name] = found
    assert problems == {}
    assert violations == []
    assert visited >= 14  # every page this role may open, not a handful
