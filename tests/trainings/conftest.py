"""Trainings tests: Celery tasks run in-process (eagerly) unless the test starts a real worker."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import OutboundEmail
from tests.factories import UserFactory
from tests.support.trainings import make_training


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(request):
    """Every trainings test runs its tasks eagerly, except those driving a real worker: nothing
    ever lands in the shared Redis with no worker to take it."""
    if "celery_worker" in request.fixturenames:
        yield None
        return
    yield request.getfixturevalue("eager_tasks")


def register(training, user=None, **kwargs):
    """Sign `user` (a new resident by default) up for `training`, as the sign-up form does."""
    from trainings.services import registration_create

    return registration_create(training=training, user=user or UserFactory(), **kwargs)


def ongoing_training(*, sessions=1, **fields):
    """A training whose last session runs now and earlier ones ran on the previous days, with
    sign-up still open: people register, check in, and the training can be completed."""
    now = timezone.now()
    starts = [now - timedelta(days=days, hours=1) for days in range(sessions - 1, -1, -1)]
    return make_training(
        sessions=[(start, start + timedelta(hours=3)) for start in starts], **fields
    )


def mails_to(address):
    """The e-mails sent (to the locmem outbox) to `address`."""
    return [message for message in mail.outbox if address in message.to]


def queued(kind, registration=None):
    """Outbox rows of `kind`, optionally about one registration."""
    rows = OutboundEmail.objects.filter(kind=kind)
    if registration is not None:
        rows = rows.filter(object_id=str(registration.pk))
    return rows


def edit_training(training, *, by, sessions=None, **changes):
    """Save `training` through the service as its edit form does, with `changes` applied.

    `sessions` are form rows ({"id": session or None, "starts_at", "ends_at", "title"}); by
    default the training's own sessions, unchanged."""
    from trainings.services import TRAINING_FIELDS, training_save

    fields = {name: getattr(training, name) for name in TRAINING_FIELDS}
    fields.update(changes)
    organisers = [
        {"agency": row.agency, "is_lead": row.is_lead}
        for row in training.organiser_rows.select_related("agency")
    ]
    if sessions is None:
        sessions = [
            {"id": s, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at}
            for s in training.sessions.all()
        ]
    return training_save(
        by=by, training=training, organisers=organisers, sessions=sessions, **fields
    )
