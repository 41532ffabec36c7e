"""Moderation (acceptance 5): three reports hide content until a moderator looks; reports are
rate limited; moderators publish, hide and lock; a suspended account cannot post."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forums import rules, selectors, services
from forums.enums import ReportReason
from forums.models import Report, SubmissionEvent, Suspension
from forums.services import REPORT_PER_IP, RateLimited
from forums.views import PublicFeed
from tests.factories import UserFactory

from .conftest import forwarded, published, submit, visitor_of

pytestmark = pytest.mark.django_db


def public_pks():
    return {
        "list": set(selectors.submission_public_list().values_list("pk", flat=True)),
        "feed": {item.pk for item in PublicFeed().items()},
        "rules": set(rules.public_submissions().values_list("pk", flat=True)),
    }


def is_listed(submission):
    return all(submission.pk in pks for pks in public_pks().values())


def is_unlisted(submission):
    return all(submission.pk not in pks for pks in public_pks().values())


def report(times, *, first_ip=1, **target):
    for n in range(times):
        services.report_create(reason=ReportReason.SPAM, ip=f"10.0.0.{first_ip + n}", **target)


# --- Reports --------------------------------------------------------------------------------------


def test_three_reports_hide_a_submission_until_a_moderator_shows_it_again(world):
    submission = published(world)
    report(2, submission=submission)
    submission.refresh_from_db()
    assert not submission.hidden
    assert is_listed(submission)

    report(1, first_ip=50, submission=submission)
    submission.refresh_from_db()
    assert submission.hidden
    assert is_unlisted(submission)
    assert not rules.can_view(visitor_of(), submission)
    assert not rules.can_view(visitor_of(UserFactory()), submission)
    assert rules.can_view(visitor_of(world.secretariat), submission)
    hidden_event = SubmissionEvent.objects.get(submission=submission, internal=True)
    assert hidden_event.actor is None
    assert hidden_event not in selectors.timeline(submission)
    _held, open_reports = selectors.moderation_queue()
    assert {r.submission_id for r in open_reports} == {submission.pk}

    services.moderate_submission(submission=submission, by=world.secretariat, action="unhide")
    submission.refresh_from_db()
    assert not submission.hidden
    assert is_listed(submission)
    reports = Report.objects.filter(submission=submission)
    assert reports.count() == 3
    assert all(r.resolved_at is not None and r.resolved_by == world.secretariat for r in reports)
    assert not selectors.moderation_queue()[1].exists()

    # Resolved reports no longer count: one new report does not hide it again.
    report(1, first_ip=100, submission=submission)
    submission.refresh_from_db()
    assert not submission.hidden


def test_one_person_cannot_hide_a_submission_alone(world):
    submission = published(world)
    for _ in range(3):
        services.report_create(submission=submission, reason=ReportReason.SPAM, ip="36.80.1.2")
    reporter = UserFactory()
    for n in range(3):  # signed in, from three connections: still one person
        services.report_create(
            submission=submission, reason=ReportReason.SPAM, user=reporter, ip=f"10.9.9.{n}"
        )
    submission.refresh_from_db()
    assert not submission.hidden
    assert is_listed(submission)
    assert Report.objects.filter(submission=submission).count() == 6  # all kept for review

    services.report_create(submission=submission, reason=ReportReason.SPAM, ip="36.80.7.7")
    submission.refresh_from_db()
    assert submission.hidden  # a third person


def test_three_reports_hide_a_reply_from_the_thread_until_a_moderator_shows_it_again(world):
    submission = forwarded(world)
    reply = services.reply_create(
        submission=submission, by=visitor_of(UserFactory()), body="Beli obat kuat di sini!"
    )
    other = services.reply_create(
        submission=submission, by=visitor_of(UserFactory()), body="Saya juga mengalaminya."
    )
    assert list(selectors.thread(submission)) == [reply, other]

    report(3, reply=reply)
    reply.refresh_from_db()
    assert reply.hidden
    assert list(selectors.thread(submission)) == [other]
    assert reply in selectors.thread(submission, staff=True)
    [listed] = [s for s in selectors.submission_public_list() if s.pk == submission.pk]
    assert listed.reply_count == 1
    assert is_listed(submission)  # the submission itself stays

    services.moderate_reply(reply=reply, by=world.secretariat, action="unhide")
    reply.refresh_from_db()
    assert not reply.hidden
    assert list(selectors.thread(submission)) == [reply, other]
    assert not Report.objects.filter(reply=reply, resolved_at__isnull=True).exists()


def test_a_moderator_hides_a_reply_and_others_cannot(world):
    submission = forwarded(world)
    reply = services.reply_create(
        submission=submission, by=visitor_of(UserFactory()), body="Iklan."
    )
    with pytest.raises(PermissionDenied):
        services.moderate_reply(reply=reply, by=world.agency_admin, action="hide")
    services.moderate_reply(reply=reply, by=world.secretariat, action="hide")
    reply.refresh_from_db()
    assert reply.hidden
    assert list(selectors.thread(submission)) == []


def test_reports_are_rate_limited_per_connection(world):
    targets = [published(world) for _ in range(3)]
    for n in range(REPORT_PER_IP):
        services.report_create(
            submission=targets[n % 3], reason=ReportReason.OFFENSIVE, ip="36.80.1.2"
        )
    with pytest.raises(RateLimited):
        services.report_create(submission=targets[0], reason=ReportReason.SPAM, ip="36.80.1.2")
    assert Report.objects.count() == REPORT_PER_IP
    # Another connection may still report.
    services.report_create(submission=targets[0], reason=ReportReason.SPAM, ip="36.80.9.9")
    assert Report.objects.count() == REPORT_PER_IP + 1


def test_reports_of_a_signed_in_person_without_an_address_are_limited_per_account(world):
    submission = published(world)
    reporter = UserFactory()
    for n in range(5):  # from any connection
        services.report_create(
            submission=submission, reason=ReportReason.SPAM, user=reporter, ip=f"36.81.{n}.1"
        )
    with pytest.raises(RateLimited):
        services.report_create(
            submission=submission, reason=ReportReason.SPAM, user=reporter, ip="36.81.9.1"
        )


def test_a_report_keeps_no_address_in_the_clear(world):
    submission = published(world)
    services.report_create(
        submission=submission, reason=ReportReason.PERSONAL_DATA, ip="36.80.1.2", note="NIK"
    )
    row = Report.objects.get()
    assert row.ip_hash and "36.80.1.2" not in row.ip_hash
    assert row.note == "NIK"


# --- Moderators' actions --------------------------------------------------------------------------


def test_moderators_publish_hide_and_lock(world):
    submission = submit(world.forum)
    assert is_unlisted(submission)  # held: the first submission of a new account

    services.moderate_submission(submission=submission, by=world.secretariat, action="publish")
    assert not submission.held
    assert is_listed(submission)

    services.moderate_submission(submission=submission, by=world.secretariat, action="hide")
    assert submission.hidden
    assert is_unlisted(submission)

    services.moderate_submission(submission=submission, by=world.secretariat, action="unhide")
    assert is_listed(submission)

    reader = UserFactory()
    services.moderate_submission(submission=submission, by=world.secretariat, action="lock")
    assert submission.locked
    assert is_listed(submission)  # locked threads stay readable
    assert not rules.can_reply(visitor_of(reader), submission)
    with pytest.raises(PermissionDenied):
        services.reply_create(submission=submission, by=visitor_of(reader), body="Halo")

    services.moderate_submission(submission=submission, by=world.secretariat, action="unlock")
    assert rules.can_reply(visitor_of(reader), submission)
    services.reply_create(submission=submission, by=visitor_of(reader), body="Halo")

    notes = list(
        SubmissionEvent.objects.filter(submission=submission, internal=True)
        .order_by("pk")
        .values_list("actor", flat=True)
    )
    assert notes == [world.secretariat.pk] * 5
    assert not any(event.internal for event in selectors.timeline(submission))


def test_only_moderators_moderate(world):
    submission = published(world)
    for person in (world.agency_admin, world.editor, UserFactory()):
        for action in ("hide", "lock", "publish"):
            with pytest.raises(PermissionDenied):
                services.moderate_submission(submission=submission, by=person, action=action)
    submission.refresh_from_db()
    assert not (submission.hidden or submission.locked)


# --- Suspensions ----------------------------------------------------------------------------------


def test_a_suspended_account_cannot_submit_or_reply(world):
    submission = forwarded(world)
    troll = UserFactory()
    services.account_suspend(user=troll, by=world.secretariat, reason="Berulang kali menghina.")

    with pytest.raises(PermissionDenied):
        submit(world.forum, user=troll)
    with pytest.raises(PermissionDenied):
        services.reply_create(submission=submission, by=visitor_of(troll), body="Lagi")
    assert not submission.replies.exists()
    assert not troll.forum_submissions.exists()


def test_a_suspension_until_a_past_date_has_ended(world):
    submission = forwarded(world)
    user = UserFactory()
    services.account_suspend(
        user=user,
        by=world.secretariat,
        reason="Spam",
        until=timezone.now() - timedelta(minutes=1),
    )
    services.reply_create(submission=submission, by=visitor_of(user), body="Maaf.")
    assert submission.replies.count() == 1


def test_only_moderators_suspend_and_they_say_why(world):
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        services.account_suspend(user=user, by=world.agency_admin, reason="Tidak suka")
    with pytest.raises(ValidationError):
        services.account_suspend(user=user, by=world.secretariat, reason="")
    assert not Suspension.objects.filter(user=user).exists()


def test_the_moderation_page_shows_a_screenful_of_each_queue_and_how_many_wait(world, client):
    from django.urls import reverse

    from forums.models import Submission

    for n in range(33):
        submit(world.forum, title=f"Masukan tertahan {n:02d}")
    Submission.objects.filter(title="Masukan tertahan 00").update(
        created_at=timezone.now() - timedelta(days=3)
    )
    client.force_login(world.secretariat)
    page = client.get(reverse("forums:moderation")).content.decode()
    assert page.count('class="badge text-bg-') >= 30
    assert "30 yang menunggu paling lama dari 33" in page
    # The one waiting longest is on the page; the newest are not yet.
    assert "Masukan tertahan 00" in page
    assert "Masukan tertahan 32" not in page


def test_the_moderation_page_lists_reports_of_submissions_and_of_replies(world, client):
    from django.urls import reverse

    submission = published(world, title="Pabrik membuang limbah")
    other = forwarded(world, title="Jalan rusak di Binjai")
    reply = services.reply_create(
        submission=other, by=visitor_of(UserFactory()), body="Promo pinjaman online murah"
    )
    services.report_create(submission=submission, reason=ReportReason.SPAM, ip="10.9.0.1")
    services.report_create(reply=reply, reason=ReportReason.SPAM, ip="10.9.0.2")
    client.force_login(world.secretariat)
    response = client.get(reverse("forums:moderation"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pabrik membuang limbah" in page
    assert other.tracking_code in page and "Promo pinjaman online" in page
