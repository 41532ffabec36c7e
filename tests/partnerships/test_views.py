import re

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
