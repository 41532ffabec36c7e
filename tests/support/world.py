"""One small world with a person in every role, shared by the permission matrix and the
browser crawl: a verified agency owned by a viewer, an editor and an admin, another agency's
admin, the secretariat and a superuser; and a public agreement in force between the owning
agency and a partner, with an internal document, and a draft between the same two."""

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from agencies import services
from agencies.enums import AgencyStatus, MemberRole
from partnerships import services as partnership_services
from tests.factories import (
    AdminFactory,
    AgencyFactory,
    CapabilityFactory,
    MembershipFactory,
    UserFactory,
    regency,
    secretariat_user,
)
from tests.support.files import PDF

ROLES = [
    "anonymous",
    "resident",
    "viewer",
    "editor",
    "admin",
    "other_staff",
    "pending",
    "suspended",
    "secretariat",
    "superuser",
]


@dataclass
class World:
    agency: object
    capability: object
    viewer_membership: object
    invitation: object
    users: dict
    agreement: object = None
    document: object = None
    milestone: object = None
    report: object = None
    contribution: object = None
    training: object = None
    registration: object = None
    certificate: object = None
    material: object = None
    submission: object = None
    reply: object = None
    meeting: object = None
    forum: object = None
    notification: object = None
    draft: object = None
    # A guest's answered submission (tamu@contoh.id), for what only its submitter may do: rate
    # and appeal the answer, download and erase their data. The browser of "submitter" proved
    # its tracking code and e-mail address (tests/test_post_permissions.py).
    answered: object = None


def build_world():
    agency = AgencyFactory(name="Instansi Pemilik", slug="pemilik")
    users = {
        "anonymous": None,
        "resident": UserFactory(),
        "secretariat": secretariat_user(),
        "superuser": AdminFactory(),
    }
    memberships = {}
    for role in (MemberRole.VIEWER, MemberRole.EDITOR, MemberRole.ADMIN):
        memberships[role] = MembershipFactory(agency=agency, role=role)
        users[role.value] = memberships[role].user
    users["other_staff"] = MembershipFactory(role=MemberRole.ADMIN).user
    # Members of agencies that are not verified hold no staff powers anywhere: the admin of a
    # registration that waits for the secretariat, and an admin of a suspended agency.
    users["pending"] = UserFactory(full_name="Pendaftar Menunggu")
    services.agency_register(
        user=users["pending"],
        sectors=[],
        name="Koperasi Menunggu Verifikasi",
        kind="cooperative",
        regency=regency("12.71"),
    )
    users["suspended"] = MembershipFactory(
        agency=AgencyFactory(name="Instansi Dibekukan", status=AgencyStatus.SUSPENDED),
        role=MemberRole.ADMIN,
    ).user
    invitation = services.invitation_create(
        agency=agency, email="undangan@contoh.id", role="viewer", by=users["admin"]
    )
    partner = AgencyFactory(name="Instansi Mitra", slug="mitra")
    agreement = partnership_services.agreement_create(
        by=users["secretariat"],
        title="Kerja Sama Dunia Uji",
        kind="kb",
        cooperation_kind="ksdpk",
        start_date=date(2026, 1, 1),
        end_date=date(2030, 1, 1),
        visibility="public",
        legacy=True,
        sectors=[],
        parties=[{"agency": agency, "role": "first"}, {"agency": partner, "role": "second"}],
    )
    document = partnership_services.document_upload(
        agreement=agreement,
        by=users["editor"],
        kind="tor",
        title="KAK internal",
        file=SimpleUploadedFile("kak.pdf", PDF),
    )
    party = agreement.parties.get(agency=agency)
    milestone = partnership_services.milestone_create(
        agreement=agreement,
        by=users["editor"],
        title="Pelatihan angkatan pertama",
        responsible=party,
        due_date=date(2026, 6, 30),
    )
    report = partnership_services.monev_submit(
        agreement=agreement,
        by=users["editor"],
        party=party,
        year=2026,
        period=1,
        activities="Pelatihan 20 juru las.",
        trainees=20,
        recommendation="continue",
    )
    contribution = partnership_services.contribution_add(
        agreement=agreement,
        by=users["editor"],
        party=party,
        source="apbd",
        form="cash",
        planned=100_000_000,
    )
    draft = partnership_services.agreement_create(
        by=users["editor"],
        title="Draf Dunia Uji",
        kind="pks",
        cooperation_kind="ksdpk",
        start_date=date(2027, 1, 1),
        end_date=date(2029, 1, 1),
        visibility="public",
        sectors=[],
        parties=[{"agency": agency, "role": "first"}, {"agency": partner, "role": "second"}],
    )
    training, registration, certificate, material = _training_world(agency, partner, users)
    forum, submission, reply, meeting, answered = _forum_world(agency, users)
    from notifications.models import Notification

    notification = Notification.objects.create(
        user=users["resident"], kind="partnerships.agreement_ending", title="Uji", url="/forum/"
    )
    return World(
        draft=draft,
        notification=notification,
        forum=forum,
        submission=submission,
        reply=reply,
        meeting=meeting,
        answered=answered,
        training=training,
        registration=registration,
        certificate=certificate,
        material=material,
        agency=agency,
        contribution=contribution,
        milestone=milestone,
        report=report,
        capability=CapabilityFactory(agency=agency),
        viewer_membership=memberships[MemberRole.VIEWER],
        invitation=invitation,
        users=users,
        agreement=agreement,
        document=document,
    )


