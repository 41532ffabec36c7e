"""An index of the words of people's names: the portal's search finds a participant by how a
word of the name starts (trainings.selectors.name_starts)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_name_trgm"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="user",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.search.SearchVector("full_name", config="simple"),
                name="accounts_user_name_words",
            ),
        ),
    ]
