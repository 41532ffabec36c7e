"""Stored search vectors, kept in step by PostgreSQL itself.

A searched model has a `search_vector` column (a `SearchVectorField` with a GIN index) and, made
by a migration with `KeepSearchVector`, three things in the database:

- `<table>_search_vector(r <table>)`: the row's weighted vector (A: names, titles, codes;
  B: who is involved; C: the text), the one definition that every write, the rebuild command and
  seed_scale use. Its parts are SQL expressions over the row `r`, subqueries of related rows
  included (an agreement's parties' names);
- a BEFORE INSERT OR UPDATE trigger that computes it for a row whose searched columns are
  written;
- an AFTER trigger on each related table (a party, an organiser, an agency renamed, an answer
  hidden) that recomputes the rows it concerns.

Triggers, rather than signals or an on-commit helper in Python, because every way a row
changes goes through them: services, the admin, spreadsheet imports, `QuerySet.update()`,
`bulk_create`, raw SQL and COPY alike. Nothing here knows a domain model: each app declares its
own vector in its migration (the declaration is frozen there, as migrations are), and the apps'
searches read the column through `core.fulltext`.

The words of the same text, unstemmed, are the search's lexicon (core.models.SearchWord, which
its typo pass reads: core.websearch): `words_sql()` makes `<table>_search_words(r)` and two
triggers that add a row's new words when it is inserted or its vector changes (a related row's
change included, since that recomputes the vector). A declaration made with `words=True` makes
them with the vector; the declarations made before the lexicon get them from `words_sql()`.

Bulk loads (seed_scale) switch the triggers off while they COPY (`set_triggers`), then fill
every vector and the lexicon set-based (`refresh`), which `manage.py rebuild_search_vectors`
also does.
"""

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import connection

from .triggers import TriggerOperation, ident, related_ids

CONFIG = "sumut_id"
WORDS_CONFIG = "sumut_words"  # split, unaccented, lower case, not stemmed (core 0007)
COLUMN = "search_vector"
TRIGGER_PREFIX = "search_vector"
WORDS_TRIGGER = f"{TRIGGER_PREFIX}_words"
WEIGHTS = "ABCD"
# The lexicon's triggers wait while this transaction-local setting is on (`refresh`: learning
# row by row what it then learns set-based would ask the lexicon millions of times at 10x).
PAUSED = "sumut_mitra.words_paused"
LEARNING = f"current_setting('{PAUSED}', true) IS DISTINCT FROM 'on'"


def vector_function(table):
    return f"{table}_search_vector"


def words_function(table):
    return f"{table}_search_words"


def learn_all_sql(table):
    """The statement that adds every row's words of `table` to the lexicon, set-based."""
    return (
        "INSERT INTO core_searchword (word) SELECT DISTINCT w "  # noqa: S608 - plain names
        f"FROM {table} t, unnest(tsvector_to_array({words_function(table)}(t))) AS w "
        "WHERE core_lexicon_word(w) "
        "AND NOT EXISTS (SELECT FROM core_searchword s WHERE s.word = w)"
    )


