"""Residents' input's and public meetings' words (their vectors' text, unstemmed) kept in the
search's lexicon (core.searchvectors.KeepSearchVector.words_sql), for the typo pass; every
row's now."""

from importlib import import_module

from django.db import migrations

VECTORS = import_module("forums.migrations.0017_regency_spellings")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_search_words"),
        ("forums", "0017_regency_spellings"),
    ]

    operations = [
        migrations.RunSQL(
            VECTORS.SUBMISSION.words_sql() + VECTORS.MEETING.words_sql(),
            reverse_sql=VECTORS.MEETING.drop_words_sql() + VECTORS.SUBMISSION.drop_words_sql(),
        )
    ]
