"""The portal's search confirms a guessed typo by its Levenshtein distance to a word of the
record (core.websearch.NearSpelling): fuzzystrmatch's levenshtein_less_equal, which stops
counting past the distance allowed."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0005_search_configuration")]

    operations = [CreateExtension("fuzzystrmatch")]
