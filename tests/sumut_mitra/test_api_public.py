"""The open-data REST API's public endpoints (/api/v1/): the same rows the public pages show,
never a sensitive value, paged without skips, filtered, ordered, conditional, and the same
answer whoever asks."""

import base64
import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Capability
from forums.models import Forum, Meeting, Reply, Submission
from forums.placement import general_forum
from partnerships.models import Agreement, Document, DocumentVersion, Party
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    CapabilityFactory,
    MembershipFactory,
    RegistrationFactory,
    SubmissionFactory,
    TrainingFactory,
    UserFactory,
    regency,
    sector,
)
from tests.support.api import date_back
from trainings.models import Training, TrainingSession

# Every value no public answer may ever hold, whichever endpoint.
SENSITIVE = [
    # people of the agencies and the agreements' parties
    "staf-rahasia@contoh.id",
    "Penanggung Jawab Rahasia",
    "pic-rahasia@contoh.id",
    "0812-7777-1111",
    "Penandatangan Rahasia",
    # agreements nobody outside may see, and internal documents
    "Kerja Sama Internal Rahasia",
    "Draf Kerja Sama Rahasia",
    "dokumen-internal-rahasia",
    "Naskah Internal Rahasia",
    # agencies not verified, and their capabilities
    "Instansi Belum Terverifikasi",
    "Laboratorium Belum Terverifikasi",
    # residents: anonim and rahasia submitters, guests' e-mails, addresses' hashes, hidden input
    "Nama Anonim Rahasia",
    "anonim-rahasia@contoh.id",
    "Nama Rahasia Sekali",
    "rahasia-sekali@contoh.id",
    "Masukan Rahasia Sekali",
    "tamu-rahasia@contoh.id",
    "a1b2c3d4e5f6ipHASHrahasia",
    "Masukan Disembunyikan Moderator",
    "Masukan Ditahan Untuk Ditinjau",
    "Catatan internal staf rahasia",
    # trainings for staff only or not yet published, participants, meetings nobody may find
    "Pelatihan Khusus Staf Rahasia",
    "Draf Pelatihan Rahasia",
    "Peserta Pelatihan Rahasia",
    "peserta-rahasia@contoh.id",
    "https://rapat.contoh.id/tautan-peserta-rahasia",
    "Rapat Forum Internal Rahasia",
    "Rapat Yang Dibatalkan",
    "Jawaban yang disembunyikan",
    "search_vector",
]

pytestmark = pytest.mark.django_db

LISTS = [
    "api:agreement-list",
    "api:submission-list",
    "api:agency-list",
    "api:capability-list",
    "api:training-list",
    "api:meeting-list",
]


MODELS = {
    "api:agreement-list": Agreement,
    "api:submission-list": Submission,
    "api:agency-list": Agency,
    "api:capability-list": Capability,
    "api:training-list": Training,
    "api:meeting-list": Meeting,
}


@dataclass
class World:
    agency: object
    other: object
    public_agreement: object
    hidden_agreements: list
    public_submissions: list
    hidden_submissions: list
    hidden: dict
    staff: object
    expected: dict = field(default_factory=dict)


