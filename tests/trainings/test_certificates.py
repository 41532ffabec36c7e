"""Acceptance 4: completing a training has the worker draw each certificate, once."""

import io
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from notifications.enums import EmailStatus
from notifications.models import OutboundEmail
from tests.factories import UserFactory
from tests.trainings.conftest import mails_to, ongoing_training, register
from trainings import services
from trainings.models import Certificate


@pytest.fixture
def certificate_files():
    """Certificates are stored in the private storage; remove the ones a test drew."""
    yield
    for certificate in Certificate.objects.exclude(file=""):
        certificate.file.storage.delete(certificate.file.name)


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def complete(training, attendees):
    """Everyone in `attendees` comes to every session; then the organisers complete it."""
    organiser = training.organiser_user
    for registration in attendees:
        for session in training.sessions.all():  # earlier days too: ticked on the list
            services.attendance_tick(
                session=session, registration=registration, by=organiser, method="list"
            )
    return services.training_move(training=training, to_status="completed", by=organiser)


def pdf_of(certificate):
    with certificate.file.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


@pytest.mark.django_db(transaction=True)
def test_the_worker_draws_the_certificate_and_tells_the_participant_once(
    celery_worker, certificate_files
):
    training = ongoing_training(title="Pelatihan Juru Las SMAW Angkatan III")
    person = UserFactory(full_name="Rina Situmorang Br. Tambunan", email="rina@contoh.id")
    absent = register(training)
    registration = register(training, person)

    complete(training, [registration])

    certificate = Certificate.objects.get()
    assert certificate.registration == registration  # not for `absent`, who never came
    assert absent.pk != registration.pk

    def issued():
        return (
            Certificate.objects.filter(pk=certificate.pk, status="ready").exists()
            and OutboundEmail.objects.filter(
                kind="trainings.certificate_ready", status=EmailStatus.SENT
            ).exists()
        )

    assert wait_for(issued), "the worker did not issue the certificate within 20 s"

    certificate.refresh_from_db()
    assert certificate.issued_at is not None
    reader = pdf_of(certificate)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height  # A4 landscape
    assert (round(width), round(height)) == (842, 595)
    text = page.extract_text()
    assert "Rina Situmorang Br. Tambunan" in text
    assert certificate.code in text
    assert "Pelatihan Juru Las SMAW Angkatan III" in text

    ready = OutboundEmail.objects.get(kind="trainings.certificate_ready")
    assert (ready.to, ready.object_id) == (person.email, str(registration.pk))
    assert [m.subject for m in mails_to(person.email) if m.subject == ready.subject] == [
        ready.subject
    ]

    # The task delivered twice (or run by hand) issues nothing more.
    stored_as = certificate.file.name
    assert services.certificate_generate(pk=certificate.pk) is False
    certificate.refresh_from_db()
    assert (certificate.file.name, certificate.status) == (stored_as, "ready")
    time.sleep(0.5)  # give a wrongly queued second message the chance to show up
    assert OutboundEmail.objects.filter(kind="trainings.certificate_ready").count() == 1
    assert len([m for m in mail.outbox if m.subject == ready.subject]) == 1


