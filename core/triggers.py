"""The shape shared by the migration operations that make triggers (core.searchvectors'
KeepSearchVector, core.updatedat's KeepUpdatedAt and TouchUpdatedAt): each says its SQL in
`create_sql()` and how to take it away in `drop_sql()`; this base runs them forwards and
backwards, changes no model state, and checks the names it puts into SQL.

Migrations import the operations from their own modules; what is frozen in a migration is the
operation's arguments, so the SQL they make must stay the same for the same arguments."""

from django.db.migrations.operations.base import Operation


def ident(name):
    """`name` when it is a plain SQL name (letters, digits, underscores): the names come from
    migrations, never from input, and this keeps a typo from becoming SQL."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain SQL name: {name!r}")
    return name


def related_ids(ids, row):
    """The SQL query giving the ids a related row concerns, reading that row as `row` (NEW or
    OLD): `ids` is a query using `{row}`, or a plain column name standing for `SELECT
    {row}.column`."""
    query = f"SELECT {{row}}.{ids}" if ids.replace("_", "").isalnum() else ids
    return query.replace("{row}", row)


class TriggerOperation(Operation):
    """A migration operation made of SQL statements only (see the module)."""

    reduces_to_sql = True
    reversible = True

    def create_sql(self):
        """The statements that make the trigger (each subclass says which)."""
        raise NotImplementedError

    def drop_sql(self):
        """The statements that undo create_sql (each subclass says which)."""
        raise NotImplementedError

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in self.create_sql():
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for statement in self.drop_sql():
            schema_editor.execute(statement)
