"""Demo agencies for `manage.py seed_demo`: the real actors of North Sumatra, with staff in each
role, capabilities, and one registration still waiting for the secretariat."""

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.demo import ensure_account
from accounts.models import User

from .enums import AgencyEventKind, AgencyKind, AgencyStatus, CapabilityKind, MemberRole
from .models import Agency, AgencyEvent, Capability, Membership, Regency, Sector
from .rules import SECRETARIAT_GROUP

# slug, name, acronym, kind, regency code, sector slugs, website, description
AGENCIES = [
    (
        "disperindag-sumut",
        "Dinas Perindustrian dan Perdagangan Provinsi Sumatera Utara",
        "Disperindag Sumut",
        AgencyKind.OPD,
        "12.71",
        ["perindustrian", "perdagangan"],
        "https://disperindag.sumutprov.go.id",
        "Membina industri dan perdagangan di Sumatera Utara: IKM, standardisasi, promosi dagang.",
    ),
    (
        "disnaker-sumut",
        "Dinas Ketenagakerjaan Provinsi Sumatera Utara",
        "Disnaker Sumut",
        AgencyKind.OPD,
        "12.71",
        ["tenaga-kerja"],
        "",
        "Ketenagakerjaan, pelatihan kerja melalui UPTD Balai Latihan Kerja (BLK), dan penempatan.",
    ),
    (
        "dpmptsp-sumut",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Sumatera Utara",
        "DPMPTSP Sumut",
        AgencyKind.OPD,
        "12.71",
        ["penanaman-modal"],
        "",
        "Perizinan berusaha dan promosi investasi di Sumatera Utara.",
    ),
    (
        "diskopukm-sumut",
        "Dinas Koperasi dan UKM Provinsi Sumatera Utara",
        "Dinas Koperasi UKM",
        AgencyKind.OPD,
        "12.71",
        ["koperasi-ukm"],
        "",
        "Pembinaan koperasi dan usaha mikro, kecil, dan menengah.",
    ),
    (
        "bbpvp-medan",
        "Balai Besar Pelatihan Vokasi dan Produktivitas Medan",
        "BBPVP Medan",
        AgencyKind.VERTICAL,
        "12.71",
        ["tenaga-kerja", "perindustrian"],
        "",
        "Pelatihan vokasi berbasis kompetensi: las, listrik, otomotif, teknologi informasi.",
    ),
    (
        "kim",
        "PT Kawasan Industri Medan (Persero)",
        "KIM",
        AgencyKind.SOE,
        "12.71",
        ["perindustrian", "penanaman-modal"],
        "https://www.kim.co.id",
        "Pengelola kawasan industri di Medan dengan sekitar 600 perusahaan penyewa.",
    ),
    (
        "kek-sei-mangkei",
        "PT Kawasan Industri Nusantara (KEK Sei Mangkei)",
        "KEK Sei Mangkei",
        AgencyKind.SOE,
        "12.08",
        ["perindustrian", "pertanian-perkebunan"],
        "",
        "Kawasan Ekonomi Khusus untuk hilirisasi kelapa sawit dan karet, "
        "dikelola bersama PTPN III.",
    ),
    (
        "kadin-sumut",
        "Kamar Dagang dan Industri Sumatera Utara",
        "Kadin Sumut",
        AgencyKind.ASSOCIATION,
        "12.71",
        ["perdagangan", "perindustrian"],
        "",
        "Wadah dunia usaha Sumatera Utara.",
    ),
    (
        "usu",
        "Universitas Sumatera Utara",
        "USU",
        AgencyKind.UNIVERSITY,
        "12.71",
        ["pendidikan-riset", "pertanian-perkebunan"],
        "https://www.usu.ac.id",
        "Perguruan tinggi negeri dengan riset kelapa sawit, karet, dan industri pangan.",
    ),
    (
        "unimed",
        "Universitas Negeri Medan",
        "Unimed",
        AgencyKind.UNIVERSITY,
        "12.71",
        ["pendidikan-riset"],
        "https://www.unimed.ac.id",
        "Perguruan tinggi negeri di Medan.",
    ),
]

