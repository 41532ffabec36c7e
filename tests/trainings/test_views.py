"""The trainings pages as people use them: what they see, what a form changes, and how many
queries a page costs as registrations grow."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import User
from agencies.enums import MemberRole
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, regency, sector
from tests.support.files import PDF
from tests.support.trainings import make_training, organiser_editor
from tests.trainings.conftest import ongoing_training
from trainings import checkin, services
from trainings.models import Attendance, Registration, Training

pytestmark = pytest.mark.django_db
LIST = reverse("trainings:list")


def count_queries(client, url, data=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(context), response


def add_registrations(training, count, status="approved"):
    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(email=f"massal{start + n}@contoh.id", full_name=f"Peserta Massal {start + n}")
            for n in range(count)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(training=training, user=user, status=status, code=checkin.new_code())
            for user in users
        ]
    )


def test_public_list_and_registration_list_cost_the_same_for_10_and_1000_registrations(client):
    lead = AgencyFactory()
    editor = organiser_editor(lead)
    trainings = [
        make_training(lead=lead, by=editor, title=f"Pelatihan {n}", capacity=2000) for n in range(3)
    ]
    registrations_url = reverse("trainings:registrations", args=[trainings[0].reference])
    for training in trainings:
        add_registrations(training, 10 // 3 + 1)
    small_list, _ = count_queries(client, LIST)
    client.force_login(editor)
    small_registrations, _ = count_queries(client, registrations_url)
    client.logout()
    for training in trainings:
        add_registrations(training, 340)
    large_list, response = count_queries(client, LIST)
    assert "3 pelatihan" in response.content.decode()
    client.force_login(editor)
    large_registrations, response = count_queries(client, registrations_url)
    assert "344 pendaftaran" in response.content.decode()
    assert Registration.objects.count() >= 1000
    assert (small_list, small_registrations) == (large_list, large_registrations)


def test_public_list_shows_published_public_trainings_with_seats_left(client):
    open_one = make_training(title="Pelatihan Terbuka Las", capacity=5)
    services.registration_create(training=open_one, user=UserFactory())
    make_training(title="Draf Rahasia", publish=False)
    make_training(title="Khusus Pegawai OPD", audience="staff")
    page = client.get(LIST).content.decode()
    assert "Pelatihan Terbuka Las" in page
    assert "4 kursi tersisa" in page
    assert "Draf Rahasia" not in page
    assert "Khusus Pegawai OPD" not in page
    # Agency staff see the staff-only training too.
    client.force_login(MembershipFactory().user)
    assert "Khusus Pegawai OPD" in client.get(LIST).content.decode()


def test_public_list_filters_by_kind_mode_regency_and_open_registration(client):
    make_training(
        title="Bimtek Digital",
        kind="bimtek",
        mode="online",
        venue="",
        regency=None,
        online_link="https://meet.contoh.id/a",
    )
    make_training(title="Workshop CPO", kind="workshop", regency=regency("12.08"))
    now = timezone.now()
    make_training(
        title="Magang Belum Dibuka",
        kind="magang",
        registration_opens_at=now + timedelta(hours=2),
        registration_closes_at=now + timedelta(hours=20),
    )

    def titles(**query):
        page = client.get(LIST, query).content.decode()
        return {t for t in ("Bimtek Digital", "Workshop CPO", "Magang Belum Dibuka") if t in page}

    assert titles(kind="bimtek") == {"Bimtek Digital"}
    assert titles(mode="online") == {"Bimtek Digital"}
    assert titles(regency="12.08") == {"Workshop CPO"}
    assert titles(open_only="on") == {"Bimtek Digital", "Workshop CPO"}
    assert titles(q="cpo") == {"Workshop CPO"}
    # A typo in a long word still finds it; a short word is not guessed at.
    assert titles(q="workshpo") == {"Workshop CPO"}
    assert titles(q="Bimtek Digtal") == {"Bimtek Digital"}
    assert titles(q="cpx") == set()


def test_resident_registers_through_the_form_and_required_answers_are_checked(client):
    training = make_training(
        questions=[
            {"text": "Pengalaman mengelas (tahun)", "kind": "text", "required": True},
            {"text": "Ukuran baju", "kind": "single", "choices": "S\nM\nL", "required": True},
        ]
    )
    first, second = training.questions.all()
    resident = UserFactory()
    client.force_login(resident)
    url = reverse("trainings:register", args=[training.reference])
    response = client.post(url, {f"q_{first.pk}": "3"})
    assert response.status_code == 200
    assert "Ukuran baju" in response.content.decode()
    assert not Registration.objects.filter(user=resident).exists()
    response = client.post(url, {f"q_{first.pk}": "3", f"q_{second.pk}": "L"})
    assert response.url == reverse("trainings:registration", args=[training.reference])
    registration = Registration.objects.get(user=resident)
    assert registration.status == "approved"
    assert registration.answers == {str(first.pk): "3", str(second.pk): "L"}
    page = client.get(response.url).content.decode()
    assert "<svg" in page and checkin.display(registration.code) in page
    assert "Disetujui" in page


def test_qr_code_and_online_link_only_for_confirmed_participants(client):
    training = make_training(
        mode="hybrid",
        online_link="https://meet.contoh.id/rahasia",
        capacity=1,
        requires_approval=True,
    )
    waiting = UserFactory()
    registration = services.registration_create(training=training, user=waiting)
    client.force_login(waiting)
    mine = client.get(reverse("trainings:registration", args=[training.reference])).content
    detail = client.get(training.get_absolute_url()).content.decode()
    assert b"<svg" not in mine and b"meet.contoh.id/rahasia" not in mine
    assert "meet.contoh.id/rahasia" not in detail
    ics = client.get(reverse("trainings:ics", args=[training.reference])).content
    assert b"meet.contoh.id/rahasia" not in ics.replace(b"\r\n ", b"")
    services.registration_approve(registration=registration, by=training.organiser_user)
    mine = client.get(reverse("trainings:registration", args=[training.reference])).content
    assert b"<svg" in mine and b"meet.contoh.id/rahasia" in mine
    ics = client.get(reverse("trainings:ics", args=[training.reference])).content
    assert b"meet.contoh.id/rahasia" in ics.replace(b"\r\n ", b"")


def test_private_materials_and_the_online_link_reach_participants_and_organisers_only(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    training = make_training(
        mode="hybrid", online_link="https://meet.contoh.id/rahasia", requires_approval=True
    )
    for title, public in (("Jadwal umum", True), ("Modul peserta", False)):
        services.material_upload(
            training=training,
            by=training.organiser_user,
            title=title,
            file=SimpleUploadedFile("m.pdf", PDF, "application/pdf"),
            public=public,
        )
    private = training.materials.get(public=False)
    private_url = reverse("trainings:material", args=[training.reference, private.token])
    waiting = UserFactory()
    registration = services.registration_create(training=training, user=waiting)
    lead = training.organiser_rows.get(is_lead=True).agency
    organiser_viewer = MembershipFactory(agency=lead, role=MemberRole.VIEWER).user

    for reader in (None, UserFactory(), waiting):
        client.logout()
        if reader is not None:
            client.force_login(reader)
        page = client.get(training.get_absolute_url()).content.decode()
        assert "Jadwal umum" in page
        assert "Modul peserta" not in page and "meet.contoh.id/rahasia" not in page
        assert client.get(private_url).status_code == 404

    services.registration_approve(registration=registration, by=training.organiser_user)
    for reader in (waiting, organiser_viewer):
        client.force_login(reader)
        page = client.get(training.get_absolute_url()).content.decode()
        assert "Modul peserta" in page and "meet.contoh.id/rahasia" in page
        assert client.get(private_url).status_code == 200


def _training_form_data(lead, **overrides):
    start = timezone.localtime() + timedelta(days=5)
    data = {
        "title": "Pelatihan Mutu Kopi",
        "kind": "pelatihan",
        "lead": lead.pk,
        "sector": sector("perindustrian").pk,
        "description": "Uji cita rasa kopi Sidikalang.",
        "audience": "public",
        "mode": "in_person",
        "venue": "Balai Kopi Dairi",
        "regency": regency("12.11").pk,
        "capacity": "20",
        "registration_opens_at": (start - timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"),
        "registration_closes_at": (start - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "min_attendance_percent": "80",
        "sesi-TOTAL_FORMS": "1",
        "sesi-INITIAL_FORMS": "0",
        "sesi-0-title": "Hari pertama",
        "sesi-0-starts_at": start.strftime("%Y-%m-%dT08:00"),
        "sesi-0-ends_at": start.strftime("%Y-%m-%dT16:00"),
        "narasumber-TOTAL_FORMS": "1",
        "narasumber-INITIAL_FORMS": "0",
        "pertanyaan-TOTAL_FORMS": "1",
        "pertanyaan-INITIAL_FORMS": "0",
        "pertanyaan-0-text": "Nama usaha kopi Anda",
        "pertanyaan-0-kind": "text",
        "pertanyaan-0-required": "on",
        "pertanyaan-0-position": "1",
    }
    data.update(overrides)
    return data


def test_organiser_creates_a_draft_with_sessions_and_questions_through_the_form(client):
    lead = AgencyFactory(name="Dinas Perindustrian Kabupaten Dairi")
    editor = organiser_editor(lead)
    partner = AgencyFactory(name="Koperasi Kopi Sidikalang")
    client.force_login(editor)
    response = client.post(
        reverse("trainings:create"), _training_form_data(lead, co_organisers=[partner.pk])
    )
    training = Training.objects.get(title="Pelatihan Mutu Kopi")
    assert response.url == reverse("trainings:manage_detail", args=[training.reference])
    assert training.status == "draft"
    assert training.sessions.count() == 1
    assert training.starts_at == training.sessions.get().starts_at
    assert list(training.questions.values_list("text", flat=True)) == ["Nama usaha kopi Anda"]
    assert {(r.agency, r.is_lead) for r in training.organiser_rows.all()} == {
        (lead, True),
        (partner, False),
    }
    assert training.events.get().to_status == "draft"
    # Not public until published.
    client.logout()
    assert client.get(training.get_absolute_url()).status_code == 404


def test_the_form_sets_who_signs_the_certificates_and_the_training_hours(client):
    lead = AgencyFactory()
    client.force_login(organiser_editor(lead))
    data = _training_form_data(
        lead,
        lesson_hours="32",
        signatory_name="Dr. Rosnawati Lubis, M.Si.",
        signatory_title="Kepala Dinas Perindustrian Kabupaten Dairi",
    )
    response = client.post(reverse("trainings:create"), data)
    training = Training.objects.get()
    assert (training.lesson_hours, training.signatory_name, training.signatory_title) == (
        32,
        "Dr. Rosnawati Lubis, M.Si.",
        "Kepala Dinas Perindustrian Kabupaten Dairi",
    )
    page = client.get(response.url).content.decode()
    assert '32 jam pelajaran (<abbr title="Jam Pelajaran: ' in page
    assert "Dr. Rosnawati Lubis, M.Si., Kepala Dinas Perindustrian Kabupaten Dairi" in page
    # Without a count of its own, the sessions' time: 08.00-16.00 is 480 minutes, 10 JP.
    edit = reverse("trainings:edit", args=[training.reference])
    form = client.get(edit).content.decode()
    assert 'name="signatory_name"' in form and 'name="lesson_hours"' in form
    data.update({"lesson_hours": "", "sesi-INITIAL_FORMS": "1"})
    data["sesi-0-id"] = training.sessions.get().pk
    client.post(edit, data)
    training.refresh_from_db()
    assert training.lesson_hours is None
    assert "10 jam pelajaran (<abbr" in client.get(response.url).content.decode()


def test_the_form_adds_several_daily_sessions_at_once_without_javascript(client):
    lead = AgencyFactory()
    client.force_login(organiser_editor(lead))
    page = client.get(reverse("trainings:create")).content.decode()
    assert 'name="seri-days"' in page and "<details" in page  # opens without a script
    friday = timezone.localdate() + timedelta(days=(4 - timezone.localdate().weekday()) % 7 + 7)
    data = _training_form_data(
        lead,
        **{
            "registration_closes_at": (friday - timedelta(days=1)).strftime("%Y-%m-%dT12:00"),
            "sesi-0-starts_at": (friday - timedelta(days=1)).strftime("%Y-%m-%dT08:00"),
            "sesi-0-ends_at": (friday - timedelta(days=1)).strftime("%Y-%m-%dT16:00"),
            "seri-first_day": friday.isoformat(),
            "seri-days": "4",
            "seri-starts": "08:30",
            "seri-ends": "15:30",
            "seri-weekdays_only": "on",
        },
    )

    response = client.post(reverse("trainings:create"), data)

    assert response.status_code == 302, response.content.decode()
    training = Training.objects.get()
    days = [
        (timezone.localtime(s.starts_at).date(), timezone.localtime(s.starts_at).strftime("%H.%M"))
        for s in training.sessions.all()
    ]
    # The row typed in, then Friday, Monday, Tuesday and Wednesday: the weekend is skipped.
    assert days == [
        (friday - timedelta(days=1), "08.00"),
        (friday, "08.30"),
        (friday + timedelta(days=3), "08.30"),
        (friday + timedelta(days=4), "08.30"),
        (friday + timedelta(days=5), "08.30"),
    ]
    assert timezone.localtime(training.ends_at).date() == friday + timedelta(days=5)


def test_several_sessions_at_once_need_every_part_and_hours_that_make_sense(client):
    lead = AgencyFactory()
    client.force_login(organiser_editor(lead))
    start = timezone.localdate() + timedelta(days=10)
    data = _training_form_data(
        lead,
        **{"seri-first_day": start.isoformat(), "seri-days": "3", "seri-starts": "16:00"},
    )
    page = client.post(reverse("trainings:create"), data).content.decode()
    assert "Diperlukan untuk menambahkan beberapa sesi sekaligus." in page
    data["seri-ends"] = "08:00"
    page = client.post(reverse("trainings:create"), data).content.decode()
    assert "Sesi harus berakhir setelah waktu mulainya." in page
    assert not Training.objects.exists()


def test_a_session_that_ends_before_it_starts_is_shown_at_its_row_and_in_the_summary(client):
    """The rows' own errors (a session's hours, a speaker without a name) were drawn nowhere:
    the form came back as typed, with no word of what was wrong."""
    lead = AgencyFactory()
    client.force_login(organiser_editor(lead))
    data = _training_form_data(lead, **{"narasumber-0-affiliation": "USU"})
    data["sesi-0-ends_at"] = data["sesi-0-starts_at"].replace("T08:00", "T07:00")
    page = client.post(reverse("trainings:create"), data).content.decode()
    summary = page[
        page.index('id="form-errors"') : page.index("</ul>", page.index('id="form-errors"'))
    ]
    assert "Sesi harus berakhir setelah waktu mulainya." in summary
    assert 'href="#id_narasumber-0-name"' in summary
    row = page[page.index('name="sesi-0-id"') - 400 : page.index('name="sesi-0-title"')]
    assert "Sesi harus berakhir setelah waktu mulainya." in row
    assert not Training.objects.exists()


def test_a_new_training_with_a_session_in_the_past_is_refused_at_the_date(client):
    lead = AgencyFactory()
    client.force_login(organiser_editor(lead))
    last_year = timezone.localtime() - timedelta(days=365)
    data = _training_form_data(
        lead,
        **{
            "sesi-0-starts_at": last_year.strftime("%Y-%m-%dT08:00"),
            "sesi-0-ends_at": last_year.strftime("%Y-%m-%dT16:00"),
        },
    )
    past = "Sesi pelatihan baru tidak dapat dimulai pada waktu yang sudah lewat."
    page = client.post(reverse("trainings:create"), data).content.decode()
    assert 'id="id_sesi-0-starts_at_error"' in page and past in page
    # The several-days form too.
    data = _training_form_data(
        lead,
        **{
            "seri-first_day": last_year.date().isoformat(),
            "seri-days": "2",
            "seri-starts": "08:00",
            "seri-ends": "16:00",
        },
    )
    page = client.post(reverse("trainings:create"), data).content.decode()
    assert 'id="id_seri-first_day_error"' in page and past in page
    assert not Training.objects.exists()


def test_an_existing_training_keeps_its_past_sessions_and_may_add_one_just_held(client):
    lead = AgencyFactory()
    client.force_login(organiser_editor(lead))
    client.post(reverse("trainings:create"), _training_form_data(lead))
    training = Training.objects.get()
    # Time passes: the training has begun, and the organiser adds the day before, just held.
    began = timezone.localtime() - timedelta(hours=2)
    training.sessions.update(starts_at=began, ends_at=began + timedelta(hours=8))
    day_before = began - timedelta(days=1)
    data = _training_form_data(
        lead,
        registration_opens_at=(began - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        registration_closes_at=(began - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        **{
            "sesi-TOTAL_FORMS": "2",
            "sesi-INITIAL_FORMS": "1",
            "sesi-0-id": training.sessions.get().pk,
            "sesi-0-starts_at": began.strftime("%Y-%m-%dT%H:%M"),
            "sesi-0-ends_at": (began + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
            "sesi-1-title": "Hari sebelumnya",
            "sesi-1-starts_at": day_before.strftime("%Y-%m-%dT%H:%M"),
            "sesi-1-ends_at": (day_before + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    response = client.post(reverse("trainings:edit", args=[training.reference]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert training.sessions.count() == 2


def test_training_form_without_sessions_or_with_an_online_mode_and_no_link_is_refused(client):
    lead = AgencyFactory()
    client.force_login(organiser_editor(lead))
    data = _training_form_data(lead, mode="online", venue="", regency="")
    data.update({"sesi-0-starts_at": "", "sesi-0-ends_at": "", "sesi-0-title": ""})
    response = client.post(reverse("trainings:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "setidaknya satu sesi" in page
    assert not Training.objects.exists()
    data = _training_form_data(lead, mode="online")
    page = client.post(reverse("trainings:create"), data).content.decode()
    assert "tautan pertemuannya" in page
    assert not Training.objects.exists()


def test_an_editor_cannot_make_another_agency_the_lead(client):
    lead = AgencyFactory()
    editor = organiser_editor(lead)
    other = AgencyFactory()
    client.force_login(editor)
    response = client.post(reverse("trainings:create"), _training_form_data(other))
    assert response.status_code == 200
    assert not Training.objects.exists()


def test_checkin_page_takes_a_typed_code_once_and_refuses_a_foreign_code(client):
    training = ongoing_training()
    other = ongoing_training(title="Pelatihan Lain")
    person = UserFactory(full_name="Rina Situmorang")
    registration = services.registration_create(training=training, user=person)
    foreign = services.registration_create(training=other, user=UserFactory())
    session = training.sessions.get()
    url = reverse("trainings:checkin", args=[training.reference, session.pk])
    client.force_login(training.organiser_user)
    typed = checkin.display(registration.code).lower()
    page = client.post(url, {"code": typed}, follow=True).content.decode()
    assert "Rina Situmorang tercatat hadir." in page
    page = client.post(url, {"code": typed}, follow=True).content.decode()
    assert "sudah tercatat hadir pukul" in page
    assert Attendance.objects.filter(registration=registration).count() == 1
    page = client.post(url, {"code": foreign.code}, follow=True).content.decode()
    assert "Pelatihan Lain" in page
    assert not Attendance.objects.filter(registration=foreign).exists()
    assert "1 dari 1 peserta" in page


def test_participants_export_has_answers_and_attendance(client):
    training = ongoing_training(
        questions=[{"text": "Asal daerah", "kind": "text", "required": True}]
    )
    question = training.questions.get()
    person = UserFactory(full_name="Samuel Pardede", email="samuel@contoh.id")
    registration = services.registration_create(
        training=training, user=person, answers={str(question.pk): "Tapanuli Utara"}
    )
    services.attendance_tick(
        session=training.sessions.get(),
        registration=registration,
        by=training.organiser_user,
        method="list",
    )
    client.force_login(training.organiser_user)
    response = client.get(
        reverse("trainings:registrations_export", args=[training.reference, "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Nama", "E-mail", "Status", "Terdaftar pada (WIB)", "Asal daerah"]
    assert rows[1][0:3] == ["Samuel Pardede", "samuel@contoh.id", "Disetujui"]
    assert rows[1][4] == "Tapanuli Utara"
    assert rows[1][-1] == "1"
    response = client.get(
        reverse("trainings:registrations_export", args=[training.reference, "xlsx"])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Peserta"]
    assert workbook.active["A2"].value == "Samuel Pardede"


def test_public_feed_lists_upcoming_public_trainings_only(client):
    make_training(title="Pelatihan Publik")
    make_training(title="Khusus Pegawai", audience="staff")
    make_training(title="Masih Draf", publish=False)
    calendar = Calendar.from_ical(client.get(reverse("trainings:feed")).content)
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert summaries == {"Pelatihan Publik"}


def test_agency_profile_and_agreement_pages_list_their_trainings(client):
    from partnerships import services as partnership_services
    from tests.factories import secretariat_user

    lead = AgencyFactory(slug="blk-medan")
    partner = AgencyFactory()
    agreement = partnership_services.agreement_create(
        by=secretariat_user(),
        title="PKS Vokasi Las",
        kind="pks",
        cooperation_kind="agencies",
        start_date=timezone.localdate() - timedelta(days=30),
        end_date=timezone.localdate() + timedelta(days=700),
        visibility="public",
        legacy=True,
        sectors=[],
        parties=[{"agency": lead, "role": "first"}, {"agency": partner, "role": "second"}],
    )
    make_training(lead=lead, title="Juru Las Angkatan Satu", agreement=agreement)
    make_training(lead=lead, title="Draf Angkatan Dua", agreement=agreement, publish=False)
    profile = client.get(lead.get_absolute_url()).content.decode()
    assert "Juru Las Angkatan Satu" in profile and "Draf Angkatan Dua" not in profile
    public = client.get(agreement.get_public_url()).content.decode()
    assert "Juru Las Angkatan Satu" in public and "Draf Angkatan Dua" not in public
    client.force_login(MembershipFactory(agency=lead, role=MemberRole.VIEWER).user)
    staff = client.get(agreement.get_absolute_url()).content.decode()
    assert "Juru Las Angkatan Satu" in staff and "Draf Angkatan Dua" in staff


def test_certificate_check_page_says_valid_revoked_or_unknown(client):
    from django.core.files.base import ContentFile

    from trainings.models import Certificate

    training = make_training()
    registration = services.registration_create(
        training=training, user=UserFactory(full_name="Intan Damanik")
    )
    certificate = Certificate(
        registration=registration, code="SRT-ABCD-EFGH", status="ready", issued_at=timezone.now()
    )
    certificate.file.save("c.pdf", ContentFile(b"%PDF-1.4"), save=False)
    certificate.save()
    url = reverse("trainings:verify")
    page = client.get(url, {"kode": "srt-abcd-efgh"}).content.decode()
    assert "Sah" in page and "Intan Damanik" in page and training.title in page
    services.certificate_revoke(certificate=certificate, by=training.organiser_user, reason="Salah")
    page = client.get(url, {"kode": "SRT-ABCD-EFGH"}).content.decode()
    assert "Dicabut" in page and "Intan Damanik" in page
    page = client.get(url, {"kode": "SRT-0000-0000"}).content.decode()
    assert "Tidak dikenal" in page and "Intan Damanik" not in page


@pytest.mark.parametrize(
    "typed", ["srt-abcd-efgh", " SRT ABCD EFGH ", "srtabcdefgh", "Srt.Abcd.Efgh", "SRT-ABCDEFGH"]
)
def test_a_certificate_code_is_found_however_it_is_typed(client, typed):
    from django.core.files.base import ContentFile

    from trainings.models import Certificate

    training = make_training()
    registration = services.registration_create(
        training=training, user=UserFactory(full_name="Intan Damanik")
    )
    certificate = Certificate(
        registration=registration, code="SRT-ABCD-EFGH", status="ready", issued_at=timezone.now()
    )
    certificate.file.save("c.pdf", ContentFile(b"%PDF-1.4"), save=False)
    certificate.save()
    response = client.get(reverse("trainings:verify"), {"kode": typed})
    assert response.context["certificate"] == certificate
    page = response.content.decode()
    assert "Sah" in page and "Intan Damanik" in page
    assert 'value="SRT-ABCD-EFGH"' in page  # shown back as the certificate prints it


def test_an_empty_or_misshapen_certificate_code_gets_a_message_at_the_field(client):
    url = reverse("trainings:verify")
    first = client.get(url).content.decode()
    assert "tercetak pada sertifikat." not in first and 'aria-invalid="true"' not in first

    empty = client.get(url, {"kode": "   "}).content.decode()
    assert "Ketik kode verifikasi yang tercetak pada sertifikat." in empty
    assert 'aria-invalid="true"' in empty and 'aria-describedby="kode-error"' in empty
    assert "verification-result" not in empty

    for typed in ["SRT-ABCD", "PL-2026-00001", "x" * 60]:
        page = client.get(url, {"kode": typed}).content.decode()
        assert "Ini bukan kode sertifikat." in page, typed
        assert "verification-result" not in page, typed


def test_the_training_page_costs_the_same_for_1_and_300_registrations(client):
    training = make_training(capacity=1000)
    add_registrations(training, 1)
    few, _ = count_queries(client, training.get_absolute_url())
    add_registrations(training, 299)
    many, response = count_queries(client, training.get_absolute_url())
    assert "300 dari 1000" in response.content.decode()
    assert many == few


def test_a_resident_is_asked_before_the_registration_is_cancelled(client):
    training = make_training()
    person = UserFactory()
    registration = services.registration_create(training=training, user=person)
    client.force_login(person)
    page = client.get(reverse("trainings:registration", args=[training.reference])).content
    url = reverse("trainings:cancel_own", args=[training.reference])
    assert f'href="{url}"'.encode() in page  # a link to the question, not a form that acts

    question = client.get(url)
    assert question.status_code == 200
    assert "Ya, batalkan pendaftaran saya" in question.content.decode()
    registration.refresh_from_db()
    assert registration.status == "approved"  # asking changed nothing

    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_the_attendance_sheet_costs_the_same_for_10_and_300_participants(client):
    training = make_training(capacity=1000)
    session = training.sessions.get()
    url = reverse("trainings:attendance_sheet", args=[training.reference, session.pk])
    client.force_login(training.organiser_user)
    add_registrations(training, 10)
    few, _ = count_queries(client, url)
    add_registrations(training, 290)
    many, response = count_queries(client, url)
    assert response.content.decode().count('<td class="sheet-signature">') == 300
    assert many == few


def test_the_certificates_zip_costs_the_same_for_5_and_60_certificates(client):
    from django.core.files.base import ContentFile

    from trainings.models import Certificate

    training = make_training(capacity=1000)
    url = reverse("trainings:certificates_zip", args=[training.reference])
    client.force_login(training.organiser_user)

    def certify(count):
        add_registrations(training, count)
        for registration in training.registrations.filter(certificate__isnull=True):
            certificate = Certificate(
                registration=registration, code=f"SRT-Q{registration.pk:07d}", status="ready"
            )
            certificate.file.save("c.pdf", ContentFile(b"%PDF-1.4"), save=False)
            certificate.save()

    def zip_queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
            size = len(b"".join(response.streaming_content))
        assert response.status_code == 200 and size > 0
        return len(context)

    try:
        certify(5)
        few = zip_queries()
        certify(55)
        assert zip_queries() == few
    finally:
        for certificate in Certificate.objects.all():
            certificate.file.storage.delete(certificate.file.name)


def test_writing_to_participants_and_the_sent_messages_cost_the_same_for_10_and_300(client):
    training = make_training(capacity=1000)
    client.force_login(training.organiser_user)
    url = reverse("trainings:message", args=[training.reference])
    overview = reverse("trainings:manage_detail", args=[training.reference])
    data = {"audience": "all", "subject": "Ruang pindah", "body": "Aula 2."}

    def confirm_page():
        with CaptureQueriesContext(connection) as context:
            response = client.post(url, data)
        assert "Kirim pesan ini" in response.content.decode()
        return len(context)

    add_registrations(training, 10)
    services.training_message_send(training=training, by=training.organiser_user, **data)
    few = (confirm_page(), count_queries(client, overview)[0])
    add_registrations(training, 290)
    services.training_message_send(training=training, by=training.organiser_user, **data)
    many = (confirm_page(), count_queries(client, overview)[0])
    assert many == few
