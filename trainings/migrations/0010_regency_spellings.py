"""A training is found by its regency's other spellings too ("Deliserdang", "Labuhan Batu"),
as an agency is: the regency's alternative names join its name (B). A regency's alternative
names changed recompute its trainings; every training's vector is recomputed when this is
applied."""

from importlib import import_module

from django.db import migrations

from core.searchvectors import KeepSearchVector

PREVIOUS = import_module("trainings.migrations.0008_search_vector").Migration.operations[1]

# A code's pieces as words too ("SM-2026-7K3MQX" also as sm, 2026, 7k3mqx): the parser reads
# "-2026" as a signed number, which no typed word matches.
CODE = "replace({}, '-', ' ')"

VECTOR = KeepSearchVector(
    table="trainings_training",
    weights={
        "A": ["r.title", "r.reference", CODE.format("r.reference")],
        "B": [
            "(SELECT string_agg(concat_ws(' ', g.name, g.acronym), ' ')"
            " FROM trainings_organiser o JOIN agencies_agency g ON g.id = o.agency_id"
            " WHERE o.training_id = r.id)",
            "r.venue",
            "(SELECT concat_ws(' ', g.name, array_to_string(g.alternative_names, ' '))"
            " FROM agencies_regency g WHERE g.id = r.regency_id)",
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
        ("trainings_speaker", "training_id", ["training_id", "name", "affiliation", "topic"]),
        (
            "agencies_regency",
            "SELECT t.id FROM trainings_training t WHERE t.regency_id = {row}.id",
            ["name", "alternative_names"],
        ),
    ],
)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_api_updated_at"),
        ("trainings", "0009_api_updated_at"),
    ]

    # As SQL both ways: undone, the vector is 0008's again.
    operations = [migrations.RunSQL(VECTOR.create_sql(), reverse_sql=VECTOR.revert_sql(PREVIOUS))]