class KeepSearchVector(TriggerOperation):
    """Migration operation: define `table`'s vector and keep it in step (see the module).

    - `weights`: {"A": [SQL expressions over the row `r`], "B": [...], ...}; a NULL part is
      skipped. A subquery must not alias a table `r`.
    - `watch`: the table's own columns the vector reads (an UPDATE setting one recomputes it).
    - `depends`: (related table, ids, columns): when a row of the related table is inserted,
      deleted, or updated in one of `columns`, the rows of `table` whose ids the SQL query
      `ids` gives are recomputed; `ids` reads the related row as `{row}` (run once for the
      new row and once for the old one). A plain column name stands for `SELECT {row}.column`.

    - `words`: also keep the lexicon's words of the row (`words_sql`; every declaration from
      core 0007 on says so, or a changed text would not reach the lexicon).

    Applying it again (a later migration with a new declaration) replaces the function and the
    triggers it names, and recomputes every row."""

    def __init__(self, table, weights, watch, depends=(), words=False):
        self.table = ident(table)
        self.weights = weights
        self.watch = [ident(column) for column in watch]
        self.depends = [(ident(t), ids, [ident(c) for c in cols]) for t, ids, cols in depends]
        self.words = words

    def deconstruct(self):
        kwargs = {"table": self.table, "weights": self.weights, "watch": self.watch}
        if self.depends:
            kwargs["depends"] = self.depends
        if self.words:
            kwargs["words"] = True
        return (self.__class__.__name__, [], kwargs)

    def describe(self):
        return f"Keep {self.table}.{COLUMN} in step"

    @property
    def migration_name_fragment(self):
        return f"{self.table}_search_vector"

    def vector_sql(self):
        parts = []
        for weight in WEIGHTS:
            expressions = self.weights.get(weight)
            if expressions:
                text = f"concat_ws(' ', {', '.join(expressions)})"
                parts.append(f"setweight(to_tsvector('{CONFIG}', {text}), '{weight}')")
        if not parts:
            raise ValueError(f"{self.table}: a search vector needs at least one part")
        return " || ".join(parts)

    def create_sql(self):
        table, function = self.table, vector_function(self.table)
        statements = [
            f"""CREATE OR REPLACE FUNCTION {function}(r {table}) RETURNS tsvector
            LANGUAGE sql STABLE AS $$ SELECT {self.vector_sql()} $$""",
            f"""CREATE OR REPLACE FUNCTION {function}_keep() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                NEW.{COLUMN} := {function}(NEW);
                RETURN NEW;
            END $$""",
            f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_keep ON {table}",
            f"""CREATE TRIGGER {TRIGGER_PREFIX}_keep
            BEFORE INSERT OR UPDATE OF {", ".join(self.watch)} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}_keep()""",
        ]
        for related, ids, columns in self.depends:
            refresh = f"{function}_from_{related}"
            statements += [
                f"""CREATE OR REPLACE FUNCTION {refresh}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE {table} t SET {COLUMN} = {function}(t)
                    WHERE t.id IN ({related_ids(ids, "NEW")} UNION {related_ids(ids, "OLD")});
                    RETURN NULL;
                END $$""",  # noqa: S608 - names and SQL from a migration, never from input
                f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{table} ON {related}",
                f"""CREATE TRIGGER {TRIGGER_PREFIX}_{table}
                AFTER INSERT OR DELETE OR UPDATE OF {", ".join(columns)} ON {related}
                FOR EACH ROW EXECUTE FUNCTION {refresh}()""",
            ]
        statements.append(f"UPDATE {table} t SET {COLUMN} = {function}(t)")  # noqa: S608
        return statements + (self.words_sql() if self.words else [])

    def text_sql(self):
        """Every part's text as one, unweighted (the lexicon's words are read from it)."""
        expressions = [part for weight in WEIGHTS for part in self.weights.get(weight, ())]
        return f"concat_ws(' ', {', '.join(expressions)})"

    def words_sql(self):
        """The statements that keep the lexicon's words of the table (see the module): its
        words function, the triggers on insert and on a changed vector, and every row's
        words now."""
        table, function = self.table, words_function(self.table)
        return [
            f"""CREATE OR REPLACE FUNCTION {function}(r {table}) RETURNS tsvector
            LANGUAGE sql STABLE AS $$ SELECT to_tsvector('{WORDS_CONFIG}', {self.text_sql()}) $$""",
            f"""CREATE OR REPLACE FUNCTION {function}_keep() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM core_learn_words({function}(NEW));
                RETURN NULL;
            END $$""",
            f"DROP TRIGGER IF EXISTS {WORDS_TRIGGER}_new ON {table}",
            f"""CREATE TRIGGER {WORDS_TRIGGER}_new AFTER INSERT ON {table}
            FOR EACH ROW WHEN ({LEARNING})
            EXECUTE FUNCTION {function}_keep()""",
            f"DROP TRIGGER IF EXISTS {WORDS_TRIGGER}_changed ON {table}",
            f"""CREATE TRIGGER {WORDS_TRIGGER}_changed AFTER UPDATE ON {table}
            FOR EACH ROW WHEN (OLD.{COLUMN} IS DISTINCT FROM NEW.{COLUMN} AND {LEARNING})
            EXECUTE FUNCTION {function}_keep()""",
            learn_all_sql(table),
        ]

    def drop_words_sql(self):
        """The statements that undo `words_sql` (the lexicon's words stay)."""
        table, function = self.table, words_function(self.table)
        return [
            f"DROP TRIGGER IF EXISTS {WORDS_TRIGGER}_changed ON {table}",
            f"DROP TRIGGER IF EXISTS {WORDS_TRIGGER}_new ON {table}",
            f"DROP FUNCTION IF EXISTS {function}_keep()",
            f"DROP FUNCTION IF EXISTS {function}({table})",
        ]

    def revert_sql(self, previous):
        """The statements that put `previous` (an earlier declaration of the same table's
        vector) back in place of this one: for a later migration's RunSQL reverse, which must
        not drop the vector as `drop_sql` does. The triggers on related tables that
        `previous` did not have go."""
        table, function = self.table, vector_function(self.table)
        before = {related for related, _ids, _columns in previous.depends}
        statements = []
        for related, _ids, _columns in self.depends:
            if related not in before:
                statements += [
                    f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{table} ON {related}",
                    f"DROP FUNCTION IF EXISTS {function}_from_{related}()",
                ]
        if self.words and not previous.words:
            statements += self.drop_words_sql()
        return statements + previous.create_sql()

    def drop_sql(self):
        table, function = self.table, vector_function(self.table)
        statements = []
        for related, _ids, _columns in self.depends:
            statements += [
                f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{table} ON {related}",
                f"DROP FUNCTION IF EXISTS {function}_from_{related}()",
            ]
        return (
            statements
            + (self.drop_words_sql() if self.words else [])
            + [
                f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_keep ON {table}",
                f"DROP FUNCTION IF EXISTS {function}_keep()",
                f"DROP FUNCTION IF EXISTS {function}({table})",
            ]
        )


