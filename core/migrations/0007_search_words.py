"""The words the portal's search knows (core.models.SearchWord), for its typo pass
(core.websearch): a misspelt word typed is read as the known words spelt nearly like it, then
searched as they are, through the stored vectors' own indexes.

- `sumut_words`: a text search configuration that only splits, unaccents and lowercases (no
  stemming: "perindustrian" stays itself, where `sumut_id` makes it `industri`, and a typo is
  a typo of what people write, not of a stem);
- `core_lexicon_word(text)`: whether a word is one the lexicon keeps: letters only, 4 to 60 of
  them (a typo is guessed from five letters, core.search.TYPO_MIN_LENGTH, one of them amiss);
- `core_learn_words(tsvector)`: adds a row's words (of `sumut_words`) that the lexicon keeps
  and does not know yet; called by each searched table's triggers
  (core.searchvectors), without a unique index to wait on: two writes at once may add a word
  twice, which readers take once;
- `core_near_words(word, edits)`: the tsquery (`sumut_id`, so stemmed as the vectors are) of
  the known words at most `edits` letters from `word` (fuzzystrmatch's Levenshtein, after
  pg_trgm's index has given the candidates alike enough to be worth counting), the nearest
  first, at most 8; NULL when there is none."""

import django.contrib.postgres.indexes
from django.db import migrations, models

CREATE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'sumut_words') THEN
        CREATE TEXT SEARCH CONFIGURATION sumut_words (COPY = pg_catalog.simple);
    END IF;
END
$$;
ALTER TEXT SEARCH CONFIGURATION sumut_words
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, simple;

CREATE OR REPLACE FUNCTION core_lexicon_word(word text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT length(word) BETWEEN 4 AND 60 AND word ~ '^[[:alpha:]]+$'
$$;

CREATE OR REPLACE FUNCTION core_learn_words(words tsvector) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO core_searchword (word)
    SELECT w FROM unnest(tsvector_to_array(words)) AS w
    WHERE core_lexicon_word(w)
    AND NOT EXISTS (SELECT FROM core_searchword s WHERE s.word = w)
$$;

CREATE OR REPLACE FUNCTION core_near_words(typed text, edits integer) RETURNS tsquery
LANGUAGE sql STABLE
SET pg_trgm.similarity_threshold = 0.3
AS $$
    SELECT to_tsquery('sumut_id', string_agg(quote_literal(near.word), ' | '))
    FROM (
        SELECT s.word FROM core_searchword s
        WHERE s.word % unaccent(typed)
        AND length(s.word) BETWEEN length(typed) - edits AND length(typed) + edits
        AND levenshtein_less_equal(s.word, unaccent(left(typed, 60)), edits) <= edits
        GROUP BY s.word
        ORDER BY min(levenshtein_less_equal(s.word, unaccent(left(typed, 60)), edits)),
            similarity(s.word, unaccent(typed)) DESC, s.word
        LIMIT 8
    ) AS near
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS core_near_words(text, integer);
DROP FUNCTION IF EXISTS core_learn_words(tsvector);
DROP FUNCTION IF EXISTS core_lexicon_word(text);
DROP TEXT SEARCH CONFIGURATION IF EXISTS sumut_words;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0006_fuzzystrmatch")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.TextField(verbose_name="word")),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
                "indexes": [
                    models.Index(fields=["word"], name="searchword_word"),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["word"],
                        name="searchword_trigrams",
                        opclasses=["gin_trgm_ops"],
                        fastupdate=False,
                    ),
                ],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
