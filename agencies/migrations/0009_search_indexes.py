"""Indexes for the search's acronym and spacing matches (agency_search_for_user): an exact
acronym ("USU") and a name typed as one word ("pematangsiantar"), each read by an index."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0008_search_words"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="agency",
            index=models.Index(
                django.db.models.functions.text.Upper("acronym"), name="agency_acronym_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="agency",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Replace(
                        django.db.models.functions.text.Replace(
                            django.db.models.functions.text.Lower("name"),
                            models.Value(" "),
                            models.Value(""),
                        ),
                        models.Value("-"),
                        models.Value(""),
                    ),
                    name="gin_trgm_ops",
                ),
                name="agency_squashed_trgm",
            ),
        ),
    ]
