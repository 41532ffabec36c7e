"""Demo forum: topic areas, input in every status and privacy level across several regencies
(one overdue), answers rated by their submitters (one appealed and answered again), a public
meeting and two holidays, for `manage.py seed_demo`."""

import datetime
import re
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency, Regency, Sector
from notifications.models import OutboundEmail

from . import reminders, services
from .models import Forum, Holiday, Meeting, Submission

AREAS = [
    ("industri-medan", "Industri dan Kawasan Industri Medan", "perindustrian", "12.71"),
    ("umkm-dairi", "UMKM dan Kopi Dairi", "koperasi-ukm", "12.11"),
    ("vokasi-sumut", "Pelatihan Vokasi dan Tenaga Kerja", "tenaga-kerja", None),
    ("sawit-simalungun", "Sawit dan KEK Sei Mangkei", "pertanian-perkebunan", "12.08"),
]


def _submit(forum, user, title, body, *, kind="aspirasi", privacy="public", regency=None, **kw):
    return services.submission_create(
        forum=forum,
        kind=kind,
        title=title,
        body=body,
        privacy=privacy,
        user=user,
        regency=regency,
        ip=None,
        **kw,
    )


def seed(*, password, reset_passwords=False, stdout=None):
    if Submission.objects.exists():
        if stdout is not None:
            stdout.write("  kept    demo forum")
        return
    for day, name in [
        (datetime.date(2026, 12, 25), "Hari Raya Natal"),
        (datetime.date(2027, 1, 1), "Tahun Baru 2027 Masehi"),
    ]:
        Holiday.objects.get_or_create(date=day, defaults={"name": name})
    forums = {}
    for slug, title, sector, regency in AREAS:
        forums[slug], _created = Forum.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": "area",
                "title": title,
                "sector": Sector.objects.get(slug=sector),
                "regency": Regency.objects.get(code=regency) if regency else None,
            },
        )
    secretariat = User.objects.get(email="sekretariat@sumutmitra.test")
    siti = User.objects.get(email="warga@sumutmitra.test")
    daniel = User.objects.get(email="resident@sumutmitra.test")
    maya = User.objects.get(email="disperindag@sumutmitra.test")
    blk = User.objects.get(email="blk@sumutmitra.test")
    disperindag = Agency.objects.get(slug="disperindag-sumut")
    disnaker = Agency.objects.get(slug="disnaker-sumut")
    # Established accounts: their input is published at once (not held as a newcomer's).
    User.objects.filter(pk__in=[siti.pk, daniel.pk]).update(
        date_joined=timezone.now() - timedelta(days=90)
    )
    siti.refresh_from_db()
    daniel.refresh_from_db()

    medan = Regency.objects.get(code="12.71")
    dairi = Regency.objects.get(code="12.11")
    simalungun = Regency.objects.get(code="12.08")

    # Answered and closed by the resident.
    closed = _submit(
        forums["industri-medan"],
        siti,
        "Jalan rusak menuju KIM II menghambat truk pengangkut",
        "Jalan Pulau Irian di KIM II berlubang sejak Oktober. Truk antre dan **rawan kecelakaan**.",
        kind="pengaduan",
        regency=medan,
    )
    services.submission_verify(submission=closed, by=secretariat)
    services.submission_forward(submission=closed, by=secretariat, agency=disperindag)
    services.submission_answer(
        submission=closed,
        by=maya,
        body="Sudah kami teruskan ke PT KIM dan Dinas PU. Perbaikan dijadwalkan minggu depan.",
    )
    closed.refresh_from_db()
    services.reply_create(
        submission=closed,
        by=daniel,
        body="Saya juga melewati jalan itu setiap hari. Terima kasih sudah ditindaklanjuti.",
    )
    services.answer_rate(submission=closed, by=siti, verdict="puas")
    services.submission_close(submission=closed, by=siti)
    _answered_after(closed, days=2)

    # Answered, not satisfied: the submitter asked for follow-up once, and it was answered again.
    appealed = _submit(
        forums["industri-medan"],
        siti,
        "Saluran drainase Jalan Yos Sudarso tersumbat",
        "Setiap hujan deras, air meluap ke jalan di depan pergudangan. Truk tidak bisa masuk.",
        kind="pengaduan",
        regency=medan,
    )
    services.submission_verify(submission=appealed, by=secretariat)
    services.submission_forward(submission=appealed, by=secretariat, agency=disperindag)
    services.submission_answer(
        submission=appealed,
        by=maya,
        body="Laporan sudah kami sampaikan kepada Dinas Sumber Daya Air Kota Medan.",
    )
    appealed.refresh_from_db()
    services.answer_rate(
        submission=appealed,
        by=siti,
        verdict="tidak_puas",
        reason="Jawaban hanya meneruskan; tidak ada jadwal pembersihan saluran.",
    )
    services.submission_appeal(
        submission=appealed,
        by=siti,
        reason="Jawaban hanya meneruskan; tidak ada jadwal pembersihan saluran.",
    )
    appealed.refresh_from_db()
    services.submission_answer(
        submission=appealed,
        by=maya,
        body="Pembersihan saluran dijadwalkan Senin depan bersama Dinas SDA dan pengelola kawasan.",
    )
    _answered_after(appealed, days=4)

    # Answered, waiting for the resident.
    answered = _submit(
        forums["vokasi-sumut"],
        daniel,
        "Kuota pelatihan las untuk perempuan",
        "Apakah ada kuota khusus bagi perempuan pada pelatihan juru las BLK tahun depan?",
        kind="informasi",
        regency=medan,
    )
    services.submission_verify(submission=answered, by=secretariat)
    services.submission_forward(submission=answered, by=secretariat, agency=disnaker)
    services.submission_answer(
        submission=answered,
        by=blk,
        body="Ya, 30% kursi angkatan 2027 kami sediakan bagi peserta perempuan.",
    )
    _answered_after(answered, days=9)  # after its deadline: answered late

    # Forwarded and overdue.
    overdue = _submit(
        forums["umkm-dairi"],
        siti,
        "Bantuan mesin sangrai kopi untuk kelompok tani Sidikalang",
        "Kelompok tani kami butuh mesin sangrai agar bisa menjual kopi bubuk, bukan biji mentah.",
        regency=dairi,
    )
    services.submission_verify(submission=overdue, by=secretariat)
    services.submission_forward(submission=overdue, by=secretariat, agency=disperindag)
    past = timezone.now() - timedelta(days=12)
    Submission.objects.filter(pk=overdue.pk).update(
        created_at=past,
        received_at=past,
        forwarded_at=past + timedelta(days=1),
        answer_due=past + timedelta(days=8),
    )
    # The deadline moved behind the services' back: its reminders follow it (the one for the
    # passed deadline goes out at the next scan, late rather than never).
    reminders.sync_submission(Submission.objects.get(pk=overdue.pk))

    # Being followed up; anonymous.
    follow_up = _submit(
        forums["sawit-simalungun"],
        daniel,
        "Limbah cair pabrik sawit mengalir ke sungai",
        "Air sungai di dekat kawasan berwarna gelap dan berbau setiap malam.",
        kind="pengaduan",
        privacy="anonim",
        regency=simalungun,
    )
    services.submission_verify(submission=follow_up, by=secretariat)
    services.submission_forward(submission=follow_up, by=secretariat, agency=disperindag)
    services.submission_follow_up(submission=follow_up, by=maya)

    # Confidential, verified and waiting to be forwarded.
    confidential = _submit(
        forums["industri-medan"],
        siti,
        "Dugaan pungutan liar pada izin usaha",
        "Saya diminta membayar di luar ketentuan saat mengurus izin. Saya punya bukti percakapan.",
        kind="pengaduan",
        privacy="rahasia",
        regency=medan,
    )
    services.submission_verify(submission=confidential, by=secretariat)

    # Received, not verified yet; rejected; and one from a guest held for review.
    _submit(
        forums["vokasi-sumut"],
        daniel,
        "Jadwal bimtek digital untuk UMKM di Binjai",
        "Mohon diadakan bimtek pemasaran digital di Binjai juga.",
        regency=Regency.objects.get(code="12.75"),
    )
    rejected = _submit(
        forums["industri-medan"],
        siti,
        "Promo jasa renovasi rumah",
        "Hubungi kami untuk renovasi murah.",
        regency=medan,
    )
    services.submission_reject(
        submission=rejected,
        by=secretariat,
        reason="Bukan masukan tentang kemitraan industri.",
    )
    guest = services.submission_create(
        forum=forums["umkm-dairi"],
        kind="aspirasi",
        title="Pelatihan kemasan untuk produk andaliman",
        body="Produk andaliman kami perlu kemasan yang tahan lama untuk dijual ke luar daerah.",
        privacy="public",
        name="Marta Sinaga",
        email="marta@contoh.test",
        regency=dairi,
    )
    # The link in the confirmation e-mail, as Marta opens it.
    confirmation = OutboundEmail.objects.filter(kind="forums.confirm", object_id=str(guest.pk))
    token = re.search(r"/konfirmasi/([^/\s]+)/", confirmation.latest("pk").body).group(1)
    services.submission_confirm_email(token=token)

    for item in (closed, answered):
        item.refresh_from_db()
    services.support_add(submission=closed, user=daniel)
    services.support_add(submission=answered, user=siti)

    start = timezone.localtime() + timedelta(days=9)
    start = start.replace(hour=9, minute=0, second=0, microsecond=0)
    meeting = Meeting.objects.create(
        forum=forums["umkm-dairi"],
        title="Diskusi publik: hilirisasi kopi Dairi",
        agenda="1. Paparan Disperindag\n2. Pengalaman kelompok tani\n3. Tanya jawab",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Aula Kantor Bupati Dairi, Sidikalang",
        created_by=secretariat,
    )
    services.rsvp_toggle(meeting=meeting, user=siti)
    if stdout is not None:
        stdout.write(f"  created {Submission.objects.count()} demo submissions")


def _answered_after(submission, *, days):
    """The demo makes a submission's whole path in milliseconds; a real answer takes days. Move
    what happened before its first official answer back by `days`, its deadlines with it, so the
    answer came `days` after forwarding (and, past five working days, late)."""
    first_answer = submission.replies.filter(kind="answer").order_by("created_at", "pk").first()
    before = first_answer.created_at
    earlier = timedelta(days=days)
    submission.events.filter(at__lt=before).update(at=F("at") - earlier)
    moved = {
        name: F(name) - earlier
        for name in ("created_at", "received_at", "verify_due", "forwarded_at", "answer_due")
        if getattr(submission, name) is not None
    }
    Submission.objects.filter(pk=submission.pk).update(**moved)
    reminders.sync_submission(Submission.objects.get(pk=submission.pk))
