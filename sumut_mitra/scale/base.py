"""The machinery under `manage.py seed_scale`.

- Times are whole seconds since the epoch (UTC) and days are day numbers: formatting them for
  COPY from two small caches is many times faster than going through datetime objects.
- Rows go to PostgreSQL with COPY, in chunks, from a thread of its own: Python makes the next
  chunk while the server stores the last one (two cores, both busy).
- Before loading, the indexes (all but the primary keys), unique constraints and foreign keys of
  the tables being filled are dropped, their definitions kept from the catalogue, and afterwards
  re-created exactly as they were: building an index once is far cheaper than keeping it up to
  date row by row, and each unique constraint and foreign key then checks every row at once.
  Primary keys, NOT NULL and check constraints stay in place throughout.
"""

import datetime
import io
import queue
import sys
import threading
import time

from django.contrib.postgres.search import SearchVectorField
from tqdm import tqdm

DAY = 86_400
WIB = 7 * 3600  # Asia/Jakarta has no daylight saving time
EPOCH = datetime.date(1970, 1, 1)
CHUNK_ROWS = 25_000
NULL = r"\N"

_SECONDS = [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}+00" for s in range(DAY)]
_DAYS = {}
# Dates 2010-2040 looked up by index (the hot path of every timestamp).
_FIRST = (datetime.date(2010, 1, 1) - EPOCH).days
_DAY_LIST = [
    (datetime.date(2010, 1, 1) + datetime.timedelta(days=n)).isoformat() for n in range(11_323)
]
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def day_number(value):
    return (value - EPOCH).days


def fmt_day(day):
    text = _DAYS.get(day)
    if text is None:
        text = _DAYS[day] = (EPOCH + datetime.timedelta(days=day)).isoformat()
    return text