@pytest.mark.django_db
class TestInProcess:
    """The same services without a worker (tasks run eagerly where they are enqueued)."""

    @pytest.fixture
    def certificate(self, certificate_files):
        training = ongoing_training()
        complete(training, [register(training)])
        certificate = Certificate.objects.get()
        certificate.organiser = training.organiser_user
        return certificate

    def test_its_code_has_the_shape_the_public_check_looks_up(self, certificate, client):
        from core.converters import CERTIFICATE_CODE

        assert CERTIFICATE_CODE.parse(certificate.code) == certificate.code
        assert services.certificate_generate(pk=certificate.pk) is True
        checked = client.get(reverse("trainings:verify"), {"kode": f" {certificate.code.lower()}"})
        assert checked.context["certificate"] == certificate

    def test_generating_twice_draws_and_announces_once(self, certificate):
        assert services.certificate_generate(pk=certificate.pk) is True
        certificate.refresh_from_db()
        first_file = certificate.file.name

        assert services.certificate_generate(pk=certificate.pk) is False

        certificate.refresh_from_db()
        assert (certificate.status, certificate.file.name) == ("ready", first_file)
        assert OutboundEmail.objects.filter(kind="trainings.certificate_ready").count() == 1

    def test_revoking_needs_a_reason(self, certificate):
        editor = certificate.organiser

        with pytest.raises(ValidationError) as refused:
            services.certificate_revoke(certificate=certificate, by=editor, reason="")
        assert list(refused.value.message_dict) == ["reason"]
        certificate.refresh_from_db()
        assert certificate.status == "pending"

        revoked = services.certificate_revoke(
            certificate=certificate, by=editor, reason="Nama peserta salah tulis."
        )

        assert (revoked.status, revoked.revoked_by, revoked.revoke_reason) == (
            "revoked",
            editor,
            "Nama peserta salah tulis.",
        )
        assert revoked.revoked_at is not None
        # A revoked certificate is not drawn any more, and cannot be revoked twice.
        assert services.certificate_generate(pk=certificate.pk) is False
        assert not OutboundEmail.objects.filter(kind="trainings.certificate_ready").exists()
        with pytest.raises(ValidationError):
            services.certificate_revoke(certificate=certificate, by=editor, reason="Lagi.")

    def test_only_the_organisers_revoke(self, certificate):
        participant = certificate.registration.user

        with pytest.raises(PermissionDenied):
            services.certificate_revoke(certificate=certificate, by=participant, reason="Saya.")

        certificate.refresh_from_db()
        assert certificate.status == "pending"

    def test_the_sweep_draws_certificates_whose_task_was_lost(self, certificate):
        Certificate.objects.filter(pk=certificate.pk).update(
            created_at=timezone.now() - timedelta(minutes=6)
        )
        fresh_training = ongoing_training()
        complete(fresh_training, [register(fresh_training)])
        fresh = Certificate.objects.get(registration__training=fresh_training)

        assert services.certificates_sweep() == 1

        certificate.refresh_from_db()
        fresh.refresh_from_db()
        assert (certificate.status, fresh.status) == ("ready", "pending")


# --- Lost work and the attempt cap (core/background.py) -------------------------------------------


def attend(training, attendees):
    """Everyone in `attendees` comes to every session (the training is not completed yet)."""
    for registration in attendees:
        for session in training.sessions.all():  # earlier days too: ticked on the list
            services.attendance_tick(
                session=session,
                registration=registration,
                by=training.organiser_user,
                method="list",
            )


def after_leases(settings, leases):
    return timezone.now() + timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS * leases + 1)


@pytest.fixture
def undrawable(monkeypatch):
    """ReportLab cannot write any PDF (a font or image it needs is broken, say)."""
    from reportlab.pdfgen import canvas

    def broken(self):
        raise ValueError("Can't map determine family/bold/italic for helvetica-bold")

    monkeypatch.setattr(canvas.Canvas, "save", broken)


@pytest.mark.django_db
def test_a_certificate_whose_pdf_always_fails_stops_after_its_attempts(
    settings, idle_broker, undrawable, certificate_files
):
    """It used to be enqueued again every ten minutes for ever. Now each attempt is counted,
    the error recorded, and once the attempts are used up it is marked failed and the sweep
    leaves it alone."""
    settings.BACKGROUND_MAX_ATTEMPTS = 3
    training = ongoing_training()
    complete(training, [register(training)])
    certificate = Certificate.objects.get()

    requeued = []
    for hours in range(1, 6):
        certificate.refresh_from_db()
        if certificate.attempts < 3:
            with pytest.raises(ValueError):
                services.certificate_generate(pk=certificate.pk)  # the worker's attempt
        else:
            assert services.certificate_generate(pk=certificate.pk) is False  # no more tries
        requeued.append(services.certificates_sweep(now=timezone.now() + timedelta(hours=hours)))

    assert requeued == [1, 1, 0, 0, 0]
    assert len(idle_broker.queued()) == 2
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts, certificate.file.name) == ("failed", 3, "")
    assert certificate.last_error == (
        "ValueError: Can't map determine family/bold/italic for helvetica-bold"
    )
    assert not OutboundEmail.objects.filter(kind="trainings.certificate_ready").exists()


@pytest.mark.django_db
def test_the_admin_lists_failed_certificates_with_their_error_and_prepares_them_again(
    client, admin_user, settings, idle_broker, certificate_files, django_capture_on_commit_callbacks
):
    training = ongoing_training()
    first, second = register(training), register(training)
    complete(training, [first, second])
    failed, ready = Certificate.objects.order_by("pk")
    Certificate.objects.filter(pk=failed.pk).update(
        status="failed", attempts=6, last_error="ValueError: broken font"
    )
    Certificate.objects.filter(pk=ready.pk).update(status="ready")
    client.force_login(admin_user)
    changelist = reverse("admin:trainings_certificate_changelist")

    page = client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert failed.code in page and ready.code not in page
    assert "ValueError: broken font" in page
    assert "Tidak dapat disiapkan" in page  # the status, in the admin's language
    assert 'href="?status__exact=failed"' in client.get(changelist).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "redraw", "_selected_action": [failed.pk, ready.pk]})

    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == ("pending", 0, "")
    ready.refresh_from_db()
    assert ready.status == "ready"
    assert idle_broker.queued() == [("trainings.tasks.generate_certificate", f"({failed.pk},)")]
    assert services.certificate_generate(pk=failed.pk) is True  # what the worker then does


