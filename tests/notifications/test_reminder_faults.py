"""The reminder engine under faults: a worker killed mid-batch, Redis down while reminders fall
due, two scanners at once. Real PostgreSQL, a throwaway Redis, real Celery workers started as
subprocesses (they see the test database through DATABASE_URL), e-mail written to files.

Data: a training whose lead agency has many organisers; its "starting in 3 days" reminder
falls due 3 days before it starts, one delivery per organiser. The scanner runs in the test
process at that moment (`now=`); the workers send with the real clock, which is before the
training starts, so nothing is "missed".
"""

import email
import os
import signal
import subprocess
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.mail.backends import filebased
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from agencies.enums import MemberRole
from notifications.models import Delivery, OutboundEmail, Reminder
from notifications.reminders import deliveries_sweep, reminders_scan
from notifications.tasks import scan_reminders
from sumut_mitra.celery import app
from sumut_mitra.models import Heartbeat
from tests.conftest import BASE_DIR, ThrowawayRedis, point_celery_at
from tests.factories import AgencyFactory, MembershipFactory, UserFactory
from tests.support.trainings import make_training
from trainings.reminders import sync_training

pytestmark = pytest.mark.django_db(transaction=True)

LEASE_SECONDS = 2
SEPARATOR = "-" * 79  # what the file backend writes after every message


class MailDirBackend(filebased.EmailBackend):
    """The file backend with its directory from the environment: settings.py reads
    EMAIL_BACKEND from the environment but has no EMAIL_FILE_PATH. (The worker subprocesses
    import this module by its dotted path when they send.)"""

    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, file_path=file_path or os.environ["REMINDER_MAIL_DIR"], **kwargs)


# --- Helpers --------------------------------------------------------------------------------------


def organised_training(organisers, *, title="Pelatihan Juru Las SMAW", lead=None):
    """A published training starting in ten days whose lead agency has `organisers` editors.
    Registration closes within the hour (too soon for its own reminder); nobody registered."""
    lead = lead or AgencyFactory()
    people = [
        MembershipFactory(
            agency=lead,
            role=MemberRole.EDITOR,
            user=UserFactory(email=f"org{number:03d}.{lead.slug}@contoh.id"),
        ).user
        for number in range(organisers)
    ]
    now = timezone.now()
    start = now + timedelta(days=10)
    training = make_training(
        by=people[0],
        lead=lead,
        title=title,
        sessions=[(start, start + timedelta(hours=3))],
        registration_closes_at=now + timedelta(hours=1),
    )
    return training, people


def organisers_due(training):
    return Reminder.objects.get(
        rule__key="training_starting_organisers", object_id=str(training.pk)
    ).due_at


def sent_messages(directory):
    """Every complete message the file backend wrote: [(to, subject)]. A message cut short by
    a killed worker (no separator after it) was not sent."""
    messages = []
    for path in sorted(Path(directory).iterdir()):
        chunks = path.read_text().split(f"\n{SEPARATOR}\n")
        for chunk in chunks[:-1]:  # the last piece is what follows the final separator
            parsed = email.message_from_string(chunk)
            messages.append((parsed["To"], parsed["Subject"]))
    return messages


