"""Demo trainings among the demo agencies, in every status, for `manage.py seed_demo`.

Built through the services, as organisers would, so histories, seats and certificates are real.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.demo import ensure_account
from accounts.models import User
from agencies.models import Agency, Regency, Sector
from partnerships.models import Agreement

from . import checkin, services
from .enums import CheckinMethod, RegistrationStatus
from .models import Attendance, Feedback, Registration, RegistrationEvent, Training

PARTICIPANTS = [
    ("peserta01@sumutmitra.test", "Rizki Siregar"),
    ("peserta02@sumutmitra.test", "Dewi Sembiring"),
    ("peserta03@sumutmitra.test", "Bambang Harahap"),
    ("peserta04@sumutmitra.test", "Putri Manurung"),
    ("peserta05@sumutmitra.test", "Agus Pane"),
    ("peserta06@sumutmitra.test", "Nurhayati Saragih"),
    ("peserta07@sumutmitra.test", "Joko Tambunan"),
    ("peserta08@sumutmitra.test", "Rina Situmorang"),
    ("peserta09@sumutmitra.test", "Samuel Pardede"),
    ("peserta10@sumutmitra.test", "Intan Damanik"),
    ("peserta11@sumutmitra.test", "Ahmad Rangkuti"),
    ("peserta12@sumutmitra.test", "Yohana Sinaga"),
    ("peserta13@sumutmitra.test", "Taufik Batubara"),
]


def _at(days, hour, minute=0):
    """A moment `days` from today at hh:mm WIB."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _sessions(first_day, count, start=8, end=16):
    return [
        {"title": "", "starts_at": _at(first_day + n, start), "ends_at": _at(first_day + n, end)}
        for n in range(count)
    ]


def _organisers(lead, *others):
    rows = [{"agency": Agency.objects.get(slug=lead), "is_lead": True}]
    return rows + [{"agency": Agency.objects.get(slug=slug), "is_lead": False} for slug in others]


def _agreement(title_start):
    return Agreement.objects.filter(title__startswith=title_start).first()


def _create(by, *, title, organisers, sessions, publish=True, questions=(), speakers=(), **fields):
    training = services.training_save(
        by=by,
        organisers=organisers,
        sessions=sessions,
        speakers=[{"name": n, "affiliation": a, "topic": t} for n, a, t in speakers],
        questions=[
            {"text": text, "kind": kind, "choices": choices, "required": True, "position": i}
            for i, (text, kind, choices) in enumerate(questions)
        ],
        title=title,
        **fields,
    )
    if publish:
        training = services.training_move(training=training, to_status="published", by=by)
    return training


def _register_directly(training, user, status, minutes_ago):
    """A registration made while the window was open (for trainings in the past)."""
    at = timezone.now() - timedelta(minutes=minutes_ago)
    registration = Registration.objects.create(
        training=training,
        user=user,
        status=status,
        code=checkin.new_code(),
        created_at=at,
        status_changed_at=at,
    )
    RegistrationEvent.objects.create(
        registration=registration, from_status="", to_status=status, actor=user, at=at
    )
    return registration