def build_world():
    """Public rows with every sensitive value beside them, and rows no public answer shows."""
    perindustrian, umkm = sector("perindustrian"), sector("koperasi-ukm")
    agency = AgencyFactory(
        name="Dinas Perindustrian Uji",
        acronym="DPU",
        sectors=[perindustrian],
        email="humas@dpu.contoh.id",
        phone="061-4567890",
    )
    other = AgencyFactory(name="Universitas Uji Terbuka", kind="university")
    unverified = AgencyFactory(name="Instansi Belum Terverifikasi", status="pending")
    staff = UserFactory(email="staf-rahasia@contoh.id", full_name="Staf Instansi Uji")
    MembershipFactory(user=staff, agency=agency, role="editor")
    MembershipFactory(user=staff, agency=unverified, role="admin")
    welding = CapabilityFactory(
        agency=agency, title="Pelatihan Las Bersertifikat", kind="programme", sector=perindustrian
    )
    laboratory = CapabilityFactory(
        agency=other, title="Laboratorium Uji Mutu", kind="facility", regency=regency("12.12")
    )
    hidden_capability = CapabilityFactory(
        agency=unverified, title="Laboratorium Belum Terverifikasi", kind="facility"
    )

    public = AgreementFactory(
        title="Kerja Sama Kawasan Industri Terbuka", parties=[agency, other], kind="kb"
    )
    public.sectors.set([perindustrian])
    public.locations.set([regency("12.71")])
    Party.objects.filter(agreement=public, agency=agency).update(
        pic_name="Penanggung Jawab Rahasia",
        pic_email="pic-rahasia@contoh.id",
        pic_phone="0812-7777-1111",
        signatory_name="Penandatangan Rahasia",
        document_number="001/DPU/2026",
    )
    document = Document.objects.create(
        agreement=public, kind="draft", title="Naskah Internal Rahasia", public=False
    )
    version = DocumentVersion(
        document=document,
        number=1,
        original_name="dokumen-internal-rahasia.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        token="dokumen-internal-token",
    )
    version.file.save("dokumen-internal-rahasia.pdf", ContentFile(b"%PDF-1.4"), save=False)
    version.save()
    internal = AgreementFactory(
        title="Kerja Sama Internal Rahasia", parties=[agency, unverified], visibility="internal"
    )
    internal.sectors.set([perindustrian])
    draft = AgreementFactory(title="Draf Kerja Sama Rahasia", parties=[agency], status="draft")
    draft.sectors.set([perindustrian])
    completed = AgreementFactory(
        title="Kerja Sama UMKM Selesai", parties=[other], status="completed", kind="pks"
    )
    completed.sectors.set([umkm])

    def submission(**fields):
        fields.setdefault("assigned_agency", agency)
        fields.setdefault("ip_hash", "a1b2c3d4e5f6ipHASHrahasia")
        return SubmissionFactory(**fields)

    named = UserFactory(full_name="Warga Bernama Terbuka", email="warga-terbuka@contoh.id")
    open_input = submission(
        title="Jalan kawasan industri rusak", privacy="public", author=named, status="answered"
    )
    Reply.objects.create(
        submission=open_input,
        kind="answer",
        agency=agency,
        body="Perbaikan jalan dijadwalkan bulan depan.",
        body_html="<p>Perbaikan jalan dijadwalkan bulan depan.</p>",
    )
    Reply.objects.create(
        submission=open_input,
        kind="answer",
        agency=agency,
        body="Jawaban yang disembunyikan",
        body_html="<p>Jawaban yang disembunyikan</p>",
        hidden=True,
    )
    Reply.objects.create(
        submission=open_input,
        kind="note",
        agency=agency,
        body="Catatan internal staf rahasia",
        body_html="<p>Catatan internal staf rahasia</p>",
    )
    anonymous = submission(
        title="Limbah pabrik di sungai",
        privacy="anonim",
        author=UserFactory(full_name="Nama Anonim Rahasia", email="anonim-rahasia@contoh.id"),
    )
    guest = submission(
        title="Pelatihan kemasan untuk UMKM",
        privacy="public",
        author=None,
        author_name="Tamu Terbuka",
        author_email="tamu-rahasia@contoh.id",
        sector=umkm,
    )
    training = TrainingFactory(
        title="Pelatihan Pengelasan Terbuka",
        organisers=[agency, other],
        regency=regency("12.71"),
        online_link="https://rapat.contoh.id/tautan-peserta-rahasia",
        mode="hybrid",
    )
    TrainingSession.objects.create(
        training=training,
        title="Hari pertama",
        starts_at=training.starts_at,
        ends_at=training.starts_at + timedelta(hours=1),
    )
    TrainingSession.objects.create(
        training=training,
        title="Hari kedua",
        starts_at=training.starts_at + timedelta(days=1),
        ends_at=training.starts_at + timedelta(days=1, hours=1),
    )
    RegistrationFactory(
        training=training,
        user=UserFactory(full_name="Peserta Pelatihan Rahasia", email="peserta-rahasia@contoh.id"),
    )
    past = TrainingFactory(
        title="Pelatihan Kemasan Selesai",
        organisers=[other],
        status="completed",
        days=-30,
        registration_opens_at=timezone.now() - timedelta(days=60),
    )
    staff_only = TrainingFactory(
        title="Pelatihan Khusus Staf Rahasia", organisers=[agency], audience="staff"
    )
    draft_training = TrainingFactory(
        title="Draf Pelatihan Rahasia", organisers=[agency], status="draft"
    )
    general = general_forum()
    start = timezone.now() + timedelta(days=4)
    meeting = Meeting.objects.create(
        forum=general,
        title="Diskusi Publik Kawasan Industri",
        agenda="Paparan dan tanya jawab.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Aula Dinas",
        created_by=staff,
    )
    internal_forum = Forum.objects.create(
        kind="agreement", slug="forum-ks-internal", title="Forum Internal", agreement=internal
    )
    hidden_meetings = [
        Meeting.objects.create(
            forum=internal_forum,
            title="Rapat Forum Internal Rahasia",
            agenda="Internal.",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        ),
        Meeting.objects.create(
            forum=general,
            title="Rapat Yang Dibatalkan",
            agenda="Batal.",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            cancelled=True,
        ),
    ]
    hidden = [
        submission(
            title="Masukan Rahasia Sekali",
            privacy="rahasia",
            author=UserFactory(full_name="Nama Rahasia Sekali", email="rahasia-sekali@contoh.id"),
        ),
        submission(title="Masukan Disembunyikan Moderator", privacy="public", hidden=True),
        submission(title="Masukan Ditahan Untuk Ditinjau", privacy="public", held=True),
        submission(title="Masukan Belum Dikonfirmasi", privacy="public", status="unconfirmed"),
    ]
    return World(
        agency=agency,
        other=other,
        public_agreement=public,
        hidden_agreements=[internal, draft],
        public_submissions=[open_input, anonymous, guest],
        hidden_submissions=hidden,
        hidden={
            "api:agreement-list": {internal.pk, draft.pk},
            "api:submission-list": {item.pk for item in hidden},
            "api:agency-list": {unverified.pk},
            "api:capability-list": {hidden_capability.pk},
            "api:training-list": {staff_only.pk, draft_training.pk},
            "api:meeting-list": {m.pk for m in hidden_meetings},
        },
        staff=staff,
        expected={
            "api:agreement-list": {public.pk, completed.pk},
            "api:submission-list": {open_input.pk, anonymous.pk, guest.pk},
            "api:agency-list": {agency.pk, other.pk},
            "api:capability-list": {welding.pk, laboratory.pk},
            "api:training-list": {training.pk, past.pk},
            "api:meeting-list": {meeting.pk},
        },
    )


