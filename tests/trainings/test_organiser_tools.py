"""The organisers' tools: the printable attendance sheet, the certificates in one ZIP, and a
message to every participant."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from agencies.enums import MemberRole
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.trainings import make_training
from trainings import services

pytestmark = pytest.mark.django_db


# --- The attendance sheet (daftar hadir) ----------------------------------------------------------


def test_the_attendance_sheet_lists_confirmed_participants_with_the_session_and_organisers(client):
    lead = AgencyFactory(name="UPTD Balai Latihan Kerja Medan")
    partner = AgencyFactory(name="Kadin Sumatera Utara")
    training = make_training(
        lead=lead,
        co_organisers=[partner],
        capacity=2,
        title="Pelatihan Juru Las SMAW",
        venue="Bengkel Las BLK, Jl. Gatot Subroto",
        signatory_name="Drs. Maruli Simanjuntak, M.Si.",
    )
    confirmed = [UserFactory(full_name="Ṡiti Nurhaliza"), UserFactory(full_name="Andi Lubis")]
    for person in confirmed:
        services.registration_create(training=training, user=person)
    waiting = UserFactory(full_name="Budi Menunggu")
    services.registration_create(training=training, user=waiting)  # no seat left
    session = training.sessions.get()
    client.force_login(training.organiser_user)

    checkin = client.get(reverse("trainings:checkin", args=[training.reference, session.pk]))
    url = reverse("trainings:attendance_sheet", args=[training.reference, session.pk])
    assert url in checkin.content.decode()
    page = client.get(url).content.decode()

    assert "DAFTAR HADIR" in page
    assert page.index("Andi Lubis") < page.index("Ṡiti Nurhaliza")  # by name
    assert "Budi Menunggu" not in page
    assert "Tanda tangan" in page
    assert "Bengkel Las BLK, Jl. Gatot Subroto" in page
    assert "UPTD Balai Latihan Kerja Medan" in page and "Kadin Sumatera Utara" in page
    assert "Drs. Maruli Simanjuntak, M.Si." in page
    assert formats.date_format(timezone.localtime(session.starts_at), "j F Y") in page
    assert "css/print" in page and "style=" not in page
    assert "1 dari 1" in page  # the session's number among the training's sessions


def test_the_attendance_sheet_is_for_the_organisers_who_take_attendance(client):
    training = make_training()
    session = training.sessions.get()
    url = reverse("trainings:attendance_sheet", args=[training.reference, session.pk])
    lead = training.organiser_rows.get().agency
    viewer = MembershipFactory(agency=lead, role=MemberRole.VIEWER).user
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(MembershipFactory(role=MemberRole.ADMIN).user)  # another agency
    assert client.get(url).status_code == 404
    other = make_training(title="Pelatihan Lain", by=training.organiser_user, lead=lead)
    client.force_login(training.organiser_user)
    foreign = reverse(
        "trainings:attendance_sheet", args=[training.reference, other.sessions.get().pk]
    )
    assert client.get(foreign).status_code == 404


# --- All certificates in one ZIP ------------------------------------------------------------------


def issue(training, name, status="ready", content=None):
    """A registration of `name` with a certificate in `status` (its PDF stored when ready)."""
    from django.core.files.base import ContentFile

    from trainings.models import Certificate

    registration = services.registration_create(training=training, user=UserFactory(full_name=name))
    code = f"SRT-ZIP{Certificate.objects.count():01d}-{registration.pk:04d}"[:20]
    certificate = Certificate(registration=registration, code=code, status=status)
    if status == "ready":
        body = content or f"%PDF-1.4 {name}".encode()
        certificate.file.save(f"{code}.pdf", ContentFile(body), save=False)
    certificate.save()
    return certificate


def unzip(response):
    import io
    import zipfile

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.fixture
def stored_certificates():
    from trainings.models import Certificate

    yield
    for certificate in Certificate.objects.exclude(file=""):
        certificate.file.storage.delete(certificate.file.name)


def test_the_zip_holds_every_valid_certificate_named_after_its_holder(client, stored_certificates):
    training = make_training(capacity=20)
    ready = [
        issue(training, "Ṡiti Nurhaliza"),
        issue(training, "林美玲"),
        issue(training, "../../etc/passwd"),
        issue(training, 'Nguyễn "Ö" Khai: C:\\Windows'),
        issue(training, "Ṡiti Nurhaliza"),  # two people with one name
    ]
    issue(training, "Dicabut Saja", status="revoked")
    issue(training, "Masih Disiapkan", status="pending")
    lead = training.organiser_rows.get().agency
    client.force_login(MembershipFactory(agency=lead, role=MemberRole.VIEWER).user)

    page = client.get(reverse("trainings:certificates", args=[training.reference]))
    url = reverse("trainings:certificates_zip", args=[training.reference])
    assert url in page.content.decode()
    response = client.get(url)

    assert response["Content-Disposition"] == (
        f'attachment; filename="sertifikat-{training.reference}.zip"'
    )
    files = unzip(response)
    assert len(files) == 5
    assert all("/" not in name and "\\" not in name and ":" not in name for name in files)
    assert not [name for name in files if name.startswith(".")]
    by_code = {name.rsplit(" - ", 1)[1]: name for name in files}
    names = {c.code: by_code[f"{c.code}.pdf"] for c in ready}
    assert names[ready[0].code] == f"Ṡiti Nurhaliza - {ready[0].code}.pdf"
    assert names[ready[1].code] == f"林美玲 - {ready[1].code}.pdf"
    assert names[ready[2].code] == f"etc passwd - {ready[2].code}.pdf"
    assert names[ready[3].code] == f"Nguyễn Ö Khai C Windows - {ready[3].code}.pdf"
    assert files[names[ready[1].code]] == "%PDF-1.4 林美玲".encode()
    assert not [name for name in files if "Dicabut" in name or "Disiapkan" in name]


def test_the_zip_is_for_the_organisers_only_and_not_there_without_valid_certificates(
    client, stored_certificates
):
    training = make_training()
    url = reverse("trainings:certificates_zip", args=[training.reference])
    client.force_login(training.organiser_user)
    assert client.get(url).status_code == 404  # nothing issued yet
    issue(training, "Andi Lubis")
    assert client.get(url).status_code == 200
    client.force_login(MembershipFactory(role=MemberRole.ADMIN).user)  # another agency
    assert client.get(url).status_code == 404
    participant = UserFactory()
    services.registration_create(training=training, user=participant)
    client.force_login(participant)
    assert client.get(url).status_code == 404


def test_the_archive_refuses_someone_who_is_not_an_organiser():
    from django.core.exceptions import PermissionDenied

    from trainings.exports import certificates_archive

    training = make_training()
    with pytest.raises(PermissionDenied):
        certificates_archive(training, by=UserFactory())
    assert certificates_archive(training, by=training.organiser_user)[1] == []