def searched_models():
    """The models with a stored search vector."""
    return [
        model
        for model in apps.get_models()
        if any(
            isinstance(field, SearchVectorField) and field.column == COLUMN
            for field in model._meta.concrete_fields
        )
    ]


def refresh(models=None, *, using=connection):
    """Recompute the vector of every row of `models` (all searched models by default), one
    UPDATE per table, and add their words to the lexicon set-based (its triggers wait
    meanwhile, PAUSED); returns {table: rows}. Of every model, the lexicon is made again,
    without the words no row has any more. Inside a transaction."""
    done = {}
    with using.cursor() as cursor:
        tables = [ident(model._meta.db_table) for model in models or searched_models()]
        cursor.execute("SELECT set_config(%s, 'on', true)", [PAUSED])
        if models is None:
            cursor.execute("DELETE FROM core_searchword")
        for table in tables:
            cursor.execute(f"UPDATE {table} t SET {COLUMN} = {vector_function(table)}(t)")  # noqa: S608
            done[table] = cursor.rowcount
            cursor.execute(learn_all_sql(table))
        cursor.execute("SELECT set_config(%s, 'off', true)", [PAUSED])
    return done


def set_triggers(cursor, tables, *, enabled, also=()):
    """Switch the search-vector triggers on `tables` off (a bulk load) or on again (the
    lexicon's too), and those whose names start with a prefix in `also` (core.updatedat's:
    the load writes its own `updated_at`). Takes the tables' locks until the transaction
    ends: for loads inside one transaction."""
    cursor.execute(
        """
        SELECT c.relname, t.tgname FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relname = ANY(%s) AND t.tgname LIKE ANY(%s)
        ORDER BY 1, 2
        """,
        [list(tables), [f"{prefix}%" for prefix in (TRIGGER_PREFIX, *also)]],
    )
    action = "ENABLE" if enabled else "DISABLE"
    found = cursor.fetchall()
    for table, trigger in found:
        cursor.execute(f'ALTER TABLE "{table}" {action} TRIGGER "{trigger}"')
    return len(found)
