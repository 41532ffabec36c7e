"""Background work that survives a lost broker message (conventions, rules 6, 7 and 16).

The database, not the broker, is the record of what is still to do: a row is written first,
its task is enqueued once the transaction commits (`enqueue_on_commit`), and when the broker
is away the request goes on and the row simply waits. Beat runs `sweep` for each kind of work:
rows that are not done and have not been queued or claimed for a while lost their message (or
their worker died), so their task is enqueued again, until their attempts reach the cap and
they are marked failed for an administrator to look at.

A kind of work takes part with these columns on its model (the same names everywhere):
    status       the caller's own states; `sweep` writes only its failed state
    attempts     how many times a worker took the row (`claim` counts them)
    created_at   when the row and its first message were made
    enqueued_at  when `sweep` (or an administrator's retry) last enqueued it again; null: never
    claimed_at   when a worker last took it
    last_error   why the last attempt failed

Its task takes the row's primary key and begins with `claim`, a conditional UPDATE whose row
count says whether this worker has the row: a message delivered twice does the work once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.utils import timezone

logger = logging.getLogger(__name__)

# What `sweep` writes on a row that used up its attempts without a recorded reason.
GAVE_UP = "gave up after {attempts} attempts; the last one left no error (its worker stopped?)"


def lease():
    """How long queued or claimed work may stay silent before it counts as lost."""
    return timedelta(seconds=settings.BACKGROUND_LEASE_SECONDS)


def max_attempts():
    return settings.BACKGROUND_MAX_ATTEMPTS


def enqueue(task, *args):
    """Send `task(*args)` to the broker now. When the broker is down, log it and return False:
    the row stays in the database and the sweep enqueues it once the broker is back."""
    try:
        task.delay(*args)
    except Exception:  # any broker failure: a request must not fail for a nudge
        logger.warning("could not enqueue %s%r; the sweep will enqueue it again", task.name, args)
        return False
    return True


def enqueue_on_commit(task, *args):
    """Enqueue `task(*args)` once the current transaction commits (at once in autocommit), so
    the worker finds the rows the transaction wrote."""
    transaction.on_commit(lambda: enqueue(task, *args))


def enqueue_each(task, keys):
    """Enqueue `task(key)` for every key; stop at the first broker failure (the rest waits for
    the sweep), so a broker that is down costs one connection timeout, not one per row."""
    return all(enqueue(task, key) for key in keys)  # all() stops at the first False


def claim(rows, *, now=None, **changes):
    """Take the one row of `rows` for this worker: a conditional UPDATE that counts the attempt
    and refuses a row that used up its attempts. `rows` says what may be taken (the caller's
    states, a stale claim); `changes` are further fields to set (the working state). Returns
    True when this worker won the row."""
    now = now or timezone.now()
    return bool(
        rows.filter(attempts__lt=max_attempts()).update(
            claimed_at=now, attempts=F("attempts") + 1, **changes
        )
    )


def stale_claim(now=None):
    """A claim older than this belongs to a worker that died: the row may be claimed again."""
    return Q(claimed_at__lt=(now or timezone.now()) - lease())


def _silent(now):
    """Neither made, enqueued nor claimed within the lease; after a failed attempt the wait
    doubles with each attempt (1, 2, 4 … leases), so a mail server that is away for half an
    hour does not use up every attempt."""
    waits = Q()
    for attempts in range(max_attempts()):
        since = now - lease() * 2 ** max(attempts - 1, 0)
        waits |= Q(attempts=attempts) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=since))
    recent = now - lease()
    # A row that used up its attempts is given up once its last claim is stale too (a worker on
    # its last attempt may still be at it).
    done_trying = Q(attempts__gte=max_attempts()) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=recent)
    )
    return (
        Q(created_at__lt=recent)
        & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=recent))
        & (waits | done_trying)
    )


def sweep(rows, *, task, failed, now=None, batch=500):
    """Enqueue `task(pk)` again for the rows of `rows` (the caller's "not done yet") that have
    been silent longer than the lease and still have attempts left; mark those that used up
    their attempts with the status `failed`. Returns (enqueued again, marked failed).

    Each row enqueued again is stamped (`enqueued_at`) under a row lock, so a second sweep, at
    once or at the same time, leaves it alone until another lease has passed."""
    now = now or timezone.now()
    silent = rows.filter(_silent(now))
    gave_up = silent.filter(attempts__gte=max_attempts()).update(
        status=failed,
        last_error=Case(
            When(last_error="", then=Value(GAVE_UP.format(attempts=max_attempts()))),
            default=F("last_error"),
            output_field=TextField(),
        ),
    )
    if gave_up:
        label = rows.model._meta.label
        logger.warning("%s %s rows used up their attempts: marked failed", gave_up, label)
    with transaction.atomic():
        pks = list(
            silent.filter(attempts__lt=max_attempts())
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        rows.model.objects.filter(pk__in=pks).update(enqueued_at=now)
    enqueue_each(task, pks)
    return len(pks), gave_up
