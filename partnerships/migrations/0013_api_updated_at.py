from django.db import migrations, models

from core.updatedat import KeepUpdatedAt


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0005_search_vector"),
        ("partnerships", "0012_party_number_words"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["updated_at"], name="partnerships_agreement_updated"),
        ),
        # What the API shows of an agreement besides its own columns: its parties (and their
        # agencies' names), sectors and regencies.
        KeepUpdatedAt(
            table="partnerships_agreement",
            depends=[
                (
                    "partnerships_party",
                    "agreement_id",
                    ["agreement_id", "agency_id", "role", "document_number"],
                ),
                ("partnerships_agreement_sectors", "agreement_id"),
                ("partnerships_agreement_locations", "agreement_id"),
                (
                    "agencies_agency",
                    "SELECT p.agreement_id FROM partnerships_party p WHERE p.agency_id = {row}.id",
                    ["name", "acronym"],
                ),
            ],
        ),
    ]
