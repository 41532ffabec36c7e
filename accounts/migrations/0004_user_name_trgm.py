"""A trigram index on participants' names: the portal's search finds a registration by part of
the name in every view (trainings.selectors.registration_search_for_user), without reading
every account. pg_trgm comes from core 0004."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_api_token'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('core', '0004_trigram_word_threshold'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='user',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('full_name'), name='gin_trgm_ops'), name='accounts_user_name_trgm'),
        ),
    ]
