"""A party's own document number as words in the agreement's search vector: the parser read
"119/1234/DISPERINDAG/2026" as one file path, which no typed words match, so the number's
pieces ("119", "1234", "disperindag", "2026") are its words now, as a search reads them. An
index answers the jump by a whole number, typed in any case."""

from importlib import import_module

import django.db.models.functions.text
from django.db import migrations, models

from core.searchvectors import KeepSearchVector

# A code's pieces as words too ("SM-2026-7K3MQX" also as sm, 2026, 7k3mqx): the parser reads
# "-2026" as a signed number, which no typed word matches.
CODE = "replace({}, '-', ' ')"
# A document number's pieces: every run of letters and digits ("B-12/UN5.1.R/2026": b 12 un5
# 1 r 2026), as core.fulltext reads a query's words.
PIECES = "regexp_replace({}, '[^[:alnum:]]+', ' ', 'g')"


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
        ],
        "C": ["r.background", "r.purpose", "r.scope", "r.benefits"],
    },
    watch=["title", "reference", "background", "purpose", "scope", "benefits"],
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
    ],
)

PREVIOUS = import_module("partnerships.migrations.0011_search_vector").Migration.operations[1]


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0005_search_vector"),
        ("partnerships", "0011_search_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="party",
            index=models.Index(
                django.db.models.functions.text.Upper("document_number"),
                name="party_document_number_upper",
            ),
        ),
        # As SQL both ways: undone, the vector is 0011's again (KeepSearchVector's own reverse
        # would drop it).
        migrations.RunSQL(VECTOR.create_sql(), reverse_sql=PREVIOUS.create_sql()),
    ]
