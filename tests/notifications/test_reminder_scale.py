"""The scanner's work grows with the due reminders, not with all of them: its query reads the
partial index of pending rows by due time (notifications_reminder_due).

scripts/bench_reminders.py times the same scan over a million future reminders."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from notifications.models import Reminder
from notifications.reminders import reminders_scan, rule_row

INDEX = "notifications_reminder_due"


@pytest.fixture
def many_reminders(db):
    """5,000 pending reminders due in the coming years, 5,000 already handled, 20 due now
    (about people who no longer exist: the scan cancels them, which is all this needs)."""
    now = timezone.now()
    rule = rule_row("agreement_ending")
    content_type = ContentType.objects.get_for_model(User)

    def row(number, due, status="pending"):
        return Reminder(
            rule=rule,
            content_type=content_type,
            object_id=str(number),
            offset=0,
            moment=due,
            due_at=due,
            expires_at=due + timedelta(days=1),
            status=status,
        )

    Reminder.objects.bulk_create(
        [row(n, now + timedelta(hours=n + 1)) for n in range(5000)]
        + [row(10_000 + n, now - timedelta(days=n + 1), "done") for n in range(5000)]
        + [row(20_000 + n, now - timedelta(minutes=n + 1)) for n in range(20)],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_reminder")
    return now


def plan(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(line for (line,) in cursor.fetchall())


def test_the_scanners_query_reads_the_partial_index_of_pending_reminders(many_reminders):
    now = many_reminders
    queryset = Reminder.objects.filter(status="pending", due_at__lte=now).order_by("due_at")[:500]

    text = queryset.explain()

    assert INDEX in text, text
    assert "Seq Scan" not in text, text


def test_the_query_the_scanner_actually_runs_reads_the_index(many_reminders):
    """The real statement (FOR UPDATE OF the reminders, SKIP LOCKED, joined to its rule and
    content type), as reminders_scan sends it."""
    with CaptureQueriesContext(connection) as queries:
        assert reminders_scan(now=many_reminders) == 20
    (claim,) = [q["sql"] for q in queries.captured_queries if "SKIP LOCKED" in q["sql"]]
    assert 'FOR UPDATE OF "notifications_reminder" SKIP LOCKED' in claim

    text = plan(claim)

    assert INDEX in text, text
    assert "Seq Scan on notifications_reminder" not in text, text
    # Handled rows leave the index: the next scan finds nothing to do.
    assert reminders_scan(now=many_reminders) == 0
    assert Reminder.objects.filter(status="pending").count() == 5000
