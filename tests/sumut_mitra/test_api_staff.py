"""The REST API's staff side (`/api/v1/staff/...`): an agency's own records, read with a personal
key only, exactly as the staff pages show them to the key's owner, within the key's scope.

Each test's data holds the rows that must not come back: another agency's agreement, an internal
one of a partner, a draft of someone else."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from agencies import services as agency_services
from agencies.enums import MemberRole
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    MembershipFactory,
    MilestoneFactory,
    RegistrationFactory,
    SubmissionFactory,
    TrainingFactory,
    UserFactory,
    secretariat_user,
)
from tests.support.api import key_for, read, with_key

AGREEMENTS = reverse("api:staff-agreement-list")
MILESTONES = reverse("api:staff-milestone-list")
REPORTS = reverse("api:staff-monev-report-list")

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements():
    """Agency A's public agreement, internal agreement and draft; agency B's internal agreement
    (A is no party); a partner's internal one with neither A nor B."""
    a = AgencyFactory(name="Instansi A", slug="instansi-a")
    b = AgencyFactory(name="Instansi B", slug="instansi-b")
    partner = AgencyFactory(name="Mitra Lain", slug="mitra-lain")
    rows = {
        "a_public": AgreementFactory(title="A Publik", parties=[a, partner]),
        "a_internal": AgreementFactory(title="A Internal", visibility="internal", parties=[a]),
        "a_draft": AgreementFactory(title="A Draf", status="draft", parties=[a, partner]),
        "b_internal": AgreementFactory(title="B Internal", visibility="internal", parties=[b]),
        "other": AgreementFactory(title="Lain Internal", visibility="internal", parties=[partner]),
    }
    return a, b, rows


def titles(rows):
    return sorted(row["title"] for row in rows)


A_ALL = ["A Draf", "A Internal", "A Publik"]


# --- Who reads what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [MemberRole.ADMIN, MemberRole.EDITOR, MemberRole.VIEWER])
def test_a_member_reads_their_agency_s_agreements_drafts_and_internal_ones_too(
    client, agreements, role
):
    a, _b, _rows = agreements
    member = MembershipFactory(agency=a, role=role).user
    rows = read(client, AGREEMENTS, key_for(member))
    assert titles(rows) == A_ALL
    public = next(row for row in rows if row["title"] == "A Publik")
    assert {party["agency"] for party in public["parties"]} == {"instansi-a", "mitra-lain"}
    assert public["status"] == "in_force"


def test_a_member_of_another_agency_reads_only_that_agency_s(client, agreements):
    _a, b, _rows = agreements
    member = MembershipFactory(agency=b, role=MemberRole.ADMIN).user
    assert titles(read(client, AGREEMENTS, key_for(member))) == ["B Internal"]


def test_a_key_scoped_to_agency_a_does_not_read_agency_b_of_the_same_person(client, agreements):
    a, b, rows = agreements
    person = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    MembershipFactory(agency=b, user=person, role=MemberRole.ADMIN)
    key = key_for(person, [a])
    assert titles(read(client, AGREEMENTS, key)) == A_ALL
    detail = reverse("api:staff-agreement-detail", args=[rows["b_internal"].reference])
    assert client.get(detail, **with_key(key)).status_code == 404
    # The same person's key for both reads both.
    assert titles(read(client, AGREEMENTS, key_for(person))) == [*A_ALL, "B Internal"]


def test_the_secretariat_s_key_reads_only_its_agencies_not_the_desk(client, agreements):
    """The pages show the secretariat every agreement; a key carries agencies' roles only."""
    a, _b, _rows = agreements
    desk = secretariat_user()
    MembershipFactory(agency=a, user=desk, role=MemberRole.VIEWER)
    assert titles(read(client, AGREEMENTS, key_for(desk))) == A_ALL


def test_a_resident_s_key_reads_nothing(client, agreements):
    resident = UserFactory()
    _token, key = account_services.api_token_create(user=resident, name="Coba")
    assert read(client, AGREEMENTS, key) == []


def test_a_membership_ended_after_the_key_was_made_reads_nothing_at_once(client, agreements):
    a, _b, _rows = agreements
    membership = MembershipFactory(agency=a, role=MemberRole.EDITOR)
    key = key_for(membership.user)
    assert titles(read(client, AGREEMENTS, key)) == A_ALL
    membership.delete()
    assert read(client, AGREEMENTS, key) == []


