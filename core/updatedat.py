"""`updated_at` kept by PostgreSQL itself, for the API's `updated_since` (core.apiviews).

A harvester fetches each night what changed since its last visit, so a row's `updated_at` must
move whenever its public answer does: when one of its own columns changes, and when a related
row it shows does (an agreement's party added, a submission's official answer published or
hidden). Triggers, as for the search vectors (core.searchvectors), because every way a row
changes goes through them: services, the admin, `QuerySet.update()`, raw SQL.

`KeepUpdatedAt` (a migration operation) makes:

- a BEFORE UPDATE trigger on the table that sets `updated_at` to the clock's time when a column
  other than the `ignore`d ones changed (the search vector's rebuild and staff-only deadlines
  move nothing), and (`monotonic`) never lets it go back when a stale instance is saved whole;
- an AFTER trigger on each related table that sets it on the rows it concerns.

`TouchUpdatedAt` (another operation) adds one more such AFTER trigger to a table that already
has its `KeepUpdatedAt`, for a row that decides whether a row is public at all without being
shown in it: a forum's input and meetings are public while the forum's agreement or training is
(forums.rules.public_forums), and a harvester must learn when they appear or disappear. It fires
only when one of the deciding columns really changed (a full `save()` names every column), and
its trigger and function have names of their own, created without `OR REPLACE`: a name taken
already is an error in `migrate`, not a trigger silently replaced.

The clock's time (`clock_timestamp()`), not the transaction's start (`now()`): two changes in
one transaction are told apart, and a change is dated when it was made.
"""

from .triggers import TriggerOperation, ident, related_ids

TRIGGER_PREFIX = "updated_at"
ALWAYS_IGNORED = ("updated_at", "search_vector")


class KeepUpdatedAt(TriggerOperation):
    """Migration operation: keep `table.updated_at` in step (see the module).

    - `ignore`: the table's columns whose change does not count (staff-only ones);
    - `monotonic`: for an `updated_at` Python writes only when the row is made (not auto_now):
      a full save of a stale instance must not take it back;
    - `depends`: (related table, ids[, columns]): when a row of the related table is inserted,
      deleted, or updated (in one of `columns` when given), the rows of `table` whose ids the
      SQL query `ids` gives are touched; `ids` reads the related row as `{row}` (once for the
      new row, once for the old). A plain column name stands for `SELECT {row}.column`."""

    def __init__(self, table, ignore=(), depends=(), monotonic=False):
        self.table = ident(table)
        self.monotonic = monotonic
        self.ignore = [ident(column) for column in ignore]
        self.depends = []
        for related, ids, *columns in depends:
            columns = [ident(column) for column in (columns[0] if columns else ())]
            self.depends.append((ident(related), ids, columns))

    def deconstruct(self):
        kwargs = {"table": self.table}
        if self.ignore:
            kwargs["ignore"] = self.ignore
        if self.depends:
            kwargs["depends"] = self.depends
        if self.monotonic:
            kwargs["monotonic"] = True
        return (self.__class__.__name__, [], kwargs)

    def describe(self):
        return f"Keep {self.table}.updated_at in step"

    @property
    def migration_name_fragment(self):
        return f"{self.table}_updated_at"

    def _function(self, suffix):
        return f"{self.table}_updated_at_{suffix}"

    def create_sql(self):
        table = self.table
        ignored = " - ".join(f"'{column}'" for column in (*ALWAYS_IGNORED, *self.ignore))
        keep = self._function("keep")
        keep_forward = (
            # A full save of an instance read before a related row moved it.
            "                ELSE NEW.updated_at := GREATEST(NEW.updated_at, OLD.updated_at);"
            if self.monotonic
            else ""
        )
        statements = [
            f"""CREATE OR REPLACE FUNCTION {keep}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF (to_jsonb(NEW) - {ignored}) IS DISTINCT FROM (to_jsonb(OLD) - {ignored}) THEN
                    NEW.updated_at := clock_timestamp();
{keep_forward}
                END IF;
                RETURN NEW;
            END $$""",
            f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_keep ON {table}",
            f"""CREATE TRIGGER {TRIGGER_PREFIX}_keep BEFORE UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {keep}()""",
        ]
        for related, ids, columns in self.depends:
            update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
            touch = self._function(f"from_{related}")
            statements += [
                f"""CREATE OR REPLACE FUNCTION {touch}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE {table} t SET updated_at = clock_timestamp()
                    WHERE t.id IN ({related_ids(ids, "NEW")} UNION {related_ids(ids, "OLD")});
                    RETURN NULL;
                END $$""",  # noqa: S608 - names and SQL from a migration, never from input
                f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{table} ON {related}",
                f"""CREATE TRIGGER {TRIGGER_PREFIX}_{table}
                AFTER INSERT OR DELETE OR {update} ON {related}
                FOR EACH ROW EXECUTE FUNCTION {touch}()""",
            ]
        return statements

    def drop_sql(self):
        statements = []
        for related, _ids, _columns in self.depends:
            statements += [
                f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{self.table} ON {related}",
                f"DROP FUNCTION IF EXISTS {self._function(f'from_{related}')}()",
            ]
        return statements + [
            f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_keep ON {self.table}",
            f"DROP FUNCTION IF EXISTS {self._function('keep')}()",
        ]


class TouchUpdatedAt(TriggerOperation):
    """Migration operation: when a row of `related` changes in one of `columns` (UPDATE only:
    a new parent has no dependent rows yet, a deleted one takes them with it), set
    `table.updated_at` on the rows the SQL query `ids` gives (as in KeepUpdatedAt's `depends`,
    `{row}` the new row and then the old one). `name` tells this trigger from the table's other
    ones: trigger `updated_at_<table>_<name>` on `related`, function `<table>_updated_at_<name>`.
    """

    def __init__(self, table, related, ids, columns, name):
        self.table = ident(table)
        self.related = ident(related)
        self.ids = ids
        self.columns = [ident(column) for column in columns]
        self.name = ident(name)
        if not self.columns:
            raise ValueError("TouchUpdatedAt needs the columns that decide")
        if self.name == "keep" or self.name.startswith("from_"):
            raise ValueError(f"{name!r} is a name KeepUpdatedAt uses")

    def deconstruct(self):
        kwargs = {
            "table": self.table,
            "related": self.related,
            "ids": self.ids,
            "columns": self.columns,
            "name": self.name,
        }
        return (self.__class__.__name__, [], kwargs)

    def describe(self):
        columns = ", ".join(self.columns)
        return f"Touch {self.table}.updated_at when {self.related} changes its {columns}"

    @property
    def migration_name_fragment(self):
        return f"{self.table}_updated_at_{self.name}"

    @property
    def trigger(self):
        return f"{TRIGGER_PREFIX}_{self.table}_{self.name}"

    @property
    def function(self):
        return f"{self.table}_updated_at_{self.name}"

    def create_sql(self):
        changed = " OR ".join(
            f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in self.columns
        )
        rows = f"{related_ids(self.ids, 'NEW')} UNION {related_ids(self.ids, 'OLD')}"
        return [
            f"""CREATE FUNCTION {self.function}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE {self.table} t SET updated_at = clock_timestamp() WHERE t.id IN ({rows});
                RETURN NULL;
            END $$""",  # noqa: S608 - names and SQL from a migration, never from input
            f"""CREATE TRIGGER {self.trigger}
            AFTER UPDATE OF {", ".join(self.columns)} ON {self.related}
            FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {self.function}()""",
        ]

    def drop_sql(self):
        return [
            f"DROP TRIGGER {self.trigger} ON {self.related}",
            f"DROP FUNCTION {self.function}()",
        ]
