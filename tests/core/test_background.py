"""core/background.py: enqueue after commit, the broker away, and the sweep of lost work.

The helper is exercised on a real table (the outbox's) with a real Redis that no worker reads,
so what each call enqueued can be counted in the queue itself.
"""

import logging
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core import background
from notifications.models import OutboundEmail
from notifications.tasks import send_email

pytestmark = pytest.mark.django_db

SEND = "notifications.tasks.send_email"


def row(**fields):
    """An outbox row as its service writes it, without the message that would enqueue it."""
    return OutboundEmail.objects.create(
        to=fields.pop("to", "rina@contoh.id"),
        subject="Uji",
        body="Uji.",
        kind="test",
        language="id",
        **fields,
    )


def sweep(now, rows=None):
    return background.sweep(
        rows if rows is not None else OutboundEmail.objects.exclude(status="failed"),
        task=send_email,
        failed="failed",
        now=now,
    )


@pytest.fixture
def lease(settings):
    settings.BACKGROUND_LEASE_SECONDS = 120
    settings.BACKGROUND_MAX_ATTEMPTS = 4
    return timedelta(seconds=120)


class TestEnqueue:
    def test_it_waits_for_the_commit(self, idle_broker, django_capture_on_commit_callbacks):
        email = row()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            background.enqueue_on_commit(send_email, email.pk)
        assert idle_broker.queued() == []

        callbacks[0]()

        assert idle_broker.queued() == [(SEND, f"({email.pk},)")]

    def test_a_broker_that_is_down_is_logged_not_raised(self, idle_broker, caplog):
        idle_broker.stop()

        with caplog.at_level(logging.WARNING, logger="core.background"):
            assert background.enqueue(send_email, 7) is False

        assert "could not enqueue notifications.tasks.send_email(7,)" in caplog.text

    def test_enqueue_each_stops_at_the_first_failure(self, idle_broker, caplog):
        idle_broker.stop()

        with caplog.at_level(logging.WARNING, logger="core.background"):
            assert background.enqueue_each(send_email, [1, 2, 3]) is False

        assert caplog.text.count("could not enqueue") == 1  # one timeout, not three


class TestSweep:
    def test_only_work_silent_for_longer_than_the_lease_is_enqueued_again(self, idle_broker, lease):
        now = timezone.now()
        lost = row(to="lost@contoh.id", created_at=now - lease - timedelta(seconds=1))
        row(to="fresh@contoh.id", created_at=now - lease + timedelta(seconds=5))
        row(  # claimed a moment ago: its worker is at it
            to="busy@contoh.id",
            status="sending",
            attempts=1,
            created_at=now - timedelta(hours=1),
            claimed_at=now - timedelta(seconds=5),
        )
        row(  # enqueued again by a sweep a moment ago
            to="requeued@contoh.id",
            created_at=now - timedelta(hours=1),
            enqueued_at=now - timedelta(seconds=5),
        )

        assert sweep(now) == (1, 0)

        assert idle_broker.queued() == [(SEND, f"({lost.pk},)")]
        lost.refresh_from_db()
        assert lost.enqueued_at == now
        assert lost.attempts == 0  # only a worker's claim counts an attempt

    def test_a_second_sweep_leaves_it_alone_until_another_lease_has_passed(
        self, idle_broker, lease
    ):
        now = timezone.now()
        lost = row(created_at=now - lease * 2)

        assert sweep(now) == (1, 0)
        assert sweep(now) == (0, 0)
        assert sweep(now + lease - timedelta(seconds=1)) == (0, 0)
        assert idle_broker.queued() == [(SEND, f"({lost.pk},)")]

        # Still not done a lease later: that message was lost too.
        assert sweep(now + lease + timedelta(seconds=1)) == (1, 0)
        assert len(idle_broker.queued()) == 2

    def test_after_each_failed_attempt_the_wait_doubles(self, idle_broker, lease):
        now = timezone.now()
        old = now - timedelta(hours=1)
        second = row(to="a2@contoh.id", status="failed", attempts=2, created_at=old)
        third = row(to="a3@contoh.id", status="failed", attempts=3, created_at=old)
        # Failed attempt 2 waits two leases, attempt 3 four.
        OutboundEmail.objects.filter(pk=second.pk).update(claimed_at=now - lease * 2 + lease / 4)
        OutboundEmail.objects.filter(pk=third.pk).update(claimed_at=now - lease * 3)

        retrying = OutboundEmail.objects.all()

        assert sweep(now, retrying) == (0, 0)
        assert sweep(now + lease / 2, retrying) == (1, 0)
        assert idle_broker.queued() == [(SEND, f"({second.pk},)")]
        assert sweep(now + lease + timedelta(seconds=1), retrying) == (1, 0)
        assert idle_broker.queued()[-1] == (SEND, f"({third.pk},)")

    def test_work_that_used_up_its_attempts_is_marked_failed_not_enqueued(self, idle_broker, lease):
        now = timezone.now()
        old = now - timedelta(hours=1)
        refused = row(to="refused@contoh.id", attempts=4, created_at=old, last_error="SMTP 554")
        abandoned = row(  # its worker died on the last attempt, saying nothing
            to="abandoned@contoh.id",
            status="sending",
            attempts=4,
            created_at=old,
            claimed_at=now - lease * 2,
        )
        last_try = row(  # a worker is on its last attempt right now
            to="last@contoh.id",
            status="sending",
            attempts=4,
            created_at=old,
            claimed_at=now - timedelta(seconds=5),
        )

        assert sweep(now) == (0, 2)

        assert idle_broker.queued() == []
        refused.refresh_from_db()
        abandoned.refresh_from_db()
        last_try.refresh_from_db()
        assert (refused.status, refused.last_error) == ("failed", "SMTP 554")
        assert abandoned.status == "failed"
        assert abandoned.last_error.startswith("gave up after 4 attempts")
        assert last_try.status == "sending"
        assert sweep(now) == (0, 0)  # the failed rows are no longer the caller's "not done"

    def test_only_the_callers_rows_are_considered(self, idle_broker, lease):
        now = timezone.now()
        row(to="sent@contoh.id", status="sent", created_at=now - timedelta(hours=1))
        mine = row(to="mine@contoh.id", created_at=now - timedelta(hours=1))

        assert sweep(now, OutboundEmail.objects.exclude(status="sent")) == (1, 0)

        assert idle_broker.queued() == [(SEND, f"({mine.pk},)")]

    def test_a_broker_that_is_down_leaves_the_rows_for_the_next_sweep(
        self, idle_broker, lease, caplog
    ):
        now = timezone.now()
        lost = row(created_at=now - lease * 2)
        idle_broker.stop()

        with caplog.at_level(logging.WARNING, logger="core.background"):
            assert sweep(now) == (1, 0)
        assert "could not enqueue" in caplog.text

        idle_broker.start()  # back, and empty
        assert sweep(now + lease + timedelta(seconds=1)) == (1, 0)
        assert idle_broker.queued() == [(SEND, f"({lost.pk},)")]


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_enqueue_each_row_once(idle_broker, lease):
    now = timezone.now()
    rows = [row(to=f"r{n}@contoh.id", created_at=now - lease * 2) for n in range(40)]
    barrier = threading.Barrier(2)
    results, failures = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(sweep(now)[0])
        except Exception as exc:  # reported in the test's own thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert sum(results) == 40
    queued = sorted(args for _task, args in idle_broker.queued())
    assert queued == sorted(f"({r.pk},)" for r in rows)
