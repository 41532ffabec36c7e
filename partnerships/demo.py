"""Demo agreements among the demo agencies, in every stage, for `manage.py seed_demo`."""

import hashlib
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency, Regency, Sector

from . import monev as monev_periods
from . import reminders
from .enums import (
    AgreementKind,
    AgreementStatus,
    DocumentKind,
    MilestoneStatus,
    PartyRole,
    Visibility,
)
from .models import (
    Agreement,
    AgreementTransition,
    Comment,
    Contribution,
    Document,
    DocumentVersion,
    Milestone,
    MonevReport,
    Party,
)

S = AgreementStatus
# The path each final status took, so the history reads like the real thing.
PATHS = {
    S.DRAFT: [S.DRAFT],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
    S.DELIBERATION: [S.DRAFT, S.SUBMITTED, S.VERIFIED, S.DELIBERATION],
    S.SCHEDULED: [S.DRAFT, S.SUBMITTED, S.VERIFIED, S.DELIBERATION, S.SCHEDULED],
    S.IN_FORCE: [
        S.DRAFT,
        S.SUBMITTED,
        S.VERIFIED,
        S.DELIBERATION,
        S.SCHEDULED,
        S.SIGNED,
        S.IN_FORCE,
    ],
    S.REJECTED: [S.DRAFT, S.SUBMITTED, S.REJECTED],
}

# key, title, kind, parent key, status, start offset (days), length (days), parties, sectors
AGREEMENTS = [
    (
        "kb-kim",
        "Kesepakatan Bersama Pengembangan Industri di Kawasan Industri Medan",
        AgreementKind.KB,
        None,
        S.IN_FORCE,
        -400,
        5 * 365,
        [("disperindag-sumut", PartyRole.FIRST), ("kim", PartyRole.SECOND)],
        ["perindustrian", "penanaman-modal"],
    ),
    (
        "pks-kim-ikm",
        "PKS Pembinaan IKM Penyewa Kawasan Industri Medan",
        AgreementKind.PKS,
        "kb-kim",
        S.IN_FORCE,
        -200,
        2 * 365,
        [("disperindag-sumut", PartyRole.FIRST), ("kim", PartyRole.SECOND)],
        ["perindustrian"],
    ),
    (
        "pks-kim-promosi",
        "PKS Promosi Investasi Kawasan Industri Medan",
        AgreementKind.PKS,
        "kb-kim",
        S.DELIBERATION,
        30,
        2 * 365,
        [
            ("disperindag-sumut", PartyRole.FIRST),
            ("kim", PartyRole.SECOND),
            ("dpmptsp-sumut", PartyRole.THIRD),
        ],
        ["penanaman-modal"],
    ),
    (
        "pks-vokasi",
        "PKS Pelatihan Vokasi Juru Las untuk Industri",
        AgreementKind.PKS,
        None,
        S.IN_FORCE,  # the welding certification carries it out (trainings/demo.py)
        -90,
        3 * 365,
        [
            ("disnaker-sumut", PartyRole.FIRST),
            ("bbpvp-medan", PartyRole.SECOND),
            ("kadin-sumut", PartyRole.THIRD),
        ],
        ["tenaga-kerja"],
    ),
    (
        "pks-unimed-magang",
        "PKS Magang Mahasiswa Vokasi Unimed di Kawasan Industri Medan",
        AgreementKind.PKS,
        "kb-kim",
        S.SCHEDULED,
        45,
        2 * 365,
        [("kim", PartyRole.FIRST), ("unimed", PartyRole.SECOND)],
        ["pendidikan-riset", "tenaga-kerja"],
    ),
    (
        "kb-usu",
        "Kesepakatan Bersama Riset Hilirisasi Sawit dan Karet",
        AgreementKind.KB,
        None,
        S.IN_FORCE,
        -5 * 365 + 30,
        5 * 365,
        [("disperindag-sumut", PartyRole.FIRST), ("usu", PartyRole.SECOND)],
        ["pendidikan-riset", "pertanian-perkebunan"],
    ),
    (
        "legacy-sei-mangkei",
        "Kerja Sama Pengembangan KEK Sei Mangkei (2021)",
        AgreementKind.KB,
        None,
        S.IN_FORCE,
        -4 * 365,
        5 * 365,
        [("disperindag-sumut", PartyRole.FIRST), ("kek-sei-mangkei", PartyRole.SECOND)],
        ["perindustrian", "pertanian-perkebunan"],
    ),
    (
        "pks-kopi",
        "PKS Kemasan Kopi IKM Dairi",
        AgreementKind.PKS,
        None,
        S.REJECTED,
        20,
        365,
        [("disperindag-sumut", PartyRole.FIRST), ("diskopukm-sumut", PartyRole.SECOND)],
        ["koperasi-ukm"],
    ),
    (
        "draft-unimed",
        "Draf Kerja Sama Magang Mahasiswa Unimed",
        AgreementKind.PKS,
        None,
        S.DRAFT,
        60,
        2 * 365,
        [("unimed", PartyRole.FIRST), ("kadin-sumut", PartyRole.SECOND)],
        ["pendidikan-riset"],
    ),
]

# Where each demo agreement is carried out (Kemendagri codes): Medan unless said. The estate of
# PT Kawasan Industri Medan reaches into Deli Serdang; KEK Sei Mangkei is in Simalungun.
LOCATIONS = {
    "kb-kim": ["12.71", "12.07"],
    "pks-kim-ikm": ["12.71", "12.07"],
    "legacy-sei-mangkei": ["12.08"],
    "pks-kopi": ["12.11"],
}

