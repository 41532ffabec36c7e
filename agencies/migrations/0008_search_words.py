"""An agency's words (its vector's text, unstemmed) kept in the search's lexicon
(core.searchvectors.KeepSearchVector.words_sql), for the typo pass; every agency's now."""

from importlib import import_module

from django.db import migrations

VECTOR = import_module("agencies.migrations.0005_search_vector").Migration.operations[1]


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_api_updated_at"),
        ("core", "0007_search_words"),
    ]

    operations = [migrations.RunSQL(VECTOR.words_sql(), reverse_sql=VECTOR.drop_words_sql())]
