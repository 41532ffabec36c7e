"""The text search configuration every stored search vector and every query uses
(core.fulltext, core.searchvectors): `sumut_id`, PostgreSQL's Indonesian with unaccent before
its stemmer, so "Pelatihan", "pelatihan" and "pelatíhan" are one word (`latih`). Numbers, codes
and e-mail-like tokens keep the Indonesian configuration's own (simple) dictionaries."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'sumut_id') THEN
        CREATE TEXT SEARCH CONFIGURATION sumut_id (COPY = pg_catalog.indonesian);
    END IF;
END
$$;
ALTER TEXT SEARCH CONFIGURATION sumut_id
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, indonesian_stem;
"""

DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS sumut_id;"


class Migration(migrations.Migration):
    dependencies = [("core", "0004_trigram_word_threshold")]

    operations = [UnaccentExtension(), migrations.RunSQL(CREATE, DROP)]
