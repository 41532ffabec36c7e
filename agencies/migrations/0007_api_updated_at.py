import django.utils.timezone
from django.db import migrations, models

from core.updatedat import KeepUpdatedAt


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0006_api_key_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="agency",
            name="updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="updated at"
            ),
        ),
        # Existing agencies: their last change known (registered, or verified).
        migrations.RunSQL(
            "UPDATE agencies_agency SET updated_at = GREATEST(created_at, status_changed_at)",
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name="agency",
            index=models.Index(fields=["updated_at"], name="agencies_agency_updated"),
        ),
        migrations.AddIndex(
            model_name="capability",
            index=models.Index(fields=["updated_at"], name="agencies_capability_updated"),
        ),
        # Who changed its status and why, and who registered it, are the secretariat's.
        KeepUpdatedAt(
            table="agencies_agency",
            monotonic=True,
            ignore=["status_changed_by_id", "status_reason", "registered_by_id"],
            depends=[("agencies_agency_sectors", "agency_id")],
        ),
        # A capability shows its agency's name.
        KeepUpdatedAt(
            table="agencies_capability",
            depends=[
                (
                    "agencies_agency",
                    "SELECT c.id FROM agencies_capability c WHERE c.agency_id = {row}.id",
                    ["name", "acronym", "status"],
                )
            ],
        ),
    ]
