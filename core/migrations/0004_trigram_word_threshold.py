"""The public searches' typo tolerance (core/search.py) matches with pg_trgm's `%>` operator,
which an index answers and which compares against `pg_trgm.word_similarity_threshold`. Its
default, 0.6, misses one swapped or dropped letter in a six-letter word ("lmbah" for "limbah"
is 0.5), so the database's default is set to 0.45, the directory's threshold. A database-level
setting reaches every new connection, PgBouncer's too; this session gets it at once. Without
the right to alter the database the default stays 0.6 (fewer typos found, nothing breaks)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

THRESHOLD = "0.45"

SET = f"""
DO $$
BEGIN
    EXECUTE format(
        'ALTER DATABASE %I SET pg_trgm.word_similarity_threshold = {THRESHOLD}',
        current_database()
    );
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'not the owner of the database: pg_trgm.word_similarity_threshold stays';
END
$$;
SET pg_trgm.word_similarity_threshold = {THRESHOLD};
"""

RESET = """
DO $$
BEGIN
    EXECUTE format(
        'ALTER DATABASE %I RESET pg_trgm.word_similarity_threshold', current_database()
    );
EXCEPTION WHEN insufficient_privilege THEN
    NULL;
END
$$;
RESET pg_trgm.word_similarity_threshold;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_field_labels")]

    operations = [TrigramExtension(), migrations.RunSQL(SET, RESET)]
