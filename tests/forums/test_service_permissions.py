"""The forum's services check their caller themselves: whoever calls one as the wrong person
(a view, the admin, a task, the shell) is refused with PermissionDenied and nothing changes.
No service takes the request: who acts is an account or a rules.Visitor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from forums import services
from forums.models import Follow, Meeting, Reply, Rsvp, Support
from tests.factories import UserFactory
from tests.forums.conftest import (
    confirmed_guest,
    forwarded,
    guest_session,
    published,
    visitor_of,
)


def test_staff_steps_are_refused_to_everyone_outside_the_desk_that_owns_them(world):
    submission = forwarded(world, user=world.resident)
    for person in (world.other_staff, world.viewer, world.resident, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.submission_answer(submission=submission, by=person, body="Jawaban palsu.")
    for person in (world.other_staff, world.resident, AnonymousUser()):  # a viewer may note
        with pytest.raises(PermissionDenied):
            services.note_create(submission=submission, by=person, body="Catatan palsu.")
        with pytest.raises(PermissionDenied):
            services.submission_set_privacy(submission=submission, by=person, privacy="rahasia")
    for person in (world.editor, world.agency_admin, world.resident):
        with pytest.raises(PermissionDenied):  # the secretariat's desk, not the agency's
            services.submission_forward(submission=submission, by=person, agency=world.agency)
        with pytest.raises(PermissionDenied):
            services.moderate_submission(submission=submission, by=person, action="hide")
    submission.refresh_from_db()
    assert (submission.status, submission.privacy, submission.hidden) == (
        "forwarded",
        "public",
        False,
    )
    assert submission.answered_at is None
    assert not Reply.objects.filter(submission=submission).exists()  # no answer, no note


def test_a_reply_is_refused_to_a_browser_that_proved_nothing(world):
    guest = confirmed_guest(world.forum, privacy="rahasia")
    with pytest.raises(PermissionDenied):
        services.reply_create(submission=guest, by=visitor_of(), body="Saya pengirimnya.")
    with pytest.raises(PermissionDenied):  # another account cannot read a rahasia one either
        services.reply_create(submission=guest, by=visitor_of(UserFactory()), body="Halo.")
    assert not Reply.objects.exists()
    reply = services.reply_create(
        submission=guest, by=visitor_of(session=guest_session(guest)), body="Saya pengirimnya."
    )
    assert reply.by_submitter and reply.author is None


def test_supporting_following_and_rsvps_need_an_account(world):
    submission = published(world, user=world.resident)
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        forum=world.forum,
        title="Diskusi publik",
        agenda="Tanya jawab.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Aula",
    )
    for nobody in (None, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.support_add(submission=submission, user=nobody)
        with pytest.raises(PermissionDenied):
            services.follow_toggle(submission=submission, user=nobody)
        with pytest.raises(PermissionDenied):
            services.rsvp_toggle(meeting=meeting, user=nobody)
    with pytest.raises(PermissionDenied):  # a resident announces no meetings
        services.meeting_create(
            forum=world.forum,
            by=world.resident,
            title="Rapat palsu",
            agenda="x",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            place="Rumah",
        )
    assert not Support.objects.exists() and not Rsvp.objects.exists()
    assert not Follow.objects.exclude(user=world.resident).exists()
    assert Meeting.objects.count() == 1