@pytest.mark.django_db
def test_a_failed_certificate_is_not_valid_and_its_holder_is_told(
    client, idle_broker, certificate_files
):
    training = ongoing_training()
    registration = register(training)
    complete(training, [registration])
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(status="failed", attempts=6)

    verify = client.get(reverse("trainings:verify"), {"kode": certificate.code}).content.decode()
    assert "Tidak dikenal" in verify or "Unknown" in verify
    assert "Dicabut" not in verify

    client.force_login(registration.user)
    page = client.get(reverse("trainings:registration", args=[training.reference])).content.decode()
    assert "Sertifikat Anda belum dapat disiapkan" in page
    assert "dicabut" not in page


@pytest.mark.django_db
def test_a_lost_certificate_task_is_enqueued_again_once_however_often_the_sweep_runs(
    settings, idle_broker, certificate_files
):
    training = ongoing_training()
    complete(training, [register(training)])  # its after-commit enqueue never runs: lost
    certificate = Certificate.objects.get()
    sweep_at = after_leases(settings, 1)

    assert services.certificates_sweep(now=sweep_at) == 1
    assert services.certificates_sweep(now=sweep_at) == 0
    assert services.certificates_sweep(now=sweep_at + timedelta(seconds=30)) == 0

    assert idle_broker.queued() == [
        ("trainings.tasks.generate_certificate", f"({certificate.pk},)")
    ]
    assert services.certificate_generate(pk=certificate.pk) is True  # the worker, once
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == ("ready", 1)
    assert services.certificates_sweep(now=after_leases(settings, 10)) == 0
    assert len(idle_broker.queued()) == 1


@pytest.mark.django_db(transaction=True)
def test_completing_a_training_while_the_broker_is_down_works_and_the_sweep_draws_later(
    client, settings, idle_broker, certificate_files
):
    training = ongoing_training()
    registration = register(training)
    attend(training, [registration])
    client.force_login(training.organiser_user)
    idle_broker.stop()

    response = client.post(
        reverse("trainings:move", args=[training.reference, "completed"]), {"note": ""}
    )

    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == "completed"
    certificate = Certificate.objects.get()
    assert (certificate.status, certificate.attempts) == ("pending", 0)

    idle_broker.start()  # back, and empty
    assert services.certificates_sweep(now=after_leases(settings, 1)) == 1
    assert idle_broker.queued() == [
        ("trainings.tasks.generate_certificate", f"({certificate.pk},)")
    ]
    assert services.certificate_generate(pk=certificate.pk) is True
    certificate.refresh_from_db()
    assert certificate.status == "ready"
    assert OutboundEmail.objects.filter(kind="trainings.certificate_ready").count() == 1


# --- What the certificate says (issue 14) ---------------------------------------------------------


def drawn_text(certificate):
    """The certificate drawn now (as the worker does), its text with spaces made single."""
    from trainings.certificates import render_certificate

    page = PdfReader(io.BytesIO(render_certificate(certificate))).pages[0]
    return " ".join(page.extract_text().split())


def certificate_for(name="Rina Situmorang", language="id", **training_fields):
    training = ongoing_training(**training_fields)
    person = UserFactory(full_name=name, preferred_language=language)
    registration = register(training, person)
    code = f"SRT-UJI1-{Certificate.objects.count():04d}"
    return Certificate.objects.create(registration=registration, code=code)


@pytest.fixture
def font_chain():
    """Each test starts from the fonts on disk (the chain is found once per process)."""
    from core import pdftext

    pdftext.chain.cache_clear()
    yield pdftext
    pdftext.chain.cache_clear()


@pytest.mark.django_db
def test_the_certificate_names_the_signatory_every_organiser_and_the_hours(font_chain):
    from tests.factories import AgencyFactory

    lead = AgencyFactory(name="UPTD Balai Latihan Kerja Medan")
    partners = [
        AgencyFactory(name="Balai Besar Pelatihan Vokasi dan Produktivitas Medan"),
        AgencyFactory(name="Kamar Dagang dan Industri Sumatera Utara"),
        AgencyFactory(name="Universitas Sumatera Utara"),
    ]
    certificate = certificate_for(
        lead=lead,
        co_organisers=partners,
        sessions=2,  # two sessions of three hours: 360 minutes, 8 JP of 45 minutes
        signatory_name="Ir. Bonar Sihombing, M.T.",
        signatory_title="Kepala UPTD Balai Latihan Kerja Medan",
    )

    text = drawn_text(certificate)

    assert "Ir. Bonar Sihombing, M.T." in text
    assert "Kepala UPTD Balai Latihan Kerja Medan" in text
    for agency in [lead, *partners]:
        assert agency.name in text
    assert "8 jam pelajaran (JP)" in text
    assert "Panitia penyelenggara" not in text


