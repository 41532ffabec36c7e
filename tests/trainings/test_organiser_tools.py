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


# --- A message to every participant ---------------------------------------------------------------


def participants(training):
    """Two confirmed (one reads English), one waiting, one who cancelled; capacity 2."""
    people = {
        "ana": UserFactory(full_name="Ana Sitepu", email="ana@contoh.id"),
        "ben": UserFactory(
            full_name="Ben Hutagalung", email="ben@contoh.id", preferred_language="en"
        ),
        "cici": UserFactory(full_name="Cici Ginting", email="cici@contoh.id"),
        "dodi": UserFactory(full_name="Dodi Tarigan", email="dodi@contoh.id"),
    }
    registrations = {
        key: services.registration_create(training=training, user=person)
        for key, person in people.items()
    }
    services.registration_cancel(registration=registrations["ana"], by=people["ana"])
    # Ana's seat went to Cici, who was first in line; Dodi waits.
    return people


def message_url(training):
    return reverse("trainings:message", args=[training.reference])


def test_the_organiser_sees_how_many_people_a_message_reaches_then_each_gets_one_email(client):
    from notifications.models import Notification, OutboundEmail
    from trainings.models import TrainingMessage

    training = make_training(capacity=2, title="Pelatihan Juru Las SMAW")
    participants(training)
    client.force_login(training.organiser_user)
    data = {
        "audience": "confirmed",
        "subject": "Ruang pindah",
        "body": "Kita pindah ke Aula 2.\nBawa KTP.",
    }

    page = client.post(message_url(training), data).content.decode()

    assert "Kirim pesan ini kepada 2 orang?" in page
    assert not OutboundEmail.objects.filter(kind="trainings.message").exists()
    assert not TrainingMessage.objects.exists()

    response = client.post(message_url(training), {**data, "confirm": "1"})

    assert response.url.endswith("#messages")
    sent = OutboundEmail.objects.filter(kind="trainings.message").order_by("to")
    assert [email.to for email in sent] == ["ben@contoh.id", "cici@contoh.id"]
    ben, cici = sent
    assert ben.subject == "Ruang pindah — Pelatihan Juru Las SMAW"
    assert "Hello Ben Hutagalung," in ben.body and "write to you" in ben.body
    assert "Yth. Cici Ginting," in cici.body
    assert "Kita pindah ke Aula 2.\nBawa KTP." in cici.body
    assert "Kita pindah ke Aula 2.<br>Bawa KTP." in cici.html
    record = TrainingMessage.objects.get()
    assert (record.recipients, record.sent_by, record.audience, record.subject) == (
        2,
        training.organiser_user,
        "confirmed",
        "Ruang pindah",
    )
    assert {e.object_id for e in sent} == {str(record.pk)}
    assert Notification.objects.filter(kind="trainings.message").count() == 2
    overview = client.get(response.url).content.decode()
    assert "Pesan Anda sedang dikirim kepada 2 orang." in overview
    assert "Ruang pindah" in overview and training.organiser_user.full_name in overview


@pytest.mark.parametrize(
    ("audience", "reached"),
    [
        ("waiting", ["dodi@contoh.id"]),
        ("all", ["ben@contoh.id", "cici@contoh.id", "dodi@contoh.id"]),
    ],
)
def test_a_message_goes_to_the_group_chosen_and_never_to_those_who_left(audience, reached):
    from notifications.models import OutboundEmail

    training = make_training(capacity=2)
    participants(training)

    message = services.training_message_send(
        training=training,
        by=training.organiser_user,
        audience=audience,
        subject="Info",
        body="Halo semua.",
    )

    assert message.recipients == len(reached)
    assert (
        sorted(OutboundEmail.objects.values_list("to", flat=True).filter(kind="trainings.message"))
        == reached
    )


