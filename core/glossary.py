"""The abbreviations and terms of regional cooperation that residents and new staff meet on the
pages (KSDPK, PKS, TKKSD, JP ...): what each stands for and what it means. The glossary page
lists them; the `abbreviations` filter (core/templatetags/glossary.py) gives each abbreviation
in a text its definition on hover and to screen readers."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    term: str
    stands_for: str  # the words behind an abbreviation, as Indonesian writes them ("" if none)
    meaning: object  # lazy text


TERMS = [
    Term("KB", "Kesepakatan Bersama", _("The umbrella agreement between parties (an MoU).")),
    Term(
        "MoU",
        "Memorandum of Understanding",
        _("Another name for a Kesepakatan Bersama: the umbrella agreement."),
    ),
    Term(
        "NK",
        "Nota Kesepakatan",
        _("An agreement with central government (Sinergi), with a work plan annexed."),
    ),
    Term(
        "PKS",
        "Perjanjian Kerja Sama",
        _(
            "The implementing agreement under a KB/MoU: who does what, when and with which money "
            "(also called MoA)."
        ),
    ),
    Term("MoA", "Memorandum of Agreement", _("Another name for a Perjanjian Kerja Sama.")),
    Term("KSDD", "Kerja Sama Daerah dengan Daerah", _("Cooperation of a region with a region.")),
    Term(
        "KSDPK",
        "Kerja Sama Daerah dengan Pihak Ketiga",
        _(
            "Cooperation of a region with a third party: a business, a BUMN/BUMD, an NGO or a "
            "university."
        ),
    ),
    Term(
        "KSDPL",
        "Kerja Sama Daerah dengan Pihak Luar Negeri",
        _("Cooperation of a region with foreign bodies; it needs DPRD and central approval."),
    ),
    Term(
        "TKKSD",
        "Tim Koordinasi Kerja Sama Daerah",
        _("The regional coordination team that deliberates a proposed agreement."),
    ),
    Term(
        "KAK",
        "Kerangka Acuan Kerja",
        _("Terms of reference: the document that explains what a proposed agreement is for."),
    ),
    Term(
        "Monev",
        "Monitoring dan Evaluasi",
        _(
            "The report on an agreement in force, at least twice a year: activities, results in "
            "numbers, obstacles and follow-up."
        ),
    ),
    Term("APBD", "Anggaran Pendapatan dan Belanja Daerah", _("The regional budget.")),
    Term("APBN", "Anggaran Pendapatan dan Belanja Negara", _("The state budget.")),
    Term(
        "CSR",
        "Corporate Social Responsibility",
        _("A company's funds for social programmes (tanggung jawab sosial perusahaan)."),
    ),
    Term("BUMN", "Badan Usaha Milik Negara", _("A state-owned enterprise.")),
    Term("BUMD", "Badan Usaha Milik Daerah", _("A region-owned enterprise.")),
    Term(
        "OPD", "Organisasi Perangkat Daerah", _("A unit of regional government (a dinas, badan).")
    ),
    Term("DUDI", "Dunia Usaha dan Dunia Industri", _("Business and industry.")),
    Term("IKM", "Industri Kecil dan Menengah", _("Small and medium industry.")),
    Term("UMKM", "Usaha Mikro, Kecil, dan Menengah", _("Micro, small and medium enterprises.")),
    Term(
        "Bimtek",
        "Bimbingan Teknis",
        _("Technical guidance: a practical training for staff or business owners."),
    ),
    Term(
        "JP",
        "Jam Pelajaran",
        _("A lesson hour of 45 minutes, the unit in which training certificates count hours."),
    ),
    Term("BLK", "Balai Latihan Kerja", _("A vocational training centre.")),
    Term(
        "DPRD",
        "Dewan Perwakilan Rakyat Daerah",
        _("The regional parliament."),
    ),
    Term(
        "Aspirasi",
        "",
        _("A suggestion or wish that a resident sends to the government through the forum."),
    ),
    Term(
        "Pengaduan",
        "",
        _("A complaint about a problem that a resident wants the government to act on."),
    ),
    Term(
        "Anonim",
        "",
        _(
            "Published without the sender's name: only the secretariat and the sender know who "
            "sent it."
        ),
    ),
    Term(
        "Rahasia",
        "",
        _(
            "Confidential: never published; only the secretariat and the agency that must answer "
            "read it."
        ),
    ),
    Term(
        "Tindak lanjut",
        "",
        _("The follow-up: what an agency does about an input or about a monev report's findings."),
    ),
]
ABBREVIATIONS = {term.term: term for term in TERMS if term.stands_for}
# Whole words only, the longer first, in the case they are written: "PKS" and "(PKS)" count,
# "pks", "KSDPKX" and the "PKS" of a code such as "PKS-2026" do not.
ABBREVIATION = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)) + r")"
    r"(?![\w-])"
)


def definition(term):
    """'Perjanjian Kerja Sama: the implementing agreement ...' for an abbreviation."""
    entry = ABBREVIATIONS[term]
    meaning = str(entry.meaning)
    if meaning.lower().startswith(entry.stands_for.lower()):
        return meaning  # "Kerja sama daerah dengan pihak ketiga: ..." says it already
    return f"{entry.stands_for}: {meaning}"
