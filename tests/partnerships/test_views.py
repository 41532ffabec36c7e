import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Agreement
from tests.factories import sector
from tests.partnerships.conftest import pdf_upload


def test_outsiders_get_404_for_internal_agreements_even_with_the_url(client, world):
    agreement = world.draft(visibility="internal")
    assert client.get(agreement.get_absolute_url()).status_code == 302  # to the login page
    assert client.get(agreement.get_public_url()).status_code == 404
    for user in (world.outsider,):
        client.force_login(user)
        assert client.get(agreement.get_absolute_url()).status_code == 404
        assert client.get(agreement.get_public_url()).status_code == 404
        assert client.get(reverse("partnerships:edit", args=[agreement.reference])).status_code in (
            302,
            404,
        )


def test_staff_list_shows_only_own_agencies_agreements(client, world):
    own = world.draft(title="Milik Disperindag")
    client.force_login(world.outsider)
    assert own.title not in client.get(reverse("partnerships:manage")).content.decode()
    client.force_login(world.viewer)
    assert own.title in client.get(reverse("partnerships:manage")).content.decode()


def test_editor_drafts_with_parties_through_the_form(client, world):
    client.force_login(world.editor)
    data = {
        "title": "PKS Pelatihan Las",
        "monev_per_year": "2",
        "kind": "pks",
        "cooperation_kind": "ksdpk",
        "sectors": [sector("tenaga-kerja").pk],
        "start_date": "2026-02-01",
        "end_date": "2028-02-01",
        "visibility": "public",
        "parties-TOTAL_FORMS": "3",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "10",
        # As people type them: a full name, an acronym, a name in other case and spacing.
        "parties-0-agency": "Disperindag Sumut",
        "parties-0-role": "first",
        "parties-1-agency": "KIM",
        "parties-1-role": "second",
        "parties-2-agency": "  kadin   sumatera utara ",
        "parties-2-role": "third",
        "parties-2-pic_email": "rahasia.kadin@contoh.id",
    }
    # "Add a party" only adds a row, without saving (works without JavaScript).
    response = client.post(reverse("partnerships:create"), {**data, "add_party": "1"})
    assert response.context["parties"].total_form_count() == 4
    assert not Agreement.objects.exists()

    response = client.post(reverse("partnerships:create"), data, follow=True)
    agreement = Agreement.objects.get()
    assert {party.agency for party in agreement.parties.all()} == {
        world.disperindag,
        world.kim,
        world.kadin,
    }
    assert "Draf" in response.content.decode() and agreement.reference in response.content.decode()


def test_bad_dates_get_a_message_and_keep_the_input(client, world):
    client.force_login(world.editor)
    data = {
        "title": "Judul yang tidak boleh hilang",
        "kind": "pks",
        "cooperation_kind": "ksdpk",
        "sectors": [sector("tenaga-kerja").pk],
        "start_date": "2026-02-01",
        "end_date": "2025-02-01",
        "visibility": "public",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "10",
        "parties-0-agency": world.disperindag.name,
        "parties-0-role": "first",
        "parties-1-agency": world.kim.name,
        "parties-1-role": "second",
    }
    page = client.post(reverse("partnerships:create"), data).content.decode()
    assert "setelah tanggal mulai" in page
    assert 'value="Judul yang tidak boleh hilang"' in page
    assert not Agreement.objects.exists()


def test_viewer_cannot_submit_through_the_page(client, world):
    agreement = world.draft()
    client.force_login(world.viewer)
    response = client.post(reverse("partnerships:move", args=[agreement.reference, "submitted"]))
    assert response.status_code == 403
    assert "tidak boleh" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_public_detail_shows_no_person_in_charge_nor_internal_documents(client, world):
    agreement = world.bring_into_force(world.draft(start_date=timezone.localdate()))
    page = client.get(agreement.get_public_url()).content.decode()
    assert agreement.title in page and "Tujuan yang publik." in page
    for secret in (
        "pic.disperindag@contoh.id",
        "pic.kim@contoh.id",
        "0812-1111-2222",
        "PIC Disperindag",
        "Kerangka Acuan Kerja",
        ">KAK<",
    ):
        assert secret not in page, secret
    signed = agreement.documents.get(kind="signed").versions.get()
    assert signed.token in page


def test_public_detail_shows_each_party_s_document_number_as_the_api_does(client, world):
    """The number each party gave its copy is on the signed text: public on the page, in the
    API and in the search alike (a reader who found it by that number sees it there)."""
    parties = world.parties()
    parties[0]["document_number"] = "500/1234/DISPERINDAG/2026"
    parties[1]["document_number"] = "B-77/KIM/XI/2026"
    agreement = world.bring_into_force(world.draft(parties=parties))
    page = client.get(agreement.get_public_url()).content.decode()
    assert "Nomor 500/1234/DISPERINDAG/2026" in page and "Nomor B-77/KIM/XI/2026" in page
    api = client.get(reverse("api:agreement-detail", args=[agreement.pk])).json()
    assert {party["document_number"] for party in api["parties"]} == {
        "500/1234/DISPERINDAG/2026",
        "B-77/KIM/XI/2026",
    }
    found = client.get(reverse("search"), {"q": "B-77/KIM/XI/2026"})
    assert found.status_code == 302 and found["Location"] == agreement.get_public_url()