def seed(*, password, reset_passwords=False, stdout=None):
    if Training.objects.exists():
        if stdout is not None:
            stdout.write("  kept    demo trainings")
        return
    people = [
        ensure_account(email, name, "id", password=password, reset_passwords=reset_passwords)
        for email, name in PARTICIPANTS
    ]
    siti = User.objects.get(email="warga@sumutmitra.test")
    daniel = User.objects.get(email="resident@sumutmitra.test")
    secretariat = User.objects.get(email="sekretariat@sumutmitra.test")
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    medan = Regency.objects.get(code="12.71")
    simalungun = Regency.objects.get(code="12.08")
    now = timezone.now()

    # 1. Full, with a waiting list: welding certification under the vocational PKS.
    welding = _create(
        secretariat,
        title="Sertifikasi Juru Las SMAW Angkatan III",
        organisers=_organisers("disnaker-sumut", "bbpvp-medan"),
        sessions=_sessions(10, 3),
        kind="sertifikasi",
        description=(
            "Pelatihan dan uji kompetensi juru las SMAW (3G) bersama BLK Disnaker Sumut dan "
            "BBPVP Medan. Peserta yang lulus uji mendapat sertifikat kompetensi BNSP."
        ),
        sector=sectors["tenaga-kerja"],
        agreement=_agreement("PKS Pelatihan Vokasi Juru Las"),
        audience="public",
        mode="in_person",
        venue="BBPVP Medan, Jl. Gatot Subroto Km 7,8",
        regency=medan,
        capacity=10,
        registration_opens_at=now - timedelta(days=7),
        registration_closes_at=_at(8, 17),
        requires_approval=False,
        min_attendance_percent=100,
        lesson_hours=24,
        signatory_name="Drs. Maruli Simanjuntak, M.Si.",
        signatory_title="Kepala UPTD Balai Latihan Kerja Disnaker Provinsi Sumatera Utara",
        questions=[
            ("Berapa tahun pengalaman mengelas Anda?", "text", ""),
            ("Ukuran baju kerja", "single", "S\nM\nL\nXL"),
        ],
        speakers=[("Ir. Bonar Sihombing", "BBPVP Medan", "Las SMAW posisi 3G")],
    )
    answers = {str(q.pk): ("2" if q.kind == "text" else "L") for q in welding.questions.all()}
    for user in [siti, *people[:12]]:
        services.registration_create(training=welding, user=user, answers=answers)
    blk = User.objects.filter(email="blk@sumutmitra.test").first() or secretariat
    services.training_message_send(
        training=welding,
        by=blk,
        audience="confirmed",
        subject="Perlengkapan yang dibawa pada hari pertama",
        body=(
            "Peserta membawa sepatu safety, pakaian kerja lengan panjang, KTP asli dan pas foto "
            "3x4 dua lembar. Registrasi ulang dibuka pukul 07.30 WIB di lobi BBPVP Medan.\n\n"
            "Pertanyaan: Sdr. Rudi, panitia BLK Disnaker Sumut, melalui halaman pelatihan."
        ),
    )
    services.training_message_send(
        training=welding,
        by=blk,
        audience="waiting",
        subject="Kuota penuh: Anda di daftar tunggu",
        body=(
            "Kursi angkatan ini sudah penuh. Bila ada peserta yang membatalkan, kursinya langsung "
            "diberikan kepada yang pertama di daftar tunggu dan Anda menerima e-mail."
        ),
    )

    # 2. Completed, with attendance, certificates and feedback: CPO quality at KEK Sei Mangkei.
    cpo = _create(
        secretariat,
        title="Workshop Pengendalian Mutu CPO",
        organisers=_organisers("kek-sei-mangkei", "usu"),
        sessions=_sessions(-21, 2),
        kind="workshop",
        description=(
            "Lokakarya dua hari tentang mutu minyak sawit mentah (CPO): asam lemak bebas, kadar "
            "air dan kotoran, pengambilan sampel, dan praktik laboratorium di KEK Sei Mangkei."
        ),
        sector=sectors["pertanian-perkebunan"],
        agreement=_agreement("Kerja Sama Pengembangan KEK Sei Mangkei"),
        audience="public",
        mode="in_person",
        venue="Gedung Serbaguna KEK Sei Mangkei",
        regency=simalungun,
        capacity=25,
        registration_opens_at=now - timedelta(days=40),
        registration_closes_at=_at(-23, 17),
        signatory_name="Ir. Hotman Purba, M.M.",
        signatory_title="Kepala Bagian Pengembangan SDM KEK Sei Mangkei",
        speakers=[("Dr. Rosnawati Lubis", "Universitas Sumatera Utara", "Mutu CPO")],
    )
    attendees = [daniel, *people[:6]]
    sessions = list(cpo.sessions.all())
    for n, user in enumerate(attendees):
        registration = _register_directly(cpo, user, RegistrationStatus.APPROVED, 60 * 24 * 30 - n)
        came = sessions if n < 5 else sessions[:1] if n == 5 else []
        for session in came:
            Attendance.objects.create(
                session=session,
                registration=registration,
                method=CheckinMethod.SCAN,
                checked_in_at=session.starts_at + timedelta(minutes=10 + n),
            )
    cpo = services.training_move(training=cpo, to_status="completed", by=secretariat)
    comments = [
        (5, "Praktik laboratoriumnya sangat membantu."),
        (4, "Materi bagus, waktu praktik bisa ditambah."),
        (5, ""),
        (3, "Ruangan terlalu panas di sesi siang."),
    ]
    for registration, (rating, comment) in zip(
        cpo.registrations.filter(status=RegistrationStatus.ATTENDED).order_by("pk"),
        comments,
        strict=False,
    ):
        Feedback.objects.create(registration=registration, rating=rating, comment=comment)

    # 3. Online Bimtek with approval: some waiting for a decision, one not accepted.
    digital = _create(
        secretariat,
        title="Bimtek Pemasaran Digital untuk UMKM",
        organisers=_organisers("diskopukm-sumut", "disperindag-sumut"),
        sessions=_sessions(14, 2, start=9, end=12),
        kind="bimtek",
        description=(
            "Bimbingan teknis daring: foto produk dengan ponsel, toko di marketplace, iklan "
            "berbayar, dan pencatatan penjualan sederhana untuk pelaku UMKM di Sumatera Utara."
        ),
        sector=sectors["koperasi-ukm"],
        audience="public",
        mode="online",
        online_link="https://meet.example.org/bimtek-umkm-sumut",
        capacity=40,
        registration_opens_at=now - timedelta(days=3),
        registration_closes_at=_at(12, 23),
        requires_approval=True,
        lesson_hours=8,
        signatory_name="Dra. Sri Wahyuni Nasution, M.AP.",
        signatory_title="Kepala Dinas Koperasi dan UKM Provinsi Sumatera Utara",
        questions=[("Apa produk usaha Anda?", "text", "")],
    )
    for n, user in enumerate(people[6:12]):
        registration = services.registration_create(
            training=digital,
            user=user,
            answers={str(q.pk): "Keripik ubi" for q in digital.questions.all()},
        )
        if n < 3:
            services.registration_approve(registration=registration, by=secretariat)
        elif n == 3:
            services.registration_reject(
                registration=registration,
                by=secretariat,
                reason="Bimtek ini khusus untuk UMKM yang sudah berjualan.",
            )

    # 4. A staff-only workshop, open for registration.
    _create(
        secretariat,
        title="Lokakarya Penyusunan Naskah PKS bagi OPD",
        organisers=_organisers("disperindag-sumut"),
        sessions=_sessions(6, 1, start=13, end=16),
        kind="workshop",
        description="Cara menyusun naskah PKS yang baik: pasal wajib, pembiayaan, dan monev.",
        sector=sectors["perindustrian"],
        audience="staff",
        mode="hybrid",
        venue="Kantor Disperindag Sumut, Jl. Putri Hijau",
        regency=medan,
        online_link="https://meet.example.org/lokakarya-pks",
        capacity=30,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=_at(5, 17),
    )

    # 5. A draft and 6. a cancelled one.
    _create(
        secretariat,
        title="Pelatihan K3 untuk Tenant Kawasan Industri Medan",
        organisers=_organisers("kim"),
        sessions=_sessions(30, 1),
        publish=False,
        kind="pelatihan",
        description="Keselamatan dan kesehatan kerja (K3) dasar untuk pekerja tenant KIM.",
        sector=sectors["perindustrian"],
        audience="public",
        mode="in_person",
        venue="Wisma KIM, Jl. Pulau Batam",
        regency=medan,
        capacity=50,
        registration_opens_at=now + timedelta(days=5),
        registration_closes_at=_at(28, 17),
    )
    internship = _create(
        secretariat,
        title="Magang Industri Mahasiswa Unimed Batch 1",
        organisers=_organisers("unimed", "kadin-sumut"),
        sessions=_sessions(20, 1),
        kind="magang",
        description="Program magang satu semester di perusahaan anggota Kadin Sumut.",
        sector=sectors["pendidikan-riset"],
        audience="public",
        mode="hybrid",
        venue="Kampus Unimed, Jl. Willem Iskandar",
        regency=medan,
        online_link="https://meet.example.org/magang-unimed",
        capacity=15,
        registration_opens_at=now - timedelta(days=2),
        registration_closes_at=_at(18, 17),
    )
    services.registration_create(training=internship, user=people[12], answers={})
    services.training_move(
        training=internship,
        to_status="cancelled",
        by=secretariat,
        note="Ditunda ke semester depan karena jadwal perusahaan berubah.",
    )
    if stdout is not None:
        stdout.write(f"  created {Training.objects.count()} demo trainings")
