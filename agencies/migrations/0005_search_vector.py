"""An agency's stored search vector (core.searchvectors): its name and acronym (A); what it
offers partners and where it is, with the regency's other spellings (B); its description and
its capabilities' descriptions (C). A capability added, changed or removed, or a regency
renamed, recomputes the agencies concerned."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from core.searchvectors import KeepSearchVector

CAPABILITIES = "(SELECT string_agg(c.{}, ' ') FROM agencies_capability c WHERE c.agency_id = r.id)"


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_field_labels"),
        ("core", "0005_search_configuration"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search words"
            ),
        ),
        KeepSearchVector(
            table="agencies_agency",
            weights={
                "A": ["r.name", "r.acronym"],
                "B": [
                    CAPABILITIES.format("title"),
                    "(SELECT concat_ws(' ', g.name, array_to_string(g.alternative_names, ' '))"
                    " FROM agencies_regency g WHERE g.id = r.regency_id)",
                ],
                "C": ["r.description", CAPABILITIES.format("description")],
            },
            watch=["name", "acronym", "description", "regency_id"],
            depends=[
                ("agencies_capability", "agency_id", ["agency_id", "title", "description"]),
                (
                    "agencies_regency",
                    "SELECT a.id FROM agencies_agency a WHERE a.regency_id = {row}.id",
                    ["name", "alternative_names"],
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="agency",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="agency_search_vector"
            ),
        ),
    ]