def walk(client, url, **params):
    """Every row of a list, page by page along the `next` links; (rows, the pages' bodies)."""
    rows, bodies = [], []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        bodies.append(response.content.decode())
        page = response.json()
        rows += page["results"]
        if not page["next"]:
            return rows, bodies
        response = client.get(page["next"])


def add_public_row(route, world=None):
    """One more public row of the list `route` (with what it shows, for the query counts)."""
    if route == "api:agreement-list":
        agreement = AgreementFactory(parties=[world.agency, world.other] if world else [])
        agreement.sectors.set([sector("perindustrian")])
        agreement.locations.set([regency("12.71")])
    elif route == "api:submission-list":
        submission = SubmissionFactory(
            privacy="public", assigned_agency=world.agency if world else None
        )
        if world:
            Reply.objects.create(
                submission=submission,
                kind="answer",
                agency=world.agency,
                body="Jawaban.",
                body_html="<p>Jawaban.</p>",
            )
    elif route == "api:training-list":
        training = TrainingFactory(organisers=[world.agency] if world else [])
        TrainingSession.objects.create(
            training=training,
            starts_at=training.starts_at,
            ends_at=training.ends_at,
        )
    elif route == "api:meeting-list":
        start = timezone.now() + timedelta(days=3)
        Meeting.objects.create(
            forum=general_forum(),
            title="Rapat tambahan",
            agenda="Agenda.",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
    elif route == "api:agency-list":
        AgencyFactory(sectors=[sector("perindustrian"), sector("koperasi-ukm")])
    else:
        CapabilityFactory(agency=world.agency if world else AgencyFactory())


def detail_route(list_route):
    return list_route.replace("-list", "-detail")


def test_the_privacy_walk_finds_every_public_row_and_no_sensitive_value(client):
    world = build_world()
    hidden_ids = world.hidden
    for route in LISTS:
        rows, bodies = walk(client, reverse(route), page_size=1)
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids))  # no row twice across the pages
        assert set(ids) == world.expected[route]
        for row in rows:
            detail = client.get(reverse(detail_route(route), args=[row["id"]]))
            assert detail.status_code == 200
            assert detail.json() == row
            bodies.append(detail.content.decode())
        for pk in hidden_ids[route]:
            response = client.get(reverse(detail_route(route), args=[pk]))
            assert response.status_code == 404
            bodies.append(response.content.decode())
        text = "\n".join(bodies)
        for value in SENSITIVE:
            assert value not in text, (route, value)
    # The figures too (their tables name agencies and count input).
    bodies = [client.get(reverse("api:dataset-list")).content.decode()]
    for row in client.get(reverse("api:dataset-list")).json():
        bodies.append(client.get(reverse("api:dataset-detail", args=[row["key"]])).content.decode())
    text = "\n".join(bodies)
    assert "Dinas Perindustrian Uji" in text  # the walk reads the agencies' tables
    for value in SENSITIVE:
        assert value not in text, ("api:dataset-detail", value)
    # The public rows are there with what they may show.
    answered = client.get(
        reverse("api:submission-detail", args=[world.public_submissions[0].pk])
    ).json()
    assert answered["submitted_by"] == "Warga Bernama Terbuka"
    assert [a["body"] for a in answered["answers"]] == ["Perbaikan jalan dijadwalkan bulan depan."]
    assert answered["answers"][0]["agency_name"] == "Dinas Perindustrian Uji"
    anonymous = client.get(
        reverse("api:submission-detail", args=[world.public_submissions[1].pk])
    ).json()
    assert anonymous["submitted_by"] == "Anonim"
    assert "author" not in anonymous and "author_email" not in anonymous
    agreement = client.get(reverse("api:agreement-detail", args=[world.public_agreement.pk])).json()
    assert agreement["parties"][0] == {
        "agency": world.agency.pk,
        "agency_name": "Dinas Perindustrian Uji",
        "agency_acronym": "DPU",
        "role": "first",
        "document_number": "001/DPU/2026",
    }
    assert agreement["sectors"] == ["perindustrian"]
    assert agreement["regencies"] == ["12.71"]
    # An agency's public contact is its own, as its profile shows it.
    profile = client.get(reverse("api:agency-detail", args=[world.agency.pk])).json()
    assert (profile["email"], profile["phone"]) == ("humas@dpu.contoh.id", "061-4567890")
    assert profile["sectors"] == ["perindustrian"] and profile["regency"] == "12.71"


