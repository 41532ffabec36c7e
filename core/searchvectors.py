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

Bulk loads (seed_scale) switch the triggers off while they COPY (`set_triggers`), then fill
every vector set-based (`refresh`), which `manage.py rebuild_search_vectors` also does.
"""

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import connection

from .triggers import TriggerOperation, ident, related_ids

CONFIG = "sumut_id"
COLUMN = "search_vector"
TRIGGER_PREFIX = "search_vector"
WEIGHTS = "ABCD"


def vector_function(table):
    return f"{table}_search_vector"


class KeepSearchVector(TriggerOperation):
    """Migration operation: define `table`'s vector and keep it in step (see the module).

    - `weights`: {"A": [SQL expressions over the row `r`], "B": [...], ...}; a NULL part is
      skipped. A subquery must not alias a table `r`.
    - `watch`: the table's own columns the vector reads (an UPDATE setting one recomputes it).
    - `depends`: (related table, ids, columns): when a row of the related table is inserted,
      deleted, or updated in one of `columns`, the rows of `table` whose ids the SQL query
      `ids` gives are recomputed; `ids` reads the related row as `{row}` (run once for the
      new row and once for the old one). A plain column name stands for `SELECT {row}.column`.

    Applying it again (a later migration with a new declaration) replaces the function and the
    triggers it names, and recomputes every row."""

    def __init__(self, table, weights, watch, depends=()):
        self.table = ident(table)
        self.weights = weights
        self.watch = [ident(column) for column in watch]
        self.depends = [(ident(t), ids, [ident(c) for c in cols]) for t, ids, cols in depends]

    def deconstruct(self):
        kwargs = {"table": self.table, "weights": self.weights, "watch": self.watch}
        if self.depends:
            kwargs["depends"] = self.depends
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
        return statements

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
        return statements + previous.create_sql()

    def drop_sql(self):
        table, function = self.table, vector_function(self.table)
        statements = []
        for related, _ids, _columns in self.depends:
            statements += [
                f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{table} ON {related}",
                f"DROP FUNCTION IF EXISTS {function}_from_{related}()",
            ]
        return statements + [
            f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_keep ON {table}",
            f"DROP FUNCTION IF EXISTS {function}_keep()",
            f"DROP FUNCTION IF EXISTS {function}({table})",
        ]


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
    UPDATE per table; returns {table: rows}."""
    done = {}
    with using.cursor() as cursor:
        for model in models or searched_models():
            table = ident(model._meta.db_table)
            cursor.execute(f"UPDATE {table} t SET {COLUMN} = {vector_function(table)}(t)")  # noqa: S608
            done[table] = cursor.rowcount
    return done


def set_triggers(cursor, tables, *, enabled, also=()):
    """Switch the search-vector triggers on `tables` off (a bulk load) or on again, and those
    whose names start with a prefix in `also` (core.updatedat's: the load writes its own
    `updated_at`). Takes the tables' locks until the transaction ends: for loads inside one
    transaction."""
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
