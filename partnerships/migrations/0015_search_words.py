"""An agreement's words (its vector's text, unstemmed) kept in the search's lexicon
(core.searchvectors.KeepSearchVector.words_sql), for the typo pass; every agreement's now."""

from importlib import import_module

from django.db import migrations

VECTOR = import_module("partnerships.migrations.0014_agreement_kind_and_place_words").VECTOR


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_search_words"),
        ("partnerships", "0014_agreement_kind_and_place_words"),
    ]

    operations = [migrations.RunSQL(VECTOR.words_sql(), reverse_sql=VECTOR.drop_words_sql())]
