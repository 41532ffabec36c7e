"""A training's stored search vector (core.searchvectors): title and reference (A); the
organisers' names and acronyms, the venue and regency, the speakers (B); the description (C).
An organiser or speaker added, changed or removed, an organiser renamed or a regency renamed
recomputes the trainings concerned."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from core.searchvectors import KeepSearchVector

# A code's pieces as words too ("SM-2026-7K3MQX" also as sm, 2026, 7k3mqx): the parser reads
# "-2026" as a signed number, which no typed word matches.
CODE = "replace({}, '-', ' ')"


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0007_training_title_trgm"),
        ("agencies", "0005_search_vector"),
        ("core", "0005_search_configuration"),
    ]

    operations = [
        migrations.AddField(
            model_name="training",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search words"
            ),
        ),
        KeepSearchVector(
            table="trainings_training",
            weights={
                "A": ["r.title", "r.reference", CODE.format("r.reference")],
                "B": [
                    "(SELECT string_agg(concat_ws(' ', g.name, g.acronym), ' ')"
                    " FROM trainings_organiser o JOIN agencies_agency g ON g.id = o.agency_id"
                    " WHERE o.training_id = r.id)",
                    "r.venue",
                    "(SELECT g.name FROM agencies_regency g WHERE g.id = r.regency_id)",
                    "(SELECT string_agg(concat_ws(' ', s.name, s.affiliation, s.topic), ' ')"
                    " FROM trainings_speaker s WHERE s.training_id = r.id)",
                ],
                "C": ["r.description"],
            },
            watch=["title", "reference", "venue", "regency_id", "description"],
            depends=[
                ("trainings_organiser", "training_id", ["training_id", "agency_id"]),
                (
                    "agencies_agency",
                    "SELECT o.training_id FROM trainings_organiser o WHERE o.agency_id = {row}.id",
                    ["name", "acronym"],
                ),
                (
                    "trainings_speaker",
                    "training_id",
                    ["training_id", "name", "affiliation", "topic"],
                ),
                (
                    "agencies_regency",
                    "SELECT t.id FROM trainings_training t WHERE t.regency_id = {row}.id",
                    ["name"],
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="training",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="training_search_vector"
            ),
        ),
    ]