def test_a_role_lowered_after_the_key_was_made_counts_at_once(agreements):
    """The key's scope is a ceiling on the owner's current role, never a grant of its own."""
    from agencies import rules

    a, _b, _rows = agreements
    membership = MembershipFactory(agency=a, role=MemberRole.ADMIN)
    key = key_for(membership.user)
    membership.role = MemberRole.VIEWER
    membership.save()
    token = account_services.api_token_for_key(key)
    token.user.api_token = token
    assert rules.role_in(token.user, a) == MemberRole.VIEWER
    assert not rules.agency_ids_of(token.user, MemberRole.EDITOR)


def test_a_key_made_with_a_lower_role_reads_with_that_role(agreements):
    from agencies import rules

    a, _b, _rows = agreements
    admin = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    token = account_services.api_token_for_key(key_for(admin, role=MemberRole.VIEWER))
    token.user.api_token = token
    assert rules.role_in(token.user, a) == MemberRole.VIEWER
    assert rules.agency_ids_of(token.user) == {a.pk}
    assert not rules.is_agency_admin(token.user, a)


# --- Refused keys -------------------------------------------------------------------------------


def test_without_a_key_even_a_signed_in_session_gets_401(client, agreements):
    a, _b, _rows = agreements
    member = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    assert client.get(AGREEMENTS).status_code == 401
    client.force_login(member)
    response = client.get(AGREEMENTS)
    assert response.status_code == 401
    assert "A Internal" not in response.content.decode()
    assert response["WWW-Authenticate"] == "Token"
    assert "Authorization: Token" in response.json()["detail"]


def test_a_revoked_key_gets_401_saying_so(client, agreements):
    a, _b, _rows = agreements
    member = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    key = key_for(member)
    token = account_services.api_token_for_key(key)
    agency_services.api_key_revoke(user=member, token_id=token.pk)
    response = client.get(AGREEMENTS, **with_key(key))
    assert response.status_code == 401
    assert "dicabut" in response.json()["detail"]
    assert response.json()["detail"].endswith(reverse("agencies:api_keys"))  # where to make one
    assert "A Internal" not in response.content.decode()


def test_an_expired_key_gets_401_saying_so(client, agreements):
    a, _b, _rows = agreements
    member = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    key = key_for(member, expires_at=timezone.now() + timedelta(minutes=5))
    assert titles(read(client, AGREEMENTS, key)) == A_ALL
    token = account_services.api_token_for_key(key)
    type(token).objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(AGREEMENTS, **with_key(key))
    assert response.status_code == 401
    assert "kedaluwarsa" in response.json()["detail"]
    assert response.json()["detail"].endswith(reverse("agencies:api_keys"))


def test_a_made_up_key_gets_401(client, agreements):
    response = client.get(AGREEMENTS, **with_key("smk_" + "x" * 43))
    assert response.status_code == 401


# --- Filters, ordering, paging -------------------------------------------------------------------


def test_filters_ordering_and_updated_since(client, agreements):
    a, _b, rows = agreements
    key = key_for(MembershipFactory(agency=a, role=MemberRole.VIEWER).user)
    assert titles(read(client, AGREEMENTS, key, status="draft")) == ["A Draf"]
    assert titles(read(client, AGREEMENTS, key, visibility="internal")) == ["A Internal"]
    assert titles(read(client, AGREEMENTS, key, party="mitra-lain")) == ["A Draf", "A Publik"]
    by_title = read(client, AGREEMENTS, key, ordering="-title")
    assert [row["title"] for row in by_title] == ["A Publik", "A Internal", "A Draf"]
    later = timezone.now() + timedelta(days=1)
    type(rows["a_internal"]).objects.filter(pk=rows["a_internal"].pk).update(updated_at=later)
    since = read(client, AGREEMENTS, key, updated_since=later.isoformat())
    assert titles(since) == ["A Internal"]


