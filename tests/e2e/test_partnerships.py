"""Acceptance journey of the partnerships app: draft → submit → verify → deliberate →
schedule → sign → in force and public → milestone done → monev report accepted → history."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.enums import MemberRole
from partnerships import services
from partnerships.models import Agreement, Contribution
from tests.conftest import axe_violations, log_in
from tests.factories import AgencyFactory, MembershipFactory, secretariat_user
from tests.partnerships.conftest import Setting
from tests.support.files import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = pdf_bytes()


def move(page, action, label, **fill):
    """Click the move's button (a verb) and confirm; the page then says the new status."""
    page.get_by_role("link", name=action).click()
    for selector, value in fill.items():
        page.locator(f"#id_{selector}").fill(value)
    page.get_by_role("button", name="Konfirmasi").click()
    expect(page.get_by_role("status").first).to_contain_text(label)


def upload(page, kind, title, name, public=False):
    page.get_by_role("link", name="Unggah", exact=True).click()
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_title").fill(title)
    page.locator("#id_file").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": PDF}
    )
    if public:
        page.locator("#id_public").check()
    page.get_by_role("button", name="Unggah").click()
    expect(page.get_by_role("status").first).to_contain_text(title)


def test_agreement_journey_from_draft_to_accepted_monev(browser, live_server):
    disperindag = AgencyFactory(
        name="Dinas Perindustrian dan Perdagangan Sumut", acronym="Disperindag", slug="disperindag"
    )
    kim = AgencyFactory(name="PT Kawasan Industri Medan", acronym="KIM", slug="kim")
    kadin = AgencyFactory(name="Kadin Sumatera Utara", acronym="Kadin", slug="kadin")
    editor = MembershipFactory(
        agency=disperindag, role=MemberRole.EDITOR, user__full_name="Fajar Sitompul"
    ).user
    reviewer = secretariat_user(full_name="Rudi Sekretariat")
    kb = services.agreement_create(
        by=reviewer,
        title="KB Pengembangan Industri Medan",
        kind="kb",
        cooperation_kind="ksdpk",
        start_date=date(2025, 1, 1),
        end_date=date(2030, 1, 1),
        visibility="public",
        legacy=True,
        sectors=[],
        parties=[{"agency": disperindag, "role": "first"}, {"agency": kim, "role": "second"}],
    )
    today = timezone.localdate()

    # An editor of Disperindag drafts a PKS under the KB with two other agencies.
    editor_context = browser.new_context()
    log_in(editor_context, live_server, editor)
    page = editor_context.new_page()
    page.goto(f"{live_server.url}/kerja-sama/kelola/")
    page.get_by_role("link", name="Susun draf kerja sama").click()
    page.locator("#id_title").fill("PKS Pembinaan IKM Kawasan Industri Medan")
    page.locator("#id_kind").select_option("pks")
    page.locator("#id_cooperation_kind").select_option("ksdpk")
    page.locator("#id_parent").select_option(label=str(kb))
    page.get_by_label("Perindustrian", exact=True).check()
    page.locator("#id_start_date").fill(today.isoformat())
    page.locator("#id_end_date").fill((today + timedelta(days=730)).isoformat())
    page.locator("#id_parties-0-agency").fill(disperindag.name)
    page.locator("#id_parties-0-role").select_option("first")
    # Typing part of a name suggests agencies (a datalist htmx fills); the acronym is enough.
    page.locator("#id_parties-1-agency").press_sequentially("Kawasan Ind", delay=30)
    expect(page.locator("#id_parties-1-agency-options option")).to_have_attribute("value", kim.name)
    page.locator("#id_parties-1-agency").fill("KIM")
    page.locator("#id_parties-1-role").select_option("second")
    page.get_by_role("button", name="Tambah pihak").click()
    page.locator("#id_parties-2-agency").fill(kadin.name)
    page.locator("#id_parties-2-role").select_option("third")
    page.locator("#id_parties-2-pic_email").fill("pic.kadin@contoh.id")
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_role("status").first).to_contain_text("Draf")
    agreement = Agreement.objects.get(title="PKS Pembinaan IKM Kawasan Industri Medan")
    assert agreement.parent == kb and agreement.parties.count() == 3

    # ... uploads the KAK and submits it.
    upload(page, "tor", "Kerangka Acuan Kerja", "kak.pdf")
    move(page, "Ajukan ke sekretariat", "Usulan")

    # The secretariat verifies, deliberates, schedules and records the signing.
    reviewer_context = browser.new_context()
    log_in(reviewer_context, live_server, reviewer)
    review = reviewer_context.new_page()
    review.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    move(review, "Verifikasi usulan", "Terverifikasi")
    move(review, "Bahas di TKKSD", "Pembahasan")
    move(
        review,
        "Jadwalkan penandatanganan",
        "Penandatanganan dijadwalkan",
        signing_date=f"{today.isoformat()}T10:00",
        signing_place="Kantor Gubernur, Medan",
    )
    upload(review, "signed", "Naskah yang ditandatangani", "ttd.pdf", public=True)
    review.get_by_role("link", name="Catat penandatanganan").click()
    review.locator("#id_signed_on").fill(today.isoformat())
    for box in ("checked_initials", "checked_duty_stamp", "checked_seal"):
        review.locator(f"#id_{box}").check()
    review.get_by_role("button", name="Konfirmasi").click()
    expect(review.get_by_role("status").first).to_contain_text("Berlaku")

    # In force: on the public list and on each party's profile.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/kerja-sama/")
    expect(visitor.get_by_role("link", name=agreement.title)).to_be_visible()
    for agency in (disperindag, kim, kadin):
        visitor.goto(f"{live_server.url}{agency.get_absolute_url()}")
        expect(visitor.get_by_role("link", name=agreement.title)).to_be_visible()
    visitor.goto(f"{live_server.url}{agreement.get_public_url()}")
    expect(visitor.get_by_text("pic.kadin@contoh.id")).to_have_count(0)

    # A party records a milestone done and a monev report with figures.
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    page.get_by_text("Rencanakan tonggak capaian").click()
    page.locator("#milestones #id_title").fill("Pelatihan angkatan pertama")
    page.locator("#milestones #id_responsible").select_option(label=disperindag.name)
    page.locator("#milestones #id_due_date").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Tambah tonggak capaian").click()
    expect(page.locator("#milestones")).to_contain_text("Pelatihan angkatan pertama")
    page.get_by_role("link", name="Tandai selesai Pelatihan angkatan pertama").click()
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#milestones")).to_contain_text("Selesai")

    page.get_by_role("link", name="Kirim laporan").click()
    page.locator("#id_activities").fill("Pelatihan 40 juru las untuk IKM penyewa kawasan.")
    page.locator("#id_jobs_absorbed").fill("25")
    page.locator("#id_investment_realised").fill("2000000000")
    page.locator("#id_trainees").fill("40")
    page.locator("#id_recommendation").select_option("expand")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status").first).to_contain_text("Laporan monev telah dikirim")

    # The secretariat accepts the report.
    review.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    review.reload()  # the reviewer's page is still open from the signing
    review.locator("#monev").get_by_role("link", name="Tinjau").first.click()
    review.get_by_label("Terima").check()
    review.get_by_role("button", name="Simpan keputusan").click()
    expect(review.locator("#monev")).to_contain_text("Diterima")
    expect(review.locator("#monev")).to_contain_text("Rp 2.000.000.000")

    # The history shows every step with its actor.
    history = review.locator("#history-heading + ol")
    for text in (
        "Usulan",
        "Terverifikasi",
        "Pembahasan",
        "Penandatanganan dijadwalkan",
        "Ditandatangani",
        "Berlaku",
        "Tonggak capaian selesai",
        "Laporan monev dikirim",
        "Laporan monev diterima",
        "Fajar Sitompul",
        "Rudi Sekretariat",
    ):
        expect(history).to_contain_text(text)


