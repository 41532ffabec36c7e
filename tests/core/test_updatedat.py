"""core.updatedat's TouchUpdatedAt as a migration runs it: its own names, never a trigger of
the same name replaced, reversed without taking the table's other triggers along."""

import pytest
from django.db import ProgrammingError, connection, transaction

from core.updatedat import TouchUpdatedAt

pytestmark = pytest.mark.django_db


def touch(name="agreement"):
    return TouchUpdatedAt(
        table="forums_submission",
        related="partnerships_agreement",
        ids="SELECT x.id FROM forums_submission x JOIN forums_forum f ON f.id = x.forum_id "
        "WHERE f.agreement_id = {row}.id",
        columns=["visibility", "status"],
        name=name,
    )


def triggers(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
            "AND tgname LIKE 'updated_at%%' ORDER BY 1",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


def run(statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def test_a_name_taken_already_fails_instead_of_replacing_the_trigger():
    # forums 0016 made this one; a second operation of the same name must not replace it.
    assert "updated_at_forums_submission_agreement" in triggers("partnerships_agreement")
    with pytest.raises(ProgrammingError, match="already exists"), transaction.atomic():
        run(touch().create_sql())
    with pytest.raises(ValueError, match="KeepUpdatedAt"):
        touch(name="from_partnerships_agreement")


def test_backwards_drops_its_own_trigger_only_and_forwards_makes_it_again():
    before = triggers("partnerships_agreement")
    run(touch().drop_sql())
    after = triggers("partnerships_agreement")
    assert set(before) - set(after) == {"updated_at_forums_submission_agreement"}
    assert "updated_at_keep" in after and "updated_at_forums_meeting_agreement" in after
    run(touch().create_sql())
    assert triggers("partnerships_agreement") == before


def test_it_deconstructs_to_what_the_migration_wrote():
    name, args, kwargs = touch().deconstruct()
    assert name == "TouchUpdatedAt" and args == []
    assert TouchUpdatedAt(**kwargs).create_sql() == touch().create_sql()
