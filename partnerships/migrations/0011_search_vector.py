"""An agreement's stored search vector (core.searchvectors): title, reference and the parties'
document numbers (A); the parties' names and acronyms (B); background, purpose, scope and
benefits (C). A party added, changed or removed, or a party's agency renamed, recomputes the
agreements concerned."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from core.searchvectors import KeepSearchVector

# A code's pieces as words too ("SM-2026-7K3MQX" also as sm, 2026, 7k3mqx): the parser reads
# "-2026" as a signed number, which no typed word matches.
CODE = "replace({}, '-', ' ')"


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0010_monev_status_period_index"),
        ("agencies", "0005_search_vector"),
        ("core", "0005_search_configuration"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search words"
            ),
        ),
        KeepSearchVector(
            table="partnerships_agreement",
            weights={
                "A": [
                    "r.title",
                    "r.reference",
                    CODE.format("r.reference"),
                    "(SELECT string_agg(p.document_number, ' ') FROM partnerships_party p"
                    " WHERE p.agreement_id = r.id)",
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
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="agreement_search_vector"
            ),
        ),
    ]
