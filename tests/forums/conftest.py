"""Forums tests: a small world (the secretariat, one assigned agency with a viewer, an editor and
an admin, another agency's admin, residents) and helpers that go through the services only.

Celery tasks run in-process (eagerly): wrap an action in
`django_capture_on_commit_callbacks(execute=True)` to see the sent mail in `mail.outbox`."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from agencies.enums import MemberRole
from forums import rules, services
from forums.enums import Privacy, SubmissionKind
from forums.models import Holiday, Submission
from forums.placement import general_forum
from notifications.models import OutboundEmail
from tests.factories import AgencyFactory, MembershipFactory, UserFactory, secretariat_user
from tests.support.links import confirm_token


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(eager_tasks):
    """Nothing lands in the shared Redis with no worker to take it."""
    return eager_tasks


@pytest.fixture(autouse=True)
def _no_holidays(db):
    """Deadlines in these tests are counted on a calendar the test sets up itself."""
    Holiday.objects.all().delete()


@dataclass
class World:
    forum: object
    agency: object
    other_agency: object
    secretariat: object
    viewer: object
    editor: object
    agency_admin: object
    other_staff: object
    resident: object


@pytest.fixture
def world(db):
    agency = AgencyFactory(name="Disperindag Sumut", slug="disperindag")
    other = AgencyFactory(name="Kadin Sumatera Utara", slug="kadin")
    return World(
        forum=general_forum(),
        agency=agency,
        other_agency=other,
        secretariat=secretariat_user(full_name="Sekretariat Kerja Sama"),
        viewer=MembershipFactory(agency=agency, role=MemberRole.VIEWER).user,
        editor=MembershipFactory(agency=agency, role=MemberRole.EDITOR).user,
        agency_admin=MembershipFactory(agency=agency, role=MemberRole.ADMIN).user,
        other_staff=MembershipFactory(agency=other, role=MemberRole.ADMIN).user,
        resident=UserFactory(full_name="Siti Rahmawati", email="siti@contoh.id"),
    )


def submit(forum, *, user=None, **fields):
    """Send input as the submission form does; an account by default is a new resident."""
    values = {
        "forum": forum,
        "kind": SubmissionKind.PENGADUAN,
        "title": "Jalan menuju Kawasan Industri Medan rusak",
        "body": "Truk pengangkut CPO sulit lewat sejak bulan lalu.",
        "privacy": Privacy.PUBLIC,
    }
    values.update(fields)
    if user is None and not values.get("email"):
        user = UserFactory()
    return services.submission_create(user=user, **values)


def established(**fields):
    """An account older than a week with an earlier submission that went through review."""
    user = UserFactory(date_joined=timezone.now() - timedelta(days=30), **fields)
    earlier = submit(general_forum(), user=user, title="Masukan sebelumnya")
    Submission.objects.filter(pk=earlier.pk).update(held=False)
    return user


def published(world, **fields):
    """A submission verified by the secretariat: no longer held, on the public pages."""
    submission = submit(world.forum, **fields)
    return services.submission_verify(submission=submission, by=world.secretariat)


def forwarded(world, **fields):
    submission = published(world, **fields)
    return services.submission_forward(
        submission=submission, by=world.secretariat, agency=world.agency
    )


def answered(world, **fields):
    submission = forwarded(world, **fields)
    services.submission_answer(
        submission=submission, by=world.editor, body="Perbaikan jalan dijadwalkan bulan depan."
    )
    submission.refresh_from_db()
    return submission


def confirmed_guest(forum, email="budi@contoh.id", **fields):
    """A guest's submission whose e-mail address is confirmed (received, still held)."""
    submission = submit(forum, email=email, **fields)
    return services.submission_confirm_email(token=confirm_token(submission))


def visitor_of(user=None, session=None):
    """Who a view sees acting, built as the views build it: from a request's user and session."""
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    return rules.Visitor.of(request)


def guest_session(submission):
    """The session of a browser that proved the tracking code and the e-mail address."""
    return {rules.SESSION_KEY: [submission.pk]}


def queued(kind, to=None, about=None):
    rows = OutboundEmail.objects.filter(kind=kind)
    if to is not None:
        rows = rows.filter(to=to)
    if about is not None:
        rows = rows.filter(object_id=str(about.pk))
    return rows


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]