@pytest.mark.django_db
def test_the_organisers_count_of_hours_wins_and_no_signatory_signs_as_the_committee(
    font_chain,
):
    certificate = certificate_for(sessions=2, lesson_hours=32)

    text = drawn_text(certificate)

    assert "32 jam pelajaran (JP)" in text
    assert "8 jam pelajaran" not in text
    assert "Panitia penyelenggara" in text


@pytest.mark.django_db
def test_an_english_reader_gets_the_certificate_in_english(font_chain):
    certificate = certificate_for(language="en", sessions=1, title="Juru Las SMAW")

    text = drawn_text(certificate)

    assert "CERTIFICATE" in text and "took part in the certification" in text
    assert "4 lesson hours (JP)" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "title", "sentence"),
    [
        ("pelatihan", "Pelatihan Juru Las SMAW Angkatan III", "telah mengikuti Pelatihan Juru"),
        ("sertifikasi", "Sertifikasi Juru Las SMAW", "telah mengikuti Sertifikasi Juru"),
        ("bimtek", "Bimtek Pemasaran Digital", "telah mengikuti Bimtek Pemasaran"),
        ("workshop", "Lokakarya Mutu CPO", "telah mengikuti Lokakarya Mutu"),
        ("sertifikasi", "Juru Las SMAW", "telah mengikuti sertifikasi Juru Las"),
        ("workshop", "Pengendalian Mutu CPO", "telah mengikuti lokakarya Pengendalian"),
    ],
)
def test_the_kind_is_said_once_never_before_a_title_that_says_it(font_chain, kind, title, sentence):
    text = drawn_text(certificate_for(kind=kind, title=title))

    assert sentence in text
    words = text.lower().split()
    # A word said twice ("pelatihan pelatihan"); numbers may meet ("Nomor 2" and "2 Desember").
    assert not [a for a, b in zip(words, words[1:], strict=False) if a == b and a.isalpha()], text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "Ṡiti Nurhaliza",
        "Nguyễn Thị Minh Khai",
        "Jürgen Özdemir",
        "Rina Situmorang Br. Tambunan",
        "林美玲",
        "ᯘᯪᯖᯬᯔᯬᯒᯰ",  # surat Batak
        "Ахмед Сараги",
    ],
)
def test_a_name_in_any_script_is_drawn_with_its_own_letters(font_chain, name):
    text = drawn_text(certificate_for(name=name))

    assert name in text


@pytest.mark.django_db
def test_an_arabic_name_is_joined_and_reads_right_to_left(font_chain):
    import unicodedata

    text = drawn_text(certificate_for(name="فاطمة الزهراء"))

    # On paper the letters take their joined forms (not the isolated ones of "ف ا ط م ة").
    assert any("\ufe70" <= char <= "\ufeff" for char in text)
    # pypdf reads right-to-left glyphs back into reading order: it finds the name only if the
    # glyphs stand right to left on the page (drawn left to right, it would read "ةمطاف").
    assert "فاطمة الزهراء" in unicodedata.normalize("NFKC", text)


@pytest.mark.django_db
def test_without_its_unicode_font_the_certificate_fails_loudly_instead_of_drawing_boxes(
    font_chain, tmp_path, monkeypatch, caplog, certificate_files
):
    monkeypatch.setattr(font_chain, "FONT_DIR", tmp_path)  # no fonts installed
    latin = certificate_for(name="Rina Situmorang")
    assert "Rina Situmorang" in drawn_text(latin)  # Helvetica still draws Latin letters
    assert "install the Debian package fonts-dejavu-core" in caplog.text

    certificate = certificate_for(name="Ṡiti Nguyễn")
    with pytest.raises(font_chain.MissingFont):
        services.certificate_generate(pk=certificate.pk)

    certificate.refresh_from_db()
    assert certificate.status == "pending" and certificate.file.name == ""
    assert certificate.last_error.startswith("MissingFont: No installed font can draw “Ṡ”")
    assert "fonts-dejavu-core" in certificate.last_error
    assert not OutboundEmail.objects.filter(kind="trainings.certificate_ready").exists()
