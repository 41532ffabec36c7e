"""A training's words (its vector's text, unstemmed) kept in the search's lexicon
(core.searchvectors.KeepSearchVector.words_sql), for the typo pass; every training's now."""

from importlib import import_module

from django.db import migrations

VECTOR = import_module("trainings.migrations.0010_regency_spellings").VECTOR


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_search_words"),
        ("trainings", "0010_regency_spellings"),
    ]

    operations = [migrations.RunSQL(VECTOR.words_sql(), reverse_sql=VECTOR.drop_words_sql())]
