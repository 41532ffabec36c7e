from django.db import migrations, models

# The public replies and answers of every thread, counted once; the services keep it in step.
BACKFILL = """
UPDATE forums_submission AS submission
   SET reply_count = counted.replies
  FROM (SELECT submission_id, count(*) AS replies
          FROM forums_reply
         WHERE kind IN ('reply', 'answer') AND NOT hidden
         GROUP BY submission_id) AS counted
 WHERE counted.submission_id = submission.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="reply_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="replies"),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