# --- Agreements -----------------------------------------------------------------------------------


def ids(client, route, **params):
    rows, _bodies = walk(client, reverse(route), **params)
    return [row["id"] for row in rows]


def test_agreements_by_sector_are_the_public_ones_only(client):
    world = build_world()
    assert ids(client, "api:agreement-list", sector="perindustrian") == [world.public_agreement.pk]
    umkm = ids(client, "api:agreement-list", sector="koperasi-ukm")
    assert len(umkm) == 1 and umkm[0] != world.public_agreement.pk
    response = client.get(reverse("api:agreement-list"), {"sector": "tidak-ada"})
    assert response.status_code == 400


def test_agreements_filter_by_regency_kind_status_party_and_dates(client):
    world = build_world()
    public = world.public_agreement.pk
    assert ids(client, "api:agreement-list", regency="12.71") == [public]
    assert ids(client, "api:agreement-list", kind="kb") == [public]
    assert ids(client, "api:agreement-list", status="in_force") == [public]
    completed = ids(client, "api:agreement-list", status="completed")
    assert len(completed) == 1 and completed[0] != public
    assert ids(client, "api:agreement-list", party=world.agency.pk) == [public]
    assert (
        set(ids(client, "api:agreement-list", party=world.other.pk))
        == (world.expected["api:agreement-list"])
    )
    ends = world.public_agreement.end_date
    world.public_agreement.signed_on = date(2026, 3, 1)
    world.public_agreement.save()
    assert ids(client, "api:agreement-list", signed_after="2026-02-01") == [public]
    assert ids(client, "api:agreement-list", signed_before="2026-02-01") == []
    assert public in ids(client, "api:agreement-list", ends_after=ends.isoformat())
    assert public not in ids(
        client, "api:agreement-list", ends_before=(ends - timedelta(days=1)).isoformat()
    )


