from django.db import migrations, models

from core.updatedat import KeepUpdatedAt


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_api_updated_at"),
        ("trainings", "0008_search_vector"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="training",
            index=models.Index(fields=["updated_at"], name="trainings_training_updated"),
        ),
        # What the API shows of a training besides its own columns: its organisers (and their
        # agencies' names) and sessions.
        KeepUpdatedAt(
            table="trainings_training",
            depends=[
                ("trainings_organiser", "training_id"),
                ("trainings_trainingsession", "training_id"),
                (
                    "agencies_agency",
                    "SELECT o.training_id FROM trainings_organiser o WHERE o.agency_id = {row}.id",
                    ["name"],
                ),
            ],
        ),
    ]
