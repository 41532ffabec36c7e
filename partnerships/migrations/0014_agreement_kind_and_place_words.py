"""An agreement is found by the words its results show: its kind's names and abbreviations
("KB", "Kesepakatan Bersama", "MoU", "Nota Kesepahaman"; "PKS", "Perjanjian Kerja Sama", "MoA"
...) and its kind of cooperation's ("KSDPK", "Daerah dengan pihak ketiga"), and the regencies
it is located in with their other spellings ("Deliserdang"), all below the title (B). A
location added or removed, or a regency renamed, recomputes the agreements concerned; every
agreement's vector is recomputed when this is applied."""

from importlib import import_module

from django.db import migrations

from core.searchvectors import KeepSearchVector

# The Indonesian labels the pages show (locale/id), the abbreviations and what they stand for
# (core.glossary), frozen here as a migration's data is: every kind and cooperation kind of
# partnerships.enums has its words (tests/partnerships/test_search_words.py checks).
KIND_WORDS = {
    "kb": "KB Kesepakatan Bersama MoU Nota Kesepahaman Memorandum of Understanding",
    "nk": "NK Nota Kesepakatan",
    "pks": "PKS Perjanjian Kerja Sama MoA Memorandum of Agreement",
    "adendum": "Adendum Addendum",
}
COOPERATION_WORDS = {
    "ksdd": "KSDD Antardaerah Kerja Sama Daerah dengan Daerah",
    "ksdpk": "KSDPK Daerah dengan pihak ketiga",
    "sinergi": "Sinergi Dengan pemerintah pusat",
    "ksdpl": "KSDPL Dengan lembaga luar negeri",
    "agencies": "Antarinstansi",
}


def words_of(column, words):
    cases = " ".join(f"WHEN '{value}' THEN '{text}'" for value, text in words.items())
    return f"(CASE {column} {cases} END)"


# A code's pieces as words too ("SM-2026-7K3MQX" also as sm, 2026, 7k3mqx): the parser reads
# "-2026" as a signed number, which no typed word matches.
CODE = "replace({}, '-', ' ')"
# A document number's pieces: every run of letters and digits ("B-12/UN5.1.R/2026": b 12 un5
# 1 r 2026), as core.fulltext reads a query's words.
PIECES = "regexp_replace({}, '[^[:alnum:]]+', ' ', 'g')"
LOCATIONS = (
    "(SELECT string_agg(concat_ws(' ', g.name, array_to_string(g.alternative_names, ' ')), ' ')"
    " FROM partnerships_agreement_locations l JOIN agencies_regency g ON g.id = l.regency_id"
    " WHERE l.agreement_id = r.id)"
)

VECTOR = KeepSearchVector(
    table="partnerships_agreement",
    weights={
        "A": [
            "r.title",
            "r.reference",
            CODE.format("r.reference"),
            "(SELECT string_agg({}, ' ') FROM partnerships_party p"
            " WHERE p.agreement_id = r.id)".format(PIECES.format("p.document_number")),
        ],
        "B": [
            "(SELECT string_agg(concat_ws(' ', g.name, g.acronym), ' ')"
            " FROM partnerships_party p JOIN agencies_agency g ON g.id = p.agency_id"
            " WHERE p.agreement_id = r.id)",
            words_of("r.kind", KIND_WORDS),
            words_of("r.cooperation_kind", COOPERATION_WORDS),
            LOCATIONS,
        ],
        "C": ["r.background", "r.purpose", "r.scope", "r.benefits"],
    },
    watch=[
        "title",
        "reference",
        "kind",
        "cooperation_kind",
        "background",
        "purpose",
        "scope",
        "benefits",
    ],
    depends=[
        (
            "partnerships_party",
            "agreement_id",
            ["agreement_id", "agency_id", "document_number"],
        ),
        (
            "agencies_agency",
            "SELECT p.agreement_id FROM partnerships_party p WHERE p.agency_id = {row}.id",
            ["name", "acronym"],
        ),
        ("partnerships_agreement_locations", "agreement_id", ["agreement_id", "regency_id"]),
        (
            "agencies_regency",
            "SELECT l.agreement_id FROM partnerships_agreement_locations l"
            " WHERE l.regency_id = {row}.id",
            ["name", "alternative_names"],
        ),
    ],
)

PREVIOUS = import_module("partnerships.migrations.0012_party_number_words").VECTOR


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_api_updated_at"),
        ("partnerships", "0013_api_updated_at"),
    ]

    # As SQL both ways, as 0012: undone, the vector is 0012's again.
    operations = [migrations.RunSQL(VECTOR.create_sql(), reverse_sql=VECTOR.revert_sql(PREVIOUS))]