def test_an_agreement_past_its_end_date_is_expired(client):
    build_world()
    late = AgreementFactory(
        start_date=timezone.localdate() - timedelta(days=400),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    assert ids(client, "api:agreement-list", status="expired") == [late.pk]
    assert late.pk not in ids(client, "api:agreement-list", status="in_force")
    assert client.get(reverse("api:agreement-detail", args=[late.pk])).json()["status"] == (
        "expired"
    )


@pytest.mark.parametrize("route", LISTS)
@pytest.mark.parametrize("ordering", ["id", "-id", "updated_at", "-updated_at"])
def test_lists_are_ordered_and_paged_without_skips(client, route, ordering):
    world = build_world()
    every = ids(client, route, ordering=ordering, page_size=1)
    assert set(every) == world.expected[route]
    assert len(every) == len(set(every))
    if ordering == "id":
        assert every == sorted(every)
    if ordering == "-id":
        assert every == sorted(every, reverse=True)
    # A row added while a harvester pages does not push another one off its pages.
    response = client.get(reverse(route), {"ordering": ordering, "page_size": 1})
    first = response.json()["results"][0]["id"]
    add_public_row(route)
    following = response.json()["next"]
    rest = walk(client, following)[0] if following else []
    seen = [first] + [row["id"] for row in rest]
    assert set(every) <= set(seen)


def test_agreements_order_by_dates(client):
    build_world()
    rows, _ = walk(client, reverse("api:agreement-list"), ordering="-end_date")
    ends = [row["end_date"] for row in rows]
    assert ends == sorted(ends, reverse=True)


# --- updated_since, and what moves updated_at -----------------------------------------------------


def since(client, route, moment):
    return ids(client, route, updated_since=moment.isoformat())


def test_a_party_added_or_a_sector_changed_brings_an_agreement_into_updated_since(client):
    world = build_world()
    moment = timezone.now()
    assert since(client, "api:agreement-list", moment) == []
    Party.objects.create(
        agreement=world.public_agreement, agency=AgencyFactory(name="Mitra Baru"), role="third"
    )
    assert since(client, "api:agreement-list", moment) == [world.public_agreement.pk]
    moment = timezone.now()
    world.public_agreement.sectors.add(sector("koperasi-ukm"))
    assert since(client, "api:agreement-list", moment) == [world.public_agreement.pk]
    moment = timezone.now()
    world.other.name = "Universitas Uji Berganti Nama"
    world.other.save()
    assert set(since(client, "api:agreement-list", moment)) == world.expected["api:agreement-list"]


def test_an_official_answer_brings_a_submission_into_updated_since_and_a_note_does_not(client):
    world = build_world()
    from forums import services as forum_services
    from forums.models import Submission as S  # noqa: N817

    anonymous = world.public_submissions[1]
    moment = timezone.now()
    Reply.objects.create(
        submission=anonymous,
        kind="note",
        agency=world.agency,
        body="Catatan staf",
        body_html="<p>Catatan staf</p>",
    )
    S.objects.filter(pk=anonymous.pk).update(answer_due=timezone.now() + timedelta(days=9))
    assert since(client, "api:submission-list", moment) == []
    forum_services.submission_answer(
        submission=anonymous, by=world.staff, body="Sungai sudah diperiksa."
    )
    assert since(client, "api:submission-list", moment) == [anonymous.pk]
    detail = client.get(reverse("api:submission-detail", args=[anonymous.pk]))
    assert [a["body"] for a in detail.json()["answers"]] == ["Sungai sudah diperiksa."]
    moment = timezone.now()
    Reply.objects.filter(submission=anonymous, kind="answer").update(hidden=True)
    assert since(client, "api:submission-list", moment) == [anonymous.pk]


def test_rebuilding_the_search_vectors_moves_no_updated_at(client):
    build_world()
    from core import searchvectors

    moment = timezone.now()
    searchvectors.refresh()
    for route in LISTS:
        assert since(client, route, moment) == []


# --- Conditional requests, the same answer for everyone, 404s ------------------------------------


@pytest.mark.parametrize("route", LISTS)
def test_an_unchanged_answer_is_a_304(client, route):
    world = build_world()
    pk = sorted(world.expected[route])[0]
    for url in (reverse(route), reverse(detail_route(route), args=[pk])):
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
    # Last-Modified once the change has settled (core.apiviews.settled_second).
    date_back(MODELS[route], pk, timezone.now() - timedelta(hours=1))
    detail = client.get(reverse(detail_route(route), args=[pk]))
    assert detail["Last-Modified"]
    later = client.get(
        reverse(detail_route(route), args=[pk]),
        headers={"if-modified-since": detail["Last-Modified"]},
    )
    assert later.status_code == 304


@pytest.mark.parametrize("route", LISTS)
def test_a_session_changes_no_public_answer(client, route):
    world = build_world()
    resident = UserFactory(full_name="Warga Masuk")
    pk = sorted(world.expected[route])[0]
    urls = [reverse(route), reverse(detail_route(route), args=[pk])]
    hidden = sorted(world.hidden[route])[0]
    anonymous = [client.get(url).content for url in urls]
    for user in (resident, world.staff):
        client.force_login(user)
        assert [client.get(url).content for url in urls] == anonymous
        # Staff see their own internal agreement or unverified agency on their pages; open
        # data does not.
        assert client.get(reverse(detail_route(route), args=[hidden])).status_code == 404
        client.logout()


@pytest.mark.parametrize("route", LISTS)
def test_queries_stay_constant_as_rows_grow(client, django_assert_max_num_queries, route):
    world = build_world()

    def grow(count):
        for _n in range(count):
            add_public_row(route, world)

    grow(2)
    with django_assert_max_num_queries(8):
        small = client.get(reverse(route), {"page_size": 50})
    grow(12)
    with django_assert_max_num_queries(8):
        large = client.get(reverse(route), {"page_size": 50})
    assert len(large.json()["results"]) == len(small.json()["results"]) + 12


# Statements per page, whatever its rows: the rows (their related rows' columns by subqueries),
# then one statement per nested list (core.apirows).
QUERIES_PER_PAGE = {
    "api:agreement-list": 2,  # + parties (sectors and regencies: arrays in the rows)
    "api:submission-list": 2,  # + official answers
    "api:agency-list": 1,  # (sectors: an array in the rows)
    "api:capability-list": 1,
    "api:training-list": 3,  # + organisers, sessions
    "api:meeting-list": 1,
}


@pytest.mark.parametrize("route", LISTS)
def test_a_page_is_a_fixed_number_of_statements(client, django_assert_num_queries, route):
    world = build_world()
    for _n in range(3):
        add_public_row(route, world)
    with django_assert_num_queries(QUERIES_PER_PAGE[route]):
        page = client.get(reverse(route), {"page_size": 50}).json()
    assert len(page["results"]) == len(world.expected[route]) + 3


def add_rows_with_empty_parts():
    """Public rows whose relations are missing: input nobody is assigned to yet with an answer
    of no agency, a capability of no sector or place, a training of no place, organiser or
    session, an agreement of no sector, place or party."""
    unassigned = SubmissionFactory(privacy="public", assigned_agency=None, author=None)
    Reply.objects.create(
        submission=unassigned,
        kind="answer",
        agency=None,
        body="Jawaban sekretariat.",
        body_html="<p>Jawaban sekretariat.</p>",
    )
    CapabilityFactory(sector=None, regency=None)
    TrainingFactory(organisers=[], regency=None)
    AgreementFactory(parties=[])


@pytest.mark.parametrize("ordering", ["id", "-updated_at"])
@pytest.mark.parametrize("route", LISTS)
def test_a_page_of_plain_rows_is_byte_for_byte_what_drf_makes_of_the_instances(
    client, route, ordering
):
    """The lists read values() (core.apirows) where DRF read ORM instances field by field:
    the same JSON, each row as the serializer puts the instance, in the page's order."""
    from rest_framework.renderers import JSONRenderer

    from sumut_mitra.api import router

    world = build_world()
    add_rows_with_empty_parts()
    add_public_row(route, world)
    add_public_row(route, world)
    response = client.get(reverse(route), {"ordering": ordering})
    page = response.json()
    assert len(page["results"]) >= 3
    (viewset,) = [v for _p, v, name in router.registry if f"api:{name}-list" == route]
    instances = viewset().get_queryset().order_by(ordering, "id")
    context = {"request": response.wsgi_request}
    expected = {
        "next": page["next"],
        "previous": page["previous"],
        "results": [viewset.serializer_class(item, context=context).data for item in instances],
    }
    assert response.content == JSONRenderer().render(expected)


def test_the_lists_answer_json_with_the_api_s_fields_only(client):
    build_world()
    agreement = client.get(reverse("api:agreement-list")).json()["results"][0]
    assert set(agreement) == {
        "id",
        "reference",
        "title",
        "kind",
        "cooperation_kind",
        "status",
        "sectors",
        "regencies",
        "parties",
        "start_date",
        "end_date",
        "signed_on",
        "updated_at",
        "url",
    }
    submission = client.get(reverse("api:submission-list")).json()["results"][0]
    assert "search_vector" not in submission and "ip_hash" not in submission
    assert json.dumps(submission)  # plain JSON


def cursor_of(url):
    return parse_qs(urlsplit(url).query)["cursor"][0]


def test_the_cursor_is_opaque_and_a_broken_one_is_refused(client):
    build_world()
    page = client.get(reverse("api:submission-list"), {"page_size": 1}).json()
    assert cursor_of(page["next"])
    assert client.get(reverse("api:submission-list"), {"cursor": "rusak"}).status_code == 404


@pytest.mark.parametrize("route", LISTS)
@pytest.mark.parametrize("position", ["abc", "None", "2026-99-99", "1e9999"])
@pytest.mark.parametrize("ordering", ["id", "-updated_at"])
def test_a_made_up_cursor_position_is_a_404_not_a_500(client, route, position, ordering):
    """DRF checks a cursor's offset, not its position; ours reads it as the ordering's field."""
    build_world()
    forged = base64.b64encode(urlencode({"p": position}).encode()).decode()
    response = client.get(reverse(route), {"cursor": forged, "ordering": ordering})
    assert response.status_code == 404, response.content
    assert "kursor" in response.json()["detail"].lower()


def test_every_ordering_a_list_offers_is_of_a_column_that_is_never_empty():
    """A cursor page ending on NULL has no position to go on from (and `>` skips NULLs)."""
    from sumut_mitra.api import router

    for prefix, viewset, _basename in router.registry:
        model = getattr(getattr(viewset.serializer_class, "Meta", None), "model", None)
        for name in getattr(viewset, "ordering_fields", None) or []:
            if model is not None:
                assert not model._meta.get_field(name).null, (prefix, name)


def test_a_filter_by_a_party_or_forum_that_is_not_public_reads_as_one_that_does_not_exist(
    client,
):
    from forums.placement import forum_for_agreement

    build_world()
    hidden_agency = AgencyFactory(status="pending")
    internal = AgreementFactory(visibility="internal", title="Internal saja")
    hidden_forum = forum_for_agreement(internal)
    for route, name, hidden, missing in (
        ("api:agreement-list", "party", hidden_agency.pk, 10**9),
        ("api:submission-list", "forum", hidden_forum.slug, "tidak-ada"),
    ):
        hidden_answer = client.get(reverse(route), {name: hidden})
        missing_answer = client.get(reverse(route), {name: missing})
        assert hidden_answer.status_code == missing_answer.status_code == 400
        assert name in hidden_answer.json()


def test_input_of_an_anonymous_submitter_does_not_name_them_in_english_either(client):
    world = build_world()
    client.cookies["django_language"] = "en"
    row = client.get(reverse("api:submission-detail", args=[world.public_submissions[1].pk])).json()
    assert row["submitted_by"] == "Anonymous"
    assert Submission.objects.get(pk=world.public_submissions[1].pk).author.full_name == (
        "Nama Anonim Rahasia"
    )


# --- Agencies and capabilities ------------------------------------------------------------------


def test_agencies_filter_by_kind_sector_and_regency(client):
    world = build_world()
    assert ids(client, "api:agency-list", kind="university") == [world.other.pk]
    assert ids(client, "api:agency-list", sector="perindustrian") == [world.agency.pk]
    assert set(ids(client, "api:agency-list", regency="12.71")) == {world.agency.pk, world.other.pk}
    assert ids(client, "api:agency-list", regency="12.12") == []
    rows, _ = walk(client, reverse("api:agency-list"), ordering="name")
    assert [row["name"] for row in rows] == ["Dinas Perindustrian Uji", "Universitas Uji Terbuka"]


def test_capabilities_filter_by_kind_sector_agency_and_where_they_are(client):
    world = build_world()
    welding, laboratory = sorted(world.expected["api:capability-list"])
    assert ids(client, "api:capability-list", kind="facility") == [laboratory]
    assert ids(client, "api:capability-list", sector="perindustrian") == [welding]
    assert ids(client, "api:capability-list", agency=world.other.pk) == [laboratory]
    # A capability without a place of its own is at its agency's address (Medan, 12.71).
    assert ids(client, "api:capability-list", regency="12.71") == [welding]
    assert ids(client, "api:capability-list", regency="12.12") == [laboratory]
    unverified = sorted(world.hidden["api:agency-list"])[0]
    assert client.get(reverse("api:capability-list"), {"agency": unverified}).status_code == 400


def test_a_renamed_agency_and_a_new_sector_move_its_updated_at_and_its_capabilities(client):
    world = build_world()
    moment = timezone.now()
    assert since(client, "api:agency-list", moment) == []
    world.agency.sectors.add(sector("koperasi-ukm"))
    assert since(client, "api:agency-list", moment) == [world.agency.pk]
    moment = timezone.now()
    world.agency.name = "Dinas Perindustrian Uji Berganti"
    world.agency.save()
    assert since(client, "api:agency-list", moment) == [world.agency.pk]
    welding = sorted(world.expected["api:capability-list"])[0]
    assert since(client, "api:capability-list", moment) == [welding]


# --- Trainings and meetings -----------------------------------------------------------------------


def test_a_training_answers_with_its_sessions_and_organisers(client):
    world = build_world()
    training = min(world.expected["api:training-list"])
    row = client.get(reverse("api:training-detail", args=[training])).json()
    assert [s["title"] for s in row["sessions"]] == ["Hari pertama", "Hari kedua"]
    assert {o["agency_name"] for o in row["organisers"]} == {
        "Dinas Perindustrian Uji",
        "Universitas Uji Terbuka",
    }
    assert "online_link" not in row and "registrations" not in row


def test_trainings_filter_by_status_organiser_mode_and_start(client):
    world = build_world()
    upcoming, past = sorted(world.expected["api:training-list"])
    assert ids(client, "api:training-list", status="completed") == [past]
    assert ids(client, "api:training-list", organiser=world.agency.pk) == [upcoming]
    assert ids(client, "api:training-list", mode="hybrid") == [upcoming]
    assert ids(client, "api:training-list", regency="12.71") == [upcoming]
    assert ids(client, "api:training-list", starts_after=timezone.now().isoformat()) == [upcoming]
    rows, _ = walk(client, reverse("api:training-list"), ordering="-id")
    assert [row["id"] for row in rows] == [past, upcoming]


def test_a_new_session_or_organiser_moves_a_training_s_updated_at(client):
    world = build_world()
    upcoming, past = sorted(world.expected["api:training-list"])
    moment = timezone.now()
    assert since(client, "api:training-list", moment) == []
    session = TrainingSession.objects.filter(training_id=upcoming).first()
    session.title = "Hari pertama (pindah ruang)"
    session.save()
    assert since(client, "api:training-list", moment) == [upcoming]
    moment = timezone.now()
    from trainings.models import Organiser

    Organiser.objects.create(training_id=past, agency=world.agency)
    assert since(client, "api:training-list", moment) == [past]


def test_meetings_filter_by_forum_and_start_and_move_when_changed(client):
    world = build_world()
    (meeting,) = world.expected["api:meeting-list"]
    assert ids(client, "api:meeting-list", forum="umum") == [meeting]
    # A forum that is not public reads as one that does not exist.
    internal = client.get(reverse("api:meeting-list"), {"forum": "forum-ks-internal"})
    assert internal.status_code == 400 and "forum" in internal.json()
    assert ids(client, "api:meeting-list", starts_before=timezone.now().isoformat()) == []
    moment = timezone.now()
    assert since(client, "api:meeting-list", moment) == []
    Meeting.objects.filter(pk=meeting).update(place="Aula Baru")
    assert since(client, "api:meeting-list", moment) == [meeting]
    row = client.get(reverse("api:meeting-detail", args=[meeting])).json()
    assert row["place"] == "Aula Baru" and "created_by" not in row


@pytest.mark.parametrize("route", LISTS)
def test_any_iso_offset_is_read_and_a_time_past_the_calendar_is_refused(client, route):
    """Found by schemathesis: PostgreSQL takes offsets up to ±15:59 only."""
    world = build_world()
    far_east = client.get(reverse(route), {"updated_since": "2000-01-01T00:00:00+18:54"})
    assert {row["id"] for row in far_east.json()["results"]} == world.expected[route]
    too_late = client.get(reverse(route), {"updated_since": "9999-12-31T23:00:00-18:00"})
    assert too_late.status_code == 400


# --- Datasets (the figures of Data & Statistik) -------------------------------------------------


def test_every_dataset_of_the_data_page_answers_as_json_with_its_csv_s_cells(client):
    build_world()
    from sumut_mitra import statistics

    raw, _made_at = statistics.figures(statistics.Filters())
    expected = [
        d.key
        for s in statistics.sections(raw, statistics.Filters(), every_agency=True)
        for d in s.datasets
    ]
    listed = client.get(reverse("api:dataset-list")).json()
    assert [row["key"] for row in listed] == expected
    status = client.get(reverse("api:dataset-detail", args=["agreement-status"]))
    body = status.json()
    lines = client.get(reverse("statistics_csv", args=["agreement-status"])).content.decode()
    rows = list(csv.reader(io.StringIO(lines)))[1:]
    keys = [column["key"] for column in body["columns"]]
    published = [*body["rows"], *([body["totals"]] if body["totals"] else [])]
    assert [[str(row[key]) for key in keys] for row in published] == rows
    assert body["rows"][0]["value"] == 1  # the public agreement in force; none internal
    # (The figures are made again for each request here, without the workers' cache, so
    # a detail's made_at moves; the list's words do not.)
    first = client.get(reverse("api:dataset-list"))
    again = client.get(reverse("api:dataset-list"), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert client.get(reverse("api:dataset-detail", args=["tidak-ada"])).status_code == 404


def test_a_stale_instance_saved_whole_does_not_take_updated_at_back(client):
    world = build_world()
    stale = Submission.objects.get(pk=world.public_submissions[2].pk)
    moment = timezone.now()
    Reply.objects.create(
        submission=stale,
        kind="answer",
        agency=world.agency,
        body="Jawaban baru.",
        body_html="<p>Jawaban baru.</p>",
    )
    stale.save()  # the instance still holds the updated_at it was read with
    assert since(client, "api:submission-list", moment) == [stale.pk]