def _training_world(agency, partner, users):
    """A published public training led by the owning agency with the partner, with the
    resident's confirmed registration, a participants-only material and a certificate."""
    from django.core.files.base import ContentFile

    from tests.support.trainings import make_training
    from trainings import services as training_services
    from trainings.models import Certificate

    training = make_training(
        by=users["editor"],
        lead=agency,
        co_organisers=[partner],
        title="Pelatihan Dunia Uji",
        agreement=None,
    )
    registration = training_services.registration_create(training=training, user=users["resident"])
    material = training_services.material_upload(
        training=training,
        by=users["editor"],
        title="Modul peserta",
        file=SimpleUploadedFile("modul.pdf", PDF),
    )
    certificate = Certificate(registration=registration, code="SRT-UJI2-3456", status="ready")
    certificate.file.save("uji.pdf", ContentFile(b"%PDF-1.4 sertifikat"), save=False)
    certificate.save()
    return training, registration, certificate, material


def _forum_world(agency, users):
    """A published public submission by a resident outside the roles, forwarded to the owning
    agency, with a reply, an attachment; a public meeting; and a guest's submission that the
    owning agency answered."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from forums import services as forum_services
    from forums.models import Attachment, Meeting
    from forums.placement import general_forum

    forum = general_forum()
    author = UserFactory(
        full_name="Warga Pengirim", date_joined=timezone.now() - timedelta(days=90)
    )
    submission = forum_services.submission_create(
        forum=forum,
        kind="pengaduan",
        title="Jalan kawasan rusak",
        body="Jalan menuju kawasan berlubang.",
        privacy="public",
        user=author,
    )
    forum_services.submission_verify(submission=submission, by=users["secretariat"])
    forum_services.submission_forward(submission=submission, by=users["secretariat"], agency=agency)
    submission.refresh_from_db()
    attachment = Attachment(
        submission=submission,
        name="lampiran-1.pdf",
        content_type="application/pdf",
        size=12,
        token="lampiran-dunia-uji",
    )
    attachment.file.save("lampiran", ContentFile(b"%PDF-1.4 uji"), save=False)
    attachment.save()

    reply = forum_services.reply_create(submission=submission, by=author, body="Setuju.")
    start = timezone.now() + timedelta(days=5)
    meeting = Meeting.objects.create(
        forum=forum,
        title="Diskusi publik kawasan",
        agenda="Paparan dan tanya jawab.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Aula",
    )
    return forum, submission, reply, meeting, _answered_guest_submission(forum, agency, users)


def _answered_guest_submission(forum, agency, users):
    from forums import services as forum_services
    from tests.support.links import confirm_token

    guest = forum_services.submission_create(
        forum=forum,
        kind="aspirasi",
        title="Pelatihan kemasan untuk UMKM",
        body="Mohon pelatihan kemasan produk.",
        privacy="public",
        name="Tamu Dunia Uji",
        email="tamu@contoh.id",
    )
    guest = forum_services.submission_confirm_email(token=confirm_token(guest))
    guest = forum_services.submission_verify(submission=guest, by=users["secretariat"])
    guest = forum_services.submission_forward(
        submission=guest, by=users["secretariat"], agency=agency
    )
    forum_services.submission_answer(
        submission=guest, by=users["editor"], body="Pelatihan kemasan dibuka bulan depan."
    )
    guest.refresh_from_db()
    return guest