def fmt_ts(moment):
    """A timestamp (seconds, UTC) as PostgreSQL reads it; None stays NULL."""
    if moment is None:
        return NULL
    index = moment // DAY - _FIRST
    if 0 <= index < 11_323:
        return _DAY_LIST[index] + _SECONDS[moment % DAY]
    return fmt_day(moment // DAY) + _SECONDS[moment % DAY]


def local_day(moment):
    """The day (in WIB) of a moment."""
    return (moment + WIB) // DAY


def at_local(day, hour, minute=0, second=0):
    """The moment hh:mm:ss WIB of `day`."""
    return day * DAY + hour * 3600 + minute * 60 + second - WIB


def year_utc(moment):
    return fmt_day(moment // DAY)[:4]


def year_local(moment):
    return fmt_day(local_day(moment))[:4]


def copy_text(value):
    """Text made safe for COPY's text format (the word lists are escaped once, up front)."""
    return value.translate(_ESCAPES)


def cell(value):
    kind = type(value)
    if kind is int:
        return str(value)
    if value is None:
        return NULL
    if kind is bool:
        return "t" if value else "f"
    if kind is str:
        if value == NULL:  # fmt_ts(None): already NULL
            return value
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    return str(value)


class Workdays:
    """forums.workdays, on day numbers: Monday to Friday minus the holidays in the table."""

    def __init__(self, holidays):
        self.holidays = frozenset(holidays)

    def is_working(self, day):
        return (day + 3) % 7 < 5 and day not in self.holidays  # day 0 was a Thursday

    def add(self, day, count):
        added = 0
        while added < count:
            day += 1
            if self.is_working(day):
                added += 1
        return day

    def deadline(self, moment, count):
        """The end (23.59.59 WIB) of the `count`-th working day after `moment`."""
        return at_local(self.add(local_day(moment), count), 23, 59, 59)


class Copier:
    """Runs the COPY statements, and the statements that rebuild indexes and constraints, on one
    connection, in a thread of its own, in the order they were sent."""

    def __init__(self, raw_connection, *, bar=None):
        self.cursor = raw_connection.cursor()
        self.queue = queue.Queue(maxsize=6)
        self.error = None
        self.seconds = 0.0
        self.bar = bar  # counts the rebuilding statements
        self.thread = threading.Thread(target=self._run, name="seed-scale-copy", daemon=True)
        self.thread.start()

    def _run(self):
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None:
                continue
            sql, data = item
            started = time.monotonic()
            try:
                if data is None:
                    self.cursor.execute(sql)
                    if self.bar is not None:
                        self.bar.update(1)
                else:
                    # One read of the whole chunk: the thread takes the GIL once per chunk.
                    self.cursor.copy_expert(sql, io.StringIO(data), size=len(data) + 1)
            except BaseException as exc:  # handed to the main thread, raised there
                self.error = exc
            self.seconds += time.monotonic() - started

    def send(self, sql, data=None):
        """COPY `data` with `sql`, or (without data) run `sql`."""
        if self.error is not None:
            raise self.error
        self.queue.put((sql, data))

    def finish(self):
        self.queue.put(None)
        self.thread.join()
        self.cursor.close()
        if self.bar is not None:
            self.bar.close()
        if self.error is not None:
            raise self.error


class Table:
    """Rows for one table: ids handed out in order, lines sent to the copier in chunks."""

    def __init__(self, load, name, model, first_id):
        self.load = load
        self.name = name
        self.model = model
        self.columns = None
        self.sql = None
        self.next_id = first_id
        self.lines = []
        self.count = 0
        self.bar = None
        self.total = None

    def define(self, columns):
        """The columns the generator gives, in its order: all of the model's, no more."""
        # A stored search vector is left out: PostgreSQL computes them all at the end of the
        # load, set-based (core.searchvectors.refresh; its triggers are off meanwhile).
        expected = {
            field.column
            for field in self.model._meta.concrete_fields
            if not isinstance(field, SearchVectorField)
        }
        if set(columns) != expected or len(columns) != len(expected):
            missing, extra = sorted(expected - set(columns)), sorted(set(columns) - expected)
            raise RuntimeError(
                f"seed_scale is out of step with {self.name}: missing {missing}, unknown {extra}"
            )
        self.columns = columns
        quoted = ", ".join(f'"{column}"' for column in columns)
        # FREEZE (on tables emptied in this transaction): stored already frozen and visible,
        # so the final VACUUM has next to nothing to do.
        freeze = " WITH (FREEZE)" if self.load.freeze else ""
        self.sql = f'COPY "{self.name}" ({quoted}) FROM STDIN{freeze}'
        return self

    def new_id(self):
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, *values):
        """One row from Python values (text is escaped when it needs it)."""
        self.lines.append("\t".join(map(cell, values)))
        if len(self.lines) >= CHUNK_ROWS:
            self.flush()

    def line(self, text):
        """One row already formatted (tab-separated, escaped)."""
        self.lines.append(text)
        if len(self.lines) >= CHUNK_ROWS:
            self.flush()

    def flush(self):
        if not self.lines:
            return
        rows = len(self.lines)
        self.load.copier.send(self.sql, "\n".join(self.lines) + "\n")
        self.lines = []
        self.count += rows
        if self.bar is not None:
            self.bar.update(rows)

    def start_bar(self):
        self.bar = tqdm(
            desc=f"{self.name:<36}",
            total=self.total,
            unit=" rows",
            unit_scale=True,
            file=sys.stderr,
            dynamic_ncols=True,
            mininterval=0.5,
            leave=True,
        )

    def close(self):
        self.flush()
        if self.bar is not None:
            if self.total is None or self.bar.n != self.total:
                self.bar.total = self.bar.n
                self.bar.refresh()
            self.bar.close()
            self.bar = None


class Load:
    """All the tables of one run, on one connection, in one transaction.

    A table is closed once its last row is made; its indexes and constraints are then rebuilt
    by the copier while Python makes the next tables (a foreign key waits until the table it
    points at is closed too)."""

    def __init__(self, connection, models, *, progress, freeze=False):
        self.connection = connection
        self.progress = progress
        self.freeze = freeze
        self.tables = {}
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
                first = cursor.fetchone()[0] + 1
                self.tables[table] = Table(self, table, model, first)
        self.copier = None
        self.rebuild = None
        self.closed = set()

    def __getitem__(self, model_or_table):
        key = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        return self.tables[key]

    def table(self, model, columns, *, total=None):
        """The table of `model`, about to get rows in this order of `columns`."""
        table = self[model].define(columns)
        table.total = total
        if self.progress and table.bar is None:
            table.start_bar()
        return table

    def start(self, rebuild):
        """`rebuild`: what drop_for_load returned."""
        self.rebuild = rebuild
        bar = None
        if self.progress:
            bar = tqdm(
                desc=f"{'indexes and constraints':<36}",
                total=rebuild.count,
                unit=" steps",
                file=sys.stderr,
                dynamic_ncols=True,
                mininterval=0.5,
                position=0,
            )
        self.connection.ensure_connection()
        self.copier = Copier(self.connection.connection, bar=bar)

    def close_tables(self, models):
        """No more rows for these tables: their indexes and constraints can be rebuilt."""
        for model in models:
            table = self[model]
            table.close()
            self.closed.add(table.name)
            for statement in self.rebuild.own.pop(table.name, ()):
                self.copier.send(statement)
        waiting = []
        for table, target, statement in self.rebuild.foreign:
            if table in self.closed and (target in self.closed or target not in self.tables):
                self.copier.send(statement)
            else:
                waiting.append((table, target, statement))
        self.rebuild.foreign = waiting

    def finish(self):
        self.close_tables([table.model for table in self.tables.values()])
        self.copier.finish()

    def counts(self):
        return {name: table.count for name, table in self.tables.items() if table.count}


# --- Indexes, foreign keys, sequences -------------------------------------------------------------


def droppable_indexes(cursor, tables):
    """(table, name, definition, unique) of the plain column indexes that are not behind a
    constraint. Primary keys stay, and so do partial and expression indexes: the definition
    PostgreSQL prints for those does not read back into quite the same expression."""
    cursor.execute(
        """
        SELECT i.tablename, i.indexname, i.indexdef, x.indisunique
        FROM pg_indexes i
        JOIN pg_namespace n ON n.nspname = i.schemaname
        JOIN pg_class c ON c.relname = i.indexname AND c.relkind = 'i' AND c.relnamespace = n.oid
        JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.schemaname = current_schema()
          AND i.tablename = ANY(%s)
          AND NOT x.indisprimary AND x.indpred IS NULL AND x.indexprs IS NULL
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
        ORDER BY i.tablename, i.indexname
        """,
        [list(tables)],
    )
    return cursor.fetchall()


def droppable_constraints(cursor, tables):
    """(table, name, definition, kind, referenced table) of the foreign keys and unique
    constraints declared on `tables` (a unique constraint that a foreign key leans on stays)."""
    cursor.execute(
        """
        SELECT r.relname, k.conname, pg_get_constraintdef(k.oid), k.contype, t.relname
        FROM pg_constraint k
        JOIN pg_class r ON r.oid = k.conrelid
        LEFT JOIN pg_class t ON t.oid = k.confrelid
        JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE k.contype IN ('f', 'u') AND n.nspname = current_schema()
          AND r.relname = ANY(%s)
          AND NOT (k.contype = 'u' AND EXISTS (
              SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = k.conindid))
        ORDER BY k.contype DESC, r.relname, k.conname
        """,
        [list(tables)],
    )
    return cursor.fetchall()


def catalogue(cursor, tables):
    """Every index and constraint of `tables` as the catalogue prints them."""
    cursor.execute(
        "SELECT tablename, indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = current_schema() AND tablename = ANY(%s) ORDER BY 1, 2",
        [list(tables)],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT r.relname, k.conname, k.contype, pg_get_constraintdef(k.oid), k.convalidated, "
        "k.condeferrable, k.condeferred FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid "
        "JOIN pg_namespace n ON n.oid = r.relnamespace "
        "WHERE n.nspname = current_schema() AND r.relname = ANY(%s) ORDER BY 1, 2",
        [list(tables)],
    )
    return indexes, cursor.fetchall()


class Rebuild:
    """What drop_for_load dropped, as the statements that put it back: per table, its unique
    constraints and indexes, then its other indexes; and the foreign keys, with the table each
    points at (added once both are complete: each is then checked over all its rows)."""

    def __init__(self, tables, before):
        self.tables = tables
        self.before = before
        self.own = {}
        self.foreign = []
        self.count = 0

    def check(self, cursor):
        """The catalogue reads as it did before the load (else the whole load rolls back)."""
        after = catalogue(cursor, self.tables)
        if after != self.before:
            lost = sorted(set(self.before[0] + self.before[1]) - set(after[0] + after[1]))
            found = sorted(set(after[0] + after[1]) - set(self.before[0] + self.before[1]))
            raise RuntimeError(f"the schema did not come back as it was: {lost} became {found}")


def drop_for_load(cursor, tables):
    """Drop what slows a bulk load down (every plain index but the primary keys, the unique
    constraints, the foreign keys) and return the Rebuild that puts it back as it was."""
    rebuild = Rebuild(list(tables), catalogue(cursor, tables))
    indexes = droppable_indexes(cursor, tables)
    constraints = droppable_constraints(cursor, tables)
    for table, name, _definition, _kind, _target in constraints:  # foreign keys first
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for _table, name, _definition, _unique in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    for table, name, definition, kind, target in constraints:
        statement = f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        if kind == "u":
            rebuild.own.setdefault(table, []).append(statement)
        else:
            rebuild.foreign.append((table, target, statement))
    for unique in (True, False):
        for table, _name, definition, is_unique in indexes:
            if is_unique == unique:
                rebuild.own.setdefault(table, []).append(definition)
    rebuild.count = len(constraints) + len(indexes)
    return rebuild


def reset_sequences(cursor, tables):
    """Point each table's id sequence past its highest id, so that the next insert of the
    portal (a factory, a service) gets a free one."""
    for table in tables:
        cursor.execute(
            # The table names come from the models, never from input.
            f"""SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 1),
                              MAX(id) IS NOT NULL) FROM "{table}" """,  # noqa: S608
            [f'"{table}"'],
        )