CAPABILITIES = [
    (
        "disnaker-sumut",
        "Bengkel las UPTD BLK Medan (20 stasiun)",
        CapabilityKind.FACILITY,
        "tenaga-kerja",
        "Bengkel las listrik (SMAW) dan MIG untuk pelatihan bersama; "
        "welding workshop that partners "
        "can book for joint trainings.",
    ),
    (
        "bbpvp-medan",
        "Pelatihan juru las bersertifikat",
        CapabilityKind.PROGRAMME,
        "tenaga-kerja",
        "Program pelatihan dan sertifikasi juru las (welder) untuk pencari kerja "
        "dan pekerja industri.",
    ),
    (
        "usu",
        "Laboratorium uji mutu CPO",
        CapabilityKind.FACILITY,
        "pertanian-perkebunan",
        "Pengujian mutu minyak sawit mentah (CPO quality testing): asam lemak bebas, "
        "kadar air, DOBI.",
    ),
    (
        "usu",
        "Pendampingan riset hilirisasi karet",
        CapabilityKind.EXPERTISE,
        "pendidikan-riset",
        "Peneliti dan mahasiswa untuk riset terapan produk turunan karet alam.",
    ),
    (
        "kim",
        "Lahan dan gudang siap pakai",
        CapabilityKind.RESOURCE,
        "perindustrian",
        "Kavling industri dan gudang di Kawasan Industri Medan untuk IKM mitra.",
    ),
    (
        "disperindag-sumut",
        "Klinik desain kemasan IKM",
        CapabilityKind.PROGRAMME,
        "perindustrian",
        "Pendampingan desain kemasan dan merek untuk IKM kopi, ulos, dan kerajinan rotan.",
    ),
]

# e-mail, name, language, agency slug, role
STAFF = [
    ("disperindag@sumutmitra.test", "Maya Lubis", "id", "disperindag-sumut", MemberRole.ADMIN),
    (
        "editor.disperindag@sumutmitra.test",
        "Fajar Sitompul",
        "id",
        "disperindag-sumut",
        MemberRole.EDITOR,
    ),
    (
        "viewer.disperindag@sumutmitra.test",
        "Lestari Ginting",
        "id",
        "disperindag-sumut",
        MemberRole.VIEWER,
    ),
    ("usu@sumutmitra.test", "Dr. Andi Nasution", "id", "usu", MemberRole.ADMIN),
    ("blk@sumutmitra.test", "Hendra Purba", "id", "disnaker-sumut", MemberRole.ADMIN),
    ("kim@sumutmitra.test", "Grace Simatupang", "en", "kim", MemberRole.ADMIN),
]

PENDING = (
    "cv-rotan-binjai",
    "CV Rotan Binjai Kreatif",
    AgencyKind.PRIVATE,
    "12.75",
    ["pariwisata-ekraf"],
    "rotan@sumutmitra.test",
    "Yusuf Tarigan",
)


def seed(*, password, reset_passwords=False, stdout=None):
    secretariat = User.objects.get(email="sekretariat@sumutmitra.test")
    secretariat.groups.add(Group.objects.get(name=SECRETARIAT_GROUP))
    regencies = {regency.code: regency for regency in Regency.objects.all()}
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    now = timezone.now()

    for slug, name, acronym, kind, regency, sector_slugs, website, description in AGENCIES:
        agency, created = Agency.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "acronym": acronym,
                "kind": kind,
                "regency": regencies[regency],
                "website": website,
                "description": description,
                "status": AgencyStatus.VERIFIED,
                "status_changed_by": secretariat,
                "status_changed_at": now,
            },
        )
        if created:
            agency.sectors.set([sectors[s] for s in sector_slugs])
            AgencyEvent.objects.create(
                agency=agency,
                kind=AgencyEventKind.STATUS_CHANGED,
                actor=secretariat,
                from_status=AgencyStatus.PENDING,
                to_status=AgencyStatus.VERIFIED,
            )
        if stdout is not None:
            stdout.write(f"  {'created' if created else 'kept   '} agency {agency.acronym}")

    for slug, title, kind, sector, description in CAPABILITIES:
        Capability.objects.get_or_create(
            agency=Agency.objects.get(slug=slug),
            title=title,
            defaults={"kind": kind, "sector": sectors[sector], "description": description},
        )

    for email, full_name, language, slug, role in STAFF:
        user = ensure_account(
            email,
            full_name,
            language,
            password=password,
            reset_passwords=reset_passwords,
            stdout=stdout,
        )
        Membership.objects.get_or_create(
            user=user, agency=Agency.objects.get(slug=slug), defaults={"role": role}
        )

    slug, name, kind, regency, sector_slugs, email, full_name = PENDING
    registrant = ensure_account(
        email, full_name, "id", password=password, reset_passwords=reset_passwords, stdout=stdout
    )
    agency, created = Agency.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": kind,
            "regency": regencies[regency],
            "registered_by": registrant,
            "status_changed_by": registrant,
            "description": "Kerajinan rotan dan anyaman dari Binjai.",
        },
    )
    if created:
        agency.sectors.set([sectors[s] for s in sector_slugs])
        AgencyEvent.objects.create(
            agency=agency,
            kind=AgencyEventKind.REGISTERED,
            actor=registrant,
            to_status=AgencyStatus.PENDING,
        )
    Membership.objects.get_or_create(
        user=registrant, agency=agency, defaults={"role": MemberRole.ADMIN}
    )