# A tiny, valid PDF for the demo documents.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _attach(agreement, kind, title, public, user):
    document = Document.objects.create(agreement=agreement, kind=kind, title=title, public=public)
    version = DocumentVersion(
        document=document,
        number=1,
        token=secrets.token_hex(20),
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(DEMO_PDF),
        sha256=hashlib.sha256(DEMO_PDF).hexdigest(),
        uploaded_by=user,
    )
    version.file.save(version.token, ContentFile(DEMO_PDF), save=False)
    version.save()


def seed(*, password, reset_passwords=False, stdout=None):
    _seed(password=password, reset_passwords=reset_passwords, stdout=stdout)
    # The demo rows are written directly: give them their reminders as the services would.
    for agreement in Agreement.objects.all():
        reminders.sync_agreement(agreement)
    for milestone in Milestone.objects.select_related("agreement"):
        reminders.sync_milestone(milestone)


def _seed(*, password, reset_passwords=False, stdout=None):
    secretariat = User.objects.get(email="sekretariat@sumutmitra.test")
    editor = User.objects.get(email="editor.disperindag@sumutmitra.test")
    today = timezone.localdate()
    created = {}
    for key, title, kind, parent, status, offset, length, parties, sectors in AGREEMENTS:
        existing = Agreement.objects.filter(title=title).first()
        if existing is not None:
            created[key] = existing
            continue
        start = today + timedelta(days=offset)
        agreement = Agreement(
            title=title,
            kind=kind,
            cooperation_kind="ksdpk",
            parent=created.get(parent),
            status=status,
            start_date=start,
            end_date=start + timedelta(days=length),
            visibility=Visibility.PUBLIC,
            legacy=key.startswith("legacy"),
            created_by=editor,
            reference=f"tmp-{secrets.token_hex(6)}",
            purpose="Meningkatkan daya saing industri di Sumatera Utara.",
            scope="Pelatihan, pendampingan, promosi, dan berbagi data.",
        )
        if status == S.SCHEDULED:
            agreement.signing_date = timezone.now() + timedelta(days=14)
            agreement.signing_place = "Kantor Gubernur Sumatera Utara, Medan"
            agreement.signing_mode = "ceremony"
        if status == S.IN_FORCE:
            agreement.signed_on = start
            agreement.checked_initials = agreement.checked_duty_stamp = True
            agreement.checked_seal = True
        agreement.save()
        agreement.reference = f"KS-{agreement.created_at:%Y}-{agreement.pk:05d}"
        agreement.save(update_fields=["reference"])
        agreement.sectors.set(Sector.objects.filter(slug__in=sectors))
        agreement.locations.set(Regency.objects.filter(code__in=LOCATIONS.get(key, ["12.71"])))
        for slug, role in parties:
            agency = Agency.objects.get(slug=slug)
            Party.objects.create(
                agreement=agreement,
                agency=agency,
                role=role,
                signatory_name=f"Kepala {agency.acronym or agency.name}",
                pic_name="Staf Kerja Sama",
                pic_email="kerjasama@contoh.id",
                pic_phone="061-0000000",
            )
        path = [S.IN_FORCE] if agreement.legacy else PATHS[status]
        previous = ""
        for step in path:
            note = "Dokumen belum lengkap." if step == S.REJECTED else ""
            actor = editor if step in (S.DRAFT, S.SUBMITTED) else secretariat
            AgreementTransition.objects.create(
                agreement=agreement, from_status=previous, to_status=step, actor=actor, note=note
            )
            previous = step
        if status != S.DRAFT:
            _attach(agreement, DocumentKind.TOR, "Kerangka Acuan Kerja", False, editor)
        if status == S.IN_FORCE:
            _attach(agreement, DocumentKind.SIGNED, "Naskah yang ditandatangani", True, secretariat)
        if status == S.IN_FORCE and not agreement.legacy:
            _implementation(agreement, editor, secretariat, today)
        created[key] = agreement
        if stdout is not None:
            stdout.write(f"  created agreement {agreement.reference} ({status})")


def _implementation(agreement, editor, secretariat, today):
    """Milestones, financing, a monev report and a comment, as a running agreement has."""
    first = agreement.parties.order_by("role", "pk").first()
    Milestone.objects.create(
        agreement=agreement,
        title="Pelatihan angkatan pertama",
        responsible=first,
        due_date=today - timedelta(days=60),
        status=MilestoneStatus.DONE,
        completed_on=today - timedelta(days=65),
    )
    Milestone.objects.create(
        agreement=agreement,
        title="Pameran produk IKM",
        responsible=first,
        due_date=today - timedelta(days=5),
    )
    Milestone.objects.create(
        agreement=agreement,
        title="Rapat koordinasi triwulan",
        responsible=first,
        due_date=today + timedelta(days=10),
    )
    Milestone.objects.create(
        agreement=agreement,
        title="Evaluasi tahun pertama",
        responsible=first,
        due_date=today + timedelta(days=90),
    )
    for party in agreement.parties.all():
        Contribution.objects.create(
            agreement=agreement,
            party=party,
            source="apbd" if party.agency.kind == "opd" else "csr",
            form="cash",
            planned=250_000_000,
            realised=120_000_000,
        )
    year, period, *_bounds = monev_periods.period_of(agreement.start_date, agreement.monev_per_year)
    MonevReport.objects.create(
        agreement=agreement,
        party=first,
        year=year,
        period=period,
        activities="Pelatihan 40 peserta dan pendampingan 12 IKM.",
        jobs_absorbed=25,
        investment_realised=2_000_000_000,
        trainees=40,
        ikm_assisted=12,
        products=4,
        recommendation="expand",
        status="accepted",
        submitted_by=editor,
        reviewed_by=secretariat,
        reviewed_at=timezone.now(),
    )
    Comment.objects.create(
        agreement=agreement,
        author=editor,
        body="Jadwal pameran produk IKM perlu disepakati bulan ini.",
    )