def test_public_list_and_party_profiles_show_agreements_in_force(client, world):
    agreement = world.bring_into_force(world.draft(start_date=timezone.localdate()))
    hidden = world.draft(title="Masih Draf")
    page = client.get(reverse("partnerships:list")).content.decode()
    assert agreement.title in page and hidden.title not in page
    for agency in (world.disperindag, world.kim):
        assert agreement.title in client.get(agency.get_absolute_url()).content.decode()


def test_public_list_exports_csv_and_xlsx(client, world):
    agreement = world.bring_into_force(world.draft(start_date=timezone.localdate()))
    csv = client.get(reverse("partnerships:public_export", args=["csv"])).content.decode()
    assert agreement.reference in csv and "pic." not in csv
    xlsx = client.get(reverse("partnerships:public_export", args=["xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Kerja sama"]
    assert agreement.title in [cell.value for cell in workbook.active["B"]]
    exe = reverse("partnerships:public_export", args=["csv"]).replace(".csv", ".exe")
    assert client.get(exe).status_code == 404


@pytest.mark.parametrize("url_name", ["partnerships:manage", "partnerships:list"])
def test_lists_make_the_same_number_of_queries_for_10_and_500(client, world, url_name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(count):
        Agreement.objects.bulk_create(
            [
                Agreement(
                    reference=f"KS-{1000 + count}-{n:05d}",  # the shape its URLs take
                    title=f"Massal {n}",
                    kind="pks",
                    cooperation_kind="ksdpk",
                    status="in_force",
                    start_date="2026-01-01",
                    end_date="2027-01-01",
                    visibility="public",
                )
                for n in range(count)
            ]
        )
        from partnerships.models import Party

        Party.objects.bulk_create(
            [
                Party(agreement=a, agency=agency, role=role)
                for a in Agreement.objects.filter(reference__startswith=f"KS-{1000 + count}-")
                for agency, role in ((world.disperindag, "first"), (world.kim, "second"))
            ]
        )

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse(url_name)).status_code == 200
        return len(context)

    client.force_login(world.viewer)
    make(10)
    ten = queries()
    make(490)
    assert queries() == ten


def test_moves_are_offered_only_to_who_may_make_them(client, world):
    agreement = world.draft()
    client.force_login(world.viewer)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert not re.search(r"/status/submitted/", page)
    client.force_login(world.editor)
    assert "/status/submitted/" in client.get(agreement.get_absolute_url()).content.decode()


def test_upload_page_reports_a_fake_pdf_and_keeps_nothing(client, world):
    agreement = world.draft()
    client.force_login(world.editor)
    fake = pdf_upload("palsu.pdf", b"MZ not a pdf")
    response = client.post(
        reverse("partnerships:document_upload", args=[agreement.reference]),
        {"kind": "tor", "title": "KAK", "file": fake},
    )
    assert "bukan berkas" in response.content.decode()
    assert not agreement.documents.exists()


def test_staff_list_sorts_as_asked(client, world):
    from datetime import date

    world.draft(title="Bravo", end_date=date(2027, 6, 1))
    world.draft(title="Alfa", end_date=date(2029, 6, 1))
    client.force_login(world.editor)

    def titles(ordering):
        response = client.get(reverse("partnerships:manage"), {"urut": ordering})
        return [a.title for a in response.context["page"].object_list]

    assert titles("ends") == ["Bravo", "Alfa"]
    assert titles("title") == ["Alfa", "Bravo"]
    assert titles("newest") == ["Alfa", "Bravo"]


def test_parent_is_named_only_to_those_who_may_see_it(client, world):
    from tests.factories import MembershipFactory

    kb = world.draft(title="KB Internal Rahasia", kind="kb", visibility="internal")
    pks = world.draft(
        title="PKS Anak", parent=kb, parties=world.parties(world.disperindag, world.kadin)
    )
    client.force_login(world.editor)
    assert "KB Internal Rahasia" in client.get(pks.get_absolute_url()).content.decode()
    kadin_editor = MembershipFactory(agency=world.kadin, role="editor").user
    client.force_login(kadin_editor)
    page = client.get(pks.get_absolute_url()).content.decode()
    assert "PKS Anak" in page and "KB Internal Rahasia" not in page


def test_refused_move_says_why_before_asking_for_fields(client, world):
    agreement = world.draft()
    client.force_login(world.secretariat)
    response = client.post(reverse("partnerships:move", args=[agreement.reference, "signed"]))
    page = response.content.decode()
    assert "tidak dapat menjadi" in page
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def _scheduled(world):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from partnerships import services

    agreement = world.draft()
    services.document_upload(
        agreement=agreement, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    services.agreement_move(agreement=agreement, to_status="submitted", by=world.editor)
    for step in ("verified", "deliberation"):
        services.agreement_move(agreement=agreement, to_status=step, by=world.secretariat)
    services.agreement_move(
        agreement=agreement,
        to_status="scheduled",
        by=world.secretariat,
        signing_date=datetime(2026, 1, 5, 10, tzinfo=ZoneInfo("Asia/Jakarta")),
        signing_place="Medan",
        signing_mode="desk",
    )
    return agreement


def test_the_signing_form_takes_the_signed_pdf_in_the_same_step(client, world):
    agreement = _scheduled(world)
    url = reverse("partnerships:move", args=[agreement.reference, "signed"])
    client.force_login(world.secretariat)
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="signed_document"' in page
    checklist = {
        "signed_on": "2026-01-05",
        "checked_initials": "on",
        "checked_duty_stamp": "on",
        "checked_seal": "on",
    }
    missing = client.post(url, checklist)
    assert missing.status_code == 200
    assert "Wajib diisi" in missing.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "scheduled"

    response = client.post(
        url, {**checklist, "signed_document": pdf_upload("naskah-ttd.pdf"), "signed_public": "on"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status in {"signed", "in_force"}
    signed = agreement.documents.get(kind="signed")
    assert signed.public and signed.versions.get().original_name == "naskah-ttd.pdf"


def test_the_monev_review_shows_the_whole_report_and_resent_evidence_is_a_new_version(
    client, world
):
    from datetime import date

    from partnerships import services

    agreement = world.bring_into_force(
        world.draft(start_date=date(2026, 1, 1), end_date=date(2029, 1, 1))
    )
    party = agreement.parties.get(agency=world.disperindag)
    fields = {
        "year": 2026,
        "period": 1,
        "activities": "Pelatihan 20 juru las.",
        "jobs_absorbed": 12,
        "investment_realised": 350_000_000,
        "trainees": 20,
        "ikm_assisted": 4,
        "products": 3,
        "contributions_note": "KIM menyediakan bengkel.",
        "obstacles": "Mesin las kurang dua unit.",
        "follow_up": "Pengadaan mesin pada triwulan berikutnya.",
        "recommendation": "continue",
    }
    report = services.monev_submit(
        agreement=agreement,
        by=world.editor,
        party=party,
        evidence=[pdf_upload("daftar-hadir.pdf")],
        **fields,
    )
    client.force_login(world.secretariat)
    url = reverse("partnerships:monev_review", args=[agreement.reference, report.pk])
    page = client.get(url).content.decode()
    for shown in (
        "Mesin las kurang dua unit.",
        "Pengadaan mesin pada triwulan berikutnya.",
        "KIM menyediakan bengkel.",
        "Rp 350.000.000",
        "daftar-hadir.pdf",
    ):
        assert shown in page, shown

    services.monev_review(
        report=report, by=world.secretariat, decision="returned", comment="Lampirkan foto."
    )
    services.monev_submit(
        agreement=agreement,
        by=world.editor,
        party=party,
        evidence=[pdf_upload("daftar-hadir-lengkap.pdf")],
        **fields,
    )
    (evidence,) = report.evidence.all()
    assert [v.original_name for v in evidence.versions.order_by("number")] == [
        "daftar-hadir.pdf",
        "daftar-hadir-lengkap.pdf",
    ]
    assert agreement.documents.filter(kind="report").count() == 1


def test_the_agreement_search_finds_a_party_by_name_or_acronym(client, world):
    from tests.factories import AgencyFactory

    usu = AgencyFactory(name="Universitas Sumatera Utara", acronym="USU", slug="usu")
    with_usu = world.draft(
        title="PKS Riset Hilirisasi Sawit", parties=world.parties(world.disperindag, usu)
    )
    without = world.draft(title="PKS Pembinaan IKM Medan")
    client.force_login(world.editor)
    for query in (
        "USU",
        "usu",
        "Universitas Sumatera",
        "sumatera utara",
        "Univeristas",
        "hilirisais",
    ):
        page = client.get(reverse("partnerships:manage"), {"q": query}).content.decode()
        assert with_usu.title in page, query
        assert without.title not in page, query


def _progress(agreement, *, milestones, reports):
    """Milestones (every other one done), financing and monev reports written directly."""
    from partnerships.models import Contribution, Milestone, MonevReport

    disperindag = agreement.parties.get(agency__acronym="Disperindag")
    start = agreement.start_date
    for n in range(milestones):
        Milestone.objects.create(
            agreement=agreement,
            title=f"Angkatan pelatihan {n + 1}",
            responsible=disperindag,
            due_date=start + timedelta(days=30 * (n + 1)),
            status="done" if n % 2 == 0 else "planned",
            completed_on=start + timedelta(days=30 * (n + 1)) if n % 2 == 0 else None,
            note="Catatan internal tonggak",
        )
    Contribution.objects.create(
        agreement=agreement,
        party=disperindag,
        source="apbd",
        form="cash",
        planned=150_000_000,
        realised=50_000_000,
        description="Rincian internal anggaran",
    )
    for n in range(reports):
        MonevReport.objects.create(
            agreement=agreement,
            party=disperindag,
            year=2026,
            period=n + 1,
            activities="Kegiatan",
            jobs_absorbed=12,
            investment_realised=2_500_000,
            trainees=40,
            obstacles="Kendala internal laporan",
            recommendation="continue",
            status="accepted",
            submitted_by=agreement.created_by,
        )


def test_the_public_page_shows_progress_without_internal_data(client, world):
    from partnerships.models import MonevReport

    agreement = world.bring_into_force(world.draft(start_date=timezone.localdate()))
    _progress(agreement, milestones=3, reports=2)
    MonevReport.objects.filter(period=2).update(status="submitted", trainees=999)
    client.cookies["django_language"] = "id"
    page = client.get(agreement.get_public_url()).content.decode()
    assert "Tonggak capaian: 2 dari 3 selesai" in page
    assert "Angkatan pelatihan 1" in page and "Angkatan pelatihan 3" in page
    assert "Rp 50.000.000 terealisasi dari rencana Rp 150.000.000" in page and "(33%)" in page
    assert 'max="150000000" value="50000000"' in page
    assert ">40<" in page and ">12<" in page  # the accepted report's figures
    assert ">999<" not in page  # a report the secretariat has not accepted
    for internal in ("Catatan internal tonggak", "Rincian internal anggaran", "Kendala internal"):
        assert internal not in page, internal


def test_the_public_page_costs_the_same_queries_for_any_amount_of_progress(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = world.bring_into_force(world.draft(start_date=timezone.localdate()))
    big = world.bring_into_force(world.draft(title="PKS Besar", start_date=timezone.localdate()))
    _progress(small, milestones=1, reports=1)
    _progress(big, milestones=12, reports=4)
    counts = []
    for agreement in (small, big):
        client.get(agreement.get_public_url())  # per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(agreement.get_public_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_partys_error_is_listed_in_the_summary_at_the_top(client, world):
    client.force_login(world.editor)
    data = {
        "title": "PKS dengan pihak tak dikenal",
        "kind": "pks",
        "cooperation_kind": "ksdpk",
        "sectors": [sector("tenaga-kerja").pk],
        "start_date": "2026-02-01",
        "end_date": "2028-02-01",
        "visibility": "public",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "10",
        "parties-0-agency": world.disperindag.name,
        "parties-0-role": "first",
        "parties-1-agency": "Instansi Yang Tidak Ada Sama Sekali",
        "parties-1-role": "second",
    }
    page = client.post(reverse("partnerships:create"), data).content.decode()
    summary = page[
        page.index('id="form-errors"') : page.index("</ul>", page.index('id="form-errors"'))
    ]
    assert 'href="#id_parties-1-agency"' in summary
    assert 'href="#id_parties-0-agency"' not in summary  # a row without errors is not listed
    assert not Agreement.objects.exists()
    # A form shown for the first time has no summary at all.
    assert 'id="form-errors"' not in client.get(reverse("partnerships:create")).content.decode()


def test_a_comment_too_long_comes_back_kept_with_the_numbers(client, world):
    """The discussion's form used to send a refused comment away with a message, and the
    comment with it."""
    agreement = world.draft()
    client.force_login(world.editor)
    url = reverse("partnerships:comment_add", args=[agreement.reference])
    comment = ("Anggaran pelatihan perlu dibahas lagi. " * 300)[:10_000] + "!"
    response = client.post(url, {"body": comment})
    assert response.status_code == 200
    html = response.content.decode()
    assert "10.001 karakter" in html and comment in html
    assert not agreement.comments.exists()
    assert client.post(url, {"body": comment[:10_000]}).status_code == 302
    assert agreement.comments.get().body == comment[:10_000]


def test_manage_is_offered_to_staff_and_never_to_a_resident(client, world):
    from tests.factories import UserFactory

    manage = f'href="{reverse("partnerships:manage")}"'
    client.force_login(UserFactory(full_name="Warga Biasa"))
    assert manage not in client.get(reverse("partnerships:list")).content.decode()
    for staff in (world.viewer, world.secretariat):
        client.force_login(staff)
        assert manage in client.get(reverse("partnerships:list")).content.decode()