def test_an_organiser_cannot_flood_the_participants():
    from django.core.exceptions import ValidationError

    from notifications.models import OutboundEmail
    from trainings.services.messages import MESSAGES_PER_TRAINING

    training = make_training(capacity=2)
    participants(training)
    send = {"training": training, "by": training.organiser_user, "audience": "all", "body": "Halo."}
    for n in range(MESSAGES_PER_TRAINING):
        services.training_message_send(subject=f"Info {n}", **send)

    with pytest.raises(ValidationError) as refused:
        services.training_message_send(subject="Sekali lagi", **send)

    assert "Terlalu banyak pesan" in refused.value.messages[0]
    assert training.messages.count() == MESSAGES_PER_TRAINING
    assert not OutboundEmail.objects.filter(subject__startswith="Sekali lagi").exists()
    # Another organiser of the same training is held by the same limit.
    colleague = MembershipFactory(
        agency=training.organiser_rows.get().agency, role=MemberRole.EDITOR
    ).user
    with pytest.raises(ValidationError):
        services.training_message_send(**{**send, "by": colleague, "subject": "Dari rekan"})


def test_the_limit_is_shown_on_the_form_and_nothing_is_sent(client):
    from notifications.models import OutboundEmail
    from trainings.services.messages import MESSAGES_PER_TRAINING

    training = make_training(capacity=2)
    participants(training)
    client.force_login(training.organiser_user)
    data = {"audience": "all", "subject": "Info", "body": "Halo.", "confirm": "1"}
    for _n in range(MESSAGES_PER_TRAINING):
        client.post(message_url(training), data)
    before = OutboundEmail.objects.count()

    response = client.post(message_url(training), data)

    assert response.status_code == 200
    assert "Terlalu banyak pesan" in response.content.decode()
    assert OutboundEmail.objects.count() == before


def test_only_the_training_s_editors_write_to_its_participants(client):
    from django.core.exceptions import PermissionDenied

    training = make_training(capacity=2)
    people = participants(training)
    lead = training.organiser_rows.get().agency
    viewer = MembershipFactory(agency=lead, role=MemberRole.VIEWER).user
    outsider = MembershipFactory(role=MemberRole.EDITOR).user
    for person in (viewer, outsider, people["ben"]):
        with pytest.raises(PermissionDenied):
            services.training_message_send(
                training=training, by=person, audience="all", subject="Hai", body="Hai."
            )
    client.force_login(viewer)
    data = {"audience": "all", "subject": "Hai", "body": "Hai.", "confirm": "1"}
    assert client.post(message_url(training), data).status_code == 403
    assert not training.messages.exists()


def test_nobody_in_the_group_or_a_draft_sends_nothing(client):
    from django.core.exceptions import ValidationError

    training = make_training(capacity=5)
    services.registration_create(training=training, user=UserFactory())
    client.force_login(training.organiser_user)
    page = client.post(
        message_url(training), {"audience": "waiting", "subject": "Hai", "body": "Hai."}
    ).content.decode()
    assert "Belum ada orang dalam kelompok ini." in page
    assert "Kirim pesan ini" not in page
    lead = training.organiser_rows.get().agency
    draft = make_training(publish=False, by=training.organiser_user, lead=lead)
    with pytest.raises(ValidationError):
        services.training_message_send(
            training=draft, by=training.organiser_user, audience="all", subject="a", body="b"
        )


def test_the_organisers_words_reach_the_e_mail_as_they_were_written():
    from notifications.models import OutboundEmail

    training = make_training(capacity=2, title="K3 & Las")
    participants(training)
    services.training_message_send(
        training=training,
        by=training.organiser_user,
        audience="confirmed",
        subject='Ruang & waktu "baru"',
        body="Bawa <KTP> & pas foto.",
    )

    email = OutboundEmail.objects.filter(kind="trainings.message").first()
    assert email.subject == 'Ruang & waktu "baru" — K3 & Las'
    assert "Bawa <KTP> & pas foto." in email.body
    assert "Bawa &lt;KTP&gt; &amp; pas foto." in email.html