def wait_for(condition, timeout, interval=0.05, message="timed out"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(message)


def statuses():
    """{status: number of deliveries}."""
    rows = Delivery.objects.order_by().values_list("status").annotate(count=Count("pk"))
    return dict(rows)


class Worker:
    """`celery worker` in its own process on the test database and a throwaway broker; its
    e-mails go to files in `mail_dir`."""

    def __init__(self, broker_url, mail_dir, log_path):
        self.broker_url = broker_url
        self.mail_dir = mail_dir
        self.log_path = log_path
        self.process = None

    def environment(self):
        database = connection.settings_dict
        url = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
        return {
            **os.environ,
            "DATABASE_URL": url,
            "CONN_MAX_AGE": "0",  # no connection outlives a task: the test database is dropped
            "REDIS_URL": self.broker_url,
            "CELERY_BROKER_URL": self.broker_url,
            "DJANGO_DEBUG": "true",
            "EMAIL_BACKEND": f"{__name__}.MailDirBackend",
            "REMINDER_MAIL_DIR": str(self.mail_dir),
            "BACKGROUND_LEASE_SECONDS": str(LEASE_SECONDS),
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def start(self):
        Heartbeat.objects.filter(name="worker").delete()
        self.log = open(self.log_path, "a")  # noqa: SIM115 (closed in stop/kill)
        self.process = subprocess.Popen(
            [
                str(BASE_DIR / ".venv" / "bin" / "celery"),
                "-A",
                "sumut_mitra",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                "celery",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"faults-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=BASE_DIR,
            env=self.environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        # The worker records a heartbeat when it is ready (sumut_mitra.celery).
        wait_for(
            lambda: (
                self.process.poll() is not None or Heartbeat.objects.filter(name="worker").exists()
            ),
            timeout=30,
            message="the worker did not start",
        )
        if self.process.poll() is not None:
            raise AssertionError(f"the worker exited:\n{Path(self.log_path).read_text()}")
        return self

    def kill(self):
        """SIGKILL: no shutdown, no acknowledgement, the task in hand is abandoned."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self._close_log()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._close_log()

    def _close_log(self):
        log = getattr(self, "log", None)
        if log is not None and not log.closed:
            log.close()


@pytest.fixture
def broker(settings):
    """A throwaway Redis, with the test process's Celery pointed at it."""
    server = ThrowawayRedis().start()
    previous = app.conf.broker_url
    settings.CELERY_BROKER_URL = server.url
    settings.BACKGROUND_LEASE_SECONDS = LEASE_SECONDS
    point_celery_at(app, server.url)
    try:
        yield server
    finally:
        point_celery_at(app, previous)
        server.cleanup()


@pytest.fixture
def workers(broker, tmp_path):
    """Start workers with `workers.start()`; every one is stopped when the test ends."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    started = []

    class Workers:
        directory = mail_dir

        def start(self):
            worker = Worker(broker.url, mail_dir, tmp_path / "worker.log").start()
            started.append(worker)
            return worker

    try:
        yield Workers()
    finally:
        for worker in started:
            worker.stop()


def sweep_until_sent(expected, *, timeout):
    """What beat does every two minutes, compressed: after the lease, sweep (a claim by a dead
    worker is stale; a delivery queued longer than that lost its task), until every delivery
    is sent. In production the lease is two minutes (BACKGROUND_LEASE_SECONDS)."""

    def all_sent():
        if Delivery.objects.filter(status="sent").count() == expected:
            return True
        time.sleep(LEASE_SECONDS + 0.5)
        deliveries_sweep()
        return False

    try:
        wait_for(all_sent, timeout=timeout, interval=0.2)
    except AssertionError:
        raise AssertionError(f"not all sent: {statuses()}") from None


# --- Acceptance 3: a worker killed in the middle of a batch ---------------------------------------


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_each_reminder_once(workers):
    """200 deliveries are enqueued; the worker is SIGKILLed once some, not all, are sent; a new
    worker and the sweep finish the rest.

    The kill leaves two kinds of work behind. The delivery in hand stays "sending" under its
    claim, and the message the worker had already taken from Redis (acks late, one prefetched)
    sits in Redis's unacked set until the visibility timeout, an hour away. The queued rest is
    still in the queue for the next worker. The sweep enqueues the first two again: a claim
    older than the lease, a delivery queued for longer than it should be.

    What "exactly once" can promise at the SMTP edge: the database records each delivery as
    sent once, with one outbox row, and every recipient gets the reminder. A worker killed
    after the SMTP server took a message but before the outbox row said so cannot know it was
    sent, so that one message may go out again: at most one per kill (the solo pool sends one
    at a time). So: the 200 recipients all got it, at most 200 + 1 messages went out in all,
    and a repeated message can only be the delivery in flight at the kill (claimed twice)."""
    training, people = organised_training(200)
    worker = workers.start()

    due = organisers_due(training)
    assert reminders_scan(now=due) == 1  # 200 send tasks enqueued after commit
    assert Delivery.objects.count() == 200

    wait_for(
        lambda: Delivery.objects.filter(status="sent").count() >= 40,
        timeout=30,
        interval=0.01,
        message="the first worker sent nothing",
    )
    worker.kill()
    at_kill = Delivery.objects.filter(status="sent").count()
    assert 40 <= at_kill < 200, "killed once some, not all, were sent"

    workers.start()
    sweep_until_sent(200, timeout=45)

    assert statuses() == {"sent": 200}
    assert OutboundEmail.objects.filter(kind="reminder.training_starting_organisers").count() == 200
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert (
        OutboundEmail.objects.filter(delivery__isnull=False).values("delivery").distinct().count()
        == 200
    )
    messages = sent_messages(workers.directory)
    recipients = [to for to, _subject in messages]
    assert set(recipients) == {person.email for person in people}
    assert 200 <= len(messages) <= 201
    repeated = {to for to in recipients if recipients.count(to) > 1}
    claimed_twice = set(
        Delivery.objects.filter(attempts__gt=1).values_list("user__email", flat=True)
    )
    assert repeated <= claimed_twice
    assert len(claimed_twice) <= 1  # the one in flight at the kill, if any


# --- Acceptance 4: Redis down while reminders fall due --------------------------------------------


def test_reminders_that_fall_due_while_redis_is_down_are_delivered_once_it_is_back(workers, broker):
    """The scan before the outage enqueued its sends, then Redis went down before a worker took
    them, and came back empty (no persistence): those tasks are gone. The reminders that fell
    due during the outage could not be enqueued at all. The database keeps both as queued
    deliveries; once Redis is back the sweep enqueues them again and a worker sends each once."""
    before, early = organised_training(20, title="Pelatihan Sebelum", lead=AgencyFactory())
    during, late = organised_training(30, title="Pelatihan Selama", lead=AgencyFactory())
    Reminder.objects.filter(
        rule__key="training_starting_organisers", object_id=str(during.pk)
    ).update(due_at=organisers_due(before) + timedelta(minutes=5))

    assert reminders_scan(now=organisers_due(before)) == 1  # 20 sends enqueued
    broker.stop()

    started = time.monotonic()
    assert reminders_scan(now=organisers_due(before) + timedelta(minutes=5)) == 1
    assert time.monotonic() - started < 15, "a scan with Redis down still finishes quickly"

    # Nothing was lost: 50 deliveries are queued in the database.
    assert statuses() == {"queued": 50}
    assert set(Reminder.objects.filter(status="done").values_list("object_id", flat=True)) == {
        str(before.pk),
        str(during.pk),
    }

    broker.start()  # the same port, empty
    workers.start()
    sweep_until_sent(50, timeout=40)

    assert statuses() == {"sent": 50}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {1}
    assert OutboundEmail.objects.count() == 50
    messages = sent_messages(workers.directory)
    assert sorted(to for to, _subject in messages) == sorted(
        person.email for person in early + late
    )


# --- Acceptance 5: two scanners at once -----------------------------------------------------------


def _in_threads(*targets):
    """Run each target in its own thread (own database connection), all released at once."""
    barrier = threading.Barrier(len(targets))
    results, failures = [None] * len(targets), []

    def run(index, target):
        try:
            barrier.wait(timeout=10)
            results[index] = target()
        except Exception as exc:  # reported in the test's thread
            failures.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, target)) for index, target in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return results


@pytest.fixture
def many_trainings(db):
    """12 trainings of one lead agency with three organisers: 12 reminders due at once."""
    lead = AgencyFactory()
    people = [
        MembershipFactory(agency=lead, role=MemberRole.EDITOR).user,
        MembershipFactory(agency=lead, role=MemberRole.ADMIN).user,
        MembershipFactory(agency=lead, role=MemberRole.EDITOR).user,
    ]
    now = timezone.now()
    start = now + timedelta(days=10)
    trainings = [
        make_training(
            by=people[0],
            lead=lead,
            title=f"Pelatihan Angkatan {number}",
            sessions=[(start, start + timedelta(hours=3))],
            registration_closes_at=now + timedelta(hours=1),
        )
        for number in range(12)
    ]
    return trainings, people


@pytest.mark.parametrize("how", ["two beats", "two scanners in small batches"])
def test_two_scanners_at_once_make_each_delivery_once(
    how, many_trainings, eager_tasks, monkeypatch
):
    """Each thread has its own database connection; the sends they enqueue run in their own
    thread (Celery eager) against the local mail outbox."""
    from django.core import mail

    trainings, people = many_trainings
    due = max(organisers_due(training) for training in trainings)
    # The beat task reads the clock itself: it is the reminders' due time, for both threads.
    monkeypatch.setattr(timezone, "now", lambda: due)

    def small_batches():
        handled = 0
        while count := reminders_scan(now=due, batch=2):
            handled += count
        return handled

    target = scan_reminders if how == "two beats" else small_batches
    results = _in_threads(target, target)

    if how == "two scanners in small batches":
        assert sum(results) == 12  # every reminder handled by exactly one of them
    assert Delivery.objects.count() == 12 * 3
    assert Delivery.objects.values("reminder", "user").distinct().count() == 36
    assert statuses() == {"sent": 36}
    sent = sorted((message.to[0], message.subject) for message in mail.outbox)
    assert len(sent) == len(set(sent)) == 36
    assert OutboundEmail.objects.count() == 36
    done = Reminder.objects.filter(rule__key="training_starting_organisers")
    assert set(done.values_list("status", flat=True)) == {"done"}


def test_a_second_scanner_takes_other_rows_while_the_first_holds_its_batch(
    many_trainings, eager_tasks
):
    """The scanner locks only the reminder rows it claims: a second scanner meanwhile takes
    the next rows (not the same ones, and not none), and a save that adds reminders for the
    same rule is not held up by the open scan."""
    trainings, people = many_trainings
    due = max(organisers_due(training) for training in trainings)
    claimed, release = threading.Event(), threading.Event()

    results = []

    def first():
        try:
            with transaction.atomic():
                handled = reminders_scan(now=due, batch=5)
                claimed.set()
                assert release.wait(timeout=30)
            results.append(handled)
        finally:
            connection.close()

    holder = threading.Thread(target=first)
    holder.start()
    try:
        assert claimed.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")
        try:
            assert reminders_scan(now=due, batch=5) == 5
            # A training saved meanwhile (its reminders inserted under the same rule).
            late, _people = organised_training(1, title="Pelatihan Tambahan")
            sync_training(late)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
    finally:
        release.set()
        holder.join(timeout=30)
    assert results == [5]

    while reminders_scan(now=due):
        pass
    assert Delivery.objects.count() == 12 * 3
    assert Delivery.objects.values("reminder", "user").distinct().count() == 36
    # Each reminder was claimed by one scanner: one delivery per organiser per training.
    for training in trainings:
        reminder = Reminder.objects.get(
            rule__key="training_starting_organisers", object_id=str(training.pk)
        )
        assert sorted(reminder.deliveries.values_list("user_id", flat=True)) == sorted(
            person.pk for person in people
        )