def financing_world():
    """An agreement in force between Disperindag and KIM, and an editor of Disperindag."""
    world = Setting()
    agreement = world.bring_into_force(
        world.draft(start_date=date(2026, 1, 1), end_date=date(2029, 1, 1))
    )
    return world, agreement


def type_amount(box, text):
    """Type into a box like a person: select what is there, then key by key."""
    box.click()
    box.press("ControlOrMeta+a")
    box.press_sequentially(text, delay=20)


def test_financing_typed_as_people_write_rupiah_is_saved_corrected_and_removed(
    browser, live_server
):
    world, agreement = financing_world()
    context = browser.new_context(locale="id-ID")
    log_in(context, live_server, world.editor)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    financing = page.locator("#financing")

    # The issue: "150.000.000" typed into "Rencana (Rp)" was saved as Rp 150.
    financing.get_by_text("Catat pembiayaan").click()
    financing.get_by_label("Pihak").select_option(label="Disperindag Sumut")
    financing.get_by_label("Sumber dana").select_option("apbd")
    planned = financing.get_by_label("Rencana (Rp)")
    expect(planned).to_have_attribute("inputmode", "numeric")
    type_amount(planned, "150.000.000")
    financing.get_by_role("button", name="Tambah", exact=True).click()
    expect(financing.get_by_role("cell", name="Rp 150.000.000").first).to_be_visible()
    row = Contribution.objects.get(agreement=agreement)
    assert row.planned == 150_000_000

    # A mistake is corrected: the form shows the amount as it was written.
    financing.get_by_role("link", name="Perbarui Disperindag Sumut Rp 150.000.000").click()
    planned = page.get_by_label("Rencana (Rp)")
    expect(planned).to_have_value("150.000.000")
    expect(page.locator(".input-group-text", has_text="Rp").first).to_be_visible()
    type_amount(planned, "2.00.000")  # one dot too few: refused, never guessed
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Titik memisahkan ribuan")
    expect(page.locator("#id_planned_error")).to_be_visible()  # under the group, not hidden
    expect(page.get_by_label("Rencana (Rp)")).to_have_value("2.00.000")
    assert axe_violations(page) == []
    type_amount(page.get_by_label("Rencana (Rp)"), "Rp 200.000.000")
    page.get_by_role("button", name="Simpan").click()
    expect(financing.get_by_role("cell", name="Rp 200.000.000").first).to_be_visible()
    row.refresh_from_db()
    assert row.planned == 200_000_000

    # ... and a row entered by mistake is removed, after saying which one.
    financing.get_by_role("link", name="Hapus Disperindag Sumut Rp 200.000.000").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hapus baris pembiayaan ini?")
    expect(page.locator("main")).to_contain_text("Rp 200.000.000")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Hapus").click()
    expect(page.get_by_role("status").first).to_contain_text("Baris pembiayaan telah dihapus.")
    expect(financing).to_contain_text("Belum ada pembiayaan yang dicatat.")
    expect(page.locator("#history-heading + ol")).to_contain_text("Pembiayaan dihapus")
    assert not Contribution.objects.filter(agreement=agreement).exists()
    assert errors == []
    context.close()


def test_the_amount_box_fits_a_phone_and_works_without_javascript(browser, live_server):
    world, agreement = financing_world()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 375, "height": 740}, locale="id-ID"
    )
    log_in(context, live_server, world.editor)
    page = context.new_page()
    page.goto(f"{live_server.url}{agreement.get_absolute_url()}")
    financing = page.locator("#financing")
    financing.get_by_text("Catat pembiayaan").click()  # <details>: no script needed
    financing.get_by_label("Pihak").select_option(label="Disperindag Sumut")
    planned = financing.get_by_label("Rencana (Rp)")
    group = financing.locator(".input-group").first
    prefix, box = group.locator(".input-group-text").bounding_box(), planned.bounding_box()
    assert abs(prefix["y"] - box["y"]) < 2  # "Rp" and the box on one line
    assert group.bounding_box()["x"] + group.bounding_box()["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    type_amount(planned, "Rp 150.000.000")
    financing.get_by_role("button", name="Tambah", exact=True).click()  # a plain POST
    expect(page.locator("#financing")).to_contain_text("Rp 150.000.000")
    # The table scrolls inside its box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Contribution.objects.get(agreement=agreement).planned == 150_000_000
    context.close()