def test_pages_by_cursor_and_the_queries_stay_constant_as_rows_grow(client, agreements):
    a, _b, _rows = agreements
    key = key_for(MembershipFactory(agency=a, role=MemberRole.VIEWER).user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(AGREEMENTS, {"page_size": 50}, **with_key(key))
        assert response.status_code == 200
        return len(captured), len(response.json()["results"])

    queries()  # the first use records last_used_at (at most once per five minutes)
    few, shown = queries()
    assert shown == 3
    for _ in range(6):
        AgreementFactory(parties=[a, AgencyFactory()], visibility="internal")
    many, shown = queries()
    assert shown == 9
    assert many == few
    first = client.get(AGREEMENTS, {"page_size": 4}, **with_key(key)).json()
    assert len(first["results"]) == 4 and "cursor=" in first["next"]
    assert len(read(client, AGREEMENTS, key, page_size=4)) == 9


def test_an_answer_is_private_and_varies_by_key(client, agreements):
    a, _b, _rows = agreements
    key = key_for(MembershipFactory(agency=a, role=MemberRole.VIEWER).user)
    response = client.get(AGREEMENTS, **with_key(key))
    assert response["Cache-Control"] == "private, max-age=0"
    assert "Authorization" in response["Vary"]


# --- Milestones and monev reports -----------------------------------------------------------------


def test_milestones_of_the_key_s_agencies_only(client, agreements):
    a, b, rows = agreements
    MilestoneFactory(agreement=rows["a_internal"], title="Tonggak A")
    MilestoneFactory(agreement=rows["b_internal"], title="Tonggak B")
    MilestoneFactory(agreement=rows["other"], title="Tonggak Lain")
    person = MembershipFactory(agency=a, role=MemberRole.VIEWER).user
    MembershipFactory(agency=b, user=person, role=MemberRole.VIEWER)
    found = read(client, MILESTONES, key_for(person, [a]))
    assert titles(found) == ["Tonggak A"]
    assert found[0]["agreement"] == rows["a_internal"].reference
    assert client.get(MILESTONES).status_code == 401


# --- The forum inbox ------------------------------------------------------------------------------

INBOX = reverse("api:staff-submission-list")


@pytest.fixture
def inbox_world():
    """Input assigned to A (public with a named account, anonim with a named account, rahasia
    from a guest), input assigned to B (rahasia), and quarantined spam assigned to A."""
    a = AgencyFactory(name="Instansi A", slug="instansi-a")
    b = AgencyFactory(name="Instansi B", slug="instansi-b")
    named = UserFactory(full_name="Warga Bernama", email="bernama@contoh.id")
    secret = UserFactory(full_name="Warga Rahasia", email="rahasia.akun@contoh.id")
    rows = {
        "public": SubmissionFactory(title="A Publik", assigned_agency=a, author=named),
        "anonim": SubmissionFactory(
            title="A Anonim", assigned_agency=a, author=secret, privacy="anonim"
        ),
        "rahasia": SubmissionFactory(
            title="A Rahasia",
            assigned_agency=a,
            author=None,
            author_name="Tamu Rahasia",
            author_email="tamu.rahasia@contoh.id",
            privacy="rahasia",
        ),
        "b": SubmissionFactory(title="B Rahasia", assigned_agency=b, privacy="rahasia"),
        "spam": SubmissionFactory(title="A Spam", assigned_agency=a, quarantined=True),
        "closed": SubmissionFactory(title="A Selesai", assigned_agency=a, status="closed"),
    }
    return a, b, rows


SECRETS = ("Warga Rahasia", "rahasia.akun@contoh.id", "Tamu Rahasia", "tamu.rahasia@contoh.id")


@pytest.mark.parametrize("role", [MemberRole.ADMIN, MemberRole.EDITOR, MemberRole.VIEWER])
def test_the_inbox_holds_the_input_assigned_to_the_key_s_agencies(client, inbox_world, role):
    a, _b, rows = inbox_world
    key = key_for(MembershipFactory(agency=a, role=role).user)
    found = read(client, INBOX, key)
    assert titles(found) == ["A Anonim", "A Publik", "A Rahasia", "A Selesai"]
    by_title = {row["title"]: row for row in found}
    assert by_title["A Publik"]["submitter"] == {
        "name": "Warga Bernama",
        "email": "bernama@contoh.id",
    }
    # Anonim and rahasia: hidden exactly as on the staff pages, from the whole answer.
    assert by_title["A Anonim"]["submitter"] is None
    assert by_title["A Rahasia"]["submitter"] is None
    body = client.get(INBOX, **with_key(key)).content.decode()
    assert not any(secret in body for secret in SECRETS)
    assert str(rows["anonim"].author_id) not in {str(v) for v in by_title["A Anonim"].values()}
    detail = reverse("api:staff-submission-detail", args=[rows["anonim"].tracking_code])
    one = client.get(detail, **with_key(key))
    assert one.json()["title"] == "A Anonim" and one.json()["submitter"] is None
    assert not any(secret in one.content.decode() for secret in SECRETS)


def test_another_agency_s_rahasia_input_never_comes_back(client, inbox_world):
    a, b, rows = inbox_world
    person = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    MembershipFactory(agency=b, user=person, role=MemberRole.ADMIN)
    key = key_for(person, [a])  # scoped to A, though the person works for B too
    assert "B Rahasia" not in titles(read(client, INBOX, key))
    detail = reverse("api:staff-submission-detail", args=[rows["b"].tracking_code])
    assert client.get(detail, **with_key(key)).status_code == 404
    other = key_for(MembershipFactory(agency=b, role=MemberRole.VIEWER).user)
    assert titles(read(client, INBOX, other)) == ["B Rahasia"]


def test_the_secretariat_s_key_sees_no_identity_and_no_other_agency(client, inbox_world):
    """On the pages the secretariat sees every submission and who sent it; a key carries
    agencies' roles only, so it reads as the agency's staff do."""
    a, _b, _rows = inbox_world
    desk = secretariat_user()
    MembershipFactory(agency=a, user=desk, role=MemberRole.VIEWER)
    key = key_for(desk)
    found = read(client, INBOX, key)
    assert "B Rahasia" not in titles(found)
    assert not any(secret in str(found) for secret in SECRETS)


def test_the_inbox_after_the_membership_ended_and_for_a_resident(client, inbox_world):
    a, _b, _rows = inbox_world
    membership = MembershipFactory(agency=a, role=MemberRole.EDITOR)
    key = key_for(membership.user)
    assert read(client, INBOX, key)
    membership.delete()
    assert read(client, INBOX, key) == []
    _token, resident_key = account_services.api_token_create(user=UserFactory(), name="Coba")
    assert read(client, INBOX, resident_key) == []
    assert client.get(INBOX).status_code == 401


def test_the_inbox_filters(client, inbox_world):
    a, _b, rows = inbox_world
    key = key_for(MembershipFactory(agency=a, role=MemberRole.VIEWER).user)
    assert titles(read(client, INBOX, key, privacy="rahasia")) == ["A Rahasia"]
    assert titles(read(client, INBOX, key, status="closed")) == ["A Selesai"]
    type(rows["public"]).objects.filter(pk=rows["public"].pk).update(
        answer_due=timezone.now() - timedelta(days=2)
    )
    assert titles(read(client, INBOX, key, overdue="true")) == ["A Publik"]


def test_the_inbox_s_queries_stay_constant_as_rows_grow(client, inbox_world):
    a, _b, _rows = inbox_world
    key = key_for(MembershipFactory(agency=a, role=MemberRole.VIEWER).user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(INBOX, {"page_size": 50}, **with_key(key))
        return len(captured), len(response.json()["results"])

    queries()
    few, shown = queries()
    for _ in range(5):
        SubmissionFactory(assigned_agency=a, sector=None)
    many, more = queries()
    assert (more, many) == (shown + 5, few)


# --- Trainings' registrations and attendance ------------------------------------------------------

REGISTRATIONS = reverse("api:staff-registration-list")


@pytest.fixture
def trainings_world():
    """A training A organises (two sessions; one participant came to the first), one A
    co-organises with a partner, one only B organises."""
    from trainings.models import Attendance, TrainingSession

    a = AgencyFactory(name="BLK A", slug="blk-a")
    b = AgencyFactory(name="BLK B", slug="blk-b")
    partner = AgencyFactory(name="Mitra", slug="mitra")
    own = TrainingFactory(title="Las A", organisers=[a])
    shared = TrainingFactory(title="Bersama", organisers=[partner, a])
    theirs = TrainingFactory(title="Las B", organisers=[b])
    first, _second = (
        TrainingSession.objects.create(
            training=own,
            starts_at=own.starts_at + timedelta(days=day),
            ends_at=own.starts_at + timedelta(days=day, hours=3),
        )
        for day in (0, 1)
    )
    came = RegistrationFactory(
        training=own, status="approved", user=UserFactory(full_name="Peserta Hadir")
    )
    Attendance.objects.create(session=first, registration=came, method="typed")
    RegistrationFactory(training=own, user=UserFactory(full_name="Peserta Absen"))
    RegistrationFactory(training=shared, user=UserFactory(full_name="Peserta Bersama"))
    RegistrationFactory(training=theirs, user=UserFactory(full_name="Peserta B"))
    return a, b, first, came


def names(rows):
    return sorted(row["name"] for row in rows)


@pytest.mark.parametrize("role", [MemberRole.ADMIN, MemberRole.EDITOR, MemberRole.VIEWER])
def test_organisers_read_registrations_with_attendance_per_session(client, trainings_world, role):
    a, _b, first, came = trainings_world
    key = key_for(MembershipFactory(agency=a, role=role).user)
    rows = read(client, REGISTRATIONS, key)
    assert names(rows) == ["Peserta Absen", "Peserta Bersama", "Peserta Hadir"]
    hadir = next(row for row in rows if row["name"] == "Peserta Hadir")
    assert hadir["email"] == came.user.email and hadir["status"] == "approved"
    assert [entry["session"] for entry in hadir["attendance"]] == [first.pk]
    absen = next(row for row in rows if row["name"] == "Peserta Absen")
    assert absen["attendance"] == []
    # The check-in code is the participant's own pass: never in the answer.
    assert came.code not in client.get(REGISTRATIONS, **with_key(key)).content.decode()


def test_another_agency_s_training_and_a_key_scoped_elsewhere(client, trainings_world):
    a, b, _first, _came = trainings_world
    person = MembershipFactory(agency=b, role=MemberRole.ADMIN).user
    assert names(read(client, REGISTRATIONS, key_for(person))) == ["Peserta B"]
    MembershipFactory(agency=a, user=person, role=MemberRole.VIEWER)
    assert names(read(client, REGISTRATIONS, key_for(person, [b]))) == ["Peserta B"]
    assert "Peserta B" not in names(read(client, REGISTRATIONS, key_for(person, [a])))


def test_registrations_for_the_secretariat_s_key_a_resident_s_and_an_ended_membership(
    client, trainings_world
):
    a, _b, _first, _came = trainings_world
    desk = secretariat_user()
    MembershipFactory(agency=a, user=desk, role=MemberRole.VIEWER)
    assert "Peserta B" not in names(read(client, REGISTRATIONS, key_for(desk)))
    _token, resident_key = account_services.api_token_create(user=UserFactory(), name="Coba")
    assert read(client, REGISTRATIONS, resident_key) == []
    membership = MembershipFactory(agency=a, role=MemberRole.EDITOR)
    key = key_for(membership.user)
    membership.delete()
    assert read(client, REGISTRATIONS, key) == []
    assert client.get(REGISTRATIONS).status_code == 401


def test_registration_filters_and_constant_queries(client, trainings_world):
    a, _b, first, _came = trainings_world
    key = key_for(MembershipFactory(agency=a, role=MemberRole.VIEWER).user)
    own = first.training
    assert names(read(client, REGISTRATIONS, key, training=own.reference)) == [
        "Peserta Absen",
        "Peserta Hadir",
    ]
    assert names(read(client, REGISTRATIONS, key, status="approved")) == ["Peserta Hadir"]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(REGISTRATIONS, {"page_size": 50}, **with_key(key))
        return len(captured), len(response.json()["results"])

    queries()
    few, shown = queries()
    from trainings.models import Attendance

    for _ in range(4):
        registration = RegistrationFactory(training=own, status="approved")
        Attendance.objects.create(session=first, registration=registration, method="typed")
    many, more = queries()
    assert (more, many) == (shown + 4, few)


def test_monev_reports_of_the_key_s_agencies_only(client, agreements):
    from partnerships import services as partnership_services

    a, b, rows = agreements
    editor_a = MembershipFactory(agency=a, role=MemberRole.EDITOR).user
    editor_b = MembershipFactory(agency=b, role=MemberRole.EDITOR).user
    for agreement, agency, by, text in (
        (rows["a_internal"], a, editor_a, "Laporan A"),
        (rows["b_internal"], b, editor_b, "Laporan B"),
    ):
        partnership_services.monev_submit(
            agreement=agreement,
            by=by,
            party=agreement.parties.get(agency=agency),
            # The half-year the agreement began in (twice-yearly reports).
            year=agreement.start_date.year,
            period=1 if agreement.start_date.month <= 6 else 2,
            activities=text,
            recommendation="continue",
        )
    found = read(client, REPORTS, key_for(editor_a))
    assert [row["activities"] for row in found] == ["Laporan A"]
    assert found[0]["party"] == "instansi-a"
    assert read(client, REPORTS, key_for(editor_b), agreement=rows["a_internal"].reference) == []
    assert client.get(REPORTS).status_code == 401


# --- Every staff endpoint refuses what is not a usable key --------------------------------------

STAFF_LISTS = [AGREEMENTS, MILESTONES, REPORTS, INBOX, REGISTRATIONS]


@pytest.mark.parametrize("url", STAFF_LISTS)
def test_every_staff_endpoint_refuses_a_session_a_revoked_and_an_expired_key(client, url):
    a = AgencyFactory()
    member = MembershipFactory(agency=a, role=MemberRole.ADMIN).user
    AgreementFactory(title="Rahasia Internal", visibility="internal", parties=[a])
    revoked = key_for(member)
    agency_services.api_key_revoke(
        user=member, token_id=account_services.api_token_for_key(revoked).pk
    )
    expired = key_for(member, expires_at=timezone.now() + timedelta(minutes=1))
    type(account_services.api_token_for_key(expired)).objects.filter(
        user=member, revoked_at=None
    ).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(member)
    answers = [
        client.get(url),
        client.get(url, **with_key(revoked)),
        client.get(url, **with_key(expired)),
    ]
    assert [answer.status_code for answer in answers] == [401, 401, 401]
    assert all("Rahasia Internal" not in answer.content.decode() for answer in answers)
    assert all(answer["Cache-Control"] == "private, no-store" for answer in answers)
    assert client.get(url, **with_key(key_for(member))).status_code == 200


# --- Review findings: the status the page shows, and bad input is a 400 -------------------------


def test_a_milestone_past_its_due_date_reads_late_as_on_the_agreement_s_page(client, agreements):
    a, _b, rows = agreements
    today = timezone.localdate()
    MilestoneFactory(
        agreement=rows["a_internal"], title="Terlambat", due_date=today - timedelta(days=3)
    )
    MilestoneFactory(
        agreement=rows["a_internal"], title="Direncanakan", due_date=today + timedelta(days=3)
    )
    key = key_for(MembershipFactory(agency=a, role=MemberRole.VIEWER).user)
    shown = {row["title"]: row["status"] for row in read(client, MILESTONES, key)}
    assert shown == {"Terlambat": "late", "Direncanakan": "planned"}
    assert titles(read(client, MILESTONES, key, status="late")) == ["Terlambat"]
    assert titles(read(client, MILESTONES, key, status="planned")) == ["Direncanakan"]


@pytest.mark.parametrize(
    ("route", "params"),
    [
        # A DecimalField would take this and int() would then take hours to read it.
        ("api:staff-monev-report-list", {"year": "-1e9999999"}),
        ("api:staff-monev-report-list", {"year": "2026.5"}),
        # PostgreSQL takes offsets up to ±15:59 only.
        ("api:staff-registration-list", {"changed_since": "2026-01-01T00:00:00+18:54"}),
        ("api:staff-agreement-list", {"updated_since": "2026-01-01T00:00:00-18:54"}),
    ],
)
def test_odd_numbers_and_times_in_a_staff_filter_are_a_400_not_a_500(
    client, agreements, route, params
):
    a, _b, _rows = agreements
    key = key_for(MembershipFactory(agency=a, role=MemberRole.ADMIN).user)
    response = client.get(reverse(route), params, **with_key(key))
    if "year" in params:
        assert response.status_code == 400 and "year" in response.json()
    else:
        # Read in UTC: a valid answer, or a clear 400 past the calendar's end.
        assert response.status_code in (200, 400), response.content
