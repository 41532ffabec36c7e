import django.utils.timezone
from django.db import migrations, models

from core.updatedat import KeepUpdatedAt


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0014_api_updated_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="updated_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="updated at"
            ),
        ),
        migrations.RunSQL("UPDATE forums_meeting SET updated_at = created_at", migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["updated_at"], name="forums_meeting_updated"),
        ),
        KeepUpdatedAt(table="forums_meeting", ignore=["created_by_id"], monotonic=True),
    ]
